"""Entity pages and search: p50/p95 per synthetic size, against `coopgraph serve`.

    python bench/bench_pages.py [--quick] [--sizes 10k] [--profile 100k]

The production server (gunicorn, 2 workers) runs on the dataset's store on a free 127.0.0.1
port; one client asks, one request at a time, for the pages of a commune, an agreement and a
foreign collectivity (a seeded sample of each, plus the busiest commune, whose page is the
largest) and for /search?q= with names taken from the data in Latin and Arabic script.
Targets: page p50 < 15 ms, search p50 < 50 ms. `--profile SIZE` prints where a page and a
search spend their time (cProfile around Flask's test client, same store).
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import pstats
import random
import sys
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import common
import pyoxigraph as ox

sys.path.insert(0, str(common.REPO))
from tests.servers import CoopgraphServer  # the tests' server runner, reused

PAGE_TARGET_MS, SEARCH_TARGET_MS = 15.0, 50.0
BUSIEST_NOTE = (
    "The busiest commune (the hub the generator skews agreements towards) is a worst case, not"
    " the typical page: the page counts its links in per property and reads one page of 50"
    " per property (labels and types in one batch), so its cost still grows with the count."
    " `python bench/bench_pages.py --profile SIZE` shows where each page spends its time."
)
SAMPLE = 20  # entities of each kind
ID = "https://w3id.org/coopgraph/id/"
COOP = "https://w3id.org/coopgraph/ontology#"
HEADERS = {"Accept": "text/html", "Accept-Encoding": "gzip", "Accept-Language": "fr"}


@dataclass(frozen=True)
class Probe:
    name: str  # row label
    paths: list[str]  # request paths, cycled
    target_ms: float


def _iris(store: ox.Store, query: str) -> list[str]:
    return [row[0].value for row in store.query(query, use_default_graph_as_union=True)]


def page_path(iri: str) -> str:
    return "/page/" + urllib.parse.quote(iri.removeprefix(ID))


def probes(data: common.Dataset) -> list[Probe]:
    """What to ask for, chosen from the built store with a fixed seed."""
    store = ox.Store.read_only(str(data.store / "current"))
    rng = random.Random(42)

    def sample(cls: str) -> list[str]:
        found = _iris(store, f"SELECT ?s WHERE {{ ?s a <{COOP}{cls}> }} ORDER BY ?s")
        return [page_path(i) for i in rng.sample(found, min(SAMPLE, len(found)))]

    hub = _iris(
        store,
        f"SELECT ?c WHERE {{ ?a <{COOP}algerianParty> ?c }} GROUP BY ?c "
        "ORDER BY DESC(COUNT(?a)) ?c LIMIT 1",
    )[0]
    links = _iris(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p <{hub}> FILTER(isIRI(?s)) }}")
    labels = _iris(
        store,
        f"SELECT ?l WHERE {{ ?c a <{COOP}Commune> ; <http://www.w3.org/2000/01/rdf-schema#label>"
        " ?l } ORDER BY ?l",
    )
    words = sorted({w for label in labels for w in label.split() if len(w) > 2})
    terms = [*rng.sample(words, min(SAMPLE - 3, len(words))), "sidi", "عين", "twinning"]
    return [
        Probe("commune page", sample("Commune"), PAGE_TARGET_MS),
        Probe(
            f"busiest commune page ({int(links[0]):,} links in)", [page_path(hub)], PAGE_TARGET_MS
        ),
        Probe("agreement page", sample("CooperationAgreement"), PAGE_TARGET_MS),
        Probe("foreign collectivity page", sample("ForeignCollectivity"), PAGE_TARGET_MS),
        Probe("search", [f"/search?q={urllib.parse.quote(t)}" for t in terms], SEARCH_TARGET_MS),
    ]  # the read-only store closes with this frame, before the server opens it


def check(chosen: list[Probe]) -> None:
    empty = [p.name for p in chosen if not p.paths]
    if empty:
        raise RuntimeError(f"the store has nothing to ask for: {', '.join(empty)}")


def fetch(host: str, port: int, path: str) -> float:
    """Milliseconds to get the whole response; any status but 200 stops the benchmark."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection(host, port, timeout=120)
    try:
        conn.request("GET", path, headers=HEADERS)
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200:
        raise RuntimeError(f"GET {path} answered {response.status}, not 200")
    return elapsed


def measure(label: str, rounds: int) -> tuple[list[str], float]:
    """Table rows for one size, and the first search (each worker builds its index then)."""
    data = common.dataset(label)
    chosen = probes(data)
    check(chosen)
    server = CoopgraphServer(str(data.store), [])
    try:
        parsed = urllib.parse.urlsplit(server.url)
        host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
        first_search = fetch(host, port, chosen[-1].paths[0])
        for probe in chosen:  # warm-up: both workers, every path once
            for path in probe.paths * 2:
                fetch(host, port, path)
        samples: dict[str, list[float]] = {p.name: [] for p in chosen}
        for i in range(rounds):  # interleaved, so drift hits every probe alike
            for probe in chosen:
                samples[probe.name].append(fetch(host, port, probe.paths[i % len(probe.paths)]))
    finally:
        server.stop()
    rows = []
    for probe in chosen:
        pct = common.percentiles(samples[probe.name])
        met = "yes" if pct["p50"] < probe.target_ms else "**no**"
        rows.append(
            f"| {label} | {data.triples:,} | {probe.name} | {len(samples[probe.name])} | "
            f"{pct['p50']:.1f} | {pct['p95']:.1f} | {pct['p99']:.1f} | "
            f"< {probe.target_ms:.0f} | {met} |"
        )
    return rows, first_search


def run(quick: bool, sizes: list[str] | None = None) -> str:
    labels = sizes or (["10k", "100k"] if quick else list(common.SIZES))
    rounds = 40 if quick else 100
    rows, firsts = [], []
    for label in labels:
        size_rows, first = measure(label, rounds)
        rows.extend(size_rows)
        firsts.append(f"{label} {first:,.0f} ms")
    return (
        "\n".join(
            [
                "## Entity pages and search",
                "",
                "`coopgraph serve --workers 2` on the dataset's store; one client, one request at a"
                " time, a new connection each (`Accept: text/html`, `Accept-Encoding: gzip`); "
                f"{SAMPLE} seeded entities per kind and {SAMPLE} search terms, cycled, after a "
                "warm-up pass (`bench/bench_pages.py`). Times in ms, whole response read.",
                "",
                "| size | triples | request | n | p50 | p95 | p99 | target p50 | met |",
                "|---|---|---|---|---|---|---|---|---|",
                *rows,
                "",
                "First search after start-up (the worker builds its search index): "
                + ", ".join(firsts)
                + ".",
                "",
                BUSIEST_NOTE,
            ]
        )
        + "\n"
    )


def _repeat(call: Callable[[], object], times: int) -> None:
    for _ in range(times):
        call()


def profile(label: str, top: int = 25) -> str:
    """cProfile of a page and a search through Flask's test client (diagnosis only)."""
    from coopgraph.web import create_app

    data = common.dataset(label)
    chosen = probes(data)
    client = create_app(data.store).test_client()
    out = io.StringIO()
    for probe in chosen:
        path = probe.paths[0]
        client.get(path, headers=HEADERS)  # warm: store opened, index built
        profiler = cProfile.Profile()
        profiler.runcall(_repeat, partial(client.get, path, headers=HEADERS), 20)
        out.write(f"\n### {probe.name}: {path} (20 requests)\n")
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k only")
    parser.add_argument("--sizes", help="comma-separated sizes, e.g. 10k,1m")
    parser.add_argument("--profile", metavar="SIZE", help="profile one size instead")
    args = parser.parse_args()
    if args.profile:
        print(profile(args.profile))
        return
    print(run(args.quick, args.sizes.split(",") if args.sizes else None))


if __name__ == "__main__":
    main()

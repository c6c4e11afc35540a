"""The shipped graph (data/, ~46k triples) against `oxigraph serve`: what users meet.

    python bench/bench_real.py [--quick]

The release is built from the repository's own sources. Three servers run at once on it:
`coopgraph serve --workers 2` with its result cache off (cold: every request evaluated),
the same with the cache on (warm), and `oxigraph serve-read-only --union-default-graph`.
Latency: one keep-alive client per server asks every research query of `queries/` (the
parameters bound to their defaults by a trailing VALUES block, the same text for every
server), a DESCRIBE and a CONSTRUCT of one entity and a one-row ASK, the servers alternating
request by request; beside them, pyoxigraph in this process (the engine with no HTTP, the
parameters substituted by the engine). Pages and search are coopgraph's own (no peer).
Throughput and stalls: the one-row ASK at 1, 2, 4, 8, 16 and 32 connections on each server.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import bench_endpoint as be
import common
import loadgen
import pyoxigraph as ox

from coopgraph import build, iris
from coopgraph.backends import open_store
from coopgraph.queries import CannedQuery, bind, load_catalogue

sys.path.insert(0, str(common.REPO))
from tests.servers import CoopgraphServer, OxigraphServer  # the tests' server runners

STORE = common.CACHE / "real" / "store"
ENTITY = iris.wilaya(31)  # Oran: the wilaya with the most agreements and links
PAGES = {
    "entity page (wilaya 31)": "/page/id/wilaya/31",
    "search ?q=Oran": "/search?q=Oran",
    "home page": "/",
    "research query page (agreements-by-country)": "/queries/agreements-by-country",
}
CONNECTIONS = (1, 2, 4, 8, 16, 32)
TARGETS = {"median": 1.1, "worst": 1.25, "describe": 1.5, "ask": 0.2, "query_ms": 50, "p99": 20}


def built_store() -> Path:
    """The repository's sources built once per source state (the key of bench/common)."""
    key_file = STORE.parent / "key"
    key = common.store_key() + common.data_key()
    if not (STORE / "current").exists() or not key_file.exists() or key_file.read_text() != key:
        build.build(STORE, sources_root=common.REPO)
        key_file.write_text(key)
    return STORE


def with_values(query: CannedQuery, base: str) -> str:
    """The query text with its parameters' defaults in a trailing VALUES block."""
    values = bind(query, {}, base)
    if not values:
        return query.text
    names = " ".join(f"?{v.value}" for v in values)
    terms = " ".join(str(t) for t in values.values())
    return f"{query.text}VALUES ({names}) {{ ({terms}) }}\n"


def probes(catalogue: list[CannedQuery]) -> list[be.Probe]:
    found = [be.Probe(q.name, with_values(q, iris.CANONICAL_BASE), be.JSON) for q in catalogue]
    found.append(be.Probe("DESCRIBE wilaya 31", f"DESCRIBE <{ENTITY}>", be.NTRIPLES))
    construct = f"CONSTRUCT {{ <{ENTITY}> ?p ?o }} WHERE {{ <{ENTITY}> ?p ?o }}"
    found.append(be.Probe("CONSTRUCT wilaya 31", construct, be.NTRIPLES))
    found.append(be.Probe("one-row ASK", be.ASK, be.JSON))
    return found


@dataclass
class Row:
    rows: tuple[int, int]
    cold: list[float]
    warm: list[float]
    ox: list[float]
    engine: float  # pyoxigraph in-process p50, ms


def alternate(probe: be.Probe, servers: list[be.Endpoint], runs: int) -> dict[str, list[float]]:
    conns = {
        e.name: http.client.HTTPConnection(loadgen.LOOPBACK, e.port, timeout=60) for e in servers
    }
    for e in servers:  # two warm-ups each: the first fills the warm server's cache
        for _ in range(2):
            be.get(conns[e.name], e.url(probe.query), probe.accept)
    times: dict[str, list[float]] = {e.name: [] for e in servers}
    for i in range(runs):
        order = servers[i % len(servers) :] + servers[: i % len(servers)]
        for e in order:
            began = time.perf_counter()
            be.get(conns[e.name], e.url(probe.query), probe.accept)
            times[e.name].append((time.perf_counter() - began) * 1000)
    for conn in conns.values():
        conn.close()
    return times


def in_process(store: ox.Store, query: CannedQuery | None, text: str, runs: int) -> float:
    values = bind(query, {}, iris.CANONICAL_BASE) if query else None
    times = []
    for _ in range(runs + 1):
        began = time.perf_counter()
        result = store.query(query.text if query else text, substitutions=values or None)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times[1:])


def row_count(e: be.Endpoint, probe: be.Probe) -> int:
    conn = http.client.HTTPConnection(loadgen.LOOPBACK, e.port, timeout=60)
    try:
        return be.rows(be.get(conn, e.url(probe.query), probe.accept), probe.accept)
    finally:
        conn.close()


def page_times(port: int, runs: int) -> dict[str, list[float]]:
    conn = http.client.HTTPConnection(loadgen.LOOPBACK, port, timeout=60)
    out = {}
    for name, path in PAGES.items():
        be.get(conn, path, "text/html")
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            be.get(conn, path, "text/html")
            times.append((time.perf_counter() - began) * 1000)
        out[name] = times
    conn.close()
    return out


def ask_load(servers: list[be.Endpoint], seconds: float) -> dict[tuple[str, int], loadgen.Load]:
    """The one-row ASK at each connection count, the servers taking turns at each count."""
    out = {}
    for clients in CONNECTIONS:
        for e in servers:
            out[(e.name, clients)] = be.throughput(
                e, [be.Probe("ask", be.ASK, be.JSON)], clients, seconds
            )
    return out


def start_servers(store: Path) -> tuple[list[object], list[be.Endpoint]]:
    cold = be.cold_server(store)
    extra = ["--max-rows", str(be.MAX_ROWS)]
    warm = CoopgraphServer(str(store), extra, workers=2, ready_path=be.READY)
    oxi = OxigraphServer(store / "current")
    ends = [
        be.Endpoint("cold", _port(cold.url), "/sparql", cold.proc.pid),
        be.Endpoint("warm", _port(warm.url), "/sparql", warm.proc.pid),
        be.Endpoint("oxigraph", int(oxi.url.split(":")[2].split("/")[0]), "/query", oxi.proc.pid),
    ]
    return [cold, warm, oxi], ends


def _port(url: str) -> int:
    return int(url.split(":")[2].rstrip("/"))


def measure(quick: bool) -> tuple[dict[str, Row], dict[str, list[float]], dict, int]:
    store = built_store()
    catalogue = load_catalogue(common.REPO / "queries")
    by_name = {q.name: q for q in catalogue}
    found = probes(catalogue)
    runs = 10 if quick else 30
    engine_store = open_store(str(store))
    servers, ends = start_servers(store)
    try:
        cold, warm, oxi = ends
        table = {}
        for probe in found:
            times = alternate(probe, [cold, oxi, warm], runs)
            table[probe.name] = Row(
                (row_count(cold, probe), row_count(oxi, probe)),
                times["cold"],
                times["warm"],
                times["oxigraph"],
                in_process(engine_store, by_name.get(probe.name), probe.query, runs),
            )
        pages = page_times(warm.port, runs)
        loads = ask_load([cold, oxi], 3 if quick else 8)
    finally:
        for server in servers:
            server.stop()  # type: ignore[attr-defined]
    triples = engine_store.release().triples
    return table, pages, loads, triples


def p(values: list[float], q: str = "p50") -> float:
    return common.percentiles(values)[q]


def report(quick: bool) -> str:
    started = datetime.now(UTC)
    load_before = os.getloadavg()
    table, pages, loads, triples = measure(quick)
    load_after = os.getloadavg()
    lines = [
        "## The shipped graph against `oxigraph serve`",
        "",
        f"`python bench/bench_real.py{' --quick' if quick else ''}`, {started:%Y-%m-%d %H:%M} "
        f"UTC, the release built from `data/` ({triples:,} triples). Servers: `coopgraph serve "
        "--workers 2` with the result cache off (**cold**: every request evaluated) and on "
        "(**warm**), and `oxigraph serve-read-only --union-default-graph`, all on the same "
        f"release, the three alternating request by request ({10 if quick else 30} requests "
        "each after two warm-ups, one keep-alive client). Parameters: the defaults, in a "
        "trailing VALUES block (the same text for every server); pyoxigraph in-process gets "
        "them as engine substitutions. Machine load average (1 min) "
        f"{load_before[0]:.1f} before, {load_after[0]:.1f} after: the machine is shared with "
        "other work, which the alternation spreads evenly over the servers.",
        "",
        "| query | rows coopgraph / oxigraph | cold p50 | p95 | oxigraph p50 | p95 | cold/oxigraph "
        "| warm p50 | pyoxigraph in-process p50 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in table.items():
        same = "" if r.rows[0] == r.rows[1] else " (**differ**)"
        lines.append(
            f"| {name} | {r.rows[0]} / {r.rows[1]}{same} | {p(r.cold):.1f} "
            f"| {p(r.cold, 'p95'):.1f} | {p(r.ox):.1f} | {p(r.ox, 'p95'):.1f} "
            f"| {p(r.cold) / p(r.ox):.2f}× | {p(r.warm):.1f} | {r.engine:.2f} |"
        )
    lines += ["", "| page (coopgraph, warm) | p50 ms | p95 ms |", "|---|---|---|"]
    lines += [f"| {n} | {p(t):.1f} | {p(t, 'p95'):.1f} |" for n, t in pages.items()]
    engine = next(iter(loads.values())).engine
    lines += [
        "",
        f"One-row ASK under load ({engine}; coopgraph cold and oxigraph in turn at each count):",
        "",
        "| connections | coopgraph req/s | p50 | p99 ms | oxigraph req/s | p50 | p99 ms | ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for clients in CONNECTIONS:
        c, o = loads[("cold", clients)], loads[("oxigraph", clients)]
        lines.append(
            f"| {clients} | {c.rps:,.0f} | {c.latencies_ms['p50']:.1f} "
            f"| {c.latencies_ms['p99']:.1f} | {o.rps:,.0f} | {o.latencies_ms['p50']:.1f} "
            f"| {o.latencies_ms['p99']:.1f} | {c.rps / o.rps:.2f}× |"
        )
    return "\n".join([*lines, "", *verdicts(table, loads), ""])


def verdicts(table: dict[str, Row], loads: dict) -> list[str]:
    research = {
        n: r for n, r in table.items() if not n.startswith(("DESCRIBE", "CONSTRUCT", "one-row"))
    }
    ratios = {n: p(r.cold) / p(r.ox) for n, r in research.items()}
    median = statistics.median(ratios.values())
    worst = max(ratios, key=ratios.__getitem__)
    describe = p(table["DESCRIBE wilaya 31"].cold) / p(table["DESCRIBE wilaya 31"].ox)
    ask = statistics.median(
        loads[("cold", c)].rps / loads[("oxigraph", c)].rps for c in CONNECTIONS
    )
    slowest = max(research, key=lambda n: p(research[n].cold))
    p99 = max(loads[("cold", c)].latencies_ms["p99"] for c in CONNECTIONS)
    mark = lambda ok: "met" if ok else "**missed**"  # noqa: E731
    return [
        "**Targets** (issue 19, real graph, cold):",
        "",
        f"- research queries, median p50 ratio: {median:.2f}× — target ≤ {TARGETS['median']}×: "
        f"{mark(median <= TARGETS['median'])}",
        f"- worst research query ratio ({worst}): {ratios[worst]:.2f}× — target ≤ "
        f"{TARGETS['worst']}×: {mark(ratios[worst] <= TARGETS['worst'])}",
        f"- DESCRIBE of one entity: {describe:.2f}× — target ≤ {TARGETS['describe']}×: "
        f"{mark(describe <= TARGETS['describe'])}",
        f"- one-row ASK throughput, median over 1–32 connections: {ask:.2f}× — target ≥ "
        f"{TARGETS['ask']}×: {mark(ask >= TARGETS['ask'])}",
        f"- slowest research query p50 ({slowest}): {p(research[slowest].cold):.1f} ms — target ≤ "
        f"{TARGETS['query_ms']} ms: {mark(p(research[slowest].cold) <= TARGETS['query_ms'])}",
        f"- worst p99 of a one-row ASK at 1–32 connections: {p99:.1f} ms — target ≤ "
        f"{TARGETS['p99']} ms: {mark(p99 <= TARGETS['p99'])}",
    ]


WARM_QUERIES = ("agreements-by-country", "most-connected-foreign-collectivities")


def warm_at(label: str, runs: int = 10) -> list[str]:
    """A repeated research query on a synthetic size: coopgraph with its result cache (after
    one request that fills it) against `oxigraph serve`, which evaluates it every time."""
    data = common.dataset(label)
    coop = CoopgraphServer(str(data.store), ["--max-rows", str(be.MAX_ROWS)], ready_path=be.READY)
    oxi = OxigraphServer(data.store / "current")
    try:
        ends = [
            be.Endpoint("warm", _port(coop.url), "/sparql", coop.proc.pid),
            be.Endpoint("oxigraph", int(oxi.url.split(":")[2].split("/")[0]), "/query", 0),
        ]
        out = [
            f"Warm at {label} ({data.triples:,} triples): the same research query repeated, "
            f"{runs} requests each after two warm-ups, the servers alternating:",
            "",
            "| query | coopgraph warm p50 ms | oxigraph p50 ms | speed-up | target ≥ 10× |",
            "|---|---|---|---|---|",
        ]
        for name in WARM_QUERIES:
            query = next(q for q in load_catalogue(common.REPO / "queries") if q.name == name)
            times = alternate(
                be.Probe(name, with_values(query, iris.CANONICAL_BASE), be.JSON), ends, runs
            )
            gain = p(times["oxigraph"]) / p(times["warm"])
            out.append(
                f"| {name} | {p(times['warm']):.1f} | {p(times['oxigraph']):.1f} | {gain:.0f}× "
                f"| {'met' if gain >= 10 else '**missed**'} |"
            )
    finally:
        coop.stop()
        oxi.stop()
    return [*out, ""]


def run(quick: bool) -> str:
    return report(quick) + "\n" + "\n".join(warm_at("10k" if quick else "1m"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 requests per query, short loads")
    args = parser.parse_args()
    print(run(args.quick))


if __name__ == "__main__":
    main()

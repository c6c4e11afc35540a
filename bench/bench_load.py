"""Load (issue #7): 32 clients for 60 s on a mix of queries, pages, searches and dumps, with a
query that must time out in the middle of it. Writes docs/benchmarks/load.md.

    python bench/bench_load.py [--quick] [--size 100k] [--seconds 60]

`coopgraph serve --workers 2` (default 30 s time limit) runs on a synthetic store on a free
127.0.0.1 port.
Python-thread clients (keep-alive) cycle through SPARQL queries from queries/, entity pages,
searches, the dumps index and a dump download. A third of the way in, another client sends a
cartesian product asking for a 3 s limit (the protocol's `timeout` parameter): it must get the
timeout error within that limit plus a few seconds, while
the load's errors stay at 0. Resident memory of the whole server process tree (gunicorn, its
workers and their query processes) is read after a warm-up and at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime

import bench_pages
import common
import loadgen
from bench_endpoint import COOP, JSON, QUERY_FILES, READY, get

from coopgraph.dump import FILES as DUMP_FILES
from coopgraph.queries import read_query

sys.path.insert(0, str(common.REPO))
from tests.servers import CoopgraphServer  # the tests' server runner

TIMEOUT = 3.0  # the limit the runaway query asks for, seconds (the others keep the default)
GRACE = 5.0  # how much later than the limit the timeout error may arrive
CLIENTS = 32
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SAMPLE = f"""SELECT DISTINCT ?c ?label WHERE {{
  ?a <{COOP}algerianParty> ?c . ?c <http://www.w3.org/2000/01/rdf-schema#label> ?label
  FILTER(LANG(?label) = "fr") }} LIMIT 10"""
OUT = common.REPO / "docs" / "benchmarks" / "load.md"
HTML = {"Accept": "text/html", "Accept-Encoding": "gzip"}


@dataclass
class Stopped:
    status: int = 0
    seconds: float = 0.0
    message: str = ""

    @property
    def ok(self) -> bool:
        return (
            self.status == 503 and self.seconds <= TIMEOUT + GRACE and "time limit" in self.message
        )


def _sparql(query: str) -> str:
    return "/sparql?query=" + urllib.parse.quote(query)


def mix(port: int) -> list[loadgen.Request]:
    """Queries, entity pages and searches drawn from the data itself, and the dumps."""
    conn = http.client.HTTPConnection(loadgen.LOOPBACK, port, timeout=120)
    rows = json.loads(get(conn, _sparql(SAMPLE), JSON))["results"]["bindings"]
    conn.close()
    sparql = {"Accept": JSON}
    queries = [
        loadgen.Request(_sparql(read_query(common.REPO / "queries" / f"{n}.rq").text), sparql)
        for n in QUERY_FILES
        if n != "partners-of-collectivity"  # needs a parameter
    ]
    pages = [loadgen.Request(bench_pages.page_path(r["c"]["value"]), HTML) for r in rows]
    words = [r["label"]["value"].split()[0] for r in rows]
    searches = [loadgen.Request("/search?" + urllib.parse.urlencode({"q": w}), HTML) for w in words]
    dumps = [loadgen.Request("/dumps/", HTML), loadgen.Request(f"/dumps/{next(iter(DUMP_FILES))}")]
    return _interleave([queries, pages, searches, dumps])


def _interleave(groups: list[list[loadgen.Request]]) -> list[loadgen.Request]:
    """One of each kind in turn, so every client's stream is already a mix."""
    longest = max(len(g) for g in groups)
    return [g[i % len(g)] for i in range(longest) for g in groups]


def cartesian(port: int, after: float, into: Stopped) -> None:
    time.sleep(after)
    conn = http.client.HTTPConnection(loadgen.LOOPBACK, port, timeout=TIMEOUT + 60)
    began = time.monotonic()
    conn.request("GET", f"{_sparql(CARTESIAN)}&timeout={TIMEOUT:g}", headers={"Accept": JSON})
    response = conn.getresponse()
    into.message = response.read().decode("utf-8", "replace")[:300]
    into.status, into.seconds = response.status, time.monotonic() - began
    conn.close()


def measure(label: str, seconds: float) -> str:
    data = common.dataset(label)
    server = CoopgraphServer(str(data.store), [], workers=2, ready_path=READY)
    try:
        port = int(server.url.split(":")[2].rstrip("/"))
        requests = mix(port)
        warm = loadgen.threaded(port, requests, clients=4, seconds=3)  # lazy starts done
        pid = server.proc.pid
        start_rss = common._tree_rss(pid)  # the suite's process-tree reader
        stopped = Stopped()
        bad_query = threading.Thread(target=cartesian, args=(port, seconds / 3, stopped))
        bad_query.start()
        load = loadgen.threaded(port, requests, clients=CLIENTS, seconds=seconds)
        bad_query.join()
        end_rss = common._tree_rss(pid)
    finally:
        server.stop()
    return report(data, seconds, requests, warm, load, stopped, (start_rss, end_rss))


def report(
    data: common.Dataset,
    seconds: float,
    requests: list[loadgen.Request],
    warm: loadgen.Load,
    load: loadgen.Load,
    stopped: Stopped,
    rss: tuple[int, int],
) -> str:
    p = load.latencies_ms
    classes = ", ".join(f"{k}: {v}" for k, v in sorted(load.statuses.items()))
    ratio = rss[1] / rss[0]
    limit = f"503 within {TIMEOUT + GRACE:g} s"
    kinds = "queries, entity pages, searches, the dumps index and a dump"
    return f"""## Load: {CLIENTS} clients for {seconds:g} s

Dataset: synthetic {data.label} ({data.triples:,} triples). Server: `coopgraph serve --workers 2`
on 127.0.0.1 (gunicorn gthread, default 30 s time limit; the runaway query asks for
`timeout={TIMEOUT:g}`). Load generator: {load.engine}
(`bench/loadgen.py`, keep-alive, {CLIENTS} connections) cycling through {len(requests)}
requests ({kinds}); it runs on the same 2 cores as the server, so the figures are a floor.

| figure | value | target |
|---|---|---|
| requests | {load.requests:,} ({load.rps:,.1f} req/s) | |
| errors (no HTTP answer) | {load.errors} | 0 |
| 5xx answers | {load.server_errors} | 0 |
| answers by class | {classes} | |
| latency p50 / p95 / p99 | {p["p50"]:.1f} / {p["p95"]:.1f} / {p["p99"]:.1f} ms | |
| server tree RSS after warm-up → end | {mb(rss[0])} → {mb(rss[1])} MB (×{ratio:.2f}) | ≤ ×1.20 |
| cartesian product under load | HTTP {stopped.status} after {stopped.seconds:.1f} s | {limit} |

Warm-up before the RSS baseline: {warm.summary()}.

The timed-out query's answer: `{stopped.message.strip()[:200]}`

Verdict: {"all targets met" if _met(load, stopped, ratio) else "**a target is missed**"}.
"""


def mb(size: int) -> str:
    return f"{size / 2**20:,.0f}"


def _met(load: loadgen.Load, stopped: Stopped, ratio: float) -> bool:
    return load.errors == 0 and load.server_errors == 0 and stopped.ok and ratio <= 1.2


def run(quick: bool, label: str | None = None, seconds: float | None = None) -> str:
    label = label or ("10k" if quick else "100k")
    seconds = seconds or (10.0 if quick else 60.0)
    command = f"python bench/bench_load.py --size {label} --seconds {seconds:g}"
    body = measure(label, seconds)
    rows = "\n".join(f"| {k} | {v} |" for k, v in common.machine().items())
    page = (
        f"# Load benchmark (issue #7)\n\nGenerated by `{command}` on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; do not edit by hand.\n\n"
        f"| machine | |\n|---|---|\n{rows}\n\n{body}"
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(page)
    return (
        body.replace("## Load:", "## Load (issue #7):", 1)
        + f"\n(Also in `{OUT.relative_to(common.REPO)}`.)\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 s on 10k")
    parser.add_argument("--size", help="synthetic size: 10k, 100k, 1m, 5m")
    parser.add_argument("--seconds", type=float, help="how long the load lasts")
    args = parser.parse_args()
    print(run(args.quick, args.size, args.seconds))


if __name__ == "__main__":
    main()

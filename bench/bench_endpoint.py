"""The SPARQL endpoint against `oxigraph serve`: latency per query and throughput, same run.

    python bench/bench_endpoint.py [--quick] [--sizes 10k,100k]

Per synthetic size, both servers run at once on the same built release: `coopgraph serve`
(gunicorn, 2 workers, the store embedded) and `oxigraph serve-read-only --union-default-graph`
on `store/current` (coopgraph's default graph is the union of the graphs). Latency: one
keep-alive client asks each query of `queries/` below, plus a DESCRIBE of the busiest
collectivity, alternating between the servers on every iteration; the two answers' row counts
are compared. Throughput: 8 and 32 concurrent clients on a one-row ASK and on the mix of all
those queries, the servers alternating. Targets (1M): p50 ≤ 1.0× oxigraph on each query, mix
≥ 1.0× at 32 clients, ASK ≥ 0.3×, 0 errors.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import http.client
import json
import os
import pstats
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import common
import loadgen

from coopgraph.backends import open_store
from coopgraph.queries import read_query
from coopgraph.store import Store

sys.path.insert(0, str(common.REPO))
from tests.servers import CoopgraphServer, OxigraphServer  # the tests' server runners

COOP = "https://w3id.org/coopgraph/ontology#"
QUERY_FILES = (
    "agreements-by-country",
    "agreements-by-theme",
    "agreements-by-decade",
    "agreements-by-type-and-status",
    "most-connected-foreign-collectivities",
    "signings-timeline",
    "partners-of-collectivity",  # bound to the busiest collectivity
)
ASK = f"ASK {{ ?a a <{COOP}CooperationAgreement> }}"
BUSIEST = f"""SELECT ?c (COUNT(*) AS ?n) WHERE {{ ?a <{COOP}algerianParty> ?c }}
GROUP BY ?c ORDER BY DESC(?n) LIMIT 1"""
JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
READY = "/sparql?query=ASK%7B%7D"  # the home page takes seconds on big stores
TARGETS = {"p50": 1.0, "mix": 1.0, "ask": 0.3}
WARM_UP_SECONDS = 2
MAX_ROWS = 1_000_000  # above every benchmark result, so both servers do the same work


def mix_seconds(label: str, quick: bool) -> float:
    """Per throughput cell of the mix: a mix request takes up to two seconds at 1M, and 32
    clients on two cores wait ~15 s each for their turn, so a half-cell shorter than that
    counts the first answers only (30 s cells measured 0.25×, 120 s cells 0.86×)."""
    return 10 if quick or common.SIZES[label] < 1_000_000 else 120


@dataclass(frozen=True)
class Endpoint:
    name: str
    port: int
    path: str  # "/sparql" or "/query"
    pid: int  # the server's root process, for its CPU time

    def url(self, query: str) -> str:
        return f"{self.path}?query={urllib.parse.quote(query)}"


@dataclass(frozen=True)
class Probe:
    name: str
    query: str
    accept: str


def get(conn: http.client.HTTPConnection, path: str, accept: str) -> bytes:
    try:
        conn.request("GET", path, headers={"Accept": accept})
        response = conn.getresponse()
    except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
        # gunicorn closes a keep-alive connection idle for 2 s (while the other server
        # answered a slow query): reconnect once
        conn.close()
        conn.request("GET", path, headers={"Accept": accept})
        response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET {path[:80]}… answered {response.status}: {body[:300]!r}")
    return body


def rows(body: bytes, accept: str) -> int:
    if accept == JSON:
        parsed = json.loads(body)
        return len(parsed["results"]["bindings"]) if "results" in parsed else 1
    return sum(1 for line in body.splitlines() if line.strip())


def probes(ox: Endpoint) -> list[Probe]:
    """The benchmark queries; the busiest collectivity is found on the data itself."""
    conn = http.client.HTTPConnection(loadgen.LOOPBACK, ox.port, timeout=120)
    busiest = json.loads(get(conn, ox.url(BUSIEST), JSON))["results"]["bindings"][0]["c"]["value"]
    conn.close()
    found = []
    for name in QUERY_FILES:
        text = read_query(common.REPO / "queries" / f"{name}.rq").text
        if name == "partners-of-collectivity":  # a trailing VALUES binds the parameter
            text += f"\nVALUES ?collectivity {{ <{busiest}> }}"
        found.append(Probe(name, text, JSON))
    found.append(Probe("DESCRIBE busiest collectivity", f"DESCRIBE <{busiest}>", NTRIPLES))
    return found


@dataclass
class Timing:
    coop: list[float]
    ox: list[float]
    rows: tuple[int, int]
    engine: list[float] = field(default_factory=list)  # pyoxigraph in this process, no HTTP


def engine_times(store: Store, probe: Probe, runs: int) -> list[float]:
    """The query evaluated and its results iterated by pyoxigraph in-process: the part of
    coopgraph's latency that no change to its HTTP path can remove."""
    list(store.query(probe.query))
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        list(store.query(probe.query))
        times.append((time.perf_counter() - began) * 1000)
    return times


def latency(probe: Probe, coop: Endpoint, ox: Endpoint, runs: int) -> Timing:
    """Two warm-ups each, then `runs` timed requests each, alternating which server goes
    first."""
    conns = {
        e.name: http.client.HTTPConnection(loadgen.LOOPBACK, e.port, timeout=300)
        for e in (coop, ox)
    }
    counts = {
        e.name: rows(get(conns[e.name], e.url(probe.query), probe.accept), probe.accept)
        for e in (coop, ox)
    }
    for e in (coop, ox):  # a second warm-up: the first may have started a query process
        get(conns[e.name], e.url(probe.query), probe.accept)
    times: dict[str, list[float]] = {coop.name: [], ox.name: []}
    for i in range(runs):
        for e in (coop, ox) if i % 2 == 0 else (ox, coop):
            began = time.perf_counter()
            get(conns[e.name], e.url(probe.query), probe.accept)
            times[e.name].append((time.perf_counter() - began) * 1000)
    for conn in conns.values():
        conn.close()
    return Timing(times[coop.name], times[ox.name], (counts[coop.name], counts[ox.name]))


def throughput(
    endpoint: Endpoint, queries: list[Probe], clients: int, seconds: float
) -> loadgen.Load:
    paths = [endpoint.url(p.query) for p in queries]
    accept = queries[0].accept if len({p.accept for p in queries}) == 1 else f"{JSON}, {NTRIPLES}"
    if loadgen.wrk_available():
        return loadgen.wrk(endpoint.port, paths, clients, seconds, {"Accept": accept})
    mix = [loadgen.Request(p, {"Accept": accept}) for p in paths]
    return loadgen.threaded(endpoint.port, mix, clients, seconds)


def cell(
    servers: tuple[Endpoint, Endpoint], queries: list[Probe], clients: int, seconds: float
) -> dict[str, loadgen.Load]:
    """One workload at one concurrency on both servers: a short unmeasured warm-up each (web
    workers start their query processes on first use), then two halves in A-B, B-A order so
    that neither server always runs after the other's load."""
    for e in servers:
        throughput(e, queries, clients, WARM_UP_SECONDS)
        settle(e)
    halves: dict[str, list[loadgen.Load]] = {e.name: [] for e in servers}
    for order in (servers, servers[::-1]):
        for e in order:
            before = common.tree_cpu_s(e.pid)
            half = throughput(e, queries, clients, seconds / 2)
            after = common.tree_cpu_s(e.pid)
            half.server_cpu_s = (after[0] - before[0], after[1] - before[1])
            halves[e.name].append(half)
            settle(e)
    return {name: loadgen.merge(runs) for name, runs in halves.items()}


def settle(endpoint: Endpoint) -> None:
    """Wait until the requests a finished run left queued have been served: neither server
    stops a query whose client hung up, and that backlog must not load the next run."""
    conn = http.client.HTTPConnection(loadgen.LOOPBACK, endpoint.port, timeout=300)
    give_up = time.monotonic() + 600
    while True:  # coopgraph answers 503 "busy" to a query that waited its time limit for a slot
        try:
            get(conn, endpoint.url(ASK), JSON)
            break
        except RuntimeError:
            if time.monotonic() > give_up:
                raise
            time.sleep(1)
    conn.close()


def floor(endpoint: Endpoint, clients: int, seconds: float) -> tuple[float, loadgen.Load]:
    """coopgraph's request floor: `/health` (gunicorn + Flask + the app's hooks, no query),
    p50 of one keep-alive client, and throughput at `clients`."""
    conn = http.client.HTTPConnection(loadgen.LOOPBACK, endpoint.port, timeout=30)
    times = []
    for _ in range(200):
        began = time.perf_counter()
        get(conn, "/health", "*/*")
        times.append((time.perf_counter() - began) * 1000)
    conn.close()
    p50 = common.percentiles(times)["p50"]
    health = dataclasses.replace(endpoint, path="/health")
    return p50, throughput(health, [Probe("health", "", "*/*")], clients, seconds)


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "n/a"


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def latency_table(label: str, timings: dict[str, Timing]) -> list[str]:
    out = [
        f"**{label}** — latency, ms (one keep-alive client, alternating servers; last column: "
        "the query evaluated and iterated by pyoxigraph in the benchmark's process, no HTTP)",
        "",
        "| query | rows coopgraph / oxigraph | coopgraph p50 | p95 | oxigraph p50 | p95 "
        "| p50 ratio | pyoxigraph in-process p50 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, t in timings.items():
        c, o = common.percentiles(t.coop), common.percentiles(t.ox)
        same = "" if t.rows[0] == t.rows[1] else " (**differ**)"
        out.append(
            f"| {name} | {t.rows[0]} / {t.rows[1]}{same} | {c['p50']:.1f} | {c['p95']:.1f} | "
            f"{o['p50']:.1f} | {o['p95']:.1f} | {_ratio(c['p50'], o['p50'])} | "
            f"{common.percentiles(t.engine)['p50']:.1f} |"
        )
    return [*out, ""]


def throughput_table(
    label: str, loads: dict[tuple[str, int], dict[str, loadgen.Load]]
) -> list[str]:
    engine = next(iter(loads[("mix", 32)].values())).engine
    out = [
        f"**{label}** — throughput (load generator: {engine})",
        "",
        "| workload | clients | coopgraph req/s | p99 ms | errors, non-2xx | CPU ms / req "
        "(query processes) | oxigraph req/s | p99 ms | errors, non-2xx | CPU ms / req | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for (workload, clients), pair in loads.items():
        c, o = pair["coopgraph"], pair["oxigraph"]
        out.append(
            f"| {workload} | {clients} | {c.rps:,.1f} | {c.latencies_ms['p99']:.1f} | "
            f"{_failures(c)} | {_cpu_ms(c)} ({_cpu_ms(c, 1)}) | {o.rps:,.1f} | "
            f"{o.latencies_ms['p99']:.1f} | {_failures(o)} | {_cpu_ms(o)} | "
            f"{_ratio(c.rps, o.rps)} |"
        )
    return [
        *out,
        "",
        "CPU ms / req: CPU time of the server's whole process tree during the measured halves, "
        "per answered request (the load generator's own CPU is not counted; both share the two "
        "cores); in brackets, coopgraph's query processes, the rest being its web workers.",
        "",
    ]


def _cpu_ms(load: loadgen.Load, part: int = 0) -> str:
    return f"{load.server_cpu_s[part] * 1000 / load.requests:.2f}" if load.requests else "n/a"


def _bad(load: loadgen.Load) -> int:
    return load.errors + sum(v for k, v in load.statuses.items() if not k.startswith("2"))


def _failures(load: loadgen.Load) -> str:
    return f"{load.errors}, {_bad(load) - load.errors}"


def cold_server(store: Path) -> CoopgraphServer:
    """`coopgraph serve` with its result cache off: every request evaluated (cold), so that
    the comparison is of the endpoint and its engine, not of a cached answer."""
    env = {**os.environ, "COOPGRAPH_RESULT_CACHE_MB": "0"}
    extra = ["--max-rows", str(MAX_ROWS)]
    return CoopgraphServer(str(store), extra, workers=2, ready_path=READY, env=env)


def measure(label: str, quick: bool) -> tuple[list[str], list[str]]:
    """Markdown lines for one size, and the target verdicts (only for 1M and above)."""
    data = common.dataset(label)
    coop_server = cold_server(data.store)
    ox_server = OxigraphServer(data.store / "current")
    try:
        coop_port = int(coop_server.url.split(":")[2].rstrip("/"))
        coop = Endpoint("coopgraph", coop_port, "/sparql", coop_server.proc.pid)
        ox_port = int(ox_server.url.split(":")[2].split("/")[0])
        ox = Endpoint("oxigraph", ox_port, "/query", ox_server.proc.pid)
        found = probes(ox)
        runs = 15 if quick else 25
        timings = {p.name: latency(p, coop, ox, runs) for p in found}
        store = open_store(str(data.store))
        for p in found:
            timings[p.name].engine = engine_times(store, p, 5 if quick else 9)
        loads: dict[tuple[str, int], dict[str, loadgen.Load]] = {}
        for workload, queries in (("one-row ASK", [Probe("ask", ASK, JSON)]), ("mix", found)):
            seconds = mix_seconds(label, quick) if workload == "mix" else 6 if quick else 20
            for clients in (8, 32):
                loads[(workload, clients)] = cell((coop, ox), queries, clients, seconds)
        health = floor(coop, 32, 6 if quick else 10)
    finally:
        coop_server.stop()
        ox_server.stop()
    lines = latency_table(f"{label} ({data.triples:,} triples)", timings)
    lines += throughput_table(label, loads)
    lines += [
        f"Request floor of coopgraph's server (`GET /health`: gunicorn, Flask and the app's "
        f"hooks, no query): p50 {health[0]:.2f} ms with one client; {health[1].rps:,.0f} req/s "
        f"at 32 clients, p99 {health[1].latencies_ms['p99']:.1f} ms.",
        "",
    ]
    return lines, verdicts(label, timings, loads, health)


def _p50_ratio(t: Timing) -> float:
    return common.percentiles(t.coop)["p50"] / common.percentiles(t.ox)["p50"]


def _verdict(label: str, what: str, value: float, target: str, ok: bool) -> str:
    return f"- {label}: {what} {value:.2f} — target {target}: {_mark(ok)}"


def verdicts(
    label: str, timings: dict[str, Timing], loads: dict, health: tuple[float, loadgen.Load]
) -> list[str]:
    worst = max(timings, key=lambda name: _p50_ratio(timings[name]))
    w = _p50_ratio(timings[worst])
    mix = loads[("mix", 32)]
    ask = loads[("one-row ASK", 32)]
    mix_r = mix["coopgraph"].rps / mix["oxigraph"].rps
    ask_r = ask["coopgraph"].rps / ask["oxigraph"].rps
    errors = sum(_bad(load) for pair in loads.values() for load in pair.values())
    out = [
        _verdict(label, f"worst p50 ratio ({worst})", w, "≤ 1.0×", w <= TARGETS["p50"]),
        _verdict(label, "mix at 32 clients", mix_r, "≥ 1.0×", mix_r >= TARGETS["mix"]),
        _verdict(label, "one-row ASK at 32 clients", ask_r, "≥ 0.3×", ask_r >= TARGETS["ask"]),
        _verdict(label, "errors + non-2xx in throughput runs", errors, "0", errors == 0),
    ]
    t = timings[worst]
    ox_p50, engine_p50 = common.percentiles(t.ox)["p50"], common.percentiles(t.engine)["p50"]
    gap = common.percentiles(t.coop)["p50"] - ox_p50
    floor_rps = health[1].rps / ask["oxigraph"].rps
    return [
        *out,
        f"  - {label}: the worst query's p50 is {gap:+.2f} ms from oxigraph's (pyoxigraph "
        f"alone: {engine_p50:.2f} ms in-process, {engine_p50 / ox_p50:.2f}× the server binary's "
        "p50 with no HTTP at all: the same engine, built as the Python extension), against a "
        f"request floor (`/health` p50) of {health[0]:.2f} ms; `/health` alone reaches "
        f"{floor_rps:.2f}× oxigraph's one-row ASK rate at 32 clients ({health[1].rps:,.0f} vs "
        f"{ask['oxigraph'].rps:,.0f} req/s), the ceiling of any query behind gunicorn and Flask.",
    ]


def profile_ask(label: str, n: int = 300) -> list[str]:
    """Where one cheap request spends its time inside the app (Flask's test client, no HTTP
    server, same store): coopgraph's own functions, cumulative ms per request."""
    from coopgraph.settings import Settings
    from coopgraph.web import create_app

    settings = Settings.from_env(store=str(common.dataset(label).store))
    app = create_app(settings=dataclasses.replace(settings, result_cache_mb=0))  # cold
    client, path = app.test_client(), Endpoint("app", 0, "/sparql", 0).url(ASK)
    headers = {"Accept": JSON}
    for _ in range(20):  # query processes started, caches warm
        client.get(path, headers=headers)
    began = time.perf_counter()
    for _ in range(n):
        client.get(path, headers=headers)
    plain = (time.perf_counter() - began) * 1000 / n
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [client.get(path, headers=headers) for _ in range(n)])
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = sorted(
        (
            (f"`{Path(f).name}:{fn}`", ct * 1000 / n)
            for (f, _, fn), (_, _, _, ct, _) in stats.items()
            if "coopgraph" in f or fn == "posix.write"
        ),
        key=lambda r: -r[1],
    )[:12]
    table = "\n".join(f"| {name} | {ms:.3f} |" for name, ms in rows)
    return [
        f"**Profile of the one-row ASK** ({label}, in-process, {n} requests): {plain:.2f} ms a "
        "request without profiler. Cumulative ms per request under cProfile:",
        "",
        f"| function | ms / request |\n|---|---|\n{table}",
        "",
    ]


def run(quick: bool, sizes: list[str] | None = None) -> str:
    sizes = sizes or (["10k", "100k"] if quick else ["10k", "100k", "1m"])
    lines = [
        "## SPARQL endpoint latency against `oxigraph serve`",
        "",
        f"`python bench/bench_endpoint.py{' --quick' if quick else ''}`, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC. coopgraph: `coopgraph serve --workers 2` "
        "(gunicorn gthread) with its result cache off (**cold**: every request evaluated; the "
        "warm figures are in the shipped-graph section); oxigraph: `oxigraph serve-read-only "
        "--union-default-graph` on the same release. Client, servers and load generator share "
        "the machine's cores. "
        f"Latency: {'15' if quick else '25'} requests per query and server after two warm-ups, "
        "the servers alternating on every request. Throughput: wrk, after a "
        f"{WARM_UP_SECONDS} s warm-up per server, each cell measured in two halves in A-B then "
        "B-A order (req/s over both halves; p99 the worse half); "
        + ("6 s a cell, the mix 10 s" if quick else "20 s a cell, the mix 10 s below 1M and 120 s")
        + " per server (a 1M mix request can take seconds; 32 clients queue for ~15 s); "
        f"a request counts as an error after {loadgen.TIMEOUT_S:g} s; after each run one ASK "
        "waits out the queued requests the closed connections left. coopgraph serves with "
        f"`--max-rows {MAX_ROWS}`, so that both servers return every row.",
        "",
    ]
    verdict: list[str] = []
    for label in sizes:
        body, v = measure(label, quick)
        lines += body
        verdict += v
    lines += profile_ask(sizes[0])
    lines += [
        "**Targets** (issue #8, judged on 1M; smaller sizes for reference):",
        "",
        *verdict,
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k, shorter runs")
    parser.add_argument("--sizes", help="comma-separated sizes, e.g. 10k,1m")
    args = parser.parse_args()
    print(run(args.quick, args.sizes.split(",") if args.sizes else None))


if __name__ == "__main__":
    main()

"""A bounded HTTP load generator for 127.0.0.1: N keep-alive clients for a fixed time.

Two engines, same report (`Load`): `threaded()` (Python threads + http.client, used for mixes
that need per-request bookkeeping; Python itself uses a core at a few thousand req/s, so it
understates a fast server's throughput) and `wrk()` (Debian's `wrk` driven by a Lua script
that cycles through the paths; the engine for throughput figures when it is installed).
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import common

LOOPBACK = "127.0.0.1"
# A request counts as an error after this long: at 1M triples, 32 clients of one-second
# queries on two cores wait ~15 s each by queueing alone, which is load, not failure.
TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    body: bytes | None = None


@dataclass
class Load:
    """What one run did: `errors` are requests that got no HTTP answer (refused, reset, timed
    out); every answer is counted in `statuses` by class ("2xx", "5xx", …)."""

    engine: str
    clients: int
    seconds: float  # measured wall time
    requests: int = 0
    errors: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    latencies_ms: dict[str, float] = field(default_factory=dict)  # p50, p95, p99
    # CPU seconds the server used meanwhile: all of it, and its query processes' part
    server_cpu_s: tuple[float, float] = (0.0, 0.0)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def server_errors(self) -> int:
        return self.statuses.get("5xx", 0)

    def summary(self) -> str:
        classes = ", ".join(f"{k} {v}" for k, v in sorted(self.statuses.items())) or "none"
        p = self.latencies_ms
        return (
            f"{self.requests} requests in {self.seconds:.1f} s ({self.rps:,.0f} req/s), "
            f"{self.errors} errors, statuses: {classes}; p50 {p.get('p50', 0):.1f} ms, "
            f"p95 {p.get('p95', 0):.1f} ms, p99 {p.get('p99', 0):.1f} ms"
        )


def merge(runs: Sequence[Load]) -> Load:
    """Several runs of one cell as one: counts and time add up; each latency percentile is
    the worst run's (percentiles of the union cannot be rebuilt from the runs' own)."""
    first = runs[0]
    out = Load(first.engine, first.clients, sum(r.seconds for r in runs))
    for r in runs:
        out.requests += r.requests
        out.errors += r.errors
        out.statuses.update(r.statuses)
    out.server_cpu_s = tuple(sum(r.server_cpu_s[i] for r in runs) for i in (0, 1))  # type: ignore[assignment]
    out.latencies_ms = {
        k: max(r.latencies_ms.get(k, 0.0) for r in runs) for k in first.latencies_ms
    }
    return out


class _Client(threading.Thread):
    """One keep-alive connection sending the mix in turn until the deadline."""

    def __init__(
        self, port: int, mix: Sequence[Request], start: int, deadline: float, timeout: float
    ) -> None:
        super().__init__(daemon=True)
        self.port, self.mix, self.index = port, mix, start
        self.deadline, self.timeout = deadline, timeout
        self.latencies: list[float] = []
        self.statuses: Counter[str] = Counter()
        self.errors = 0
        self.conn: http.client.HTTPConnection | None = None

    def _send(self, req: Request) -> int:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(LOOPBACK, self.port, timeout=self.timeout)
        self.conn.request(req.method, req.path, body=req.body, headers=req.headers)
        response = self.conn.getresponse()
        response.read()
        if response.will_close:
            self._drop()
        return response.status

    def _drop(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            req = self.mix[self.index % len(self.mix)]
            self.index += 1
            began = time.perf_counter()
            try:
                status = self._send(req)
            except (OSError, http.client.HTTPException):
                self.errors += 1
                self._drop()
                continue
            self.latencies.append((time.perf_counter() - began) * 1000)
            self.statuses[f"{status // 100}xx"] += 1
        self._drop()


def threaded(
    port: int, mix: Sequence[Request], clients: int, seconds: float, timeout: float = TIMEOUT_S
) -> Load:
    """`clients` threads, each cycling through `mix` from its own offset, for `seconds`; a
    request in flight at the end may take up to `timeout` more (then it counts as an error),
    so the run lasts at most `seconds + timeout`."""
    if not mix:
        raise ValueError("the request mix is empty: give at least one request")
    began = time.monotonic()
    deadline = began + seconds
    workers = [_Client(port, mix, i, deadline, timeout) for i in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    load = Load("python threads", clients, time.monotonic() - began)
    for worker in workers:
        load.requests += len(worker.latencies) + worker.errors
        load.errors += worker.errors
        load.statuses.update(worker.statuses)
    samples = [ms for w in workers for ms in w.latencies]
    load.latencies_ms = common.percentiles(samples) if samples else {}
    return load


# ---------------------------------------------------------------------------------------------
# wrk

WRK_SCRIPT = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%%d,"us":%%d,"connect":%%d,"read":%%d,"write":%%d,'
    .. '"timeout":%%d,"non2xx3xx":%%d,"p50":%%d,"p95":%%d,"p99":%%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string of ASCII paths is a valid Lua string literal


def wrk(
    port: int,
    paths: Sequence[str],
    clients: int,
    seconds: float,
    headers: dict[str, str] | None = None,
    threads: int = 2,
) -> Load:
    """Debian's wrk on `paths` (GET, cycled). wrk counts non-2xx/3xx answers but not their
    class, so they are reported under "non-2xx/3xx"; socket errors under `errors`."""
    if not wrk_available():
        raise RuntimeError("wrk is not installed: apt-get install -y wrk")
    script = WRK_SCRIPT % {"paths": ", ".join(_lua_string(p) for p in paths)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    args = ["wrk", f"-t{min(threads, clients)}", f"-c{clients}", f"-d{seconds:g}s"]
    args += ["--timeout", f"{TIMEOUT_S:g}s", "-s", lua.name]
    for name, value in (headers or {}).items():
        args += ["-H", f"{name}: {value}"]
    try:
        done = subprocess.run(
            [*args, f"http://{LOOPBACK}:{port}/"],
            capture_output=True,
            text=True,
            timeout=seconds + TIMEOUT_S + 30,
        )
    finally:
        Path(lua.name).unlink()
    found = re.search(r"WRKJSON (\{.*\})", done.stdout)
    if done.returncode or not found:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout}{done.stderr}")
    r = json.loads(found.group(1))
    # wrk counts a late answer both as a request and as a timeout, and a request still
    # pending at each of its timeout checks again: timeouts are errors, not more requests.
    failed = r["connect"] + r["read"] + r["write"]
    load = Load("wrk", clients, r["us"] / 1e6, r["requests"] + failed, failed + r["timeout"])
    bad = r["non2xx3xx"]
    load.statuses.update({"2xx/3xx": r["requests"] - bad, "non-2xx/3xx": bad})
    load.latencies_ms = {k: r[k] / 1000 for k in ("p50", "p95", "p99")}
    return load

"""The benchmarks' load generator against a real HTTP server on 127.0.0.1 whose answers we
choose: it must count requests, errors and status classes as the server saw them, and stop
on time even when the server hangs."""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import loadgen


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the generator expects

    def do_GET(self) -> None:
        self.server.seen[self.path] += 1  # type: ignore[attr-defined]
        if self.path == "/slow":
            time.sleep(0.2)
        if self.path == "/hang":
            time.sleep(30)
        status = 500 if self.path == "/fail" else 200
        body = b"ok\n"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.seen = Counter()  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_counts_match_what_the_server_saw(server: ThreadingHTTPServer) -> None:
    mix = [loadgen.Request("/ok"), loadgen.Request("/fail"), loadgen.Request("/slow")]
    load = loadgen.threaded(server.server_port, mix, clients=3, seconds=1.0)
    seen = server.seen  # type: ignore[attr-defined]
    assert load.requests == sum(seen.values()) > 0
    assert load.errors == 0
    assert load.statuses["5xx"] == seen["/fail"] > 0
    assert load.statuses["2xx"] == seen["/ok"] + seen["/slow"]
    assert load.latencies_ms["p99"] >= 200  # the slow answers are in the tail
    assert load.latencies_ms["p50"] <= load.latencies_ms["p95"] <= load.latencies_ms["p99"]


def test_stops_on_time_when_the_server_hangs(server: ThreadingHTTPServer) -> None:
    began = time.monotonic()
    hang = [loadgen.Request("/hang")]
    load = loadgen.threaded(server.server_port, hang, clients=2, seconds=1.0, timeout=1.0)
    assert time.monotonic() - began < 3.0  # seconds + timeout, and a little slack
    assert load.errors == 2 and load.requests == 2  # each client's request timed out


def test_a_closed_port_counts_as_errors() -> None:
    from tests.servers import free_port

    load = loadgen.threaded(free_port(), [loadgen.Request("/")], clients=1, seconds=0.3)
    assert load.requests == load.errors > 0
    assert not load.statuses


@pytest.mark.skipif(not loadgen.wrk_available(), reason="wrk is not installed: apt-get install wrk")
def test_wrk_counts_the_failures(server: ThreadingHTTPServer) -> None:
    load = loadgen.wrk(server.server_port, ["/ok", "/fail"], clients=2, seconds=1, threads=1)
    seen = server.seen  # type: ignore[attr-defined]
    assert load.errors == 0
    # wrk drops the requests still in flight when it stops: at most one per connection
    counted = load.statuses["non-2xx/3xx"] + load.statuses["2xx/3xx"]
    assert sum(seen.values()) - 2 <= counted <= sum(seen.values())
    assert seen["/fail"] - 2 <= load.statuses["non-2xx/3xx"] <= seen["/fail"]
    assert load.statuses["non-2xx/3xx"] > 0 and load.statuses["2xx/3xx"] > 0


def test_merged_runs_add_up_to_what_the_server_saw(server: ThreadingHTTPServer) -> None:
    fast = loadgen.threaded(server.server_port, [loadgen.Request("/ok")], clients=2, seconds=0.5)
    slow = loadgen.threaded(server.server_port, [loadgen.Request("/slow")], clients=2, seconds=0.5)
    merged = loadgen.merge([fast, slow])
    assert merged.requests == sum(server.seen.values()) > 0  # type: ignore[attr-defined]
    assert merged.statuses["2xx"] == fast.statuses["2xx"] + slow.statuses["2xx"]
    assert merged.seconds == fast.seconds + slow.seconds
    assert merged.rps < fast.rps  # the slow half weighs in
    assert merged.latencies_ms["p99"] == slow.latencies_ms["p99"] >= 200  # the worse half's

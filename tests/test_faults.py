"""Faults, against real processes: a build killed while a server reads the store, a corrupt or
missing store at `coopgraph serve`, the remote SPARQL server going away and coming back, and a
gunicorn worker killed in the middle of a request. (SIGKILL at each build step, without a
server, is in test_build.py.)"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from coopgraph.store import RELEASE_FILE, StoreDir

from . import servers
from .servers import CoopgraphServer, OxigraphServer, free_port

pytestmark = pytest.mark.slow

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
FOREVER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def fetch(url: str, timeout: float = 30) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def query_url(site: str, query: str) -> str:
    return site + "sparql?" + urllib.parse.urlencode({"query": query})


def triples(site: str) -> int:
    status, body = fetch(query_url(site, COUNT))
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout} s"
        time.sleep(0.2)


def copy_store(built_store, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(built_store.dir.root, copy, symlinks=True)
    return copy


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's messages unwrapped, so that paths in them can be looked for."""
    monkeypatch.setenv("COLUMNS", "10000")


def serve(store: Path | str, timeout: float = 120) -> tuple[int, str]:
    """`coopgraph serve` expected to refuse to start: its exit code and what it printed."""
    args = [sys.executable, "-m", "coopgraph", "serve", "--store", str(store)]
    done = subprocess.run(
        [*args, "--port", str(free_port())], capture_output=True, text=True, timeout=timeout
    )
    return done.returncode, done.stdout + done.stderr


# --- the store ---------------------------------------------------------------------------------


def test_build_killed_while_serving_leaves_the_served_release(built_store, tmp_path: Path) -> None:
    location = copy_store(built_store, tmp_path)
    server = CoopgraphServer(str(location), [], workers=1)
    try:
        before_release = json.loads(fetch(server.url + "ready")[1])["release"]
        before = triples(server.url)
        build = subprocess.Popen(
            [sys.executable, "-m", "coopgraph", "build", "--store", str(location)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(
            lambda: any(StoreDir(location).releases.glob("*.partial")) or build.poll() is not None,
            180,
            "the build writing its release",
        )
        assert build.poll() is None, "the build finished before the test could kill it"
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        assert json.loads(fetch(server.url + "ready")[1])["release"] == before_release
        assert triples(server.url) == before
    finally:
        server.stop()


def test_corrupt_store_names_the_problem_and_the_rebuild(built_store, tmp_path: Path) -> None:
    location = copy_store(built_store, tmp_path)
    release = StoreDir(location).current.resolve()
    for f in [release / "CURRENT", *release.glob("*.sst")]:
        f.write_bytes(os.urandom(4096))
    code, said = serve(location)
    assert code != 0
    assert "may be corrupt" in said and f"coopgraph build --store {location}" in said
    assert "Traceback" not in said


def test_missing_release_file_names_the_problem_and_the_rebuild(
    built_store, tmp_path: Path
) -> None:
    location = copy_store(built_store, tmp_path)
    (StoreDir(location).current / RELEASE_FILE).unlink()
    code, said = serve(location)
    assert code != 0
    assert RELEASE_FILE in said and f"coopgraph build --store {location}" in said
    assert "Traceback" not in said


def test_missing_store_is_built_first_and_said_so(tmp_path: Path) -> None:
    location = tmp_path / "nothing-here"
    server = CoopgraphServer(str(location), [], workers=1)
    try:
        assert f"No store at {location} yet: building it first." in "".join(server.log)
        assert fetch(server.url + "ready")[0] == 200
    finally:
        server.stop()


# --- the remote store --------------------------------------------------------------------------


def test_remote_store_down_is_503_and_service_resumes_by_itself(
    built_store, monkeypatch: pytest.MonkeyPatch
) -> None:
    remote = OxigraphServer(built_store.dir.current)
    port = urllib.parse.urlsplit(remote.url).port
    server = CoopgraphServer(remote.url, [], workers=1)
    try:
        assert fetch(server.url + "ready")[0] == 200
        expected = triples(server.url)
        remote.stop()
        time.sleep(11)  # past the release cache, so every route meets the outage
        for path in ("ready", "page/wilaya/16", "sparql?query=ASK%20%7B%7D"):
            status, body = fetch(server.url + path)
            assert status == 503, (path, status, body[:300])
            assert b"cannot be reached" in body and b"as soon as it answers" in body
        assert fetch(server.url + "health")[0] == 200
        monkeypatch.setattr(servers, "free_port", lambda: port)  # come back at the same address
        remote = OxigraphServer(built_store.dir.current)
        wait_until(lambda: fetch(server.url + "ready")[0] == 200, 30, "recovery")
        assert triples(server.url) == expected
        assert fetch(server.url + "page/wilaya/16")[0] == 200
    finally:
        server.stop()
        remote.stop()


# --- a worker killed mid-request ---------------------------------------------------------------


def children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        return [int(p) for p in f.read().split()]


def descendants(pid: int) -> set[int]:
    found = set()
    for child in children(pid):
        found |= {child, *descendants(child)}
    return found


def test_worker_killed_mid_request_the_client_sees_it_and_the_server_goes_on(
    built_store,
) -> None:
    server = CoopgraphServer(str(built_store.dir.root), ["--timeout", "60"], workers=1)
    try:
        expected = triples(server.url)
        (worker,) = children(server.proc.pid)
        outcome: dict[str, object] = {}

        def long_query() -> None:
            try:
                outcome["status"] = fetch(query_url(server.url, FOREVER), timeout=90)[0]
            except (OSError, urllib.error.URLError) as err:  # a reset or an empty reply
                outcome["error"] = err

        client = threading.Thread(target=long_query)
        client.start()
        time.sleep(2)  # the query is running in the worker's query process
        doomed = descendants(worker)
        os.kill(worker, signal.SIGKILL)
        client.join(timeout=30)
        assert not client.is_alive(), "the client hung after its worker was killed"
        assert "error" in outcome or outcome["status"] >= 500
        wait_until(lambda: children(server.proc.pid) not in ([], [worker]), 30, "a new worker")
        wait_until(lambda: fetch(server.url + "health")[0] == 200, 30, "answering again")
        assert triples(server.url) == expected
        # and the killed worker's query processes did not outlive it, still computing
        wait_until(lambda: not doomed & _running(), 10, "the orphaned query processes ending")
    finally:
        server.stop()


def _running() -> set[int]:
    return {int(p) for p in os.listdir("/proc") if p.isdigit()}


# --- clients that leave --------------------------------------------------------------------------


def test_clients_leaving_a_streamed_result_give_their_query_slot_back(
    built_store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A result bigger than the read-ahead is streamed. A client that hangs up after the
    headers must not keep its query slot: with one slot, three such clients would otherwise
    leave the server answering 503 "busy" to everyone."""
    monkeypatch.setenv("COOPGRAPH_QUERY_PROCESSES", "1")
    monkeypatch.setenv("COOPGRAPH_MAX_ROWS", "1000000")
    monkeypatch.setenv("COOPGRAPH_QUERY_TIMEOUT", "5")
    server = CoopgraphServer(str(built_store.dir.root), [], workers=1)
    try:
        big = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"  # all the triples, several MB
        port = int(server.url.split(":")[2].rstrip("/"))
        for _ in range(3):
            with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
                path = "/sparql?query=" + urllib.parse.quote(big)
                accept = "Accept: application/n-triples"
                conn.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n{accept}\r\n\r\n".encode())
                head = conn.recv(4096)
                assert head.startswith(b"HTTP/1.1 200"), head[:200]
        began = time.monotonic()
        status, body = fetch(query_url(server.url, "ASK { ?s ?p ?o }"))
        assert status == 200 and b"true" in body
        assert time.monotonic() - began < 4, "the cheap query waited for a leaked slot"
    finally:
        server.stop()

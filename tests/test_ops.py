"""/health, /ready and the access log, against a real `coopgraph serve`."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from coopgraph.store import StoreDir

from .servers import CoopgraphServer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store_copy(built_store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built store that a test may break (and mend)."""
    copy = tmp_path_factory.mktemp("ops") / "store"
    shutil.copytree(built_store.dir.root, copy, symlinks=True)
    return copy


@pytest.fixture(scope="module")
def server(store_copy: Path) -> Iterator[CoopgraphServer]:
    running = CoopgraphServer(str(store_copy), [], workers=1)
    yield running
    running.stop()


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_health_is_a_tiny_json(server: CoopgraphServer) -> None:
    status, headers, body = fetch(server.url + "health")
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"status": "ok"} and len(body) < 64
    assert headers["Cache-Control"] == "no-store"


def test_ready_names_the_release(server: CoopgraphServer, store_copy: Path) -> None:
    status, _, body = fetch(server.url + "ready")
    assert status == 200
    answer = json.loads(body)
    assert answer["status"] == "ready"
    assert answer["release"] == StoreDir(store_copy).current_release_id()


def test_a_vanished_store_is_not_ready_but_alive(server: CoopgraphServer, store_copy: Path) -> None:
    current = StoreDir(store_copy).current
    target = os.readlink(current)
    current.unlink()
    try:
        status, _, body = fetch(server.url + "ready")
        assert status == 503
        reason = json.loads(body)["reason"]
        assert "No built store" in reason and "coopgraph build --store" in reason
        assert fetch(server.url + "health")[0] == 200
        # a page needing the store says the same, as a 503 rather than a 500
        status, _, body = fetch(server.url + "page/wilaya/16")
        assert status == 503 and b"coopgraph build" in body
    finally:
        current.symlink_to(target)
    assert fetch(server.url + "ready")[0] == 200


ACCESS_LINE = re.compile(
    r'(?P<client>\S+) "(?P<method>[A-Z]+) (?P<path>\S+) HTTP/1\.1" (?P<status>\d{3}) '
    r"(?P<bytes>\d+) (?P<ms>\d+)ms$"
)


def test_access_log_has_method_path_status_bytes_duration(server: CoopgraphServer) -> None:
    path = "/search?q=oran-access-log"
    status, _, body = fetch(server.url + path.lstrip("/"))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = [m for line in server.log if (m := ACCESS_LINE.search(line.rstrip()))]
        found = [m for m in lines if m["path"] == path]
        if found:
            break
        time.sleep(0.1)
    assert found, "".join(server.log[-20:])
    line = found[-1]
    assert line["client"] == "127.0.0.1" and line["method"] == "GET"
    assert int(line["status"]) == status and int(line["bytes"]) == len(body)
    assert int(line["ms"]) >= 0

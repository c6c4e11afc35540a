"""Scale out: nginx (Debian's) in front of two `coopgraph serve` instances (gunicorn), each on
its own replica of the store, and a new release rolled across the replicas under continuous
load: no request fails, and no answer mixes two releases."""

from __future__ import annotations

import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from coopgraph import build
from coopgraph.publish import to_folder
from coopgraph.store import StoreDir

from .servers import CoopgraphServer, NginxServer

pytestmark = pytest.mark.slow

RELEASE_ID = re.compile(rb"release/(\d{8}T\d{9}-[0-9a-f]{8})")
# The release as the graph states it, next to the release the response's header names
RELEASE_QUERY = (
    "PREFIX coop: <https://w3id.org/coopgraph/ontology#>\nSELECT ?r WHERE { ?r a coop:Release }"
)
PATHS = [
    "sparql?" + urllib.parse.urlencode({"query": RELEASE_QUERY, "format": "json"}),
    "void",  # a page: its Turtle names the release (dct:hasVersion)
]
LOAD_SECONDS = 60  # the load stops when the roll is done; this only bounds a stuck test


@dataclass(frozen=True)
class Answer:
    path: str
    status: int
    header: str | None  # X-Coopgraph-Release
    stated: frozenset[str]  # release ids the body names


def ask(url: str) -> Answer:
    request = urllib.request.Request(url, headers={"Accept": "text/turtle"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body, status, headers = response.read(), response.status, response.headers
    except urllib.error.HTTPError as err:
        body, status, headers = err.read(), err.code, err.headers
    except OSError as err:  # a refused or cut connection is a failed request too
        return Answer(url, 0, None, frozenset([str(err)]))
    stated = frozenset(m.decode() for m in RELEASE_ID.findall(body))
    return Answer(url, status, headers.get("X-Coopgraph-Release"), stated)


def load(base: str, stop: threading.Event, answers: list[Answer]) -> None:
    deadline = time.monotonic() + LOAD_SECONDS
    while not stop.is_set() and time.monotonic() < deadline:
        for path in PATHS:
            answers.append(ask(base + path))


def serving(server: CoopgraphServer, release_id: str, seconds: float = 30) -> None:
    """Wait until the instance answers with `release_id` (its next request after the swap)."""
    deadline = time.monotonic() + seconds
    while ask(server.url + "void").header != release_id:
        assert time.monotonic() < deadline, f"{server.url} still serves the old release"
        time.sleep(0.1)


def test_rolling_release_across_two_replicas_under_load(tmp_path: Path) -> None:
    source = StoreDir(tmp_path / "build")
    build.build(source.root)
    first = source.current_release_id()
    replicas = [tmp_path / "replica-a", tmp_path / "replica-b"]
    for replica in replicas:
        to_folder(source, replica)
    instances: list[CoopgraphServer] = []
    nginx = None
    stop = threading.Event()
    answers: list[Answer] = []
    clients: list[threading.Thread] = []
    try:
        instances = [CoopgraphServer(str(r), [], workers=1) for r in replicas]
        upstreams = [urllib.parse.urlsplit(s.url).netloc for s in instances]
        nginx = NginxServer(tmp_path / "nginx", upstreams)
        clients = [threading.Thread(target=load, args=(nginx.url, stop, answers)) for _ in (1, 2)]
        for client in clients:
            client.start()
        time.sleep(1)  # load on the first release
        build.build(source.root)
        second = source.current_release_id()
        assert second is not None and second != first
        started = time.monotonic()
        for replica, instance in zip(replicas, instances, strict=True):
            to_folder(source, replica)
            serving(instance, second)
        rolled = time.monotonic() - started
        time.sleep(1)  # load on the second release everywhere
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=LOAD_SECONDS)
        for server in [nginx, *instances]:
            if server is not None:
                server.stop()

    failed = [a for a in answers if a.status != 200]
    assert not failed, failed[:5]
    mixed = [a for a in answers if a.stated != {a.header}]
    assert not mixed, mixed[:5]
    seen = [a.header for a in answers]
    assert set(seen) == {first, second}
    assert seen[-4:] == [second] * 4  # once rolled, only the new release is served
    print(f"{len(answers)} requests through nginx, roll of two replicas in {rolled:.1f} s")


def test_a_pinned_store_reads_one_release_across_a_swap(tmp_path: Path) -> None:
    """What a request relies on: its pinned view, and its query process's `at(release)`, keep
    reading the release the request began with after a build swaps `current`."""
    from coopgraph.backends import open_store

    build.build(tmp_path)
    shared = open_store(tmp_path)
    first = shared.release().release_id
    view = shared.pinned()
    build.build(tmp_path)
    second = shared.release().release_id
    assert second != first
    stated = "SELECT ?r WHERE { ?r a <https://w3id.org/coopgraph/ontology#Release> }"
    for store, release_id in [(view, first), (shared.at(first), first), (shared, second)]:
        assert store.release().release_id == release_id
        assert [row["r"].value.rsplit("/", 1)[1] for row in store.query(stated)] == [release_id]

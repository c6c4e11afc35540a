"""The one cache of the server (coopgraph.releasecache): bounded, safe across threads, emptied
when the release changes; and the views that keep values in it follow a rebuild (a real store
built twice, read through the Flask app)."""

from __future__ import annotations

import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import rdflib

from coopgraph import build
from coopgraph.releasecache import ReleaseCache
from coopgraph.web import create_app

from .conftest import ROOT
from .test_result_cache import EXTRA_AGREEMENT

NAMED = ' ;\n    <http://www.w3.org/2000/01/rdf-schema#label> "Zzyzx rebuild test"@en .\n'

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")


def test_the_least_recently_used_values_go_first() -> None:
    cache: ReleaseCache[str] = ReleaseCache(3)
    for key in "abc":
        cache.put("r1", key, key.upper())
    assert cache.get("r1", "a") == "A"  # now the most recently used
    cache.put("r1", "d", "D")
    assert cache.get("r1", "b") is None and len(cache) == 3
    assert [cache.get("r1", k) for k in "acd"] == ["A", "C", "D"]


def test_a_weight_bounds_the_cache_and_a_value_heavier_than_it_is_not_kept() -> None:
    cache: ReleaseCache[bytes] = ReleaseCache(10, weigh=len)
    cache.put("r1", "a", b"x" * 4)
    cache.put("r1", "b", b"y" * 4)
    cache.put("r1", "c", b"z" * 4)  # 12 > 10: "a" goes
    assert cache.get("r1", "a") is None and cache.weight == 8
    cache.put("r1", "huge", b"h" * 11)
    assert cache.get("r1", "huge") is None and len(cache) == 2  # and nothing was pushed out
    cache.put("r1", "b", b"y")  # replacing a value counts its new weight only
    assert cache.weight == 5


def test_another_release_empties_the_cache() -> None:
    cache: ReleaseCache[int] = ReleaseCache(10)
    cache.put("r1", "a", 1)
    assert cache.get("r2", "a") is None and len(cache) == 0 and cache.weight == 0
    assert cache.get_or_make("r2", "a", lambda: 2) == 2
    assert cache.get("r1", "a") is None  # a request still on the old release recomputes


def test_a_value_asked_for_by_many_threads_is_made_once() -> None:
    cache: ReleaseCache[int] = ReleaseCache(10)
    made: list[int] = []
    start = threading.Barrier(16)

    def make() -> int:
        made.append(1)
        time.sleep(0.05)  # long enough for every other thread to ask meanwhile
        return 42

    def ask(_: int) -> int:
        start.wait()
        return cache.get_or_make("r1", "index", make)

    with ThreadPoolExecutor(16) as pool:
        assert list(pool.map(ask, range(16))) == [42] * 16
    assert len(made) == 1


def test_the_cache_stays_consistent_across_threads_and_releases() -> None:
    cache: ReleaseCache[bytes] = ReleaseCache(5_000, weigh=len)

    def hammer(n: int) -> None:
        for i in range(2000):
            release = f"r{i // 500}"
            value = cache.get_or_make(release, (n, i % 40), lambda size=i % 300: bytes(size))
            assert len(value) < 300

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(hammer, range(8)))  # re-raises the failure of any thread
    assert cache.weight == sum(len(v) for v in cache._entries.values()) <= 5_000


def described_graphs(client) -> dict[str, int]:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    g = rdflib.Graph().parse(data=response.data, format="turtle")
    return {
        str(g.value(named, SD.name)): int(g.value(g.value(named, SD.graph), VOID.triples))
        for named in g.objects(None, SD.namedGraph)
    }


def counted_graphs(store) -> dict[str, int]:
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"].value: int(r["n"].value) for r in rows}


def test_the_service_description_gives_the_sizes_the_build_recorded(built_store) -> None:
    """The sizes come from the release metadata, not from a scan, and are the graphs' own."""
    client = create_app(built_store.dir.root).test_client()
    assert described_graphs(client) == counted_graphs(built_store)


@pytest.mark.slow
def test_views_follow_a_rebuild(tmp_path: Path) -> None:
    """One app (one worker) across two builds: the service description, the VoID counts and the
    home page show the new release, not what the cache kept of the old."""
    sources, location = tmp_path / "sources", tmp_path / "store"
    for area in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / area, sources / area)
    build.build(location, sources_root=sources)
    client = create_app(location).test_client()
    before = described_graphs(client)
    void_before = client.get("/void", headers={"Accept": "text/turtle"}).data
    search_before = client.get("/search?q=Zzyzx").data

    named = EXTRA_AGREEMENT.rstrip().removesuffix(".") + NAMED  # so that search can find it
    (sources / "data" / "agreements" / "test-rebuild.ttl").write_text(named)
    build.build(location, sources_root=sources)

    after = described_graphs(client)
    agreements = next(g for g in after if g.endswith("/graph/agreements"))
    assert after[agreements] == before[agreements] + 4  # the four triples written above
    assert client.get("/void", headers={"Accept": "text/turtle"}).data != void_before
    assert b"/page/agreement/TEST-REBUILD-1" in client.get("/search?q=Zzyzx").data
    assert b"/page/agreement/TEST-REBUILD-1" not in search_before

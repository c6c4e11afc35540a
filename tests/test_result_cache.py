"""Answers computed once per release: the build ships the answers of the research queries
without parameters, each web worker caches complete answers per release, and a rebuild leaves
no stale answer (a real `coopgraph serve` across two builds)."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

from coopgraph import build, iris
from coopgraph.answers import Answer
from coopgraph.sparql.resultcache import Cached, ResultCache

from .conftest import ROOT
from .servers import CoopgraphServer
from .test_endpoint import COUNT_AGREEMENTS, count_of, get, http

FRANCE = iris.country("fr")
# A test fixture, never part of data/: one more agreement with a French partner.
EXTRA_AGREEMENT = f"""
<{iris.CANONICAL_BASE}id/agreement/TEST-REBUILD-1>
    a <{iris.ONTOLOGY}CooperationAgreement> ;
    <{iris.ONTOLOGY}algerianParty> <{iris.commune(1540)}> ;
    <{iris.ONTOLOGY}foreignParty> <{iris.collectivity("fr", "Belfort")}> .
"""


def entry(body: bytes) -> Cached:
    return Cached("text/plain", Answer(body, 1))


def test_the_cache_keeps_answers_of_one_release_within_its_budget() -> None:
    cache = ResultCache(max_bytes=400)
    cache.put("r1", "a", entry(b"x" * 100))
    cache.put("r1", "b", entry(b"y" * 100))
    hit = cache.get("r1", "a")
    assert hit is not None and hit.answer.body == b"x" * 100 and hit.answer.source == "cached"
    cache.put("r1", "big", entry(b"z" * 101))  # over a quarter of the budget: not kept
    assert cache.get("r1", "big") is None
    for key in "cdef":  # fills the budget: the least recently used ("b") goes first
        cache.put("r1", key, entry(b"w" * 90))
    assert cache.get("r1", "b") is None and cache.get("r1", "f") is not None
    assert cache.get("r2", "a") is None and len(cache) == 0  # a new release forgets them all


def test_the_cache_is_safe_across_threads() -> None:
    cache, errors = ResultCache(max_bytes=50_000), []

    def hammer(n: int) -> None:
        try:
            for i in range(2000):
                release = f"r{i // 500}"
                cache.put(release, (n, i % 50), entry(bytes(i % 200)))
                found = cache.get(release, (n, i % 50))
                assert found is None or len(found.answer.body) <= 200
        except Exception as err:  # reported below, with the thread's failure
            errors.append(err)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert not errors
    assert cache.weight == sum(len(e.answer.body) for e in cache._entries.values()) <= 50_000


def rows_of(body: bytes) -> list[dict[str, str]]:
    bindings = json.loads(body)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def france_count(url: str) -> tuple[int, dict[str, str]]:
    status, headers, body = http(url + "queries/agreements-by-country.json")
    assert status == 200
    row = next(r for r in rows_of(body) if r["country"] == FRANCE)
    return int(row["agreements"]), headers


def with_country(url: str) -> tuple[int, dict[str, str]]:
    status, headers, body = http(f"{url}queries/agreements-with-country.json?country={FRANCE}")
    assert status == 200
    return len(rows_of(body)), headers


@pytest.mark.slow
def test_a_rebuild_leaves_no_stale_answer(tmp_path: Path) -> None:
    sources, store = tmp_path / "sources", tmp_path / "store"
    for area in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / area, sources / area)
    build.build(store, sources_root=sources)
    server = CoopgraphServer(str(store), [], workers=1)
    try:
        sparql = server.url + "sparql"
        france, headers = france_count(server.url)
        assert headers["X-Coopgraph-Answer"] == "shipped"
        assert headers["Cache-Control"] == "public, max-age=300"
        first = get(sparql, COUNT_AGREEMENTS, "application/sparql-results+json")
        again = get(sparql, COUNT_AGREEMENTS, "application/sparql-results+json")
        assert first[1]["X-Coopgraph-Answer"] == "computed"
        assert again[1]["X-Coopgraph-Answer"] == "cached" and again[2] == first[2]
        assert again[1]["Cache-Control"] == "public, max-age=300"
        partners = with_country(server.url)
        assert partners[1]["X-Coopgraph-Answer"] == "computed"
        assert with_country(server.url)[1]["X-Coopgraph-Answer"] == "cached"

        (sources / "data" / "agreements" / "test-rebuild.ttl").write_text(EXTRA_AGREEMENT)
        build.build(store, sources_root=sources)

        after = get(sparql, COUNT_AGREEMENTS, "application/sparql-results+json")
        assert after[1]["X-Coopgraph-Answer"] == "computed"
        assert count_of(after[2]) == count_of(first[2]) + 1
        assert after[1]["X-Coopgraph-Release"] != first[1]["X-Coopgraph-Release"]
        france_after, headers = france_count(server.url)
        assert (france_after, headers["X-Coopgraph-Answer"]) == (france + 1, "shipped")
        partners_after = with_country(server.url)
        assert partners_after[0] == partners[0] + 1
        assert partners_after[1]["X-Coopgraph-Answer"] == "computed"
    finally:
        server.stop()

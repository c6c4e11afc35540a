"""The command line against a real built store, and `coopgraph serve` answering real HTTP."""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.cli import main
from coopgraph.store import EmbeddedStore

from .servers import CoopgraphServer

pytestmark = pytest.mark.slow

AGREEMENTS_BY_COUNTRY = """PREFIX coop: <https://w3id.org/coopgraph/ontology#>
SELECT ?country (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?a a coop:CooperationAgreement ; coop:foreignParty/coop:country ?country }
GROUP BY ?country ORDER BY DESC(?n)"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def store_dir(store: EmbeddedStore) -> str:
    return str(store.dir.root)


def test_query_json_is_sparql_results_json(built_store: EmbeddedStore) -> None:
    code, out = run(
        "query", "--store", store_dir(built_store), "--format", "json", AGREEMENTS_BY_COUNTRY
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["head"]["vars"] == ["country", "n"]
    counts = {b["country"]["value"]: int(b["n"]["value"]) for b in doc["results"]["bindings"]}
    assert counts["https://w3id.org/coopgraph/id/country/fr"] == max(counts.values())
    assert len(counts) == 27


def test_query_csv_tsv_and_table_agree(built_store: EmbeddedStore) -> None:
    _, as_csv = run(
        "query", "--store", store_dir(built_store), "--format", "csv", AGREEMENTS_BY_COUNTRY
    )
    _, as_tsv = run(
        "query", "--store", store_dir(built_store), "--format", "tsv", AGREEMENTS_BY_COUNTRY
    )
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert len(rows) == 27 == len(as_tsv.strip().splitlines()) - 1
    _, table = run("query", "--store", store_dir(built_store), AGREEMENTS_BY_COUNTRY)
    assert "27 row(s)" in table


def test_query_construct_defaults_to_turtle(built_store: EmbeddedStore, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("DESCRIBE <https://w3id.org/coopgraph/id/wilaya/16>", encoding="utf-8")
    code, out = run("query", "--store", store_dir(built_store), "--file", str(query))
    assert code == 0
    import rdflib

    g = rdflib.Graph().parse(data=out, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/coopgraph/id/wilaya/16"), None, None) in g


def test_malformed_query_is_a_clear_error(built_store: EmbeddedStore) -> None:
    code, out = run("query", "--store", store_dir(built_store), "SELECT ?x WHERE { ?x ")
    assert code == 2
    assert "not valid SPARQL" in out


def test_missing_store_says_how_to_build(tmp_path: Path) -> None:
    code, out = run("query", "--store", str(tmp_path / "nowhere"), "ASK {}")
    assert code == 2
    assert "coopgraph build --store" in out


def test_stats(built_store: EmbeddedStore) -> None:
    code, out = run("stats", "--store", store_dir(built_store))
    assert code == 0
    for title in (
        "Resources by class",
        "Agreements by partner country",
        "Agreements by theme",
        "Agreements by decade of signing",
    ):
        assert title in out
    assert "CooperationAgreement" in out


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`coopgraph serve` on an empty store folder: it must build first, then answer."""
    location = tmp_path / "store"
    server = CoopgraphServer(str(location), [], workers=1)
    try:
        yield server.url, location
    finally:
        server.stop()


def test_serve_builds_then_answers_http(served: tuple[str, Path]) -> None:
    url, location = served
    assert (location / "current").is_dir()
    with urllib.request.urlopen(url + "?lang=en", timeout=10) as response:
        assert response.status == 200
        page = response.read().decode()
    assert 'id="count-agreements">115<' in page
    assert 'id="count-communes">1541<' in page
    with urllib.request.urlopen(url + "?lang=ar", timeout=10) as response:
        assert 'dir="rtl"' in response.read().decode()

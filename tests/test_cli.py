"""The command line against a real built store, and `coopgraph serve` answering real HTTP."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
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


def test_query_table_is_readable_at_80_columns(built_store: EmbeddedStore) -> None:
    """IRIs as prefixed names or paths under the base, long cells wrapped, never cut."""
    query = """PREFIX coop: <https://w3id.org/coopgraph/ontology#>
    SELECT ?a ?p ?o WHERE { ?a a coop:CooperationAgreement ; ?p ?o } ORDER BY ?a ?p ?o LIMIT 40"""
    shown = subprocess.run(
        [sys.executable, "-m", "coopgraph", "query", "--store", store_dir(built_store), query],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
        check=True,
    )
    lines = shown.stdout.splitlines()
    assert lines and all(len(line) <= 80 for line in lines)
    assert "https://w3id.org/coopgraph/" not in shown.stdout
    _, as_csv = run("query", "--store", store_dir(built_store), "--format", "csv", query)
    assert shown.stdout.count("…") == as_csv.count("…")  # the data's own, none added by a cut
    rows = [line for line in lines if line.startswith("│ id/agreement/")]
    assert len(rows) == 40  # one line starts each row: a wrapped cell adds lines, not rows
    assert "│ coop:" in shown.stdout or " coop:" in shown.stdout
    assert "40 row(s)" in shown.stderr
    assert "  coop: https://w3id.org/coopgraph/ontology#\n" in shown.stderr
    assert "  id/…, vocab/…: under https://w3id.org/coopgraph/\n" in shown.stderr

"""`coopgraph validate` when something goes wrong inside: an engine's failure is exit status 2
with one clear message naming the statement that causes it, at its file and line (the
traceback only with --debug); literals where concepts are expected give the same results on
both engines; rdflib's tracebacks for invalid literals that DQ-04 reports stay off standard
error."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coopgraph.validate.failing_statement import failing_statements, smallest_failing

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "shapes"
WORLD = FIXTURES / "_world.ttl"
# A shape whose SPARQL names a prefix no one declares: neither engine can run it.
BROKEN_SHAPE = """\
@prefix coopsh: <https://w3id.org/coopgraph/shapes#> .
@prefix coop: <https://w3id.org/coopgraph/ontology#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .

coopsh:T-broken a sh:NodeShape ;
    sh:targetClass coop:CooperationAgreement ;
    coop:ruleId "T-99" ;
    sh:sparql [ sh:select "SELECT $this WHERE { $this undeclared:p ?o }" ] .
"""


# A record whose foreign party is an RDF 1.2 triple term (Turtle 1.2, which Oxigraph reads):
# pySHACL 0.40.1's Oxigraph wrapper converts every term it reads with `to_rdf`, which has no
# case for a triple term (AttributeError: 'pyoxigraph.Triple' object has no attribute
# 'value'); the fast engine reads its solutions with the same function. Both engines crash.
TRIPLE_TERM_RECORD = """\
@prefix coop:      <https://w3id.org/coopgraph/ontology#> .
@prefix rdfs:      <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:       <http://www.w3.org/2001/XMLSchema#> .
@prefix prov:      <http://www.w3.org/ns/prov#> .
@prefix agreement: <https://w3id.org/coopgraph/id/agreement/> .
@prefix commune:   <https://w3id.org/coopgraph/id/commune/> .
@prefix foreign:   <https://w3id.org/coopgraph/id/collectivity/> .

agreement:T-triple-term a coop:TwinningAgreement ;
    rdfs:label "Jumelage Annaba – Dunkerque"@fr ;
    coop:algerianParty commune:2301 ;
    coop:foreignParty <<( foreign:fr\\/dunkerque a coop:ForeignCollectivity )>> ;
    coop:signingDate "2004"^^xsd:gYear ;
    prov:wasDerivedFrom <https://example.org/source> .
"""
AGREEMENT = "<https://w3id.org/coopgraph/id/agreement/T-triple-term>"
TRIPLE_TERM = (
    f"{AGREEMENT} coop:foreignParty <<( <https://w3id.org/coopgraph/id/collectivity/fr/dunkerque>"
    " rdf:type coop:ForeignCollectivity )>>"
)


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


def validate(*args: str | Path, sources: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **({"COOPGRAPH_SOURCES": str(sources)} if sources else {})}
    command = [sys.executable, "-m", "coopgraph.validate.command", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)


@pytest.fixture(scope="module")
def broken_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("broken-sources")
    for area in ("ontology", "shapes"):
        shutil.copytree(ROOT / area, root / area)
    (root / "shapes" / "broken.ttl").write_text(BROKEN_SHAPE, encoding="utf-8")
    return root


@pytest.mark.parametrize("engine", ["auto", "pyshacl"])
def test_an_engine_failure_is_exit_2_with_one_message_naming_the_files(
    broken_sources: Path, engine: str
) -> None:
    record = FIXTURES / "DC-34.pass.ttl"
    done = validate(WORLD, record, "--engine", engine, sources=broken_sources)
    assert done.returncode == 2 and done.stdout == ""
    assert "Traceback" not in done.stderr
    message = done.stderr.strip().splitlines()
    assert len(message) == 1, done.stderr
    assert "internal error" in message[0] and str(record) in message[0] and "--debug" in message[0]
    # The failure needs no statement of the record but the type that makes the shape apply.
    typed = line_of(record.read_text(encoding="utf-8"), "a coop:TwinningAgreement")
    relative = record.relative_to(ROOT)
    assert f"as soon as a resource is a coop:TwinningAgreement ({relative}:{typed})" in message[0]


def test_debug_shows_the_traceback(broken_sources: Path) -> None:
    record = FIXTURES / "DC-34.pass.ttl"
    done = validate(WORLD, record, "--engine", "pyshacl", "--debug", sources=broken_sources)
    assert done.returncode != 0 and "Traceback" in done.stderr


@pytest.mark.parametrize("engine", ["auto", "pyshacl"])
def test_literals_where_concepts_are_expected_are_findings_not_crashes(engine: str) -> None:
    record = FIXTURES / "DQ-06.literal.fail.ttl"
    done = validate(WORLD, record, "--engine", engine, "--format", "json")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    values = {(r["rule_id"], r["path"], r["value"]) for r in json.loads(done.stdout)["results"]}
    assert {
        ("DC-08", "coop:theme", '"culture"'),
        ("DQ-06", "coop:confidence", '"high"'),
        ("DQ-03", "coop:status", '"signed"@en'),
    } <= values


@pytest.mark.parametrize("engine", ["auto", "pyshacl"])
def test_invalid_dates_leave_standard_error_quiet(engine: str) -> None:
    done = validate(WORLD, FIXTURES / "DQ-04.calendar.fail.ttl", "--engine", engine)
    assert done.returncode == 1
    assert done.stderr == ""


@pytest.fixture
def triple_term_record(tmp_path: Path) -> Path:
    record = tmp_path / "agreements" / "annaba-dunkerque.ttl"
    record.parent.mkdir()
    record.write_text(TRIPLE_TERM_RECORD, encoding="utf-8")
    return record


def assert_names_the_statement(done: subprocess.CompletedProcess[str], record: Path, engine: str):
    assert done.returncode == 2 and done.stdout == ""
    assert "Traceback" not in done.stderr
    message = done.stderr.strip().splitlines()
    assert len(message) == 1, done.stderr
    at = line_of(TRIPLE_TERM_RECORD, "coop:foreignParty <<(")
    typed = line_of(TRIPLE_TERM_RECORD, "a coop:TwinningAgreement")
    assert message[0].startswith(
        f"Error: {record}:{at}: statement {TRIPLE_TERM} makes the {engine} engine fail "
        f"(given {record}:{typed}: {AGREEMENT} rdf:type coop:TwinningAgreement): AttributeError: "
    ), message[0]
    assert "--debug" in message[0]


@pytest.mark.parametrize("engine", ["auto", "fast", "pyshacl"])
def test_an_engine_crash_names_the_statement_that_causes_it(
    triple_term_record: Path, engine: str
) -> None:
    done = validate(WORLD, triple_term_record, "--engine", engine)
    assert_names_the_statement(done, triple_term_record, engine)


def test_an_engine_crash_with_the_project_data_names_the_contributors_statement(
    triple_term_record: Path,
) -> None:
    done = validate("--with-project-data", triple_term_record, "--engine", "fast")
    assert_names_the_statement(done, triple_term_record, "fast")


def test_the_search_for_the_statement_is_bounded(triple_term_record: Path) -> None:
    """Out of engine runs, no statement is named (the command then names the files)."""
    error = AttributeError("'pyoxigraph.Triple' object has no attribute 'value'")
    args = ([WORLD, triple_term_record], [], ROOT, "fast", error)
    assert failing_statements(*args, max_runs=2) is None
    found = failing_statements(*args)
    assert found is not None and [s.line for s in found] == [
        line_of(TRIPLE_TERM_RECORD, "coop:foreignParty"),
        line_of(TRIPLE_TERM_RECORD, "a coop:TwinningAgreement"),
    ]


def test_the_search_keeps_only_the_statements_the_failure_needs() -> None:
    runs: list[list[int]] = []

    def fails(items: list[int]) -> bool:
        runs.append(list(items))
        return {3, 700} <= set(items)

    assert smallest_failing(range(1000), fails) == [700, 3]
    assert len(runs) <= 2 * 11  # two bisections of log2(1000) runs each, and two checks
    assert smallest_failing(range(10), lambda items: False) is None

    def fails_far(items: list[int]) -> bool:
        runs.append(list(items))
        return {300, 700} <= set(items)

    runs.clear()
    assert smallest_failing(range(1000), fails_far, lambda item, found: item == 300) == [700, 300]
    assert len(runs) == 10 + 1 + 1 + 1  # bisection, check, the near item at once, check

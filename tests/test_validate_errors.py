"""`coopgraph validate` when something goes wrong inside: an engine's failure is exit status 2
with one clear message (the traceback only with --debug); literals where concepts are expected
give the same results on both engines; rdflib's tracebacks for invalid literals that DQ-04
reports stay off standard error."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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

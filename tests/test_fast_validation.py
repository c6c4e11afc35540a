"""The fast SHACL engine (shapes compiled to SPARQL) against pySHACL, the reference: identical
results on the shipped data, on every rule fixture and on synthetic data; shapes it cannot
compile fall back to pySHACL visibly."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph import sources
from coopgraph.validate.command import validate_command
from coopgraph.validate.engine import validate_with_engine
from coopgraph.validate.fast.run import FastEngineError
from coopgraph.validate.loading import load_files, project_files
from coopgraph.validate.report import Report

ROOT = sources.default_root()
FIXTURES = sorted((ROOT / "tests" / "shapes").glob("*.ttl"))
REPO = Path(__file__).resolve().parents[1]


def normalised(report: Report) -> set[tuple[object, ...]]:
    """What must be identical: focus node, path, value, severity, component, shape (a blank
    shape is named by the shape that holds it), rule."""
    return {
        (r.focus_node, r.path, r.value, r.severity, r.source_component, r.source_shape, r.rule_id)
        for r in report.results
    }


def both(files: list[Path], root: Path = ROOT) -> tuple[set, set, dict[str, str]]:
    reference, _ = validate_with_engine(load_files([*project_files(root), *files]), root, "pyshacl")
    fast, fallback = validate_with_engine(load_files([*project_files(root), *files]), root, "auto")
    return normalised(reference), normalised(fast), fallback


def test_shipped_data_gives_pyshacls_results_without_fallback() -> None:
    reference, fast, fallback = both(sorted((ROOT / "data").rglob("*.ttl")))
    assert reference, "the shipped data has results (warnings, infos) to compare"
    assert fast == reference
    assert fallback == {}


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_rule_fixture_gives_pyshacls_results(fixture: Path) -> None:
    reference, fast, _ = both([fixture])
    assert fast == reference


def test_synthetic_10k_gives_pyshacls_results() -> None:
    sys.path.insert(0, str(REPO / "bench"))  # benchmarks import each other as scripts do
    common = pytest.importorskip(
        "common", reason="bench/common.py (synthetic datasets) is not in this checkout"
    )
    data = common.dataset("10k", build=False)
    files = sorted((data.sources / "data").rglob("*.ttl"))
    reference, fast, fallback = both(files, data.sources)
    assert reference and fast == reference and not fallback


CLOSED_SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:Closed a sh:NodeShape ; sh:targetClass ex:Thing ; sh:closed true ;
    sh:property [ sh:path ex:name ] ; sh:severity sh:Violation ;
    sh:message "A thing has only a name."@en .
ex:Named a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "A thing has a name."@en ] .
"""
THINGS = """
@prefix ex: <http://example.org/> .
ex:a a ex:Thing ; ex:colour "red" .
ex:b a ex:Thing ; ex:name "b" .
"""


@pytest.fixture
def closed_root(tmp_path: Path) -> Path:
    (tmp_path / "shapes").mkdir()
    (tmp_path / "ontology").mkdir()
    (tmp_path / "shapes" / "closed.ttl").write_text(CLOSED_SHAPE, encoding="utf-8")
    (tmp_path / "things.ttl").write_text(THINGS, encoding="utf-8")
    return tmp_path


def test_unsupported_shape_falls_back_to_pyshacl_visibly(closed_root: Path) -> None:
    reference, fast, fallback = both([closed_root / "things.ttl"], closed_root)
    assert fast == reference
    components = {r[4] for r in fast}
    assert {"sh:ClosedConstraintComponent", "sh:MinCountConstraintComponent"} <= components
    assert list(fallback) == ["http://example.org/Closed"]
    assert "sh:closed" in fallback["http://example.org/Closed"]
    dataset = load_files([closed_root / "things.ttl"])
    with pytest.raises(FastEngineError, match="--engine auto"):
        validate_with_engine(dataset, closed_root, "fast")


@pytest.mark.parametrize("engine", ["auto", "fast", "pyshacl"])
def test_command_reports_the_same_json_with_every_engine(engine: str) -> None:
    result = CliRunner().invoke(validate_command, ["--format", "json", "--engine", "pyshacl"])
    other = CliRunner().invoke(validate_command, ["--format", "json", "--engine", engine])
    assert other.exit_code == result.exit_code
    assert other.stdout == result.stdout

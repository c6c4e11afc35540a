"""`--with-project-data` and `--baseline`: a contributor's file owns every result its statements
cause, wherever the focus node is described, at the line of the statement; it never inherits
the project's own warnings. Records are written the way the project's data is, about existing
communes, wilayas, networks and agreements; each runs on both engines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph import iris
from coopgraph.validate.command import validate_command

from .conftest import ROOT
from .records import PREFIXES, agreement

# A new agreement of Annaba (commune 2301, whose own agreements carry project warnings) with a
# foreign city: complete, so that the only results it could get are the project's own.
CLEAN_AGREEMENT = agreement("T-OWN-CLEAN")

# (name, record, start of the line that breaks a rule, rule id, focus node)
BREAKING = [
    (
        "commune-second-wilaya",
        "commune:0101\n    coop:inWilaya wilaya:02 .\n",
        "    coop:inWilaya",
        "DQ-08",
        iris.commune("0101"),
    ),
    (
        "wilaya-second-code",
        'wilaya:16\n    coop:wilayaCode "61" .\n',
        "    coop:wilayaCode",
        "DQ-08",
        iris.wilaya(16),
    ),
    (
        "network-second-founding-date",
        'network:arlem\n    coop:foundingDate "2011"^^xsd:gYear .\n',
        "    coop:foundingDate",
        "DQ-04",
        iris.network("arlem"),
    ),
    (
        "agreement-wilaya-49-in-1970",
        "agreement:DZA-AGR-001\n    coop:party wilaya:49 .\n",
        "    coop:party",
        "DC-34",
        iris.agreement("DZA-AGR-001"),
    ),
]
ENGINES = ["auto", "pyshacl"]


def record(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / f"{name}.ttl"
    path.write_text(PREFIXES + body, encoding="utf-8")
    return path


def line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


def run(*args: str | Path) -> tuple[int, dict]:
    result = CliRunner().invoke(validate_command, [*map(str, args), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", BREAKING, ids=[c[0] for c in BREAKING])
def test_a_statement_about_an_existing_resource_is_reported_in_the_file_that_makes_it(
    tmp_path: Path, case: tuple, engine: str
) -> None:
    name, body, statement, rule_id, focus = case
    path = record(tmp_path, name, body)
    code, report = run("--with-project-data", "--engine", engine, path)
    assert code == 1, report
    violations = [r for r in report["results"] if r["severity"] == "violation"]
    assert violations
    assert {(r["rule_id"], r["focus_node"]) for r in violations} == {(rule_id, focus)}
    assert {(Path(r["file"]), r["line"]) for r in violations} == {(path, line_of(path, statement))}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_clean_record_about_existing_resources_inherits_no_project_result(
    tmp_path: Path, engine: str
) -> None:
    # Annaba's agreements DZA-AGR-001 and -002 carry the project's own warnings (DC-05, DC-06…).
    path = record(tmp_path, "clean", CLEAN_AGREEMENT)
    code, report = run("--with-project-data", "--engine", engine, path)
    assert code == 0
    assert {r["focus_node"] for r in report["results"]} <= {iris.agreement("T-OWN-CLEAN")}
    assert all(Path(r["file"]) == path for r in report["results"])


def test_a_statement_that_fixes_a_project_warning_does_not_bring_the_others(
    tmp_path: Path,
) -> None:
    """Adding an objective to DZA-AGR-001 removes its DC-06 warning; its DC-05 ones stay the
    project's."""
    body = 'agreement:DZA-AGR-001\n    coop:objective "Coopération portuaire."@fr .\n'
    code, report = run("--with-project-data", record(tmp_path, "objective", body))
    assert code == 0 and report["results"] == []


def test_baseline_locates_a_new_result_at_the_statement_that_causes_it(tmp_path: Path) -> None:
    data = ROOT / "data"
    baseline = tmp_path / "baseline.json"
    assert CliRunner().invoke(validate_command, [str(data), "--write-baseline", str(baseline)])
    path = record(tmp_path, "second-wilaya", BREAKING[0][1])
    code, report = run(data, path, "--baseline", baseline)
    new = [r for r in report["results"] if r["new"]]
    assert code == 1
    assert [(r["rule_id"], Path(r["file"]), r["line"]) for r in new] == [
        ("DQ-08", path, line_of(path, "    coop:inWilaya"))
    ]

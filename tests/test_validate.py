"""`coopgraph validate`: formats read back by real parsers, exit codes, baselines, stores and
endpoints, the library API the build calls, and the pySHACL workaround's regression check."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from pyshacl.graph_abstraction import OxigraphDataGraph

from coopgraph import build, iris, sources
from coopgraph.validate import SourceSyntaxError, validate_sources
from coopgraph.validate.build_check import check_for_build
from coopgraph.validate.catalogue import markdown
from coopgraph.validate.command import validate_command
from coopgraph.validate.engine import load_shapes

from .conftest import ROOT
from .servers import OxigraphServer

FIXTURES = ROOT / "tests" / "shapes"
WORLD = FIXTURES / "_world.ttl"
VIOLATING = FIXTURES / "DC-34.fail.ttl"  # wilaya 49 in an act of 2015: one DC-34 violation
CONFORMING = FIXTURES / "DC-34.pass.ttl"  # warnings and infos only
WARNING_ONLY = FIXTURES / "DC-06.fail.ttl"
FOCUS = iris.agreement("T-DC-34")


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(text))


VIOLATION_LINE = line_of(VIOLATING, "    coop:algerianParty wilaya:49")  # the statement at fault


def cli(*args: str | Path) -> tuple[int, str, str]:
    """Through click's test runner."""
    result = CliRunner().invoke(validate_command, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def process(*args: str | Path) -> tuple[int, str, str]:
    """Through a real process, as CI runs it."""
    command = [sys.executable, "-m", "coopgraph.validate.command", *map(str, args)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)
    return done.returncode, done.stdout, done.stderr


def the_violation(results: list[dict]) -> dict:
    found = [r for r in results if r["rule_id"] == "DC-34" and r["severity"] == "violation"]
    assert len(found) == 1, results
    return found[0]


# --- formats, each read back by a real parser ------------------------------------------------


def test_json_names_the_file_and_line_of_a_violation() -> None:
    code, out, _ = cli(WORLD, VIOLATING, "--format", "json")
    assert code == 1
    document = json.loads(out)
    assert document["format"] == "coopgraph-validate-report" and document["version"] == 1
    assert document["conforms"] is False and document["counts"]["violation"] == 1
    result = the_violation(document["results"])
    assert result["file"].endswith("tests/shapes/DC-34.fail.ttl")
    assert result["line"] == VIOLATION_LINE
    assert result["focus_node"] == FOCUS and result["path"] == "coop:party"
    assert result["value"] == iris.wilaya(49)
    assert set(result["messages"]) == {"en", "fr", "ar"}
    assert result["message"] == result["messages"]["en"]


def test_sarif_has_the_required_fields_and_locates_the_violation() -> None:
    code, out, _ = process(WORLD, VIOLATING, "--format", "sarif")
    assert code == 1
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert run["tool"]["driver"]["name"] == "coopgraph validate"
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert result["ruleId"] in rule_ids and result["message"]["text"]
        assert result["level"] in {"error", "warning", "note"}
    errors = [r for r in run["results"] if r["level"] == "error"]
    assert [r["ruleId"] for r in errors] == ["DC-34"]
    location = errors[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "tests/shapes/DC-34.fail.ttl"
    assert location["region"]["startLine"] == VIOLATION_LINE


def test_junit_reports_the_violation_as_a_failure_with_file_and_line() -> None:
    code, out, _ = cli(WORLD, VIOLATING, "--format", "junit")
    assert code == 1
    suites = ET.fromstring(out)
    assert suites.tag == "testsuites" and suites.get("failures") == "1"
    failed = [case for case in suites.iter("testcase") if case.find("failure") is not None]
    assert len(failed) == 1
    assert failed[0].get("file", "").endswith("tests/shapes/DC-34.fail.ttl")
    assert failed[0].get("line") == str(VIOLATION_LINE)
    assert failed[0].find("failure").get("type") == "violation"  # type: ignore[union-attr]


def test_github_annotations() -> None:
    code, out, _ = process(WORLD, VIOLATING, "--format", "github")
    assert code == 1
    errors = re.findall(r"^::error file=([^,]+),line=(\d+),title=([^:]+)::(.+)$", out, re.M)
    assert errors == [
        ("tests/shapes/DC-34.fail.ttl", str(VIOLATION_LINE), "DC-34 (violation)", errors[0][3])
    ]
    assert re.search(r"^::warning file=tests/shapes/DC-34\.fail\.ttl,line=\d+,", out, re.M)
    assert re.search(r"^::notice ", out, re.M)


def test_text_groups_by_file_and_rule() -> None:
    code, out, _ = cli(WORLD, VIOLATING)
    assert code == 1
    assert "tests/shapes/DC-34.fail.ttl" in out
    assert re.search(r"^\s+DC-34$", out, re.M)
    assert re.search(rf"^\s+{VIOLATION_LINE}: violation id/agreement/T-DC-34 coop:party", out, re.M)
    assert "1 violation(s)" in out and "FAILS" in out


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_messages_in_the_chosen_language(lang: str) -> None:
    _, out, _ = cli(WORLD, VIOLATING, "--format", "json", "--lang", lang)
    result = the_violation(json.loads(out)["results"])
    assert result["message"] == result["messages"][lang] != result["messages"]["en"]


# --- exit codes -----------------------------------------------------------------------------


def test_exit_codes_for_conforming_violating_and_warning_only_data() -> None:
    assert cli(WORLD, CONFORMING)[0] == 0
    assert cli(WORLD, VIOLATING)[0] == 1
    assert cli(WORLD, WARNING_ONLY)[0] == 0
    assert cli(WORLD, WARNING_ONLY, "--fail-on", "warning")[0] == 1
    assert process(WORLD, WARNING_ONLY, "--fail-on", "warning")[0] == 1


def test_broken_turtle_exits_2_with_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\n\nex:a ex:b "unterminated .\n')
    code, out, err = process(broken)
    assert code == 2 and out == ""
    assert f"{broken}:3:" in err


def test_paths_and_store_together_are_a_usage_error(tmp_path: Path) -> None:
    code, _, err = cli(WORLD, "--store", tmp_path)
    assert code == 2 and "not several" in err


# --- baseline -------------------------------------------------------------------------------


def test_baseline_fails_only_on_new_results_and_reports_fixed_ones(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    shutil.copy(VIOLATING, data)
    recorded = tmp_path / "baseline.json"
    assert cli(WORLD, data, "--write-baseline", recorded)[0] == 0
    keys = json.loads(recorded.read_text())["results"]
    assert {"rule_id": "DC-34", "focus_node": FOCUS, "path": "coop:party"} in [
        {k: v for k, v in item.items() if k != "value"} for item in keys
    ]

    code, out, _ = cli(WORLD, data, "--baseline", recorded, "--format", "json")
    assert code == 0 and not any(r["new"] for r in json.loads(out)["results"])

    new = FIXTURES / "DC-01.fail.ttl"
    code, out, _ = cli(WORLD, data, new, "--baseline", recorded, "--format", "json")
    document = json.loads(out)
    assert code == 1
    assert {r["rule_id"] for r in document["results"] if r["new"]} >= {"DC-01"}
    assert the_violation(document["results"])["new"] is False

    shutil.copy(CONFORMING, data)
    code, out, _ = cli(WORLD, data, "--baseline", recorded, "--format", "json")
    fixed = json.loads(out)["baseline"]["fixed"]
    assert code == 0
    assert {
        "rule_id": "DC-34",
        "focus_node": FOCUS,
        "path": "coop:party",
        "value": iris.wilaya(49),
    } in fixed
    assert "fixed" in cli(WORLD, data, "--baseline", recorded)[1]


# --- stores and endpoints -------------------------------------------------------------------


@pytest.fixture
def release(tmp_path: Path) -> Path:
    """A small on-disk store laid out like a build (DIR/current), one named graph per file."""
    location = tmp_path / "store" / "current"
    location.parent.mkdir()
    store = ox.Store(str(location))
    for path in [*sorted((ROOT / "ontology").rglob("*.ttl")), WORLD, VIOLATING]:
        graph = ox.NamedNode(iris.graph(path.stem.lower().replace("_", "")))
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph)
    store.flush()
    del store
    return location


def test_store_validation_names_the_graph(release: Path) -> None:
    code, out, _ = cli("--store", release.parent, "--format", "json")
    assert code == 1
    assert the_violation(json.loads(out)["results"])["file"] == iris.graph("dc-34.fail")


@pytest.mark.slow
def test_endpoint_validation(release: Path) -> None:
    server = OxigraphServer(release)
    try:
        code, out, _ = process("--endpoint", server.url, "--format", "json")
    finally:
        server.stop()
    assert code == 1
    assert the_violation(json.loads(out)["results"])["focus_node"] == FOCUS


def test_unreachable_endpoint_exits_2() -> None:
    code, _, err = cli("--endpoint", "http://127.0.0.1:9/sparql")
    assert code == 2 and "cannot read the endpoint" in err


# --- the project's data, the catalogue, the library API -------------------------------------


def test_default_paths_are_the_project_data() -> None:
    code, out, _ = cli("--format", "json")
    document = json.loads(out)
    assert code == 0 and document["counts"]["violation"] == 0
    assert all(r["file"].startswith("data/") or "/data/" in r["file"] for r in document["results"])


def test_catalogue_option_writes_the_generated_rules(tmp_path: Path) -> None:
    output = tmp_path / "rules.md"
    assert cli("--catalogue", output)[0] == 0
    assert output.read_text(encoding="utf-8") == markdown(load_shapes(ROOT))


def test_syntax_errors_carry_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<urn:a> <urn:b> .\n")
    with pytest.raises(SourceSyntaxError) as err:
        validate_sources([sources.SourceFile(broken, "data")], ROOT)
    assert err.value.path == broken.resolve() and err.value.line == 1


def test_build_check_lists_violations_with_file_and_line(tmp_path: Path) -> None:
    files = [sources.SourceFile(p, "data") for p in (WORLD, VIOLATING)]
    summary = check_for_build(files, ROOT)
    assert [v.split(" ")[:2] for v in summary.violations] == [
        [f"{VIOLATING}:{VIOLATION_LINE}:", "DC-34"]
    ]
    assert summary.warnings > 0
    broken = tmp_path / "broken.ttl"
    broken.write_text("<urn:a> .\n")
    with pytest.raises(build.BuildError, match=r"broken\.ttl:1:"):
        check_for_build([sources.SourceFile(broken, "data")], ROOT)


def test_a_file_whose_statements_are_all_indented_is_located_by_first_mention(
    tmp_path: Path,
) -> None:
    """No statement starts a line: the result's line is the first line that names the node."""
    indented = tmp_path / "indented.ttl"
    indented.write_text(
        "".join(
            line if line.startswith("@") or not line.strip() else "    " + line
            for line in VIOLATING.read_text(encoding="utf-8").splitlines(keepends=True)
        ),
        encoding="utf-8",
    )
    summary = check_for_build([sources.SourceFile(p, "data") for p in (WORLD, indented)], ROOT)
    line = line_of(indented, "    agreement:T-DC-34 ")
    assert [v.split(" ")[:2] for v in summary.violations] == [[f"{indented}:{line}:", "DC-34"]]


def test_no_full_count_of_the_store_during_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    """The __bool__ workaround for pySHACL 0.40.1 (see engine.py): without it pySHACL counts
    the whole store for every result it builds, which makes validation minutes long."""

    def counted(*_: object, **__: object) -> int:
        raise AssertionError("pySHACL counted the whole store: the __bool__ workaround is gone")

    monkeypatch.setattr(OxigraphDataGraph, "__len__", counted)
    report = validate_sources([sources.SourceFile(p, "data") for p in (WORLD, VIOLATING)], ROOT)
    assert report.count("violation") == 1


def test_project_data_as_context_resolves_references_without_reporting_it(tmp_path: Path) -> None:
    """Another repository's agreement about Annaba (commune 2301, described in data/admin)."""
    data = tmp_path / "agreements.ttl"
    data.write_text(
        (FIXTURES / "DC-01.pass.ttl").read_text(encoding="utf-8")
        + 'foreign:fr\\/dunkerque a coop:ForeignCollectivity ; rdfs:label "Dunkerque"@fr ;\n'
        "    coop:country country:fr .\n",
        encoding="utf-8",
    )
    alone = json.loads(cli(data, "--format", "json")[1])["results"]
    assert {"DC-01", "DC-04"} <= {r["rule_id"] for r in alone if r["severity"] == "violation"}
    code, out, _ = cli(data, "--with-project-data", "--format", "json")
    results = json.loads(out)["results"]
    assert code == 0 and results
    assert {r["file"] for r in results} == {str(data)}


def test_a_value_in_a_list_of_objects_is_located_at_its_own_line(tmp_path: Path) -> None:
    """The result names the statement at fault: the line of the bad value among the themes,
    not the agreement's first line nor the property's."""
    text = FIXTURES.joinpath("DC-08.fail.ttl").read_text(encoding="utf-8")
    listed = text.replace(
        "    coop:theme <https://example.org/themes/football> ;",
        "    coop:theme theme:urban-management ,\n        <https://example.org/themes/football> ;",
    )
    record = tmp_path / "themes.ttl"
    record.write_text(listed, encoding="utf-8")
    _, out, _ = cli(WORLD, record, "--format", "json")
    found = [r for r in json.loads(out)["results"] if r["rule_id"] == "DC-08"]
    assert [r["line"] for r in found] == [line_of(record, "        <https://example.org/themes/")]

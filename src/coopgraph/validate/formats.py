"""Report formats: text (rich), json, junit, sarif and github (workflow commands).

The JSON format is documented in docs/validate.md; its field names are stable.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from itertools import groupby
from pathlib import Path
from xml.etree import ElementTree as ET

from rich.console import Console
from rich.markup import escape

from coopgraph import iris
from coopgraph.validate.baseline import Outcome
from coopgraph.validate.catalogue import RuleShape
from coopgraph.validate.report import Result, Severity

TOOL = "coopgraph validate"
SARIF_LEVEL = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
GITHUB_COMMAND = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
COLOUR = {Severity.VIOLATION: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def display_file(file: str | None, bases: tuple[str, ...] = ("cwd", "repository")) -> str | None:
    """A file's path relative to the first of `bases` it lies under: the working directory
    (text, json and junit: for the person who ran the command) or the root of the git
    repository that holds it (sarif and github: code scanning and annotations resolve paths
    from the repository root, wherever the command ran); else as given."""
    if file is None or "://" in file:
        return file
    path = Path(file)
    folders = {"cwd": lambda: Path.cwd(), "repository": lambda: repository_root(path)}
    for base in (folders[b]() for b in bases):
        if base is not None and path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return path.as_posix()


def repository_file(file: str | None) -> str | None:
    return display_file(file, ("repository", "cwd"))


def repository_root(path: Path) -> Path | None:
    """The nearest folder above `path` that holds a .git (a folder, or a worktree's file)."""
    return next((folder for folder in path.parents if (folder / ".git").exists()), None)


def artifact_uri(file: str) -> str:
    """A SARIF artifactLocation.uri: relative to the repository root (repository_file), or for
    a file in no repository and outside the working directory its file: URI, never a bare
    absolute path."""
    shown = repository_file(file) or file
    return Path(shown).as_uri() if Path(shown).is_absolute() else shown


def short(iri: str | None) -> str:
    if iri is None:
        return ""
    return iri.removeprefix(iris.CANONICAL_BASE)


def summary(outcome: Outcome) -> str:
    counts = outcome.report.counts()
    text = ", ".join(f"{n} {severity}(s)" for severity, n in counts.items())
    if outcome.baseline is not None:
        new = len(outcome.new)
        text += f"; {new} new, {len(outcome.report.results) - new} in the baseline, "
        text += f"{len(outcome.fixed)} fixed since the baseline"
    verdict = "FAILS" if outcome.exit_code else "passes"
    return f"{text} — {verdict} (fail on {outcome.fail_on.value})"


# --- text -----------------------------------------------------------------------------------


def print_text(outcome: Outcome, lang: str, console: Console) -> None:
    """Grouped by file, then by rule; new results marked when a baseline is used."""
    by_file = groupby(outcome.report.results, key=lambda r: display_file(r.file) or "(no file)")
    for file, file_results in by_file:
        console.print(f"[bold]{escape(file)}[/bold]")
        for rule_id, rule_results in groupby(
            sorted(file_results, key=lambda r: r.rule_id), key=lambda r: r.rule_id
        ):
            console.print(f"  [bold]{rule_id}[/bold]")
            for r in rule_results:
                console.print("    " + _text_line(r, outcome, lang), highlight=False)
    for fixed in outcome.fixed:
        console.print(
            f"[green]fixed[/green] {fixed['rule_id']} {escape(short(fixed['focus_node']))}"
        )
    console.print(summary(outcome), highlight=False)


def _text_line(r: Result, outcome: Outcome, lang: str) -> str:
    colour = COLOUR[r.severity]
    where = f"{r.line}: " if r.line else ""
    new = "[bold]new[/bold] " if outcome.baseline is not None and outcome.is_new(r) else ""
    text = f"{escape(about(r))} — {escape(r.text(lang))}"
    return f"{where}{new}[{colour}]{r.severity.value}[/{colour}] {text}"


def about(r: Result) -> str:
    """Focus node, path and value; the value is left out when it only repeats the focus node
    (SPARQL rules without ?value)."""
    value = "" if r.value in (None, r.focus_node) else f"= {short(r.value)}"
    return " ".join(p for p in (short(r.focus_node), r.path or "", value) if p)


# --- json -----------------------------------------------------------------------------------


def result_dict(r: Result, outcome: Outcome, lang: str) -> dict[str, object]:
    item: dict[str, object] = {
        "rule_id": r.rule_id,
        "severity": r.severity.value,
        "focus_node": r.focus_node,
        "path": r.path,
        "value": r.value,
        "message": r.text(lang),
        "messages": dict(r.message),
        "source_shape": r.source_shape,
        "source_component": r.source_component,
        "file": display_file(r.file),
        "line": r.line,
    }
    if outcome.baseline is not None:
        item["new"] = outcome.is_new(r)
    return item


def to_json(outcome: Outcome, lang: str) -> str:
    document: dict[str, object] = {
        "format": "coopgraph-validate-report",
        "version": 1,
        "conforms": outcome.exit_code == 0,
        "fail_on": outcome.fail_on.value,
        "lang": lang,
        "counts": outcome.report.counts(),
        "results": [result_dict(r, outcome, lang) for r in outcome.report.results],
    }
    if outcome.baseline is not None:
        document["baseline"] = {
            "new": len(outcome.new),
            "fixed": outcome.fixed,
        }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- junit ----------------------------------------------------------------------------------


def to_junit(outcome: Outcome, lang: str) -> str:
    """One test suite per rule, one test case per result; a failure for each failing result."""
    results = sorted(outcome.report.results, key=lambda r: r.rule_id)
    suites = ET.Element("testsuites", name=TOOL, tests=str(max(len(results), 1)))
    suites.set("failures", str(len(outcome.failing)))
    for rule_id, rule_results in groupby(results, key=lambda r: r.rule_id):
        cases = list(rule_results)
        suite = ET.SubElement(suites, "testsuite", name=rule_id, tests=str(len(cases)))
        suite.set("failures", str(sum(1 for r in cases if outcome.fails(r))))
        for r in cases:
            _junit_case(suite, r, outcome, lang)
    if not results:
        suite = ET.SubElement(suites, "testsuite", name=TOOL, tests="1", failures="0")
        ET.SubElement(suite, "testcase", classname=TOOL, name="all rules")
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _junit_case(suite: ET.Element, r: Result, outcome: Outcome, lang: str) -> None:
    file = display_file(r.file) or ""
    case = ET.SubElement(
        suite, "testcase", classname=file, name=f"{r.rule_id} {short(r.focus_node)}"
    )
    case.set("file", file)
    if r.line:
        case.set("line", str(r.line))
    details = f"{file}:{r.line or 0}: {r.rule_id} {r.severity.value} {about(r)}"
    if outcome.fails(r):
        failure = ET.SubElement(case, "failure", type=r.severity.value, message=r.text(lang))
        failure.text = details
    else:
        ET.SubElement(case, "system-out").text = f"{details}\n{r.text(lang)}"


# --- sarif ----------------------------------------------------------------------------------


def to_sarif(outcome: Outcome, lang: str, rules: list[RuleShape]) -> str:
    """SARIF 2.1.0: one rule per rule id (from the shapes), one result per SHACL result."""
    by_id: dict[str, RuleShape] = {}
    for rule in rules:
        by_id.setdefault(rule.rule_id, rule)  # the most severe shape of the rule comes first
    ids = sorted({r.rule_id for r in outcome.report.results} | set(by_id))
    driver = {
        "name": TOOL,
        "informationUri": "https://w3id.org/coopgraph/",
        "rules": [_sarif_rule(i, by_id.get(i), lang) for i in ids],
    }
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": [
            _sarif_result(r, ids.index(r.rule_id), outcome, lang) for r in outcome.report.results
        ],
    }
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _sarif_rule(rule_id: str, rule: RuleShape | None, lang: str) -> dict[str, object]:
    if rule is None:
        return {"id": rule_id, "name": rule_id}
    description = rule.message.get(lang) or rule.message.get("en", rule_id)
    return {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": {"text": description},
        "help": {"text": f"Legal source: {rule.legal_source} Confidence: {rule.confidence}."},
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        "properties": {"legalSource": rule.legal_source, "confidence": rule.confidence},
    }


def _sarif_result(r: Result, index: int, outcome: Outcome, lang: str) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": r.rule_id,
        "ruleIndex": index,
        "level": SARIF_LEVEL[r.severity],
        "message": {"text": r.text(lang)},
        "locations": [_sarif_location(r)] if r.file else [],
        "partialFingerprints": {
            "coopgraphResult/v1": hashlib.sha256("\x1f".join(r.key).encode()).hexdigest()
        },
        "properties": {"focusNode": r.focus_node, "path": r.path, "value": r.value},
    }
    if outcome.baseline is not None:
        result["baselineState"] = "new" if outcome.is_new(r) else "unchanged"
    return result


def _sarif_location(r: Result) -> dict[str, object]:
    physical: dict[str, object] = {"artifactLocation": {"uri": artifact_uri(r.file or "")}}
    if r.line:
        physical["region"] = {"startLine": r.line}
    return {"physicalLocation": physical}


# --- github ---------------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(outcome: Outcome, lang: str) -> str:
    """GitHub Actions workflow commands: ::error / ::warning / ::notice with file and line."""
    lines = []
    for r in outcome.report.results:
        props = [f"file={_escape_property(repository_file(r.file) or '')}"] if r.file else []
        props += [f"line={r.line}"] if r.line else []
        props.append(f"title={_escape_property(f'{r.rule_id} ({r.severity.value})')}")
        message = _escape_data(f"{r.text(lang)} [{about(r)}]")
        lines.append(f"::{GITHUB_COMMAND[r.severity]} {','.join(props)}::{message}")
    lines.append(summary(outcome))
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[Outcome, str], str]] = {
    "json": to_json,
    "junit": to_junit,
    "github": to_github,
}
FORMATS = ("text", "json", "junit", "sarif", "github")  # sarif also needs the rules: to_sarif

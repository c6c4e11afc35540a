"""The validator `coopgraph build` runs before it writes a new store (build.Validator)."""

from __future__ import annotations

from pathlib import Path

from coopgraph import sources
from coopgraph.build import BuildError, ValidationSummary
from coopgraph.store import Finding
from coopgraph.validate.compliance import compliance
from coopgraph.validate.engine import load_shapes, validate_dataset
from coopgraph.validate.loading import SourceSyntaxError, load_files, project_files
from coopgraph.validate.report import Result, Severity


def check_for_build(data_files: list[sources.SourceFile], root: Path) -> ValidationSummary:
    """Violations, one line each with file and line, and the number of warnings."""
    try:
        dataset = load_files([*project_files(root), *(f.path for f in data_files)])
        report = validate_dataset(dataset, root)
    except SourceSyntaxError as err:
        raise BuildError(
            f"{err}. Fix the file and build again; the current store is unchanged."
        ) from err
    violations = [
        f"{r.file}:{r.line or 0}: {r.rule_id} {r.focus_node}: {r.text('en')}"
        for r in report.results
        if r.severity == Severity.VIOLATION
    ]
    findings = tuple(finding(r) for r in report.results)
    document = compliance(report, dataset, load_shapes(root)).to_json()
    return ValidationSummary(violations, report.count(Severity.WARNING), findings, document)


def finding(result: Result) -> Finding:
    """A result as the entity pages show it; a blank node's result goes to the resource that
    describes it (its focus is written '_:' + that resource's IRI)."""
    return Finding(
        focus=result.focus_node.removeprefix("_:"),
        rule_id=result.rule_id,
        severity=str(result.severity),
        messages=dict(result.message),
        path=result.path,
        value=result.value,
    )

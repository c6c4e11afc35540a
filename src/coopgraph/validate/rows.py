"""SHACL validation results as rows of terms, the form both engines' results meet in.

The fast engine makes rows straight from its query solutions (building pySHACL's report graph
and reading it back cost more than a third of a 1M-triple validation); pySHACL's report graph
is read into the same rows. The report reader (engine.ResultReader) takes them from there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import RDF, Graph
from rdflib.namespace import SH
from rdflib.term import Node

from coopgraph.validate.fast.paths import sparql_path


@dataclass(frozen=True, slots=True, eq=False)
class ReportRow:
    focus: Node
    value: Node | None
    path: Node | None
    severity: Node
    component: Node
    shape: Node | None
    constraint: Node | None
    paths: Graph | None = None  # holds a blank-node path's structure; None: the shapes graph


def read_rows(report: Graph, results: Iterable[Node] | None = None) -> list[ReportRow]:
    """The rows of a report graph: the sh:result of its sh:ValidationReport (not the nested
    sh:detail results), or the result nodes given."""
    if results is None:
        results = (
            node
            for report_node in report.subjects(RDF.type, SH.ValidationReport)
            for node in report.objects(report_node, SH.result)
        )
    return [_row(report, node) for node in results]


def _row(report: Graph, node: Node) -> ReportRow:
    get = report.value
    path = get(node, SH.resultPath)
    return ReportRow(
        focus=get(node, SH.focusNode),
        value=get(node, SH.value),
        path=path,
        severity=get(node, SH.resultSeverity),
        component=get(node, SH.sourceConstraintComponent),
        shape=get(node, SH.sourceShape),
        constraint=get(node, SH.sourceConstraint),
        paths=report if path is not None and (path, None, None) in report else None,
    )


def comparable(
    rows: Iterable[ReportRow], shapes: Graph, term: Callable[[Node | None], str]
) -> set[tuple[str, ...]]:
    """Rows as (focus, path, value, severity, component, shape) with each term written by
    `term`, to compare two engines' results as sets (their blank node ids differ)."""
    return {
        (
            term(r.focus),
            "" if r.path is None else sparql_path(r.paths or shapes, r.path),
            term(r.value),
            term(r.severity),
            term(r.component),
            term(r.shape),
        )
        for r in rows
    }

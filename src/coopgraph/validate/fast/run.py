"""Run the compiled checks on a pyoxigraph store and write pySHACL's report vocabulary, so that
the report reader and every output format work unchanged. Shapes that do not compile are
validated by pySHACL (engine "auto") and listed in FastRun.fallback."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pyoxigraph as ox
from pyshacl.graph_abstraction import to_rdf
from rdflib import RDF, BNode, Graph, Literal
from rdflib.term import Node

from coopgraph.validate.fast.compile import Check, Compiler, top_level_shapes
from coopgraph.validate.fast.conditions import TYPE_PATH
from coopgraph.validate.fast.paths import SH, Unsupported

ENGINES = ("auto", "fast", "pyshacl")
# pySHACL as a function of (store, shapes, shape IRIs to use or None for all): its report graph.
Reference = Callable[[ox.Store, Graph, list[str] | None], Graph]


class FastEngineError(ValueError):
    """`--engine fast` met shapes it cannot compile."""


@dataclass
class FastRun:
    report: Graph
    fallback: dict[str, str] = field(default_factory=dict)  # shape -> why pySHACL ran it


def compile_all(shapes: Graph, closed: bool = False) -> tuple[list[Check], dict[Node, str]]:
    """The checks of every compilable top-level shape, and why the others are not. On a store
    `closed` under rdfs:subClassOf (every instance typed with each superclass), an instance is
    found by rdf:type alone, 3-4 times faster than through rdf:type/rdfs:subClassOf*."""
    compiler = Compiler(shapes)
    checks: list[Check] = []
    unsupported: dict[Node, str] = {}
    for shape in top_level_shapes(shapes):
        try:
            checks.extend(parsed(compiler.checks(shape)))
        except Unsupported as err:
            unsupported[shape] = str(err)
    if closed:
        checks = [replace(c, query=c.query.replace(TYPE_PATH, f"<{RDF.type}>")) for c in checks]
    return checks, unsupported


def parsed(checks: list[Check]) -> list[Check]:
    """The checks, once Oxigraph has parsed each query (on an empty store, so at no cost):
    SHACL-SPARQL may rely on prefixes the shapes do not declare."""
    empty = ox.Store()
    for check in checks:
        try:
            list(empty.query(check.query))
        except SyntaxError as err:
            raise Unsupported(f"{check.shape}: its SPARQL does not parse ({err.msg})") from err
    return checks


def validate(
    store: ox.Store, shapes: Graph, engine: str, reference: Reference, closed: bool = False
) -> FastRun:
    """`closed`: the store holds its subclass closure (Dataset.close_under_subclasses)."""
    checks, unsupported = compile_all(shapes, closed)
    if unsupported and engine == "fast":
        names = "; ".join(f"{s}: {why}" for s, why in unsupported.items())
        raise FastEngineError(
            f"the fast engine cannot compile {len(unsupported)} shape(s) ({names}); "
            "use --engine auto to let pySHACL validate them"
        )
    if any(isinstance(s, BNode) for s in unsupported):
        # pySHACL selects shapes by IRI only: a blank top-level shape means pySHACL runs all.
        report = reference(store, shapes, None)
        return FastRun(report, {str(s): why for s, why in unsupported.items()})
    report = Graph()
    write_results(report, store, checks)
    if unsupported:
        report += reference(store, shapes, [str(s) for s in unsupported])
    return FastRun(report, {str(s): why for s, why in unsupported.items()})


def write_results(report: Graph, store: ox.Store, checks: list[Check]) -> None:
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    found = 0
    for check in checks:
        # The closure is in a named graph, and pySHACL reads the union of the graphs too.
        for row in store.query(check.query, use_default_graph_as_union=True):
            report.add((node, SH.result, result(report, check, row)))
            found += 1
    report.add((node, SH.conforms, Literal(found == 0)))


def result(report: Graph, check: Check, row: ox.QuerySolution) -> BNode:
    node = BNode()
    focus = to_rdf(row["this"])
    value, path = binding(row, "value"), binding(row, "path")
    if value is None and check.value_is_focus:
        value = focus
    if path is None:
        path = check.path
    for predicate, term in (
        (RDF.type, SH.ValidationResult),
        (SH.focusNode, focus),
        (SH.value, value),
        (SH.resultPath, path),
        (SH.resultSeverity, check.severity),
        (SH.sourceShape, check.shape),
        (SH.sourceConstraintComponent, check.component),
        (SH.sourceConstraint, check.constraint),
    ):
        if term is not None:
            report.add((node, predicate, term))
    return node


def binding(row: ox.QuerySolution, name: str) -> Node | None:
    try:
        term = row[name]
    except (KeyError, IndexError):
        return None
    return None if term is None else to_rdf(term)

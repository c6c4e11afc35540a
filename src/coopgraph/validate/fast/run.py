"""Run the compiled checks on a pyoxigraph store; each solution is a result row (rows.ReportRow),
the form pySHACL's report graph is read into too. Shapes that do not compile are validated by
pySHACL (engine "auto") and listed in FastRun.fallback."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pyoxigraph as ox
from pyshacl.graph_abstraction import to_rdf
from rdflib import RDF, BNode, Graph
from rdflib.term import Node

from coopgraph.validate.fast.compile import Check, Compiler, top_level_shapes
from coopgraph.validate.fast.conditions import TYPE_PATH
from coopgraph.validate.fast.paths import Unsupported
from coopgraph.validate.rows import ReportRow, read_rows

ENGINES = ("auto", "fast", "pyshacl")
# pySHACL as a function of (store, shapes, shape IRIs to use or None for all): its report graph.
Reference = Callable[[ox.Store, Graph, list[str] | None], Graph]


class FastEngineError(ValueError):
    """`--engine fast` met shapes it cannot compile."""


@dataclass
class FastRun:
    rows: list[ReportRow]
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
    """`closed`: the store holds its subclass closure (Dataset.prepare_for_shapes)."""
    checks, unsupported = compile_all(shapes, closed)
    if unsupported and engine == "fast":
        names = "; ".join(f"{s}: {why}" for s, why in unsupported.items())
        raise FastEngineError(
            f"the fast engine cannot compile {len(unsupported)} shape(s) ({names}); "
            "use --engine auto to let pySHACL validate them"
        )
    fallback = {str(s): why for s, why in unsupported.items()}
    if any(isinstance(s, BNode) for s in unsupported):
        # pySHACL selects shapes by IRI only: a blank top-level shape means pySHACL runs all.
        return FastRun(read_rows(reference(store, shapes, None)), fallback)
    rows = [row for check in checks for row in check_rows(store, check)]
    if unsupported:
        rows += read_rows(reference(store, shapes, [str(s) for s in unsupported]))
    return FastRun(rows, fallback)


def check_rows(store: ox.Store, check: Check) -> list[ReportRow]:
    # The closure is in a named graph, and pySHACL reads the union of the graphs too.
    solutions = store.query(check.query, use_default_graph_as_union=True)
    return [row(check, solution) for solution in solutions]  # type: ignore[union-attr]


def row(check: Check, solution: ox.QuerySolution) -> ReportRow:
    focus = to_rdf(solution["this"])
    value, path = binding(solution, "value"), binding(solution, "path")
    return ReportRow(
        focus=focus,
        value=focus if value is None and check.value_is_focus else value,
        path=check.path if path is None else path,
        severity=check.severity,
        component=check.component,
        shape=check.shape,
        constraint=check.constraint,
    )


def binding(solution: ox.QuerySolution, name: str) -> Node | None:
    try:
        term = solution[name]
    except (KeyError, IndexError):
        return None
    return None if term is None else to_rdf(term)

"""Run the project's SHACL shapes with pySHACL on a pyoxigraph store and read the results.

pySHACL 0.40.1 (pinned in pyproject.toml) validates a `pyoxigraph.Store` directly; SPARQL
constraints then run inside Oxigraph. One workaround makes it fast (research/feasibility.md
§7): pySHACL evaluates `data_graph or shapes_graph` for every result it builds, and the truth
test of its Oxigraph wrapper calls `__len__`, a COUNT over the whole store. A store is always
a graph to validate, so it is made true in O(1). tests/test_validate.py checks that no count
runs during a validation, so an upgrade that changes this is noticed.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from pyshacl.graph_abstraction import OxigraphDataGraph
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from coopgraph import iris, sources
from coopgraph.validate.fast import run as fast_run
from coopgraph.validate.loading import Dataset, load_files, parse_turtle, project_files
from coopgraph.validate.locate import Locator
from coopgraph.validate.report import Report, Result, Severity
from coopgraph.validate.rows import ReportRow, read_rows

SH = Namespace(iris.PREFIXES["sh"])
COOP = Namespace(iris.ONTOLOGY)
RDFS_LABEL = ox.NamedNode(iris.PREFIXES["rdfs"] + "label")
SEVERITIES = {
    SH.Violation: Severity.VIOLATION,
    SH.Warning: Severity.WARNING,
    SH.Info: Severity.INFO,
}
TEMPLATE_VALUE = re.compile(r"\{[?$]value\}")
PREFIXES = sorted(iris.PREFIXES.items(), key=lambda p: -len(p[1]))  # longest namespace first


def _truthy(_: object) -> bool:
    return True


OxigraphDataGraph.__bool__ = _truthy  # type: ignore[attr-defined]


def _nothing_about_literals(method: Callable[..., Iterator[Node]]) -> Callable[..., Iterator[Node]]:
    """RDF states nothing about a literal. pySHACL asks what a literal's properties are when a
    literal stands where a resource is expected (a theme "culture" checked against the theme
    scheme); its Oxigraph wrapper hands the literal to Oxigraph as a subject, which raises a
    TypeError. Answer as an rdflib graph does: nothing (the shape then reports the value)."""

    @functools.wraps(method)
    def objects(self: object, subject: Node | None = None, *args: object, **kw: object):
        return iter(()) if isinstance(subject, Literal) else method(self, subject, *args, **kw)

    return objects


for _method in ("objects", "predicate_objects"):
    setattr(
        OxigraphDataGraph, _method, _nothing_about_literals(getattr(OxigraphDataGraph, _method))
    )

DATE_TYPES = ("date", "dateTime", "gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay", "time")


class ReportedLiterals(logging.Filter):
    """rdflib logs a warning with a traceback for every literal whose lexical form does not fit
    its datatype, on runs that succeed. DQ-04 reports the date and time ones: those are dropped;
    any other keeps one line, without the traceback."""

    reported = tuple(f"Datatype={XSD[t]}," for t in DATE_TYPES)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith("Failed to convert Literal lexical form"):
            return True
        record.exc_info = None
        return not any(t in message for t in self.reported)


@contextmanager
def literal_warnings_filtered() -> Iterator[None]:
    logger = logging.getLogger("rdflib.term")
    quiet = ReportedLiterals()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def shape_files(root: Path) -> list[Path]:
    return sorted((root / "shapes").rglob("*.ttl"))


def load_shapes(root: Path) -> Graph:
    """The shapes graph; a Turtle error names the shapes file and line."""
    return _shapes_graph(tuple((p, p.stat().st_mtime_ns) for p in shape_files(root)))


@cache
def _shapes_graph(files: tuple[tuple[Path, int], ...]) -> Graph:
    graph = Graph()
    for path, _ in files:
        parse_turtle(path)  # for the line of a syntax error
        graph.parse(path, format="turtle")
    return graph


def validate_sources(data_files: list[sources.SourceFile], root: Path | None = None) -> Report:
    """Validate data files with the project's ontology, vocabularies and shapes under `root`.

    Raises SourceSyntaxError (file, line, column) when a file is not valid Turtle."""
    root = root or sources.default_root()
    dataset = load_files([*project_files(root), *(f.path for f in data_files)])
    return validate_dataset(dataset, root)


def validate_dataset(dataset: Dataset, root: Path | None = None, engine: str = "auto") -> Report:
    return validate_with_engine(dataset, root, engine)[0]


def validate_with_engine(
    dataset: Dataset, root: Path | None = None, engine: str = "auto"
) -> tuple[Report, dict[str, str]]:
    """The report, and the shapes pySHACL validated because the fast engine does not compile
    them (shape -> reason; all of them with engine "pyshacl")."""
    shapes = load_shapes(root or sources.default_root())
    dataset.prepare_for_shapes()
    with literal_warnings_filtered():
        if engine == "pyshacl":
            rows = read_rows(run_pyshacl(dataset.store, shapes))
            fallback = {"*": "--engine pyshacl"}
        else:
            run = fast_run.validate(dataset.store, shapes, engine, run_pyshacl, closed=True)
            rows, fallback = run.rows, run.fallback
        reader = ResultReader(shapes, dataset)
        unique = {(r.key, r.source_shape, r.source_component): r for r in map(reader.result, rows)}
    return Report(sorted(unique.values(), key=_order)), fallback


def run_pyshacl(
    data: ox.Store | Graph, shapes: Graph, use_shapes: list[str] | None = None
) -> Graph:
    """pySHACL's report graph, for all shapes or only those named."""
    _, report_graph, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
        use_shapes=use_shapes,
    )
    return report_graph


def _order(r: Result) -> tuple[str, int, str, str, str, str]:
    return (r.file or "", r.line or 0, r.rule_id, r.focus_node, r.path or "", r.value or "")


def prefixed(iri: str) -> str:
    return next((f"{p}:{iri[len(ns) :]}" for p, ns in PREFIXES if iri.startswith(ns)), f"<{iri}>")


@dataclass(frozen=True)
class Rule:
    """A constraint's rule id, messages (one per language) and shape, as results show them."""

    rule_id: str
    messages: tuple[Literal, ...]
    shape_name: str


class ResultReader:
    """Turns result rows into Results, reading rule ids and messages from the shapes, labels
    from the data and locations from the sources."""

    def __init__(self, shapes: Graph, dataset: Dataset) -> None:
        self.shapes, self.dataset = shapes, dataset
        self.locator = Locator(dataset.origins, dataset.files, dataset.checked)
        self._rules: dict[tuple[Node | None, Node | None], Rule] = {}

    def result(self, row: ReportRow) -> Result:
        value = row.value
        focus = self.node_text(row.focus)
        file, line = self.locator.locate(focus, *self.statement(row))
        rule = self.rule(row.constraint, row.shape)
        return Result(
            rule_id=rule.rule_id,
            severity=SEVERITIES[row.severity],
            focus_node=self.stable(focus),
            path=None if row.path is None else path_text(row.paths or self.shapes, row.path),
            value=None if value is None else self.value_text(value),
            message=self.messages(value, rule.messages),
            source_component=prefixed(str(row.component)),
            source_shape=rule.shape_name,
            file=file,
            line=line,
        )

    def statement(self, row: ReportRow) -> tuple[str | None, ox.Term | None]:
        """The property (and, for a one-step path, the value) of the focus node's statement
        that a result is about, to locate it; (None, None) for a result with no path."""
        paths = row.paths or self.shapes
        first = row.path
        if first is not None and (first, RDF.first, None) in paths:
            first = paths.value(first, RDF.first)
        if not isinstance(first, URIRef):
            return None, None
        return str(first), ox_term(row.value) if first == row.path else None

    def rule(self, constraint: Node | None, shape: Node | None) -> Rule:
        """What the shapes say of a (constraint, shape), read once: a 1M-triple graph's
        results come from a few dozen of them."""
        key = (constraint, shape)
        if key not in self._rules:
            source = next(s for s in key if s is not None and (s, SH.message, None) in self.shapes)
            self._rules[key] = Rule(
                rule_id=str(self.annotation(COOP.ruleId, constraint, shape)),
                messages=tuple(
                    m for m in self.shapes.objects(source, SH.message) if isinstance(m, Literal)
                ),
                shape_name=shape_name(self.shapes, shape),
            )
        return self._rules[key]

    def annotation(self, prop: URIRef, *shapes: Node | None) -> Node | None:
        return next(
            (v for s in shapes if s is not None and (v := self.shapes.value(s, prop))), None
        )

    def messages(self, value: Node | None, templates: tuple[Literal, ...]) -> dict[str, str]:
        """The shape's sh:message in each language, {?value} replaced by the value's label in
        that language. Read from the shapes: pySHACL drops the language tags of SPARQL
        constraints' messages."""
        return {
            m.language or "en": TEMPLATE_VALUE.sub(self.label(value, m.language or "en"), str(m))
            for m in templates
        }

    def label(self, value: Node | None, lang: str) -> str:
        """A resource's rdfs:label in `lang` (else French, else any), or the value itself."""
        if not isinstance(value, URIRef):
            return str(value)
        labels = {
            getattr(q.object, "language", None) or "": q.object.value
            for q in self.dataset.store.quads_for_pattern(ox.NamedNode(value), RDFS_LABEL, None)
        }
        text = labels.get(lang) or labels.get("fr") or next(iter(labels.values()), None)
        return f"{text} <{value}>" if text else str(value)

    @staticmethod
    def node_text(node: Node | None) -> str:
        return f"_:{node}" if isinstance(node, BNode) else str(node)

    def stable(self, node: str) -> str:
        """A blank node's id changes from run to run: name it by the resource it is in."""
        if not node.startswith("_:"):
            return node
        return f"_:{self.locator.origins.named_ancestor(node)}"

    def value_text(self, value: Node) -> str:
        if not isinstance(value, Literal):
            return self.stable(self.node_text(value))
        if value.language:
            return f'"{value}"@{value.language}'
        if value.datatype and value.datatype != XSD.string:
            return f'"{value}"^^{prefixed(str(value.datatype))}'
        return f'"{value}"'


def ox_term(node: Node | None) -> ox.NamedNode | ox.Literal | None:
    """An IRI or literal as Oxigraph's term (blank node ids differ between the engines)."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if not isinstance(node, Literal):
        return None
    if node.language:
        return ox.Literal(str(node), language=node.language)
    return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or XSD.string)))


def path_text(graph: Graph, path: Node) -> str:
    """A SHACL path as a SPARQL property path with the project's prefixes."""
    if isinstance(path, URIRef):
        return prefixed(str(path))
    if (path, RDF.first, None) in graph:
        return "/".join(path_text(graph, p) for p in graph.items(path))
    if inverse := graph.value(path, SH.inversePath):
        return "^" + path_text(graph, inverse)
    if alternatives := graph.value(path, SH.alternativePath):
        return "(" + "|".join(path_text(graph, p) for p in graph.items(alternatives)) + ")"
    return str(path)


def shape_name(shapes: Graph, shape: Node | None) -> str:
    """A named shape by its prefixed IRI, a blank one by the named shape that holds it."""
    if isinstance(shape, URIRef):
        return prefixed(str(shape))
    parent = shapes.value(predicate=SH.property, object=shape)
    return f"[] in {shape_name(shapes, parent)}" if parent is not None else "[]"

"""Shapes → checks: one SPARQL SELECT per constraint of a shape, finding every violating
focus node (and value) at once. Rows bind ?this, and ?value / ?path when the result has them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from coopgraph.validate.fast import sparql
from coopgraph.validate.fast.conditions import Conditions, text
from coopgraph.validate.fast.paths import SH, Unsupported, sparql_path
from coopgraph.validate.fast.targets import focus_pattern, local_name

COUNTS = {SH.minCount: "<", SH.maxCount: ">"}
QUALIFIED = {SH.qualifiedMinCount: "<", SH.qualifiedMaxCount: ">"}
PAIRS = {SH.lessThan: "<", SH.lessThanOrEquals: "<="}


@dataclass(frozen=True)
class Check:
    query: str
    shape: Node  # the sh:sourceShape of its results
    component: URIRef
    severity: URIRef
    path: Node | None = None  # the shape's sh:path, reported unless the row binds ?path
    constraint: Node | None = None  # sh:sourceConstraint (SPARQL-based constraints)
    value_is_focus: bool = False  # node shapes report the focus node as the value


def component(parameter: Node) -> URIRef:
    name = local_name(parameter)
    return SH[name[0].upper() + name[1:] + "ConstraintComponent"]


def top_level_shapes(shapes: Graph) -> list[Node]:
    """Shapes with targets, in a stable order."""
    found = {
        s
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
        for s in shapes.subjects(p, None)
    }
    found |= {s for s in shapes.subjects(RDF.type, SH.NodeShape) if focus_pattern(shapes, s)}
    return sorted(found, key=str)


class Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.conditions = Conditions(shapes)

    def checks(self, shape: Node) -> list[Check]:
        """Every check of a top-level shape; Unsupported when one cannot be compiled."""
        if (shape, SH.deactivated, Literal(True)) in self.shapes:
            return []
        pattern, lines = focus_pattern(self.shapes, shape) or ("", set())
        focus = Focus(pattern, lines)
        shapes = [shape, *self.shapes.objects(shape, SH.property)]
        if self.shapes.value(shape, SH.path) is not None:
            shapes = [shape]
        elif any(self.shapes.value(p, SH.path) is None for p in shapes[1:]):
            raise Unsupported(f"{shape}: sh:property without sh:path")
        return [
            check
            for s in shapes
            if (s, SH.deactivated, Literal(True)) not in self.shapes
            for check in self.shape_checks(s, focus)
        ]

    def shape_checks(self, shape: Node, focus: Focus) -> Iterator[Check]:
        path = self.shapes.value(shape, SH.path)
        severity = self.shapes.value(shape, SH.severity) or SH.Violation
        seen_components: set[Node] = set()
        for predicate, value in self.conditions.constraints(shape):
            if predicate == SH.property:
                if path is not None:
                    raise Unsupported(f"{shape}: sh:property in a property shape")
                continue
            new = Check("", shape, component(predicate), severity, path)
            if predicate == SH.sparql:
                yield self.sparql_check(new, value, focus, path)
            elif (custom := self.custom_component(predicate)) is not None:
                if custom not in seen_components:
                    seen_components.add(custom)
                    yield self.custom_check(new, custom, shape, focus, path)
            elif path is None:
                yield self.node_check(new, predicate, value, focus)
            else:
                yield self.property_check(new, predicate, value, focus, path)

    def node_check(self, check: Check, predicate: Node, value: Node, focus: Focus) -> Check:
        if predicate in (SH.closed, SH.ignoredProperties):
            raise Unsupported(f"{check.shape}: sh:closed")
        condition = self.conditions.node_condition(check.shape, predicate, value, "?this")
        query = f"SELECT ?this WHERE {{ {focus.pattern} FILTER (!{condition}) }}"
        return replace(check, focus.wrap(query), value_is_focus=predicate != SH.hasValue)

    def property_check(
        self, check: Check, predicate: Node, value: Node, focus: Focus, path: Node
    ) -> Check:
        p = sparql_path(self.shapes, path)
        where = f"{{ {focus.pattern} }}"
        if predicate in COUNTS:
            query = (
                f"SELECT ?this WHERE {{ {where} OPTIONAL {{ ?this {p} ?value }} }} GROUP BY ?this "
                f"HAVING (COUNT(DISTINCT ?value) {COUNTS[predicate]} {int(value)})"
            )
        elif predicate == SH.hasValue:
            query = (
                f"SELECT ?this WHERE {{ {where} FILTER NOT EXISTS {{ ?this {p} {text(value)} }} }}"
            )
        elif predicate == SH.qualifiedValueShape:
            return self.qualified_check(check, value, focus, p)
        elif predicate in PAIRS:
            compare = f"COALESCE(?value {PAIRS[predicate]} ?other, false)"
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ {where} ?this {p} ?value . "
                f"?this {text(value)} ?other FILTER (!{compare}) }}"
            )
        else:
            condition = self.conditions.value_condition(check.shape, predicate, value, "?value")
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ {where} ?this {p} ?value "
                f"FILTER (!{condition}) }}"
            )
        return replace(check, focus.wrap(query))

    def qualified_check(self, check: Check, value_shape: Node, focus: Focus, p: str) -> Check:
        # The filter sits in its own group: as the OPTIONAL's condition, Oxigraph evaluated
        # EXISTS in it without ?value bound.
        if (check.shape, SH.qualifiedValueShapesDisjoint, Literal(True)) in self.shapes:
            raise Unsupported(f"{check.shape}: sh:qualifiedValueShapesDisjoint")
        (bound, limit), *more = [
            (q, self.shapes.value(check.shape, q))
            for q in QUALIFIED
            if self.shapes.value(check.shape, q) is not None
        ] or [(None, None)]
        if bound is None or more:
            raise Unsupported(f"{check.shape}: qualified shape with none or both counts")
        condition = self.conditions.conforms(value_shape, "?value")
        query = (
            f"SELECT ?this WHERE {{ {{ {focus.pattern} }} OPTIONAL {{ {{ {{ ?this {p} ?value }} "
            f"FILTER ({condition}) }} }} }} GROUP BY ?this "
            f"HAVING (COUNT(DISTINCT ?value) {QUALIFIED[bound]} {int(limit)})"
        )
        return Check(focus.wrap(query), check.shape, component(bound), check.severity, check.path)

    def sparql_check(
        self, check: Check, constraint: Node, focus: Focus, path: Node | None
    ) -> Check:
        bindings = {"PATH": sparql_path(self.shapes, path)} if path is not None else {}
        lines, select = sparql.query(self.shapes, constraint, bindings, focus.pattern)
        return Check(
            focus.wrap(select, lines),
            check.shape,
            SH.SPARQLConstraintComponent,
            check.severity,
            path,
            constraint,
            value_is_focus=path is None,
        )

    def custom_component(self, predicate: Node) -> Node | None:
        return next(
            (
                c
                for param in self.shapes.subjects(SH.path, predicate)
                for c in self.shapes.subjects(SH.parameter, param)
                if (c, RDF.type, SH.ConstraintComponent) in self.shapes
            ),
            None,
        )

    def custom_check(
        self, check: Check, custom: Node, shape: Node, focus: Focus, path: Node | None
    ) -> Check:
        validator_kind = SH.nodeValidator if path is None else SH.propertyValidator
        validator = self.shapes.value(custom, validator_kind) or self.shapes.value(
            custom, SH.validator
        )
        if validator is None or (validator, RDF.type, SH.SPARQLSelectValidator) not in self.shapes:
            raise Unsupported(f"{custom}: no SPARQL SELECT validator")
        bindings = {"PATH": sparql_path(self.shapes, path)} if path is not None else {}
        for param in self.shapes.objects(custom, SH.parameter):
            name = self.shapes.value(param, SH.path)
            value = self.shapes.value(shape, name)
            if value is None:
                raise Unsupported(f"{shape}: optional parameter {name} of {custom}")
            bindings[local_name(name)] = text(value)
        lines, select = sparql.query(self.shapes, validator, bindings, focus.pattern)
        return Check(
            focus.wrap(select, lines), shape, custom, check.severity, path,
            value_is_focus=path is None,
        )  # fmt: skip


@dataclass(frozen=True)
class Focus:
    pattern: str
    prefixes: set[str]

    def wrap(self, query: str, lines: str = "") -> str:
        """The query with the PREFIX lines its targets and constraint need."""
        declared = sorted(self.prefixes | set(filter(None, lines.split("\n"))))
        return "\n".join([*declared, query])


def replace(check: Check, query: str, value_is_focus: bool = False) -> Check:
    return Check(
        query, check.shape, check.component, check.severity, check.path,
        check.constraint, value_is_focus,
    )  # fmt: skip

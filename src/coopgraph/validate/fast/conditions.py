"""A shape as a SPARQL boolean expression on one variable: true when the node conforms.

Used for the value shapes of sh:node, sh:or, sh:and, sh:not, sh:xone and sh:qualifiedValueShape,
and for the value-level constraints of a property shape (class, datatype, in, pattern…).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import count

from pyshacl.graph_abstraction import to_ox
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from coopgraph.validate.fast.paths import SH, Unsupported, sparql_path

NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})",
    SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}
RANGES = {
    SH.minInclusive: ">=",
    SH.minExclusive: ">",
    SH.maxInclusive: "<=",
    SH.maxExclusive: "<",
}
TYPE_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"  # SHACL instances, as pySHACL finds them
CASTS = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.date, XSD.dateTime}
UNCHECKED = {XSD[t] for t in ("byte", "short", "int", "long", "unsignedByte", "unsignedShort",
    "unsignedInt", "unsignedLong", "positiveInteger", "negativeInteger", "nonPositiveInteger",
    "nonNegativeInteger", "dateTimeStamp", "time", "duration")}  # fmt: skip
# Predicates of a shape that are not constraints (or are read with the constraint they belong to).
NOT_CONSTRAINTS = {
    RDF.type, SH.path, SH.severity, SH.message, SH.name, SH.description, SH.order, SH.group,
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target,
    SH.defaultValue, SH.flags, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.deactivated,
}  # fmt: skip
VARIABLES = count()


def fresh() -> str:
    return f"?v{next(VARIABLES)}"


def safe(expression: str) -> str:
    """An expression that is false (not an error) when its operands are not comparable."""
    return f"COALESCE({expression}, false)"


def text(value: Node) -> str:
    """A term in SPARQL syntax (N-Triples form; rdflib's n3() may shorten literals). A blank
    node in a query would be a variable: shapes that name one are left to pySHACL."""
    if isinstance(value, BNode):
        raise Unsupported(f"the blank node {value} as a value")
    return str(to_ox(value))


def string(value: Node) -> str:
    return text(Literal(str(value)))


class Conditions:
    """Compiles shapes of one shapes graph; raises Unsupported for what it cannot express."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.value_rules: dict[Node, Callable[[Node, Node, str], str]] = {
            SH["class"]: lambda s, o, v: f"EXISTS {{ {v} {TYPE_PATH} {text(o)} }}",
            SH.datatype: self.datatype,
            SH.nodeKind: lambda s, o, v: NODE_KINDS[o].format(v=v),
            SH["in"]: lambda s, o, v: (
                "("
                + (
                    " || ".join(f"sameTerm({v}, {text(m)})" for m in self.shapes.items(o))
                    or "false"
                )
                + ")"
            ),
            SH.pattern: self.pattern,
            SH.minLength: lambda s, o, v: f"(!isBlank({v}) && STRLEN(STR({v})) >= {int(o)})",
            SH.maxLength: lambda s, o, v: f"(!isBlank({v}) && STRLEN(STR({v})) <= {int(o)})",
            SH.languageIn: lambda s, o, v: (
                f"(isLiteral({v}) && ("
                + (
                    " || ".join(
                        f"langMatches(lang({v}), {string(t)})" for t in self.shapes.items(o)
                    )
                    or "false"
                )
                + "))"
            ),
            SH.node: lambda s, o, v: self.conforms(o, v),
            SH["not"]: lambda s, o, v: f"!({self.conforms(o, v)})",
            SH["and"]: lambda s, o, v: self.combine(o, v, " && ", "true"),
            SH["or"]: lambda s, o, v: self.combine(o, v, " || ", "false"),
            SH.xone: lambda s, o, v: (
                "("
                + " + ".join(f"IF({self.conforms(m, v)}, 1, 0)" for m in self.shapes.items(o))
                + ") = 1"
            ),
        }
        for predicate, operator in RANGES.items():
            self.value_rules[predicate] = lambda s, o, v, op=operator: (
                f"{safe(f'{v} {op} {text(o)}')}"
            )

    def constraints(self, shape: Node) -> Iterator[tuple[Node, Node]]:
        """The shape's constraint parameters and values (what is not metadata)."""
        for p, o in self.shapes.predicate_objects(shape):
            if p in NOT_CONSTRAINTS or (isinstance(p, URIRef) and not str(p).startswith(SH)):
                if isinstance(p, URIRef) and self.is_parameter(p):
                    yield p, o
                continue
            yield p, o

    def is_parameter(self, predicate: URIRef) -> bool:
        return any(
            (param, SH.path, predicate) in self.shapes
            for param in self.shapes.objects(None, SH.parameter)
        )

    def datatype(self, _: Node, datatype: Node, v: str) -> str:
        """The datatype, and for the types SPARQL can cast to, a well-formed lexical form
        (pySHACL reports "aldi"^^xsd:integer)."""
        if datatype in UNCHECKED:
            raise Unsupported(f"sh:datatype {datatype}: its lexical forms are not checked")
        same = f"isLiteral({v}) && sameTerm(DATATYPE({v}), {text(datatype)})"
        if datatype in CASTS:
            same += f" && COALESCE({text(datatype)}(STR({v})) = {v}, false)"
        return f"({same})"

    def pattern(self, shape: Node, pattern: Node, v: str) -> str:
        flags = self.shapes.value(shape, SH.flags)
        extra = f", {string(flags)}" if flags is not None else ""
        return f"(!isBlank({v}) && REGEX(STR({v}), {string(pattern)}{extra}))"

    def combine(self, members: Node, v: str, operator: str, empty: str) -> str:
        parts = [self.conforms(m, v) for m in self.shapes.items(members)]
        return "(" + (operator.join(parts) or empty) + ")"

    def value_condition(self, shape: Node, predicate: Node, value: Node, v: str) -> str:
        """One value-level constraint of `shape` as an expression on `v`."""
        rule = self.value_rules.get(predicate)
        if rule is None:
            raise Unsupported(f"{predicate} in a value shape")
        return safe(rule(shape, value, v))

    def conforms(self, shape: Node, v: str) -> str:
        """True when the node in `v` conforms to `shape` (a node or property shape)."""
        if (shape, SH.deactivated, Literal(True)) in self.shapes:
            return "true"
        path = self.shapes.value(shape, SH.path)
        parts = [self.conforms(p, v) for p in self.shapes.objects(shape, SH.property)]
        for predicate, value in self.constraints(shape):
            if predicate == SH.property:
                continue
            if path is None:
                parts.append(self.node_condition(shape, predicate, value, v))
            else:
                parts.append(self.path_condition(shape, path, predicate, value, v))
        return "(" + (" && ".join(parts) or "true") + ")"

    def node_condition(self, shape: Node, predicate: Node, value: Node, v: str) -> str:
        if predicate == SH.hasValue:
            return f"sameTerm({v}, {text(value)})"
        return self.value_condition(shape, predicate, value, v)

    def path_condition(self, shape: Node, path: Node, predicate: Node, value: Node, v: str) -> str:
        """A constraint of a property shape nested in a value shape, on the focus node `v`."""
        p, y = sparql_path(self.shapes, path), fresh()
        if predicate == SH.minCount and int(value) <= 1:
            return f"EXISTS {{ {v} {p} {y} }}" if int(value) == 1 else "true"
        if predicate == SH.maxCount and int(value) == 0:
            return f"NOT EXISTS {{ {v} {p} {y} }}"
        if predicate == SH.hasValue:
            return f"EXISTS {{ {v} {p} {text(value)} }}"
        if predicate in self.value_rules:
            inner = self.value_condition(shape, predicate, value, y)
            return f"NOT EXISTS {{ {v} {p} {y} FILTER (!{inner}) }}"
        raise Unsupported(f"{predicate} in a nested property shape")

"""The focus nodes of a shape as one SPARQL group pattern binding ?this (a UNION of its targets).

sh:targetClass follows rdfs:subClassOf in the data, as pySHACL does; SPARQL-based targets
(sh:SPARQLTarget and instances of a sh:SPARQLTargetType) run their sh:select."""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph
from rdflib.term import Node

from coopgraph.validate.fast import sparql
from coopgraph.validate.fast.conditions import TYPE_PATH, text
from coopgraph.validate.fast.paths import SH, Unsupported


def focus_pattern(shapes: Graph, shape: Node) -> tuple[str, set[str]] | None:
    """(pattern, PREFIX lines) for the shape's targets; None when it has none."""
    parts: list[str] = []
    prefixes: set[str] = set()
    for cls in shapes.objects(shape, SH.targetClass):
        parts.append(f"?this {TYPE_PATH} {text(cls)} .")
    if (shape, RDF.type, RDFS.Class) in shapes:
        parts.append(f"?this {TYPE_PATH} {text(shape)} .")
    for node in shapes.objects(shape, SH.targetNode):
        parts.append(f"VALUES ?this {{ {text(node)} }}")
    for predicate in shapes.objects(shape, SH.targetSubjectsOf):
        parts.append(f"SELECT DISTINCT ?this WHERE {{ ?this {text(predicate)} [] }}")
    for predicate in shapes.objects(shape, SH.targetObjectsOf):
        parts.append(f"SELECT DISTINCT ?this WHERE {{ [] {text(predicate)} ?this }}")
    for target in shapes.objects(shape, SH.target):
        lines, query = sparql_target(shapes, target)
        prefixes.update(filter(None, lines.split("\n")))
        parts.append(query)
    if not parts:
        return None
    return " UNION ".join(f"{{ {p} }}" for p in parts), prefixes


def sparql_target(shapes: Graph, target: Node) -> tuple[str, str]:
    """A sh:SPARQLTarget, or an instance of a sh:SPARQLTargetType with its parameters bound."""
    if shapes.value(target, SH.select) is not None:
        return sparql.query(shapes, target)
    for kind in shapes.objects(target, RDF.type):
        if (kind, RDF.type, SH.SPARQLTargetType) not in shapes:
            continue
        bindings = {}
        for parameter in shapes.objects(kind, SH.parameter):
            name = shapes.value(parameter, SH.path)
            value = shapes.value(target, name)
            if value is None:
                raise Unsupported(f"target {target}: parameter {name} has no value")
            bindings[local_name(name)] = text(value)
        return sparql.query(shapes, kind, bindings)
    raise Unsupported(f"target {target} is neither a sh:SPARQLTarget nor of a SPARQLTargetType")


def local_name(iri: Node) -> str:
    """A parameter's variable name: the local name of its sh:path."""
    text = str(iri)
    return text[max(text.rfind("#"), text.rfind("/")) + 1 :]

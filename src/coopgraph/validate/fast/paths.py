"""SHACL property paths as SPARQL property paths."""

from __future__ import annotations

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.term import Node

from coopgraph import iris

SH = Namespace(iris.PREFIXES["sh"])
UNARY = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


class Unsupported(Exception):
    """A shape uses something the fast engine does not compile; pySHACL validates it."""


def sparql_path(shapes: Graph, path: Node) -> str:
    if isinstance(path, URIRef):
        return f"<{path}>"
    if (path, RDF.first, None) in shapes:
        return "(" + "/".join(sparql_path(shapes, p) for p in shapes.items(path)) + ")"
    if (inverse := shapes.value(path, SH.inversePath)) is not None:
        return "^(" + sparql_path(shapes, inverse) + ")"
    if (alternatives := shapes.value(path, SH.alternativePath)) is not None:
        return "(" + "|".join(sparql_path(shapes, p) for p in shapes.items(alternatives)) + ")"
    for predicate, operator in UNARY.items():
        if (inner := shapes.value(path, predicate)) is not None:
            return "(" + sparql_path(shapes, inner) + ")" + operator
    raise Unsupported(f"path {path}")

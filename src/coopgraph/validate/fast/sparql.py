"""SHACL-SPARQL text (sh:select of constraints, validators and targets) made ready to run once
for all focus nodes: prefixes declared, $PATH and parameters substituted, $this left free."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import Graph
from rdflib.term import Node

from coopgraph.sparqlrewrite import anti_join, closing
from coopgraph.sparqltext import masked
from coopgraph.validate.fast.paths import SH, Unsupported

# SHACL-SPARQL names the focus node $this and the other pre-bound variables with $ too; in SPARQL
# `$x` and `?x` are the same variable, so `$this` joins with the focus nodes.
LEADS_WITH_THIS = re.compile(r"\s*[$?]this\s")
NESTED = re.compile(r"\bSELECT\b|\bVALUES\b|BIND\s*\([^)]*[$?]this", re.IGNORECASE)
UNSUPPORTED = re.compile(r"\$(currentShape|shapesGraph)\b|\bMINUS\b|\bSERVICE\b", re.IGNORECASE)


def prefixes(shapes: Graph, owner: Node) -> str:
    """PREFIX lines of every sh:declare reachable through the owner's sh:prefixes."""
    lines = []
    for ontology in shapes.objects(owner, SH.prefixes):
        for declaration in shapes.objects(ontology, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def select(shapes: Graph, owner: Node, bindings: Mapping[str, str], focus: str = "") -> str:
    """The owner's sh:select with each $name of `bindings` replaced by its SPARQL text, in the
    WHERE clause only (in the projection a bound parameter is dropped), and the `focus`
    pattern first in the WHERE clause, so that the query starts from the focus nodes."""
    query = shapes.value(owner, SH.select)
    if query is None:
        raise Unsupported(f"{owner} has no sh:select (sh:ask validators are not compiled)")
    text = str(query)
    if UNSUPPORTED.search(text):
        raise Unsupported(f"{owner}: $currentShape, $shapesGraph, MINUS or SERVICE")
    head, brace, body = text.partition("{")
    if not LEADS_WITH_THIS.match(body) or NESTED.search(body):
        # Run once for all nodes, $this is joined, not pre-bound: the same only when the
        # query's first triple pattern binds it and no sub-select, VALUES or BIND sees it.
        raise Unsupported(f"{owner}: $this is not bound by the query's first triple pattern")
    for name, value in bindings.items():
        variable = re.compile(rf"\${re.escape(name)}\b")
        head, body = variable.sub("", head), variable.sub(lambda _, v=value: v, body)
    end = closing(masked(brace + body), 0)  # the WHERE group's closing brace, in `body`
    first = f" {{ {focus} }} " if focus else ""
    return head + brace + first + anti_join(body[: end - 1], first) + body[end - 1 :]


def query(
    shapes: Graph, owner: Node, bindings: Mapping[str, str] | None = None, focus: str = ""
) -> tuple[str, str]:
    """(PREFIX lines, SELECT query) of a SHACL-SPARQL owner."""
    return prefixes(shapes, owner), select(shapes, owner, bindings or {}, focus)

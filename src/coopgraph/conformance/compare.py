"""Comparing query results the way the SPARQL 1.1 test suite requires.

SELECT results are multisets of solutions; blank nodes match through one consistent bijection
of labels across the whole result; order matters only under a top-level ORDER BY. Graph results
are compared by isomorphism (rdflib.compare), built from exactly parsed terms.

Two comparisons of terms. STRICT: the same RDF term (lexical form, datatype, language).
BY_VALUE: the same, except that numeric literals are equal when their values are (SPARQL's
op:numeric-equal: "1.0"^^xsd:decimal = "1"^^xsd:integer = "1E0"^^xsd:double) and boolean
literals when theirs are ("1" = "true"), as the harnesses of Oxigraph and Jena compare them:
an engine may store such literals by value, and some expected files of the suite contradict
each other on their lexical forms.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = Mapping[str, Term]  # an unbound variable is absent
BNODE = "_:"  # stands for any blank node in a row's signature

STRICT, BY_VALUE = "strict", "by value"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC_TYPES = {
    XSD + name
    for name in [
        "integer",
        "decimal",
        "float",
        "double",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
        "positiveInteger",
    ]
}
BOOLEAN = XSD + "boolean"
# The value of a numeric literal, written once: what a by-value comparison compares.
NUMBER = ox.NamedNode("urn:coopgraph:conformance:numeric-value")


def by_value(term: Term) -> Term:
    """A numeric or boolean literal as its value; any other term (and an ill-typed literal)
    as it is."""
    if not isinstance(term, ox.Literal):
        return term
    datatype, text = term.datatype.value, term.value.strip()
    if datatype == BOOLEAN and text in ("true", "1", "false", "0"):
        return ox.Literal(text in ("true", "1"))
    if datatype not in NUMERIC_TYPES:
        return term
    try:
        number = Decimal(text)
    except InvalidOperation:
        return term
    if number.is_finite():
        text = "0" if number.is_zero() else format(number.normalize(), "f")
    else:
        text = str(number)  # Infinity, -Infinity, NaN
    return ox.Literal(text, datatype=NUMBER)


def in_mode(result: Solutions, mode: str) -> Solutions:
    if mode == STRICT:
        return result
    rows = tuple({name: by_value(term) for name, term in row.items()} for row in result.rows)
    return Solutions(result.variables, rows)


@dataclass(frozen=True)
class Solutions:
    variables: tuple[str, ...]
    rows: tuple[Row, ...]


def solutions(result: ox.QuerySolutions) -> Solutions:
    names = tuple(v.value for v in result.variables)
    rows = tuple({n: s[n] for n in names if s[n] is not None} for s in result)
    return Solutions(names, rows)


# ---------------------------------------------------------------------------------------------
# Solution sequences


def _signature(row: Row) -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted((k, BNODE if isinstance(t, ox.BlankNode) else str(t)) for k, t in row.items())
    )


def _show(sig: tuple[tuple[str, str], ...]) -> str:
    return "{" + ", ".join(f"{k}={v}" for k, v in sig) + "}"


class _Bijection:
    """A one-to-one mapping of blank node labels, extended and undone while searching."""

    def __init__(self) -> None:
        self.forward: dict[str, str] = {}
        self.backward: dict[str, str] = {}

    def extend(self, expected: Row, actual: Row) -> list[str] | None:
        """Map the blank nodes of `expected` onto those of `actual`; the labels added, or None."""
        added: list[str] = []
        for name, term in expected.items():
            other = actual.get(name)
            if not isinstance(term, ox.BlankNode):
                continue
            assert isinstance(other, ox.BlankNode)  # same signature: a blank node here too
            a, b = term.value, other.value
            if self.forward.get(a, b) != b or self.backward.get(b, a) != a:
                self.undo(added)
                return None
            if a not in self.forward:
                self.forward[a], self.backward[b] = b, a
                added.append(a)
        return added

    def undo(self, added: list[str]) -> None:
        for a in added:
            del self.backward[self.forward.pop(a)]


def _match_bag(expected: Sequence[Row], actual: Sequence[Row], mapping: _Bijection) -> bool:
    """Pair every expected row with a distinct actual row of the same signature (backtracking)."""
    candidates: dict[tuple, list[int]] = defaultdict(list)
    for i, row in enumerate(actual):
        candidates[_signature(row)].append(i)
    used = [False] * len(actual)
    todo = sorted(expected, key=lambda r: len(candidates[_signature(r)]))

    def place(k: int) -> bool:
        if k == len(todo):
            return True
        for i in candidates[_signature(todo[k])]:
            if used[i]:
                continue
            added = mapping.extend(todo[k], actual[i])
            if added is None:
                continue
            used[i] = True
            if place(k + 1):
                return True
            used[i] = False
            mapping.undo(added)
        return False

    return place(0)


def _bag_difference(expected: Sequence[Row], actual: Sequence[Row]) -> str | None:
    want = Counter(_signature(r) for r in expected)
    got = Counter(_signature(r) for r in actual)
    if want == got:
        return None
    missing = list((want - got).elements())
    extra = list((got - want).elements())
    parts = [f"expected {len(expected)} row(s), got {len(actual)}"]
    if missing:
        parts.append(f"missing {len(missing)}: " + "; ".join(_show(s) for s in missing[:3]))
    if extra:
        parts.append(f"unexpected {len(extra)}: " + "; ".join(_show(s) for s in extra[:3]))
    return ". ".join(parts)


def _order_difference(
    expected: Sequence[Row], actual: Sequence[Row], keys: Sequence[str], mapping: _Bijection
) -> str | None:
    for i, (want, got) in enumerate(zip(expected, actual, strict=True)):
        for key in keys or sorted(set(want) | set(got)):
            a, b = want.get(key), got.get(key)
            if isinstance(a, ox.BlankNode) and isinstance(b, ox.BlankNode):
                same = mapping.forward.get(a.value) == b.value
            else:
                same = a == b
            if not same:
                return f"order differs at row {i + 1}: expected ?{key}={a}, got {b}"
    return None


def compare_solutions(
    expected: Solutions,
    actual: Solutions,
    order_keys: Sequence[str] | None = None,
    mode: str = STRICT,
) -> str | None:
    """None when the results match, else a short reason.

    `order_keys` None: a multiset. A sequence: the rows must also come in the expected order,
    judged on those variables only (rows tied on them may come in any order); an empty sequence
    judges order on whole rows.
    """
    expected, actual = in_mode(expected, mode), in_mode(actual, mode)
    want, got = sorted(expected.variables), sorted(actual.variables)
    if want != got:
        return f"variables differ: expected {want}, got {got}"
    if difference := _bag_difference(expected.rows, actual.rows):
        return difference
    mapping = _Bijection()
    if not _match_bag(expected.rows, actual.rows, mapping):
        return "no consistent mapping of blank nodes makes the results equal"
    if order_keys is None:
        return None
    return _order_difference(expected.rows, actual.rows, order_keys, mapping)


def compare_boolean(expected: bool, actual: bool) -> str | None:
    if expected == actual:
        return None
    return f"expected {str(expected).lower()}, got {str(actual).lower()}"


# ---------------------------------------------------------------------------------------------
# CSV (lossy: every value is a string, blank nodes keep only their labels)


def csv_solutions(text: str) -> Solutions:
    """A CSV result as solutions of plain literals; `_:x` cells are blank nodes, empty = unbound."""
    lines = list(csv.reader(io.StringIO(text)))
    if not lines:
        return Solutions((), ())
    names = tuple(lines[0])
    rows = tuple(
        {n: _csv_term(cell) for n, cell in zip(names, line, strict=True) if cell}
        for line in lines[1:]
    )
    return Solutions(names, rows)


def _csv_term(cell: str) -> Term:
    return ox.BlankNode(cell[2:]) if cell.startswith(BNODE) else ox.Literal(cell)


def compare_csv(expected: str, actual: str, order_keys: Sequence[str] | None = None) -> str | None:
    """Columns are matched by name: the order of SELECT * variables is not specified. CSV
    carries no datatypes: every cell is a string, in either mode."""
    return compare_solutions(csv_solutions(expected), csv_solutions(actual), order_keys)


# ---------------------------------------------------------------------------------------------
# Graphs


def _rdflib_term(term: Term) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language, normalize=False)
    return rdflib.Literal(term.value, datatype=term.datatype.value, normalize=False)


def rdflib_graph(triples: Iterable[ox.Triple | ox.Quad]) -> rdflib.Graph:
    """Exact terms (rdflib would otherwise normalise literals such as "01"^^xsd:integer)."""
    graph = rdflib.Graph()
    for t in triples:
        graph.add((_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object)))
    return graph


def _graph_by_value(graph: rdflib.Graph) -> rdflib.Graph:
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and o.datatype is not None:
            term = by_value(ox.Literal(str(o), datatype=ox.NamedNode(str(o.datatype))))
            o = _rdflib_term(term)
        out.add((s, p, o))
    return out


def compare_graphs(expected: rdflib.Graph, actual: rdflib.Graph, mode: str = STRICT) -> str | None:
    if mode == BY_VALUE:
        expected, actual = _graph_by_value(expected), _graph_by_value(actual)
    if isomorphic(expected, actual):
        return None
    return f"graphs are not isomorphic: expected {len(expected)} triple(s), got {len(actual)}"

"""Expected results (the suite's files) and actual ones (HTTP bodies), in comparable form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib

from coopgraph.conformance import compare
from coopgraph.conformance.manifest import path_of

RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

SOLUTION_MEDIA = {
    ".srx": "application/sparql-results+xml",
    ".srj": "application/sparql-results+json",
    ".tsv": "text/tab-separated-values",
    ".csv": "text/csv",
}
RESULT_FORMATS = {
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_MEDIA = ("text/turtle", "application/rdf+xml")  # alternated from test to test
GRAPH_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/rdf+xml": ox.RdfFormat.RDF_XML}


@dataclass(frozen=True)
class CsvText:
    text: str


Result = compare.Solutions | bool | rdflib.Graph | CsvText


@dataclass(frozen=True)
class Expected:
    result: Result
    media_types: tuple[str, ...]  # what to ask the server for, one per test in rotation


def _objects(triples: list[ox.Triple], subject: compare.Term, rs_name: str) -> list[compare.Term]:
    return [t.object for t in triples if t.subject == subject and t.predicate.value == RS + rs_name]


def _binding(triples: list[ox.Triple], binding: compare.Term) -> tuple[str, compare.Term]:
    variable = _objects(triples, binding, "variable")[0]
    return variable.value, _objects(triples, binding, "value")[0]


def _result_set(triples: list[ox.Triple], node: compare.Term) -> compare.Solutions | bool:
    """The DAWG result-set vocabulary (rs:ResultSet) read back into solutions or a boolean."""
    if booleans := _objects(triples, node, "boolean"):
        return booleans[0].value == "true"
    names = tuple(sorted(v.value for v in _objects(triples, node, "resultVariable")))
    rows = tuple(
        dict(_binding(triples, b) for b in _objects(triples, solution, "binding"))
        for solution in _objects(triples, node, "solution")
    )
    return compare.Solutions(names, rows)


def _rdf_result(path: Path, base: str) -> Expected:
    triples = list(ox.parse(path=str(path), base_iri=base))
    sets = [
        t.subject for t in triples if t.predicate == RDF_TYPE and t.object.value == RS + "ResultSet"
    ]
    if sets:
        return Expected(_result_set(triples, sets[0]), ("application/sparql-results+json",))
    return Expected(compare.rdflib_graph(triples), GRAPH_MEDIA)


def read_expected(iri: str) -> Expected:
    path = path_of(iri)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return Expected(CsvText(path.read_text(encoding="utf-8")), (SOLUTION_MEDIA[suffix],))
    if suffix in SOLUTION_MEDIA:
        parsed = ox.parse_query_results(path=str(path))
        result = bool(parsed) if isinstance(parsed, ox.QueryBoolean) else compare.solutions(parsed)
        return Expected(result, (SOLUTION_MEDIA[suffix],))
    return _rdf_result(path, iri)


def read_actual(body: bytes, media_type: str) -> Result:
    """The server's answer as asked for in `media_type`; SyntaxError when it does not parse."""
    if media_type == "text/csv":
        return CsvText(body.decode("utf-8"))
    if media_type in GRAPH_FORMATS:
        return compare.rdflib_graph(ox.parse(body, GRAPH_FORMATS[media_type]))
    parsed = ox.parse_query_results(body, RESULT_FORMATS[media_type])
    return bool(parsed) if isinstance(parsed, ox.QueryBoolean) else compare.solutions(parsed)


def _kind(result: Result) -> str:
    if isinstance(result, bool):
        return "a boolean"
    return "a graph" if isinstance(result, rdflib.Graph) else "solutions"


def compare_results(
    expected: Result, actual: Result, order_keys: Sequence[str] | None, mode: str
) -> str | None:
    if isinstance(expected, CsvText) and isinstance(actual, CsvText):
        return compare.compare_csv(expected.text, actual.text, order_keys)
    if isinstance(expected, bool) and isinstance(actual, bool):
        return compare.compare_boolean(expected, actual)
    if isinstance(expected, rdflib.Graph) and isinstance(actual, rdflib.Graph):
        return compare.compare_graphs(expected, actual, mode)
    if isinstance(expected, compare.Solutions) and isinstance(actual, compare.Solutions):
        return compare.compare_solutions(expected, actual, order_keys, mode)
    return f"expected {_kind(expected)}, got {_kind(actual)}"

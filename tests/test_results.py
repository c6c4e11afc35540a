"""Solutions written by pyoxigraph under a row cap agree with the Python writers, row for row,
on a real store holding literals made to confuse a row count (newlines, markup, JSON, quotes)."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest

from coopgraph import results, sparqlrewrite, sparqltext

TRICKY = [
    "a\nb",
    "<result>x</result>",
    '},{"a":{"type":"uri"}}',
    '"q",\r\n"r"',
    "tab\there",
    "ends},{",
]
QUERY = "SELECT ?s ?o ?unbound WHERE { ?s <urn:p> ?o } ORDER BY ?o"
# Seven solutions binding nothing: `{}` in JSON, which the row count must parse to tell apart
EMPTY_SOLUTIONS = "SELECT ?unbound WHERE { ?s <urn:p> ?o OPTIONAL { ?s <urn:q> ?unbound } }"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    for i, value in enumerate(TRICKY):
        s.add(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(value)))
    s.add(ox.Quad(ox.BlankNode("b0"), ox.NamedNode("urn:p"), ox.Literal("salut", language="fr")))
    return s


def python_writer(
    store: ox.Store, query: str, fmt: str, limit: int | None
) -> tuple[bytes, int, bool]:
    out, counter = io.BytesIO(), results.RowCounter()
    results.write(store.query(query), fmt, out, counter, limit)
    return out.getvalue(), counter.rows, counter.truncated


def solutions(data: bytes, fmt: str) -> list[tuple]:
    """Rows as comparable tuples; CSV, which pyoxigraph cannot read back, as its records (an
    empty line, as pyoxigraph writes a row of one empty cell, read as that cell)."""
    if fmt == "csv":
        records = list(csv.reader(io.StringIO(data.decode(), newline="")))
        return [tuple(r or [""] * len(records[0])) for r in records]
    parsed = ox.parse_query_results(data, results.NATIVE_FORMATS[fmt])
    return [tuple(row[v] for v in parsed.variables) for row in parsed]


@pytest.mark.parametrize("query", [QUERY, EMPTY_SOLUTIONS])
@pytest.mark.parametrize("fmt", sorted(results.NATIVE_FORMATS))
@pytest.mark.parametrize("limit", [None, 7, 6, 3, 1, 0])
def test_native_solutions_match_the_python_writers(
    store: ox.Store, query: str, fmt: str, limit
) -> None:
    capped = sparqlrewrite.capped(sparqltext.read(query), None if limit is None else limit + 1)
    assert capped is not None
    native = results.native_solutions(store.query(capped), fmt, limit)
    expected = python_writer(store, query, fmt, limit)
    assert native[1:] == expected[1:]  # rows, truncated
    assert native[1] == (7 if limit is None else min(7, limit))
    assert native[2] == (limit is not None and limit < 7)
    assert solutions(native[0], fmt) == solutions(expected[0], fmt)


@pytest.mark.parametrize(
    ("text", "capped"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o }\nLIMIT 11"),
        ("PREFIX a: <urn:a> SELECT * { ?s ?p ?o } LIMIT 10", "same"),
        ("select * { ?s ?p ?o } limit 5 offset 3", "same"),
        ("SELECT * { ?s ?p ?o } OFFSET 3", "SELECT * { ?s ?p ?o } OFFSET 3\nLIMIT 11"),
        ("SELECT * { ?s ?p ?o } LIMIT 12", None),  # its own limit is above the cap
        ("SELECT * { ?s ?p ?o } VALUES ?s { <urn:a> }", None),  # LIMIT cannot follow VALUES
        ("SELECT * { VALUES ?s { <urn:a> } ?s ?p ?o }", "+"),
        ("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 50 } }", "+"),  # a subquery's LIMIT
        ('SELECT * { ?s ?p "LIMIT 1" } # LIMIT 2', "+"),  # in a string and a comment
        ("ASK { ?s ?p ?o }", None),
        ("CONSTRUCT WHERE { ?s ?p ?o }", None),
        ("DESCRIBE <urn:a>", None),
    ],
)
def test_row_capped_appends_a_limit_only_where_the_grammar_allows(text: str, capped) -> None:
    expected = {"same": text, "+": text + "\nLIMIT 11"}.get(capped, capped)
    assert sparqlrewrite.capped(sparqltext.read(text), 11) == expected
    if expected is not None:
        ox.Store().query(expected)  # the capped text is valid SPARQL


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s",
            "SELECT * WHERE { ?s ?p ?o\n  V\n} ORDER BY ?s",
        ),
        ("SELECT * { ?s ?p ?o }", "SELECT * { ?s ?p ?o\n  V\n}"),  # WHERE is optional
        ("SELECT * { ?s ?p ?o } VALUES ?o { 1 }", "SELECT * { ?s ?p ?o\n  V\n} VALUES ?o { 1 }"),
        (
            "SELECT (EXISTS { ?s ?p 1 } AS ?e) { ?s ?p ?o }",  # a group inside the projection
            "SELECT (EXISTS { ?s ?p 1 } AS ?e) { ?s ?p ?o\n  V\n}",
        ),
        ('SELECT * { ?s ?p "}" } # }', 'SELECT * { ?s ?p "}"\n  V\n} # }'),
        ("CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } { ?s ?p ?o\n  V\n}"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }\nV"),  # no room inside
        ("DESCRIBE ?s", "DESCRIBE ?s\nV"),
    ],
)
def test_remote_parameters_go_last_in_the_where_pattern(text: str, expected: str) -> None:
    """Virtuoso 7.2 ignores a trailing VALUES on a computed variable (docs/endpoint.md)."""
    assert sparqlrewrite.in_where(text, "V") == expected
    ox.Store().query(sparqlrewrite.in_where(text, "VALUES ?s { <urn:a> }"))  # still valid SPARQL

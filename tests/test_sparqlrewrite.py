"""The query text read once (sparqltext.read) and every rewrite of it (sparqlrewrite), each
checked against pyoxigraph's parser and, where it must not change the answer, its rows."""

from __future__ import annotations

import sys

import pyoxigraph as ox
import pytest

from coopgraph import sparqlrewrite, sparqltext

EX = "http://example.org/"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    p, q, name = ox.NamedNode(EX + "p"), ox.NamedNode(EX + "q"), ox.NamedNode(EX + "name")
    for i in range(6):
        node = ox.NamedNode(f"{EX}n{i}")
        s.add(ox.Quad(node, p, ox.Literal(i)))
        if i % 2:
            s.add(ox.Quad(node, q, ox.NamedNode(f"{EX}n{i - 1}")))
        if i % 3:
            s.add(ox.Quad(node, name, ox.Literal(f"n{i}", language="en")))
    return s


def rows(result: ox.QuerySolutions) -> list[tuple]:
    return sorted(tuple(str(t) for t in row) for row in result)


# ---------------------------------------------------------------------------------------------
# One reading of the text


@pytest.mark.parametrize(
    ("text", "operation"),
    [
        ("SELECT * { ?s ?p ?o }", "SELECT"),
        ("PREFIX a: <urn:a> BASE <urn:b> ask { ?s ?p ?o }", "ASK"),
        ("# DESCRIBE\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ('PREFIX x: <urn:SELECT> INSERT DATA { <urn:a> <urn:b> "SELECT" }', "INSERT"),
        ("", ""),
    ],
)
def test_the_operation_is_the_first_keyword_after_the_prologue(text: str, operation: str) -> None:
    assert sparqltext.read(text).operation == operation


def test_dataset_services_limit_and_values_are_read_outside_strings_and_comments() -> None:
    query = sparqltext.read(
        "PREFIX e: <http://example.org/sparql>\n"
        'SELECT * FROM <urn:g> { ?s ?p "FROM SERVICE <urn:x> LIMIT 1" # SERVICE <urn:y>\n'
        "  SERVICE <http://a.example/q> { ?s ?p ?o } SERVICE SILENT e: { ?s ?p ?o }\n"
        "  SERVICE ?endpoint { ?s ?p ?o } { SELECT * { ?s ?p ?o } LIMIT 3 } }\n"
        "LIMIT 20 VALUES ?s { <urn:a> }"
    )
    assert query.dataset
    assert query.services == ("http://a.example/q", "http://example.org/sparql", None)
    assert query.limit == 20  # the top-level one, not the subquery's
    assert query.values
    plain = sparqltext.read('SELECT * { VALUES ?s { <urn:a> } ?s ?p "from" }')
    assert (plain.dataset, plain.services, plain.limit, plain.values) == (False, (), None, False)


def test_an_escaped_service_iri_is_read_as_the_engine_reads_it() -> None:
    query = sparqltext.read("SELECT * { SERVICE <http://\\u0061.example/> { ?s ?p ?o } }")
    assert query.services == ("http://a.example/",)


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("ASK { ?s ?p ?o }", 1),
        ("ASK { FILTER((1 + (2))) }", 4),
        ("ASK { FILTER(!!!true) }", 5),  # `!!!x` nests like `!(!(!x))`
        ('ASK { FILTER("((((((") }', 2),
    ],
)
def test_the_depth_counts_groups_parentheses_and_unary_operators(text: str, depth: int) -> None:
    assert sparqltext.read(text).depth == depth


def test_a_reading_travels_as_a_tuple_and_comes_back_equal() -> None:
    query = sparqltext.read("SELECT * { SERVICE <http://a.example/> { ?s ?p ?o } } LIMIT 3")
    assert sparqltext.QueryText(*query.message()) == query


def test_masked_keeps_offsets_and_blanks_what_is_opaque() -> None:
    text = 'SELECT * { ?s <urn:a> "}{" } # }\n'
    mask = sparqltext.masked(text)
    assert len(mask) == len(text)
    assert mask.count("{") == mask.count("}") == 1
    assert mask.index("}") == text.index("} #")
    assert "urn" not in mask


def test_a_limit_that_cannot_be_read_is_never_raised() -> None:
    query = sparqltext.read("SELECT * { ?s ?p ?o } LIMIT ?x")
    assert query.limit == sys.maxsize
    assert sparqlrewrite.capped(query, 10) is None  # run as it is: the engine says what is wrong


# ---------------------------------------------------------------------------------------------
# The rewrites, against the engine


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?s { ?s <http://example.org/p> ?o } ORDER BY ?o",
        "SELECT ?s { ?s <http://example.org/p> ?o } OFFSET 2",
        "SELECT ?s { ?s <http://example.org/p> ?o } # a comment at the end",
        "SELECT ?s { ?s <http://example.org/p> ?o } LIMIT 2",
    ],
)
def test_a_capped_query_parses_and_gives_at_most_the_cap(store: ox.Store, text: str) -> None:
    capped = sparqlrewrite.capped(sparqltext.read(text), 3)
    assert capped is not None
    found = rows(store.query(capped))
    assert len(found) <= 3
    assert set(found) <= set(rows(store.query(text)))


def test_with_base_resolves_relative_iris_as_the_engine_parameter_does(store: ox.Store) -> None:
    text = "SELECT ?o { <n3> <p> ?o }"
    rebased = rows(store.query(sparqlrewrite.with_base(text, EX)))
    assert rebased == rows(store.query(text, base_iri=EX))
    assert len(rebased) == 1
    own = "BASE <n3/> SELECT ?o { <../n3> <../p> ?o }"  # the query's BASE resolves against it
    assert rows(store.query(sparqlrewrite.with_base(own, EX))) == rebased


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?s ?o { ?s <http://example.org/p> ?o } ORDER BY ?o",
        "SELECT ?s (STR(?o) AS ?v) WHERE { ?s <http://example.org/p> ?o }",
        "SELECT * { ?s <http://example.org/p> ?o } VALUES ?o { 1 3 }",
        "SELECT ?s (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?s",
        "DESCRIBE ?s",
    ],
)
def test_values_give_the_rows_of_the_engines_substitutions(store: ox.Store, text: str) -> None:
    bound = {ox.Variable("s"): ox.NamedNode(EX + "n3")}
    rewritten = sparqlrewrite.with_values(text, bound)
    expected = store.query(text, substitutions=bound)
    if isinstance(expected, ox.QuerySolutions):
        assert rows(store.query(rewritten)) == rows(expected)
    else:
        assert {str(t) for t in store.query(rewritten)} == {str(t) for t in expected}


FOCUS = "{ ?this <http://example.org/p> ?any }"


@pytest.mark.parametrize(
    ("body", "changed"),
    [
        (
            "?this <http://example.org/p> ?v . "
            "FILTER NOT EXISTS { ?this <http://example.org/q> ?x }",
            True,
        ),
        (
            "?this <http://example.org/p> ?v . FILTER NOT EXISTS { ?this <http://example.org/q> ?x"
            " . OPTIONAL { ?x <http://example.org/name> ?l } FILTER(!BOUND(?l)) }",
            True,
        ),
        ('?this <http://example.org/p> ?v . FILTER NOT EXISTS { ?this ?p "}" }', True),
        # left as they are: an OPTIONAL outside, a subquery inside
        (
            "?this <http://example.org/p> ?v OPTIONAL { ?this <http://example.org/q> ?x } "
            "FILTER NOT EXISTS { ?x <http://example.org/name> ?l }",
            False,
        ),
        (
            "?this <http://example.org/p> ?v . "
            "FILTER NOT EXISTS { { SELECT ?this { ?this <http://example.org/q> ?o } } }",
            False,
        ),
    ],
)
def test_the_anti_join_parses_and_gives_the_same_rows(
    store: ox.Store, body: str, changed: bool
) -> None:
    rewritten = sparqlrewrite.anti_join(body, FOCUS)
    assert (rewritten != body) == changed
    original = rows(store.query(f"SELECT ?this ?v {{ {FOCUS} {body} }}"))
    assert rows(store.query(f"SELECT ?this ?v {{ {FOCUS} {rewritten} }}")) == original
    assert original  # the check has rows to lose

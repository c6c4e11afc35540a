"""Syntax errors in words, with line, column and a caret: from pyoxigraph's own parser, and the
same message in the endpoint's 400 body, the workbench and `coopgraph query`."""

from __future__ import annotations

import html
import os
import subprocess
import sys
import urllib.parse

import pyoxigraph as ox
import pytest

from coopgraph import sparqlerrors

from .servers import CoopgraphServer
from .test_endpoint import http


def explained(query: str) -> str:
    with pytest.raises(SyntaxError) as parser:
        ox.Store().query(query)
    return sparqlerrors.explain(query, parser.value)


CASES = [
    ("SELECT ?x WHERE { ?x ?p }", 1, 25, "an object after the predicate ?p"),
    ("SELECT ?x WHERE {\n\t?x ?p }", 2, 8, "an object after the predicate ?p"),
    ("SELECT ?x WHERE { ?x . }", 1, 22, "a predicate after the subject ?x"),
    ('SELECT ?x WHERE { ?x ?p "a"@en ; ?q }', 1, 37, "an object after the predicate ?q"),
    ("SELECT ?x WHERE { ?x ?p ?o . ?y }", 1, 33, "a predicate after the subject ?y"),
    ("SELECT ?x WHERE { ?x ?p ?o OPTIONAL { ?x ?q } }", 1, 45, "an object after the predicate ?q"),
    ("PREFIX a: <urn:a>\nSELECT * { ?x bar:b ?z }", 2, 20, "the prefix 'bar:' of bar:b is not"),
    ("SELECT (COUNT(?x) ?n) WHERE { ?x ?p ?o }", 1, 19, "the keyword AS before ?n"),
    ("SELECT ?x WHERE { ?x ?p ?o } GROUP ?x", 1, 36, "the keyword BY after GROUP"),
    ("SELECT ?x WHERE { ?x ?p ?o ", 1, 28, "ends too early: '}' to close"),
    ("SELECT ?x WHERE { ?x ?p 'abc }", 1, 31, "a closing quote"),
    ("SELECT ?x WHERE { ?x <urn:a b> ?o }", 1, 31, "a closing '>' after <urn:a: an IRI cannot"),
    ("SELECT * { ?s ?p ?o } LIMIT x", 1, 29, "a whole number after LIMIT"),
    ("SELECT ?x WHERE { ?x ?p ?o FILTER ?x }", 1, 35, "a condition in parentheses after FILTER"),
    ("SELECT ?x { ?x ?p ?o FILTER(?x = ) }", 1, 34, "an expression after '='"),
    ("SELEC ?x {}", 1, 10, "a query form: SELECT, CONSTRUCT, ASK or DESCRIBE"),
]


@pytest.mark.parametrize(("query", "line", "column", "words"), CASES)
def test_the_message_says_where_and_what_in_words(
    query: str, line: int, column: int, words: str
) -> None:
    message = explained(query)
    head, _, shown = message.partition("\n\n")
    assert head.startswith(f"The query is not valid SPARQL: line {line}, column {column}: ")
    assert words in head
    number, caret = shown.splitlines()
    source = query.split("\n")[line - 1]
    assert number == f"  {line} | {source}"
    # the caret is under the column, tabs kept so that it lines up in any fixed-width font
    assert caret.index("^") - caret.index("|") - 2 == column - 1
    assert caret.split("| ", 1)[1][:-1].strip(" \t") == ""


def test_an_unrecognised_mistake_still_has_its_place_and_the_parsers_words() -> None:
    message = explained("SELECT * { ?s ?p ?o } LIMIT 10 garbage")
    assert "line 1, column 38: expected one of OFFSET, VALUES, found 'garbage'" in message
    assert "['" not in message  # character classes are left out


@pytest.fixture(scope="module")
def site(built_store) -> str:
    server = CoopgraphServer(str(built_store.dir.root), [])
    yield server.url
    server.stop()


BAD = "PREFIX coop: <https://w3id.org/coopgraph/ontology#>\nSELECT ?w WHERE {\n  ?w a coop:Wilaya ;\n     rdfs:label }"  # noqa: E501


def test_the_same_message_over_http_in_the_workbench_and_on_the_command_line(
    site: str, built_store
) -> None:
    message = explained(BAD)
    assert "line 4, column 16: the prefix 'rdfs:' of rdfs:label is not declared" in message
    status, _, body = http(f"{site}sparql?" + urllib.parse.urlencode({"query": BAD}))
    assert status == 400 and body.decode().strip() == message
    status, _, page = http(f"{site}query?" + urllib.parse.urlencode({"query": BAD}))
    assert status == 400 and message in html.unescape(page.decode())
    cli = subprocess.run(
        [sys.executable, "-m", "coopgraph", "query", "--store", str(built_store.dir.root), BAD],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert cli.returncode == 2 and cli.stderr.strip() == message

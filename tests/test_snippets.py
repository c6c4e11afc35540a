"""Every code snippet the workbench offers is run against a real `coopgraph serve`: Python
(SPARQLWrapper and rdflib), curl and, when node is installed, JavaScript; each must return
what the endpoint itself returns (the rows the page shows). R is checked for syntax (with
Rscript when installed) and for carrying the query intact."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from coopgraph import snippets

from .browser import site_fixture  # noqa: F401 (fixture)

pytestmark = pytest.mark.slow

COOP = "PREFIX coop: <https://w3id.org/coopgraph/ontology#>\n"
RDFS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
# Labels in Arabic, IRIs, counts: the kinds of values a researcher's rows hold.
SELECT_QUERY = (
    COOP
    + RDFS
    + """SELECT ?country ?name (COUNT(DISTINCT ?agreement) AS ?agreements) WHERE {
  ?agreement a coop:CooperationAgreement ; coop:foreignParty/coop:country ?country .
  ?country rdfs:label ?name FILTER(LANG(?name) = "ar")
}
GROUP BY ?country ?name
ORDER BY DESC(?agreements) ?country
"""
)
# Characters each language's string literal must keep: quotes, backslashes, `${`, backquotes,
# an R raw string's closing `)-"`, a line that is the shell here-document's delimiter.
TRICKY_QUERY = COOP + (
    "SELECT ?text ?agreement WHERE {\n"
    '  BIND("quote \\" backslash \\\\ ${x} `tick` )-\\" \'\'\'" AS ?text)\n'
    '  BIND("""two\nSPARQL\nlines""" AS ?long)\n'
    "  ?agreement a coop:CooperationAgreement .\n"
    "}\nORDER BY ?agreement\nLIMIT 3\n"
    '# a comment with """ in it\n'
)
ASK_QUERY = COOP + "ASK { ?a a coop:CooperationAgreement }\n"
GRAPH_QUERY = (
    COOP + "CONSTRUCT { ?a coop:foreignParty ?p } WHERE { ?a coop:foreignParty ?p } LIMIT 20\n"
)
MARK = "@@coopgraph-test@@"


def endpoint_of(site: str) -> str:
    return site + "sparql"


def endpoint_rows(site: str, query: str) -> list[dict[str, str]]:
    """What /sparql answers, read with the standard library: the rows the page shows."""
    req = urllib.request.Request(
        endpoint_of(site),
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(req, timeout=60) as r:
        doc = json.load(r)
    if "boolean" in doc:
        return doc["boolean"]
    return [{k: cell["value"] for k, cell in b.items()} for b in doc["results"]["bindings"]]


def endpoint_graph(site: str, query: str) -> rdflib.Graph:
    req = urllib.request.Request(
        endpoint_of(site),
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "text/turtle"},
    )
    with urllib.request.urlopen(req, timeout=60) as r:
        return rdflib.Graph().parse(data=r.read(), format="turtle")


def code_of(query: str, site: str, key: str) -> str:
    found = {s.id: s.code for s in snippets.snippets(query, endpoint_of(site))}
    return found[key]


def run(args: list[str], stdin: str | None = None) -> str:
    done = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


def run_python(code: str, tmp_path: Path, name: str) -> object:
    """Run the snippet unchanged as a script; return the variable it leaves for its result."""
    script = tmp_path / "snippet.py"
    script.write_text(code, "utf-8")
    wrapper = (
        "import json, runpy, sys\n"
        "ns = runpy.run_path(sys.argv[1])\n"
        f"print({MARK!r} + json.dumps(ns[sys.argv[2]]))\n"
    )
    out = run([sys.executable, "-c", wrapper, str(script), name])
    return json.loads(out.rsplit(MARK, 1)[1])


def same_rows(a: list[dict[str, str]], b: list[dict[str, str]]) -> bool:
    freeze = lambda rows: Counter(tuple(sorted(r.items())) for r in rows)  # noqa: E731
    return freeze(a) == freeze(b)


# ---------------------------------------------------------------------------------------------
# Python


@pytest.mark.parametrize("client", ["python-sparqlwrapper", "python-rdflib"])
@pytest.mark.parametrize("query", [SELECT_QUERY, TRICKY_QUERY], ids=["select", "tricky"])
def test_python_snippet_returns_the_endpoints_rows(
    site: str, tmp_path: Path, client: str, query: str
) -> None:
    expected = endpoint_rows(site, query)
    assert expected, "the query must return rows for the comparison to mean something"
    got = run_python(code_of(query, site, client), tmp_path, "rows")
    assert same_rows(got, expected)


@pytest.mark.parametrize("client", ["python-sparqlwrapper", "python-rdflib"])
def test_python_snippet_answers_ask(site: str, tmp_path: Path, client: str) -> None:
    assert run_python(code_of(ASK_QUERY, site, client), tmp_path, "answer") is endpoint_rows(
        site, ASK_QUERY
    )


@pytest.mark.parametrize("client", ["python-sparqlwrapper", "python-rdflib"])
def test_python_snippet_returns_the_constructed_graph(
    site: str, tmp_path: Path, client: str
) -> None:
    turtle = run_python(code_of(GRAPH_QUERY, site, client), tmp_path, "turtle")
    got = rdflib.Graph().parse(data=turtle, format="turtle")
    expected = endpoint_graph(site, GRAPH_QUERY)
    assert len(expected) > 0
    assert isomorphic(got, expected)


# ---------------------------------------------------------------------------------------------
# curl


def curl_available() -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed: apt-get install -y curl")


@pytest.mark.parametrize("query", [SELECT_QUERY, TRICKY_QUERY], ids=["select", "tricky"])
def test_curl_snippet_returns_the_endpoints_rows(site: str, query: str) -> None:
    curl_available()
    out = run(["bash", "-c", code_of(query, site, "curl")])
    got = list(csv.DictReader(io.StringIO(out)))
    expected = endpoint_rows(site, query)
    # CSV has no "unbound": an empty cell is what the other clients leave out
    assert same_rows([{k: v for k, v in r.items() if v != ""} for r in got], expected)


def test_curl_snippet_answers_ask(site: str) -> None:
    curl_available()
    out = run(["bash", "-c", code_of(ASK_QUERY, site, "curl")])
    assert out.strip() == "true" and endpoint_rows(site, ASK_QUERY) is True


# ---------------------------------------------------------------------------------------------
# JavaScript: run by node when it is installed, else checked for balance


@pytest.mark.parametrize("query", [SELECT_QUERY, TRICKY_QUERY], ids=["select", "tricky"])
def test_javascript_snippet_returns_the_endpoints_rows(site: str, query: str) -> None:
    code = code_of(query, site, "javascript")
    node = shutil.which("node")
    if node is None:
        assert_balanced(strip_js_literals(code))
        pytest.skip("node is not installed: the JavaScript snippet was only checked for balance")
    exposing = code + f"\nconsole.log({json.dumps(MARK)} + JSON.stringify(rows));\n"
    out = run([node, "--input-type=module"], stdin=exposing)
    got = json.loads(out.rsplit(MARK, 1)[1])
    assert same_rows(got, endpoint_rows(site, query))


def strip_js_literals(code: str) -> str:
    return re.sub(r'`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*"', '""', code)


# ---------------------------------------------------------------------------------------------
# R: the query survives the raw string; the code parses when R is installed


def assert_balanced(code: str) -> None:
    pairs = {")": "(", "]": "[", "}": "{"}
    stack: list[str] = []
    for ch in code:
        if ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            assert stack and stack.pop() == pairs[ch], code
    assert not stack, code


@pytest.mark.parametrize("query", [SELECT_QUERY, TRICKY_QUERY, ASK_QUERY, GRAPH_QUERY])
def test_r_snippet_is_sane(site: str, tmp_path: Path, query: str) -> None:
    code = code_of(query, site, "r-httr")
    raw = re.search(r'query <- r"(-+)\((.*?)\)\1"\n', code, re.S)
    assert raw is not None and raw.group(2) == query
    outside = code.replace(raw.group(0), "query <- QUERY\n")
    assert_balanced(re.sub(r'"(?:[^"\\]|\\.)*"', '""', outside))
    assert "library(httr)" in code and "POST(endpoint" in code
    rscript = shutil.which("Rscript")
    if rscript:
        script = tmp_path / "snippet.R"
        script.write_text(code, "utf-8")
        run([rscript, "-e", f"invisible(parse(file = {json.dumps(str(script))}))"])


# ---------------------------------------------------------------------------------------------
# The form a query has decides the result handling


@pytest.mark.parametrize(
    ("query", "form"),
    [
        (SELECT_QUERY, snippets.SELECT),
        (ASK_QUERY, snippets.ASK),
        (GRAPH_QUERY, snippets.GRAPH),
        (COOP + "DESCRIBE <https://w3id.org/coopgraph/id/country/fr>", snippets.GRAPH),
        ('# ASK in a comment\nPREFIX ex: <http://ex/select#>\nSELECT * { ?s ?p "ASK" }', "select"),
    ],
)
def test_query_form(query: str, form: str) -> None:
    assert snippets.query_form(query) == form

"""Real SPARQL clients against a real `coopgraph serve` on 127.0.0.1: every return format of
SPARQLWrapper for every query form, by GET and POST, with and without `onlyConneg`; the
format parameter values other clients send (Jena/Fuseki's `output`, Virtuoso's `format`)."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
import warnings
from xml.dom.minidom import Document

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import (
    ASK,
    CONSTRUCT,
    CSV,
    DESCRIBE,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDF,
    RDFXML,
    SELECT,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)

from .servers import CoopgraphServer
from .test_endpoint import COOP, PREFIX
from .test_endpoint import http as fetch

pytestmark = pytest.mark.slow

ALGIERS = "https://w3id.org/coopgraph/id/wilaya/16"
QUERIES = {
    SELECT: PREFIX + "SELECT (COUNT(?a) AS ?n) WHERE { ?a a coop:CooperationAgreement }",
    ASK: PREFIX + f"ASK {{ <{ALGIERS}> a coop:Wilaya }}",
    CONSTRUCT: f"CONSTRUCT {{ <{ALGIERS}> ?p ?o }} WHERE {{ <{ALGIERS}> ?p ?o }}",
    DESCRIBE: f"DESCRIBE <{ALGIERS}>",
}
# What each SPARQLWrapper return format must bring, per kind of result.
SOLUTION_MEDIA = {
    JSON: "application/sparql-results+json",
    XML: "application/sparql-results+xml",
    CSV: "text/csv",
    TSV: "text/tab-separated-values",
    TURTLE: "text/turtle",
    N3: "text/turtle",
    RDF: "application/rdf+xml",
    RDFXML: "application/rdf+xml",
    JSONLD: "application/ld+json",
}
GRAPH_MEDIA = {**SOLUTION_MEDIA, JSON: "application/ld+json", XML: "application/rdf+xml"}
RDF_PARSERS = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
}
RS = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
REQUESTS = {
    "GET": (GET, URLENCODED),
    "POST form": (POST, URLENCODED),
    "POST direct": (POST, POSTDIRECTLY),
}


@pytest.fixture(scope="module")
def endpoint(built_store) -> str:
    server = CoopgraphServer(str(built_store.dir.root), ["--timeout", "10"])
    yield server.url + "sparql"
    server.stop()


def _graph(converted: object, media: str) -> rdflib.Graph:
    if isinstance(converted, rdflib.Graph):
        return converted
    text = converted.decode() if isinstance(converted, bytes) else str(converted)
    return rdflib.Graph().parse(data=text, format=RDF_PARSERS[media])


def _table(converted: object, media: str) -> list[list[str]]:
    text = converted.decode() if isinstance(converted, bytes) else str(converted)
    sep = "," if media == "text/csv" else "\t"
    return [line.split(sep) for line in text.splitlines() if line]


def answer(form: str, converted: object, media: str) -> object:
    """The result read back from what SPARQLWrapper's convert() made of it: the count for the
    SELECT, the boolean for the ASK, whether Algiers' type is in the graph otherwise."""
    if form in (CONSTRUCT, DESCRIBE):
        wilaya = [ALGIERS, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", COOP + "Wilaya"]
        if media in ("text/csv", "text/tab-separated-values"):
            rows = _table(converted, media)
            cells = [[c.strip("<>") for c in row] for row in rows[1:]]
            header = [name.lstrip("?") for name in rows[0]]
            return header == ["subject", "predicate", "object"] and wilaya in cells
        g = _graph(converted, media)
        return tuple(rdflib.URIRef(x) for x in wilaya) in g
    if media == "application/sparql-results+json":
        body = converted
        return body["boolean"] if form == ASK else int(body["results"]["bindings"][0]["n"]["value"])
    if media == "application/sparql-results+xml":
        assert isinstance(converted, Document)
        if form == ASK:
            return converted.getElementsByTagName("boolean")[0].firstChild.data == "true"
        return int(converted.getElementsByTagName("literal")[0].firstChild.data)
    if media in ("text/csv", "text/tab-separated-values"):
        rows = _table(converted, media)
        if form == ASK:
            return rows[0] == ["true"]
        return int(rows[1][0].split("^^")[0].strip('"'))
    g = _graph(converted, media)
    if form == ASK:
        return next(g.objects(None, RS.boolean)).toPython()
    return next(g.objects(None, RS.value)).toPython()


@pytest.fixture(scope="module")
def expected(built_store) -> dict[str, object]:
    """What each query form answers: the SELECT's count as the store itself gives it."""
    count = int(next(iter(built_store.query(QUERIES[SELECT])))["n"].value)
    return {SELECT: count, ASK: True, CONSTRUCT: True, DESCRIBE: True}


@pytest.mark.parametrize("conneg", [False, True], ids=["params", "onlyConneg"])
@pytest.mark.parametrize("request_kind", sorted(REQUESTS))
@pytest.mark.parametrize("fmt", sorted(SOLUTION_MEDIA))
@pytest.mark.parametrize("form", sorted(QUERIES))
def test_sparqlwrapper_every_format_form_and_method(
    endpoint: str, expected: dict, form: str, fmt: str, request_kind: str, conneg: bool
) -> None:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(QUERIES[form])
    sw.setReturnFormat(fmt)
    method, encoding = REQUESTS[request_kind]
    sw.setMethod(method)
    sw.setRequestMethod(encoding)
    sw.setOnlyConneg(conneg)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wildcard = "*/*" in sw._getAcceptHeader()  # the client itself has no media type for it
        result = sw.query()
        media = result.info()["content-type"].split(";")[0]
        converted = result.convert()
    assert result.response.status == 200
    if conneg and wildcard:  # only Accept: */* goes out: the query form's first format
        forms_first = "application/sparql-results+json" if form in (SELECT, ASK) else "text/turtle"
        assert media == forms_first
    else:
        wanted = SOLUTION_MEDIA if form in (SELECT, ASK) else GRAPH_MEDIA
        assert media == wanted[fmt]
        mismatch = [w for w in caught if "has been returned by the endpoint" in str(w.message)]
        assert not mismatch, mismatch[0].message
    assert answer(form, converted, media) == expected[form]


@pytest.mark.parametrize(
    ("params", "form", "media"),
    [
        ({"output": "json"}, SELECT, "application/sparql-results+json"),  # Jena, Fuseki
        ({"output": "sparql"}, SELECT, "application/sparql-results+xml"),
        ({"output": "tsv"}, ASK, "text/tab-separated-values"),
        ({"output": "ttl"}, CONSTRUCT, "text/turtle"),
        ({"output": "nt"}, DESCRIBE, "application/n-triples"),
        ({"output": "n-quads"}, CONSTRUCT, "application/n-quads"),
        ({"output": "json-ld"}, CONSTRUCT, "application/ld+json"),
        ({"format": "application/sparql-results+json"}, SELECT, "application/sparql-results+json"),
        ({"format": "text/rdf+n3"}, CONSTRUCT, "text/turtle"),  # Virtuoso's names
        ({"format": "application/x-nice-turtle"}, CONSTRUCT, "text/turtle"),
        ({"format": "text/plain"}, CONSTRUCT, "application/n-triples"),
        ({"format": "application/x-json+ld"}, DESCRIBE, "application/ld+json"),
        ({"format": "JSON"}, SELECT, "application/sparql-results+json"),
        ({"format": "text/csv"}, CONSTRUCT, "text/csv"),
        ({"results": "xml"}, ASK, "application/sparql-results+xml"),
        ({"format": ["rdf+xml", "application/rdf+xml"]}, CONSTRUCT, "application/rdf+xml"),
        ({"format": ["no-such", "tsv"]}, SELECT, "text/tab-separated-values"),
    ],
)
def test_format_values_other_clients_send(
    endpoint: str, expected: dict, params: dict, form: str, media: str
) -> None:
    qs = urllib.parse.urlencode({"query": QUERIES[form], **params}, doseq=True)
    status, headers, body = fetch(f"{endpoint}?{qs}", headers={"Accept": "*/*"})
    assert status == 200, body
    assert headers["Content-Type"].split(";")[0] == media
    if media == "application/sparql-results+json" and form == SELECT:
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(expected[SELECT])


def test_an_unknown_format_is_a_400_that_lists_the_known_ones(endpoint: str) -> None:
    qs = urllib.parse.urlencode({"query": QUERIES[SELECT], "format": "yaml"})
    status, _, body = fetch(f"{endpoint}?{qs}", headers={"Accept": "text/plain"})
    assert status == 400
    assert b"Unknown format 'yaml'" in body and b"json" in body and b"turtle" in body


# --- no silent cut: the whole graph, or an error the client sees ------------------------------

EVERY_TRIPLE = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
DISTINCT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
WHOLE_GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
# Two triples a solution, one with a long literal: 40,000 triples are far more than 4 MiB.
FAT_GRAPH = (
    "CONSTRUCT { ?s ?p ?o . ?s <urn:x:all> ?all } "
    "WHERE { ?s ?p ?o BIND(CONCAT(STR(?s), STR(?p), STR(?o)) AS ?all) }"
)


def count(endpoint: str, query: str) -> int:
    sw = SPARQLWrapper(endpoint, returnFormat=JSON)
    sw.setQuery(query)
    return int(sw.queryAndConvert()["results"]["bindings"][0]["n"]["value"])


def test_rdflib_sparqlstore_iterates_as_many_triples_as_it_counts(endpoint: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(endpoint))
    size = len(graph)
    assert size > 40_000  # the shipped graph: more than the 10,000 rows once cut silently
    assert sum(1 for _ in graph) == size


def test_sparqlwrapper_gets_the_whole_graph(endpoint: str) -> None:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(WHOLE_GRAPH)
    sw.setReturnFormat(RDFXML)
    assert len(sw.queryAndConvert()) == count(endpoint, DISTINCT_TRIPLES) > 40_000


@pytest.fixture(scope="module")
def limited(built_store) -> str:
    """A server whose operator set a row limit: 40,000, under the shipped graph's size."""
    server = CoopgraphServer(str(built_store.dir.root), ["--max-rows", "40000"])
    yield server.url + "sparql"
    server.stop()


def test_over_a_set_row_limit_rdflib_gets_an_error_not_a_part(limited: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(limited))
    with pytest.raises(ValueError) as refused:  # rdflib's wrapping of the HTTP error
        sum(1 for _ in graph)
    cause = refused.value.__context__
    assert isinstance(cause, urllib.error.HTTPError) and cause.code == 403
    assert "more than 40,000 rows" in cause.read().decode()


def test_over_a_set_row_limit_while_streaming_the_response_is_left_unfinished(
    limited: str,
) -> None:
    """Past the read-ahead the status line is gone: the body never ends, which the client's
    HTTP library reports, instead of a document that looks whole."""
    qs = urllib.parse.urlencode({"query": FAT_GRAPH})
    request = urllib.request.Request(f"{limited}?{qs}", headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        with pytest.raises(http.client.IncompleteRead) as unfinished:
            response.read()
    lines = unfinished.value.partial.count(b"\n")
    assert 0 < lines < 40_000  # the last chunk, holding the end, was never sent
    sw = SPARQLWrapper(limited)
    sw.setQuery(FAT_GRAPH)
    sw.setReturnFormat(TURTLE)
    with pytest.raises(http.client.IncompleteRead):
        sw.queryAndConvert()


# --- the HTML page for browsers: a part, said so, with the whole result a click away ----------

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"
# 8 copies of each subject IRI a row: about 600 bytes a row, 4 MiB in about 7,000 rows. Its
# own LIMIT, above the page's 10,000 rows, has the rows written one by one, as they stream.
FAT_ROWS = (
    "SELECT ?s ?p ?o ?all WHERE { ?s ?p ?o BIND(CONCAT(STR(?s), STR(?s), STR(?s), STR(?s), "
    "STR(?s), STR(?s), STR(?s), STR(?s)) AS ?all) } LIMIT 20000"
)


def browse(endpoint: str, query: str) -> tuple[int, str]:
    qs = urllib.parse.urlencode({"query": query})
    headers = {"Accept": BROWSER, "Accept-Language": "en"}
    status, _, body = fetch(f"{endpoint}?{qs}", headers=headers)
    return status, body.decode()


def shown_rows(page: str) -> int:
    return int(page.split('data-rows="')[1].split('"')[0])


def test_html_page_of_a_result_over_4_mib_shows_what_fits_and_says_so(endpoint: str) -> None:
    status, page = browse(endpoint, FAT_ROWS)
    assert status == 200
    assert "Only the first 4 MiB of the result are" in page
    assert 1_000 < shown_rows(page) < 10_000 and page.count("<tr>") == shown_rows(page) + 1
    assert 'href="/sparql?query=SELECT' in page and "format=csv" in page
    status, page = browse(endpoint, FAT_GRAPH)  # a graph, shown as Turtle text
    assert status == 200 and "Only the first 10,000 results are" in page
    assert "format=turtle" in page and "format=ntriples" in page


def test_html_page_of_many_rows_shows_the_first_10000_and_says_so(endpoint: str) -> None:
    status, page = browse(endpoint, EVERY_TRIPLE)
    assert status == 200 and shown_rows(page) == 10_000
    assert "Only the first 10,000 results are" in page and "format=json" in page
    status, page = browse(endpoint, EVERY_TRIPLE + " LIMIT 20")
    assert shown_rows(page) == 20 and "Only the first" not in page and "format=json" not in page

"""/queries/: the research queries over HTTP, from a real `coopgraph serve`, on the embedded
store and on two remote servers (where parameters travel as a VALUES block): Oxigraph's own
server, and Virtuoso Open Source loaded by `coopgraph publish`.

The expected answers come from running the same catalogued query on the store directly.
"""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from coopgraph import build, iris, queries
from coopgraph.cli import main
from coopgraph.store import EmbeddedStore

from .browser import http
from .conftest import ROOT
from .servers import CoopgraphServer, OxigraphServer
from .sourcetree import with_own_queries

pytestmark = pytest.mark.slow

HOSTILE = '"} ; DROP ALL #'
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def site(built_store: EmbeddedStore) -> Iterator[str]:
    server = CoopgraphServer(str(built_store.dir.root), [], workers=1)
    yield server.url
    server.stop()


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote_site(request: pytest.FixtureRequest, built_store: EmbeddedStore) -> Iterator[str]:
    """The same app reading the release through a remote SPARQL server (the remote store)."""
    if request.param == "oxigraph":
        oxigraph = OxigraphServer(built_store.dir.current)
        request.addfinalizer(oxigraph.stop)
        endpoint = oxigraph.url
    else:
        endpoint = request.getfixturevalue("virtuoso").url
    server = CoopgraphServer(endpoint, [], workers=1)
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def catalogue(built_store: EmbeddedStore) -> dict[str, queries.CannedQuery]:
    return {q.name: q for q in built_store.queries()}


def url_of(site: str, name: str, suffix: str = "", **values: str) -> str:
    query = f"?{urllib.parse.urlencode(values)}" if values else ""
    return f"{site}queries/{name}{suffix}{query}"


def direct(store: EmbeddedStore, query: queries.CannedQuery, **values: str) -> list[dict]:
    """The rows the store gives for the query, in SPARQL JSON terms."""
    solutions = store.query(query.text, queries.bind(query, values) or None)
    names = [v.value for v in solutions.variables]
    return [{n: _json_term(s[n]) for n in names if s[n] is not None} for s in solutions]


def _json_term(term: ox.Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    assert isinstance(term, ox.Literal)
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    if term.datatype.value == iris.PREFIXES["xsd"] + "string":
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def count_all(site: str) -> bytes:
    return http(f"{site}sparql?" + urllib.parse.urlencode({"query": COUNT_ALL, "format": "json"}))[
        2
    ]


def json_rows(body: bytes) -> tuple[list[str], list[dict]]:
    doc = json.loads(body)
    return doc["head"]["vars"], doc["results"]["bindings"]


# ---------------------------------------------------------------------------------------------
# The catalogue


def test_index_json_is_the_store_catalogue(site: str, catalogue) -> None:
    status, headers, body = http(site + "queries/index.json")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    items = json.loads(body)["queries"]
    assert [i["name"] for i in items] == list(catalogue)
    for item in items:
        q = catalogue[item["name"]]
        assert item["title"] == q.title and item["description"] == q.description
        assert item["text"] == q.text and item["tags"] == list(q.tags)
        assert [p["name"] for p in item["parameters"]] == [p.name for p in q.parameters]
        assert item["links"]["csv"] == f"/queries/{q.name}.csv"


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_list_page_in_each_language(site: str, catalogue, lang: str) -> None:
    status, _, body = http(f"{site}queries/?lang={lang}")
    page = body.decode().replace("<bdi>", "").replace("</bdi>", "")  # Latin runs in Arabic text
    assert status == 200 and f'<html lang="{lang}"' in page
    for q in catalogue.values():
        assert f'href="/queries/{q.name}?lang={lang}"' in page
        assert f'<span lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page
        assert q.title[lang].replace("'", "&#39;") in page


# ---------------------------------------------------------------------------------------------
# Formats


@pytest.mark.parametrize("name", ["agreements-by-country", "partners-of-collectivity"])
def test_json_csv_tsv_give_the_store_rows(site: str, built_store, catalogue, name: str) -> None:
    expected = direct(built_store, catalogue[name])
    status, headers, body = http(url_of(site, name, ".json"))
    assert status == 200
    assert headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
    names, rows = json_rows(body)
    assert rows == expected and headers["X-Coopgraph-Rows"] == str(len(expected))
    status, headers, body = http(url_of(site, name, ".csv"))
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(body.decode())))
    assert table[0] == names
    assert [r[0] for r in table[1:]] == [r[names[0]]["value"] for r in expected]
    status, headers, body = http(url_of(site, name, ".tsv"))
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    lines = body.decode().splitlines()
    assert lines[0].split("\t") == [f"?{n}" for n in names] and len(lines) == len(expected) + 1


class Cells(HTMLParser):
    """The cells of the results table: links (href, lang, dir, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str, str]] = []
        self.headers: list[str] = []
        self._href: str | None = None
        self._span: tuple[str, str] | None = None
        self._in_th = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a":
            self._href = a.get("href")
        elif tag == "span" and self._href:
            self._span = (a.get("lang") or "", a.get("dir") or "")
        self._in_th = tag == "th"

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = self._span = None

    def handle_data(self, data: str) -> None:
        if self._in_th and data.strip():
            self.headers.append(data)
        if self._href and self._span:
            self.links.append((self._href, *self._span, data))
            self._href = self._span = None


def test_html_table_has_labelled_links_in_the_reader_language(
    site: str, built_store, catalogue
) -> None:
    expected = direct(built_store, catalogue["agreements-by-country"])
    status, _, body = http(url_of(site, "agreements-by-country", lang="ar"))
    assert status == 200
    cells = Cells()
    cells.feed(body.decode())
    assert cells.headers == ["country", "code", "agreements", "collectivities"]  # label folded
    countries = [link for link in cells.links if link[0].startswith("/page/country/")]
    assert len(countries) == len(expected)
    algeria_partners = {r["country"]["value"].rsplit("/", 1)[-1] for r in expected}
    assert {c[0] for c in countries} == {f"/page/country/{c}?lang=ar" for c in algeria_partners}
    arabic = {  # the store's Arabic names of these countries
        s["c"].value: s["l"].value
        for s in built_store.query(
            f"SELECT ?c ?l WHERE {{ ?c a <{iris.ONTOLOGY}Country> ; "
            f'<{iris.PREFIXES["rdfs"]}label> ?l FILTER(LANG(?l) = "ar") }}'
        )
    }
    for href, lang, direction, text in countries:
        code = href.split("/")[3].split("?")[0]
        assert (lang, direction, text) == ("ar", "rtl", arabic[iris.country(code)])
    assert f"عدد الأسطر: {len(expected)}" in body.decode()


# ---------------------------------------------------------------------------------------------
# Parameters


def test_parameters_bind_as_typed_terms(site: str, built_store, catalogue) -> None:
    query = catalogue["agreements-signed-in-year"]
    status, _, body = http(url_of(site, query.name, ".json", year="2018"))
    assert status == 200 and json_rows(body)[1] == direct(built_store, query, year="2018")
    collectivity = iris.collectivity("fr", "Belfort")
    partners = catalogue["partners-of-collectivity"]
    status, _, body = http(url_of(site, partners.name, ".json", collectivity=collectivity))
    rows = json_rows(body)[1]
    assert rows and rows == direct(built_store, partners, collectivity=collectivity)
    status, _, body = http(url_of(site, partners.name, ".json", collectivity=f"<{collectivity}>"))
    assert json_rows(body)[1] == rows


def test_hostile_string_is_a_plain_literal(site: str, built_store, catalogue) -> None:
    name = "collectivities-of-country"
    count_before = count_all(site)
    normal = json_rows(http(url_of(site, name, ".json"))[2])
    status, _, body = http(url_of(site, name, ".json", code=HOSTILE))
    assert status == 200
    names, rows = json_rows(body)
    assert names == normal[0] and rows == []  # same shape, no country has that code
    status, _, page = http(url_of(site, name, code=HOSTILE))
    assert status == 200 and "&#34;} ; DROP ALL #" in page.decode()  # shown in the form, escaped
    assert count_all(site) == count_before
    assert json_rows(http(url_of(site, name, ".json"))[2]) == normal
    tunisia = json_rows(http(url_of(site, name, ".json", code="TN"))[2])[1]
    assert tunisia == direct(built_store, catalogue[name], code="TN") and tunisia


@pytest.mark.parametrize(
    ("name", "values", "says"),
    [
        ("agreements-signed-in-year", {"year": "20x"}, "'year' must be a year of four digits"),
        ("partners-of-collectivity", {"collectivity": "Oran"}, "'collectivity' must be an absol"),
        ("agreements-by-country", {"country": "fr"}, "no parameter 'country'"),
    ],
)
@pytest.mark.parametrize("suffix", [".json", ".csv", ".tsv", ""])
def test_wrong_parameters_are_400_naming_them(
    site: str, name: str, values: dict[str, str], says: str, suffix: str
) -> None:
    status, headers, body = http(url_of(site, name, suffix, **values))
    assert status == 400
    text = body.decode()
    assert says.replace("'", "&#39;" if not suffix else "'") in text
    if not suffix:  # the page keeps its form, to correct the value
        assert headers["Content-Type"].startswith("text/html") and "<form" in text


def test_unknown_query_is_404_listing_the_others(site: str, catalogue) -> None:
    status, _, body = http(site + "queries/no-such-query.json")
    assert status == 404
    assert "'no-such-query'" in body.decode() and all(n in body.decode() for n in catalogue)
    status, _, body = http(site + "queries/no-such-query")
    assert status == 404 and all(f"/queries/{n}?" in body.decode() for n in catalogue)
    status, _, body = http(site + "queries/agreements-by-country.xml")
    assert status == 404 and "/queries/agreements-by-country.csv" in body.decode()


def test_results_are_cacheable_by_etag(site: str) -> None:
    url = url_of(site, "agreements-by-decade", ".csv")
    status, headers, _ = http(url)
    assert status == 200 and headers["ETag"]
    status, _, body = http(url, {"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""


def test_results_are_open_to_other_origins(site: str) -> None:
    headers = {"Origin": "https://notebook.example"}
    status, answer, _ = http(url_of(site, "agreements-by-theme", ".csv"), headers)
    assert status == 200 and answer["Access-Control-Allow-Origin"] == "*"
    assert "X-Coopgraph-Rows" in answer["Access-Control-Expose-Headers"]


# ---------------------------------------------------------------------------------------------
# The same answers through a remote SPARQL server, and from the command line


PARAMETERISED = [
    ("partners-of-collectivity", {"collectivity": iris.wilaya(16)}),
    ("agreements-with-country", {"country": iris.country("tn")}),
    ("collectivities-of-country", {"code": "EH"}),
    ("agreements-signed-in-year", {"year": "2018"}),
    ("agreements-in-wilaya", {"wilaya": iris.wilaya(13)}),
    ("agreements-on-theme", {"theme": iris.concept("theme", "tourism")}),
    ("sources-of-agreement", {"agreement": iris.agreement("DZA-AGR-069")}),
]


def sorted_rows(rows: list[dict]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


@pytest.mark.parametrize(("name", "values"), PARAMETERISED)
def test_remote_store_gives_the_same_rows(
    site: str, remote_site: str, catalogue, name: str, values: dict[str, str]
) -> None:
    for given in ({}, values):
        local = json_rows(http(url_of(site, name, ".json", **given))[2])
        remote = json_rows(http(url_of(remote_site, name, ".json", **given))[2])
        assert local[0] == remote[0] and local[1]
        assert sorted_rows(local[1]) == sorted_rows(remote[1])
    listed = json.loads(http(remote_site + "queries/index.json")[2])["queries"]
    assert [q["name"] for q in listed] == list(catalogue)


XSD = "http://www.w3.org/2001/XMLSchema#"
WKT = "http://www.opengis.net/ont/geosparql#wktLiteral"
VIRTUOSO_GEOMETRY = "http://www.openlinksw.com/schemas/virtrdf#Geometry"
CONCAT = re.compile(r'GROUP_CONCAT\([^;]*;\s*separator\s*=\s*"([^"]*)"\s*\)\s*AS\s*\?(\w+)', re.I)


def single(number: str) -> float:
    return struct.unpack("f", struct.pack("f", float(number)))[0]


def comparable(row: dict, concats: dict[str, str], virtuoso: bool, answered: bool) -> dict:
    """A row with what SPARQL leaves open made equal: GROUP_CONCAT's order. On Virtuoso, also
    the differences docs/endpoint.md lists, applied to the embedded store's answer (and to
    Virtuoso's own when `answered`): a non-ASCII GROUP_CONCAT separator comes back as '?' and
    without the language tag, booleans as xsd:integer 0/1, WKT points as virtrdf:Geometry with
    single-precision coordinates."""
    out = {}
    for name, term in row.items():
        term = dict(term)
        if name in concats:
            separator = concats[name]
            if virtuoso:
                term.pop("xml:lang", None)
            if virtuoso and answered:
                separator = "".join(c if c.isascii() else "?" for c in separator)
            term["value"] = sorted(term["value"].split(separator))
        elif virtuoso and term.get("datatype") == XSD + "boolean":
            term = {**term, "datatype": XSD + "integer"}
            term["value"] = {"true": "1", "false": "0"}.get(term["value"], term["value"])
        elif virtuoso and term.get("datatype") in (WKT, VIRTUOSO_GEOMETRY):
            numbers = re.findall(r"-?[0-9.]+", term["value"])
            term = {**term, "datatype": VIRTUOSO_GEOMETRY}
            term["value"] = [single(n) for n in numbers]
        out[name] = term
    return out


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "queries").glob("*.rq")))
def test_every_research_query_gives_the_same_rows_remotely(
    request: pytest.FixtureRequest, site: str, remote_site: str, catalogue, name: str
) -> None:
    """Every query of queries/, with its defaults (or the values above when it has none)."""
    given = dict(PARAMETERISED).get(name, {})
    virtuoso = request.node.callspec.params["remote_site"] == "virtuoso"
    concats = {var: sep for sep, var in CONCAT.findall(catalogue[name].text)}
    local = json_rows(http(url_of(site, name, ".json", **given))[2])
    remote = json_rows(http(url_of(remote_site, name, ".json", **given))[2])
    assert local[0] == remote[0] and local[1]
    assert sorted_rows([comparable(r, concats, virtuoso, False) for r in local[1]]) == (
        sorted_rows([comparable(r, concats, virtuoso, True) for r in remote[1]])
    )


def test_remote_store_keeps_a_hostile_string_a_literal(remote_site: str) -> None:
    before = count_all(remote_site)
    status, _, body = http(url_of(remote_site, "collectivities-of-country", ".json", code=HOSTILE))
    assert status == 200 and json_rows(body)[1] == []
    assert count_all(remote_site) == before


def test_cli_runs_a_named_query_with_parameters(built_store, catalogue) -> None:
    store = str(built_store.dir.root)
    args = ["query", "--store", store, "--name", "agreements-signed-in-year", "--format", "csv"]
    result = CliRunner().invoke(main, [*args, "--param", "year=2018"], catch_exceptions=False)
    assert result.exit_code == 0
    table = list(csv.reader(io.StringIO(result.stdout)))
    expected = direct(built_store, catalogue["agreements-signed-in-year"], year="2018")
    assert [r[2] for r in table[1:]] == [r["agreement"]["value"] for r in expected]
    result = CliRunner().invoke(main, [*args, "--param", "year=x"])
    assert result.exit_code == 2 and "'year' must be a year" in result.output
    result = CliRunner().invoke(main, ["query", "--store", store, "--name", "nope"])
    assert result.exit_code == 2 and "agreements-by-country" in result.output


# ---------------------------------------------------------------------------------------------
# The endpoint's limits hold for research queries


SLOW_QUERY = """#+ title.en: Slow
#+ title.fr: Lente
#+ title.ar: بطيء
#+ description.en: A cartesian product that outlives any time limit.
#+ description.fr: Un produit cartésien.
#+ description.ar: جداء ديكارتي.
#+ tags: test
#+ param: label string default=x
SELECT ?label (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?label
"""


@pytest.fixture(scope="module")
def limited_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server with a 2 s time limit and a 10-row limit, whose catalogue has a slow query."""
    root = with_own_queries(tmp_path_factory.mktemp("tree") / "sources")
    (root / "queries" / "slow-product.rq").write_text(SLOW_QUERY, "utf-8")
    store = tmp_path_factory.mktemp("store")
    build.build(store, sources_root=root)
    server = CoopgraphServer(str(store), ["--timeout", "2", "--max-rows", "10"], workers=1)
    yield server.url
    server.stop()


def test_a_research_query_is_stopped_at_the_time_limit(limited_site: str) -> None:
    status, _, body = http(url_of(limited_site, "slow-product", ".json", label="y"))
    assert status == 503 and "time limit of 2 s" in body.decode()
    status, _, body = http(url_of(limited_site, "slow-product", label="y"))
    assert status == 503 and "time limit" in body.decode()
    status, _, _ = http(url_of(limited_site, "agreements-by-decade", ".json"))
    assert status == 200  # the killed process was replaced


def test_a_research_query_over_the_row_limit_is_refused_not_cut(limited_site: str) -> None:
    status, _, body = http(url_of(limited_site, "map-of-agreements", ".json"))
    assert status == 403 and "more than 10 rows" in body.decode()
    status, headers, body = http(url_of(limited_site, "agreements-by-decade", ".json"))
    rows = len(json_rows(body)[1])
    assert status == 200 and 0 < rows <= 10 and headers["X-Coopgraph-Rows"] == str(rows)
    # the page shows its own first rows (and says when there are more), whatever the limit
    status, _, page = http(url_of(limited_site, "map-of-agreements", lang="en"))
    assert status == 200 and "Only the first" not in page.decode()

"""The query workbench (/query) over HTTP on a real `coopgraph serve`: the editor with the
project's prefixes and the research queries, the no-JavaScript form path, permalinks,
downloads in every format the endpoint offers, the snippets endpoint, the page's own
Content-Security-Policy, and markup in the data shown as text."""

from __future__ import annotations

import html as htmllib
import json
import re
import urllib.parse

import pyoxigraph as ox
import pytest
from markupsafe import escape

from coopgraph import iris, queries, results, snippets

from .browser import SCRIPT, http, resources, site_fixture, xss_fixture  # noqa: F401

pytestmark = pytest.mark.slow

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
BY_COUNTRY = """PREFIX coop: <https://w3id.org/coopgraph/ontology#>
SELECT ?country (COUNT(DISTINCT ?agreement) AS ?agreements) WHERE {
  ?agreement a coop:CooperationAgreement ; coop:foreignParty/coop:country ?country .
}
GROUP BY ?country
ORDER BY DESC(?agreements) ?country
"""
CONSTRUCT = """PREFIX coop: <https://w3id.org/coopgraph/ontology#>
CONSTRUCT { ?a coop:foreignParty ?p } WHERE { ?a coop:foreignParty ?p } LIMIT 5
"""


def page(site: str, **params: str) -> tuple[int, dict[str, str], str]:
    status, headers, body = http(site + "query?" + urllib.parse.urlencode(params))
    return status, headers, body.decode()


def textarea(html: str) -> str:
    found = re.search(r'<textarea id="query"[^>]*>(.*?)</textarea>', html, re.S)
    assert found, "the page has no query editor"
    return htmllib.unescape(found.group(1))


def table_rows(html: str) -> list[list[str]]:
    """The cells' text of the result table, tags removed."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    assert body, "the page shows no result table"
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    cell = re.compile(r"<td>(.*?)</td>", re.S)
    return [
        [htmllib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cell.findall(r)] for r in rows
    ]


def labels_in(store, iri_list: list[str], lang: str) -> dict[str, str]:
    values = " ".join(f"<{i}>" for i in iri_list)
    query = (
        f"SELECT ?x ?l {{ VALUES ?x {{ {values} }} "
        f'?x <{RDFS}label> ?l FILTER(LANG(?l) = "{lang}") }}'
    )
    return {r["x"].value: r["l"].value for r in store.query(query)}


# ---------------------------------------------------------------------------------------------
# The editor


def test_page_offers_the_projects_prefixes(site: str) -> None:
    status, _, html = page(site, lang="en")
    assert status == 200
    for prefix, namespace in iris.PREFIXES.items():
        assert f'data-prefix="{prefix}" data-namespace="{namespace}"' in html
    editor = textarea(html)
    assert f"PREFIX coop: <{iris.ONTOLOGY}>" in editor
    # the starter query runs as it stands
    assert "SELECT" in editor and "<tbody>" not in html


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_examples_are_the_research_queries_in_the_pages_language(
    site: str, built_store, lang: str
) -> None:
    catalogue = built_store.queries()
    assert len(catalogue) >= 20
    _, _, html = page(site, lang=lang)
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', html)
    assert [(name, htmllib.unescape(title)) for name, title in options] == [
        (q.name, q.title[lang]) for q in catalogue
    ]


def test_arabic_page_is_right_to_left_with_a_left_to_right_editor(site: str) -> None:
    _, _, html = page(site, lang="ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert re.search(r'<textarea id="query"[^>]*dir="ltr"', html)


def test_the_page_loads_only_its_own_script_and_styles(site: str) -> None:
    _, _, html = page(site, lang="en")
    found = resources(html)
    assert [s.get("src") for s in found.scripts] == ["/static/workbench.js"]
    assert all(url.startswith("/static/") for url in found.loaded), found.loaded
    for url in found.loaded:
        status, _, _ = http(site + url.lstrip("/"))
        assert status == 200, url


def test_the_site_navigation_leads_to_the_workbench(site: str) -> None:
    _, _, body = http(site + "?lang=ar")
    assert "/query?lang=ar" in resources(body.decode()).links


def test_content_security_policy_allows_only_this_sites_script(site: str) -> None:
    _, headers, _ = page(site, lang="en")
    policy = dict(
        part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["connect-src"] == "'self'"
    assert policy["default-src"] == "'none'"
    assert "unsafe" not in headers["Content-Security-Policy"]
    _, home_headers, _ = http(site)
    assert "script-src 'none'" in home_headers["Content-Security-Policy"], "only /query runs JS"


# ---------------------------------------------------------------------------------------------
# Running a query without JavaScript


def test_the_form_runs_the_query_and_shows_labels(site: str, built_store) -> None:
    status, _, html = page(site, query=BY_COUNTRY, lang="en")
    assert status == 200
    expected = [
        (r["country"].value, int(r["agreements"].value)) for r in built_store.query(BY_COUNTRY)
    ]
    names = labels_in(built_store, [c for c, _ in expected], "en")
    assert table_rows(html) == [[names[c], str(n)] for c, n in expected]
    assert f"{len(expected)} rows" in html
    assert textarea(html) == BY_COUNTRY


def test_ask_and_construct_results_show_without_javascript(site: str) -> None:
    _, _, html = page(site, query="ASK { ?s ?p ?o }", lang="en")
    assert "Yes (true)" in html
    _, _, html = page(site, query=CONSTRUCT, lang="en")
    shown = re.search(r'<pre class="graph-result"[^>]*>(.*?)</pre>', html, re.S)
    graph = ox.parse(htmllib.unescape(shown.group(1)).encode(), ox.RdfFormat.TURTLE)
    assert len(list(graph)) == 5


def test_a_bad_query_keeps_the_editor_and_says_what_is_wrong(site: str) -> None:
    status, _, html = page(site, query="SELECT ?x WHERE {", lang="en")
    assert status == 400
    assert "not valid SPARQL" in html
    assert textarea(html) == "SELECT ?x WHERE {"
    status, _, html = page(site, query="INSERT DATA { <a:b> <a:b> <a:b> }", lang="en")
    assert status == 400 and "read-only" in html


def test_an_unknown_example_is_a_404_that_lists_the_known_ones(site: str, built_store) -> None:
    status, _, html = page(site, example="no-such-question", lang="en")
    assert status == 404
    assert "no-such-question" in html and built_store.queries()[0].name in html


def catalogue_names() -> list[str]:
    from .conftest import ROOT

    return [q.name for q in queries.load_catalogue(ROOT / "queries")]


@pytest.mark.parametrize("name", catalogue_names())
def test_each_example_loads_and_runs_as_the_canned_query_does(
    site: str, built_store, name: str
) -> None:
    """The editor gets the example with its parameters' defaults written out; it returns the
    rows the store gives for the query with those defaults substituted."""
    query = next(q for q in built_store.queries() if q.name == name)
    status, _, html = page(site, example=name, lang="fr")
    assert status == 200, re.findall(r'class="error".*', html)
    shown = textarea(html)
    assert shown.startswith(query.text)
    bound = queries.bind(query, {}, built_store.release().base_iri)
    expected = list(built_store.query(query.text, substitutions=bound or None))
    assert len(table_rows(html)) == len(expected)
    for variable, term in bound.items():
        assert f"{variable} " in shown and str(term) in shown


# ---------------------------------------------------------------------------------------------
# Permalink, downloads, snippets


def test_permalink_reproduces_the_query_and_its_result(site: str) -> None:
    _, _, html = page(site, query=BY_COUNTRY, lang="fr")
    link = htmllib.unescape(re.search(r'<a id="permalink" href="([^"]+)"', html).group(1))
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    assert params == {"query": [BY_COUNTRY], "lang": ["fr"]}
    status, _, again = http(site + link.lstrip("/"))
    assert status == 200
    assert textarea(again.decode()) == BY_COUNTRY
    assert table_rows(again.decode()) == table_rows(html)


@pytest.mark.parametrize(
    ("query", "offers"),
    [(BY_COUNTRY, results.SOLUTION_FORMATS), (CONSTRUCT, results.GRAPH_FORMATS)],
    ids=["select", "construct"],
)
def test_every_download_link_answers_in_its_format(site: str, query: str, offers) -> None:
    _, _, html = page(site, query=query, lang="en")
    links = re.findall(r'<a href="([^"]+)" type="([^"]+)" download="results\.(\w+)"', html)
    assert [fmt for _, _, fmt in links] == [r.name for r in offers]
    for href, media_type, _ in links:
        status, headers, body = http(site + htmllib.unescape(href).lstrip("/"))
        assert status == 200, (href, body[:300])
        assert headers["Content-Type"].split(";")[0] == media_type
        assert body


def test_csv_download_has_the_tables_rows(site: str, built_store) -> None:
    _, _, html = page(site, query=BY_COUNTRY, lang="en")
    href = re.search(r'<a href="([^"]+)" type="text/csv"', html).group(1)
    _, _, body = http(site + htmllib.unescape(href).lstrip("/"))
    lines = body.decode().strip().splitlines()
    assert lines[0] == "country,agreements"
    assert len(lines) - 1 == len(table_rows(html))


def test_snippets_endpoint_gives_the_code_downloads_and_permalink(site: str) -> None:
    status, headers, body = http(
        site + "query/snippets?" + urllib.parse.urlencode({"query": BY_COUNTRY, "lang": "ar"})
    )
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    data = json.loads(body)
    assert data["form"] == "select"
    assert data["endpoint"] == site + "sparql"
    expected = snippets.snippets(BY_COUNTRY, site + "sparql")
    assert [(s["id"], s["code"]) for s in data["snippets"]] == [(s.id, s.code) for s in expected]
    assert {s["id"] for s in data["snippets"]} == {
        "python-sparqlwrapper",
        "python-rdflib",
        "r-httr",
        "javascript",
        "curl",
    }
    assert [d["format"] for d in data["downloads"]] == [r.name for r in results.SOLUTION_FORMATS]
    assert data["permalink"] == "/query?" + urllib.parse.urlencode(
        {"query": BY_COUNTRY, "lang": "ar"}
    )
    status, _, body = http(site + "query/snippets")
    assert status == 400 and b"?query=" in body


def test_the_page_shows_the_snippets_for_its_query(site: str) -> None:
    _, _, html = page(site, query=BY_COUNTRY, lang="en")
    shown = [
        htmllib.unescape(c)
        for c in re.findall(r'<code class="language-\w+">(.*?)</code>', html, re.S)
    ]
    assert shown == [s.code for s in snippets.snippets(BY_COUNTRY, site + "sparql")]


# ---------------------------------------------------------------------------------------------
# Markup in the data


def test_markup_in_labels_and_values_shows_as_text(xss_site: str) -> None:
    query = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?commune ?name WHERE {
  VALUES ?commune { <https://w3id.org/coopgraph/id/commune/2301> }
  ?commune skos:altLabel ?name
}"""
    status, _, body = http(xss_site + "query?" + urllib.parse.urlencode({"query": query}))
    html = body.decode()
    assert status == 200
    assert SCRIPT not in html
    assert str(escape(SCRIPT)) in html
    assert any(SCRIPT in cell for row in table_rows(html) for cell in row)
    assert [s.get("src") for s in resources(html).scripts] == ["/static/workbench.js"]
    assert html.count("<script") == 1

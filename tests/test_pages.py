"""Dereferencing and the pages, against a real `coopgraph serve` with real HTTP clients:
content negotiation (q-values, wildcards, suffixes, 406, HEAD, Vary, Link, 304), entity pages,
ontology and vocabulary documentation, /void, /dumps/, /sitemap.xml, /robots.txt, and hostile
literals that must show as text on every page that shows them."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html import unescape
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
import rdflib
from markupsafe import escape
from rdflib.namespace import RDF

from coopgraph import iris
from coopgraph.web.maps import MAP_PARTNERS
from coopgraph.web.pages import INCOMING_PAGE

from .browser import IMG, SCRIPT, http, resources, site_fixture, xss_fixture  # noqa: F401
from .sourcetree import served_with_data

pytestmark = pytest.mark.slow

COOP = rdflib.Namespace(iris.ONTOLOGY)
WILAYA_16 = rdflib.URIRef(iris.wilaya(16))
RDF_TYPES = {
    "text/turtle": ("ttl", "turtle"),
    "application/n-triples": ("nt", "nt"),
    "application/ld+json": ("jsonld", "json-ld"),
    "application/rdf+xml": ("rdf", "xml"),
}


def see_other(site: str, path: str, accept: str | None) -> str:
    status, headers, _ = http(site + path, {"Accept": accept} if accept else {})
    assert status == 303, (path, accept, status)
    assert "Accept" in headers["Vary"]
    return headers["Location"]


# --- 303 and negotiation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "target"),
    [
        ("text/html", "/page/wilaya/16"),
        ("text/turtle", "/data/wilaya/16.ttl"),
        ("application/n-triples", "/data/wilaya/16.nt"),
        ("application/ld+json", "/data/wilaya/16.jsonld"),
        ("application/rdf+xml", "/data/wilaya/16.rdf"),
        (None, "/page/wilaya/16"),
        ("*/*", "/page/wilaya/16"),
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "/data/wilaya/16.jsonld"),
        ("text/html;q=0.1, application/n-triples", "/data/wilaya/16.nt"),
        ("text/*;q=0.2, application/rdf+xml;q=0.8", "/data/wilaya/16.rdf"),
        ("text/html;q=0, text/*", "/data/wilaya/16.ttl"),
        (
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",  # a browser
            "/page/wilaya/16",
        ),
    ],
)
def test_id_answers_303_by_accept(site: str, accept: str | None, target: str) -> None:
    assert see_other(site, "id/wilaya/16", accept) == target


def test_wildcard_type_gets_some_rdf(site: str) -> None:
    location = see_other(site, "id/commune/1601", "application/*")
    assert location.startswith("/data/commune/1601.")


def test_not_acceptable_lists_the_supported_types(site: str) -> None:
    status, headers, body = http(site + "id/wilaya/16", {"Accept": "image/png"})
    assert status == 406
    text = body.decode()
    for media_type in (*RDF_TYPES, "text/html"):
        assert media_type in text
    assert "Accept" in headers["Vary"].split(", ")


def test_303_carries_describedby_links(site: str) -> None:
    _, headers, _ = http(site + "id/wilaya/16", {"Accept": "text/turtle"})
    link = headers["Link"]
    for suffix in ("ttl", "nt", "jsonld", "rdf"):
        assert f'</data/wilaya/16.{suffix}>; rel="describedby"' in link
    assert '</page/wilaya/16>; rel="describedby"; type="text/html"' in link
    assert "max-age" in headers["Cache-Control"]


@pytest.mark.parametrize("media_type", list(RDF_TYPES))
def test_documents_by_suffix(site: str, media_type: str) -> None:
    suffix, fmt = RDF_TYPES[media_type]
    status, headers, body = http(site + f"data/wilaya/16.{suffix}")
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == media_type
    graph = rdflib.Graph().parse(data=body, format=fmt)
    # the request path maps onto the release's base IRI (the canonical one here)
    assert (WILAYA_16, RDF.type, COOP.Wilaya) in graph
    assert (None, COOP.inWilaya, WILAYA_16) in graph  # incoming links
    assert any(graph.objects(COOP.Wilaya, rdflib.RDFS.label))  # labels of what it mentions
    assert 'rel="alternate"' in headers["Link"]
    assert f"/data/wilaya/16.{suffix}>" not in headers["Link"]  # alternates are the others


def test_document_carries_provenance(site: str) -> None:
    _, _, body = http(site + "data/agreement/DZA-AGR-002.ttl")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    agreement = rdflib.URIRef(iris.agreement("DZA-AGR-002"))
    sources = set(graph.objects(agreement, rdflib.URIRef("http://purl.org/dc/terms/source")))
    assert sources
    for source in sources:
        assert (source, RDF.type, COOP.SourceDocument) in graph
    assert any(graph.objects(agreement, COOP.confidence))


@pytest.mark.parametrize("path", ["data/wilaya/16.xyz", "data/wilaya/16", "id/wilaya/99"])
def test_bad_documents_are_404_with_advice(site: str, path: str) -> None:
    status, _, body = http(site + path, {"Accept": "text/plain"})
    assert status == 404
    assert b"/search?" in body or b".ttl" in body


def test_unknown_iri_suggests_a_search(site: str) -> None:
    status, _, body = http(site + "id/commune/9999", {"Accept": "text/html"})
    assert status == 404
    assert 'href="/search?q=9999' in body.decode()
    status, _, body = http(site + "page/collectivity/fr/nowhere", {"Accept": "application/json"})
    assert status == 404
    assert "/search?q=nowhere" in json.loads(body)["error"]["message"]


@pytest.mark.parametrize(
    "path", ["id/wilaya/16", "page/wilaya/16", "data/wilaya/16.ttl", "void", "ontology", ""]
)
def test_head_matches_get(site: str, path: str) -> None:
    g_status, g_headers, g_body = http(site + path, {"Accept": "text/turtle"})
    h_status, h_headers, h_body = http(site + path, {"Accept": "text/turtle"}, method="HEAD")
    assert h_status == g_status
    assert h_body == b""
    for name in ("Content-Type", "ETag", "Location", "Vary", "Link"):
        assert h_headers.get(name) == g_headers.get(name), name
    assert g_body or g_status == 303


@pytest.mark.parametrize("path", ["data/wilaya/16.ttl", "page/commune/1601", "void", ""])
def test_conditional_requests(site: str, path: str) -> None:
    status, headers, _ = http(site + path)
    assert status == 200
    etag, modified = headers["ETag"], headers["Last-Modified"]
    status, again, body = http(site + path, {"If-None-Match": etag})
    assert (status, body) == (304, b"")
    assert again["ETag"] == etag
    status, _, _ = http(site + path, {"If-Modified-Since": modified})
    assert status == 304
    status, _, _ = http(site + path, {"If-None-Match": '"another"'})
    assert status == 200


# --- the ontology and the vocabularies dereference too ----------------------------------------


def test_ontology_and_terms_dereference(site: str) -> None:
    assert see_other(site, "ontology", "text/html") == "/page/ontology"
    assert see_other(site, "ontology", "text/turtle") == "/data/ontology.ttl"
    _, _, body = http(site + "data/ontology.ttl")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    assert (COOP.Commune, RDF.type, rdflib.OWL.Class) in graph
    status, _, page = http(site + "page/ontology?lang=en")
    html = page.decode()
    assert status == 200
    assert 'id="Commune"' in html and 'id="algerianParty"' in html
    for label in ('lang="ar" dir="rtl">بلدية<', 'lang="fr" dir="ltr">commune<'):
        assert label in html
    assert "/sparql?query=" in html  # an example query for each term


def test_schemes_and_concepts_dereference(site: str) -> None:
    assert see_other(site, "vocab/theme", "text/html") == "/page/vocab/theme"
    assert see_other(site, "vocab/theme/health", "application/ld+json") == (
        "/data/vocab/theme/health.jsonld"
    )
    status, _, page = http(site + "page/vocab/theme?lang=ar")
    assert status == 200
    assert 'href="/page/vocab/theme/health?lang=ar"' in page.decode()
    status, _, page = http(site + "page/vocab/theme/health?lang=fr")
    assert status == 200
    assert "/page/agreement/" in page.decode()  # the agreements that have this theme


# --- pages ----------------------------------------------------------------------------------


def test_language_choice_and_direction(site: str) -> None:
    _, _, ar = http(site + "page/commune/1601?lang=ar")
    assert re.search(r'<html lang="ar" dir="rtl">', ar.decode())
    _, _, en = http(site + "page/commune/1601", {"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en" dir="ltr">' in en.decode()
    _, _, fr = http(site + "page/commune/1601", {"Accept-Language": "de"})
    assert '<html lang="fr" dir="ltr">' in fr.decode()


def test_every_literal_has_its_own_lang_and_dir(site: str) -> None:
    _, _, body = http(site + "page/commune/1601?lang=fr")
    html = body.decode()
    assert '<span lang="ar" dir="rtl">الجزائر</span>' in html
    assert '<span lang="fr" dir="ltr">Alger</span>' in html
    assert '<span lang="" dir="auto">1601</span>' in html  # a code: no language, own direction


def test_commune_page_shows_its_links_and_sources(site: str) -> None:
    _, _, body = http(site + "page/commune/2301?lang=en")
    html = body.decode()
    assert "/page/agreement/DZA-AGR-002" in html  # its agreements
    assert "/page/membership/medcities/commune-2301" in html  # its networks
    assert "/page/wilaya/23" in html
    assert "https://github.com/transformatek/" in html  # its source


def test_country_page_lists_its_collectivities(site: str) -> None:
    _, _, body = http(site + "page/country/fr?lang=fr")
    assert "/page/collectivity/fr/dunkerque" in body.decode()


def test_schema_org_json_ld(site: str) -> None:
    for path, kind in (
        ("page/commune/1601", "GovernmentOrganization"),
        ("page/agreement/DZA-AGR-002", "Legislation"),
        ("page/network/medcities", "Organization"),
    ):
        _, _, body = http(site + path)
        found = re.search(
            r'<script type="application/ld\+json">(.*?)</script>', body.decode(), re.S
        )
        assert found, path
        data = json.loads(found.group(1))
        assert data["@type"] == kind
        assert data["@id"].startswith(iris.CANONICAL_BASE)


@pytest.mark.parametrize(
    "path",
    [
        "",
        "?lang=ar",
        "page/commune/1601",
        "page/agreement/DZA-AGR-002?lang=ar",
        "page/ontology",
        "page/vocab/theme",
        "search?q=annaba",
        "void",
        "dumps/",
    ],
)
def test_pages_load_nothing_from_elsewhere(site: str, path: str) -> None:
    status, headers, body = http(site + path, {"Accept": "text/html"})
    assert status == 200
    found = resources(body.decode())
    assert all(u.startswith("/") and not u.startswith("//") for u in found.loaded), found.loaded
    assert all(s.get("type") == "application/ld+json" for s in found.scripts)
    csp = headers["Content-Security-Policy"]
    assert "script-src 'none'" in csp and "default-src 'none'" in csp
    assert all(not h.lower().startswith(("javascript:", "data:")) for h in found.links)


def test_home_page(site: str) -> None:
    _, _, body = http(site + "?lang=en")
    html = body.decode()
    assert 'id="count-agreements">115<' in html
    assert "reports more than 100 agreements with more than 25 countries" in html
    assert html.count("<svg") >= 3 and 'class="chart"' in html
    assert "/page/country/fr" in html and "/page/wilaya/16" in html
    assert 'action="/search"' in html


# --- the dataset for machines -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["void", ".well-known/void", "void.ttl"])
def test_void(site: str, path: str) -> None:
    status, headers, body = http(site + path, {"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = rdflib.URIRef(iris.CANONICAL_BASE + "dataset")
    titles = {t.language for t in graph.objects(dataset, rdflib.DCTERMS.title)}
    assert titles == {"ar", "fr", "en"}
    assert (dataset, void.sparqlEndpoint, rdflib.URIRef(site + "sparql")) in graph
    dumps = set(graph.objects(dataset, void.dataDump))
    assert {rdflib.URIRef(site + "dumps/coopgraph.nq.gz")} <= dumps
    assert (dataset, RDF.type, rdflib.URIRef("http://www.w3.org/ns/dcat#Dataset")) in graph
    assert any(graph.objects(dataset, rdflib.DCTERMS.license))
    partitions = {
        graph.value(p, void["class"]): int(graph.value(p, void.entities))
        for p in graph.objects(dataset, void.classPartition)
    }
    assert partitions[COOP.Commune] == 1541
    assert (dataset, void.exampleResource, WILAYA_16) in graph


def test_dumps(site: str) -> None:
    status, _, page = http(site + "dumps/")
    assert status == 200 and b"coopgraph.nq.gz" in page
    _, headers, packed = http(site + "dumps/coopgraph.nq.gz")
    assert headers["Content-Type"] == "application/gzip"
    dataset = rdflib.Dataset()
    dataset.parse(data=gzip.decompress(packed), format="nquads")
    assert rdflib.URIRef(iris.graph("agreements")) in {g.identifier for g in dataset.graphs()}
    _, _, packed = http(site + "dumps/coopgraph.ttl.gz")
    graph = rdflib.Graph().parse(data=gzip.decompress(packed), format="turtle")
    assert (WILAYA_16, RDF.type, COOP.Wilaya) in graph
    # The Turtle dump is the union of the graphs, each triple written once.
    written = list(ox.parse(gzip.decompress(packed), format=ox.RdfFormat.TURTLE))
    distinct = {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}
    assert len(written) == len(distinct) == len(graph)
    assert http(site + "dumps/secrets.txt")[0] == 404


def test_sitemap_and_robots(site: str) -> None:
    _, _, body = http(site + "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {e.text for e in ET.fromstring(body).findall("s:url/s:loc", ns)}
    assert site + "page/commune/1601" in urls and site + "page/ontology" in urls
    assert len(urls) > 1541 + 58
    _, _, robots = http(site + "robots.txt")
    assert f"Sitemap: {site}sitemap.xml" in robots.decode()


# --- hostile literals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("page/commune/2301", SCRIPT),
        ("page/agreement/DZA-AGR-002", SCRIPT),
        ("search?q=coopgraph-xss", SCRIPT),
        ("page/country/fr?lang=en", IMG),
        ("search?q=onerror&lang=en", IMG),
    ],
)
def test_markup_in_literals_shows_as_text(xss_site: str, path: str, payload: str) -> None:
    status, _, body = http(xss_site + path)
    html = body.decode()
    assert status == 200
    assert payload not in html
    assert str(escape(payload)) in html
    assert 'href="javascript:' not in html.lower()
    found = resources(html)
    assert all(s.get("type") == "application/ld+json" for s in found.scripts)


def test_markup_in_json_ld_stays_inside_its_script(xss_site: str) -> None:
    _, _, body = http(xss_site + "page/agreement/DZA-AGR-002")
    html = body.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    json.loads(blocks[0])


def test_agreement_page_shows_the_validators_results(site: str) -> None:
    """DZA-AGR-001's source links no text of the act: the build's DC-05 warning is on its page,
    in the page's language; an agreement page without results says it meets the rules."""
    _, _, body = http(site + "page/id/agreement/DZA-AGR-001?lang=en")
    page = body.decode()
    assert "Breaks no rule; the validator notes 2 warnings and 1 information note" in page
    assert 'class="rule warning"' in page
    _, _, body = http(site + "page/id/agreement/DZA-AGR-001?lang=fr")
    assert "N&#39;enfreint aucune règle ; le validateur relève 2 avertissements" in body.decode()
    _, _, body = http(site + "page/id/wilaya/16?lang=en")
    assert "Meets every rule that applies (" in body.decode()


# --- a hub: more links than a page shows ---------------------------------------------------------

HUB = "commune/2301"  # Annaba: agreements of its own and a point for the map
CROWD = 2 * INCOMING_PAGE + 7  # agreements added, each with its own located partner


def crowd_turtle() -> str:
    lines = ["@prefix coop: <https://w3id.org/coopgraph/ontology#> ."]
    for i in range(CROWD):
        agreement = f"<{iris.CANONICAL_BASE}id/agreement/ZZ-CROWD-{i:03d}>"
        town = f"<{iris.CANONICAL_BASE}id/collectivity/zz/crowd-{i:03d}>"
        lines += [
            f'{agreement} a coop:CooperationAgreement ; <{RDFS_LABEL}> "Accord {i}"@fr ;',
            f"  coop:algerianParty <{iris.CANONICAL_BASE}id/{HUB}> ; coop:foreignParty {town} .",
            f'{town} <{RDFS_LABEL}> "Crowd town {i}"@fr ; <{GEO}hasGeometry> {town[:-1]}/point> .',
            f'{town[:-1]}/point> <{GEO}asWKT> "POINT({i % 40} {40 + i % 9})"^^<{GEO}wktLiteral> .',
        ]
    return "\n".join(lines) + "\n"


RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
GEO = "http://www.opengis.net/ont/geosparql#"


@pytest.fixture(scope="module", name="crowded_site")
def crowded_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped sources plus CROWD agreements of one commune, each with a located partner."""
    yield from served_with_data(tmp_path_factory, "zz-crowd.ttl", crowd_turtle())


def links_here(html: str) -> list[str]:
    start = html.index('id="links-here"')
    return resources(html[start : html.index("</section>", start)]).links


def test_a_hub_page_shows_a_page_of_links_and_the_way_to_the_rest(crowded_site: str) -> None:
    doc = rdflib.Graph().parse(data=http(f"{crowded_site}data/{HUB}.nt")[2], format="nt")
    hub = rdflib.URIRef(f"{iris.CANONICAL_BASE}id/{HUB}")
    linking = sorted(str(s) for s in doc.subjects(COOP.algerianParty, hub))
    assert len(linking) > CROWD  # the shipped agreements of the commune, and the crowd
    seen: list[str] = []
    path, pages = f"page/{HUB}?lang=en", 0
    while path:
        status, _, body = http(crowded_site + path)
        html = body.decode()
        assert status == 200, (path, html)
        first = pages * INCOMING_PAGE + 1
        last = min(first + INCOMING_PAGE - 1, len(linking))
        assert f"{first}–{last} of {len(linking)} shown." in html
        links = links_here(html)
        seen += [a.split("?")[0] for a in links if "/agreement/" in a]
        following = [unescape(m) for m in re.findall(r'rel="next" href="([^"]+)"', html)]
        if last < len(linking):
            assert f"{len(linking) - last} more" in html and len(following) == 1
        path, pages = (following[0].lstrip("/") if following else ""), pages + 1
    assert pages == -(-len(linking) // INCOMING_PAGE)
    assert len(seen) == len(set(seen))  # no page repeats a link of another
    assert set(seen) == {"/page/" + i.removeprefix(f"{iris.CANONICAL_BASE}id/") for i in linking}


def test_a_hub_map_draws_the_busiest_partners_only(crowded_site: str) -> None:
    _, _, body = http(f"{crowded_site}page/{HUB}?lang=en")
    html = body.decode()
    assert html.count('class="map-partner"') == MAP_PARTNERS
    found = re.search(r"(\d+) of (\d+) partners drawn", html)
    assert found and int(found[1]) == MAP_PARTNERS and int(found[2]) >= CROWD


@pytest.mark.parametrize(
    ("query", "status"),
    [("incoming=not-an-iri", 400), ("page=0", 400), ("page=2", 400), ("page=x&incoming=", 400)],
)
def test_bad_link_pages_are_4xx_with_advice(crowded_site: str, query: str, status: int) -> None:
    code, _, body = http(f"{crowded_site}page/{HUB}?{query}")
    assert code == status and b"e.g." in body


def test_link_pages_past_the_end_are_404(crowded_site: str) -> None:
    party = str(COOP.algerianParty)
    code, _, body = http(f"{crowded_site}page/{HUB}?{urlencode({'incoming': party, 'page': 999})}")
    assert code == 404 and b"Ask for page=1 to" in body
    code, _, body = http(f"{crowded_site}page/{HUB}?{urlencode({'incoming': COOP.foreignParty})}")
    assert code == 404 and party.encode() in body

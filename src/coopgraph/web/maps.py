"""Maps drawn on the server as inline SVG: country outlines, a graticule, the collectivity and
its partners.

No tile server: the registry must work offline, so the map is an equirectangular frame around
the points, with the country outlines the store holds (Natural Earth, as WKT multipolygons),
longitude and latitude lines every few degrees, a marker per place and a line from the
collectivity to each partner. Points are GeoSPARQL WKT literals `POINT(long lat)`.

`map_of` reads from the store what an entity page's map shows: the collectivity (or an
agreement's parties), its partners with the most agreements, the outlines of the release.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from flask import g
from markupsafe import Markup

from coopgraph import describe, iris
from coopgraph.web import i18n
from coopgraph.web.context import per_release, store
from coopgraph.web.labels import best_label
from coopgraph.web.paths import href_of

WIDTH = 640
HEIGHT = 400
MARGIN = 0.15  # of the points' span, on each side
MIN_SPAN = 6.0  # degrees: a single town still gets a region around it
POINT = re.compile(r"^\s*POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)\s*$", re.I)
RING = re.compile(r"\(([^()]+)\)")  # the innermost parentheses of a WKT polygon: one ring
MIN_STEP = 1.5  # pixels: closer outline vertices are dropped, the page stays small
Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Marker:
    label: str
    lang: str
    longitude: float
    latitude: float
    href: str | None
    home: bool  # the collectivity the map is about (partners are drawn linked to it)


def parse_point(wkt: str) -> tuple[float, float] | None:
    """(longitude, latitude) of a WKT point; None for any other geometry."""
    found = POINT.match(wkt)
    return (float(found[1]), float(found[2])) if found else None


def parse_rings(wkt: str) -> list[Ring]:
    """The rings of a WKT (multi)polygon, as (longitude, latitude) pairs."""
    return [
        tuple((float(x), float(y)) for x, y in (pair.split() for pair in ring.split(",")))
        for ring in RING.findall(wkt)
    ]


@dataclass(frozen=True)
class Frame:
    """An equirectangular projection of a longitude/latitude box onto the SVG canvas."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def around(cls, markers: list[Marker]) -> Frame:
        lons = [m.longitude for m in markers]
        lats = [m.latitude for m in markers]
        mid_lon, mid_lat = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
        # A degree of longitude is cos(latitude) of a degree of latitude: keep shapes true.
        shrink = max(math.cos(math.radians(mid_lat)), 0.2)
        needed = max(max(lats) - min(lats), (max(lons) - min(lons)) * shrink * HEIGHT / WIDTH)
        half_h = max(needed, MIN_SPAN) * (1 + 2 * MARGIN) / 2
        half_w = half_h * WIDTH / HEIGHT / shrink
        return cls(mid_lon - half_w, mid_lat - half_h, mid_lon + half_w, mid_lat + half_h)

    def xy(self, longitude: float, latitude: float) -> tuple[float, float]:
        x = (longitude - self.west) / (self.east - self.west) * WIDTH
        y = (self.north - latitude) / (self.north - self.south) * HEIGHT
        return x, y

    def meets(self, ring: Ring) -> bool:
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        return (
            min(lons) <= self.east
            and max(lons) >= self.west
            and min(lats) <= self.north
            and max(lats) >= self.south
        )

    def step(self) -> int:
        span = self.east - self.west
        return next((s for s in (1, 2, 5, 10, 20, 30) if span / s <= 12), 45)


def _graticule(frame: Frame) -> str:
    step = frame.step()
    lines = []
    for lon in range(math.ceil(frame.west / step) * step, math.floor(frame.east) + 1, step):
        x, _ = frame.xy(lon, 0)
        lines.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{HEIGHT}"/>')
        lines.append(f'<text x="{x + 3:.1f}" y="{HEIGHT - 4}">{lon}°</text>')
    for lat in range(math.ceil(frame.south / step) * step, math.floor(frame.north) + 1, step):
        _, y = frame.xy(0, lat)
        lines.append(f'<line x1="0" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}"/>')
        lines.append(f'<text x="3" y="{y - 3:.1f}">{lat}°</text>')
    return (
        '<g class="map-graticule" stroke="#c9d6cf" stroke-width="0.6" fill="#7a8a82" '
        f'font-size="10">{"".join(lines)}</g>'
    )


def _path(frame: Frame, ring: Ring) -> str:
    kept: list[tuple[float, float]] = []
    for x, y in (frame.xy(*p) for p in ring):
        if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= MIN_STEP:
            kept.append((x, y))
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z"


def _outlines(frame: Frame, rings: Sequence[Ring]) -> str:
    paths = "".join(_path(frame, r) for r in rings if frame.meets(r))
    return (
        f'<path class="map-land" d="{paths}" fill="#fbfaf5" stroke="#b9c4be" '
        'stroke-width="0.7" fill-rule="evenodd"/>'
    )


def _marker(frame: Frame, marker: Marker) -> str:
    x, y = frame.xy(marker.longitude, marker.latitude)
    radius, colour = (7, "#b8860b") if marker.home else (5, "#1f6f4a")
    anchor, dx = ("end", -9) if x > WIDTH * 0.7 else ("start", 9)
    body = (
        f"<title>{escape(marker.label)}</title>"
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{colour}" stroke="#fff"/>'
        f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" font-size="13" '
        f'fill="#1d2a24" xml:lang={quoteattr(marker.lang)}>{escape(marker.label)}</text>'
    )
    role = "map-home" if marker.home else "map-partner"
    if marker.href:
        return f'<a class="{role}" href={quoteattr(marker.href)}>{body}</a>'
    return f'<g class="{role}">{body}</g>'


def _links(frame: Frame, markers: list[Marker]) -> str:
    homes = [frame.xy(m.longitude, m.latitude) for m in markers if m.home]
    partners = [frame.xy(m.longitude, m.latitude) for m in markers if not m.home]
    lines = (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>'
        for x1, y1 in homes
        for x2, y2 in partners
    )
    return f'<g class="map-links" stroke="#1f6f4a" stroke-opacity="0.5">{"".join(lines)}</g>'


def point_map(title: str, markers: list[Marker], outlines: Sequence[Ring] = ()) -> Markup | None:
    """An SVG map of the markers over the outlines (None without any marker); `title` names it
    for screen readers."""
    if not markers:
        return None
    frame = Frame.around(markers)
    drawn = "".join(_marker(frame, m) for m in sorted(markers, key=lambda m: m.home))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-label={quoteattr(title)} direction="ltr">'
        f"<title>{escape(title)}</title>"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#eef4f1"/>'
        f"{_outlines(frame, outlines)}{_graticule(frame)}{_links(frame, markers)}{drawn}</svg>"
    )
    return Markup(svg)


# ---------------------------------------------------------------------------------------------
# The map of an entity page

GEO = iris.PREFIXES["geo"]
ONTOLOGY = iris.ONTOLOGY
WKT_OF = f"?x <{GEO}hasGeometry>/<{GEO}asWKT> ?wkt ."
MAP_HOMES = f"""
SELECT ?x ?wkt WHERE {{
  {{ BIND($e AS ?x) }} UNION {{ $e <{ONTOLOGY}algerianParty> ?x }} {WKT_OF}
}}"""
MAP_PARTNER_POINTS = f"""
SELECT ?x ?wkt (COUNT(?a) AS ?n) WHERE {{
  {{ ?a <{ONTOLOGY}algerianParty> $e ; <{ONTOLOGY}foreignParty> ?x }}
  UNION {{ ?a <{ONTOLOGY}foreignParty> $e ; <{ONTOLOGY}algerianParty> ?x }}
  UNION {{ $e <{ONTOLOGY}foreignParty> ?x }}
  {WKT_OF}
}} GROUP BY ?x ?wkt"""  # ?n: the agreements with each partner
MAP_PARTNERS = 40  # partners drawn: those with the most agreements (a hub has thousands)


OUTLINES = f"""
SELECT ?wkt WHERE {{ ?f a <{GEO}Feature> ; <{GEO}hasGeometry>/<{GEO}asWKT> ?wkt }} ORDER BY ?wkt
"""


def outlines() -> tuple[Ring, ...]:
    """The country outlines of the release (parsed once per release: ~1 MB of WKT)."""

    def make() -> tuple[Ring, ...]:
        return tuple(r for row in store().query(OUTLINES) for r in parse_rings(row["wkt"].value))

    return per_release("map-outlines", make)


@dataclass(frozen=True)
class Map:
    svg: Markup
    partners: int  # drawn
    total: int  # located partners in all


def map_rows(text: str, e: ox.NamedNode) -> ox.QuerySolutions:
    return store().query(describe.bind(text, e=e))  # type: ignore[return-value]


def map_of(iri: str) -> Map | None:
    """A map of a located collectivity and its partners (those with the most agreements when
    there are many), or of an agreement's parties. Sorted here: ORDER BY is slow in Oxigraph."""
    e = ox.NamedNode(iri)
    homes = [(True, 0, r["x"].value, r["wkt"].value) for r in map_rows(MAP_HOMES, e)]
    if not homes:
        return None  # a collectivity without a point of its own gets no map: no partner query
    partners = sorted(
        (False, -int(r["n"].value), r["x"].value, r["wkt"].value)
        for r in map_rows(MAP_PARTNER_POINTS, e)
    )
    drawn = homes + partners[:MAP_PARTNERS]
    labels: dict[str, list[ox.Literal]] = {}
    for s in describe.labels_of(store(), sorted({f[2] for f in drawn})):
        labels.setdefault(s.subject.value, []).append(s.object)  # type: ignore[arg-type]
    markers: dict[tuple[str, bool], Marker] = {}
    for home, _, x, wkt in drawn:
        point = parse_point(wkt)
        label = best_label(labels.get(x, []), g.lang)
        if point and label:
            markers[(x, home)] = Marker(label.value, label.language or "", *point, href_of(x), home)
    if not any(m.home for m in markers.values()):
        return None  # its point is no WKT point, or it has no label
    svg = point_map(i18n.text("map"), sorted(markers.values(), key=str), outlines())
    shown = sum(not m.home for m in markers.values())
    return Map(svg, shown, len({f[2] for f in partners})) if svg else None

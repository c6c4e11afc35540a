"""Natural Earth country outlines -> data/geo/outlines.ttl, the background of the offline maps.

`coopgraph import outlines geopandas-0.14.4-py3-none-any.whl --out data/geo`: the source is
the wheel of geopandas 0.14.4 (`pip download --no-deps geopandas==0.14.4`), which bundles
Natural Earth's 1:110m admin-0 countries as datasets/naturalearth_lowres (Natural Earth is in
the public domain; geopandas's code is BSD-3). It is read with pyshp (the `import` extra).
Only the countries that reach the Euro-Mediterranean and African frame of the maps are kept,
with the partner countries of the registry wherever they are, coordinates rounded to 0.01°.

The outlines form one geo:Feature, the basemap, with one geo:Geometry (a WKT multipolygon,
longitude first) per country, named by Natural Earth's English name.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from itertools import pairwise
from pathlib import Path

import pycountry
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from coopgraph import iris, sources
from coopgraph.importers import turtle
from coopgraph.importers.coordinates import GEO
from coopgraph.importers.rows import ImportError_
from coopgraph.importers.turtle import COOP, DCT, PROV, SCHEMA, SKOS

SHAPES = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
BASEMAP = URIRef(iris.CANONICAL_BASE + "id/basemap/natural-earth-110m")
DATASET = URIRef(
    "https://www.naturalearthdata.com/downloads/110m-cultural-vectors/110m-admin-0-countries/"
)
TERMS = URIRef("https://www.naturalearthdata.com/about/terms-of-use/")
FRAME = (-30.0, -5.0, 65.0, 72.0)  # west, south, east, north: Europe, the Maghreb, the Sahel
Ring = list[tuple[float, float]]


def _reader(wheel: Path):  # type: ignore[no-untyped-def]
    try:
        import shapefile
    except ModuleNotFoundError:
        raise ImportError_(
            "coopgraph import outlines needs pyshp: pip install 'coopgraph[import]'"
        ) from None
    try:
        archive = zipfile.ZipFile(wheel)
        files = {ext: io.BytesIO(archive.read(f"{SHAPES}.{ext}")) for ext in ("shp", "shx", "dbf")}
    except (OSError, KeyError, zipfile.BadZipFile) as err:
        raise ImportError_(
            f"{wheel} is not the geopandas 0.14.4 wheel with {SHAPES}.shp ({err}): "
            "pip download --no-deps geopandas==0.14.4"
        ) from None
    encoding = archive.read(f"{SHAPES}.cpg").decode().strip()  # the .dbf's code page
    return shapefile.Reader(shp=files["shp"], shx=files["shx"], dbf=files["dbf"], encoding=encoding)


def _partner_codes() -> set[str]:
    """ISO 3166-1 alpha-3 codes of the registry's countries (data/admin/countries.ttl)."""
    graph = Graph().parse(sources.default_root() / "data" / "admin" / "countries.ttl")
    alpha2 = [
        str(n)
        for c in graph.subjects(RDF.type, COOP.Country)
        for n in graph.objects(c, SKOS.notation)
    ]
    return {pycountry.countries.get(alpha_2=a).alpha_3 for a in alpha2}


def _in_frame(bbox: Sequence[float]) -> bool:
    west, south, east, north = FRAME
    return bbox[0] <= east and bbox[2] >= west and bbox[1] <= north and bbox[3] >= south


def _rings(points: Sequence[Sequence[float]], parts: Sequence[int]) -> Iterator[Ring]:
    bounds = [*parts, len(points)]
    for start, end in pairwise(bounds):
        ring: Ring = []
        for x, y in points[start:end]:
            point = (round(x, 2), round(y, 2))
            if not ring or ring[-1] != point:
                ring.append(point)
        if len(ring) >= 4:
            yield ring


def _clockwise(ring: Ring) -> bool:
    """Shapefile outer rings run clockwise, holes anticlockwise (negative shoelace area)."""
    area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring))
    return area < 0


def _wkt(rings: list[Ring]) -> Literal:
    polygons: list[list[Ring]] = []
    for ring in rings:
        if _clockwise(ring) or not polygons:
            polygons.append([ring])
        else:
            polygons[-1].append(ring)  # a hole of the outer ring before it
    text = ", ".join(
        "(" + ", ".join("(" + ", ".join(f"{x:g} {y:g}" for x, y in r) + ")" for r in p) + ")"
        for p in polygons
    )
    return Literal(f"MULTIPOLYGON({text})", datatype=GEO.wktLiteral)


def _basemap(graph: Graph, version: str) -> None:
    graph.add((BASEMAP, RDF.type, GEO.Feature))
    for text, lang in (
        ("Country outlines (Natural Earth 1:110m)", "en"),
        ("Contours des pays (Natural Earth 1:110m)", "fr"),
        ("حدود البلدان (Natural Earth 1:110m)", "ar"),
    ):
        graph.add((BASEMAP, RDFS.label, Literal(text, lang=lang)))
    graph.add((BASEMAP, DCT.source, DATASET))
    graph.add((DATASET, RDF.type, PROV.Entity))
    graph.add((DATASET, RDF.type, SCHEMA.Dataset))
    graph.add(
        (DATASET, DCT.title, Literal("Natural Earth 1:110m Cultural Vectors: Admin 0 – Countries"))
    )
    graph.add((DATASET, DCT.creator, Literal("Natural Earth (naturalearthdata.com)")))
    graph.add((DATASET, DCT.license, TERMS))
    graph.add((DATASET, SCHEMA.version, Literal(version)))
    note = (
        "Public domain (Natural Earth's terms of use). Read from the copy bundled in geopandas "
        f"{version} (datasets/naturalearth_lowres); coordinates rounded to 0.01 degree; only the "
        "countries reaching the maps' Euro-Mediterranean frame and the registry's partner "
        "countries are kept. Natural Earth's borders are drawn for small-scale maps and are "
        "not a statement on any boundary."
    )
    graph.add((DATASET, SKOS.note, Literal(note, lang="en")))


def import_outlines(wheel: Path, out_dir: Path, version: str = "0.14.4") -> list[Path]:
    """The outlines of the geopandas wheel's Natural Earth countries -> out_dir/outlines.ttl."""
    partners = _partner_codes()
    graph = Graph()
    _basemap(graph, version)
    kept = []
    for shape_record in _reader(wheel).iterShapeRecords():
        shape, record = shape_record.shape, shape_record.record
        if not (_in_frame(shape.bbox) or record["iso_a3"] in partners):
            continue
        rings = list(_rings(shape.points, shape.parts))
        code = record["iso_a3"] if record["iso_a3"] != "-99" else iris.slugify(record["name"])
        geometry = URIRef(f"{BASEMAP}/{code.lower()}")
        graph.add((BASEMAP, GEO.hasGeometry, geometry))
        graph.add((geometry, RDF.type, GEO.Geometry))
        graph.add((geometry, RDFS.label, Literal(record["name"], lang="en")))
        graph.add((geometry, GEO.asWKT, _wkt(rings)))
        graph.add((geometry, DCT.source, DATASET))
        kept.append(record["name"])
    header = turtle.header(
        "coopgraph import outlines (src/coopgraph/importers/outlines.py)",
        [f"Natural Earth 1:110m admin-0 countries in geopandas {version} (public domain)"],
        [f"{len(kept)} countries kept."],
    )
    return [turtle.write(graph, out_dir / "outlines.ttl", header)]

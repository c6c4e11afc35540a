"""One identity per foreign collectivity: merged names, successive bodies, related bodies.

agreements.csv names some foreign collectivities in several ways. Here, reviewed by hand:
- MERGES: two names of one collectivity. The row's name is kept as an alternative label of the
  resource kept; the retired IRI stays in the release with only dct:isReplacedBy, so that the
  web layer answers it with a 301 to the IRI kept.
- CHANGES: a body that became another on a date, as a W3C ORG change event
  (org:ChangeEvent, org:originalOrganization, org:resultingOrganization, org:resultedFrom,
  org:changedBy), dated and sourced.
- LINKS: distinct bodies that a source relates (a commune member of its intercommunality).
Only what the cited pages state is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from coopgraph import iris
from coopgraph.importers.turtle import DCT, ORG, SKOS, XSD

Name = tuple[str, str]  # (ISO country code, name as agreements.csv writes it)


@dataclass(frozen=True)
class Merge:
    retired: Name
    kept: str
    reason: str


@dataclass(frozen=True)
class Change:
    slug: str
    original: Name
    resulting: Name
    date: str
    labels: dict[str, str]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    whole: Name
    part: Name
    member: bool  # org:hasMember (a member commune), else org:linkedTo
    note: str
    source: str


MERGES = (
    Merge(
        ("NE", "Agadez"),
        "Région d'Agadez",
        "DZA-AGR-077's source names the Nigerien party 'Agadez' without saying whether the "
        "commune or the region signed; it is recorded as the Région d'Agadez, the party of "
        "DZA-AGR-076 (one identity for the border region's twinnings), and the level stays "
        "unstated in the kind note.",
    ),
)

LYON_SOURCE = "https://www.grandlyon.com/metropole/missions-et-competences.html"
LYON_TERRITORY = "https://www.eric-lafond.fr/ville-lyon-metropole-differences-competences.html"
CHANGES = (
    Change(
        "grand-lyon-to-metropole-de-lyon",
        ("FR", "Grand Lyon"),
        ("FR", "Métropole de Lyon"),
        "2015-01-01",
        {
            "en": "The Communauté urbaine de Lyon (Grand Lyon) becomes the Métropole de Lyon "
            "(1 January 2015)",
            "fr": "La Communauté urbaine de Lyon (Grand Lyon) devient la Métropole de Lyon "
            "(1er janvier 2015)",
            "ar": "المجموعة الحضرية لليون (ليون الكبرى) تصبح حاضرة ليون (1 جانفي 2015)",
        },
        (LYON_SOURCE, LYON_TERRITORY),
    ),
)

LINKS = (
    Link(
        ("FR", "Métropole de Lyon"),
        ("FR", "Ville de Lyon"),
        False,
        "The Métropole de Lyon exercises its powers on the territory of 59 communes, of which "
        "the Ville de Lyon; the two are distinct collectivities.",
        LYON_TERRITORY,
    ),
    Link(
        ("FR", "Grand Lyon"),
        ("FR", "Ville de Lyon"),
        True,
        "The Ville de Lyon was one of the 59 communes of the Communauté urbaine de Lyon "
        "(Grand Lyon) until it was replaced by the Métropole on 1 January 2015.",
        LYON_TERRITORY,
    ),
    Link(
        ("FR", "Communauté urbaine de Dunkerque"),
        ("FR", "Dunkerque"),
        True,
        "Dunkerque is the seat and one of the 17 member communes of the Communauté urbaine de "
        "Dunkerque; the 2018 APS dispatch on DZA-AGR-001 calls the urban community and Annaba "
        "'deux villes jumelées depuis 1970'.",
        "https://tresordesregions.mgm.fr/epci.php?region=32&epci=245900428",
    ),
)


def kept_name(country: str, name: str) -> str:
    """The name under which a foreign collectivity is kept (itself unless merged)."""
    return next((m.kept for m in MERGES if m.retired == (country, name)), name)


def _iri(name: Name) -> URIRef:
    return URIRef(iris.collectivity(*name))


def identity_graph(known: set[URIRef]) -> Graph:
    """Retired IRIs, change events and links between the collectivities of `known`. An entry
    naming a collectivity the CSV does not have (a test's small CSV) is left out; the shipped
    graph's tests check that every entry is there."""
    graph = Graph()

    def present(*names: Name) -> bool:
        return all(_iri(n) in known for n in names)

    for merge in MERGES:
        kept = _iri((merge.retired[0], merge.kept))
        if kept in known:
            graph.add((_iri(merge.retired), DCT.isReplacedBy, kept))
            graph.add((kept, DCT.replaces, _iri(merge.retired)))
            graph.add((kept, SKOS.note, Literal(merge.reason, lang="en")))
    for change in CHANGES:
        if present(change.original, change.resulting):
            _add_change(graph, change)
    for link in LINKS:
        if present(link.whole, link.part):
            _add_link(graph, link)
    return graph


def _add_link(graph: Graph, link: Link) -> None:
    whole, part = _iri(link.whole), _iri(link.part)
    graph.add((whole, ORG.hasMember if link.member else ORG.linkedTo, part))
    graph.add((part, ORG.memberOf if link.member else ORG.linkedTo, whole))
    for end in (whole, part):
        graph.add((end, SKOS.note, Literal(link.note, lang="en")))
        graph.add((end, DCT.source, URIRef(link.source)))


def _add_change(graph: Graph, change: Change) -> None:
    event = URIRef(iris.change_event(change.slug))
    original, resulting = _iri(change.original), _iri(change.resulting)
    graph.add((event, RDF.type, ORG.ChangeEvent))
    for lang, label in change.labels.items():
        graph.add((event, RDFS.label, Literal(label, lang=lang)))
    graph.add((event, ORG.originalOrganization, original))
    graph.add((event, ORG.resultingOrganization, resulting))
    graph.add((event, DCT.date, Literal(change.date, datatype=XSD.date)))
    for source in change.sources:
        graph.add((event, DCT.source, URIRef(source)))
    graph.add((original, ORG.changedBy, event))
    graph.add((resulting, ORG.resultedFrom, event))

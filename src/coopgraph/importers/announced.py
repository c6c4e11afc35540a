"""The eleven wilayas announced for 2027 (shared/data/admin/SOURCES.md §4, decree.md §5.1).

No published text fixes their names, chefs-lieux, codes or communes yet, so they are
coop:AnnouncedWilaya resources, not coop:Wilaya, and their press-reported codes stay out of
their IRIs. Each Arabic name is that of the commune the wilaya is named after.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from coopgraph import iris
from coopgraph.importers.rows import ImportError_
from coopgraph.importers.text import skeleton
from coopgraph.importers.turtle import COOP, DCT, PROV, SKOS, XSD

BILL = URIRef(iris.legal("bill-2025-territorial-organisation"))
EXPECTED_FROM = "2027-01-01"
LIST_SOURCES = (
    "https://www.tsa-algerie.com/algerie-onze-nouvelles-wilayas-creees-voici-la-liste",
    "https://www.express-dz.com/2025/11/16/83673",
    "https://www.algerie360.com/organisation-territoriale-lalgerie-passe-officiellement-a-69-wilayas/",
)
CODE_SOURCES = (
    "https://algerie-eco.com/2025/11/17/les-numeros-des-11-nouvelles-wilayas",
    "https://www.algerie360.com/59-a-60-b-decouverez-les-matricules-officielles-des-11-nouvelles-wilayas",
)
NOTES = (
    "Approved by the Council of Ministers on 16 November 2025 and adopted by the Council of the "
    "Nation (24 December 2025) and the APN (reported 9 March 2026) in the bill amending Law "
    "84-09; promulgation and Journal officiel publication not found. The minister said the new "
    "wilayas should exercise their prerogatives from 1 January 2027. Their communes are not "
    "listed in any source found.",
    "The reported code is unofficial: it was given by a deputy (Ahmed Rebhi) as reported in the "
    "press, not fixed by any published text, and other lists number these wilayas differently. "
    "Treat it as provisional.",
)


@dataclass(frozen=True)
class Announced:
    name: str
    reported_code: str
    namesake_commune: int  # the commune whose Arabic name the wilaya's Arabic label takes


ANNOUNCED: tuple[Announced, ...] = (
    Announced("Aflou", "59", 319),
    Announced("El Abiodh Sidi Cheikh", "60", 3207),
    Announced("El Aricha", "61", 1332),
    Announced("El Kantara", "62", 712),
    Announced("Barika", "63", 542),
    Announced("Bou Saâda", "64", 2820),
    Announced("Bir El Ater", "65", 1202),
    Announced("Ksar El Boukhari", "66", 2635),
    Announced("Ksar Chellala", "67", 1429),
    Announced("Aïn Oussara", "68", 1731),
    Announced("Messaad", "69", 1717),
)


def _arabic(wilaya: Announced, communes: Graph) -> Literal:
    commune = URIRef(iris.commune(wilaya.namesake_commune))
    french = [str(n) for n in communes.objects(commune, RDFS.label) if n.language == "fr"]
    arabic = [n for n in communes.objects(commune, RDFS.label) if n.language == "ar"]
    if [skeleton(n) for n in french] != [skeleton(wilaya.name)] or len(arabic) != 1:
        raise ImportError_(
            f"announced wilaya {wilaya.name}: commune {wilaya.namesake_commune:04d} is not its "
            "namesake with one Arabic name; fix importers/announced.py"
        )
    return arabic[0]


def announced_graph(communes: Graph) -> Graph:
    """The announced wilayas; `communes` is the commune graph, for their Arabic names."""
    graph = Graph()
    for wilaya in ANNOUNCED:
        iri = URIRef(iris.announced_wilaya(wilaya.name))
        namesake = URIRef(iris.commune(wilaya.namesake_commune))
        graph.add((iri, RDF.type, COOP.AnnouncedWilaya))
        graph.add((iri, RDFS.label, Literal(wilaya.name, lang="fr")))
        graph.add((iri, RDFS.label, _arabic(wilaya, communes)))
        graph.add((iri, COOP.expectedFrom, Literal(EXPECTED_FROM, datatype=XSD.date)))
        graph.add((iri, COOP.reportedCode, Literal(wilaya.reported_code)))
        graph.add((iri, COOP.establishedBy, BILL))
        graph.add((iri, RDFS.seeAlso, namesake))
        for note in NOTES:
            graph.add((iri, SKOS.note, Literal(note, lang="en")))
        graph.add(
            (
                iri,
                SKOS.note,
                Literal(
                    f"Arabic name: that of its namesake commune {wilaya.namesake_commune:04d}.",
                    lang="en",
                ),
            )
        )
        for url in LIST_SOURCES:
            graph.add((iri, PROV.wasDerivedFrom, URIRef(url)))
        for url in CODE_SOURCES:
            graph.add((iri, DCT.source, URIRef(url)))
    return graph

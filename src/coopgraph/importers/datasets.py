"""Dataset-level provenance: the public repositories the administrative lists come from.

Facts from shared/data/admin/SOURCES.md (repository, commit, date, licence statements).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from coopgraph.importers.turtle import DCT, PROV, SCHEMA, SKOS, XSD


@dataclass(frozen=True)
class Dataset:
    repository: str
    path: str
    commit: str
    date: str
    title: str
    creator: str
    licence: str | None
    note: str

    @property
    def iri(self) -> URIRef:
        return URIRef(f"{self.repository}/tree/{self.commit}/{self.path}".rstrip("/"))

    def add_to(self, graph: Graph) -> URIRef:
        iri = self.iri
        graph.add((iri, RDF.type, PROV.Entity))
        graph.add((iri, RDF.type, SCHEMA.Dataset))
        graph.add((iri, DCT.title, Literal(self.title)))
        graph.add((iri, DCT.creator, Literal(self.creator)))
        graph.add((iri, DCT.isVersionOf, URIRef(self.repository)))
        graph.add((iri, SCHEMA.version, Literal(self.commit)))
        graph.add((iri, DCT.date, Literal(self.date, datatype=XSD.date)))
        graph.add((iri, SKOS.note, Literal(self.note, lang="en")))
        graph.add((iri, RDFS.seeAlso, URIRef(self.repository)))
        if self.licence:
            graph.add((iri, DCT.license, URIRef(self.licence)))
        return iri


TRANSFORMATEK = Dataset(
    repository="https://github.com/transformatek/geo-enabled-datasets",
    path="dz-admin",
    commit="da4a3fa82bd05d8ee8302f449cce32afb18ce3ed",
    date="2021-07-08",
    title="TransformaTek – geo-enabled-datasets (dz-admin)",
    creator="TransformaTek",
    licence="https://creativecommons.org/licenses/by/4.0/",
    note=(
        "Official ONS codes of the communes in the 48- and 58-wilaya schemes with the 48-58 "
        "crosswalk, French names, Arabic wilaya names and 202 Arabic commune names "
        "(files communes_58.csv, wilayas_58.csv). Licence: the README files say CC BY 4.0, the "
        "repository's LICENSE file says CC0 1.0; the stricter reading is followed and the "
        "dataset credited as 'TransformaTek – geo-enabled-datasets'."
    ),
)

OTHMANUS = Dataset(
    repository="https://github.com/othmanus/algeria-cities",
    path="",
    commit="e42fcae8e372b336712f874a7c823e1ef7243ee1",
    date="2021-04-05",
    title="othmanus/algeria-cities",
    creator="othmanus",
    licence=None,
    note=(
        "Arabic and Latin names of the 1,541 communes and 58 wilayas (csv/algeria_cities.csv), "
        "used for the Arabic commune names TransformaTek lacks, the Arabic name of wilaya 32 "
        "and accented wilaya names. Licence gap: no licence file or statement in any commit, "
        "i.e. all rights reserved by default; reuse beyond reference should be cleared with the "
        "author or the names re-derived from the Journal officiel."
    ),
)

"""The project's SKOS concept schemes (ontology/vocab/*.ttl), as the importers see them.

Mapping tables name concepts by their slug; every slug is checked here against the scheme
file, so a table cannot point to a concept that does not exist.
"""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef

from coopgraph import iris, sources
from coopgraph.importers.turtle import SKOS


@cache
def _scheme_graph(scheme: str) -> Graph:
    path = sources.default_root() / "ontology" / "vocab" / f"{scheme}.ttl"
    return Graph().parse(path, format="turtle")


def concept(scheme: str, slug: str) -> URIRef:
    """The IRI of a concept of a scheme; KeyError when the scheme has no such concept."""
    iri = URIRef(iris.concept(scheme, slug))
    if (iri, SKOS.inScheme, URIRef(iris.scheme(scheme))) not in _scheme_graph(scheme):
        raise KeyError(f"vocab/{scheme} has no concept '{slug}'")
    return iri


def label(scheme: str, slug: str, lang: str) -> str | None:
    """A concept's skos:prefLabel in a language, if it has one."""
    labels = _scheme_graph(scheme).objects(concept(scheme, slug), SKOS.prefLabel)
    return next((str(n) for n in labels if n.language == lang), None)


def close_match(scheme: str, slug: str) -> URIRef:
    """The ontology class a concept corresponds to (its skos:closeMatch)."""
    matches = list(_scheme_graph(scheme).objects(concept(scheme, slug), SKOS.closeMatch))
    if len(matches) != 1:
        raise KeyError(f"vocab/{scheme}/{slug} has {len(matches)} skos:closeMatch, not 1")
    return URIRef(matches[0])

"""SPARQL on a built store with the project's prefixes declared, for tests that read the graph."""

from __future__ import annotations

from coopgraph import iris

PROLOGUE = "".join(
    f"PREFIX {p}: <{ns}>\n" for p, ns in {**iris.PREFIXES, "coop": iris.ONTOLOGY}.items()
)


def select(store, query: str) -> list:
    """The solutions of a SELECT written with the usual prefixes (coop:, rdfs:, skos:, org:…)."""
    return list(store.query(PROLOGUE + query))

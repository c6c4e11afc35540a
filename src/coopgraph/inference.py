"""RDFS inferences the queries need: subclass and subproperty closure, materialised.

The inferred triples go to their own named graph, so they can be told apart from the
sources; queries see them through the union default graph.
"""

from __future__ import annotations

import pyoxigraph as ox

# Each rule inserts only triples not already stated, so the inferred graph holds just what
# inference adds. `{into}` is the inferred graph; `{using}` makes each rule read the union of
# the store's named graphs, the inferred one included, as a query on the union graph would.
CLOSURE_RULES = (
    """INSERT { GRAPH <{into}> { ?c rdfs:subClassOf ?super } } {using}
       WHERE { ?c rdfs:subClassOf/rdfs:subClassOf+ ?super
               FILTER (?c != ?super) FILTER NOT EXISTS { ?c rdfs:subClassOf ?super } }""",
    """INSERT { GRAPH <{into}> { ?p rdfs:subPropertyOf ?super } } {using}
       WHERE { ?p rdfs:subPropertyOf/rdfs:subPropertyOf+ ?super
               FILTER (?p != ?super) FILTER NOT EXISTS { ?p rdfs:subPropertyOf ?super } }""",
    """INSERT { GRAPH <{into}> { ?s a ?super } } {using}
       WHERE { ?s a ?c . ?c rdfs:subClassOf+ ?super FILTER NOT EXISTS { ?s a ?super } }""",
    """INSERT { GRAPH <{into}> { ?s ?super ?o } } {using}
       WHERE { ?p rdfs:subPropertyOf+ ?super . ?s ?p ?o FILTER NOT EXISTS { ?s ?super ?o } }""",
)

PREFIXES = {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
DEFAULT_COPY = ox.NamedNode("urn:coopgraph:inference:default-graph")


def materialise(store: ox.Store, into: ox.NamedNode) -> int:
    """Add the subclass/subproperty closure of the store's graphs to graph `into`; return how
    many triples `into` holds. The rules run as SPARQL Update, inside Oxigraph and without the
    GIL (a Python object per inferred triple would hold it while the build's SHACL check runs
    beside), and keep the store's blank nodes (parsing would rename them)."""
    # USING names only named graphs: a default graph with triples is read through a copy.
    copied = bool(store.query("ASK { ?s ?p ?o }"))
    if copied:
        store.update(f"ADD DEFAULT TO <{DEFAULT_COPY.value}>")
    try:
        for rule in CLOSURE_RULES:
            graphs = {*store.named_graphs(), into}
            using = " ".join(f"USING <{g.value}>" for g in graphs if isinstance(g, ox.NamedNode))
            update = rule.replace("{into}", into.value).replace("{using}", using)
            store.update(update, prefixes=PREFIXES)
    finally:
        if copied:
            store.remove_graph(DEFAULT_COPY)
    count = store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{into.value}> {{ ?s ?p ?o }} }}")
    return int(next(iter(count))["n"].value)  # type: ignore[index, arg-type]

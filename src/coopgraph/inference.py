"""RDFS inferences the queries need: subclass and subproperty closure, materialised.

The inferred triples go to their own named graph, so they can be told apart from the
sources; queries see them through the union default graph.
"""

from __future__ import annotations

import pyoxigraph as ox

# Each CONSTRUCT yields only triples not already stated, so the inferred graph holds just
# what inference adds.
CLOSURE_QUERIES = (
    """CONSTRUCT { ?c rdfs:subClassOf ?super }
       WHERE { ?c rdfs:subClassOf/rdfs:subClassOf+ ?super
               FILTER (?c != ?super) FILTER NOT EXISTS { ?c rdfs:subClassOf ?super } }""",
    """CONSTRUCT { ?p rdfs:subPropertyOf ?super }
       WHERE { ?p rdfs:subPropertyOf/rdfs:subPropertyOf+ ?super
               FILTER (?p != ?super) FILTER NOT EXISTS { ?p rdfs:subPropertyOf ?super } }""",
    """CONSTRUCT { ?s a ?super }
       WHERE { ?s a ?c . ?c rdfs:subClassOf+ ?super FILTER NOT EXISTS { ?s a ?super } }""",
    """CONSTRUCT { ?s ?super ?o }
       WHERE { ?p rdfs:subPropertyOf+ ?super . ?s ?p ?o FILTER NOT EXISTS { ?s ?super ?o } }""",
)

PREFIXES = {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}


def materialise(store: ox.Store, into: ox.NamedNode) -> int:
    """Add the subclass/subproperty closure of `store` to graph `into`; return how many triples."""
    added = 0
    for query in CLOSURE_QUERIES:
        triples = list(store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True))
        store.extend(ox.Quad(t.subject, t.predicate, t.object, into) for t in triples)
        added += len(triples)
    return added

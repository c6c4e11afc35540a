"""BNODE(str) gives the same blank node in every solution (W3C functions#bnode01).

SPARQL 1.1 (17.4.2.9): BNODE(str) is the same node for the same string within one solution,
and distinct from the nodes made for other solutions. Run: python bnode_per_solution.py
"""

import pyoxigraph as ox
from _repro import report

store = ox.Store()
query = 'SELECT (BNODE("x") AS ?b) (BNODE("x") AS ?c) WHERE { VALUES ?i { 1 2 } }'
solutions = list(store.query(query))
across = len({s["b"] for s in solutions})  # two solutions: two nodes
within = all(s["b"] == s["c"] for s in solutions)  # one string in one solution: one node
report(
    "BNODE(str) across solutions",
    [
        (
            "bnode01",
            {"nodes for 2 solutions": across, "same within one": within},
            {"nodes for 2 solutions": 2, "same within one": True},
        )
    ],
)

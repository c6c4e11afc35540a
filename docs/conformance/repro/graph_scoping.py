"""GRAPH ?g evaluates its pattern with ?g in scope (W3C bindings#graph,
negation#graph-minus, aggregates#agg-empty-group-count-graph).

SPARQL 1.1 (18.6, eval(D, Graph(var, P))): P is evaluated in each named graph on its own and
only then joined with ?g = that graph; ?g is not bound inside P. Run: python graph_scoping.py
"""

import pyoxigraph as ox
from _repro import report, rows

EX = "http://example/"
store = ox.Store()
for graph, objects in (("g1", ("o",)), ("g2", ("o2", "o3"))):
    for o in objects:
        quad = ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.NamedNode(EX + o))
        store.add(ox.Quad(quad.subject, quad.predicate, quad.object, ox.NamedNode(EX + graph)))

g1, g2 = f"<{EX}g1>", f"<{EX}g2>"
values = f'SELECT ?g ?t {{ GRAPH ?g {{ VALUES (?g ?t) {{ (UNDEF "foo") ({g1} "bar") }} }} }}'
o = f"<{EX}o>"
minus = f"SELECT ?s WHERE {{ GRAPH ?g {{ ?s <{EX}p> {o} MINUS {{ ?x <{EX}p> {o} }} }} }}"
count = (
    f"SELECT ?g ?c WHERE {{ GRAPH ?g {{ SELECT (COUNT(*) AS ?c) "
    f"WHERE {{ ?s <{EX}p> ?x FILTER(?x != <{EX}o>) }} }} }}"
)
integer = "^^<http://www.w3.org/2001/XMLSchema#integer>"
values_answer = sorted([(g1, '"bar"'), (g1, '"foo"'), (g2, '"foo"')])
count_answer = [(g1, f'"0"{integer}'), (g2, f'"2"{integer}')]
report(
    "GRAPH ?g scoping",
    [
        ("bindings#graph", rows(store, values), values_answer),
        # MINUS shares no variable with its left side, so it removes nothing: ?g is not shared
        ("negation#graph-minus", rows(store, minus), [(f"<{EX}s>",)]),
        ("agg-empty-group-count-graph", rows(store, count), count_answer),
    ],
)

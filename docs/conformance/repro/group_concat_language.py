"""GROUP_CONCAT keeps the language tag its values share (W3C agg-groupconcat-04, -06).

SPARQL 1.1 defines GROUP_CONCAT with a separator, a simple literal: the result is a simple
literal, "1 2", not "1 2"@en. Run: python group_concat_language.py
"""

import pyoxigraph as ox
from _repro import report, rows

QUERY = "SELECT (GROUP_CONCAT(?o) AS ?g) WHERE {{ VALUES ?o {{ {} }} }}"
store = ox.Store()
report(
    "GROUP_CONCAT of language-tagged strings",
    [
        ("agg-groupconcat-04", rows(store, QUERY.format('"1"@en "2"@en')), [('"1 2"',)]),
        ("agg-groupconcat-06", rows(store, QUERY.format('"1"@en')), [('"1"',)]),
    ],
)

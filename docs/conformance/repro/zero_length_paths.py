"""A zero-length path with a constant at one end finds nothing on an empty dataset
(W3C property-path zero_or_more_set_start, _end, zero_or_one_set_start, _end).

SPARQL 1.1 (18.4, ZeroLengthPath): with one end a constant, the zero-length path matches that
constant, whether or not it occurs in the data. Run: python zero_length_paths.py
"""

import pyoxigraph as ox
from _repro import report, rows

P, S, END = "<http://example/p>", "<http://example/s>", "<http://example/o>"
store = ox.Store()  # empty, as in the tests
report(
    "zero-length paths on an empty dataset",
    [
        ("zero_or_more_set_start", rows(store, f"SELECT ?s WHERE {{ ?s {P}* {END} }}"), [(END,)]),
        ("zero_or_more_set_end", rows(store, f"SELECT ?o WHERE {{ {S} {P}* ?o }}"), [(S,)]),
        ("zero_or_one_set_start", rows(store, f"SELECT ?s WHERE {{ ?s {P}? {END} }}"), [(END,)]),
        ("zero_or_one_set_end", rows(store, f"SELECT ?o WHERE {{ {S} {P}? ?o }}"), [(S,)]),
    ],
)

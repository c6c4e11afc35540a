"""A minimal reproduction, on pyoxigraph alone, of the Oxigraph plan problem that made
coopgraph's `agreements-by-wilaya` take seconds (docs/performance.md, "Oxigraph plans").

    python bench/oxigraph_union_repro.py [--communes 1500] [--agreements 100]

A UNION whose branches share a variable with the rest of the group is evaluated once per
solution of the other patterns, and its second branch is ordered without knowing that this
variable is bound: each evaluation scans every commune-wilaya pair. The same pattern wrapped
in a sub-SELECT is evaluated once and joined. Both forms return the same rows.
"""

from __future__ import annotations

import argparse
import time

import pyoxigraph as ox

EX = "http://example.org/"
INLINE = """PREFIX : <http://example.org/>
SELECT ?wilaya (COUNT(DISTINCT ?agreement) AS ?n) WHERE {
  { ?agreement :party ?wilaya . ?wilaya a :Wilaya . }
  UNION
  { ?agreement :party ?commune . ?commune a :Commune ; :inWilaya ?wilaya . }
  ?agreement a :Agreement .
} GROUP BY ?wilaya ORDER BY ?wilaya"""
SUBQUERY = """PREFIX : <http://example.org/>
SELECT ?wilaya (COUNT(DISTINCT ?agreement) AS ?n) WHERE {
  { SELECT ?agreement ?wilaya WHERE {
      { ?agreement :party ?wilaya . ?wilaya a :Wilaya . }
      UNION
      { ?agreement :party ?commune . ?commune a :Commune ; :inWilaya ?wilaya . }
  } }
  ?agreement a :Agreement .
} GROUP BY ?wilaya ORDER BY ?wilaya"""


def dataset(communes: int, agreements: int, wilayas: int = 58) -> ox.Store:
    store, node = ox.Store(), ox.NamedNode
    rdf_type = node("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    quads = [ox.Quad(node(f"{EX}w{w}"), rdf_type, node(EX + "Wilaya")) for w in range(wilayas)]
    for c in range(communes):
        commune = node(f"{EX}c{c}")
        quads.append(ox.Quad(commune, rdf_type, node(EX + "Commune")))
        quads.append(ox.Quad(commune, node(EX + "inWilaya"), node(f"{EX}w{c % wilayas}")))
    for i in range(agreements):
        agreement = node(f"{EX}agreement{i}")
        party = node(f"{EX}w{i % wilayas}") if i % 5 == 0 else node(f"{EX}c{(i * 7) % communes}")
        quads.append(ox.Quad(agreement, rdf_type, node(EX + "Agreement")))
        quads.append(ox.Quad(agreement, node(EX + "party"), party))
    store.extend(quads)
    return store


def timed(store: ox.Store, query: str) -> tuple[float, list[tuple[str, str]]]:
    start = time.perf_counter()
    rows = [(s["wilaya"].value, s["n"].value) for s in store.query(query)]  # type: ignore[index,union-attr]
    return (time.perf_counter() - start) * 1000, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communes", type=int, default=1500)
    parser.add_argument("--agreements", type=int, default=100)
    args = parser.parse_args()
    store = dataset(args.communes, args.agreements)
    print(f"pyoxigraph {ox.__version__}, {len(store):,} triples")
    inline_ms, inline_rows = timed(store, INLINE)
    sub_ms, sub_rows = timed(store, SUBQUERY)
    print(f"UNION inline:       {inline_ms:9.1f} ms, {len(inline_rows)} rows")
    print(f"UNION in a SELECT:  {sub_ms:9.1f} ms, {len(sub_rows)} rows")
    print("same rows" if inline_rows == sub_rows else "DIFFERENT ROWS")


if __name__ == "__main__":
    main()

"""Shared by the reproductions (pyoxigraph alone, no coopgraph): each case's answer from
pyoxigraph beside the one SPARQL 1.1 gives; exit status 1 while any case still differs, 0 once
the engine is fixed (then remove the test from coopgraph's known_limitations.toml)."""

from __future__ import annotations

import sys

import pyoxigraph as ox

Case = tuple[str, object, object]  # W3C test, what pyoxigraph gives, what SPARQL 1.1 gives


def rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    """The solutions as sorted tuples of N-Triples terms ('' for unbound)."""
    result = store.query(query)
    names = [v.value for v in result.variables]
    return sorted(tuple("" if s[n] is None else str(s[n]) for n in names) for s in result)


def report(fault: str, cases: list[Case]) -> None:
    print(f"{fault} (pyoxigraph {ox.__version__})")
    differ = 0
    for test, got, expected in cases:
        verdict = "fixed" if got == expected else "STILL FAILS"
        differ += got != expected
        print(f"  {test}: {verdict}\n    pyoxigraph: {got}\n    SPARQL 1.1: {expected}")
    sys.exit(1 if differ else 0)

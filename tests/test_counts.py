"""Agreements the registry withdrew keep their IRI but are left out of the counts."""

from __future__ import annotations

from coopgraph import stats

COUNT = """PREFIX coop: <https://w3id.org/coopgraph/ontology#>
SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a coop:CooperationAgreement . %s }"""
WITHDRAWN = "?a coop:status <https://w3id.org/coopgraph/vocab/agreement-status/withdrawn>"


def _count(store, pattern: str) -> int:
    return int(next(iter(store.query(COUNT % pattern)))["n"].value)


def test_withdrawn_agreements_are_not_counted(built_store) -> None:
    total, withdrawn = _count(built_store, ""), _count(built_store, WITHDRAWN)
    assert withdrawn >= 1, "the data has withdrawn agreements (data/agreements/additions.csv)"
    _, decades = stats.compute(built_store)["Agreements by decade of signing"]
    assert sum(n for _, n in decades) == total - withdrawn

"""Dataset statistics: the registry's counts split beside the ministry's reported figure;
counts by class; agreements by country, by theme, by decade."""

from __future__ import annotations

from coopgraph import counts as registry
from coopgraph.store import Store

SPLIT_TITLE = "Agreements: the registry's counts, split, and the ministry's reported figure"

PREFIXES = """PREFIX coop: <https://w3id.org/coopgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

QUERIES: dict[str, tuple[str, str]] = {
    "Resources by class": (
        "class",
        """SELECT ?key (COUNT(DISTINCT ?s) AS ?n) WHERE {
             ?s a ?c . FILTER(STRSTARTS(STR(?c), STR(coop:)))
             BIND(STRAFTER(STR(?c), "#") AS ?key) }
           GROUP BY ?key ORDER BY DESC(?n) ?key""",
    ),
    "Agreements by partner country": (
        "country",
        """SELECT ?key (COUNT(DISTINCT ?a) AS ?n) WHERE {
             ?a a coop:CooperationAgreement ; coop:foreignParty/coop:country ?c . %(counted)s
             ?c rdfs:label ?key FILTER(LANG(?key) = "en") }
           GROUP BY ?key ORDER BY DESC(?n) ?key""",
    ),
    "Agreements by theme": (
        "theme",
        """SELECT ?key (COUNT(DISTINCT ?a) AS ?n) WHERE {
             ?a a coop:CooperationAgreement ; coop:theme ?t . %(counted)s
             ?t skos:prefLabel ?key FILTER(LANG(?key) = "en") }
           GROUP BY ?key ORDER BY DESC(?n) ?key""",
    ),
    "Agreements by decade of signing": (
        "decade",
        """SELECT ?key (COUNT(DISTINCT ?a) AS ?n) WHERE {
             ?a a coop:CooperationAgreement . %(counted)s
             OPTIONAL { ?a coop:signingDate ?d }
             BIND(IF(BOUND(?d), CONCAT(SUBSTR(STR(?d), 1, 3), "0s"), "date unknown") AS ?key) }
           GROUP BY ?key ORDER BY ?key""",
    ),
}


def split_rows(store: Store) -> list[tuple[str, int]]:
    found = registry.registry_counts(store)
    rows = [
        ("records", found.recorded.acts),
        ("concluded acts (signed, renewed, amended…)", found.concluded.acts),
        ("announced, planned or in preparation", found.pending),
        ("distinct partner pairs of the concluded acts", found.concluded.pairs),
        ("distinct partner pairs of all records", found.recorded.pairs),
        ("partner countries, all records", found.recorded.countries),
        ("  without Western Sahara (EH)", found.recorded.countries_without_eh),
        ("partner countries of the concluded acts", found.concluded.countries),
        ("  without Western Sahara (EH)", found.concluded.countries_without_eh),
    ]
    if figure := registry.reported_figure(store):
        rows += [
            ("Ministry of the Interior: agreements, more than", figure.agreements_more_than),
            ("Ministry of the Interior: countries, more than", figure.countries_more_than),
        ]
    return rows


def comparison(store: Store) -> str | None:
    """The registry's counts against the ministry's figure, in a sentence (None without it)."""
    figure = registry.reported_figure(store)
    return registry.summary(registry.registry_counts(store), figure) if figure else None


def compute(store: Store) -> dict[str, tuple[str, list[tuple[str, int]]]]:
    """Title -> (key column name, [(key, count)])."""
    tables: dict[str, tuple[str, list[tuple[str, int]]]] = {SPLIT_TITLE: ("", split_rows(store))}
    for title, (key, query) in QUERIES.items():
        rows = store.query(PREFIXES + query % {"counted": registry.counted("a")})
        tables[title] = (key, [(r["key"].value, int(r["n"].value)) for r in rows])
    return tables

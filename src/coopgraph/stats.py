"""Dataset statistics: counts by class; agreements by country, by theme, by decade."""

from __future__ import annotations

from coopgraph.store import Store


def counted(var: str) -> str:
    """A filter that leaves out agreements the registry withdrew (vocab/agreement-status/
    withdrawn): they keep their IRI and page, but are no longer counted as agreements. By the
    IRI's end, so that it holds under any base IRI."""
    return (
        f"FILTER NOT EXISTS {{ ?{var} coop:status ?withdrawn . "
        'FILTER(STRENDS(STR(?withdrawn), "/agreement-status/withdrawn")) }'
    )


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


def compute(store: Store) -> dict[str, tuple[str, list[tuple[str, int]]]]:
    """Title -> (key column name, [(key, count)])."""
    tables: dict[str, tuple[str, list[tuple[str, int]]]] = {}
    for title, (key, query) in QUERIES.items():
        rows = store.query(PREFIXES + query % {"counted": counted("a")})
        tables[title] = (key, [(r["key"].value, int(r["n"].value)) for r in rows])
    return tables

"""The home page's figures: counts by kind, agreements by partner country, theme and decade,
and the members its browse index lists.

They change only with a build, so the build computes them once and ships them with the
release (coopgraph.answers); a server reads them from there, and computes them itself only
from a store that ships none (a remote SPARQL server). This module knows nothing of HTTP.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyoxigraph as ox

from coopgraph import iris
from coopgraph.counts import counted

Query = Callable[[str], Iterable[ox.QuerySolution]]  # SPARQL over the union of the graphs

# Withdrawn records keep their IRI and page but are not counted (counts.counted).
COUNTS_QUERY = """
SELECT
  (COUNT(DISTINCT ?agreement) AS ?agreements)
  (COUNT(DISTINCT ?partnerCountry) AS ?partner_countries)
  (COUNT(DISTINCT ?foreign) AS ?foreign_collectivities)
WHERE {
  ?agreement a coop:CooperationAgreement . COUNTED
  OPTIONAL { ?agreement coop:foreignParty ?foreign . ?foreign coop:country ?partnerCountry }
}
""".replace("COUNTED", counted("agreement"))
CLASS_COUNTS = {
    "communes": "Commune",
    "wilayas": "Wilaya",
    "networks": "CityNetwork",
    "memberships": "NetworkMembership",
    "legal": "LegalInstrument",
}
CLASS_QUERY = """
SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { VALUES ?c { %s } ?s a ?c } GROUP BY ?c
"""
# Agreements grouped by what their key is: (key variable pattern, ordering)
CHARTS = {
    "by_country": "?a coop:foreignParty/coop:country ?key",
    "by_theme": "?a coop:theme ?key",
}
CHART_QUERY = """
SELECT ?key (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a coop:CooperationAgreement . %s %s }
GROUP BY ?key ORDER BY DESC(?n) ?key"""
DECADES = """
SELECT ?key (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?a a coop:CooperationAgreement . COUNTED OPTIONAL { ?a coop:signingDate ?d }
  BIND(IF(BOUND(?d), CONCAT(SUBSTR(STR(?d), 1, 3), "0s"), "") AS ?key)
} GROUP BY ?key ORDER BY ?key""".replace("COUNTED", counted("a"))
BROWSE = {  # heading -> class whose members are listed
    "countries": "Country",
    "browse_wilayas": "Wilaya",
    "browse_networks": "CityNetwork",
    "browse_legal": "LegalInstrument",
}
MEMBERS = "SELECT DISTINCT ?s WHERE { ?s a %s }"
THEMES = "SELECT DISTINCT ?s WHERE { ?s <http://www.w3.org/2004/02/skos/core#inScheme> %s }"

Figures = dict[str, dict]  # "counts", "charts" (key -> [[key, n]]), "browse" (key -> [IRI])


def compute(query: Query, base: str) -> Figures:
    """Every figure of the home page, for a release minted under `base`."""
    coop = iris.ONTOLOGY
    prefix = f"PREFIX coop: <{coop}>\n"
    row = next(iter(query(prefix + COUNTS_QUERY)))
    counts = {
        n: int(row[n].value) for n in ("agreements", "partner_countries", "foreign_collectivities")
    }  # type: ignore[index]
    values = " ".join(f"coop:{c}" for c in CLASS_COUNTS.values())
    by_class = {
        r["c"].value.rsplit("#", 1)[1]: int(r["n"].value)  # type: ignore[index]
        for r in query(prefix + CLASS_QUERY % values)
    }
    counts |= {key: by_class.get(cls, 0) for key, cls in CLASS_COUNTS.items()}
    charts = {
        key: _pairs(query(prefix + CHART_QUERY % (p, counted("a")))) for key, p in CHARTS.items()
    }
    charts["by_decade"] = _pairs(query(prefix + DECADES))
    browse = {
        key: [r["s"].value for r in query(MEMBERS % f"<{coop}{cls}>")]  # type: ignore[index]
        for key, cls in BROWSE.items()
    }
    browse["themes"] = [
        r["s"].value  # type: ignore[index]
        for r in query(THEMES % f"<{base}vocab/theme>")
    ]
    return {"counts": counts, "charts": charts, "browse": browse}


def _pairs(rows: Iterable[ox.QuerySolution]) -> list[list]:
    return [[r["key"].value, int(r["n"].value)] for r in rows]  # type: ignore[index]

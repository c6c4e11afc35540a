"""The home page: what the registry is, live counts split (concluded or announced acts, pairs,
countries with and without Western Sahara) beside the ministry's reported figure, charts drawn
on the server, a browse index and a search box."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, g, render_template

from coopgraph import counts as registry
from coopgraph import describe, iris, web
from coopgraph.web import charts, i18n, pages
from coopgraph.web.pages import Labeller, Value

bp = Blueprint("home", __name__)

MINISTRY_PAGE = "https://interieur.gov.dz/cooperation-et-echanges-decentralises-associations-et-reseaux-de-villes"

COUNTS_QUERY = (
    """
PREFIX coop: <https://w3id.org/coopgraph/ontology#>
SELECT
  (COUNT(DISTINCT ?agreement) AS ?agreements)
  (COUNT(DISTINCT ?partnerCountry) AS ?partner_countries)
  (COUNT(DISTINCT ?foreign) AS ?foreign_collectivities)
WHERE {
  ?agreement a coop:CooperationAgreement . """
    + registry.counted("agreement")
    + """
  OPTIONAL { ?agreement coop:foreignParty ?foreign . ?foreign coop:country ?partnerCountry }
}
"""
)

CLASS_COUNTS = {
    "communes": "Commune",
    "wilayas": "Wilaya",
    "networks": "CityNetwork",
    "memberships": "NetworkMembership",
    "legal": "LegalInstrument",
}
CLASS_QUERY = """
PREFIX coop: <https://w3id.org/coopgraph/ontology#>
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
DECADES = (
    """
SELECT ?key (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?a a coop:CooperationAgreement . """
    + registry.counted("a")
    + """ OPTIONAL { ?a coop:signingDate ?d }
  BIND(IF(BOUND(?d), CONCAT(SUBSTR(STR(?d), 1, 3), "0s"), "") AS ?key)
} GROUP BY ?key ORDER BY ?key"""
)
TOP = 15
BROWSE = {  # heading -> class whose members are listed
    "countries": "Country",
    "browse_wilayas": "Wilaya",
    "browse_networks": "CityNetwork",
    "browse_legal": "LegalInstrument",
}
MEMBERS = "SELECT DISTINCT ?s WHERE { ?s a %s }"
THEMES = "SELECT DISTINCT ?s WHERE { ?s <http://www.w3.org/2004/02/skos/core#inScheme> %s }"


def coop_prefix() -> str:
    return f"PREFIX coop: <{iris.rebase(iris.ONTOLOGY, pages.base())}>\n"


def counts() -> dict[str, int]:
    store = web.current_store(current_app)
    row = next(iter(store.query(COUNTS_QUERY)))
    found = {
        name: int(row[name].value)
        for name in ("agreements", "partner_countries", "foreign_collectivities")
    }
    values = " ".join(f"coop:{c}" for c in CLASS_COUNTS.values())
    by_class = {
        r["c"].value.rsplit("#", 1)[1]: int(r["n"].value) for r in store.query(CLASS_QUERY % values)
    }
    for key, cls in CLASS_COUNTS.items():
        found[key] = by_class.get(cls, 0)
    return found


def split_counts() -> dict[str, object]:
    """The registry's counts split (concluded or not, pairs, countries with and without Western
    Sahara) and, when the graph holds it, the ministry's reported figure beside them."""
    store, coop = pages.store(), iris.rebase(iris.ONTOLOGY, pages.base())
    found = registry.registry_counts(store, coop)
    figure = registry.reported_figure(store, coop)
    return {
        "counts": found,
        "figure": figure,
        "comparison": registry.comparison(found, figure) if figure else None,
    }


def _labeller(iris_: list[str]) -> Labeller:
    labeller = Labeller({}, g.lang)
    for s in describe.labels_of(pages.store(), iris_):
        labeller.labels.setdefault(s.subject.value, []).append(s.object)  # type: ignore[arg-type]
    return labeller


def _bars(rows: list[tuple[str, int]]) -> list[charts.Bar]:
    labeller = _labeller([key for key, _ in rows])
    bars = []
    for key, n in rows:
        text = labeller.text(key)
        bars.append(charts.Bar(text.value, text.lang, n, pages.href_of(key)))
    return bars


def agreement_charts() -> dict[str, object]:
    store, rtl = pages.store(), g.lang in i18n.RTL
    out: dict[str, object] = {}
    for key, pattern in CHARTS.items():
        rows = store.query(coop_prefix() + CHART_QUERY % (pattern, registry.counted("a")))
        out[key] = charts.bar_chart(
            i18n.text(key), _bars([(r["key"].value, int(r["n"].value)) for r in rows][:TOP]), rtl
        )
    decades = [
        charts.Bar(
            r["key"].value or i18n.text("date_unknown"),
            "" if r["key"].value else g.lang,
            int(r["n"].value),
        )
        for r in store.query(coop_prefix() + DECADES)
    ]
    decades.sort(key=lambda b: (not b.label[:1].isdigit(), b.label))
    out["by_decade"] = charts.bar_chart(i18n.text("by_decade"), decades, rtl)
    return out


def browse_index() -> dict[str, list[Value]]:
    store, base = pages.store(), pages.base()
    coop = iris.rebase(iris.ONTOLOGY, base)
    members = {
        key: [r["s"].value for r in store.query(MEMBERS % describe.iri_ref(coop + cls))]
        for key, cls in BROWSE.items()
    }
    members["themes"] = [
        r["s"].value for r in store.query(THEMES % describe.iri_ref(base + "vocab/theme"))
    ]
    labeller = _labeller([iri for found in members.values() for iri in found])
    index = {}
    for key, found in members.items():
        values = [labeller.value(ox.NamedNode(iri)) for iri in found]
        by_code = key == "browse_wilayas"
        index[key] = sorted(values, key=lambda v: (v.iri or "") if by_code else v.text.sort_key)
    return index


@bp.get("/")
def index() -> Response:
    def render() -> str:
        return render_template(
            "home.html",
            counts=counts(),
            split=split_counts(),
            release=pages.release(),
            ministry_page=MINISTRY_PAGE,
            charts=agreement_charts(),
            browse=browse_index(),
        )

    def make() -> Response:
        # Counts and charts aggregate the whole graph (seconds on millions of triples): once
        # per release and language.
        page = pages.per_release(("home", g.lang), render)
        return Response(page, 200, content_type="text/html; charset=utf-8")

    return pages.conditional(pages.etag("home", g.lang), "Accept-Language", make)

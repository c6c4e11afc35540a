"""The home page: what the registry is, live counts split (concluded or announced acts, pairs,
countries with and without Western Sahara) beside the ministry's reported figure, charts drawn
on the server, a browse index and a search box."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, g, render_template

from coopgraph import counts as registry
from coopgraph import describe, figures
from coopgraph.web import charts, context, httpcache, i18n, paths
from coopgraph.web.labels import Labeller, Value

bp = Blueprint("home", __name__)

MINISTRY_PAGE = "https://interieur.gov.dz/cooperation-et-echanges-decentralises-associations-et-reseaux-de-villes"

TOP = 15


def shipped_figures() -> figures.Figures:
    """The figures the build shipped with the release, else computed once per worker."""

    def make() -> figures.Figures:
        store = context.store()
        return store.shipped().figures or figures.compute(store.query, context.base())

    return context.per_release("figures", make)


def split_counts() -> dict[str, object]:
    """The registry's counts split (concluded or not, pairs, countries with and without Western
    Sahara) and, when the graph holds it, the ministry's reported figure beside them."""
    store = context.store()
    found = registry.registry_counts(store)
    figure = registry.reported_figure(store)
    return {
        "counts": found,
        "figure": figure,
        "comparison": registry.comparison(found, figure) if figure else None,
    }


def _labeller(iris_: list[str]) -> Labeller:
    labeller = Labeller({}, g.lang)
    for s in describe.labels_of(context.store(), iris_):
        labeller.labels.setdefault(s.subject.value, []).append(s.object)  # type: ignore[arg-type]
    return labeller


def _bars(rows: list[tuple[str, int]]) -> list[charts.Bar]:
    labeller = _labeller([key for key, _ in rows])
    bars = []
    for key, n in rows:
        text = labeller.text(key)
        bars.append(charts.Bar(text.value, text.lang, n, paths.href_of(key)))
    return bars


def agreement_charts(charts_rows: dict[str, list]) -> dict[str, object]:
    rtl = g.lang in i18n.RTL
    out: dict[str, object] = {}
    for key in ("by_country", "by_theme"):
        bars = _bars([(k, n) for k, n in charts_rows[key]][:TOP])
        out[key] = charts.bar_chart(i18n.text(key), bars, rtl)
    decades = [
        charts.Bar(k or i18n.text("date_unknown"), "" if k else g.lang, n)
        for k, n in charts_rows["by_decade"]
    ]
    decades.sort(key=lambda b: (not b.label[:1].isdigit(), b.label))
    out["by_decade"] = charts.bar_chart(i18n.text("by_decade"), decades, rtl)
    return out


def browse_index(members: dict[str, list[str]]) -> dict[str, list[Value]]:
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
        found = shipped_figures()
        return render_template(
            "home.html",
            counts=found["counts"],
            split=split_counts(),
            release=context.release(),
            ministry_page=MINISTRY_PAGE,
            charts=agreement_charts(found["charts"]),
            browse=browse_index(found["browse"]),
        )

    def make() -> Response:
        # Counts and charts aggregate the whole graph (seconds on millions of triples): once
        # per release and language.
        page = context.per_release(("home", g.lang), render)
        return Response(page, 200, content_type="text/html; charset=utf-8")

    return httpcache.conditional(httpcache.etag("home", g.lang), "Accept-Language", make)

"""/search?q=: names in any language and script, normalised (coopgraph.textsearch), ranked.

The index is built once per release in each web process, from the labels in the store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Response, g, render_template, request

from coopgraph import describe, iris, textsearch
from coopgraph.web import context
from coopgraph.web.labels import Labeller, Text, Value, text_of

bp = Blueprint("search", __name__)

MAX_QUERY = 200  # characters
LIMIT = 50
# Kinds of resource by IRI path, in ranking order (ties on score go to the earlier kind),
# with the class whose label names them. Memberships, releases and graphs are not searched.
KINDS: dict[str, str] = {
    "wilaya": "Wilaya",
    "commune": "Commune",
    "country": "Country",
    "collectivity": "ForeignCollectivity",
    "network": "CityNetwork",
    "agreement": "CooperationAgreement",
    "legal": "LegalInstrument",
    "announced-wilaya": "AnnouncedWilaya",
    "org": "Ministry",
}
SEARCHED = (
    describe.RDFS + "label",
    describe.SKOS + "prefLabel",
    describe.SKOS + "altLabel",
    describe.DCT + "identifier",
)
CODES = ("communeCode", "wilayaCode")
NAMES = """
SELECT ?s ?l WHERE {
  VALUES ?p { %s } ?s ?p ?l
  FILTER(isIRI(?s) && isLiteral(?l) && STRSTARTS(STR(?s), %s))
}"""


@dataclass(frozen=True)
class SearchIndex:
    index: textsearch.Index
    labels: dict[str, list[ox.Literal]]  # every indexed resource's labels, and the kinds'


def kind_of(path: str) -> str | None:
    """'commune' for id/commune/1601, 'vocab/theme' for a theme concept, None if not searched."""
    parts = path.split("/")
    if parts[0] == "id" and len(parts) > 2 and parts[1] in KINDS:
        return parts[1]
    if parts[0] == "vocab" and len(parts) == 3:
        return "vocab/" + parts[1]
    if parts[0] == "vocab" and len(parts) == 2:
        return "scheme"
    return None


def build_index(store: describe.Store, base: str) -> SearchIndex:
    coop = iris.ONTOLOGY
    predicates = [*SEARCHED, *(coop + c for c in CODES)]
    query = NAMES % (describe.iri_list(predicates), json.dumps(base))
    labels: dict[str, list[ox.Literal]] = {}
    for r in store.query(query):
        labels.setdefault(r["s"].value, []).append(r["l"])
    entries = []
    for iri, names in labels.items():
        kind = kind_of(iri[len(base) :])
        if kind:
            entries.append(textsearch.make_entry(iri, kind, (n.value for n in names)))
    kind_iris = [coop + c for c in KINDS.values()] + [
        base + "vocab/" + s for s in _schemes(entries)
    ]
    for s in describe.labels_of(store, kind_iris):
        labels.setdefault(s.subject.value, []).append(s.object)  # type: ignore[arg-type]
    order = (*KINDS, *sorted({e.kind for e in entries if e.kind.startswith("vocab/")}), "scheme")
    return SearchIndex(textsearch.Index(entries, order), labels)


def _schemes(entries: list[textsearch.Entry]) -> set[str]:
    return {e.kind.split("/", 1)[1] for e in entries if e.kind.startswith("vocab/")}


def current_index() -> SearchIndex:
    """This release's index, built once per worker (several seconds on a large graph: requests
    that arrive meanwhile wait for it rather than build their own)."""
    return context.per_release("search-index", lambda: build_index(context.store(), context.base()))


@dataclass(frozen=True)
class Result:
    value: Value
    kind: Text
    matched: Text | None  # the name that matched, when it is not the one shown
    score: int


def kind_text(labeller: Labeller, kind: str, base: str) -> Text:
    coop = iris.ONTOLOGY
    if kind in KINDS:
        return labeller.text(coop + KINDS[kind])
    if kind.startswith("vocab/"):
        return labeller.text(base + kind)
    return Text("SKOS", "", "ltr")


def search(query: str, lang: str) -> list[Result]:
    found = current_index()
    labeller = Labeller(found.labels, lang)
    base = context.base()
    results = []
    for hit in found.index.search(query, LIMIT):
        value = labeller.value(ox.NamedNode(hit.entry.iri))
        matched = None
        if textsearch.normalise(hit.matched) != textsearch.normalise(value.text.value):
            literal = next(x for x in found.labels[hit.entry.iri] if x.value == hit.matched)
            matched = text_of(literal)
        results.append(Result(value, kind_text(labeller, hit.entry.kind, base), matched, hit.score))
    return results


def wants_json() -> bool:
    if request.args.get("format") == "json":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


@bp.get("/search")
def search_page() -> Response:
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    results = search(query, g.lang) if query else []
    if wants_json():
        body = [
            {
                "iri": r.value.iri,
                "label": r.value.text.value,
                "lang": r.value.text.lang,
                "kind": r.kind.value,
                "page": r.value.href,
                "score": r.score,
            }
            for r in results
        ]
        payload = json.dumps({"query": query, "results": body}, ensure_ascii=False)
        return Response(payload, 200, content_type="application/json; charset=utf-8")
    page = render_template("search.html", query=query, results=results)
    return Response(page, 200, content_type="text/html; charset=utf-8")

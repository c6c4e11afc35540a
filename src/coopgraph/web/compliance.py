"""/compliance: each rule with how many resources meet, warn and fail it, and each agreement's
outcome rule by rule, as a page (ar/fr/en), JSON and CSV.

The build computes the view once per release (coopgraph.validate.compliance) and writes it
beside the release; these routes only read it from the store and answer 304 to a client whose
copy is of the current release.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pyoxigraph as ox
from flask import Blueprint, Response, g, render_template

from coopgraph import describe, labels
from coopgraph.web import context, httpcache
from coopgraph.web.i18n import LANGUAGES
from coopgraph.web.labels import Labeller, Text, direction_of

bp = Blueprint("compliance", __name__)
OUTCOMES = ("meet", "warn", "fail")
RULE_COLUMNS = ("rule_id", "severities", "applies", *OUTCOMES, "legal_source", "confidence")
MESSAGE_COLUMNS = tuple(f"message_{lang}" for lang in LANGUAGES)


def document() -> dict | None:
    return context.store().compliance()


def cached(parts: tuple[str, ...], vary: str, make: Callable[[], Response]) -> Response:
    """304 when the client has this release's copy; the view changes only with the release."""
    return httpcache.conditional(httpcache.etag("compliance", *parts), vary, make)


@bp.get("/compliance")
def page() -> Response:
    return cached(("html", g.lang), "Accept-Language", html)


def html() -> Response:
    doc = document()
    agreements = (doc or {}).get("agreements", {})
    labeller = Labeller({}, g.lang)
    for s in describe.labels_of(context.store(), sorted(agreements)):
        labeller.labels.setdefault(s.subject.value, []).append(s.object)  # type: ignore[arg-type]
    rows = [
        (labeller.value(ox.NamedNode(iri)), by_outcome(rules)) for iri, rules in agreements.items()
    ]
    body = render_template("compliance.html", doc=doc, agreements=rows, message=message)
    return Response(body, 200 if doc else 404, content_type="text/html; charset=utf-8")


def by_outcome(rules: dict[str, str]) -> dict[str, list[str]]:
    return {outcome: [r for r, found in rules.items() if found == outcome] for outcome in OUTCOMES}


def message(texts: dict[str, str]) -> Text:
    """The rule's message in the interface language, by the label fallback chain."""
    lang = labels.best(texts, g.lang, lambda tag: tag)
    if lang is None:
        return Text("", "", "auto")
    return Text(texts[lang], lang, direction_of(lang))


def from_document(
    parts: tuple[str, ...], render: Callable[[dict], Response], vary: str = "Accept"
) -> Response:
    """A data form of the release's view; 404 with the reason when the release has none."""

    def make() -> Response:
        doc = document()
        return unavailable() if doc is None else render(doc)

    return cached(parts, vary, make)


@bp.get("/compliance.json")
def as_json() -> Response:
    return from_document(("json",), json_response)


@bp.get("/compliance.csv")
def rules_csv() -> Response:
    return from_document(("csv",), rules_table)


@bp.get("/compliance/agreements.csv")
def agreements_csv() -> Response:
    return from_document(("agreements.csv",), agreements_table)


def json_response(doc: dict) -> Response:
    body = json.dumps(doc, ensure_ascii=False, indent=1)
    return Response(body, 200, content_type="application/json; charset=utf-8")


def rules_table(doc: dict) -> Response:
    rows = [
        [
            *(" ".join(r[c]) if c == "severities" else r[c] for c in RULE_COLUMNS),
            *(r["messages"].get(lang, "") for lang in LANGUAGES),
        ]
        for r in doc["rules"]
    ]
    return csv_response("compliance", [*RULE_COLUMNS, *MESSAGE_COLUMNS], rows)


def agreements_table(doc: dict) -> Response:
    """One row per (agreement, rule that applies to it)."""
    rows = [
        [iri, rule_id, outcome]
        for iri, rules in doc["agreements"].items()
        for rule_id, outcome in rules.items()
    ]
    return csv_response("compliance-agreements", ["agreement", "rule_id", "outcome"], rows)


def csv_response(name: str, header: list[str], rows: list[list[object]]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(header)
    writer.writerows(rows)
    response = Response(out.getvalue(), 200, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'inline; filename="{name}.csv"'
    return response


def unavailable() -> Response:
    return Response(
        "This release has no compliance data: it was built without validation, or it is read "
        "from a remote SPARQL server. Build it with `coopgraph build`.\n",
        404,
        content_type="text/plain; charset=utf-8",
    )

"""/queries/: the research queries (queries/*.rq) as pages and as APIs for programs.

`/queries/NAME` shows a query's result as a table with a form for its parameters;
`/queries/NAME.json|.csv|.tsv` return it as SPARQL 1.1 results; `/queries/index.json` is the
catalogue. Parameter values come from the query string and are bound as typed RDF terms
(coopgraph.queries.bind), never written into the query; queries run in the endpoint's killable
query processes, under its time and row limits.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Response, g, render_template, request

from coopgraph import describe, results, sparqltext
from coopgraph import labels as label_policy
from coopgraph.answers import Answer
from coopgraph.problems import Problem
from coopgraph.queries import RESERVED, CannedQuery, ParameterError, Term, bind
from coopgraph.sparql.executor import Job
from coopgraph.sparql.resultcache import Cached
from coopgraph.store import StoreError
from coopgraph.web import context, endpoint, httpcache
from coopgraph.web.labels import Labeller, Text, Value, direction_of

bp = Blueprint("canned", __name__)

FORMATS = {r.name: r for r in results.SOLUTION_FORMATS if r.name in ("json", "csv", "tsv")}
HTML_ROWS = 1000  # rows a page shows (it says when there are more); the data formats: all
LABEL_SUFFIX = "Label"


class UnknownQuery(Problem):
    status = 404

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(
            None,
            f"There is no research query named {name!r}. Available: {', '.join(known)}. "
            "Descriptions: /queries/ (or /queries/index.json).",
        )


# ---------------------------------------------------------------------------------------------
# The catalogue and the running of a query


def catalogue() -> dict[str, CannedQuery]:
    try:
        return {q.name: q for q in context.store().queries()}
    except StoreError as err:
        raise Problem(503, str(err)) from err


def find(name: str) -> CannedQuery:
    known = catalogue()
    if name not in known:
        raise UnknownQuery(name, sorted(known))
    return known[name]


def given_values() -> dict[str, str]:
    return {k: v for k, v in request.args.items() if k not in RESERVED}


def bound_values(query: CannedQuery) -> dict[ox.Variable, Term]:
    return bind(query, given_values(), context.base())


def run(
    query: CannedQuery, values: dict[ox.Variable, Term], fmt: str, max_rows: int | None
) -> Answer:
    """The whole result in format `fmt` (at most `max_rows` rows) with its counts: the answer
    the build shipped for a query without parameters, else this worker's cached one, else
    the query processes'."""
    shipped = None if values else context.store().shipped().answer(query.name, fmt)
    if shipped is not None and (max_rows is None or shipped.rows <= max_rows):
        return shipped
    release_id = context.release().release_id
    key = (
        "canned",
        query.text,
        fmt,
        max_rows,
        tuple(sorted((str(k), str(v)) for k, v in values.items())),
    )
    cache = context.result_cache()
    if cache is not None and (hit := cache.get(release_id, key)):
        return hit.answer
    job = Job(
        sparqltext.read(query.text),
        format_param=fmt,
        max_rows=max_rows,
        substitutions=values or None,
    )
    reply = context.submit(job, context.settings().query_timeout)
    try:
        _, content_type = reply.head()
        answer = Answer(b"".join(reply.chunks()), reply.rows, reply.truncated)
    finally:
        reply.close()
    if cache is not None:
        cache.put(release_id, key, Cached(content_type, answer))
    return answer


def cached_if_ok(parts: tuple[str, ...], vary: str, make: Callable[[], Response]) -> Response:
    """304 when the client's copy is current; only successful answers are cacheable."""
    tag = httpcache.etag("queries", *parts, json.dumps(sorted(given_values().items())))
    return httpcache.conditional(tag, vary, make)


# ---------------------------------------------------------------------------------------------
# Text in the reader's language


def in_language(texts: dict[str, str]) -> Text:
    lang = label_policy.best(texts, g.lang, lambda tag: tag)
    if lang is None:
        return Text("", "", "auto")
    return Text(texts[lang], lang, direction_of(lang))


@dataclass(frozen=True)
class Entry:
    """A query as the pages show it."""

    query: CannedQuery
    title: Text
    description: Text
    parameters: list[tuple[str, str, Text]]  # name, type, description
    formats: tuple[str, ...] = tuple(FORMATS)


def entry(query: CannedQuery) -> Entry:
    params = [(p.name, p.type, in_language(p.description)) for p in query.parameters]
    return Entry(query, in_language(query.title), in_language(query.description), params)


# ---------------------------------------------------------------------------------------------
# The result as an HTML table


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[Value | None]]


def shown_columns(names: list[str]) -> list[str]:
    """Label columns are folded into the links of their IRI column (labelled in any language)."""
    return [n for n in names if not (n.endswith(LABEL_SUFFIX) and n[: -len(LABEL_SUFFIX)] in names)]


def table_of(body: bytes) -> Table:
    solutions = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    columns = shown_columns(names)
    rows = [[row[n] for n in columns] for row in solutions]  # type: ignore[union-attr]
    iris = sorted({t.value for row in rows for t in row if isinstance(t, ox.NamedNode)})
    labels: dict[str, list[ox.Literal]] = {}
    for s in describe.labels_of(context.store(), iris):
        labels.setdefault(s.subject.value, []).append(s.object)  # type: ignore[arg-type]
    labeller = Labeller(labels, g.lang)
    return Table(columns, [[None if t is None else labeller.value(t) for t in row] for row in rows])


def query_page(query: CannedQuery) -> Response:
    """The result as a table; a bad parameter or a failed query keeps the form, with the error."""
    table, reply, status, error = None, None, 200, None
    limit = HTML_ROWS
    try:
        reply = run(query, bound_values(query), "json", limit)
        table = table_of(reply.body)
    except ParameterError as err:
        status, error = 400, str(err)
    except Problem as err:
        status, error = err.status, str(err)
    page = render_template(
        "canned_query.html",
        e=entry(query),
        given=given_values(),
        table=table,
        reply=reply,
        error=error,
        max_rows=limit,
    )
    return Response(page, status, content_type="text/html; charset=utf-8")


def index_page(status: int = 200, unknown: str | None = None) -> Response:
    entries = [entry(q) for q in catalogue().values()]
    page = render_template("canned_index.html", entries=entries, unknown=unknown)
    return Response(page, status, content_type="text/html; charset=utf-8")


# ---------------------------------------------------------------------------------------------
# Routes


@bp.get("/queries/")
def index() -> Response:
    return cached_if_ok(("index", g.lang), "Accept-Language", index_page)


@bp.get("/queries/index.json")
def index_json() -> Response:
    def make() -> Response:
        items = [{**q.to_json(), "links": links(q.name)} for q in catalogue().values()]
        body = json.dumps({"queries": items}, ensure_ascii=False)
        return Response(body, 200, content_type="application/json; charset=utf-8")

    return cached_if_ok(("index.json",), "Accept", make)


def links(name: str) -> dict[str, str]:
    return {"html": f"/queries/{name}", **{f: f"/queries/{name}.{f}" for f in FORMATS}}


@bp.get("/queries/<name>")
def query_html(name: str) -> Response:
    try:
        query = find(name)
    except UnknownQuery:
        return index_page(404, name)
    return cached_if_ok((name, "html", g.lang), "Accept-Language", lambda: query_page(query))


@bp.get("/queries/<name>.<fmt>")
def query_data(name: str, fmt: str) -> Response:
    query = find(name)
    if fmt not in FORMATS:
        offered = ", ".join(f"/queries/{name}.{f}" for f in FORMATS)
        raise Problem(404, f"There is no .{fmt} form of {name!r}: use {offered} or the page.")
    try:
        values = bound_values(query)
    except ParameterError as err:
        raise Problem(400, str(err)) from err
    return cached_if_ok((name, fmt), "Accept", lambda: data_response(query, values, fmt))


def data_response(query: CannedQuery, values: dict[ox.Variable, Term], fmt: str) -> Response:
    max_rows = context.settings().max_rows
    reply = run(query, values, fmt, max_rows)
    if reply.truncated:  # never a silent cut
        raise endpoint.over_the_row_limit(max_rows or 0)
    response = Response(reply.body, 200, content_type=FORMATS[fmt].content_type)
    h = response.headers
    h["Content-Disposition"] = f'inline; filename="{query.name}.{fmt}"'
    h["X-Coopgraph-Answer"] = reply.source
    h["X-Coopgraph-Rows"] = str(reply.rows)
    if max_rows is not None:
        h["X-Coopgraph-Max-Rows"] = str(max_rows)
    return response

"""/sparql: the SPARQL 1.1 Protocol endpoint (read-only), with its service description, and
the links to a query's result in every format the endpoint offers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request

from coopgraph import negotiation, results, snippets
from coopgraph.answers import Answer
from coopgraph.negotiation import Representation
from coopgraph.problems import Problem
from coopgraph.sparql import description, guard, protocol
from coopgraph.sparql.executor import Job, Reply
from coopgraph.sparql.resultcache import Cached
from coopgraph.store import ReleaseInfo
from coopgraph.web import context, httpcache
from coopgraph.web.context import release, result_cache, settings, submit

bp = Blueprint("sparql", __name__)

HTML = results.HTML_PAGE
READ_AHEAD = 4 * 1024 * 1024  # results up to this size get an exact row count header
SHOWN_ROWS = 10_000  # rows an HTML results page shows; the page says when there are more
HTML_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"


def over_the_row_limit(limit: int) -> Problem:
    return Problem(
        403,
        f"The result has more than {limit:,} rows (or triples), the most this server sends in "
        "one answer (its --max-rows setting), so none of it was sent rather than a part. Page "
        "through it with LIMIT and OFFSET, or download the whole graph from /dumps/.",
    )


def etag_for(info: ReleaseInfo, query: protocol.QueryRequest, limit: int) -> str:
    key = json.dumps(
        [
            info.release_id,
            query.query.text,
            query.default_graphs,
            query.named_graphs,
            query.format_param,
            request.headers.get("Accept"),
            limit,
        ]
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def run_query(query: protocol.QueryRequest) -> Response:
    s = settings()
    guard.check(query.query, s.service_allowlist)
    info = release()
    etag = etag_for(info, query, s.max_rows)
    if httpcache.is_current(etag, info):
        return Response(status=304, headers={"ETag": f'"{etag}"', "Vary": "Accept"})
    html = _wants_html(query)
    job = Job(
        query=query.query,
        accept=HTML_ACCEPT if html else request.headers.get("Accept"),
        format_param=None if html else query.format_param,
        default_graphs=query.default_graphs,
        named_graphs=query.named_graphs,
        max_rows=SHOWN_ROWS if html else s.max_rows,
        query_base=protocol.base_url(request),
        release_id=info.release_id,
    )
    cache = None if html else result_cache()
    key = job.message()  # everything that decides the answer's bytes, with the release
    hit = cache.get(info.release_id, key) if cache is not None else None
    if hit is not None:
        response = Response(hit.answer.body, 200, content_type=hit.content_type)
        _result_headers(response, hit.answer, etag, info)
        return response
    timeout = min(query.timeout or s.query_timeout, s.query_timeout)
    reply = submit(job, timeout)
    try:
        fmt, content_type = reply.head()
        ahead = reply.read_ahead(READ_AHEAD)
    except BaseException:
        reply.close()
        raise
    if html:
        reply.close()
        return _html_page(query.query.text, fmt, b"".join(ahead), reply)
    if reply.truncated:  # never a silent cut: the client gets an error instead
        raise over_the_row_limit(s.max_rows or 0)
    if not reply.done:
        response = Response(Streamed(ahead, reply, s.max_rows or 0), 200, content_type=content_type)
        _result_headers(response, None, etag, info)
        return response
    answer = Answer(b"".join(ahead), reply.rows, reply.truncated)
    if cache is not None:
        cache.put(info.release_id, key, Cached(content_type, answer))
    response = Response(answer.body, 200, content_type=content_type)
    _result_headers(response, answer, etag, info)
    return response


class Streamed:
    """A result too big to read ahead, sent as it comes. The WSGI server calls close() even
    when the client left before the body was read, or before it began: a generator closed
    before it started runs no `finally`, and the query slot would never be given back.

    Once the status line is sent, a failure (time limit, row limit) can only be told by not
    finishing the body: the error propagates, the server drops the connection without the
    last chunk, and every HTTP client reports an incomplete response rather than a result
    that looks whole. The last chunk is held back until the end says the result is whole."""

    def __init__(self, ahead: list[bytes], reply: Reply, max_rows: int) -> None:
        self.ahead, self.reply, self.max_rows = ahead, reply, max_rows
        self.logger = current_app.logger

    def __iter__(self) -> Iterator[bytes]:
        yield from self.ahead
        held = b""
        try:
            for chunk in self.reply.chunks():
                if held:
                    yield held
                held = chunk
        except Problem as err:
            self.logger.warning("result left unfinished: %s", err)
            raise
        if self.reply.truncated:
            self.logger.warning("result left unfinished: over %s rows", self.max_rows)
            raise over_the_row_limit(self.max_rows)
        yield held

    def close(self) -> None:
        self.reply.close()


def _result_headers(
    response: Response, answer: Answer | None, etag: str, info: ReleaseInfo
) -> None:
    """Headers of an answer; a streamed one (None) has no row count yet."""
    h = response.headers
    h["Vary"] = "Accept"
    h["ETag"] = f'"{etag}"'
    h["Last-Modified"] = datetime.fromisoformat(info.created).strftime("%a, %d %b %Y %H:%M:%S GMT")
    h["Cache-Control"] = httpcache.CACHE_CONTROL
    h["X-Coopgraph-Release"] = info.release_id
    if settings().max_rows is not None:
        h["X-Coopgraph-Max-Rows"] = str(settings().max_rows)
    h["X-Coopgraph-Answer"] = "computed" if answer is None else answer.source
    if answer is not None:
        h["X-Coopgraph-Rows"] = str(answer.rows)


def _wants_html(query: protocol.QueryRequest) -> bool:
    if query.format_param:
        return HTML.answers_to(query.format_param)
    offers = (*results.SOLUTION_FORMATS, *results.GRAPH_FORMATS, HTML)
    try:
        return negotiation.choose(offers, request.headers.get("Accept")) is HTML
    except negotiation.NotAcceptable:
        return False


def _html_page(query: str, fmt: str, body: bytes, reply: Reply) -> Response:
    """What fits in the read-ahead, as a table (or text); the page says when it is not all,
    with links to the whole result in every format."""
    whole = reply.done
    if not whole:  # a document cut short: keep what is complete
        body = results.complete_solutions(body) if fmt == "json" else body[: body.rfind(b"\n") + 1]
    table = json.loads(body) if fmt == "json" and body else None
    page = render_template(
        "sparql_results.html",
        query=query,
        table=table,
        text=None if table is not None else body.decode("utf-8", "replace"),
        truncated=reply.truncated,
        max_rows=SHOWN_ROWS,
        cut=not whole,
        read_ahead_mib=READ_AHEAD // (1024 * 1024),
        downloads=downloads(query) if reply.truncated or not whole else [],
    )
    return Response(page, 200, content_type="text/html; charset=utf-8", headers={"Vary": "Accept"})


@bp.route("/sparql", methods=["GET", "POST", "HEAD"])
def sparql() -> Response:
    query = protocol.parse(request)
    if query is None:
        return description.respond(context.store(), release(), settings())
    return run_query(query)


@dataclass(frozen=True)
class Download:
    format: str
    media_type: str
    href: str


def downloads(query: str) -> list[Download]:
    """A link to /sparql for every format the endpoint offers for this kind of query."""
    form = snippets.query_form(query)
    offers: tuple[Representation, ...] = (
        results.GRAPH_FORMATS if form == snippets.GRAPH else results.SOLUTION_FORMATS
    )
    return [
        Download(r.name, r.media_type, "/sparql?" + urlencode({"query": query, "format": r.name}))
        for r in offers
    ]

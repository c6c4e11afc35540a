"""/sparql: the SPARQL 1.1 Protocol endpoint (read-only), with its service description."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime

from flask import Blueprint, Response, current_app, render_template, request

from coopgraph import negotiation, results
from coopgraph.answers import Answer
from coopgraph.settings import Settings
from coopgraph.sparql import description, guard, protocol
from coopgraph.sparql.executor import Executor, Job, QueryFailed, Reply
from coopgraph.sparql.resultcache import Cached, ResultCache
from coopgraph.store import ReleaseInfo, StoreError

bp = Blueprint("sparql", __name__)

HTML = negotiation.Representation("html", "text/html", ("application/xhtml+xml",))
READ_AHEAD = 4 * 1024 * 1024  # results up to this size get exact headers (row count, truncation)
# How long a client may keep an answer without asking again; after that it revalidates with
# its ETag (a 304 until the next release).
CACHE_CONTROL = "public, max-age=300"


class HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


def settings() -> Settings:
    return current_app.extensions["coopgraph.settings"]


def executor() -> Executor:
    ex = current_app.extensions.get("coopgraph.executor")
    if ex is None:
        s = settings()
        ex = current_app.extensions["coopgraph.executor"] = Executor(s.store, s.query_processes)
    return ex


def result_cache() -> ResultCache | None:
    """This worker's cache of complete answers; None when the settings turn it off."""
    if "coopgraph.results" not in current_app.extensions:
        size = settings().result_cache_mb * 1024 * 1024
        current_app.extensions["coopgraph.results"] = ResultCache(size) if size > 0 else None
    return current_app.extensions["coopgraph.results"]


def release() -> ReleaseInfo:
    from coopgraph.web import current_store

    try:
        return current_store(current_app).release()
    except StoreError as err:
        raise HttpError(503, str(err)) from err


ERROR_TYPES = ["text/plain", "application/json", "application/sparql-results+json"]
HTML_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"


def error(status: int, message: str) -> Response:
    """Errors in the body, as JSON when the client prefers JSON, else plain text."""
    best = request.accept_mimetypes.best_match(ERROR_TYPES)
    if best is not None and "json" in best:
        body = json.dumps({"error": {"status": status, "message": message}}, ensure_ascii=False)
        return Response(body, status, content_type="application/json; charset=utf-8")
    return Response(message + "\n", status, content_type="text/plain; charset=utf-8")


def etag_for(info: ReleaseInfo, query: protocol.QueryRequest, limit: int) -> str:
    key = json.dumps(
        [
            info.release_id,
            query.query,
            query.default_graphs,
            query.named_graphs,
            query.format_param,
            request.headers.get("Accept"),
            limit,
        ]
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def not_modified(etag: str, info: ReleaseInfo) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.if_none_match:
        return request.if_none_match.contains(etag)
    since = request.if_modified_since
    return bool(since) and datetime.fromisoformat(info.created).replace(microsecond=0) <= since


def run_query(query: protocol.QueryRequest) -> Response:
    s = settings()
    guard.check(query.query, s.service_allowlist)
    info = release()
    etag = etag_for(info, query, s.max_rows)
    if not_modified(etag, info):
        return Response(status=304, headers={"ETag": f'"{etag}"', "Vary": "Accept"})
    html = _wants_html(query)
    job = Job(
        query=query.query,
        accept=HTML_ACCEPT if html else request.headers.get("Accept"),
        format_param=None if html else query.format_param,
        default_graphs=query.default_graphs,
        named_graphs=query.named_graphs,
        max_rows=s.max_rows,
        base_iri=protocol.base_url(request),
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
    reply = executor().submit(job, timeout)
    try:
        fmt, content_type = reply.head()
        ahead = reply.read_ahead(READ_AHEAD)
    except BaseException:
        reply.close()
        raise
    if html:
        reply.close()
        return _html_page(query.query, fmt, b"".join(ahead), reply)
    if not reply.done:
        response = Response(Streamed(ahead, reply), 200, content_type=content_type)
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
    before it started runs no `finally`, and the query slot would never be given back."""

    def __init__(self, ahead: list[bytes], reply: Reply) -> None:
        self.ahead, self.reply = ahead, reply
        self.logger = current_app.logger

    def __iter__(self) -> Iterator[bytes]:
        yield from self.ahead
        try:
            yield from self.reply.chunks()
        except QueryFailed as err:  # headers are gone: all that can be done is to end the body
            self.logger.warning("query cut while streaming: %s", err)

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
    h["Cache-Control"] = CACHE_CONTROL
    h["X-Coopgraph-Release"] = info.release_id
    h["X-Coopgraph-Max-Rows"] = str(settings().max_rows)
    h["X-Coopgraph-Answer"] = "computed" if answer is None else answer.source
    if answer is not None:
        h["X-Coopgraph-Rows"] = str(answer.rows)
        h["X-Coopgraph-Truncated"] = "true" if answer.truncated else "false"


def _wants_html(query: protocol.QueryRequest) -> bool:
    if query.format_param:
        return query.format_param in (HTML.name, HTML.media_type)
    offers = (*results.SOLUTION_FORMATS, *results.GRAPH_FORMATS, HTML)
    try:
        return negotiation.choose(offers, request.headers.get("Accept")) is HTML
    except negotiation.NotAcceptable:
        return False


def _html_page(query: str, fmt: str, body: bytes, reply: Reply) -> Response:
    table = json.loads(body) if fmt == "json" and body else None
    page = render_template(
        "sparql_results.html",
        query=query,
        table=table,
        text=None if table is not None else body.decode("utf-8", "replace"),
        truncated=reply.truncated,
        max_rows=settings().max_rows,
    )
    return Response(page, 200, content_type="text/html; charset=utf-8", headers={"Vary": "Accept"})


@bp.route("/sparql", methods=["GET", "POST", "HEAD"])
def sparql() -> Response:
    try:
        query = protocol.parse(request)
        if query is None:
            return description.respond(release(), settings())
        return run_query(query)
    except (protocol.ProtocolError, guard.Refused, QueryFailed, HttpError) as err:
        return error(err.status, str(err))
    except negotiation.NotAcceptable as err:
        return error(406, str(err))
    except negotiation.UnknownFormat as err:
        return error(400, str(err))

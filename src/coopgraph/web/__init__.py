"""The web front end (Flask). It reads the graph only through the store interface."""

from __future__ import annotations

import atexit
from dataclasses import replace
from pathlib import Path

from flask import Flask, Response, g, has_request_context, request
from flask_compress import Compress
from flask_cors import CORS
from werkzeug.exceptions import HTTPException

from coopgraph.settings import Settings
from coopgraph.store import Store, default_location, open_store
from coopgraph.web import canned, compliance, dataset, home, i18n, ops, pages, search, workbench
from coopgraph.web.labels import template_helpers

COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/plain",
    "text/csv",
    "text/tab-separated-values",
    "text/turtle",
    "application/json",
    "application/ld+json",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "application/rdf+xml",
    "application/sparql-results+json",
    "application/sparql-results+xml",
]
EXPOSED_HEADERS = [
    "ETag",
    "Last-Modified",
    "X-Coopgraph-Rows",
    "X-Coopgraph-Max-Rows",
    "X-Coopgraph-Release",
    "X-Coopgraph-Answer",
]


def create_app(store_location: Path | str | None = None, settings: Settings | None = None) -> Flask:
    from coopgraph.sparql import endpoint

    settings = settings or Settings.from_env()
    if store_location is not None or not settings.store:
        settings = replace(settings, store=str(store_location or default_location()))
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        COMPRESS_MIMETYPES=COMPRESSED_TYPES,
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_ALGORITHM_STREAMING=["br", "gzip"],
    )
    app.extensions["coopgraph.settings"] = settings
    app.extensions["coopgraph.store"] = None  # opened lazily, once per worker process
    blueprints = (home, endpoint, pages, search, dataset, canned, workbench, compliance, ops)
    for module in blueprints:
        app.register_blueprint(module.bp)
    CORS(
        app,
        resources={r"/sparql": {"origins": "*"}, r"/queries/*": {"origins": "*"}},
        send_wildcard=True,
        expose_headers=EXPOSED_HEADERS,
        methods=["GET", "POST", "HEAD", "OPTIONS"],
        max_age=86400,
    )
    Compress(app)

    @app.before_request
    def choose_language() -> None:
        g.lang = i18n.negotiate(request.args.get("lang"), request.accept_languages)

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        return endpoint.error(err.code or 500, _explain(err))

    app.context_processor(i18n.template_context)
    app.context_processor(template_helpers)
    app.after_request(_security_headers)
    atexit.register(_shutdown, app)
    return app


# Nothing is loaded from another host, and no script runs at all (JSON-LD is a data block).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'none'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
)


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    return response


def _explain(err: HTTPException) -> str:
    if err.code == 413:
        return (
            "The request is too large for this server. Send a shorter query, or run large "
            "queries on your own copy of the data (see /dumps/)."
        )
    if err.code == 405:
        return f"{request.method} is not allowed on {request.path}."
    return f"{err.name}: {err.description}"


def _shutdown(app: Flask) -> None:
    executor = app.extensions.get("coopgraph.executor")
    if executor is not None:
        executor.shutdown()


def current_store(app: Flask) -> Store:
    """The store, pinned to one release for the whole of a request: a build or a publish that
    swaps `current` mid-request must not give a page, or a header and its body, two releases."""
    if has_request_context() and "store" in g:
        return g.store
    store = app.extensions["coopgraph.store"]
    if store is None:
        location = app.extensions["coopgraph.settings"].store
        store = app.extensions["coopgraph.store"] = open_store(location)
    if has_request_context():
        g.store = store = store.pinned()
    return store

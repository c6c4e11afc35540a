"""The web front end (Flask). It reads the graph only through the store interface."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from flask import Flask, g, request
from flask_compress import Compress
from flask_cors import CORS

from coopgraph.settings import Settings
from coopgraph.store import default_location
from coopgraph.web import (
    canned,
    compliance,
    context,
    dataset,
    docs,
    endpoint,
    errors,
    home,
    i18n,
    ops,
    pages,
    search,
    security,
    workbench,
)
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
    context.install(app, settings)
    blueprints = (home, endpoint, pages, docs, search, dataset, canned, workbench, compliance, ops)
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

    errors.install(app)
    app.context_processor(i18n.template_context)
    app.context_processor(template_helpers)
    app.after_request(security.headers)
    return app

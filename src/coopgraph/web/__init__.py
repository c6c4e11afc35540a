"""The web front end (Flask). It reads the graph only through the store interface."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, g, request

from coopgraph.store import Store, open_store
from coopgraph.web import home, i18n


def create_app(store_location: Path | str | None = None) -> Flask:
    app = Flask(__name__)
    app.config["COOPGRAPH_STORE"] = store_location
    app.extensions["coopgraph.store"] = None  # opened lazily, once per worker process
    app.register_blueprint(home.bp)

    @app.before_request
    def choose_language() -> None:
        g.lang = i18n.negotiate(request.args.get("lang"), request.accept_languages)

    app.context_processor(i18n.template_context)
    return app


def current_store(app: Flask) -> Store:
    store = app.extensions["coopgraph.store"]
    if store is None:
        store = app.extensions["coopgraph.store"] = open_store(app.config["COOPGRAPH_STORE"])
    return store

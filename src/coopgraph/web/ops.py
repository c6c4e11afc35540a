"""Operations endpoints: /health (the process answers) and /ready (the store answers too).

A load balancer or systemd watchdog polls /health to restart a wedged process, and /ready to
send traffic only to instances whose store is open. A store that fails mid-request answers
503 with the store's own advice rather than a 500.
"""

from __future__ import annotations

import time

from flask import Blueprint, Response, current_app, jsonify

from coopgraph.sparql import endpoint
from coopgraph.store import StoreError

bp = Blueprint("ops", __name__)

READY_QUERY = "ASK { }"  # evaluated by the store itself, so a dead remote server shows


@bp.get("/health")
def health() -> Response:
    """Liveness: no store access, so a slow or absent store never fails it."""
    response = jsonify(status="ok")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/ready")
def ready() -> Response:
    """Readiness: the store opens, knows its release, and answers a trivial query."""
    from coopgraph.web import current_store

    started = time.monotonic()
    try:
        store = current_store(current_app)
        info = store.release()
        store.query(READY_QUERY)
    except StoreError as err:
        response = jsonify(status="unavailable", reason=str(err))
        response.status_code = 503
    else:
        elapsed = round((time.monotonic() - started) * 1000, 1)
        response = jsonify(status="ready", release=info.release_id, ms=elapsed)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_errorhandler(StoreError)
def store_unavailable(err: StoreError) -> Response:
    """Any page whose store fails (missing, corrupt, remote server down): 503 and how to fix."""
    return endpoint.error(503, str(err), retry_after=True)


@bp.app_errorhandler(endpoint.HttpError)
def http_error(err: endpoint.HttpError) -> Response:
    """Every route's HttpError (the home page, /void and /sitemap.xml included), as the
    endpoint words it: a store outage is 503 with Retry-After, never a 500."""
    return endpoint.failure(err)

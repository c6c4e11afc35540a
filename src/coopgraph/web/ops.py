"""Operations endpoints: /health (the process answers) and /ready (the store answers too).

A load balancer or systemd watchdog polls /health to restart a wedged process, and /ready to
send traffic only to instances whose store is open.
"""

from __future__ import annotations

import time

from flask import Blueprint, Response, jsonify

from coopgraph.store import StoreError
from coopgraph.web import context

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
    started = time.monotonic()
    try:
        store = context.store()
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

"""How the web application answers a request it cannot serve: one handler, registered once on
the app, for every error model the layers raise (coopgraph.problems.Problem, a store outage,
a format the client cannot take, Werkzeug's own HTTP errors).

The body is the message in the client's format: a page of the site, in the reader's language,
for a browser (text/html preferred to the plain and JSON forms); JSON for a client that prefers
JSON; else plain text. Every 503 says when to try again (Retry-After).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from flask import Flask, Response, g, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from coopgraph import negotiation
from coopgraph.problems import Problem
from coopgraph.store import StoreError

TYPES = ["text/plain", "application/json", "application/sparql-results+json"]


def wants_page() -> bool:
    """A browser: it asks for text/html above the machine formats (a `*/*` client does not)."""
    accept = request.accept_mimetypes
    return "lang" in g and accept.quality("text/html") > max(accept.quality(t) for t in TYPES)


def error(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    """The message as a page for a browser, as JSON when the client prefers JSON, else as
    plain text."""
    best = request.accept_mimetypes.best_match(TYPES)
    if wants_page():
        reason = HTTP_STATUS_CODES.get(status, "Error")
        page = render_template("error.html", status=status, reason=reason, message=message)
        response = Response(page, status, content_type="text/html; charset=utf-8")
    elif best is not None and "json" in best:
        body = json.dumps({"error": {"status": status, "message": message}}, ensure_ascii=False)
        response = Response(body, status, content_type="application/json; charset=utf-8")
    else:
        response = Response(message + "\n", status, content_type="text/plain; charset=utf-8")
    response.headers.extend(headers or {})
    return response


def answer(err: Problem) -> Response:
    return error(err.status, str(err), err.headers)


def store_unavailable(err: StoreError) -> Response:
    """Any page whose store fails (missing, corrupt, remote server down): 503 and how to fix."""
    return answer(Problem(503, str(err)))


def not_acceptable(err: negotiation.NotAcceptable) -> Response:
    return answer(Problem(406, str(err), {"Vary": "Accept"}))


def unknown_format(err: negotiation.UnknownFormat) -> Response:
    return answer(Problem(400, str(err)))


def http_error(err: HTTPException) -> Response:
    return answer(Problem(err.code or 500, explain(err)))


def explain(err: HTTPException) -> str:
    if err.code == 413:
        return (
            "The request is too large for this server. Send a shorter query, or run large "
            "queries on your own copy of the data (see /dumps/)."
        )
    if err.code == 405:
        return f"{request.method} is not allowed on {request.path}."
    return f"{err.name}: {err.description}"


def install(app: Flask) -> None:
    app.register_error_handler(Problem, answer)
    app.register_error_handler(StoreError, store_unavailable)
    app.register_error_handler(negotiation.NotAcceptable, not_acceptable)
    app.register_error_handler(negotiation.UnknownFormat, unknown_format)
    app.register_error_handler(HTTPException, http_error)

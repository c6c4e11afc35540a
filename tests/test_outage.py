"""The store unreachable: every route that needs it answers 503 with Retry-After and the
reason, never a 500. A real gunicorn server whose store is a SPARQL URL on a closed port."""

from __future__ import annotations

import sys

import pytest

from .servers import LocalServer, free_port
from .test_endpoint import http

pytestmark = pytest.mark.slow

ROUTES = [
    "",
    "void",
    ".well-known/void",
    "void.ttl",
    "sitemap.xml",
    "dumps/",
    "page/wilaya/16",
    "id/wilaya/16",
    "data/wilaya/16.ttl",
    "search?q=alger",
    "queries/",
    "queries/agreements-by-decade",
    "queries/agreements-by-decade.csv",
    "query",
    "query?query=ASK%20%7B%7D",
    "sparql",
    "sparql?query=ASK%20%7B%7D",
    "ready",
]


@pytest.fixture(scope="module")
def unreachable() -> str:
    """gunicorn serving the app over a remote store whose port nothing listens on (started
    without `coopgraph serve`, which would refuse to start with its store down)."""
    store = f"http://127.0.0.1:{free_port()}/query"
    port = free_port()
    code = (
        "from coopgraph.settings import Settings; from coopgraph.web.server import run; "
        f"run(Settings(store={store!r}), '127.0.0.1', {port}, 1)"
    )
    server = LocalServer([sys.executable, "-c", code], f"http://127.0.0.1:{port}/", "health")
    yield server.url
    server.stop()


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_every_route_answers_503_with_retry_after(unreachable: str, path: str, accept: str):
    status, headers, body = http(unreachable + path, headers={"Accept": accept})
    assert status == 503, body[:300]
    if path != "ready":  # /ready is a probe: its JSON says why, and it is polled anyway
        assert headers["Retry-After"] == "10"
        assert b"cannot be reached" in body and b"as soon as it answers" in body


def test_what_needs_no_store_still_answers(unreachable: str) -> None:
    assert http(unreachable + "health")[0] == 200
    assert http(unreachable + "robots.txt")[0] == 200

"""One error model, one handler: every route answers a failed request in the client's format,
a page of the site in the reader's language for a browser, JSON or plain text for programs.
A real gunicorn server over the built release."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator

import pytest

from coopgraph.store import EmbeddedStore

from .servers import CoopgraphServer
from .test_endpoint import http

pytestmark = pytest.mark.slow

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"
BAD_QUERY = "/sparql?" + urllib.parse.urlencode({"query": "SELEC ?s WHERE { ?s ?p ?o }"})
# A failure of each layer: the protocol reader, the guard, the query process, a view, routing.
FAILURES = [
    (BAD_QUERY, 400, "SELEC"),
    ("/sparql?query=x&query=y", 400, "exactly one 'query'"),
    ("/sparql?" + urllib.parse.urlencode({"query": "DROP ALL"}), 403, "read-only"),
    ("/queries/no-such-query.json", 404, "no-such-query"),
    ("/page/wilaya/16?incoming=not%20an%20iri", 400, "is not an IRI"),
    ("/no/such/route", 404, "Not Found"),
]


@pytest.fixture(scope="module")
def site(built_store: EmbeddedStore) -> Iterator[str]:
    server = CoopgraphServer(str(built_store.dir.root), [], workers=1)
    yield server.url.rstrip("/")
    server.stop()


@pytest.mark.parametrize(("path", "status", "said"), FAILURES)
def test_a_browser_gets_a_page_in_its_language(site: str, path: str, status: int, said: str):
    sep = "&" if "?" in path else "?"
    code, headers, body = http(f"{site}{path}{sep}lang=fr", headers={"Accept": BROWSER})
    page = body.decode()
    assert code == status and headers["Content-Type"].startswith("text/html")
    assert '<html lang="fr"' in page and f"<h1>Erreur {status}" in page
    assert f'<code dir="ltr" lang="en">{status} ' in page
    assert said.replace("'", "&#39;") in page


@pytest.mark.parametrize(("path", "status", "said"), FAILURES)
def test_programs_get_text_or_json(site: str, path: str, status: int, said: str) -> None:
    code, headers, body = http(site + path, headers={"Accept": "*/*"})
    assert code == status and headers["Content-Type"].startswith("text/plain")
    assert said in body.decode()
    code, headers, body = http(site + path, headers={"Accept": "application/json"})
    error = json.loads(body)["error"]
    assert code == status == error["status"] and said in error["message"]

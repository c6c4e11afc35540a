"""Nothing a request names is fetched from loopback, private, link-local or metadata addresses,
nor from hosts off the SERVICE allow-list; LOAD and every update are refused. A local HTTP
listener records every hit: the tests assert it gets none, against a real `coopgraph serve`."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from .servers import CoopgraphServer, free_port

pytestmark = pytest.mark.slow

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


class Listener:
    """An HTTP server on 127.0.0.1 that records every request it gets."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # a SPARQL endpoint would be called with GET or POST
                hits.append(self.path)
                self.send_response(200)
                self.end_headers()

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.port = free_port()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    running = Listener()
    yield running
    running.stop()


def loopback_names(port: int) -> list[str]:
    """The listener's address spelled every way a resolver or URL parser accepts."""
    return [
        f"http://127.0.0.1:{port}/sparql",
        f"http://localhost:{port}/sparql",
        f"http://127.1:{port}/sparql",
        f"http://0x7f000001:{port}/sparql",
        f"http://2130706433:{port}/sparql",
        f"http://0177.0.0.1:{port}/sparql",
        f"http://[::1]:{port}/sparql",
        f"http://[::ffff:127.0.0.1]:{port}/sparql",
        f"http://0.0.0.0:{port}/sparql",
        f"http://user:pw@127.0.0.1:{port}/sparql",
    ]


ELSEWHERE = [
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://10.0.0.1/sparql",
    "http://172.16.0.1/sparql",
    "http://192.168.1.1/sparql",
    "http://[fe80::1]/sparql",
    "http://100.64.0.1/sparql",
    "file:///etc/passwd",
    "ftp://127.0.0.1/x",
]


@pytest.fixture(scope="module")
def site(built_store, listener: Listener) -> Iterator[str]:
    """A server whose allow-list names the listener (every spelling) and the metadata address:
    being on the list must not be enough to reach a non-public address."""
    allowed = [*loopback_names(listener.port), *ELSEWHERE]
    extra = [arg for iri in allowed for arg in ("--allow-service", iri)]
    server = CoopgraphServer(str(built_store.dir.root), extra, workers=1)
    yield server.url
    server.stop()


def request(
    site: str, method: str, params: dict[str, str], body: bytes | None = None, ctype: str = ""
) -> tuple[int, str]:
    url = site + "sparql"
    if method == "GET":
        url += "?" + urllib.parse.urlencode(params)
    elif body is None:
        body, ctype = urllib.parse.urlencode(params).encode(), "application/x-www-form-urlencoded"
    headers = {"Accept": "application/sparql-results+json"}
    if ctype:
        headers["Content-Type"] = ctype
    req = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def triples(site: str) -> int:
    status, body = request(site, "GET", {"query": COUNT})
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# --- SERVICE ---------------------------------------------------------------------------------


def service_forms(iri: str) -> list[str]:
    """One SERVICE call written the ways SPARQL allows: plain, SILENT, prefixed, escaped."""
    scheme, rest = iri.split(":", 1)
    escaped = "".join(f"\\u{ord(c):04X}" for c in scheme) + ":" + rest
    base, _, local = iri.rpartition("/")
    return [
        f"SELECT * WHERE {{ SERVICE <{iri}> {{ ?s ?p ?o }} }}",
        f"select * {{ service silent <{iri}> {{ ?s ?p ?o }} }}",
        f"PREFIX remote: <{base}/>\nSELECT * WHERE {{ SeRvIcE remote:{local} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <{escaped}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ SELECT * {{ SERVICE <{iri}> {{ ?s ?p ?o }} }} }} }}",
    ]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_service_never_reaches_loopback_even_when_allowed(
    site: str, listener: Listener, method: str
) -> None:
    for iri in loopback_names(listener.port):
        for query in service_forms(iri):
            status, body = request(site, method, {"query": query})
            assert status == 403, (query, status, body)
            assert "public http(s) address" in body
    assert listener.hits == []


@pytest.mark.parametrize("iri", ELSEWHERE)
def test_service_never_reaches_private_link_local_or_metadata(site: str, iri: str) -> None:
    for query in service_forms(iri):
        status, body = request(site, "POST", {"query": query})
        assert status == 403, (query, status, body)
        assert "public http(s) address" in body


@pytest.mark.parametrize(
    "iri",
    ["https://example.org/sparql", "http://dbpedia.org/sparql", "https://query.wikidata.org/"],
)
def test_service_off_the_allow_list_is_refused(site: str, iri: str) -> None:
    for query in service_forms(iri):
        status, body = request(site, "GET", {"query": query})
        assert status == 403 and "allow-list" in body, (query, body)


# --- graph IRIs are names, never addresses ---------------------------------------------------


def test_graph_iris_are_never_fetched(site: str, listener: Listener) -> None:
    target = f"http://127.0.0.1:{listener.port}/data.ttl"
    asks = [
        ("GET", {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": target}),
        ("POST", {"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": target}),
        ("GET", {"query": f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}"}),
        ("POST", {"query": f"SELECT * FROM NAMED <{target}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"}),
        ("GET", {"query": f"SELECT * WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}"}),
        ("GET", {"query": f"DESCRIBE <{target}>", "format": "ntriples"}),
    ]
    for method, params in asks:
        status, body = request(site, method, params)
        assert status == 200, (params, body)  # answered from the store's own graphs
    assert listener.hits == []


# --- LOAD and every update form --------------------------------------------------------------


def updates(port: int) -> list[str]:
    target = f"http://127.0.0.1:{port}/data.ttl"
    return [
        f"LOAD <{target}>",
        f"LOAD SILENT <{target}> INTO GRAPH <urn:g>",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "INSERT { ?s a <urn:T> } WHERE { ?s ?p ?o }",
        "WITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?o ?p ?s } WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "CREATE SILENT GRAPH <urn:g>",
        "DROP DEFAULT",
        "COPY DEFAULT TO <urn:g>",
        "MOVE DEFAULT TO <urn:g>",
        "ADD <urn:a> TO <urn:b>",
        f"PREFIX x: <urn:x#>\nINSERT DATA {{ x:a x:b x:c }} ;\nLOAD <{target}>",
    ]


def test_load_and_updates_are_refused_by_every_route(site: str, listener: Listener) -> None:
    before = triples(site)
    for update in updates(listener.port):
        sent = [
            request(site, "GET", {"update": update}),
            request(site, "GET", {"query": update}),
            request(site, "POST", {"update": update}),
            request(site, "POST", {"query": update}),
            request(site, "POST", {}, update.encode(), "application/sparql-update"),
            request(site, "POST", {}, update.encode(), "application/sparql-query"),
        ]
        for status, body in sent:
            assert status == 403 and "read-only" in body, (update, status, body)
    assert triples(site) == before
    assert listener.hits == []

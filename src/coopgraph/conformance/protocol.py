"""Protocol tests (the HTTP exchanges the manifest describes) and service description tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, Namespace

from coopgraph.conformance.compare import Term
from coopgraph.conformance.manifest import MF, TestCase
from coopgraph.conformance.server import Reply, Server

HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
SD = "http://www.w3.org/ns/sparql-service-description#"
UPDATE_MEDIA = "application/sparql-update"

# mf:expectedFormat: the media types that count as that kind of result
FORMATS = {
    "boolean": {"application/sparql-results+xml", "application/sparql-results+json"},
    "tabular": {
        "application/sparql-results+xml",
        "application/sparql-results+json",
        "text/csv",
        "text/tab-separated-values",
    },
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples"},  # RDFa: none here
}
BOOLEAN_FORMATS = {
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
}


@dataclass(frozen=True)
class Exchange:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes | None
    status_classes: frozenset[int]  # 2 for hts:StatusCode2xx…
    expected_format: str | None
    expected_boolean: bool | None

    @property
    def is_update(self) -> bool:
        text = (self.body or b"").decode("utf-8", "replace")
        media = self.headers.get("content-type", "")
        return media.startswith(UPDATE_MEDIA) or "update=" in self.target + text


def _endpoint_path(path: str) -> str:
    """The manifest's paths start with /sparql/: the prefix the endpoint replaces."""
    rest = path.removeprefix("/sparql/")
    return "/sparql" + (rest if not rest or rest.startswith("?") else "/" + rest)


def _exchange(graph: rdflib.Graph, node: rdflib.term.Node) -> Exchange:
    headers = {
        str(graph.value(h, HT.fieldName)).lower(): str(graph.value(h, HT.fieldValue))
        for h in Collection(graph, graph.value(node, HT.headers) or RDF.nil)
    }
    body_node = graph.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    statuses = [str(s) for s in graph.objects(response, MF.expectedStatus)]
    boolean = graph.value(response, MF.expectedBoolean)
    fmt = graph.value(response, MF.expectedFormat)
    return Exchange(
        method=str(graph.value(node, HT.methodName)),
        target=_endpoint_path(str(graph.value(node, HT.absolutePath))),
        headers=headers,
        body=body,
        status_classes=frozenset(int(s[-3]) for s in statuses if s.endswith("xx")),
        expected_format=str(fmt) if fmt is not None else None,
        expected_boolean=bool(boolean.toPython()) if boolean is not None else None,
    )


def exchanges(test: TestCase) -> list[Exchange]:
    action = test.graph.value(rdflib.URIRef(test.iri), MF.action)
    requests = test.graph.value(action, HT.requests)
    return [_exchange(test.graph, r) for r in Collection(test.graph, requests)]


def inapplicable(test: TestCase) -> str | None:
    if any(x.is_update and 2 in x.status_classes for x in exchanges(test)):
        return "needs SPARQL Update to succeed: the public endpoint is read-only"
    return None


def _check(x: Exchange, reply: Reply) -> str | None:
    if reply.status // 100 not in x.status_classes:
        wanted = " or ".join(f"{c}xx" for c in sorted(x.status_classes))
        return f"{x.method} {x.target[:60]}: expected HTTP {wanted}, got {reply.status}"
    if x.expected_format and reply.content_type not in FORMATS[x.expected_format]:
        return f"expected a {x.expected_format} result, got Content-Type {reply.content_type}"
    if x.expected_boolean is not None:
        fmt = BOOLEAN_FORMATS.get(reply.content_type)
        if fmt is None:
            return f"expected a boolean result, got Content-Type {reply.content_type}"
        result = ox.parse_query_results(reply.body, fmt)
        if not isinstance(result, ox.QueryBoolean) or bool(result) != x.expected_boolean:
            return f"expected the boolean {str(x.expected_boolean).lower()}, got {result!r}"
    return None


def run_protocol_test(test: TestCase, server: Server) -> str | None:
    """None when every exchange of the test gets the expected answer, else why not."""
    for x in exchanges(test):
        reply = server.request(x.method, x.target, x.body, x.headers)
        if reason := _check(x, reply):
            return reason
    return None


# ---------------------------------------------------------------------------------------------
# Service description: GET /sparql without a query, in each RDF format the endpoint offers

SD_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def _description(server: Server, media_type: str) -> tuple[list[ox.Triple], str | None]:
    reply = server.request("GET", "/sparql", headers={"Accept": media_type})
    if reply.status != 200:
        return [], f"HTTP {reply.status}"
    if reply.content_type != media_type:
        return [], f"asked for {media_type}, got Content-Type {reply.content_type}"
    try:
        return list(ox.parse(reply.body, SD_FORMATS[media_type], base_iri=server.endpoint)), None
    except SyntaxError as err:
        return [], f"the description does not parse: {err}"


def _services(triples: list[ox.Triple]) -> list[Term]:
    return [
        t.subject
        for t in triples
        if t.predicate.value == str(RDF.type) and t.object.value == SD + "Service"
    ]


def _objects(triples: list[ox.Triple], subject: Term, prop: str) -> list[Term]:
    return [t.object for t in triples if t.subject == subject and t.predicate.value == SD + prop]


def _returns_rdf(triples: list[ox.Triple], server: Server) -> str | None:
    return None if triples else "the description is empty"


def _has_endpoint(triples: list[ox.Triple], server: Server) -> str | None:
    for service in _services(triples):
        if ox.NamedNode(server.endpoint) in _objects(triples, service, "endpoint"):
            return None
    return f"no sd:Service has sd:endpoint <{server.endpoint}>"


LANGUAGES = {SD + n for n in ("SPARQL10Query", "SPARQL11Query", "SPARQL11Update")}


def _conforms(triples: list[ox.Triple], server: Server) -> str | None:
    """What the SD vocabulary requires of a service, and the ranges of the properties used."""
    services = _services(triples)
    if not services:
        return "no resource is typed sd:Service"
    for service in services:
        if not _objects(triples, service, "endpoint"):
            return "an sd:Service has no sd:endpoint"
        languages = {t.value for t in _objects(triples, service, "supportedLanguage")}
        if not languages or not languages <= LANGUAGES:
            return f"sd:supportedLanguage must name SPARQL languages, got {sorted(languages)}"
        formats = _objects(triples, service, "resultFormat")
        if not formats or not all(isinstance(f, ox.NamedNode) for f in formats):
            return "sd:resultFormat must list the result formats as IRIs"
        for dataset in _objects(triples, service, "defaultDataset"):
            for named in _objects(triples, dataset, "namedGraph"):
                if not _objects(triples, named, "name"):
                    return "an sd:NamedGraph has no sd:name"
    return None


SD_CHECKS: dict[str, Callable[[list[ox.Triple], Server], str | None]] = {
    "returns-rdf": _returns_rdf,
    "has-endpoint-triple": _has_endpoint,
    "conforms-to-schema": _conforms,
}


def run_description_test(test: TestCase, server: Server) -> str | None:
    check = SD_CHECKS[test.iri.rsplit("#", 1)[-1]]
    for media_type in SD_FORMATS:
        triples, problem = _description(server, media_type)
        if problem := problem or check(triples, server):
            return f"{media_type}: {problem}"
    return None

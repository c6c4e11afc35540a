"""The SPARQL 1.1 Service Description served at GET /sparql without a query."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from flask import Response, current_app, render_template, request

from coopgraph import describe, iris, negotiation, results
from coopgraph.releasecache import ReleaseCache, kept_in
from coopgraph.settings import Settings
from coopgraph.sparql import protocol
from coopgraph.store import ReleaseInfo, Store

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
    "N-Quads",
    "TriG",
)
OFFERS = tuple(
    r for r in results.GRAPH_FORMATS if r.name in ("turtle", "rdfxml", "jsonld", "ntriples")
)
HTML = results.HTML_PAGE
# The sizes the build recorded (coopgraph.release.metadata_quads), and the release graph's own,
# which it cannot record in itself: a count of one small graph, not a scan of the store.
RECORDED_SIZES = f"""
SELECT ?g ?n WHERE {{
  GRAPH $release {{ ?r <{VOID}subset> [ <{SD}name> ?g ; <{VOID}triples> ?n ] }}
}}"""
OWN_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH $release { ?s ?p ?o } }"
# A plain dataset (the W3C tests') has no release metadata: its graphs are counted.
COUNTED_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n("http://www.w3.org/2001/XMLSchema#integer"))


def cache() -> ReleaseCache:
    """What the description of each release keeps: its graph sizes, its triples per endpoint
    address (one or two: the address clients reach the server by)."""
    return kept_in(current_app.extensions, "coopgraph.description", 8)


def graph_sizes(store: Store, info: ReleaseInfo) -> tuple[tuple[str, int], ...]:
    """Triples per named graph, from the release's metadata, read once per release."""
    return cache().get_or_make(info.release_id, "graph-sizes", lambda: read_sizes(store, info))


def read_sizes(store: Store, info: ReleaseInfo) -> tuple[tuple[str, int], ...]:
    graph = ox.NamedNode(iris.graph("release", info.base_iri))
    recorded = _sizes(store.query(describe.bind(RECORDED_SIZES, release=graph)))
    if not recorded:
        return tuple(sorted(_sizes(store.query(COUNTED_SIZES))))
    own = next(iter(store.query(describe.bind(OWN_SIZE, release=graph))))["n"]
    return tuple(sorted([*recorded, (graph.value, int(own.value))]))


def _sizes(rows: Iterable) -> list[tuple[str, int]]:
    return [(r["g"].value, int(r["n"].value)) for r in rows]


def triples(
    endpoint: str, release_id: str, federation: bool, graphs: tuple[tuple[str, int], ...]
) -> tuple[ox.Triple, ...]:
    service, dataset, default = _n(endpoint), ox.BlankNode(), ox.BlankNode()
    out = [
        (service, RDF_TYPE, _n(SD + "Service")),
        (service, SD + "endpoint", service),
        (service, SD + "supportedLanguage", _n(SD + "SPARQL11Query")),
        (service, SD + "feature", _n(SD + "UnionDefaultGraph")),
        (service, SD + "defaultDataset", dataset),
        (service, DCT + "title", ox.Literal("coopgraph SPARQL endpoint", language="en")),
        (service, RDFS + "seeAlso", _n(endpoint.rsplit("/sparql", 1)[0] + "/void")),
        (dataset, RDF_TYPE, _n(SD + "Dataset")),
        (dataset, DCT + "hasVersion", ox.Literal(release_id)),
        (dataset, SD + "defaultGraph", default),
        (default, RDF_TYPE, _n(SD + "Graph")),
        (default, VOID + "triples", _int(sum(n for _, n in graphs))),
    ]
    if federation:
        out.append((service, SD + "feature", _n(SD + "BasicFederatedQuery")))
    out += [(service, SD + "resultFormat", _n(FORMATS + f)) for f in RESULT_FORMATS]
    for name, count in graphs:
        named, graph = ox.BlankNode(), ox.BlankNode()
        out += [
            (dataset, SD + "namedGraph", named),
            (named, SD + "name", _n(name)),
            (named, SD + "graph", graph),
            (graph, VOID + "triples", _int(count)),
        ]
    return tuple(ox.Triple(s, _n(p), o) for s, p, o in out)


def respond(store: Store, info: ReleaseInfo, settings: Settings) -> Response:
    endpoint = protocol.base_url(request)
    rep = negotiation.choose(
        (*OFFERS, HTML), request.headers.get("Accept"), request.args.get("format")
    )
    graphs = graph_sizes(store, info)
    if rep is HTML:
        page = render_template("sparql_form.html", endpoint=endpoint, graphs=graphs)
        return Response(page, content_type="text/html; charset=utf-8", headers={"Vary": "Accept"})
    federation = bool(settings.service_allowlist)
    described = cache().get_or_make(
        info.release_id,
        ("triples", endpoint, federation),
        lambda: triples(endpoint, info.release_id, federation, graphs),
    )
    body = ox.serialize(described, format=results.RDF_FORMATS[rep.name])
    return Response(body, content_type=rep.content_type, headers={"Vary": "Accept"})

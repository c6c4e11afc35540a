"""A linked-data harvester crawls the whole graph from /void alone.

The release is built under the test server's own base IRI (http://127.0.0.1:PORT/), so every
IRI in the data dereferences on that server. Starting from /void (with an RDF Accept header),
the harvester dereferences every IRI under the base that it meets, follows the 303s, parses
every document with rdflib (rotating Turtle, N-Triples, JSON-LD and RDF/XML) and unions them.

The schema (the ontology and shapes namespaces) keeps its canonical w3id.org IRIs under any
base; w3id.org redirects them to the server, so the harvester fetches them from the server's
own /ontology and /shapes (this test runs offline).

What it must end with, defined on the dump alone (the release's N-Quads, named graphs dropped,
each triple once): every triple whose subject is
  (a) an IRI the IRI scheme defines, under the base or in the schema (so: dereferenceable), or
  (b) a blank node (all of them hang off such IRIs: the release's partitions, shapes), or
  (c) an IRI outside the base that a resource under the base cites as its source
      (dct:source / prov:wasDerivedFrom: each document carries its provenance),
plus the label triples (rdfs:label, skos:prefLabel) of any other IRI such a triple mentions.
The remaining triples of the dump (about IRIs outside the base that nothing cites, e.g. nothing
today) are not reachable by dereferencing; the test prints how many there are.
The crawled graph must be isomorphic to that; /void's own description of the dataset is the
starting point, not part of the comparison (it is not in the dump).
"""

from __future__ import annotations

import gzip
import threading
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.term import BNode, Literal, URIRef

from coopgraph import build, iris

from .servers import CoopgraphServer, free_port

pytestmark = pytest.mark.slow

ACCEPTS = (
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
)
LABELS = (
    URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
    URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
)
CITES = (
    URIRef("http://purl.org/dc/terms/source"),
    URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
)
THREADS = 8


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    port = free_port()
    location = tmp_path_factory.mktemp("harvest-store")
    build.build(location, base_iri=f"http://127.0.0.1:{port}/")
    srv = CoopgraphServer(str(location), [], workers=2, port=port)
    yield srv
    srv.stop()


def fetch(url: str, accept: str) -> tuple[str, str, bytes]:
    """GET following redirects; (final URL, content type, body)."""
    req = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.geturl(), r.headers.get_content_type(), r.read()


def parse(body: bytes, fmt: str, url: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=body, format=fmt, publicID=url)
    return graph


def entities(base: str, graph: rdflib.Graph) -> set[str]:
    """The resources of the IRI scheme the graph mentions, as documents (no fragment); the
    other IRIs under the base (the landing page, /sparql, the dumps) are not entities."""
    found = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and in_scheme(str(term), base):
                found.add(str(term).split("#", 1)[0])
    return found


class Harvester:
    def __init__(self, base: str) -> None:
        self.base = base
        self.graph = rdflib.Graph()
        self.seen: set[str] = set()
        self.documents: dict[str, str] = {}  # IRI -> document URL it was redirected to
        self.lock = threading.Lock()

    def dereference(self, iri: str, turn: int) -> set[str]:
        accept, fmt = ACCEPTS[turn % len(ACCEPTS)]
        final, content_type, body = fetch(url_of(iri, self.base), accept)
        assert content_type == accept, f"{iri}: asked {accept}, got {content_type}"
        assert final != iri and "/data/" in final, f"{iri} was not redirected to a document"
        doc = parse(body, fmt, final)
        with self.lock:
            self.graph += doc
            self.documents[iri] = final
        return entities(self.base, doc)

    def crawl(self, start: Iterable[str]) -> None:
        frontier = set(start)
        turn = 0
        with ThreadPoolExecutor(THREADS) as pool:
            while frontier:
                batch = sorted(frontier - self.seen)
                self.seen |= set(batch)
                found = pool.map(self.dereference, batch, range(turn, turn + len(batch)))
                turn += len(batch)
                frontier = set().union(*found) - self.seen


def in_scheme(iri: str, base: str) -> bool:
    """An IRI of the scheme in this release: under the base, or in the canonical schema."""
    for prefix in (base, iris.CANONICAL_BASE):
        path = iri[len(prefix) :]
        if iri.startswith(prefix) and iris.follows_scheme(iris.CANONICAL_BASE + path):
            return iris.rebase(iris.CANONICAL_BASE + path, base) == iri
    return False


def url_of(iri: str, base: str) -> str:
    """Where to dereference it: itself, or for the schema where w3id.org would redirect."""
    return iri if iri.startswith(base) else base + iri[len(iris.CANONICAL_BASE) :]


def expected_from_dump(dump: rdflib.Graph, base: str) -> tuple[rdflib.Graph, int]:
    """The part of the dump a crawl must cover (module docstring), and how many triples not."""

    def dereferenceable(term: object) -> bool:
        return isinstance(term, URIRef) and in_scheme(str(term), base)

    cited = {o for s, p, o in dump if p in CITES and dereferenceable(s)}
    core = rdflib.Graph()
    for s, p, o in dump:
        if dereferenceable(s) or isinstance(s, BNode) or s in cited:
            core.add((s, p, o))
    mentioned = {t for triple in core for t in triple if isinstance(t, URIRef)}
    expected = rdflib.Graph()
    expected += core
    for s, p, o in dump:
        if p in LABELS and s in mentioned and isinstance(o, Literal):
            expected.add((s, p, o))
    return expected, len(dump) - len(expected)


def test_harvester_crawls_the_whole_graph_from_void(server: CoopgraphServer) -> None:
    base = server.url
    final, content_type, body = fetch(base + "void", "text/turtle")
    assert content_type == "text/turtle"
    void = parse(body, "turtle", final)
    dumps = [str(o) for o in void.objects(None, URIRef("http://rdfs.org/ns/void#dataDump"))]
    assert any(d.endswith(".nq.gz") for d in dumps), dumps

    harvester = Harvester(base)
    harvester.crawl(entities(base, void) - {base + "dataset"})

    nquads = next(d for d in dumps if d.endswith(".nq.gz"))
    _, _, packed = fetch(nquads, "application/gzip")
    dataset = rdflib.Dataset()
    dataset.parse(data=gzip.decompress(packed), format="nquads")
    dump = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        dump.add((s, p, o))

    expected, unreachable = expected_from_dump(dump, base)
    print(
        f"crawled {len(harvester.documents)} documents, {len(harvester.graph)} triples; "
        f"dump {len(dump)} triples, of which {unreachable} are not reachable by dereferencing"
    )
    ground = {t for t in harvester.graph if not any(isinstance(x, BNode) for x in t)}
    ground_expected = {t for t in expected if not any(isinstance(x, BNode) for x in t)}
    missing, extra = ground_expected - ground, ground - ground_expected
    assert not missing, f"{len(missing)} triples not reached, e.g. {sorted(missing)[:5]}"
    assert not extra, f"{len(extra)} triples not in the dump, e.g. {sorted(extra)[:5]}"
    assert isomorphic(harvester.graph, expected)
    subjects = {str(s) for s in dump.subjects() if isinstance(s, URIRef)}
    assert {s.split("#")[0] for s in subjects if in_scheme(s, base)} <= harvester.seen


def test_every_document_suffix_parses(server: CoopgraphServer, tmp_path: Path) -> None:
    """A handful of documents fetched directly by suffix parse in every format, alike."""
    base = server.url
    for path in ("wilaya/16", "commune/1601", "country/fr", "vocab/theme", "ontology", "shapes"):
        graphs = []
        for (_, fmt), suffix in zip(ACCEPTS, ("ttl", "nt", "jsonld", "rdf"), strict=True):
            url = f"{base}data/{path}.{suffix}"
            try:
                _, _, body = fetch(url, "*/*")
            except urllib.error.HTTPError as err:
                pytest.fail(f"{url}: {err.code} {err.read()[:300]!r}")
            graphs.append(parse(body, fmt, url))
        assert len(graphs[0]) > 0
        assert all(isomorphic(graphs[0], other) for other in graphs[1:]), path

"""The W3C test manifests, read with rdflib: mf:include is followed, mf:entries kept in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, Namespace

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


@dataclass(frozen=True)
class NamedData:
    iri: str  # the graph name
    path: Path  # the file holding its triples
    base: str  # the file's IRI, against which its relative IRIs resolve


@dataclass(frozen=True)
class TestCase:
    iri: str
    manifest: str  # the suite folder the test belongs to, e.g. "aggregates"
    kind: str  # the local name of its rdf:type, e.g. "QueryEvaluationTest"
    name: str
    approval: str | None  # "Approved", "Proposed", "Withdrawn"…; None when not stated
    query: str | None = None  # the IRI of the query (or update) file
    data: tuple[str, ...] = ()  # IRIs of files loaded into the default graph
    graph_data: tuple[NamedData, ...] = ()
    result: str | None = None  # the IRI of the expected result file
    entailment: bool = False
    service: bool = False
    graph: rdflib.Graph = field(compare=False, repr=False, default_factory=rdflib.Graph)


def path_of(iri: str) -> Path:
    return Path(unquote(urlsplit(iri).path))


def _local(node: rdflib.term.Node | None) -> str | None:
    return None if node is None else str(node).rsplit("#", 1)[-1]


def _items(graph: rdflib.Graph, node: rdflib.term.Node | None) -> list[rdflib.term.Node]:
    return [] if node is None else list(Collection(graph, node))


def _iris(
    graph: rdflib.Graph, subject: rdflib.term.Node | None, predicate: rdflib.URIRef
) -> tuple[str, ...]:
    if subject is None:
        return ()
    return tuple(sorted(str(o) for o in graph.objects(subject, predicate)))


def _graph_data(
    graph: rdflib.Graph, test: rdflib.term.Node, action: rdflib.term.Node | None
) -> tuple[NamedData, ...]:
    """qt:graphData names a graph by its file; ut:graphData gives the name as rdfs:label."""
    out = [NamedData(str(f), path_of(str(f)), str(f)) for f in _iris(graph, action, QT.graphData)]
    for node in graph.objects(test, UT.graphData):
        file, label = graph.value(node, UT.graph), graph.value(node, RDFS.label)
        if file is not None:
            out.append(NamedData(str(label or file), path_of(str(file)), str(file)))
    return tuple(out)


def _query(graph: rdflib.Graph, action: rdflib.term.Node | None) -> str | None:
    """Syntax tests name the query as their action; the others give qt:query or ut:request."""
    if action is None:
        return None
    if isinstance(action, rdflib.URIRef):
        return str(action)
    query = graph.value(action, QT.query) or graph.value(action, UT.request)
    return str(query) if query is not None else None


def _test(graph: rdflib.Graph, node: rdflib.term.Node, folder: str) -> TestCase:
    action = graph.value(node, MF.action)
    structured = None if isinstance(action, rdflib.URIRef) else action
    result = graph.value(node, MF.result)
    return TestCase(
        iri=str(node),
        manifest=folder,
        kind=_local(graph.value(node, RDF.type)) or "",
        name=str(graph.value(node, MF.name) or _local(node)),
        approval=_local(graph.value(node, DAWGT.approval)),
        query=_query(graph, action),
        data=_iris(graph, structured, QT.data),
        graph_data=_graph_data(graph, node, structured),
        result=str(result) if isinstance(result, rdflib.URIRef) else None,
        entailment=bool(_iris(graph, structured, SD.entailmentRegime)),
        service=bool(_iris(graph, structured, QT.serviceData)),
        graph=graph,
    )


def load(manifest: Path, suite: Path) -> list[TestCase]:
    """Every test of `manifest` and the manifests it includes, in manifest order."""
    iri = manifest.resolve().as_uri()
    graph = rdflib.Graph().parse(manifest, format="turtle", publicID=iri)
    subject = rdflib.URIRef(iri)
    folder = manifest.resolve().parent.relative_to(suite.resolve()).as_posix()
    tests = [
        _test(graph, e, folder or ".") for e in _items(graph, graph.value(subject, MF.entries))
    ]
    for included in _items(graph, graph.value(subject, MF.include)):
        tests += load(path_of(str(included)), suite)
    return tests

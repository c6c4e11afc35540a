"""The data to validate, in one in-memory store, with where each resource is described.

Three origins: Turtle files (always with the project's ontology and vocabularies, so classes
and concepts resolve), a built store, or a remote SPARQL endpoint. The subclass and
subproperty closure is materialised, so that the shapes run with `inference="none"`, and so
are the folded names of foreign collectivities (rule DQ-25).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from coopgraph import inference, iris
from coopgraph.validate import namekeys

RDF_TYPE = ox.NamedNode(iris.PREFIXES["rdf"] + "type")
CLOSURE_GRAPH = ox.NamedNode(iris.graph("inferred"))
SHAPES_GRAPH = iris.graph("shapes")


class SourceSyntaxError(ValueError):
    """A source file is not valid Turtle; the message names the file, line and column."""

    def __init__(self, path: Path, line: int | None, column: int | None, reason: str) -> None:
        self.path, self.line, self.column, self.reason = path, line, column, reason
        super().__init__(f"{path}:{line or 0}:{column or 0}: Turtle syntax error: {reason}")


def node_key(term: ox.Term) -> str:
    """An IRI as itself, a blank node as '_:' + its id (the form the results use too)."""
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


@dataclass
class Origins:
    """Where each subject is described: the first source that types it, else the first that
    gives it any triple; and, for blank nodes, the subject that points to them."""

    typed: dict[str, str] = field(default_factory=dict)
    described: dict[str, str] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)

    def add(self, triples: Iterable[ox.Triple | ox.Quad], source: str) -> None:
        for t in triples:
            subject = node_key(t.subject)
            self.described.setdefault(subject, source)
            if t.predicate == RDF_TYPE:
                self.typed.setdefault(subject, source)
            if isinstance(t.object, ox.BlankNode):
                self.owner.setdefault(node_key(t.object), subject)

    def source_of(self, node: str) -> str | None:
        return self.typed.get(node) or self.described.get(node)

    def sources_stating(self, node: str, predicate: str, value: ox.Term | None) -> list[str]:
        """A store's graphs are not the files a contributor checks: no statement is located."""
        return []

    def named_ancestor(self, node: str) -> str:
        """The nearest IRI that (transitively) points to a blank node; the node itself if named."""
        seen = {node}
        while node.startswith("_:") and (parent := self.owner.get(node)) and parent not in seen:
            seen.add(parent)
            node = parent
        return node


class GraphOrigins:
    """Origins read from the store, for the result's focus nodes only: each source is loaded
    into a named graph of its own (bulk loading, no Python object per triple; at 1M triples
    recording every subject's origin up front costs more than the validation of most shapes).
    The same answers as Origins: the first source, in load order, that types a node, else
    the first that describes it."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.sources: dict[str, str] = {}  # graph IRI -> source name, in load order

    def graph(self, source: str, iri: str) -> ox.NamedNode:
        """The named graph that holds `source` (a file or endpoint), registered in load order."""
        self.sources.setdefault(iri, source)
        return ox.NamedNode(iri)

    def source_of(self, node: str) -> str | None:
        term = key_term(node)
        for predicate in (RDF_TYPE, None) if term is not None else ():
            quads = self.store.quads_for_pattern(term, predicate, None)
            graphs = {q.graph_name.value for q in quads}
            found = [source for iri, source in self.sources.items() if iri in graphs]
            if found:
                return found[0]
        return None

    def sources_stating(self, node: str, predicate: str, value: ox.Term | None) -> list[str]:
        """The sources, in load order, that state (node, predicate, value); any value if None."""
        term = key_term(node)
        if term is None:
            return []
        quads = self.store.quads_for_pattern(term, ox.NamedNode(predicate), value)
        graphs = {q.graph_name.value for q in quads}
        return [source for iri, source in self.sources.items() if iri in graphs]

    def named_ancestor(self, node: str) -> str:
        """The nearest IRI that (transitively) points to a blank node; the node itself if named."""
        seen = {node}
        while (term := key_term(node)) is not None and node.startswith("_:"):
            parents = self.store.quads_for_pattern(None, None, term)
            parent = next((node_key(q.subject) for q in parents), None)
            if parent is None or parent in seen:
                break
            seen.add(parent)
            node = parent
        return node


def key_term(node: str) -> ox.NamedNode | ox.BlankNode | None:
    """The term of a node_key; None for a literal focus node (never a subject)."""
    try:
        return ox.BlankNode(node[2:]) if node.startswith("_:") else ox.NamedNode(node)
    except ValueError:
        return None


@dataclass
class Dataset:
    store: ox.Store
    origins: Origins | GraphOrigins
    files: dict[str, Path] = field(default_factory=dict)  # source name -> file, for line lookup
    # The files whose results are reported (source names), when others are loaded only as
    # context (--with-project-data): a result is then located in them (locate.Locator).
    checked: frozenset[str] | None = None

    def prepare_for_shapes(self) -> None:
        """Materialise rdfs:subClassOf / rdfs:subPropertyOf (the build's own inference), then
        the folded names rule DQ-25 joins on (validate.namekeys), both in the closure graph."""
        inference.materialise(self.store, CLOSURE_GRAPH)
        namekeys.add(self.store, CLOSURE_GRAPH)


def project_files(root: Path) -> list[Path]:
    """The ontology and its vocabularies: always validated with the data."""
    return sorted((root / "ontology").rglob("*.ttl"))


def parse_turtle(path: Path) -> list[ox.Quad]:
    try:
        return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except SyntaxError as err:
        raise SourceSyntaxError(path, err.lineno, err.offset, err.msg) from err


def load_files(paths: Iterable[Path]) -> Dataset:
    """Each file once, into a named graph of its own (the shapes read the union of the graphs);
    a syntax error stops with its file and line."""
    store = ox.Store()
    origins = GraphOrigins(store)
    dataset = Dataset(store, origins)
    for path in dict.fromkeys(p.resolve() for p in paths):
        graph = origins.graph(str(path), path.as_uri())
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph)
        except SyntaxError as err:
            raise SourceSyntaxError(path, err.lineno, err.offset, err.msg) from err
        dataset.files[str(path)] = path
    return dataset


def store_location(directory: Path) -> Path:
    """A store built by `coopgraph build` keeps its current release under DIR/current."""
    return directory / "current" if (directory / "current").exists() else directory


def load_store(directory: Path) -> Dataset:
    """Copy a built store (opened read-only) into memory, without its shapes; a resource's
    'file' is then the named graph that describes it."""
    dataset = Dataset(ox.Store(), Origins())
    for quad in ox.Store.read_only(str(store_location(directory))):
        graph = graph_key(quad.graph_name)
        if graph == SHAPES_GRAPH:
            continue
        dataset.store.add(ox.Quad(quad.subject, quad.predicate, quad.object))
        if graph != CLOSURE_GRAPH.value:
            dataset.origins.add((quad,), graph)
    return dataset


def graph_key(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
    return "default graph" if isinstance(graph, ox.DefaultGraph) else node_key(graph)


def load_endpoint(url: str, root: Path) -> Dataset:
    """The triples of a SPARQL endpoint's default graph, with the project's ontology."""
    from SPARQLWrapper import TURTLE, SPARQLWrapper

    client = SPARQLWrapper(url)
    client.setQuery("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    client.setReturnFormat(TURTLE)
    response = client.query().response
    media_type = response.headers.get("Content-Type", "text/turtle").split(";")[0].strip()
    rdf_format = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.TURTLE
    triples = list(ox.parse(response.read(), format=rdf_format))
    dataset = load_files(project_files(root))
    assert isinstance(dataset.origins, GraphOrigins)  # load_files' kind of origins
    graph = dataset.origins.graph(url, url)
    dataset.store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    return dataset

"""Release metadata: what a build stamps into graph/release (id, time, commit, counts, and the
catalogue of research queries, which every store backend reads from there or beside it)."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from coopgraph import iris, queries
from coopgraph.sources import SourceFile

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDF_JSON = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON")
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
COOP = iris.ONTOLOGY

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class }
GROUP BY ?class ORDER BY ?class
"""


@dataclass(frozen=True)
class Release:
    release_id: str
    created: datetime
    base_iri: str
    commit: str | None
    digest: str

    @property
    def iri(self) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base_iri}release/{self.release_id}")


def digest(files: Iterable[SourceFile]) -> str:
    """SHA-256 over the source files' relative order and bytes."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.path.name.encode())
        h.update(f.path.read_bytes())
    return h.hexdigest()


def git_commit(root: Path) -> str | None:
    """The checkout's HEAD, '-dirty' when sources changed since; None outside git."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        head = git("rev-parse", "HEAD")
        dirty = git("status", "--porcelain", "--", "ontology", "shapes", "data")
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{head}-dirty" if dirty else head


def new_release(files: list[SourceFile], root: Path, base_iri: str) -> Release:
    created = datetime.now(UTC)
    source_digest = digest(files)
    release_id = f"{created:%Y%m%dT%H%M%S}{created.microsecond // 1000:03d}-{source_digest[:8]}"
    return Release(release_id, created, base_iri, git_commit(root), source_digest)


def _lit(value: object, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype))


def metadata_quads(
    release: Release, store: ox.Store, catalogue: list[queries.CannedQuery]
) -> list[ox.Quad]:
    """Describe the release (and each named graph and class in it) with VoID and DCTERMS; its
    research queries go with it as one JSON literal, for a server that holds only the graph."""
    graph = ox.NamedNode(iris.graph("release", release.base_iri))
    r = release.iri
    triples: list[tuple[ox.NamedNode | ox.BlankNode, str, ox.Term]] = [
        (r, RDF_TYPE.value, ox.NamedNode(COOP + "Release")),
        (r, DCT + "identifier", ox.Literal(release.release_id)),
        (r, DCT + "created", _lit(release.created.isoformat(), "dateTime")),
        (r, COOP + "baseIri", _lit(release.base_iri, "anyURI")),
        (r, COOP + "sourceDigest", ox.Literal(release.digest)),
        (r, VOID + "triples", _lit(len(store), "integer")),
        (r, COOP + "queryCatalogue", ox.Literal(queries.to_json(catalogue), datatype=RDF_JSON)),
    ]
    if release.commit:
        triples.append((r, COOP + "sourceCommit", ox.Literal(release.commit)))
    for g in sorted(store.named_graphs(), key=str):
        part = ox.BlankNode()
        count = sum(1 for _ in store.quads_for_pattern(None, None, None, g))
        triples += [
            (r, VOID + "subset", part),
            (part, SD + "name", g),
            (part, VOID + "triples", _lit(count, "integer")),
        ]
    for row in store.query(CLASS_COUNTS, use_default_graph_as_union=True):
        part = ox.BlankNode()
        triples += [
            (r, VOID + "classPartition", part),
            (part, VOID + "class", row["class"]),
            (part, VOID + "entities", _lit(row["n"].value, "integer")),
        ]
    return [ox.Quad(s, ox.NamedNode(p), o, graph) for s, p, o in triples]

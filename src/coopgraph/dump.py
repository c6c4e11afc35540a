"""The release dumps: the whole dataset as gzipped N-Quads (named graphs kept) and Turtle (their
union, each triple once), written by the build into the release folder before it is published.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pyoxigraph as ox

from coopgraph import iris

FOLDER = "dumps"
NQUADS = "coopgraph.nq.gz"
TURTLE = "coopgraph.ttl.gz"
FILES: dict[str, str] = {  # file name -> media type of its content (once gunzipped)
    NQUADS: "application/n-quads",
    TURTLE: "text/turtle",
}


# Each triple once, deduplicated by Oxigraph (a Python set of 1M triples costs seconds).
UNION = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"


def write(dataset: ox.Store, nquads: bytes, release_dir: Path) -> list[Path]:
    """Write both dumps under release_dir/dumps/; returns their paths. `nquads`: the dataset
    as N-Quads, which the build has already written to load its store."""
    folder = release_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / NQUADS, folder / TURTLE]
    for path, content in zip(paths, (nquads, _union_turtle(dataset, iris.PREFIXES)), strict=True):
        # One write: zlib compresses without the GIL, while the build's SHACL check runs
        # beside. mtime=0: no build time in the file. Level 6 compresses ~3.7x
        # faster than the default 9 for files ~10% larger.
        with gzip.GzipFile(path, mode="wb", mtime=0, compresslevel=6) as out:
            out.write(content)
    return paths


def _union_turtle(dataset: ox.Store, prefixes: dict[str, str]) -> bytes:
    """The union of the graphs as Turtle with prefixes. Oxigraph does each step on bytes: a
    Python object per triple would hold the GIL for seconds."""
    triples = dataset.query(UNION, use_default_graph_as_union=True)
    assert isinstance(triples, ox.QueryTriples)
    union = ox.Store()
    union.load(triples.serialize(format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES)
    return union.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=prefixes)


def folder_of(release_dir: Path) -> Path:
    return release_dir / FOLDER

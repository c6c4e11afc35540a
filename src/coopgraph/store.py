"""The store: one interface for everything that reads the graph (web, CLI, validation).

A store directory holds immutable releases and a `current` symlink:

    STORE/releases/<release-id>/   a pyoxigraph (RocksDB) store, written once by a build
    STORE/current -> releases/<id>  swapped atomically (os.replace) when a build succeeds

Readers open `current` read-only and reopen when the link moves, so a build never disturbs a
running server and a failed or killed build leaves the last good release in place.
This module knows nothing of HTTP.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from coopgraph import iris

QueryResult = ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean

KEEP_RELEASES = 2  # the current one and the one before it, which a server may still be reading


class StoreError(Exception):
    """The store is missing, corrupt or unreachable; the message says how to recover."""


def default_location() -> Path:
    """$COOPGRAPH_STORE, else the user's data folder."""
    if env := os.environ.get("COOPGRAPH_STORE"):
        return Path(env)
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "coopgraph" / "store"


@dataclass(frozen=True)
class ReleaseInfo:
    release_id: str
    base_iri: str
    created: str
    triples: int


class Store(Protocol):
    """What the rest of coopgraph may ask of a store."""

    def query(
        self, sparql: str, substitutions: dict[ox.Variable, ox.NamedNode | ox.Literal] | None = None
    ) -> QueryResult: ...

    def release(self) -> ReleaseInfo: ...


# ---------------------------------------------------------------------------------------------
# The directory layout


@dataclass(frozen=True)
class StoreDir:
    root: Path

    @property
    def current(self) -> Path:
        return self.root / "current"

    @property
    def releases(self) -> Path:
        return self.root / "releases"

    def exists(self) -> bool:
        return self.current.exists()

    def current_release_id(self) -> str | None:
        try:
            return Path(os.readlink(self.current)).name
        except OSError:
            return None

    def start_release(self, release_id: str) -> Path:
        """A fresh folder for a build to write into; leftovers of killed builds are removed."""
        self.releases.mkdir(parents=True, exist_ok=True)
        for partial in self.releases.glob("*.partial"):
            shutil.rmtree(partial, ignore_errors=True)
        path = self.releases / f"{release_id}.partial"
        path.mkdir()
        return path

    def publish(self, partial: Path) -> Path:
        """Make a finished release current in one atomic step, then prune old ones."""
        final = partial.with_suffix("")
        partial.rename(final)
        link = self.root / "current.tmp"
        link.unlink(missing_ok=True)
        link.symlink_to(final.relative_to(self.root))
        os.replace(link, self.current)
        self._prune()
        return final

    def _prune(self) -> None:
        keep = sorted(p for p in self.releases.iterdir() if p.suffix != ".partial")
        for old in keep[:-KEEP_RELEASES]:
            shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# The embedded implementation

RELEASE_QUERY = """
PREFIX coop: <https://w3id.org/coopgraph/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#>
SELECT ?id ?base ?created ?triples WHERE {
  GRAPH ?g { ?r a coop:Release ; dct:identifier ?id ; coop:baseIri ?base ;
                dct:created ?created ; void:triples ?triples . }
} LIMIT 1
"""


class EmbeddedStore:
    """A built release opened read-only with pyoxigraph; follows `current` across builds."""

    def __init__(self, location: Path) -> None:
        self.dir = StoreDir(location)
        self._opened_id: str | None = None
        self._store: ox.Store | None = None
        self._release: ReleaseInfo | None = None
        self._open()

    def _open(self) -> None:
        release_id = self.dir.current_release_id()
        if release_id is None or not self.dir.current.is_dir():
            raise StoreError(
                f"No built store at {self.dir.root}: run `coopgraph build --store {self.dir.root}` "
                "to create it."
            )
        try:
            store = ox.Store.read_only(str(self.dir.current))
            release = _read_release(store)
        except (OSError, StoreError) as err:
            raise StoreError(
                f"The store at {self.dir.current} cannot be read ({err}). It may be corrupt: "
                f"rebuild it with `coopgraph build --store {self.dir.root}`."
            ) from err
        self._store, self._release, self._opened_id = store, release, release_id

    def _fresh(self) -> ox.Store:
        if self.dir.current_release_id() != self._opened_id:
            self._open()
        assert self._store is not None
        return self._store

    def query(
        self, sparql: str, substitutions: dict[ox.Variable, ox.NamedNode | ox.Literal] | None = None
    ) -> QueryResult:
        """Run a SPARQL query; the default graph is the union of all named graphs."""
        return self._fresh().query(
            sparql, use_default_graph_as_union=True, substitutions=substitutions
        )

    def release(self) -> ReleaseInfo:
        self._fresh()
        assert self._release is not None
        return self._release


def _read_release(store: ox.Store) -> ReleaseInfo:
    for row in store.query(RELEASE_QUERY):
        return ReleaseInfo(
            release_id=row["id"].value,
            base_iri=row["base"].value,
            created=row["created"].value,
            triples=int(row["triples"].value),
        )
    raise StoreError("it has no release metadata (graph/release)")


def open_store(location: Path | str | None = None) -> Store:
    """Open the store at `location` (a store folder); remote endpoints come later."""
    return EmbeddedStore(Path(location) if location else default_location())


def release_graph_iri(base: str = iris.CANONICAL_BASE) -> str:
    return iris.graph("release", base)

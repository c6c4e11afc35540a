"""The store: one interface for everything that reads the graph (web, CLI, validation).

A store directory holds immutable releases and a `current` symlink:

    STORE/releases/<release-id>/   a pyoxigraph (RocksDB) store, written once by a build
    STORE/current -> releases/<id>  swapped atomically (os.replace) when a build succeeds

Readers open `current` read-only and reopen when the link moves, so a build never disturbs a
running server and a failed or killed build leaves the last good release in place. A reader that
must see one release throughout (a web request: its page, its query process, its headers) pins
it (`pinned()`, `at(release_id)`).
This module knows nothing of HTTP.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from coopgraph import dump, iris, sparqltext
from coopgraph.answers import Shipped
from coopgraph.queries import CannedQuery, from_json, to_json
from coopgraph.sparqltext import QueryText

QueryResult = ox.QuerySolutions | ox.QueryBoolean | Iterable[ox.Triple]

RELEASE_FILE = "coopgraph-release.json"
FINDINGS_FILE = "coopgraph-validation.json"  # the build's SHACL results, by focus node
QUERIES_FILE = "coopgraph-queries.json"  # the research queries (queries/*.rq) the build checked
COMPLIANCE_FILE = "coopgraph-compliance.json"  # each rule's and agreement's compliance
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
    """What a reader needs to know of a release without querying it (STORE/releases/ID.json)."""

    release_id: str
    base_iri: str
    created: str  # ISO 8601, UTC
    triples: int
    union_default_graph: bool = True  # False for stores holding a plain dataset (W3C tests)


Substitutions = dict[ox.Variable, ox.NamedNode | ox.Literal]


@dataclass(frozen=True)
class Finding:
    """One SHACL result of the build, about one resource (for its page)."""

    focus: str  # the IRI of the resource described
    rule_id: str
    severity: str  # violation, warning, info
    messages: dict[str, str]  # language -> text
    path: str | None = None
    value: str | None = None


def write_findings(folder: Path, findings: Iterable[Finding], base_iri: str) -> None:
    """Store the build's validation results beside the release, IRIs under its base."""
    by_focus: dict[str, list[dict]] = {}
    for f in findings:
        focus = iris.rebase(f.focus, base_iri)
        by_focus.setdefault(focus, []).append({**asdict(f), "focus": focus})
    (folder / FINDINGS_FILE).write_text(json.dumps(by_focus, ensure_ascii=False), "utf-8")


def write_compliance(folder: Path, document: dict, base_iri: str) -> None:
    """Store the build's compliance view (validate.compliance) beside the release."""
    agreements = document.get("agreements", {})
    rebased = {iris.rebase(iri, base_iri): rules for iri, rules in agreements.items()}
    text = json.dumps({**document, "agreements": rebased}, ensure_ascii=False)
    (folder / COMPLIANCE_FILE).write_text(text, "utf-8")


def write_queries(folder: Path, catalogue: list[CannedQuery]) -> None:
    """Store the catalogue of research queries beside the release, for its readers."""
    (folder / QUERIES_FILE).write_text(to_json(catalogue), "utf-8")


class Store(Protocol):
    """What the rest of coopgraph may ask of a store."""

    def query(
        self,
        sparql: str | QueryText,
        substitutions: Substitutions | None = None,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        query_base: str | None = None,
    ) -> QueryResult:
        """Run a query: its text, or a QueryText (its text as `sparqltext.read` read it).
        `default_graphs` / `named_graphs` name graphs of the store (the protocol's
        default-graph-uri / named-graph-uri; by default the default graph is the union of all
        graphs); `query_base` resolves relative IRIs of a query without a BASE."""
        ...

    def release(self) -> ReleaseInfo: ...

    def findings(self, iri: str) -> list[Finding] | None:
        """The build's validation results about `iri`, or None when there are none to read."""
        ...

    def queries(self) -> list[CannedQuery]:
        """The research queries of this release (queries/*.rq), in name order."""
        ...

    def compliance(self) -> dict | None:
        """The build's compliance view (rules and agreements), or None when there is none."""
        ...

    def pinned(self) -> Store:
        """This store as it is now, no longer following new releases (for one request)."""
        ...

    def at(self, release_id: str | None) -> Store:
        """This store as of `release_id` (a release another process pinned), if it can."""
        ...

    def shipped(self) -> Shipped:
        """The answers the build computed for this release (coopgraph.answers)."""
        ...

    def dumps(self) -> Path | None:
        """The folder of this release's dumps (coopgraph.dump), None when it has none here."""
        ...


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
        try:  # os.path, not pathlib: this runs on every query, and pathlib showed in profiles
            return os.path.basename(os.readlink(os.path.join(self.root, "current")).rstrip("/"))
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

    def publish(self, partial: Path, info: ReleaseInfo) -> Path:
        """Make a finished release current in one atomic step, then prune old ones."""
        (partial / RELEASE_FILE).write_text(json.dumps(asdict(info), indent=2), encoding="utf-8")
        final = partial.with_suffix("")
        partial.rename(final)
        self.make_current(final)
        return final

    def make_current(self, release: Path) -> None:
        """Point `current` at a finished release folder in one atomic step; prune old ones."""
        link = self.root / "current.tmp"
        link.unlink(missing_ok=True)
        link.symlink_to(release.relative_to(self.root))
        os.replace(link, self.current)
        self._prune()

    def _prune(self) -> None:
        keep = sorted(p for p in self.releases.iterdir() if p.suffix != ".partial")
        for old in keep[:-KEEP_RELEASES]:
            shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# The embedded implementation


class EmbeddedStore:
    """A built release opened read-only with pyoxigraph; follows `current` across builds."""

    def __init__(self, location: Path, release_id: str | None = None) -> None:
        self.dir = StoreDir(location)
        self._pin = release_id  # a release of releases/ to read instead of following `current`
        self._opened_id: str | None = None
        self._store: ox.Store | None = None
        self._release: ReleaseInfo | None = None
        self._other: EmbeddedStore | None = None  # the last release at() was asked for
        self._pinned: EmbeddedStore | None = None  # the release open now, pinned (_view)
        self._open()

    def _open(self) -> None:
        release_id = self._pin or self.dir.current_release_id()
        # the release's own folder, not `current`: the link may move between these reads
        self._folder = self.dir.releases / (release_id or "none")
        if release_id is None or not self._folder.is_dir():
            raise StoreError(
                f"No built store at {self.dir.root}: run `coopgraph build --store {self.dir.root}` "
                "to create it."
            )
        try:
            release = ReleaseInfo(**json.loads((self._folder / RELEASE_FILE).read_text()))
            store = ox.Store.read_only(str(self._folder))
        # pyoxigraph reports a corrupt RocksDB folder as a RuntimeError
        except (OSError, ValueError, TypeError, RuntimeError) as err:
            raise StoreError(
                f"The store at {self._folder} cannot be read ({err}). It may be corrupt: "
                f"rebuild it with `coopgraph build --store {self.dir.root}`."
            ) from err
        self._store, self._release, self._opened_id = store, release, release_id
        self._findings: dict[str, list[dict]] | None = None
        self._validated = False
        self._queries: list[CannedQuery] | None = None
        self._compliance: dict | None = None
        self._shipped: Shipped | None = None

    def _fresh(self) -> ox.Store:
        if self._pin is None and self.dir.current_release_id() != self._opened_id:
            self._open()
        assert self._store is not None
        return self._store

    def pinned(self) -> EmbeddedStore:
        self._fresh()
        return self._view()

    def _view(self) -> EmbeddedStore:
        """The release open now, pinned: it never reads `current` again. One per release."""
        if self._pinned is None or self._pinned._opened_id != self._opened_id:
            view = copy.copy(self)  # shares the open pyoxigraph store, which is read-only
            view._pin, view._pinned = self._opened_id, None
            self._pinned = view
        return self._pinned

    def at(self, release_id: str | None) -> EmbeddedStore:
        """The release a web request pinned, for its query process: the current one, or the
        one before it when a build swapped `current` since (builds keep it, KEEP_RELEASES).
        The release open already is answered without reading `current`, before the query or
        in it (the hot path)."""
        if release_id is None:
            self._fresh()
            return self
        if release_id == self._opened_id:
            return self._view()
        if self._other is not None and self._other._opened_id == release_id:
            return self._other
        if release_id == self.dir.current_release_id():
            self._open()  # a new release: follow it
            return self._view()
        self._other = EmbeddedStore(self.dir.root, release_id)
        return self._other

    def query(
        self,
        sparql: str | QueryText,
        substitutions: Substitutions | None = None,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        query_base: str | None = None,
    ) -> QueryResult:
        store = self._fresh()
        assert self._release is not None
        # The union is only the default dataset: pyoxigraph would let it override the query's
        # own FROM clauses, or the protocol's default-graph-uri.
        union = self._release.union_default_graph and not default_graphs
        union = union and not sparqltext.declares_dataset(sparql)
        text = sparqltext.text_of(sparql)
        # pyoxigraph refuses a whole query that calls a function it does not know; SPARQL 1.1
        # (17.6) makes such a call an expression error, which leaves a BIND unbound and fails a
        # FILTER. Each function it names is defined as one that always errs (returns None).
        functions: dict[ox.NamedNode, Callable[..., None]] = {}
        while True:
            try:
                return store.query(
                    text,
                    use_default_graph_as_union=union,
                    default_graph=[ox.NamedNode(g) for g in default_graphs] or None,
                    named_graphs=[ox.NamedNode(g) for g in named_graphs] or None,
                    substitutions=substitutions,
                    base_iri=query_base,
                    custom_functions=functions or None,
                )
            except RuntimeError as err:
                unknown = UNKNOWN_FUNCTION.fullmatch(str(err))
                if unknown is None or ox.NamedNode(unknown[1]) in functions:
                    raise
                functions[ox.NamedNode(unknown[1])] = _expression_error

    def release(self) -> ReleaseInfo:
        self._fresh()
        assert self._release is not None
        return self._release

    def findings(self, iri: str) -> list[Finding] | None:
        """The build's validation results about `iri`; None when the build ran no validation."""
        self._fresh()
        if self._findings is None:
            path = self._folder / FINDINGS_FILE
            raw = json.loads(path.read_text("utf-8")) if path.is_file() else None
            self._findings = {} if raw is None else raw
            self._validated = raw is not None
        if not self._validated:
            return None
        return [Finding(**f) for f in self._findings.get(iri, [])]

    def queries(self) -> list[CannedQuery]:
        """The catalogue the build wrote; [] for a release built without one."""
        self._fresh()
        if self._queries is None:
            path = self._folder / QUERIES_FILE
            self._queries = from_json(path.read_text("utf-8")) if path.is_file() else []
        return self._queries

    def compliance(self) -> dict | None:
        """Read once per release: the web layer computes nothing per request."""
        self._fresh()
        if self._compliance is None:
            path = self._folder / COMPLIANCE_FILE
            self._compliance = json.loads(path.read_text("utf-8")) if path.is_file() else {}
        return self._compliance or None

    def shipped(self) -> Shipped:
        self._fresh()
        if self._shipped is None:
            self._shipped = Shipped.read(self._folder)
        return self._shipped

    def dumps(self) -> Path | None:
        self._fresh()
        folder = dump.folder_of(self._folder)
        return folder if folder.is_dir() else None


UNKNOWN_FUNCTION = re.compile(r"The custom function <(.*)> is not supported")


def _expression_error(*_args: object) -> None:
    """An unknown function's value: none, i.e. an expression error."""
    return None

"""Build: sources -> parse (file:line on error) -> SHACL -> inference -> new store -> atomic swap.

The whole dataset is assembled in memory first, then written as a new release beside the
current one, which is made current only when every step, the SHACL check included, has
succeeded. A build that fails, or is killed, leaves the last good release serving. The SHACL
check runs in a thread beside inference and writing (its queries run in Oxigraph, which
releases the GIL): on two cores a 1M-triple build takes the time of the longer of the two.
"""

from __future__ import annotations

import fcntl
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from coopgraph import answers, dump, inference, iris, queries, release, sources
from coopgraph.store import (
    Finding,
    ReleaseInfo,
    StoreDir,
    write_compliance,
    write_findings,
    write_queries,
)

Progress = Callable[[str], None]
NON_DATA = frozenset({"ontology", "vocabularies", "shapes"})  # graphs the shapes do not target


class BuildError(Exception):
    """A source file is broken or the data breaks a rule; the message names file and line."""


@dataclass(frozen=True)
class BuildResult:
    release: release.Release
    path: Path
    triples: int
    inferred: int
    warnings: int
    timings: tuple[answers.Timing, ...] = ()  # each research query on the written release


@dataclass(frozen=True)
class ValidationSummary:
    violations: list[str]  # one human-readable line per violation, with file and line
    warnings: int
    findings: tuple[Finding, ...] = ()  # every result, for the entity pages
    compliance: dict | None = None  # validate.compliance's document, for the compliance view


Validator = Callable[[list[sources.SourceFile], Path], ValidationSummary]


def load_sources(files: list[sources.SourceFile], base_iri: str) -> ox.Store:
    """Parse every file into its named graph; a syntax error stops with file, line and column."""
    dataset = ox.Store()
    for f in files:
        graph = ox.NamedNode(f.graph_iri(base_iri))
        try:
            if base_iri == iris.CANONICAL_BASE:
                dataset.load(path=str(f.path), format=ox.RdfFormat.TURTLE, to_graph=graph)
            else:
                dataset.extend(_rebased(f.path, base_iri, graph))
        except SyntaxError as err:
            raise BuildError(
                f"{f.path}:{err.lineno}:{err.offset}: Turtle syntax error: {err.msg}. "
                "Fix the file and build again; the current store is unchanged."
            ) from err
    return dataset


def load_queries(root: Path) -> list[queries.CannedQuery]:
    """The research queries, each parsed; a broken one stops the build with file and line."""
    try:
        return queries.load_catalogue(root / "queries")
    except queries.CatalogueError as err:
        raise BuildError(
            f"{err}. Fix the query and build again; the current store is unchanged."
        ) from err


def _rebased(path: Path, base_iri: str, graph: ox.NamedNode) -> Iterator[ox.Quad]:
    def move(term: ox.Term) -> ox.Term:
        if isinstance(term, ox.NamedNode):
            return ox.NamedNode(iris.rebase(term.value, base_iri))
        return term

    for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        yield ox.Quad(move(q.subject), move(q.predicate), move(q.object), graph)


@contextmanager
def _build_lock(root: Path) -> Iterator[None]:
    """One build at a time per store folder."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".build.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            raise BuildError(
                f"Another build is writing to {root}; wait for it to finish and try again."
            ) from err
        yield


def write_release(
    nquads: bytes,
    store_dir: StoreDir,
    info: ReleaseInfo,
    before_publish: Callable[[Path], object] = lambda folder: None,
) -> Path:
    """Write a new on-disk store from the dataset's N-Quads (and what `before_publish` adds),
    then swap it in atomically. Oxigraph reads the bytes without the GIL, while the build's
    SHACL check runs beside; a Python object per quad would hold it for seconds."""
    partial = store_dir.start_release(info.release_id)
    try:
        disk = ox.Store(str(partial))
        disk.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        disk.flush()
        disk.optimize()
        del disk  # closes RocksDB before the folder is renamed
        before_publish(partial)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)  # a failed build leaves no half release
        raise
    return store_dir.publish(partial, info)


def as_nquads(dataset: ox.Store) -> bytes:
    nquads = dataset.dump(format=ox.RdfFormat.N_QUADS)
    assert nquads is not None  # dump() returns the bytes when given no output
    return nquads


def publish_dataset(store_root: Path, dataset: ox.Store, name: str) -> Path:
    """Make a plain dataset (no sources, no release graph) the current release of a store.

    Its default graph stays its own (not the union of its graphs): what the W3C test suites
    expect. Used by the conformance runner, one small dataset per test.
    """
    created = datetime.now(UTC)
    info = ReleaseInfo(
        release_id=f"{created:%Y%m%dT%H%M%S}{created.microsecond:06d}-{name}",
        base_iri=iris.CANONICAL_BASE,
        created=created.isoformat(),
        triples=len(dataset),
        union_default_graph=False,
    )
    with _build_lock(store_root):
        return write_release(as_nquads(dataset), StoreDir(store_root), info)


def build(
    store_root: Path,
    base_iri: str = iris.CANONICAL_BASE,
    sources_root: Path | None = None,
    validator: Validator | None = None,
    progress: Progress = lambda step: None,
) -> BuildResult:
    root = sources_root or sources.default_root()
    files = sources.rdf_sources(root)
    with _build_lock(store_root), ThreadPoolExecutor(1, thread_name_prefix="shacl") as pool:
        check = None
        if validator:  # it reads the files itself, so it starts first
            progress("Checking the data against the SHACL shapes, beside the next steps")
            check = pool.submit(validator, [f for f in files if f.graph not in NON_DATA], root)
        progress(f"Parsing {len(files)} source files")
        dataset = load_sources(files, base_iri)
        catalogue = load_queries(root)
        progress("Materialising subclass and subproperty inferences")
        inferred = inference.materialise(dataset, ox.NamedNode(iris.graph("inferred", base_iri)))
        rel = release.new_release(files, root, base_iri)
        dataset.extend(release.metadata_quads(rel, dataset, catalogue))
        progress("Writing the new store")
        info = ReleaseInfo(rel.release_id, base_iri, rel.created.isoformat(), len(dataset))
        summary: ValidationSummary | None = None
        timings: list[answers.Timing] = []
        nquads = as_nquads(dataset)

        def complete(folder: Path) -> None:
            nonlocal summary
            dump.write(dataset, nquads, folder)
            write_queries(folder, catalogue)
            progress(
                "Timing the research queries and storing the answers of those without parameters"
            )
            timings.extend(answers.compute(folder, catalogue, base_iri))
            summary = _passed(check, progress)
            if summary is not None:
                write_findings(folder, summary.findings, base_iri)
            if summary is not None and summary.compliance is not None:
                write_compliance(folder, summary.compliance, base_iri)

        path = write_release(nquads, StoreDir(store_root), info, before_publish=complete)
        warnings = summary.warnings if summary else 0
        return BuildResult(rel, path, len(dataset), inferred, warnings, tuple(timings))


def _passed(
    check: Future[ValidationSummary] | None, progress: Progress
) -> ValidationSummary | None:
    """The check's summary once it is done; BuildError if the data breaks a rule."""
    if check is None:
        return None
    if not check.done():
        progress("Waiting for the SHACL check")
    summary = check.result()
    if summary.violations:
        raise BuildError(
            f"The data breaks {len(summary.violations)} rule(s); the current store is "
            "unchanged. Run `coopgraph validate` for details.\n" + "\n".join(summary.violations)
        )
    return summary

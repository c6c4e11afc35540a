"""The statements of the checked files that make a validation engine fail.

No engine says which focus node it was validating when it raised. So the checked files'
statements are searched for the smallest set that still makes the same engine raise the same
kind of error, the shapes, the ontology and the context (`--with-project-data`) staying fixed:
a bisection over prefixes of the statements (in file order) finds the first statement the error
needs in log2(n) engine runs, repeated until the statements found raise by themselves (one
repetition when a single statement is at fault). The search is bounded in engine runs and in
time (or by Ctrl-C); beyond that, or when the error needs no checked statement, no statement
is named. When it needs only rdf:type statements, a shape fails on any resource of that class
(a broken shape, not the data, is at fault).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from coopgraph.validate.engine import prefixed, validate_with_engine
from coopgraph.validate.loading import (
    RDF_TYPE,
    Origins,
    load_files,
    node_key,
    parse_turtle,
    project_files,
)
from coopgraph.validate.locate import TurtleLines

MAX_RUNS = 40  # a single statement among 2^30 needs 32
MAX_SECONDS = 180.0  # a record with --with-project-data and pySHACL: about 90 s
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
T = TypeVar("T")


@dataclass(frozen=True)
class Statement:
    """A triple of a checked file, where it is written and how to show it."""

    file: Path
    line: int | None
    text: str  # subject predicate object, one line
    typed_as: str | None = None  # the class, for an rdf:type statement

    def where(self, display: Callable[[Path], str] = str) -> str:
        return f"{display(self.file)}:{self.line or 0}"


class OutOfBudget(Exception):
    """The search used its engine runs or its time."""


class Probe:
    """Runs an engine on the ontology, the context and a subset of the checked statements, and
    tells whether it raises the error being searched for."""

    def __init__(
        self,
        context: list[Path],
        root: Path,
        engine: str,
        error: type[BaseException],
        max_runs: int,
        max_seconds: float,
    ) -> None:
        self.context, self.root, self.engine, self.error = context, root, engine, error
        self.runs_left, self.deadline = max_runs, time.monotonic() + max_seconds

    def fails(self, statements: Sequence[tuple[Path, ox.Triple]]) -> bool:
        if self.runs_left <= 0 or time.monotonic() > self.deadline:
            raise OutOfBudget
        self.runs_left -= 1
        dataset = load_files([*project_files(self.root), *self.context])
        for path, triple in statements:  # each file's statements in its own graph, as loaded
            graph = dataset.origins.graph(str(path), path.as_uri())  # type: ignore[union-attr]
            dataset.store.add(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
            dataset.files[str(path)] = path
        if self.context:
            dataset.checked = frozenset(str(path) for path, _ in statements)
        try:
            validate_with_engine(dataset, self.root, self.engine)
        except Exception as err:  # the engine's failure is what is searched for
            return isinstance(err, self.error)
        return False


def failing_statements(
    checked: list[Path],
    context: list[Path],
    root: Path,
    engine: str,
    error: BaseException,
    max_runs: int = MAX_RUNS,
    max_seconds: float = MAX_SECONDS,
) -> list[Statement] | None:
    """The smallest set of the checked files' statements that, with the ontology and the
    context, makes `engine` raise an error of `error`'s type: first the statement whose
    addition makes the engine fail, then those it needs (e.g. the rdf:type that makes a shape
    target its subject), in file order. None when the error needs none of them or the search
    ran out of runs or time."""
    checked = [p.resolve() for p in checked]
    context = [p for p in (c.resolve() for c in context) if p not in checked]
    triples = {path: [q.triple for q in parse_turtle(path)] for path in checked}
    statements = [(path, t) for path, ts in triples.items() for t in ts]
    probe = Probe(context, root, engine, type(error), max_runs, max_seconds)
    try:
        if probe.fails([]):
            return None
        found = smallest_failing(statements, probe.fails, _about_what_is_found)
    except (OutOfBudget, KeyboardInterrupt):  # Ctrl-C ends the search, not the report
        return None
    if found is None:
        return None
    order = {s: i for i, s in enumerate(statements)}
    first, *needed = found  # the statement that turned a run that passed into one that fails
    origins = {path: _origins(path, ts) for path, ts in triples.items()}
    return [
        _statement(path, t, origins[path])
        for path, t in [first, *sorted(needed, key=order.__getitem__)]
    ]


def smallest_failing(
    items: Sequence[T],
    fails: Callable[[Sequence[T]], bool],
    near: Callable[[T, list[T]], bool] = lambda item, found: False,
) -> list[T] | None:
    """A subset of `items` that fails and none of whose members can be left out of the prefix
    it was found in, given that all the items fail and none fails: the first item the failure
    needs is found by bisecting prefixes, kept, and the search repeated on the items before it
    until the items kept fail by themselves. None when they never do (a failure that is not
    reproduced). The repeated searches look first at the items `near` those kept (a statement
    about the same resource), growing a prefix of them from one item: a few runs, where a
    bisection over all the items would take log2(n)."""
    required: list[T] = []
    rest = list(items)
    while rest:
        found = _first_failing_prefix(
            rest, lambda prefix: fails([*required, *prefix]), gallop=bool(required)
        )
        required.append(rest[found - 1])
        rest = rest[: found - 1]
        if fails(required):
            return required
        rest.sort(key=lambda item: not near(item, required))  # stable: near ones first
    return None


def _first_failing_prefix(
    items: list[T], fails: Callable[[Sequence[T]], bool], gallop: bool
) -> int:
    """The length of the shortest prefix of `items` that fails, given that they all fail and
    none fails. With `gallop` (true once items are kept), prefixes of 1, 2, 4… items are tried
    before the bisection, for an item near the start."""
    fine, failing = 0, len(items)  # fails(items[:fine]) is False, fails(items[:failing]) True
    size = 1
    while gallop and size < failing and not fails(items[:size]):
        fine, size = size, size * 2
    failing = min(size, failing) if gallop else failing
    while failing - fine > 1:
        middle = (fine + failing) // 2
        if fails(items[:middle]):
            failing = middle
        else:
            fine = middle
    return failing


def _about_what_is_found(
    statement: tuple[Path, ox.Triple], found: list[tuple[Path, ox.Triple]]
) -> bool:
    """A statement about a resource that a found statement is about or refers to."""
    resources = {t.subject for _, t in found} | {t.object for _, t in found}
    return statement[1].subject in resources


def _origins(path: Path, triples: list[ox.Triple]) -> Origins:
    origins = Origins()
    origins.add(triples, str(path))
    return origins


def _statement(path: Path, triple: ox.Triple, origins: Origins) -> Statement:
    """The statement at the line that writes it (locate.TurtleLines); a blank node's statement
    at the line of its property in the resource that holds it."""
    anchor = origins.named_ancestor(node_key(triple.subject))
    value = triple.object if isinstance(triple.object, (ox.NamedNode, ox.Literal)) else None
    line = TurtleLines(path).line_of(anchor, triple.predicate.value, value)
    terms = (triple.subject, triple.predicate, triple.object)
    typed = triple.predicate == RDF_TYPE and isinstance(triple.object, ox.NamedNode)
    return Statement(
        path,
        line,
        " ".join(term_text(t, origins) for t in terms),
        term_text(triple.object, origins) if typed else None,
    )


def term_text(term: ox.Term, origins: Origins) -> str:
    """A term as in the reports: a prefixed name or <IRI>, a literal in Turtle form, a blank
    node as `_:` and the resource that holds it, a triple term as <<( s p o )>>."""
    if isinstance(term, ox.NamedNode):
        return prefixed(term.value)
    if isinstance(term, ox.BlankNode):
        anchor = origins.named_ancestor(node_key(term))
        return "[]" if anchor.startswith("_:") else f"_:{anchor}"
    if isinstance(term, ox.Literal):
        lexical = json.dumps(term.value, ensure_ascii=False)  # one line, quotes escaped
        if term.language:
            return f"{lexical}@{term.language}"
        datatype = term.datatype.value
        return lexical if datatype == XSD_STRING else f"{lexical}^^{prefixed(datatype)}"
    parts = (term.subject, term.predicate, term.object)  # a triple term (RDF 1.2)
    return "<<( " + " ".join(term_text(t, origins) for t in parts) + " )>>"

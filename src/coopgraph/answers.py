"""Answers computed once per release: the build runs every research query on the release it has
just written, times each against the budget, and ships the results of those without
parameters beside it, so that no server computes them again.

`coopgraph-answers.json` in a release folder holds, per query, the milliseconds it took on that
release and, for a query without parameters, its result as SPARQL JSON, CSV and TSV with the
row count; and the home page's figures (coopgraph.figures). This module knows nothing of HTTP.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from coopgraph import figures, queries, results
from coopgraph.queries import CannedQuery

ANSWERS_FILE = "coopgraph-answers.json"
BUDGET_MS = 50.0  # a research query's budget on the shipped graph (p50, in process)
FORMATS = ("json", "csv", "tsv")  # the canned-query API's formats
RUNS = 3  # the median of three runs: one cold run of RocksDB's caches is not the query's cost
LIMIT_S = 10.0  # a query still running after this long is stopped, named, and not shipped


@dataclass(frozen=True)
class Answer:
    """A complete result document as the endpoint sends it."""

    body: bytes
    rows: int
    truncated: bool = False
    source: str = "computed"  # or "cached", "shipped": sent as X-Coopgraph-Answer


@dataclass(frozen=True)
class Timing:
    name: str
    ms: float
    rows: int
    stopped: bool = False  # it outlived LIMIT_S and was stopped: `ms` is the limit

    @property
    def over_budget(self) -> bool:
        return self.ms > BUDGET_MS


def _run(store: ox.Store, query: CannedQuery, base_iri: str) -> tuple[list[str], list, float]:
    """Variable names, solutions, and the median time of up to RUNS evaluations in ms."""
    values = queries.bind(query, {}, base_iri) or None
    times, names, rows = [], [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        solutions = store.query(query.text, substitutions=values, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        rows = list(solutions)  # type: ignore[arg-type]
        times.append((time.perf_counter() - start) * 1000)
        if times[0] > 2 * BUDGET_MS:  # well over budget: once is enough to say so
            break
    return names, rows, sorted(times)[len(times) // 2]


def document(names: list[str], rows: list, fmt: str) -> bytes:
    return "".join(results.SOLUTION_WRITERS[fmt](names, rows)).encode()


def _evaluate(folder: str, todo: list[CannedQuery], base_iri: str, conn: Connection) -> None:
    """In a child process: each query's (name, ms, rows, shipped answer or None), then
    ("", 0, 0, the home page's figures)."""
    store = ox.Store.read_only(folder)
    for query in todo:
        names, rows, ms = _run(store, query, base_iri)
        docs = None
        if not query.parameters:
            docs = {"rows": len(rows), **{f: document(names, rows, f).decode() for f in FORMATS}}
        conn.send((query.name, round(ms, 2), len(rows), docs))
    conn.send(
        ("", 0, 0, figures.compute(partial(store.query, use_default_graph_as_union=True), base_iri))
    )


def compute(
    folder: Path, catalogue: Iterable[CannedQuery], base_iri: str, limit_s: float = LIMIT_S
) -> list[Timing]:
    """Run every query on the release written in `folder` (read-only) and ship the answers of
    those without parameters there; the timings, in catalogue order. The queries run in a
    child process, killed when one outlives `limit_s` (pyoxigraph cannot stop a query): that
    one is reported as stopped and the others go on in a new process."""
    todo, timings = list(catalogue), []
    shipped: dict[str, dict] = {}
    home: dict | None = None
    context = multiprocessing.get_context("spawn")  # the build has threads: no fork
    while home is None:
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_evaluate, args=(str(folder), todo, base_iri, sender))
        child.start()
        sender.close()
        try:
            home = _collect(receiver, todo, limit_s, timings, shipped)
        finally:
            child.kill()
            child.join()
            receiver.close()
    data = {"timings_ms": {t.name: t.ms for t in timings}, "answers": shipped, "figures": home}
    (folder / ANSWERS_FILE).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return timings


def _collect(
    receiver: Connection,
    todo: list[CannedQuery],
    limit_s: float,
    timings: list[Timing],
    shipped: dict[str, dict],
) -> dict | None:
    """One child's messages, into `timings` and `shipped` (`todo` loses what is done): the
    home page's figures when it got that far ({} when it cannot), else None once the query it
    was on has been stopped, for a new child to go on with the rest."""
    started = False
    while True:
        if not receiver.poll(limit_s):
            if not todo:  # the figures took too long: the home page computes them
                return {}
            timings.append(Timing(todo.pop(0).name, limit_s * 1000, 0, stopped=True))
            return None
        try:
            name, ms, rows, extra = receiver.recv()
        except EOFError:  # the process ended: a crash on a query, or it could not start at all
            if not started or not todo:
                return {}
            timings.append(Timing(todo.pop(0).name, 0.0, 0, stopped=True))
            return None
        started = True
        if not name:
            return extra
        todo.pop(0)
        timings.append(Timing(name, ms, rows))
        if extra is not None:
            shipped[name] = extra


def over_budget(timings: Iterable[Timing]) -> str | None:
    """A line naming the queries over BUDGET_MS, or None when all are within it."""
    slow = [t for t in timings if t.over_budget]
    if not slow:
        return None
    listed = ", ".join(
        f"{t.name} stopped at {t.ms / 1000:g} s" if t.stopped else f"{t.name} {t.ms:,.0f} ms"
        for t in slow
    )
    return f"Research queries over the {BUDGET_MS:g} ms budget on this release: {listed}."


class Shipped:
    """The answers a release ships; none for a store that is not a built release folder."""

    def __init__(self, data: dict | None = None) -> None:
        data = data or {}
        self.timings_ms: dict[str, float] = data.get("timings_ms", {})
        self._answers: dict[str, dict] = data.get("answers", {})
        self.figures: figures.Figures | None = data.get("figures")  # the home page's

    @classmethod
    def read(cls, folder: Path) -> Shipped:
        path = folder / ANSWERS_FILE
        return cls(json.loads(path.read_text("utf-8")) if path.is_file() else None)

    def answer(self, name: str, fmt: str) -> Answer | None:
        entry = self._answers.get(name)
        if entry is None or fmt not in entry:
            return None
        return Answer(entry[fmt].encode(), entry["rows"], source="shipped")

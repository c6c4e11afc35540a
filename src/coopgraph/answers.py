"""Answers computed once per release: the build runs every research query on the release it has
just written, times each against the budget, and ships the results of those without
parameters beside it, so that no server computes them again.

`coopgraph-answers.json` in a release folder holds, per query, the milliseconds it took on that
release and, for a query without parameters, its result as SPARQL JSON, CSV and TSV with the
row count. This module knows nothing of HTTP.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from coopgraph import queries, results
from coopgraph.queries import CannedQuery

ANSWERS_FILE = "coopgraph-answers.json"
BUDGET_MS = 50.0  # a research query's budget on the shipped graph (p50, in process)
FORMATS = ("json", "csv", "tsv")  # the canned-query API's formats
RUNS = 3  # the median of three runs: one cold run of RocksDB's caches is not the query's cost


@dataclass(frozen=True)
class Answer:
    """A complete result document as the endpoint sends it."""

    body: bytes
    rows: int
    truncated: bool = False


@dataclass(frozen=True)
class Timing:
    name: str
    ms: float
    rows: int

    @property
    def over_budget(self) -> bool:
        return self.ms > BUDGET_MS


def _run(store: ox.Store, query: CannedQuery, base_iri: str) -> tuple[list[str], list, float]:
    """Variable names, solutions, and the median time of RUNS evaluations in milliseconds."""
    values = queries.bind(query, {}, base_iri) or None
    times, names, rows = [], [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        solutions = store.query(query.text, substitutions=values, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        rows = list(solutions)  # type: ignore[arg-type]
        times.append((time.perf_counter() - start) * 1000)
    return names, rows, sorted(times)[RUNS // 2]


def document(names: list[str], rows: list, fmt: str) -> bytes:
    return "".join(results.SOLUTION_WRITERS[fmt](names, rows)).encode()


def compute(folder: Path, catalogue: Iterable[CannedQuery], base_iri: str) -> list[Timing]:
    """Run every query on the release written in `folder` (read-only) and ship the answers of
    those without parameters there; the timings, in catalogue order."""
    store = ox.Store.read_only(str(folder))
    timings: list[Timing] = []
    shipped: dict[str, dict[str, object]] = {}
    for query in catalogue:
        names, rows, ms = _run(store, query, base_iri)
        timings.append(Timing(query.name, round(ms, 2), len(rows)))
        if not query.parameters:
            shipped[query.name] = {
                "rows": len(rows),
                **{fmt: document(names, rows, fmt).decode() for fmt in FORMATS},
            }
    del store  # closes RocksDB before the folder is renamed
    data = {"timings_ms": {t.name: t.ms for t in timings}, "answers": shipped}
    (folder / ANSWERS_FILE).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return timings


def over_budget(timings: Iterable[Timing]) -> str | None:
    """A line naming the queries over BUDGET_MS, or None when all are within it."""
    slow = [t for t in timings if t.over_budget]
    if not slow:
        return None
    listed = ", ".join(f"{t.name} {t.ms:,.0f} ms" for t in slow)
    return f"Research queries over the {BUDGET_MS:g} ms budget on this release: {listed}."


class Shipped:
    """The answers a release folder ships, read on first use."""

    def __init__(self, folder: Path) -> None:
        path = folder / ANSWERS_FILE
        data = json.loads(path.read_text("utf-8")) if path.is_file() else {}
        self.timings_ms: dict[str, float] = data.get("timings_ms", {})
        self._answers: dict[str, dict] = data.get("answers", {})

    def answer(self, name: str, fmt: str) -> Answer | None:
        entry = self._answers.get(name)
        if entry is None or fmt not in entry:
            return None
        return Answer(entry[fmt].encode(), entry["rows"])

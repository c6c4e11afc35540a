"""The project's own agreement rows (data/agreements/additions.csv) merged over the shared CSV.

The shared agreements.csv is read-only for the project; what the project's own searches find
goes into additions.csv, next to the Turtle it feeds, with the shared CSV's columns plus
`revision`. A row whose id is new adds an agreement; a row whose id is already in the shared
CSV replaces that row (an upgrade of its evidence, a date found, a retirement) and must say
why in `revision`, which the graph keeps as the agreement's skos:changeNote. A retired
agreement keeps its IRI and gets the status `withdrawn`, with the reason in `revision`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coopgraph import sources
from coopgraph.importers.rows import Row, check_unique_ids, read_rows

FILE_NAME = "additions.csv"
REVISION = "revision"
WITHDRAWN = "withdrawn"


def project_file() -> Path:
    """The project's own additions.csv, beside the agreements Turtle it feeds."""
    return sources.default_root() / "data" / "agreements" / FILE_NAME


def countries(path: Path | None = None) -> set[str]:
    """The country codes the project's additions use (the admin importer labels them)."""
    path = path or project_file()
    return (
        {row["country"] for row in read_rows(path, ("country",), "id")} if path.is_file() else set()
    )


def read_additions(path: Path, columns: Sequence[str]) -> list[Row]:
    """The rows of additions.csv, or none when the file is absent."""
    if not path.is_file():
        return []
    rows = read_rows(path, (*columns, REVISION), "id")
    check_unique_ids(rows)
    return rows


def _check_revision(row: Row, replaces: bool) -> None:
    if replaces and not row[REVISION]:
        raise row.refuse("the id is in the shared CSV: say in 'revision' why this row replaces it")
    if row["status"].lower() == WITHDRAWN and not row[REVISION]:
        raise row.refuse("a withdrawn agreement needs its reason in 'revision'")


def merge(shared: Sequence[Row], additions: Sequence[Row]) -> list[Row]:
    """The shared rows, each replaced by the addition with its id, then the new rows."""
    by_id = {row.id: row for row in additions}
    known = {row.id for row in shared}
    for row in additions:
        _check_revision(row, row.id in known)
    return [by_id.get(row.id, row) for row in shared] + [
        row for row in additions if row.id not in known
    ]


def revision(row: Row) -> str:
    """Why an addition replaces a shared row ('' for a shared row or a new one without one)."""
    return row[REVISION] if REVISION in row.values else ""

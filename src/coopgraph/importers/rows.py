"""CSV rows with their line numbers, and the error an importer raises when it refuses one."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class ImportError_(Exception):
    """A source file or row the importer cannot map. The message names file, line, id, reason."""


@dataclass(frozen=True)
class Row:
    file: Path
    line: int
    id: str
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column].strip()

    def refuse(self, reason: str) -> ImportError_:
        ident = f" ({self.id})" if self.id else ""
        return ImportError_(f"{self.file.name} line {self.line}{ident}: {reason}")


def read_rows(path: Path, columns: Sequence[str], id_column: str | None = None) -> list[Row]:
    """Every data row of a UTF-8 CSV file; refuses a file without the expected columns."""
    if not path.is_file():
        raise ImportError_(f"{path}: no such file")
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise ImportError_(f"{path.name} line 1: missing column(s) {', '.join(missing)}")
        rows: list[Row] = []
        line = 2
        for values in reader:
            row = Row(
                path, line, (values.get(id_column) or "").strip() if id_column else "", values
            )
            if None in values or None in values.values():
                raise row.refuse(
                    f"the row does not have the {len(reader.fieldnames or [])} fields of the header"
                )
            rows.append(row)
            line = reader.line_num + 1
    return rows


def check_unique_ids(rows: Sequence[Row]) -> None:
    seen: dict[str, Row] = {}
    for row in rows:
        if not row.id:
            raise row.refuse("the id is empty")
        if row.id in seen:
            raise row.refuse(f"the id is already used on line {seen[row.id].line}")
        seen[row.id] = row

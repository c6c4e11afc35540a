"""Baselines: accept the results known today, fail only on new ones, report the fixed ones.

A baseline is a JSON file listing results by rule id, focus node, path and value (neither the
message nor the line, which change with unrelated edits).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from coopgraph.validate.report import Report, Result, Severity

FORMAT = "coopgraph-validate-baseline"
KEYS = ("rule_id", "focus_node", "path", "value")


class BaselineError(ValueError):
    """The baseline file is not one this command wrote."""


def key_dict(key: tuple[str, str, str, str]) -> dict[str, str]:
    return dict(zip(KEYS, key, strict=True))


def write(path: Path, report: Report) -> None:
    keys = sorted({r.key for r in report.results})
    document = {"format": FORMAT, "version": 1, "results": [key_dict(k) for k in keys]}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read(path: Path) -> set[tuple[str, str, str, str]]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != FORMAT:
            raise BaselineError(f"{path} is not a baseline written by --write-baseline")
        return {tuple(str(item[k]) for k in KEYS) for item in document["results"]}  # type: ignore[misc]
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as err:
        raise BaselineError(f"{path} is not a valid baseline file: {err}") from err


@dataclass
class Outcome:
    """A report judged against a threshold and, optionally, a baseline."""

    report: Report
    fail_on: Severity = Severity.VIOLATION
    baseline: set[tuple[str, str, str, str]] | None = None
    fixed: list[dict[str, str]] = field(init=False)

    def __post_init__(self) -> None:
        current = {r.key for r in self.report.results}
        known = self.baseline or set()
        self.fixed = [key_dict(k) for k in sorted(known - current)]

    def is_new(self, result: Result) -> bool:
        return self.baseline is None or result.key not in self.baseline

    def fails(self, result: Result) -> bool:
        return result.severity.reaches(self.fail_on) and self.is_new(result)

    @property
    def new(self) -> list[Result]:
        return [r for r in self.report.results if self.is_new(r)]

    @property
    def failing(self) -> list[Result]:
        return [r for r in self.report.results if self.fails(r)]

    @property
    def exit_code(self) -> int:
        return 1 if self.failing else 0

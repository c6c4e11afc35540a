"""What a validation found: one Result per SHACL result, gathered in a Report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

LANGUAGES = ("en", "fr", "ar")


class Severity(StrEnum):
    """SHACL severities, ordered: info < warning < violation."""

    INFO = "info"
    WARNING = "warning"
    VIOLATION = "violation"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    def reaches(self, threshold: Severity | str) -> bool:
        """True when this severity is at or above `threshold`."""
        return self.rank >= Severity(threshold).rank


@dataclass(frozen=True)
class Result:
    rule_id: str
    severity: Severity
    focus_node: str  # an IRI, or '_:' + an IRI for a blank node described inside that resource
    path: str | None  # a SPARQL property path with the project's prefixes
    value: str | None  # an IRI, or a literal in Turtle form ('"1970"^^xsd:gYear')
    message: Mapping[str, str]  # language -> text, for en, fr and ar
    source_component: str
    source_shape: str
    file: str | None  # where the focus node is described: a path, or a graph IRI for a store
    line: int | None

    def text(self, lang: str = "en") -> str:
        """The message in `lang`, else in English, else in any language the shape gives."""
        return (
            self.message.get(lang)
            or self.message.get("en")
            or next(iter(self.message.values()), "")
        )

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What identifies a result across runs (baselines): rule, focus node, path, value."""
        return (self.rule_id, self.focus_node, self.path or "", self.value or "")


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)

    def count(self, severity: Severity | str) -> int:
        return sum(1 for r in self.results if r.severity == Severity(severity))

    def at_or_above(self, fail_on: Severity | str) -> list[Result]:
        return [r for r in self.results if r.severity.reaches(fail_on)]

    def conforms(self, fail_on: Severity | str = Severity.VIOLATION) -> bool:
        """True when no result reaches `fail_on` (violation by default)."""
        return not self.at_or_above(fail_on)

    def counts(self) -> dict[str, int]:
        return {s.value: self.count(s) for s in reversed(Severity)}

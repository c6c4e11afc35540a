"""Reconciling the names of communes and wilayas between the two administrative lists.

Each commune and wilaya has a French and an Arabic name in TransformaTek `dz-admin` and in
othmanus `algeria-cities`. The label is, in order: the form chosen in the reviewed table
`data/admin/names-reviewed.csv` (hand-written: code, level, language, chosen form, why, the
page that shows it: the Journal officiel or a page quoting it where one was found), else
TransformaTek's form (its README says it was made from the Journal officiel), else
othmanus's. Every other source form is kept as a skos:altLabel. The importer writes the whole
comparison to `data/admin/name-differences.csv`: every code whose forms differ, each form,
the chosen one and why.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from coopgraph.importers.datasets import OTHMANUS, TRANSFORMATEK
from coopgraph.importers.rows import read_rows
from coopgraph.importers.text import clean_arabic, fold

REVIEWED_FILE = "names-reviewed.csv"
DIFFERENCES_FILE = "name-differences.csv"
LEVELS = ("commune", "wilaya")
LANGUAGES = ("fr", "ar")
DEFAULT_WHY = {
    "transformatek": "TransformaTek's form (dz-admin, made from the Journal officiel); "
    "othmanus's form is kept as an alternative label.",
    "othmanus": "TransformaTek has no form in this language; othmanus's form is used.",
    "none": "Neither list has a form that could be paired with this code: left out.",
}


@dataclass(frozen=True)
class Review:
    chosen: str
    reason: str
    source: URIRef | None


@dataclass(frozen=True)
class Choice:
    """One name of one commune or wilaya in one language."""

    level: str
    code: int
    language: str
    transformatek: str
    othmanus: str
    review: Review | None

    @property
    def chosen(self) -> str:
        if self.review:
            return self.review.chosen
        return self.transformatek or self.othmanus

    @property
    def sources(self) -> list[URIRef]:
        if self.review:
            found = [s for s, form in self._forms() if _same(form, self.chosen, self.language)]
            return found + ([self.review.source] if self.review.source else [])
        return [TRANSFORMATEK.iri] if self.transformatek else [OTHMANUS.iri]

    @property
    def alternatives(self) -> list[tuple[str, URIRef]]:
        """The source forms that are other spellings than the label (not mere accent variants
        or cut-offs), each with the list it comes from."""
        seen: list[tuple[str, URIRef]] = []
        for source, form in self._forms():
            names = [self.chosen, *(name for name, _ in seen)]
            if form and not any(_same(form, n, self.language) or _cut(form, n) for n in names):
                seen.append((form, source))
        return seen

    @property
    def why(self) -> str:
        if self.review:
            return self.review.reason
        return DEFAULT_WHY[
            "transformatek" if self.transformatek else "othmanus" if self.othmanus else "none"
        ]

    @property
    def differs(self) -> bool:
        both = self.transformatek and self.othmanus
        return bool(self.review) or bool(both and not _same(*self._pair, self.language))

    @property
    def _pair(self) -> tuple[str, str]:
        return self.transformatek, self.othmanus

    def _forms(self) -> list[tuple[URIRef, str]]:
        return [(TRANSFORMATEK.iri, self.transformatek), (OTHMANUS.iri, self.othmanus)]


def _same(a: str, b: str, language: str) -> bool:
    """Latin names compare without accents, case and punctuation ('Ain Biya' = 'Aïn Biya');
    Arabic names after the clean-up of text defects."""
    if language == "fr":
        return fold(a) == fold(b)
    return clean_arabic(a) == clean_arabic(b)


def _cut(form: str, name: str) -> bool:
    """A Latin form that is the name cut short ('El Fedjoudj Boughrara Sa')."""
    return form.isascii() and fold(name).startswith(fold(form))


def read_reviewed(path: Path) -> dict[tuple[str, int, str], Review]:
    """(level, code, language) -> the reviewed choice."""
    columns = ("code", "level", "language", "chosen", "reason", "source_url")
    reviewed: dict[tuple[str, int, str], Review] = {}
    for row in read_rows(path, columns, "code"):
        if row["level"] not in LEVELS or row["language"] not in LANGUAGES:
            raise row.refuse(f"level must be one of {LEVELS}, language one of {LANGUAGES}")
        if not row.id.isdigit() or not row["chosen"] or not row["reason"]:
            raise row.refuse("a reviewed name needs a numeric code, the chosen form and why")
        key = (row["level"], int(row.id), row["language"])
        if key in reviewed:
            raise row.refuse(f"{key} is reviewed twice")
        source = URIRef(row["source_url"]) if row["source_url"] else None
        reviewed[key] = Review(row["chosen"], row["reason"], source)
    return reviewed


def choices(
    level: str,
    code: int,
    transformatek: tuple[str, str],
    othmanus: tuple[str, str],
    reviewed: dict[tuple[str, int, str], Review],
) -> dict[str, Choice]:
    """language -> the name choice, from each list's (French, Arabic) forms."""
    return {
        language: Choice(
            level,
            code,
            language,
            transformatek[i],
            othmanus[i],
            reviewed.get((level, code, language)),
        )
        for i, language in enumerate(LANGUAGES)
    }


def unused_reviews(
    reviewed: dict[tuple[str, int, str], Review], made: Iterable[Choice]
) -> list[tuple[str, int, str]]:
    used = {(c.level, c.code, c.language) for c in made if c.review}
    return sorted(set(reviewed) - used)


def write_differences(made: Sequence[Choice], path: Path) -> Path:
    """The comparison table: one row per code and language whose source forms differ."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(
            ["level", "code", "language", "transformatek", "othmanus", "chosen", "why", "source"]
        )
        for c in sorted(made, key=lambda c: (c.level, c.code, c.language)):
            if c.differs:
                width = 4 if c.level == "commune" else 2
                source = str(c.review.source) if c.review and c.review.source else ""
                writer.writerow(
                    [
                        c.level,
                        f"{c.code:0{width}d}",
                        c.language,
                        c.transformatek,
                        c.othmanus,
                        c.chosen,
                        c.why,
                        source,
                    ]
                )
    return path

"""Find the line of a Turtle file where a resource is described.

Parsers give no positions, so each file is scanned once: the subject of a Turtle statement
starts a line (as the project's files, and most hand-written Turtle, are laid out); its
prefixed name or <IRI> is resolved with the file's prefixes. A resource's line is the start of
the statement that gives its rdf:type, else of its first statement; failing that (a subject
not at the start of a line), the first line that mentions it. A result about one property
(and value) of the resource points, within the resource's statements, at the line that gives
that property (the line of the value, in a list of objects), else at the line of the value
(a subproperty written in its place), else at the statement's start.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from coopgraph.validate.loading import RDF_TYPE, GraphOrigins, Origins

PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I)
SUBJECT = re.compile(r"^(<[^>\s]*>|[A-Za-z][\w.-]*:[^\s;,]*|:[^\s;,]*)")
TYPE_PREDICATE = re.compile(
    r"(?:^|\s)(?:a|rdf:type|<http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type>)\s"
)
DIRECTIVE = re.compile(r"^(?:@?prefix|@?base)\b", re.I)


class TurtleLines:
    """The statements of one Turtle file, by subject IRI."""

    def __init__(self, path: Path) -> None:
        self.lines = path.read_text(encoding="utf-8").splitlines()

    @cached_property
    def prefixes(self) -> dict[str, str]:
        found = (PREFIX.match(line) for line in self.lines)
        return {m[1] or "": m[2] for m in found if m}

    def resolve(self, token: str) -> str | None:
        if token.startswith("<"):
            return token[1:-1]
        prefix, _, local = token.partition(":")
        namespace = self.prefixes.get(prefix)
        return None if namespace is None else namespace + local.replace("\\", "")

    @cached_property
    def statements(self) -> dict[str, list[tuple[int, int]]]:
        """IRI -> [(first line, line after the last) of each statement], in file order. Whether
        a statement gives an rdf:type is read only for the nodes located (line_of): a generated
        file of a million triples has far more subjects than results."""
        starts = [
            (number, iri)
            for number, line in enumerate(self.lines, start=1)
            if not DIRECTIVE.match(line)
            and (m := SUBJECT.match(line))
            and (iri := self.resolve(m[1])) is not None
        ]
        found: dict[str, list[tuple[int, int]]] = {}
        ends = [n for n, _ in starts[1:]] + [len(self.lines) + 1] if starts else []
        for (start, iri), end in zip(starts, ends, strict=True):
            found.setdefault(iri, []).append((start, end))
        return found

    def types(self, start: int, end: int) -> bool:
        return bool(TYPE_PREDICATE.search("\n".join(self.lines[start - 1 : end - 1])))

    def line_of(
        self, iri: str, predicate: str | None = None, value: ox.Term | None = None
    ) -> int | None:
        statements = self.statements.get(iri)
        if not statements:
            return self._first_mention(iri)
        typed = next((s for s in statements if self.types(*s)), statements[0])
        if predicate is not None:
            ordered = [typed, *(s for s in statements if s != typed)]
            found = self._property_line(ordered, predicate, value)
            if found is not None:
                return found
        return typed[0]

    def forms(self, iri: str) -> list[str]:
        """How an IRI may be written in this file: <IRI>, or a prefixed name."""
        return [f"<{iri}>"] + [
            f"{p}:{iri[len(ns) :]}" for p, ns in self.prefixes.items() if iri.startswith(ns)
        ]

    def _property_line(
        self, statements: list[tuple[int, int]], predicate: str, value: ox.Term | None
    ) -> int | None:
        """The line, in these statements, of `predicate` (at `value` in a list of objects), else
        of `value`."""
        names = self.forms(predicate) + (["a"] if predicate == RDF_TYPE.value else [])
        values = self._value_forms(value)
        numbered = [(n, self.lines[n - 1]) for start, end in statements for n in range(start, end)]
        at_predicate = [i for i, (_, line) in enumerate(numbered) if _token_in(names, line)]
        for i in at_predicate:
            for n, line in numbered[i:]:
                if not values or any(v in line for v in values):
                    return n
                if not line.rstrip().endswith(","):  # the list of objects ends here
                    break
        if at_predicate:  # the value is written in another form ("""…""", escapes)
            return numbered[at_predicate[0]][0]
        return next((n for n, line in numbered if values and any(v in line for v in values)), None)

    def _value_forms(self, value: ox.Term | None) -> list[str]:
        if isinstance(value, ox.NamedNode):
            return self.forms(value.value)
        if isinstance(value, ox.Literal) and value.value:
            return [f'"{value.value}"', f"'{value.value}'"]
        return []

    def _first_mention(self, iri: str) -> int | None:
        forms = self.forms(iri)
        return next(
            (n for n, line in enumerate(self.lines, start=1) if any(f in line for f in forms)),
            None,
        )


def _token_in(names: list[str], line: str) -> bool:
    """Whether a line writes one of these names as a whole term (not a longer name)."""
    return any(re.search(rf"(?:^|[\s;\[(,]){re.escape(n)}(?=[\s;,\])]|$)", line) for n in names)


class Locator:
    """Source and line of results, from the dataset's origins and its files.

    A result is reported where the statement that causes it is made: the file that states the
    result's property (and value) of the focus node, preferring a file other than the one that
    describes the node (a second wilaya given to a commune elsewhere is reported there), else
    where the node is described. When only some files are checked (`checked`, the others being
    context), a result is located in a checked file: its statement, else the first line that
    mentions the node or the value, else the file without a line."""

    def __init__(
        self,
        origins: Origins | GraphOrigins,
        files: dict[str, Path],
        checked: frozenset[str] | None = None,
    ) -> None:
        self.origins = origins
        self.files = files
        self.checked = checked
        self._scanned: dict[str, TurtleLines] = {}

    def locate(
        self, node: str, predicate: str | None = None, value: ox.Term | None = None
    ) -> tuple[str | None, int | None]:
        home = self.origins.source_of(node)
        source = self._stating(node, predicate, value, home) or home
        anchor = self.origins.named_ancestor(node)
        if self.checked is not None and source not in self.checked:
            return self._mention(anchor, predicate, value)
        return source, self._line(source, anchor, predicate, value)

    def _stating(
        self, node: str, predicate: str | None, value: ox.Term | None, home: str | None
    ) -> str | None:
        if predicate is None:
            return None
        stating = self.origins.sources_stating(node, predicate, value)
        eligible = [s for s in stating if self.checked is None or s in self.checked]
        return next((s for s in eligible if s != home), next(iter(eligible), None))

    def _mention(
        self, anchor: str, predicate: str | None, value: ox.Term | None
    ) -> tuple[str | None, int | None]:
        """The first checked file, in load order, that mentions the node, else its value."""
        checked = [s for s in self.files if s in (self.checked or ())]
        wanted = [(anchor, predicate, value)]
        if isinstance(value, ox.NamedNode):
            wanted.append((value.value, None, None))
        for iri, *statement in wanted:
            for source in checked:
                if (line := self._lines(source).line_of(iri, *statement)) is not None:
                    return source, line
        return next(iter(checked), None), None

    def _line(
        self, source: str | None, iri: str, predicate: str | None, value: ox.Term | None
    ) -> int | None:
        if source not in self.files:
            return None
        return self._lines(source).line_of(iri, predicate, value)

    def _lines(self, source: str) -> TurtleLines:
        if source not in self._scanned:
            self._scanned[source] = TurtleLines(self.files[source])
        return self._scanned[source]

"""The catalogue of research queries: `queries/*.rq`, each with a metadata header.

A header is the run of `#+ key: value` comment lines at the top of a file (format in
queries/README.md): titles and descriptions in en, fr and ar, tags, and parameters. A parameter
is a variable of the query; `bind` turns the text a user typed into a typed RDF term that the
store substitutes for it, so user input never becomes query text.
This module knows nothing of HTTP or of the store's layout.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from coopgraph import iris

LANGUAGES = ("en", "fr", "ar")
XSD = "http://www.w3.org/2001/XMLSchema#"
NAME = re.compile(r"[a-z0-9][a-z0-9-]*")  # a query's name: its file name without .rq
VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # a parameter's name: a SPARQL variable
HEADER_LINE = re.compile(r"#\+(?: (.*))?$")
ENTRY = re.compile(r"([a-z]+(?:\.[A-Za-z0-9_-]+)*):(?: (.*))?$")
PARAM = re.compile(r"(\S+) (\S+)(?: default=(.+))?$")
MAX_VALUE = 2000  # characters in a parameter value
RESERVED = frozenset({"lang"})  # query-string names the web pages keep for themselves

Term = ox.NamedNode | ox.Literal


class CatalogueError(Exception):
    """A query file is malformed; the message starts with `file:line:`."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        self.path, self.line = path, line
        super().__init__(f"{path}:{line}: {message}")


class ParameterError(ValueError):
    """A value given for a parameter is unknown or not of the parameter's type."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        super().__init__(message)


# ---------------------------------------------------------------------------------------------
# Parameter types: each checks a value as typed and makes the RDF term for it


@dataclass(frozen=True)
class ParamType:
    pattern: re.Pattern[str]
    what: str  # for messages: "an integer"
    example: str  # a valid value, shown in messages and used to check a query that has no default
    datatype: str | None = None  # the literal's datatype; None for IRIs and plain strings

    @property
    def expected(self) -> str:
        return f"{self.what} (e.g. {self.example})"


TYPES: dict[str, ParamType] = {
    "iri": ParamType(
        re.compile(r"<?([a-zA-Z][a-zA-Z0-9+.-]*:[^<>\"{}|^`\\\s]+)>?"),
        "an absolute IRI",
        iris.commune(3101),
    ),
    "string": ParamType(re.compile(r"(.*)", re.S), "a text", "Oran"),
    "integer": ParamType(re.compile(r"([+-]?\d{1,18})"), "an integer", "12", XSD + "integer"),
    "decimal": ParamType(
        re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))"), "a decimal number", "36.75", XSD + "decimal"
    ),
    "date": ParamType(re.compile(r"(\d{4}-\d{2}-\d{2})"), "a date", "2017-11-15", XSD + "date"),
    # A year binds as xsd:integer, the type SPARQL's YEAR() returns, so that it joins with it.
    "year": ParamType(re.compile(r"(\d{4})"), "a year of four digits", "2017", XSD + "integer"),
    "language": ParamType(
        re.compile(r"([a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*)"), "a language tag", "ar"
    ),
    "boolean": ParamType(re.compile(r"(true|false)"), "true or false", "true", XSD + "boolean"),
}


def term_for(kind: str, value: str, base_iri: str = iris.CANONICAL_BASE) -> Term:
    """The RDF term for `value` read as `kind`; ValueError (with what was expected) if it is not.

    Canonical coopgraph IRIs move under `base_iri`, so defaults work on a locally minted build.
    """
    spec = TYPES[kind]
    match = spec.pattern.fullmatch(value.strip() if kind != "string" else value)
    if match is None or len(value) > MAX_VALUE:
        raise ValueError(spec.expected)
    try:
        return _term(kind, match.group(1), spec, base_iri)
    except ValueError as err:  # 2017-02-30, an IRI pyoxigraph refuses
        raise ValueError(spec.expected) from err


def _term(kind: str, text: str, spec: ParamType, base_iri: str) -> Term:
    if kind == "iri":
        return ox.NamedNode(iris.rebase(text, base_iri))
    if kind == "date":
        date.fromisoformat(text)
    if kind == "language":
        text = text.lower()
    if spec.datatype is None:
        return ox.Literal(text)
    return ox.Literal(text, datatype=ox.NamedNode(spec.datatype))


# ---------------------------------------------------------------------------------------------
# The catalogue


@dataclass(frozen=True)
class Parameter:
    name: str  # the SPARQL variable it binds, without '?'
    type: str  # a key of TYPES
    default: str | None = None  # as a user would type it; None: the value is required
    description: dict[str, str] = field(default_factory=dict)  # language -> text


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: dict[str, str]  # language -> text
    description: dict[str, str]
    parameters: tuple[Parameter, ...]
    tags: tuple[str, ...]
    text: str  # the SPARQL query, without its metadata header

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> CannedQuery:
        params = tuple(Parameter(**p) for p in data["parameters"])  # type: ignore[attr-defined]
        return cls(**{**data, "parameters": params, "tags": tuple(data["tags"])})  # type: ignore[arg-type]

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


def bind(
    query: CannedQuery, raw: Mapping[str, str], base_iri: str = iris.CANONICAL_BASE
) -> dict[ox.Variable, Term]:
    """Substitutions for the query's parameters: the values given in `raw`, else the defaults.

    Raises ParameterError naming the parameter and the expected type, for unknown names too.
    """
    for name in raw:
        if query.parameter(name) is None:
            known = ", ".join(p.name for p in query.parameters) or "none"
            raise ParameterError(
                name,
                f"The query {query.name!r} has no parameter {name!r}; its parameters: {known}.",
            )
    bound: dict[ox.Variable, Term] = {}
    for p in query.parameters:
        value = raw.get(p.name, p.default)
        if value is None:
            raise ParameterError(
                p.name, f"The parameter {p.name!r} is required: give {TYPES[p.type].expected}."
            )
        try:
            bound[ox.Variable(p.name)] = term_for(p.type, value, base_iri)
        except ValueError as err:
            shown = value if len(value) <= 80 else value[:80] + "…"
            raise ParameterError(
                p.name, f"The parameter {p.name!r} must be {err}, not {shown!r}."
            ) from err
    return bound


# ---------------------------------------------------------------------------------------------
# Reading .rq files


@dataclass
class _Header:
    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # key -> line it was given on
    params: list[tuple[int, str]] = field(default_factory=list)  # (line, "name type default=…")


def _read_header(path: Path, lines: list[str]) -> tuple[_Header, int]:
    """The header's entries and the number of lines it takes."""
    header, last = _Header(), None
    for number, line in enumerate(lines, 1):
        m = HEADER_LINE.match(line.rstrip("\r\n"))
        if m is None:
            return header, number - 1
        content = m.group(1) or ""
        if content.startswith(" ") and last is not None:  # continuation of the previous value
            header.values[last] += " " + content.strip()
            continue
        entry = ENTRY.match(content)
        if entry is None:
            raise CatalogueError(
                path, number, f"expected `#+ key: value` in the header, found {line.strip()!r}"
            )
        key, value = entry.group(1), (entry.group(2) or "").strip()
        if key == "param":
            header.params.append((number, value))
            last = None
            continue
        if key in header.values:
            raise CatalogueError(
                path, number, f"{key!r} is given twice (first on line {header.lines[key]})"
            )
        header.values[key], header.lines[key], last = value, number, key
    return header, len(lines)


def _parameters(path: Path, header: _Header) -> tuple[Parameter, ...]:
    params: list[Parameter] = []
    for number, spec in header.params:
        m = PARAM.fullmatch(spec)
        if m is None:
            raise CatalogueError(
                path,
                number,
                f"write a parameter as `#+ param: NAME TYPE [default=VALUE]`, not {spec!r}",
            )
        name, kind, default = m.group(1), m.group(2), m.group(3)
        if not VARIABLE.fullmatch(name) or name in RESERVED or any(p.name == name for p in params):
            raise CatalogueError(
                path, number, f"{name!r} is not a new SPARQL variable name (nor 'lang')"
            )
        if kind not in TYPES:
            raise CatalogueError(
                path, number, f"unknown parameter type {kind!r}; use one of " + ", ".join(TYPES)
            )
        if default is not None:
            try:
                term_for(kind, default)
            except ValueError as err:
                raise CatalogueError(
                    path, number, f"the default of {name!r} must be {err}"
                ) from err
        descriptions = _by_language(header, f"param.{name}")
        params.append(Parameter(name, kind, default, descriptions))
    return tuple(params)


def _by_language(header: _Header, key: str) -> dict[str, str]:
    return {
        lang: header.values[f"{key}.{lang}"]
        for lang in LANGUAGES
        if f"{key}.{lang}" in header.values
    }


def _check_keys(path: Path, header: _Header, params: tuple[Parameter, ...], end: int) -> None:
    allowed = {"tags"} | {
        f"{key}.{lang}"
        for key in ("title", "description", *(f"param.{p.name}" for p in params))
        for lang in LANGUAGES
    }
    for key, number in header.lines.items():
        if key not in allowed:
            raise CatalogueError(
                path,
                number,
                f"unknown header key {key!r}; keys are title.LANG, "
                "description.LANG, tags, param, param.NAME.LANG "
                f"(LANG one of {', '.join(LANGUAGES)})",
            )
    for key in ("title", "description"):
        for lang in LANGUAGES:
            if f"{key}.{lang}" not in header.values:
                raise CatalogueError(path, end or 1, f"the header lacks `#+ {key}.{lang}: …`")


def _check_sparql(path: Path, query: CannedQuery, offset: int) -> None:
    """Parse the query (on an empty store) with its parameters bound, as the store will run it:
    to a default, or to an example of their type."""
    values = {p.name: p.default or TYPES[p.type].example for p in query.parameters}
    try:
        ox.Store().query(query.text, substitutions=bind(query, values) or None)
    except SyntaxError as err:
        line, column, message = _position(str(err))
        raise CatalogueError(
            path, line + offset, f"SPARQL syntax error at column {column}: {message}"
        ) from err
    except (ValueError, RuntimeError) as err:  # e.g. a parameter that the query does not select
        raise CatalogueError(path, offset + 1, f"the query cannot run: {err}") from err


POSITION = re.compile(r"error at (\d+):(\d+): ", re.S)


def _position(message: str) -> tuple[int, int, str]:
    m = POSITION.match(message)
    if m is None:
        return 1, 1, message
    return int(m.group(1)), int(m.group(2)), message[m.end() :]


def read_query(path: Path) -> CannedQuery:
    """One .rq file; CatalogueError with file and line if its header or its SPARQL is wrong."""
    name = path.stem
    if not NAME.fullmatch(name):
        raise CatalogueError(
            path,
            1,
            "name query files with lower-case letters, digits and "
            "hyphens (e.g. agreements-by-country.rq)",
        )
    lines = path.read_text("utf-8").splitlines(keepends=True)
    header, end = _read_header(path, lines)
    params = _parameters(path, header)
    _check_keys(path, header, params, end)
    tags = tuple(t.strip() for t in header.values.get("tags", "").split(",") if t.strip())
    query = CannedQuery(
        name,
        _by_language(header, "title"),
        _by_language(header, "description"),
        params,
        tags,
        "".join(lines[end:]).strip() + "\n",
    )
    _check_sparql(path, query, end + _leading_blank_lines(lines[end:]))
    return query


def _leading_blank_lines(lines: list[str]) -> int:
    return next((i for i, line in enumerate(lines) if line.strip()), len(lines))


def load_catalogue(folder: Path) -> list[CannedQuery]:
    """Every `*.rq` of `folder`, by name; [] when there is no such folder."""
    if not folder.is_dir():
        return []
    return [read_query(path) for path in sorted(folder.glob("*.rq"))]


def to_json(catalogue: Iterable[CannedQuery]) -> str:
    return json.dumps([q.to_json() for q in catalogue], ensure_ascii=False, indent=1)


def from_json(text: str) -> list[CannedQuery]:
    return [CannedQuery.from_json(item) for item in json.loads(text)]

"""SPARQL text read as tokens, without a parser: enough to find keywords and IRIs that are
really in the query, not in its strings, IRIs or comments. The product's one SPARQL tokenizer.

A query that comes in (the protocol, the workbench, a research query) is read once into a
`QueryText`: its operation, whether it names its dataset, its SERVICE endpoints, how deep it
nests and its top-level LIMIT and VALUES. The guard, the executor and the store use that
reading instead of reading the text again; it travels with the job to the query process.
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
from dataclasses import dataclass

# One token of SPARQL text: comments, strings, IRIs, prefixed names/keywords/variables.
TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
    | (?P<var>[?$][\w]+)
    | (?P<word>[A-Za-z_][\w.\-]*:?[\w.\-%:\\]*|:[\w.\-%:\\]*)
    | (?P<other>\S)
    """,
    re.VERBOSE,
)


def tokens(text: str) -> list[tuple[str, str]]:
    return [
        (m.lastgroup or "", m.group())
        for m in TOKEN.finditer(text)
        if m.lastgroup not in ("comment", "string")
    ]


def _positioned(text: str) -> list[tuple[int, str]]:
    """Each token's offset and upper-cased text, leaving out comments and strings."""
    return [
        (m.start(), m.group().upper())
        for m in TOKEN.finditer(text)
        if m.lastgroup not in ("comment", "string")
    ]


def where_end(text: str) -> int | None:
    """The offset of the `}` that closes the query's WHERE pattern, or None when the text has
    none that may take more elements (DESCRIBE without one, `CONSTRUCT WHERE { triples }`).
    The pattern is the group after the keyword WHERE, else (the keyword is optional) the first
    group outside parentheses, the second after CONSTRUCT's template."""
    braces = parens = 0
    groups: list[tuple[str, int]] = []  # (the top-level token before it, offset of its `}`)
    previous = ""
    for offset, value in _positioned(text):
        if value == "{":
            if braces == 0 and parens == 0:
                groups.append((previous, -1))
            braces += 1
        elif value == "}":
            braces = max(braces - 1, 0)
            if braces == 0 and parens == 0 and groups and groups[-1][1] < 0:
                groups[-1] = (groups[-1][0], offset)
        elif value in ("(", ")") and braces == 0:
            parens += 1 if value == "(" else -1
        if braces == 0:
            previous = value
    after_where = [end for before, end in groups if before == "WHERE"]
    if after_where:
        short_construct = operation(text) == "CONSTRUCT" and len(groups) == 1
        return None if short_construct else after_where[0]
    first = 1 if operation(text) == "CONSTRUCT" else 0
    return groups[first][1] if len(groups) > first and groups[first][1] >= 0 else None


def _after_prologue(words: list[str]) -> str:
    """The first of the upper-cased `words` after the PREFIX and BASE declarations."""
    i = 0
    while i < len(words) and words[i] in ("PREFIX", "BASE"):
        i += 3 if words[i] == "PREFIX" else 2
    return words[i] if i < len(words) else ""


def operation(text: str) -> str:
    """The keyword that names the operation (SELECT, ASK, …, INSERT, DELETE…), upper-cased."""
    return _after_prologue([value.upper() for _, value in tokens(text)])


OPAQUE = ("comment", "string", "iri")
OPENING, CLOSING, UNARY = ("(", "{", "["), (")", "}", "]"), ("!", "-", "+")
UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def masked(text: str) -> str:
    """The text with its strings, IRIs and comments blanked (same length): what is left are
    the keywords, variables and punctuation, at their offsets."""
    return TOKEN.sub(
        lambda m: " " * len(m[0]) if m.lastgroup in OPAQUE else m[0],
        text,
    )


@dataclass(frozen=True)
class QueryText:
    """A query's text and what is read from it before it runs (see the module's docstring)."""

    text: str
    operation: str  # the keyword that names it (SELECT, ASK, …, INSERT, DELETE…), upper-cased
    dataset: bool  # it names its dataset itself (FROM / FROM NAMED)
    services: tuple[str | None, ...]  # the endpoint IRI of each SERVICE (None: a variable)
    depth: int  # the deepest nesting of (), {}, [] and unary operators (`!!x` is `!(!x)`)
    limit: int | None  # its top-level LIMIT (sys.maxsize when its value cannot be read)
    values: bool  # a top-level VALUES clause, after the WHERE pattern

    def message(self) -> tuple:
        """As a plain tuple, for the pipe to a query process (`QueryText(*message)`)."""
        return (
            self.text,
            self.operation,
            self.dataset,
            self.services,
            self.depth,
            self.limit,
            self.values,
        )


@functools.lru_cache(maxsize=256)  # clients repeat queries; reading one costs more than an ASK
def read(text: str) -> QueryText:
    """The query `text`, read in one pass over its tokens."""
    found = tokens(text)
    upper = [value.upper() for _, value in found]
    prefixes: dict[str, str] = {}
    services: list[str | None] = []
    braces = depth = deepest = run = 0
    limit: int | None = None
    values = False
    dataset = False
    for i, (kind, value) in enumerate(found):
        word = upper[i]
        dataset = dataset or (kind == "word" and word == "FROM")
        if value in OPENING:
            depth += 1
            braces += value == "{"
        elif value in CLOSING:
            depth = max(depth - 1, 0)
            braces = max(braces - (value == "}"), 0)
        run = run + 1 if value in UNARY else 0
        deepest = max(deepest, depth + run)
        if word == "PREFIX" and i + 2 < len(found):
            prefixes[found[i + 1][1]] = _unescape(found[i + 2][1][1:-1])
        elif word == "SERVICE":
            services.extend(_service(found[i + 1 : i + 3], prefixes))
        elif braces == 0 and word == "LIMIT" and limit is None:
            digits = "".join(itertools.takewhile(str.isdigit, upper[i + 1 : i + 21]))
            limit = int(digits) if digits else sys.maxsize
        elif braces == 0 and word == "VALUES":
            values = True
    return QueryText(
        text=text,
        operation=_after_prologue(upper),
        dataset=dataset,
        services=tuple(services),
        depth=deepest,
        limit=limit,
        values=values,
    )


def _unescape(iri: str) -> str:
    return UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), iri)


def _service(rest: list[tuple[str, str]], prefixes: dict[str, str]) -> tuple[str | None, ...]:
    """The endpoint IRI of a SERVICE from the tokens after the keyword (None: a variable;
    nothing when the text ends there)."""
    if rest and rest[0][1].upper() == "SILENT":
        rest = rest[1:]
    if not rest:
        return ()
    kind, target = rest[0]
    if kind == "iri":
        return (_unescape(target[1:-1]),)
    if kind == "word" and ":" in target:
        prefix, local = target.split(":", 1)
        return (prefixes.get(prefix + ":", "") + local,)
    return (None,)


def text_of(query: str | QueryText) -> str:
    return query.text if isinstance(query, QueryText) else query


def declares_dataset(query: str | QueryText) -> bool:
    """Whether the query names its dataset itself (FROM / FROM NAMED)."""
    if isinstance(query, QueryText):
        return query.dataset
    if "FROM" not in query.upper():  # most queries: no need to read them token by token
        return False
    return any(kind == "word" and value.upper() == "FROM" for kind, value in tokens(query))

"""SPARQL text read as tokens, without a parser: enough to find keywords and IRIs that are
really in the query, not in its strings, IRIs or comments."""

from __future__ import annotations

import itertools
import re

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


def declares_dataset(text: str) -> bool:
    """Whether the query names its dataset itself (FROM / FROM NAMED)."""
    if "FROM" not in text.upper():  # most queries: no need to read them token by token
        return False
    return any(kind == "word" and value.upper() == "FROM" for kind, value in tokens(text))


def _top_level(text: str) -> list[str]:
    """The upper-cased tokens outside every `{ … }`: the query form, the solution modifiers."""
    depth, found = 0, []
    for _, value in tokens(text):
        if value == "{":
            depth += 1
        elif value == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            found.append(value.upper())
    return found


def _after_prologue(words: list[str]) -> str:
    """The first of the upper-cased `words` after the PREFIX and BASE declarations."""
    i = 0
    while i < len(words) and words[i] in ("PREFIX", "BASE"):
        i += 3 if words[i] == "PREFIX" else 2
    return words[i] if i < len(words) else ""


def operation(text: str) -> str:
    """The keyword that names the operation (SELECT, ASK, …, INSERT, DELETE…), upper-cased."""
    return _after_prologue([value.upper() for _, value in tokens(text)])


def row_capped(text: str, cap: int | None) -> str | None:
    """The SELECT query `text` made to return at most `cap` rows, or None when that cannot be
    said by appending a LIMIT: another query form, a trailing VALUES clause, or a LIMIT of its
    own above `cap`. A query already within `cap` (or with no cap) comes back unchanged."""
    top = _top_level(text)
    if _after_prologue(top) != "SELECT" or "VALUES" in top:
        return None
    if "LIMIT" not in top:
        return text if cap is None else f"{text}\nLIMIT {cap}"
    digits = "".join(itertools.takewhile(str.isdigit, top[top.index("LIMIT") + 1 :]))
    return text if cap is None or (digits and int(digits) <= cap) else None

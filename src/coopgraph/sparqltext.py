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

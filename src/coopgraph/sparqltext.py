"""SPARQL text read as tokens, without a parser: enough to find keywords and IRIs that are
really in the query, not in its strings, IRIs or comments."""

from __future__ import annotations

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
    return any(kind == "word" and value.upper() == "FROM" for kind, value in tokens(text))

"""What the runner reads from a query's text: its top-level ORDER BY, and its base IRI."""

from __future__ import annotations

import re

# Comments, strings and IRIs are skipped so that braces and keywords inside them do not count.
TOKEN = re.compile(
    r"""\#[^\n\r]*
      | '''.*?''' | \"\"\".*?\"\"\" | '(?:[^'\\\n\r]|\\.)*' | "(?:[^"\\\n\r]|\\.)*"
      | <[^<>\s{}]*>
      | (?P<brace>[{}])
      | (?P<order>\bORDER\s+BY\b)
      | (?P<end>\b(?:LIMIT|OFFSET|VALUES)\b)""",
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)
SIMPLE_KEY = re.compile(r"(?:(?:ASC|DESC)\s*\(\s*[?$](\w+)\s*\)|[?$](\w+))", re.IGNORECASE)


def _top_level_order_clause(query: str) -> str | None:
    depth, start = 0, None
    for m in TOKEN.finditer(query):
        if m.group("brace"):
            depth += 1 if m.group() == "{" else -1
        elif depth == 0 and m.group("order"):
            start = m.end()
        elif depth == 0 and m.group("end") and start is not None:
            return query[start : m.start()]
    return None if start is None else query[start:]


def order_keys(query: str) -> tuple[str, ...] | None:
    """None without a top-level ORDER BY. Else the variables it sorts on, when every condition
    is a plain variable (rows tied on them may come in any order); () when a condition is an
    expression, so that the order of whole rows is checked."""
    clause = _top_level_order_clause(query)
    if clause is None:
        return None
    rest = clause.strip()
    keys: list[str] = []
    while rest:
        m = SIMPLE_KEY.match(rest)
        if m is None:
            return ()
        keys.append(m.group(1) or m.group(2))
        rest = rest[m.end() :].strip()
    return tuple(keys)


def with_base(query: str, base_iri: str) -> str:
    """The query with `base_iri` as its base, as when it is read from that location.

    A BASE the query declares itself is resolved against this one, as the spec says."""
    return f"BASE <{base_iri}>\n{query}"

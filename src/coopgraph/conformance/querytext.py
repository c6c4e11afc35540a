"""What the runner reads from a query's text: its top-level ORDER BY."""

from __future__ import annotations

import re

from coopgraph.sparqltext import TOKEN

SIMPLE_KEY = re.compile(r"(?:(?:ASC|DESC)\s*\(\s*[?$](\w+)\s*\)|[?$](\w+))", re.IGNORECASE)


def _top_level_order_clause(query: str) -> str | None:
    depth, start, previous = 0, None, ""
    for m in TOKEN.finditer(query):
        if m.lastgroup in ("comment", "string", "iri"):
            continue  # braces and keywords inside them do not count
        value = m.group().upper()
        if value in ("{", "}"):
            depth += 1 if value == "{" else -1
        elif depth == 0 and value == "BY" and previous == "ORDER":
            start = m.end()
        elif depth == 0 and value in ("LIMIT", "OFFSET", "VALUES") and start is not None:
            return query[start : m.start()]
        previous = value
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

"""FILTER NOT EXISTS made linear: rewritten as MINUS over the same group (an anti-join).

Oxigraph (0.5) plans the pattern of a FILTER NOT EXISTS without the outer bindings and
evaluates it once per outer solution; with an OPTIONAL inside, each evaluation reads every
match of the OPTIONAL's pattern, so the check grows with the square of the data (DC-12 took
25 s on 100k triples). The anti-join

    { FOCUS OUTER FILTER NOT EXISTS { INNER } }
    ->  { FOCUS OUTER MINUS { SELECT DISTINCT V WHERE { FOCUS OUTER INNER } } }

with V the variables OUTER shares with INNER, is evaluated with hash joins. (FOCUS, the
pattern of the focus nodes, could be left out of the MINUS: each solution of the outer group
is a solution of the MINUS group when INNER holds for it; kept, it keeps the MINUS small.)
It is the same
only when every variable of OUTER is bound in each solution and INNER sees the outer values
as a join would; so the rewrite applies only when OUTER is triple patterns, FILTERs and groups
that bind every variable they mention (no OPTIONAL, UNION, BIND, VALUES, MINUS), and INNER
is triple patterns, FILTERs and OPTIONALs of triple patterns. Anything else is left as it is.
"""

from __future__ import annotations

import re

# Braces do not count inside strings, IRIs and comments.
OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
NOT_EXISTS = re.compile(r"\bFILTER\s+NOT\s+EXISTS\s*\{", re.IGNORECASE)
OUTER_KEYWORDS = re.compile(
    r"\b(OPTIONAL|UNION|BIND|VALUES|MINUS|SERVICE|GRAPH|EXISTS)\b", re.IGNORECASE
)
INNER_KEYWORDS = re.compile(
    r"\b(UNION|BIND|VALUES|MINUS|SERVICE|GRAPH|EXISTS|SELECT)\b", re.IGNORECASE
)
OPTIONAL_GROUP = re.compile(r"\bOPTIONAL\s*\{", re.IGNORECASE)
VARIABLE = re.compile(r"[?$]([A-Za-z_][\w]*)")


def masked(text: str) -> str:
    """The text with strings, IRIs and comments blanked (same length), for brace matching."""
    return OPAQUE.sub(lambda m: " " * len(m[0]), text)


def closing(mask: str, start: int) -> int:
    """Index of the '}' that closes the '{' at `start`."""
    depth = 0
    for i in range(start, len(mask)):
        depth += {"{": 1, "}": -1}.get(mask[i], 0)
        if depth == 0:
            return i
    raise ValueError("unbalanced braces")


def variables(text: str) -> set[str]:
    return set(VARIABLE.findall(masked(text)))


def anti_join(group: str, focus: str = "") -> str:
    """The body of a group pattern (without its braces) with each top-level FILTER NOT EXISTS
    as a MINUS, when that is safe (see the module's docstring); else the body unchanged.
    `focus` (a group binding ?this, put before the body by the caller) starts each MINUS."""
    mask = masked(group)
    blocks = []  # (start, end) of each top-level FILTER NOT EXISTS { ... }
    for match in NOT_EXISTS.finditer(mask):
        if blocks and match.start() < blocks[-1][1]:
            continue
        if mask[: match.start()].count("{") != mask[: match.start()].count("}"):
            continue  # nested in a group of the body: not a top-level filter
        blocks.append((match.start(), closing(mask, match.end() - 1) + 1))
    if not blocks:
        return group
    starts, ends = [s for s, _ in blocks] + [len(group)], [0] + [e for _, e in blocks]
    outer = "".join(group[a:b] for a, b in zip(ends, starts, strict=True))
    inners = [group[mask.index("{", s) + 1 : e - 1] for s, e in blocks]
    if not safe_outer(outer) or not all(map(safe_inner, inners)):
        return group
    minus = []
    for inner in inners:
        shared = sorted(variables(outer) & variables(inner))
        if not shared:
            return group  # MINUS without a shared variable removes nothing
        projection = " ".join(f"?{v}" for v in shared)
        minus.append(
            f" MINUS {{ SELECT DISTINCT {projection} WHERE {{ {focus} {outer} {inner} }} }}"
        )
    return outer + "".join(minus)


def safe_outer(text: str) -> bool:
    return not OUTER_KEYWORDS.search(masked(text))


def safe_inner(text: str) -> bool:
    """Triple patterns, FILTERs and OPTIONALs of triple patterns (no deeper groups)."""
    mask = masked(text)
    optionals = len(OPTIONAL_GROUP.findall(mask))
    return not INNER_KEYWORDS.search(mask) and mask.count("{") == optionals

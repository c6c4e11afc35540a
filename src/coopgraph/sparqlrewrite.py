"""Every rewrite of a query's text, in one place, each where the engine offers no other way.

pyoxigraph takes the base IRI (`base_iri`), the dataset (`default_graph`, `named_graphs`,
`use_default_graph_as_union`) and the values of variables (`substitutions`) as parameters of
`Store.query`: the embedded store passes them so, and rewrites nothing. What remains:

- `capped`: a LIMIT appended to a SELECT, so that the engine stops one row past the server's
  row limit and writes the result itself (pyoxigraph has no row limit parameter);
- `with_base` and `with_values`: the base IRI and the parameters of a query sent to another
  SPARQL server, since the SPARQL 1.1 Protocol has no parameter for either;
- `anti_join`: FILTER NOT EXISTS as MINUS in the compiled SHACL checks, a plan Oxigraph does
  not find by itself (see its docstring).

Each is tested against the engine's parser (tests/test_sparqlrewrite.py): what it writes parses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from coopgraph.sparqltext import QueryText, masked, where_end

# ---------------------------------------------------------------------------------------------
# The row limit


def capped(query: QueryText, cap: int | None) -> str | None:
    """The SELECT query made to return at most `cap` rows, or None when that cannot be said by
    appending a LIMIT: another query form, a trailing VALUES clause, or a LIMIT of its own
    above `cap`. A query already within `cap` (or with no cap) comes back unchanged."""
    if query.operation != "SELECT" or query.values:
        return None
    if query.limit is None:
        return query.text if cap is None else f"{query.text}\nLIMIT {cap}"
    return query.text if cap is None or query.limit <= cap else None


# ---------------------------------------------------------------------------------------------
# Queries sent to another server


def with_base(text: str, base_iri: str) -> str:
    """The query with `base_iri` as its base, as when it is read from that location.

    A BASE the query declares itself is resolved against this one, as the spec says."""
    return f"BASE <{base_iri}>\n{text}"


def with_values(text: str, substitutions: Mapping[ox.Variable, ox.Term]) -> str:
    """The query with the values of its variables as an inline VALUES block: the remote form
    of pyoxigraph's substitutions."""
    names = " ".join(f"?{var.value}" for var in substitutions)
    values = " ".join(f"({term})" for term in substitutions.values())
    return in_where(text, f"VALUES ({names}) {{ {values} }}")


def in_where(text: str, block: str) -> str:
    """The query with `block` last in its WHERE pattern, so that it joins before the solution
    modifiers as substitutions do; after the query (a trailing VALUES) only where there is no
    such pattern. Virtuoso 7.2 does not join a trailing VALUES with a variable the pattern
    computes (a BIND, a subquery's projection): it overwrites the variable in every row
    (agreements-signed-in-year gave every agreement, each with the year asked for)."""
    end = where_end(text)
    if end is None:
        return f"{text.rstrip()}\n{block}"
    return f"{text[:end].rstrip()}\n  {block}\n{text[end:]}"


# ---------------------------------------------------------------------------------------------
# FILTER NOT EXISTS made linear (the compiled SHACL checks)

NOT_EXISTS = re.compile(r"\bFILTER\s+NOT\s+EXISTS\s*\{", re.IGNORECASE)
OUTER_KEYWORDS = re.compile(
    r"\b(OPTIONAL|UNION|BIND|VALUES|MINUS|SERVICE|GRAPH|EXISTS)\b", re.IGNORECASE
)
INNER_KEYWORDS = re.compile(
    r"\b(UNION|BIND|VALUES|MINUS|SERVICE|GRAPH|EXISTS|SELECT)\b", re.IGNORECASE
)
OPTIONAL_GROUP = re.compile(r"\bOPTIONAL\s*\{", re.IGNORECASE)
VARIABLE = re.compile(r"[?$]([A-Za-z_][\w]*)")


def closing(mask: str, start: int) -> int:
    """Index of the '}' that closes the '{' at `start` of a `masked` text."""
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
    as a MINUS, when that is safe; else the body unchanged. `focus` (a group binding ?this,
    put before the body by the caller) starts each MINUS.

    Oxigraph (0.5) plans the pattern of a FILTER NOT EXISTS without the outer bindings and
    evaluates it once per outer solution; with an OPTIONAL inside, each evaluation reads every
    match of the OPTIONAL's pattern, so the check grows with the square of the data (DC-12
    took 25 s on 100k triples). The anti-join

        { FOCUS OUTER FILTER NOT EXISTS { INNER } }
        ->  { FOCUS OUTER MINUS { SELECT DISTINCT V WHERE { FOCUS OUTER INNER } } }

    with V the variables OUTER shares with INNER, is evaluated with hash joins. (FOCUS, the
    pattern of the focus nodes, could be left out of the MINUS: each solution of the outer
    group is a solution of the MINUS group when INNER holds for it; kept, it keeps the MINUS
    small.) It is the same only when every variable of OUTER is bound in each solution and
    INNER sees the outer values as a join would; so the rewrite applies only when OUTER is
    triple patterns, FILTERs and groups that bind every variable they mention (no OPTIONAL,
    UNION, BIND, VALUES, MINUS), and INNER is triple patterns, FILTERs and OPTIONALs of triple
    patterns. Anything else is left as it is."""
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

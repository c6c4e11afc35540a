"""SPARQL syntax errors in words: where (line, column, the line with a caret under the place)
and what was expected, read from the parser's message and the tokens around the place.

pyoxigraph's parser names the grammar rules it tried at the furthest point it reached
("expected one of LATERAL, SERVICE, [_]" for a triple without its object): exact, but not
words a person reads. The commonest mistakes are recognised from the query's own tokens; the
rest are said with the parser's keywords and punctuation, character classes left out.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from coopgraph.sparqltext import TOKEN

POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
KEYWORD = re.compile(r"(?<![\w'\"])([A-Za-z][A-Za-z0-9]*)(?![\w'\"])")
FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
TERM = (
    "a variable such as ?x, an IRI such as <http://…> or coop:Wilaya, "
    'or a literal such as "text" or 42'
)
SPACED_IRI = re.compile(r"<([A-Za-z][\w+.-]*:[^<>\s]*)[ \t]")
FUNCTIONS = {"STR", "LANG", "ABS", "CEIL", "YEAR", "REGEX", "BOUND", "COUNT", "SUM", "IRI"}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _tokens(text: str) -> list[Token]:
    """The tokens, a number (digits, dots, signs, exponent, read one character at a time by
    TOKEN) as one, and a literal's language tag or datatype folded into it."""
    out: list[Token] = []
    for m in TOKEN.finditer(text):
        kind, value = m.lastgroup or "", m.group()
        last = out[-1] if out else None
        if kind == "comment":
            continue
        if (
            last
            and last.end == m.start()
            and (
                (last.kind == "number" and (value[0].isdigit() or value in ".eE+-"))
                or (last.kind == "literal" and (value in "@^" or last.text[-1] in "@^"))
            )
        ):
            out[-1] = Token(last.kind, last.text + value, last.start)
            continue
        if kind == "other" and value.isdigit():
            kind = "number"
        elif kind == "string":
            kind = "literal"
        out.append(Token(kind, value, m.start()))
    return out


def explain(query: str, error: Exception) -> str:
    """The whole message for a query that does not parse (`error`: pyoxigraph's SyntaxError,
    or the same text from a remote Oxigraph server)."""
    found = POSITION.match(str(error))
    if not found:
        return f"The query is not valid SPARQL: {error}"
    line, column, detail = int(found[1]), int(found[2]), found[3]
    lines = query.split("\n")
    offset = sum(len(text) + 1 for text in lines[: line - 1]) + column - 1
    words, place = _in_words(query, offset, detail)
    if place is not None:  # a recognised mistake is shown where it is, not where parsing gave up
        line = query.count("\n", 0, place) + 1
        column = place - (query.rfind("\n", 0, place) + 1) + 1
    return f"The query is not valid SPARQL: line {line}, column {column}: {words}.\n\n" + excerpt(
        lines, line, column
    )


def excerpt(lines: list[str], line: int, column: int) -> str:
    """The offending line, numbered, with a caret under the column (tabs kept, so that the
    caret lines up wherever the text is shown in a fixed-width font)."""
    source = lines[line - 1].rstrip("\r") if line <= len(lines) else ""
    pad = "".join("\t" if c == "\t" else " " for c in source[: column - 1])
    width = len(str(line))
    return f"  {line} | {source}\n  {' ' * width} | {pad}^"


def _found(query: str, tokens: list[Token], offset: int) -> str:
    at = next((t for t in tokens if t.start <= offset < t.end or t.start >= offset), None)
    if at is None or not query[offset:].strip():
        return "found the end of the query"
    return f"found '{at.text[:40]}'"


Said = tuple[str, int | None]  # the words, and the place they are about if not the parser's


def _in_words(query: str, offset: int, detail: str) -> Said:
    tokens = _tokens(query)
    before = [t for t in tokens if t.end <= offset]
    for rule in (_undeclared_prefix, _unclosed, _query_form):
        said = rule(query, before, offset, detail)
        if said:
            return said, None
    for placed in (_missing_as, _incomplete_triple, _missing_by, _bare_filter, _lone_operator):
        found = placed(tokens, offset)
        if found[0]:
            return found
    return f"expected {_expected(before, detail)}, {_found(query, tokens, offset)}", None


def _undeclared_prefix(query: str, before: list[Token], offset: int, detail: str) -> str:
    if "Prefix not found" not in detail or not before or ":" not in before[-1].text:
        return ""
    name = before[-1].text.rsplit("^^", 1)[-1]  # a datatype's prefixed name
    prefix = name.split(":", 1)[0]
    return (
        f"the prefix '{prefix}:' of {name} is not declared: add "
        f"'PREFIX {prefix}: <…>' before the query form"
    )


def _unclosed(query: str, before: list[Token], offset: int, detail: str) -> str:
    rest = query[offset:]
    if '"\\\\u"' in detail or ('"\'"' in detail and "\\\\" in detail):
        return "a closing quote: the string is not closed on its line"
    spaced = SPACED_IRI.search(query)
    if spaced and spaced.end() <= offset + 1:
        return f"a closing '>' after <{spaced[1]}: an IRI cannot contain spaces"
    if rest.strip():
        return ""
    depth = {"{": 0, "(": 0}
    closing = {"}": "{", ")": "("}
    for t in before:
        if t.text in depth:
            depth[t.text] += 1
        elif t.text in closing:
            depth[closing[t.text]] -= 1
    missing = [f"'{dict(map(reversed, closing.items()))[o]}'" for o, n in depth.items() if n > 0]
    if missing:
        return f"the query ends too early: {' and '.join(missing)} to close what is open"
    return ""


def _query_form(query: str, before: list[Token], offset: int, detail: str) -> str:
    words = [t.text.upper() for t in _tokens(query) if t.kind == "word"]
    i = 0
    while i < len(words) and words[i] in ("PREFIX", "BASE"):
        i += 2 if words[i] == "PREFIX" else 1
    first = words[i] if i < len(words) else ""
    if first in FORMS:
        return ""
    return (
        "a query form: SELECT, CONSTRUCT, ASK or DESCRIBE after any PREFIX and BASE lines "
        f"(the query has {first or 'none'!r}; this endpoint runs no updates)"
    )


def _missing_as(tokens: list[Token], offset: int) -> Said:
    """`SELECT (COUNT(?x) ?n)`: an expression in the projection without AS."""
    depth = 0
    for previous, t in itertools.pairwise(tokens):
        if t.text == "{" or t.text.upper() == "WHERE":
            break
        depth += {"(": 1, ")": -1}.get(previous.text, 0)
        if previous.text == ")" and depth >= 1 and t.kind == "var":
            return f"the keyword AS before {t.text}, as in (COUNT(?x) AS {t.text})", t.start
    return "", None


def _incomplete_triple(tokens: list[Token], offset: int) -> Said:
    """A triple without its predicate or object: `{ ?x ?p }`, `{ ?x . }`, `?p ?o ; ?q }`.
    The parser often reports such a place past the closing brace it went on to read."""
    k = next((i for i, t in enumerate(tokens) if t.start >= offset), len(tokens))
    if k and tokens[k - 1].text == "}":
        k -= 1
    while k < len(tokens) and tokens[k].text in ("}", ".", ";"):
        terms, boundary = _triple_before(tokens, k)
        if terms is None:
            return "", None
        if boundary == "." and not terms and k > 0:
            k -= 1  # `?x . }`: the triple is the one the dot ended
            continue
        if (boundary == ";" and len(terms) == 1) or len(terms) == 2:
            return (
                f"an object after the predicate {terms[-1].text} to complete the triple: {TERM}",
                tokens[k].start,
            )
        if len(terms) == 1:
            return (
                f"a predicate after the subject {terms[0].text} (a property such as "
                "rdfs:label or <http://…>, or 'a'), then an object",
                tokens[k].start,
            )
        return "", None
    return "", None


def _triple_before(tokens: list[Token], k: int) -> tuple[list[Token] | None, str]:
    """The terms between token k and the punctuation before it, and that punctuation; None
    when a keyword (FILTER, OPTIONAL…) says it is not a plain triple."""
    terms: list[Token] = []
    for t in reversed(tokens[:k]):
        if t.text in ("{", ".", ";", ",", "}"):
            return terms, t.text
        if t.kind == "word" and ":" not in t.text and t.text != "a":
            return None, ""
        terms.insert(0, t)
    return None, ""


def _missing_by(tokens: list[Token], offset: int) -> Said:
    for previous, t in itertools.pairwise(tokens):
        if previous.text.upper() in ("GROUP", "ORDER") and t.text.upper() != "BY":
            return f"the keyword BY after {previous.text.upper()}", t.start
    return "", None


def _bare_filter(tokens: list[Token], offset: int) -> Said:
    for previous, t in itertools.pairwise(tokens):
        if previous.text.upper() == "FILTER" and t.kind in ("var", "iri", "literal", "number"):
            return "a condition in parentheses after FILTER, as in FILTER(?x > 1)", t.start
    return "", None


def _lone_operator(tokens: list[Token], offset: int) -> Said:
    """`FILTER(?x = )`: an operator with nothing on its right."""
    for previous, t in itertools.pairwise(tokens):
        if previous.kind == "other" and previous.text in "=<>+-*/" and t.text in (")", "}", ","):
            return f"an expression after '{previous.text}': {TERM}", t.start
    return "", None


def _expected(before: list[Token], detail: str) -> str:
    """The parser's expectations in words: keywords and punctuation as written, character
    classes as what they stand for."""
    listed = detail.removeprefix("expected ").removeprefix("one of ")
    if before and before[-1].text.upper() in ("LIMIT", "OFFSET"):
        return f"a whole number after {before[-1].text.upper()}"
    if before and before[-1].text.upper() == "FILTER":
        return "a condition in parentheses after FILTER, as in FILTER(?x > 1)"
    keywords = set(
        KEYWORD.findall(QUOTED.sub("", listed.split("[")[0] if "[" in listed else listed))
    )
    if keywords & FUNCTIONS:
        return f"an expression: {TERM}, or a function call such as STR(?x)"
    marks = [m for m in QUOTED.findall(listed) if m]
    if {"?", "<"} <= set(marks):
        return f"a term: {TERM}"
    named = sorted(k for k in keywords if k.isupper()) + [f"'{m}'" for m in marks]
    if "'0'..='9'" in listed:
        named.append("a number")
    if not named:
        return "something else here"
    return named[0] if len(named) == 1 else "one of " + ", ".join(named)

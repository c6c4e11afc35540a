"""What the public endpoint refuses before a query runs: updates, and SERVICE calls off the list.

pyoxigraph evaluates SERVICE by fetching the endpoint over HTTP, so every SERVICE IRI is read
from the query text here, before evaluation: only endpoints on the configured allow-list may
be called, and never one that resolves to a loopback, private, link-local or reserved address.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

from coopgraph import sparqltext
from coopgraph.problems import Problem

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)

UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


# Nesting of (), {}, [] and unary operators: the engine recurses and overflows near 5000 levels.
MAX_DEPTH = 500


def _unescape(iri: str) -> str:
    return UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), iri)


def check_not_update(text: str) -> None:
    """A query operation that is really an update is refused with a read-only message."""
    keyword = sparqltext.operation(text)
    if keyword in UPDATE_KEYWORDS:
        raise Problem(
            403,
            f"{keyword} is a SPARQL Update operation: this endpoint is read-only. "
            "The registry changes only through its sources (see the README).",
        )


def service_iris(text: str) -> list[str | None]:
    """The endpoint IRI of every SERVICE clause (None when it is a variable)."""
    tokens = sparqltext.tokens(text)
    prefixes: dict[str, str] = {}
    found: list[str | None] = []
    for i, (_, value) in enumerate(tokens):
        if value.upper() == "PREFIX" and i + 2 < len(tokens):
            prefixes[tokens[i + 1][1]] = _unescape(tokens[i + 2][1][1:-1])
        if value.upper() != "SERVICE":
            continue
        rest = tokens[i + 1 : i + 3]
        if rest and rest[0][1].upper() == "SILENT":
            rest = rest[1:]
        if not rest:
            continue
        target_kind, target = rest[0]
        if target_kind == "iri":
            found.append(_unescape(target[1:-1]))
        elif target_kind == "word" and ":" in target:
            prefix, local = target.split(":", 1)
            found.append(prefixes.get(prefix + ":", "") + local)
        else:
            found.append(None)
    return found


def is_public_host(host: str) -> bool:
    """True when every address the host resolves to is a public unicast address."""
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    return bool(addresses) and all(a.is_global and not a.is_multicast for a in addresses)


def check_services(text: str, allowlist: tuple[str, ...]) -> None:
    for iri in service_iris(text):
        if iri is None:
            raise Problem(
                400, "SERVICE must name its endpoint with an IRI; a variable is not allowed here."
            )
        if iri not in allowlist:
            allowed = ", ".join(allowlist) if allowlist else "none is configured"
            raise Problem(
                403,
                f"SERVICE <{iri}> is not allowed: federated queries may only call the endpoints "
                f"on this server's allow-list ({allowed}).",
            )
        host = urlsplit(iri).hostname or ""
        if urlsplit(iri).scheme not in ("http", "https") or not is_public_host(host):
            raise Problem(
                403,
                f"SERVICE <{iri}> is refused: it does not resolve to a public http(s) address.",
            )


def check_depth(text: str) -> None:
    """Refuse nesting deep enough to overflow the engine's stack (it would kill the process)."""
    depth = deepest = run = 0
    for _, value in sparqltext.tokens(text):
        if value in ("(", "{", "["):
            depth += 1
        elif value in (")", "}", "]"):
            depth = max(depth - 1, 0)
        run = run + 1 if value in ("!", "-", "+") else 0  # `!!!x` nests like `!(!(!x))`
        deepest = max(deepest, depth + run)
    if deepest > MAX_DEPTH:
        raise Problem(
            400,
            f"The query is nested {deepest} levels deep; this endpoint evaluates at most "
            f"{MAX_DEPTH}. Flatten it (fewer nested groups, parentheses or operators).",
        )


def check(text: str, allowlist: tuple[str, ...]) -> None:
    check_not_update(text)
    check_depth(text)
    if "service" in text.lower():
        check_services(text, allowlist)

"""What the public endpoint refuses before a query runs: updates, and SERVICE calls off the list.

pyoxigraph evaluates SERVICE by fetching the endpoint over HTTP, so every SERVICE IRI is read
from the query text (`QueryText.services`), before evaluation: only endpoints on the configured
allow-list may be called, and never one that resolves to a loopback, private, link-local or
reserved address.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from coopgraph.problems import Problem
from coopgraph.sparqltext import QueryText

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)

# Nesting of (), {}, [] and unary operators: the engine recurses and overflows near 5000 levels.
MAX_DEPTH = 500


def check_not_update(query: QueryText) -> None:
    """A query operation that is really an update is refused with a read-only message."""
    keyword = query.operation
    if keyword in UPDATE_KEYWORDS:
        raise Problem(
            403,
            f"{keyword} is a SPARQL Update operation: this endpoint is read-only. "
            "The registry changes only through its sources (see the README).",
        )


def is_public_host(host: str) -> bool:
    """True when every address the host resolves to is a public unicast address."""
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    return bool(addresses) and all(a.is_global and not a.is_multicast for a in addresses)


def check_services(query: QueryText, allowlist: tuple[str, ...]) -> None:
    for iri in query.services:
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


def check_depth(query: QueryText) -> None:
    """Refuse nesting deep enough to overflow the engine's stack (it would kill the process)."""
    deepest = query.depth
    if deepest > MAX_DEPTH:
        raise Problem(
            400,
            f"The query is nested {deepest} levels deep; this endpoint evaluates at most "
            f"{MAX_DEPTH}. Flatten it (fewer nested groups, parentheses or operators).",
        )


def check(query: QueryText, allowlist: tuple[str, ...]) -> None:
    check_not_update(query)
    check_depth(query)
    check_services(query, allowlist)

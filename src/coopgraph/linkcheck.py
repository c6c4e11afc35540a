"""The link checker: can every page the graph cites (dct:source) still be reached?

It reads the cited URLs from a built store, asks each for its headers (HEAD, then GET where a
server refuses HEAD), following redirects, and sorts them into reachable, broken (the server
answered 4xx/5xx) and unreachable (no answer: no network, no such host, refused, timed out).
Run offline, everything is unreachable and the report says so: it never guesses.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from coopgraph.store import Store

CITED = """PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?url (COUNT(DISTINCT ?s) AS ?citing) WHERE { ?s dct:source ?url FILTER(isIRI(?url)) }
GROUP BY ?url ORDER BY ?url"""
USER_AGENT = "coopgraph-linkcheck/1 (+https://w3id.org/coopgraph/)"
# Servers that answer HEAD with these often serve the page to GET.
RETRY_WITH_GET = {403, 405, 501}
# Characters a URI may carry as they are; anything else in an IRI is sent UTF-8 percent-encoded.
URI_SAFE = ":/?#[]@!$&'()*+,;=%~"


@dataclass(frozen=True)
class Cited:
    url: str
    citing: int  # how many resources cite it


@dataclass(frozen=True)
class Outcome:
    cited: Cited
    status: int | None  # the HTTP status of the last answer, None when there was none
    error: str | None  # why there was no answer, or the server's reason for a 4xx/5xx

    @property
    def verdict(self) -> str:
        if self.status is None:
            return "unreachable"
        return "ok" if self.status < 400 else "broken"


def cited_sources(store: Store) -> list[Cited]:
    """Every URL the graph gives as a dct:source, with how many resources cite it."""
    return [Cited(r["url"].value, int(r["citing"].value)) for r in store.query(CITED)]


def as_uri(iri: str) -> str:
    """The URI an HTTP client can send for an IRI: the sources cite pages by their Arabic or
    accented paths, which go on the wire percent-encoded (RFC 3987, 3.1), the host as IDNA."""
    parts = urllib.parse.urlsplit(iri)
    host = (
        parts.netloc.encode("idna").decode("ascii") if not parts.netloc.isascii() else parts.netloc
    )
    return urllib.parse.urlunsplit(
        (parts.scheme, host, *(urllib.parse.quote(p, safe=URI_SAFE) for p in parts[2:]))
    )


def _ask(url: str, method: str, timeout: float) -> int:
    request = urllib.request.Request(as_uri(url), method=method, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return int(response.status)


def check(cited: Cited, timeout: float) -> Outcome:
    """One URL's outcome; never raises for a network or HTTP failure."""
    for method in ("HEAD", "GET"):
        try:
            return Outcome(cited, _ask(cited.url, method, timeout), None)
        except urllib.error.HTTPError as err:
            if method == "HEAD" and err.code in RETRY_WITH_GET:
                continue
            return Outcome(cited, err.code, str(err.reason))
        except (urllib.error.URLError, OSError, ValueError) as err:
            reason = err.reason if isinstance(err, urllib.error.URLError) else err
            return Outcome(cited, None, str(reason))
    raise AssertionError("unreachable: GET always returns")  # pragma: no cover


def check_all(
    cited: Iterable[Cited],
    timeout: float = 10.0,
    workers: int = 8,
    progress: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Every URL's outcome, in the order given; a few requests at a time."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = []
        for outcome in pool.map(lambda c: check(c, timeout), cited):
            if progress:
                progress(outcome)
            outcomes.append(outcome)
    return outcomes

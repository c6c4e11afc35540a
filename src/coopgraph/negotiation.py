"""Content negotiation: which representation a client gets, from Accept or an explicit format.

Shared by the SPARQL endpoint and the linked-data pages. Built on werkzeug's Accept parser
(q-values, wildcards, specificity); this module only adds coopgraph's offers and aliases.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


@dataclass(frozen=True)
class Representation:
    name: str  # the `format` parameter value and file suffix
    media_type: str  # what goes into Content-Type
    aliases: tuple[str, ...] = ()  # other media types a client may ask for
    nicknames: tuple[str, ...] = ()  # other `format` values clients send (SPARQLWrapper: n3…)

    def answers_to(self, value: str) -> bool:
        """Whether a `format` value names this representation (short names are any case)."""
        return value.strip().lower() in (self.name, self.media_type, *self.aliases, *self.nicknames)

    @property
    def content_type(self) -> str:
        text = self.media_type.startswith("text/") or self.media_type.endswith(("+json", "+xml"))
        textual = text or self.media_type in {
            "application/n-triples",
            "application/n-quads",
            "application/trig",
        }
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


class NotAcceptable(Exception):
    """No offered representation matches the client's Accept header."""

    def __init__(self, accept: str, offers: tuple[Representation, ...]) -> None:
        self.offers = offers
        super().__init__(
            f"None of the media types in 'Accept: {accept}' can be produced here. "
            "Supported: "
            + ", ".join(r.media_type for r in offers)
            + ". Ask for one of them, or use ?format="
            + "|".join(r.name for r in offers)
            + "."
        )


class UnknownFormat(ValueError):
    def __init__(self, asked: str, offers: tuple[Representation, ...]) -> None:
        super().__init__(
            f"Unknown format '{asked}'. Use one of: " + ", ".join(r.name for r in offers) + "."
        )


# Clients send few distinct Accept headers; parsing one costs more than a cheap query's
# lookup in the store. Bounded, since the header is the client's. A plain lru_cache, not the
# release cache (coopgraph.releasecache): the choice depends on its arguments alone, the same
# in every release, so nothing here can go stale when the release changes.
@lru_cache(maxsize=256)
def choose(
    offers: tuple[Representation, ...], accept_header: str | None, format_param: str | None = None
) -> Representation:
    """`format` wins (by name or media type); else the best match of Accept; no Accept = first."""
    if format_param:
        for r in offers:
            if r.answers_to(format_param):
                return r
        raise UnknownFormat(format_param, offers)
    accept = parse_accept_header(accept_header or "", MIMEAccept)
    if not accept:
        return offers[0]
    # q=0 refuses a type outright: neither it nor an alias of it may then match a wildcard.
    refused = {value.lower() for value, quality in accept if quality == 0}
    by_type: dict[str, Representation] = {}
    for r in offers:  # a type two offers share goes to the first (JSON results, not JSON-LD)
        if r.media_type not in refused:
            for t in (r.media_type, *r.aliases):
                if t not in refused:
                    by_type.setdefault(t, r)
    best = accept.best_match(list(by_type))
    if best is None:
        raise NotAcceptable(accept_header or "", offers)
    return by_type[best]


def first_named(values: list[str], offers: tuple[Representation, ...]) -> str | None:
    """The first of several `format` values that names one of `offers`, else the first value
    (which `choose` then refuses by name). Clients send several: SPARQLWrapper repeats its
    choice as `format`, `output` and `results`, as a short name and as a media type."""
    given = [v for v in values if v.strip()]
    known = (v for v in given if any(r.answers_to(v) for r in offers))
    return next(known, given[0] if given else None)

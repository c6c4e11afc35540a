"""The IRI scheme (shared/DESIGN.md §2): one place that mints and recognises coopgraph IRIs.

Source files are written under the canonical base; a build may mint them under another base
(e.g. the test server's own address), so every other module asks this one.
"""

from __future__ import annotations

import re
import unicodedata

CANONICAL_BASE = "https://w3id.org/coopgraph/"

ONTOLOGY = CANONICAL_BASE + "ontology#"
SHAPES = CANONICAL_BASE + "shapes#"

# Well-known namespaces, for prefixes in queries and serialisations.
PREFIXES: dict[str, str] = {
    "coop": ONTOLOGY,
    "coopsh": SHAPES,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "skosxl": "http://www.w3.org/2008/05/skos-xl#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "void": "http://rdfs.org/ns/void#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def shortened(iri: str, base: str = CANONICAL_BASE) -> tuple[str, str | None]:
    """(a short name for `iri`, the prefix or base it used): 'coop:Wilaya' with the project's
    prefixes, 'id/wilaya/16' relative to the release's base; the IRI itself otherwise."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}", prefix
    if iri.startswith(base) and len(iri) > len(base):
        return iri[len(base) :], None
    return iri, ""


def slugify(text: str) -> str:
    """Slug for IRIs: 'Communauté urbaine de Dunkerque' -> 'communaute-urbaine-de-dunkerque'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def wilaya(code: int | str, base: str = CANONICAL_BASE) -> str:
    return f"{base}id/wilaya/{int(code):02d}"


def commune(code: int | str, base: str = CANONICAL_BASE) -> str:
    """A commune by its ONS code in the 58-wilaya scheme (101 -> .../id/commune/0101)."""
    return f"{base}id/commune/{int(code):04d}"


def country(iso2: str, base: str = CANONICAL_BASE) -> str:
    return f"{base}id/country/{iso2.lower()}"


def wilaya_membership(
    commune_code: int, wilaya_code: int, since: str = "", base: str = CANONICAL_BASE
) -> str:
    """A commune's attachment to a wilaya (one per period of the territorial division); `since`
    (the period's start) only tells apart two periods in the same wilaya."""
    suffix = f"/{since}" if since else ""
    return f"{base}id/wilaya-membership/{commune_code:04d}/{wilaya_code:02d}{suffix}"


def change_event(slug: str, base: str = CANONICAL_BASE) -> str:
    """A change of an organisation into another (W3C ORG org:ChangeEvent)."""
    return f"{base}id/change/{slugify(slug)}"


def announced_wilaya(name: str, base: str = CANONICAL_BASE) -> str:
    """A wilaya announced but without an official code yet: named, never numbered."""
    return f"{base}id/announced-wilaya/{slugify(name)}"


def collectivity(iso2: str, name: str, base: str = CANONICAL_BASE) -> str:
    return f"{base}id/collectivity/{iso2.lower()}/{slugify(name)}"


def agreement(stable_id: str, base: str = CANONICAL_BASE) -> str:
    return f"{base}id/agreement/{stable_id}"


def network(slug: str, base: str = CANONICAL_BASE) -> str:
    return f"{base}id/network/{slug}"


def membership(network_slug: str, member_slug: str, base: str = CANONICAL_BASE) -> str:
    return f"{base}id/membership/{network_slug}/{member_slug}"


def legal(slug: str, base: str = CANONICAL_BASE) -> str:
    return f"{base}id/legal/{slug}"


def concept(scheme: str, name: str, base: str = CANONICAL_BASE) -> str:
    return f"{base}vocab/{scheme}/{name}"


def scheme(name: str, base: str = CANONICAL_BASE) -> str:
    return f"{base}vocab/{name}"


def graph(name: str, base: str = CANONICAL_BASE) -> str:
    return f"{base}graph/{name}"


# Every coopgraph IRI (under any base) matches one of these paths.
IRI_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"ontology(#[A-Za-z][A-Za-z0-9]*)?",
        r"shapes#[A-Za-z][A-Za-z0-9-]*",
        r"vocab/[a-z0-9-]+(/[a-z0-9-]+)?",
        r"id/wilaya/\d{2}",
        r"id/commune/\d{4}",
        r"id/country/[a-z]{2}",
        r"id/collectivity/[a-z]{2}/[a-z0-9-]+",
        r"id/agreement/[A-Za-z0-9-]+",
        r"id/network/[a-z0-9-]+",
        r"id/membership/[a-z0-9-]+/[a-z0-9-]+",
        r"id/legal/[a-z0-9-]+",
        r"id/org/[a-z0-9-]+(/[a-z0-9-]+)?",
        r"id/announced-wilaya/[a-z0-9-]+",
        r"id/wilaya-membership/\d{4}/\d{2}(/\d{4}(-\d{2}){0,2})?",
        r"id/change/[a-z0-9-]+",
        r"id/(wilaya/\d{2}|commune/\d{4}|collectivity/[a-z]{2}/[a-z0-9-]+)/point",  # geo:Geometry
        r"id/collectivity/[a-z]{2}/[a-z0-9-]+/name/[a-z]{2}",  # skosxl:Label with its source
        r"id/basemap/[a-z0-9-]+(/[a-z0-9-]+)?",  # the maps' country outlines
        r"graph/[a-z-]+",
        r"release/[A-Za-z0-9-]+",
        r"dataset",
    )
)


def follows_scheme(iri: str, base: str = CANONICAL_BASE) -> bool:
    """True when `iri` is under `base` and its path is one the scheme defines."""
    if not iri.startswith(base):
        return False
    path = iri[len(base) :]
    return any(p.fullmatch(path) for p in IRI_PATTERNS)


def rebase(iri: str, base: str) -> str:
    """Move a canonical IRI under another base; other IRIs are returned unchanged.

    The ontology and shapes namespaces stay canonical: they are the schema every query is
    written against, so a locally minted build answers the same queries.
    """
    schema = iri.startswith((ONTOLOGY, SHAPES)) or iri == CANONICAL_BASE + "ontology"
    if base != CANONICAL_BASE and iri.startswith(CANONICAL_BASE) and not schema:
        return base + iri[len(CANONICAL_BASE) :]
    return iri

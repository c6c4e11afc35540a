"""schema.org JSON-LD in the head of the entity pages, for search engines: collectivities,
agreements, networks and countries with their names, identifiers, dates and sources."""

from __future__ import annotations

import json

import pyoxigraph as ox
from markupsafe import Markup

from coopgraph import describe
from coopgraph.describe import Description
from coopgraph.web.labels import Labeller
from coopgraph.web.paths import coop, page_path_of


def json_ld_script(data: dict[str, object] | None) -> Markup | None:
    """schema.org JSON-LD for the head, safe inside <script> whatever the data holds."""
    if not data:
        return None
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(ch, esc)
    return Markup(text)  # every < > & above is escaped


SCHEMA_TYPES = {
    "Commune": "GovernmentOrganization",
    "Wilaya": "GovernmentOrganization",
    "ForeignCollectivity": "GovernmentOrganization",
    "CooperationAgreement": "Legislation",
    "CityNetwork": "Organization",
    "Country": "Country",
}


def schema_org(d: Description, labeller: Labeller, root: str) -> dict[str, object] | None:
    """schema.org JSON-LD for collectivities, agreements, networks and countries."""
    types = d.types()
    kind = next((t for c, t in SCHEMA_TYPES.items() if coop(c) in types), None)
    if kind is None:
        return None
    names = [
        {"@value": x.value, "@language": x.language} if x.language else x.value
        for x in d.values(describe.RDFS + "label")
        if isinstance(x, ox.Literal)
    ]
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": kind,
        "@id": d.iri,
        "name": names,
        "url": root.rstrip("/") + (page_path_of(d.iri) or ""),
    }
    extra = {
        "identifier": [coop("communeCode"), coop("wilayaCode"), describe.DCT + "identifier"],
        "sameAs": [describe.SKOS + "exactMatch"],
        "legislationDate": [coop("signingDate")],
        "foundingDate": [coop("foundingDate")],
        "citation": list(describe.PROVENANCE_PREDICATES),
    }
    for key, predicates in extra.items():
        found = [
            t.value for p in predicates for t in d.values(p) if not isinstance(t, ox.BlankNode)
        ]
        if found:
            data[key] = found[0] if len(found) == 1 else found
    themes = [labeller.text(t.value).value for t in d.values(coop("theme"))]
    if themes:
        data["about"] = themes
    return data

"""The home page: what the registry is, and live counts from the current release."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from coopgraph import web

bp = Blueprint("home", __name__)

MINISTRY_PAGE = "https://interieur.gov.dz/cooperation-et-echanges-decentralises-associations-et-reseaux-de-villes"

COUNTS_QUERY = """
PREFIX coop: <https://w3id.org/coopgraph/ontology#>
SELECT
  (COUNT(DISTINCT ?agreement) AS ?agreements)
  (COUNT(DISTINCT ?partnerCountry) AS ?partner_countries)
  (COUNT(DISTINCT ?foreign) AS ?foreign_collectivities)
WHERE {
  ?agreement a coop:CooperationAgreement .
  OPTIONAL { ?agreement coop:foreignParty ?foreign . ?foreign coop:country ?partnerCountry }
}
"""

CLASS_COUNTS = {
    "communes": "Commune",
    "wilayas": "Wilaya",
    "networks": "CityNetwork",
    "memberships": "NetworkMembership",
    "legal": "LegalInstrument",
}
CLASS_QUERY = """
PREFIX coop: <https://w3id.org/coopgraph/ontology#>
SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { VALUES ?c { %s } ?s a ?c } GROUP BY ?c
"""


def counts() -> dict[str, int]:
    store = web.current_store(current_app)
    row = next(iter(store.query(COUNTS_QUERY)))
    found = {
        name: int(row[name].value)
        for name in ("agreements", "partner_countries", "foreign_collectivities")
    }
    values = " ".join(f"coop:{c}" for c in CLASS_COUNTS.values())
    by_class = {
        r["c"].value.rsplit("#", 1)[1]: int(r["n"].value) for r in store.query(CLASS_QUERY % values)
    }
    for key, cls in CLASS_COUNTS.items():
        found[key] = by_class.get(cls, 0)
    return found


@bp.get("/")
def index() -> str:
    store = web.current_store(current_app)
    return render_template(
        "home.html", counts=counts(), release=store.release(), ministry_page=MINISTRY_PAGE
    )

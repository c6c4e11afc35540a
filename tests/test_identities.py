"""One identity per thing (issue 15 §4): merged collectivities, the Lyon bodies related by a dated
W3C ORG change event, the retired IRI answered with a 301 by a real server, and rule DQ-25 on
the shipped data."""

from __future__ import annotations

import pytest

from coopgraph import iris, sources
from coopgraph.validate import validate_sources

from .browser import http, site_fixture  # noqa: F401
from .conftest import ROOT
from .graphquery import select

AGADEZ = iris.collectivity("ne", "Agadez")
REGION = iris.collectivity("ne", "Région d'Agadez")
GRAND_LYON = iris.collectivity("fr", "Grand Lyon")
METROPOLE = iris.collectivity("fr", "Métropole de Lyon")
VILLE = iris.collectivity("fr", "Ville de Lyon")


def test_agadez_is_one_collectivity_and_the_old_iri_points_to_it(built_store) -> None:
    assert select(built_store, f"SELECT ?p {{ <{AGADEZ}> ?p ?o }}") != []
    kinds = select(built_store, f"SELECT ?t {{ <{AGADEZ}> a ?t }}")
    assert kinds == []  # not a collectivity any more: only its replacement
    kept = select(built_store, f"SELECT ?k {{ <{AGADEZ}> dct:isReplacedBy ?k }}")
    assert [r["k"].value for r in kept] == [REGION]
    parties = select(
        built_store,
        f"""SELECT ?a {{ ?a coop:foreignParty <{REGION}> }} ORDER BY ?a""",
    )
    assert [r["a"].value.rsplit("/", 1)[1] for r in parties] == ["DZA-AGR-076", "DZA-AGR-077"]
    alts = select(built_store, f"SELECT ?l {{ <{REGION}> skos:altLabel ?l }}")
    assert "Agadez" in {r["l"].value for r in alts}


def test_grand_lyon_became_the_metropole_on_1_january_2015(built_store) -> None:
    rows = select(
        built_store,
        f"""SELECT ?event ?date ?source {{
              ?event a org:ChangeEvent ; org:originalOrganization <{GRAND_LYON}> ;
                     org:resultingOrganization <{METROPOLE}> ; dct:date ?date ; dct:source ?source .
              <{GRAND_LYON}> org:changedBy ?event . <{METROPOLE}> org:resultedFrom ?event .
            }}""",
    )
    assert {r["date"].value for r in rows} == {"2015-01-01"}
    assert all(r["source"].value.startswith("https://") for r in rows)


def test_the_city_of_lyon_is_related_to_both_bodies_with_a_source(built_store) -> None:
    for body, link in ((GRAND_LYON, "org:hasMember"), (METROPOLE, "org:linkedTo")):
        rows = select(built_store, f"SELECT ?s {{ <{body}> {link} <{VILLE}> ; dct:source ?s }}")
        assert rows, (body, link)


def test_no_two_foreign_collectivities_of_the_shipped_data_read_the_same_unrelated() -> None:
    data = [f for f in sources.rdf_sources(ROOT) if f.path.is_relative_to(ROOT / "data")]
    report = validate_sources(data, ROOT)
    assert [r for r in report.results if r.rule_id == "DQ-25"] == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/id/collectivity/ne/agadez", "/id/collectivity/ne/region-d-agadez"),
        ("/page/collectivity/ne/agadez?lang=fr", "/page/collectivity/ne/region-d-agadez?lang=fr"),
        ("/data/collectivity/ne/agadez.ttl", "/data/collectivity/ne/region-d-agadez.ttl"),
    ],
)
def test_the_retired_iri_answers_301_to_the_one_kept(site: str, path: str, target: str) -> None:
    status, headers, body = http(site + path.lstrip("/"))
    assert status == 301, (path, status, body[:200])
    assert headers["Location"] == target
    assert b"merged into" in body
    status, _, _ = http(site + target.lstrip("/"), {"Accept": "text/html"})
    assert status in (200, 303)


@pytest.mark.slow
def test_the_sitemap_lists_the_kept_iri_not_the_retired_one(site: str) -> None:
    status, _, body = http(site + "sitemap.xml")
    assert status == 200
    assert b"/page/collectivity/ne/region-d-agadez<" in body
    assert b"/page/collectivity/ne/agadez<" not in body

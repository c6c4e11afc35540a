"""Names of communes and wilayas, reconciled between the two administrative lists (issue 15 §3),
checked on the built graph and against the reviewed table and the comparison table in data/."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from coopgraph import iris
from coopgraph.importers.admin_names import DIFFERENCES_FILE, REVIEWED_FILE

from .conftest import ROOT
from .graphquery import select

ADMIN = ROOT / "data" / "admin"
FORMERLY_UNNAMED = ("0303", "0515", "0609", "1311", "1815", "4332", "4626")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _labels(store, iri: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in select(store, f"SELECT ?l {{ <{iri}> rdfs:label ?l }}"):
        found.setdefault(row["l"].language, set()).add(row["l"].value)
    return found


def test_every_commune_and_wilaya_has_one_arabic_and_one_french_label(built_store) -> None:
    rows = select(
        built_store,
        """SELECT ?x (COUNT(DISTINCT ?ar) AS ?nar) (COUNT(DISTINCT ?fr) AS ?nfr) {
             VALUES ?class { coop:Commune coop:Wilaya } ?x a ?class .
             OPTIONAL { ?x rdfs:label ?ar FILTER (LANG(?ar) = "ar") }
             OPTIONAL { ?x rdfs:label ?fr FILTER (LANG(?fr) = "fr") }
           } GROUP BY ?x""",
    )
    assert len(rows) == 1541 + 58
    wrong = [r["x"].value for r in rows if (int(r["nar"].value), int(r["nfr"].value)) != (1, 1)]
    assert wrong == []


@pytest.mark.parametrize("code", FORMERLY_UNNAMED)
def test_the_seven_formerly_unnamed_communes_have_a_sourced_arabic_name(
    built_store, code: str
) -> None:
    reviewed = {(r["code"], r["language"]): r for r in _rows(ADMIN / REVIEWED_FILE)}
    assert reviewed[code, "ar"]["source_url"].startswith("http")
    labels = _labels(built_store, iris.commune(int(code)))
    assert labels["ar"] == {reviewed[code, "ar"]["chosen"]}
    sources = {
        r["s"].value
        for r in select(built_store, f"SELECT ?s {{ <{iris.commune(int(code))}> dct:source ?s }}")
    }
    assert reviewed[code, "ar"]["source_url"] in sources


def test_commune_1601_and_wilaya_16_have_distinct_labels(built_store) -> None:
    commune = _labels(built_store, iris.commune(1601))
    wilaya = _labels(built_store, iris.wilaya(16))
    assert commune == {"fr": {"Alger-Centre"}, "ar": {"الجزائر الوسطى"}}
    assert commune["fr"].isdisjoint(wilaya["fr"]) and commune["ar"].isdisjoint(wilaya["ar"])


def test_el_mghaier_is_spelt_as_the_presidential_decree_has_it(built_store) -> None:
    for iri in (iris.wilaya(57), iris.commune(5701)):
        assert _labels(built_store, iri) == {"fr": {"El M'Ghaier"}, "ar": {"المغير"}}


def test_no_two_communes_or_wilayas_share_a_label_unless_the_names_are_really_shared(
    built_store,
) -> None:
    """A wilaya and its chef-lieu share a name (Oran, Oran); two communes of one wilaya never."""
    rows = select(
        built_store,
        """SELECT ?a ?b ?l {
             ?a a coop:Commune ; rdfs:label ?l ; coop:inWilaya ?w .
             ?b a coop:Commune ; rdfs:label ?l ; coop:inWilaya ?w .
             FILTER (STR(?a) < STR(?b))
           }""",
    )
    assert [(r["a"].value, r["b"].value, r["l"].value) for r in rows] == []


def test_the_comparison_table_lists_every_reviewed_choice_with_why(built_store) -> None:
    table = _rows(ADMIN / DIFFERENCES_FILE)
    assert table and all(r["chosen"] and r["why"] for r in table)
    listed = {(r["level"], r["code"].lstrip("0"), r["language"]): r for r in table}
    for review in _rows(ADMIN / REVIEWED_FILE):
        row = listed[review["level"], review["code"].lstrip("0"), review["language"]]
        assert row["chosen"] == review["chosen"] and row["why"] == review["reason"]
        make = iris.commune if review["level"] == "commune" else iris.wilaya
        labels = _labels(built_store, make(int(review["code"])))
        assert labels[review["language"]] == {review["chosen"]}


def test_a_replaced_source_form_stays_findable_as_an_alternative_label(built_store) -> None:
    """TransformaTek's misspelt «لواء» for Lioua (0716) is no longer the label but is kept."""
    alts = {
        r["a"].value
        for r in select(built_store, f"SELECT ?a {{ <{iris.commune(716)}> skos:altLabel ?a }}")
    }
    assert _labels(built_store, iris.commune(716))["ar"] == {"ليوة"}
    assert "لواء" in alts

"""Facts at their time (issue 15 §5): wilayas valid from the text that created them, communes'
wilayas over periods (El Borma's included), the 2019 code reuse made explicit. On the built
graph."""

from __future__ import annotations

import html

import pytest

from coopgraph import iris

from .browser import http, site_fixture  # noqa: F401
from .graphquery import select


def _one(store, query: str) -> dict:
    rows = select(store, query)
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize(
    ("code", "created", "instrument"),
    [(1, "1974-07-02", "ordinance-74-69"), (31, "1974-07-02", "ordinance-74-69"),
     (32, "1984-02-04", "law-84-09"), (48, "1984-02-04", "law-84-09"),
     (49, "2019-12-11", "law-19-12"), (58, "2019-12-11", "law-19-12")],
)  # fmt: skip
def test_a_wilaya_is_valid_from_the_text_that_created_it(
    built_store, code: int, created: str, instrument: str
) -> None:
    row = _one(
        built_store,
        f"""SELECT ?from ?by ?date {{ <{iris.wilaya(code)}> coop:validFrom ?from ;
                                       coop:establishedBy ?by .
                                   OPTIONAL {{ ?by coop:validFrom ?date }} }}""",
    )
    assert row["from"].value == created
    assert row["by"].value == iris.legal(instrument)
    assert row["date"].value == created  # the instrument is in the graph, with the same date


def test_every_wilaya_creation_date_agrees_with_its_instrument(built_store) -> None:
    rows = select(
        built_store,
        """SELECT ?w { ?w a coop:Wilaya ; coop:validFrom ?from ; coop:establishedBy ?by .
                       FILTER NOT EXISTS { ?by coop:validFrom ?from } }""",
    )
    assert rows == []


def test_el_borma_went_to_touggourt_in_2019_and_back_to_ouargla_in_2021(built_store) -> None:
    rows = select(
        built_store,
        f"""SELECT ?w ?from ?until ?by {{
              ?m a coop:WilayaMembership ; org:member <{iris.commune(3008)}> ;
                 org:organization ?w ; coop:validFrom ?from ; coop:establishedBy ?by .
              OPTIONAL {{ ?m coop:validUntil ?until }}
              FILTER EXISTS {{ ?m prov:wasDerivedFrom ?source }}
            }} ORDER BY ?from""",
    )
    periods = [(r["w"].value[-2:], r["from"].value, r["until"] and r["until"].value) for r in rows]
    assert periods == [
        ("30", "1984-02-04", "2019-12-11"),
        ("55", "2019-12-11", "2021-03"),
        ("30", "2021-03", None),
    ]
    today = _one(built_store, f"SELECT ?w {{ <{iris.commune(3008)}> coop:inWilaya ?w }}")
    assert today["w"].value == iris.wilaya(30)


def test_the_law_19_12_note_and_rule_dc_35_say_what_the_data_says_of_el_borma(
    built_store,
) -> None:
    note = _one(built_store, f"SELECT ?n {{ <{iris.legal('law-19-12')}> skos:note ?n }}")
    assert "El Borma was returned to Ouargla" in note["n"].value
    source = _one(
        built_store,
        """SELECT ?s { ?shape coop:ruleId "DC-35" ; coop:legalSource ?s
                       FILTER (STRENDS(STR(?shape), "DC-35-commune-wilaya-at-signing")) }""",
    )
    assert "returned to Ouargla" in source["s"].value


def test_every_commune_code_that_named_another_commune_in_1984_is_dated_and_explained(
    built_store,
) -> None:
    rows = select(
        built_store,
        """SELECT ?c ?dated ?note {
             ?c a coop:Commune ; coop:communeCode ?code .
             ?other a coop:Commune ; coop:communeCode1984 ?code .
             FILTER (?other != ?c)
             OPTIONAL { ?c coop:communeCodeValidFrom ?dated }
             OPTIONAL { ?c skos:note ?note FILTER (CONTAINS(STR(?note), "1984 scheme")) }
           }""",
    )
    assert len(rows) == 86  # the figure issue 15 measured
    assert all(r["dated"] and r["dated"].value == "2019-12-11" and r["note"] for r in rows)


def test_no_commune_has_a_recorded_wilaya_before_1984(built_store) -> None:
    """No source consulted gives pre-1984 memberships: none is recorded (docs/data.md says so)."""
    rows = select(
        built_store,
        """SELECT ?m { ?m a coop:WilayaMembership ; coop:validFrom ?from
                       FILTER (STR(?from) < "1984-02-04") }""",
    )
    assert rows == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "wilaya today"), ("fr", "wilaya aujourd'hui"), ("ar", "الولاية حاليا")],
)
def test_a_commune_page_says_its_wilaya_is_todays(site: str, lang: str, words: str) -> None:
    """In Guezzam (5401) was in wilaya 11 until 2019: its page must not pass 54 off as timeless."""
    status, _, body = http(f"{site}page/commune/5401?lang={lang}")
    assert status == 200
    assert words in html.unescape(body.decode())

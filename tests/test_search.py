"""Search: Arabic normalisation (hamza and alef forms, taa marbuta, alef maqsura, diacritics,
tatweel) and Latin accent and case folding, so a name finds its entity in either script; the
index, built once per release from the store's labels; /search end to end on a real server."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from coopgraph import iris, textsearch

from .browser import http, site_fixture  # noqa: F401

# (query, the entity it must find): the pairs, then more in both scripts.
PAIRS: list[tuple[str, str]] = [
    ("عنابة", iris.commune(2301)),
    ("Annaba", iris.commune(2301)),
    ("annaba", iris.commune(2301)),
    ("بجاية", iris.commune(601)),
    ("Béjaïa", iris.wilaya(6)),
    ("bejaia", iris.commune(601)),
    ("الجزائر الوسطى", iris.commune(1601)),
    ("Alger-Centre", iris.commune(1601)),
    ("alger centre", iris.commune(1601)),
    ("وهران", iris.commune(3101)),
    ("Oran", iris.commune(3101)),
    ("قسنطينة", iris.commune(2501)),
    ("constantine", iris.commune(2501)),
    ("تلمسان", iris.commune(1301)),
    ("TLEMCEN", iris.commune(1301)),
    ("سطيف", iris.commune(1901)),
    ("setif", iris.wilaya(19)),
    ("تيزي وزو", iris.commune(1501)),
    ("tizi-ouzou", iris.commune(1501)),
    ("البليدة", iris.commune(901)),
    ("Blida", iris.commune(901)),
    ("بسكرة", iris.commune(701)),
    ("biskra", iris.commune(701)),
    ("غرداية", iris.commune(4701)),
    ("ghardaia", iris.commune(4701)),
    ("ورقلة", iris.commune(3001)),
    ("Ouargla", iris.commune(3001)),
    ("باتنة", iris.commune(501)),
    ("batna", iris.commune(501)),
    ("فرنسا", iris.country("fr")),
    ("France", iris.country("fr")),
    ("تونس", iris.country("tn")),
    ("tunisie", iris.country("tn")),
    # spelling variants of the Arabic script
    ("عنابه", iris.commune(2301)),  # taa marbuta written haa
    ("الجزائر الوسطي", iris.commune(1601)),  # alef maqsura written yaa
    ("ادرار", iris.commune(101)),  # alef without hamza
    ("وَهْرَان", iris.commune(3101)),  # with diacritics
    ("قسنطـــينة", iris.commune(2501)),  # with tatweel
    ("جزائر", iris.country("dz")),  # without the article
    ("dunkerque", iris.collectivity("fr", "Dunkerque")),
    ("medcites", iris.network("medcities")),
    ("DZA-AGR-002", iris.agreement("DZA-AGR-002")),
]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("عنابة", "عنابه"),
        ("أَدْرَار", "ادرار"),
        ("إبراهيم", "ابراهيم"),
        ("آمنة", "امنه"),
        ("مؤسسة", "موسسه"),
        ("قـسـنـطـيـنـة", "قسنطينه"),
        ("الوسطى", "الوسطي"),
        ("ﻋﻨﺎﺑﺔ", "عنابه"),  # presentation forms
        ("Béjaïa", "bejaia"),
        ("Alger-Centre", "alger centre"),
        ("  ALGER   centre ", "alger centre"),
        ("Ghardaïa", "ghardaia"),
        ("Œuvre", "œuvre"),
    ],
)
def test_normalise(text: str, key: str) -> None:
    assert textsearch.normalise(text) == key


def test_both_scripts_and_spellings_share_keys() -> None:
    for a, b in (("عنابة", "عنابه"), ("Annaba", "ANNABA"), ("Béjaïa", "bejaia")):
        assert textsearch.normalise(a) == textsearch.normalise(b)


def test_ranking_prefers_exact_names_then_kinds() -> None:
    entries = [
        textsearch.make_entry("a", "agreement", ["Annaba – Dunkerque: twinning"]),
        textsearch.make_entry("c", "commune", ["Annaba", "عنابة"]),
        textsearch.make_entry("w", "wilaya", ["Annaba", "عنابة"]),
        textsearch.make_entry("x", "commune", ["Sidi Amar"]),
    ]
    index = textsearch.Index(entries, ("wilaya", "commune", "agreement"))
    assert [h.entry.iri for h in index.search("عنابه")] == ["w", "c"]
    assert [h.entry.iri for h in index.search("annaba")] == ["w", "c", "a"]
    assert index.search("") == []
    assert textsearch.score("annaba", "annaba dunkerque") == 80
    assert textsearch.score("dunk", "annaba dunkerque") == 50
    assert textsearch.score("جزاير", "الجزاير") == 95


def search(site: str, query: str, lang: str = "fr") -> list[dict[str, object]]:
    qs = urllib.parse.urlencode({"q": query, "lang": lang})
    status, headers, body = http(f"{site}search?{qs}", {"Accept": "application/json"})
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    return json.loads(body)["results"]


@pytest.mark.slow
@pytest.mark.parametrize(("query", "iri"), PAIRS)
def test_names_find_their_entity(site: str, query: str, iri: str) -> None:
    results = search(site, query)
    assert iri in [r["iri"] for r in results[:5]], (query, results[:5])


@pytest.mark.slow
def test_results_are_ranked_and_typed(site: str) -> None:
    results = search(site, "Annaba", lang="en")
    assert [r["iri"] for r in results[:2]] == [iris.wilaya(23), iris.commune(2301)]
    assert results[0]["kind"] == "wilaya" and results[1]["kind"] == "commune"
    assert results[0]["score"] >= results[-1]["score"]
    assert all(r["page"].startswith("/page/") for r in results)


@pytest.mark.slow
def test_search_page(site: str) -> None:
    status, _, body = http(site + "search?" + urllib.parse.urlencode({"q": "عنابة", "lang": "ar"}))
    html = body.decode()
    assert status == 200 and '<html lang="ar" dir="rtl">' in html
    assert 'href="/page/commune/2301?lang=ar"' in html
    assert 'class="badge"' in html  # the kind of each result
    status, _, body = http(site + "search?q=zzzzqqq")
    assert status == 200 and "Aucun résultat" in body.decode()

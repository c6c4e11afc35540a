"""The label policy (docs/data.md, "Labels") on the built graph, class by class, and its parts:
the fallback chain, titles composed per language, bidirectional isolation, the Arabic names of
foreign collectivities with their sources, Arabic search, the home page's whole chart labels."""

from __future__ import annotations

import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections import defaultdict

import pytest

from coopgraph import labels, textsearch
from coopgraph.importers.foreign_names import pick_arabic, split_gloss
from coopgraph.web.charts import Bar, bar_chart

from .browser import http, site_fixture  # noqa: F401 (fixture)
from .conftest import ROOT

COOP = "https://w3id.org/coopgraph/ontology#"
LABEL_PROPERTIES = ("rdfs:label", "skos:prefLabel", "skos:altLabel")
PREFIXES = f"""PREFIX coop: <{COOP}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX skosxl: <http://www.w3.org/2008/05/skos-xl#>
PREFIX dct: <http://purl.org/dc/terms/>
"""
# class -> (label property, languages every instance is named in)
REQUIRED = {
    "coop:CooperationAgreement": ("rdfs:label", {"ar", "fr", "en"}),
    "coop:NetworkMembership": ("rdfs:label", {"ar", "fr", "en"}),
    "coop:CityNetwork": ("rdfs:label", {"ar", "fr", "en"}),
    "coop:Country": ("rdfs:label", {"ar", "fr", "en"}),
    "coop:Commune": ("rdfs:label", {"fr"}),
    "coop:Wilaya": ("rdfs:label", {"fr", "ar"}),
    "coop:ForeignCollectivity": ("rdfs:label", set()),  # one Latin name: checked below
    "skos:Concept": ("skos:prefLabel", {"ar", "fr", "en"}),
    "skos:ConceptScheme": ("skos:prefLabel", {"ar", "fr", "en"}),
}
NAMES = ("coop:Commune", "coop:Wilaya", "coop:ForeignCollectivity", "coop:Country")


def labels_by_instance(store, cls: str) -> dict[str, list[tuple[str, str, str]]]:  # type: ignore[no-untyped-def]
    """Every instance of the class with its (property, text, language tag) labels."""
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    values = " ".join(LABEL_PROPERTIES)
    query = f"""{PREFIXES} SELECT ?s ?p ?l WHERE {{ ?s a {cls}
        OPTIONAL {{ VALUES ?p {{ {values} }} ?s ?p ?l }} }}"""
    for r in store.query(query):
        found[r["s"].value]
        if r["l"] is not None:
            found[r["s"].value].append((r["p"].value, r["l"].value, r["l"].language or ""))
    return found


@pytest.mark.parametrize("cls", list(REQUIRED))
def test_every_instance_follows_the_label_policy(built_store, cls: str) -> None:
    instances = labels_by_instance(built_store, cls)
    assert instances, f"no {cls} in the built graph"
    prop, languages = REQUIRED[cls]
    prop_iri = prop.replace("rdfs:", "http://www.w3.org/2000/01/rdf-schema#").replace(
        "skos:", "http://www.w3.org/2004/02/skos/core#"
    )
    problems = []
    for iri, found in instances.items():
        main = [(text, tag) for p, text, tag in found if p == prop_iri]
        tags = [tag for _, tag in main]
        if untagged := [text for p, text, tag in found if not tag]:
            problems.append(f"{iri}: untagged {untagged}")
        if len(tags) != len(set(tags)):
            problems.append(f"{iri}: two {prop} in one language {sorted(tags)}")
        if missing := languages - set(tags):
            problems.append(f"{iri}: no {prop} in {sorted(missing)}")
        if cls in NAMES and (glossed := [t for t, _ in main if re.search(r"[()]", t)]):
            problems.append(f"{iri}: a gloss in the name {glossed}")
        if cls == "coop:ForeignCollectivity" and len([t for t in tags if t != "ar"]) != 1:
            problems.append(f"{iri}: not one name in Latin script {main}")
    assert problems == []


def test_communes_lack_an_arabic_name_only_where_the_sources_give_none(built_store) -> None:
    """The seven the admin sources lack (issue 15); the admin work fills them."""
    missing = {
        iri.rsplit("/", 1)[1]
        for iri, found in labels_by_instance(built_store, "coop:Commune").items()
        if "ar" not in {tag for _, _, tag in found}
    }
    assert missing <= {"0303", "0515", "0609", "1311", "1815", "4332", "4626"}


# --- titles composed per language --------------------------------------------------------------

TITLES = f"""{PREFIXES}
SELECT ?a ?lang ?title ?party ?name WHERE {{
  ?a a coop:CooperationAgreement ; rdfs:label ?title ; coop:algerianParty|coop:foreignParty ?party .
  BIND(LANG(?title) AS ?lang)
  OPTIONAL {{ ?party rdfs:label ?name FILTER(LANG(?name) = ?lang) }}
}}"""


def test_agreement_titles_name_each_party_in_the_title_s_language(built_store) -> None:
    problems = []
    for r in built_store.query(TITLES):
        title, lang, name = r["title"].value, r["lang"].value, r["name"]
        if lang in ("fr", "en") and labels.ARABIC_LETTER.search(title):
            problems.append(f"{r['a'].value} {lang}: Arabic in «{title}»")
        if name is not None and name.value not in title:
            problems.append(f"{r['a'].value} {lang}: «{name.value}» not in «{title}»")
    assert problems == []


def test_arabic_titles_have_no_latin_letter_when_every_party_has_an_arabic_name(
    built_store,
) -> None:
    query = f"""{PREFIXES}
    SELECT ?title WHERE {{
      ?a a coop:CooperationAgreement ; rdfs:label ?title FILTER(LANG(?title) = "ar")
      FILTER NOT EXISTS {{ ?a coop:algerianParty|coop:foreignParty ?p
        FILTER NOT EXISTS {{ ?p rdfs:label ?n FILTER(LANG(?n) = "ar") }} }}
    }}"""
    found = [r["title"].value for r in built_store.query(query)]
    assert len(found) > 50
    assert [t for t in found if labels.LATIN_LETTER.search(t)] == []
    assert [t for t in found if "أو" in t.split(" بين ")[0]] == []  # no "roadmap or minutes"


def test_memberships_are_titled_in_three_languages(built_store) -> None:
    query = f"""{PREFIXES}
    SELECT ?title WHERE {{ ?m a coop:NetworkMembership ; rdfs:label ?title
      FILTER(LANG(?title) = "ar") }}"""
    found = [r["title"].value for r in built_store.query(query)]
    assert found and all(labels.ARABIC_LETTER.match(t) for t in found)


# --- Arabic names of foreign collectivities ---------------------------------------------------


def test_every_arabic_name_of_a_foreign_collectivity_cites_its_source(built_store) -> None:
    query = f"""{PREFIXES}
    SELECT ?c ?name ?source ?level WHERE {{
      ?c a coop:ForeignCollectivity ; rdfs:label ?name FILTER(LANG(?name) = "ar")
      OPTIONAL {{ ?c skosxl:prefLabel ?x . ?x skosxl:literalForm ?name ; dct:source ?source ;
                  coop:confidence ?level }}
    }}"""
    found = list(built_store.query(query))
    assert [r["c"].value for r in found if r["source"] is None or r["level"] is None] == []
    stated = re.search(r"(\d+) of the (\d+) foreign collectivities", docs_data())
    assert stated, "docs/data.md states how many foreign collectivities have an Arabic name"
    assert int(stated[1]) == len({r["c"].value for r in found})
    every = f"""{PREFIXES} SELECT DISTINCT ?c WHERE {{
      ?c a coop:ForeignCollectivity FILTER NOT EXISTS {{ ?c dct:isReplacedBy ?kept }} }}"""
    assert int(stated[2]) == len(list(built_store.query(every)))  # retired IRIs left out


def docs_data() -> str:
    return (ROOT / "docs" / "data.md").read_text(encoding="utf-8")


def test_a_gloss_becomes_a_note_or_another_name() -> None:
    assert split_gloss("Aousserd (Sahrawi wilaya)").label == "Aousserd"
    assert "Sahrawi wilaya" in (split_gloss("Aousserd (Sahrawi wilaya)").note or "")
    assert split_gloss("In Gall (Ingall)").other_name == "Ingall"
    assert split_gloss("Sousse").label == "Sousse"


def test_an_arabic_name_is_picked_only_without_doubt() -> None:
    sousse = ["Sousse", "سوسة", "سوسه", "سوسہ", "Сус"]  # Arabic, Persian-style, Urdu
    assert pick_arabic(sousse, 1).name == "سوسة" and pick_arabic(sousse, 1).confidence == "low"
    assert pick_arabic(["Bordeaux", "بوردو", "بورڈو"], 2).name == "بوردو"
    assert pick_arabic(["Bordeaux", "بوردو", "بورڈو"], 2).confidence == "medium"
    assert pick_arabic(["Tripoli", "طرابلس", "ترابلس"], 3).name is None  # two, nothing decides
    assert pick_arabic(["Kazanlak", "Казанлък"], 4).name is None


# --- the fallback chain and bidirectional text ------------------------------------------------


def test_the_chain_prefers_a_latin_name_to_an_arabic_one_in_french_and_english() -> None:
    names = [("فلورنسا", "ar"), ("Firenze", "it")]
    assert labels.best(names, "fr", lambda n: n[1]) == ("Firenze", "it")
    assert labels.best(names, "en", lambda n: n[1]) == ("Firenze", "it")
    assert labels.best(names, "ar", lambda n: n[1]) == ("فلورنسا", "ar")
    both = [("Jumelage", "fr"), ("Twinning", "en"), ("توأمة", "ar")]
    assert [labels.best(both, lang, lambda n: n[1])[1] for lang in ("ar", "fr", "en")] == [
        "ar",
        "fr",
        "en",
    ]
    assert labels.best([("Alger", "fr")], "ar", lambda n: n[1]) == ("Alger", "fr")


def test_latin_runs_in_arabic_text_are_isolated() -> None:
    text = "اتفاقية تعاون بين ولاية أدرار و Département de la Gironde"
    assert labels.runs(text, "rtl")[-1] == ("Département de la Gironde", True)
    plain = labels.isolated(text, "rtl")
    assert plain.endswith(f"{labels.FSI}Département de la Gironde{labels.PDI}")
    assert labels.isolated("توأمة بين وهران وبوردو", "rtl") == "توأمة بين وهران وبوردو"


def test_arabic_and_is_joined_to_an_arabic_name_and_apart_from_a_latin_one() -> None:
    assert labels.between("توأمة", ["وهران"], ["بوردو"], "ar") == "توأمة بين وهران وبوردو"
    assert labels.between("توأمة", ["وهران"], ["Bordeaux"], "ar") == "توأمة بين وهران و Bordeaux"
    assert labels.between("Twinning", ["A"], ["B", "C"], "en") == "Twinning between A and B and C"


# --- search and the home page's chart ---------------------------------------------------------


def test_an_arabic_query_scores_a_joined_name_as_its_latin_spelling() -> None:
    arabic = textsearch.score(
        textsearch.normalise("الداخلة"), textsearch.normalise("توأمة بين بسكرة والداخلة")
    )
    latin = textsearch.score(
        textsearch.normalise("Dakhla"), textsearch.normalise("Jumelage entre Biskra et Dakhla")
    )
    assert arabic == latin > 30


def test_an_arabic_name_finds_what_its_latin_name_finds(built_store, site: str) -> None:
    """Over HTTP: every foreign collectivity with an Arabic name is the first hit for it, as it
    is for its Latin name."""
    query = f"""{PREFIXES} SELECT ?c ?ar ?latin WHERE {{ ?c a coop:ForeignCollectivity ;
        rdfs:label ?ar , ?latin FILTER(LANG(?ar) = "ar" && LANG(?latin) != "ar") }}"""
    found = list(built_store.query(query))
    assert len(found) > 40

    def first(text: str) -> str:
        _, _, body = http(f"{site}search?format=json&q={urllib.parse.quote(text)}")
        return json.loads(body)["results"][0]["iri"]

    mismatched = [
        (r["latin"].value, r["ar"].value)
        for r in found
        if not first(r["ar"].value) == first(r["latin"].value) == r["c"].value
    ]
    assert mismatched == []


def test_the_chart_shows_every_label_whole() -> None:
    long = "formation et renforcement des capacités"
    svg = bar_chart("t", [Bar(long, "fr", 15), Bar("santé", "fr", 17)], rtl=False)
    root = ET.fromstring(str(svg))
    ns = "{http://www.w3.org/2000/svg}"
    shown = [
        " ".join(t.itertext())
        for t in root.iter(f"{ns}text")
        if "chart-label" in t.get("class", "")
    ]
    assert shown == [long, "santé"]
    assert "…" not in str(svg)

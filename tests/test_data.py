"""The committed data: what it covers, that it says what the shared CSV files say, that its
IRIs follow the scheme and that every term it uses is declared and labelled in three languages."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph import iris

from .conftest import agreement_rows

PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in iris.PREFIXES.items())
BASE = iris.CANONICAL_BASE
LANGUAGES = {"en", "fr", "ar"}
STANDARD = tuple(
    iris.PREFIXES[p]
    for p in (
        *("rdf", "rdfs", "owl", "xsd", "skos", "skosxl", "dct", "prov", "org", "eli", "schema"),
        "foaf",
    )
)
MINISTRY_PAGE = "https://interieur.gov.dz/cooperation-et-echanges-decentralises-associations-et-reseaux-de-villes"
MINISTRY_MEMBERS = {
    "arlem": {"country/dz"},
    "medcities": {"commune/2301", "commune/3101"},
    "oicc": {"commune/1601"},
    "oimve": {"wilaya/16"},
    "unesco-gnlc": {"commune/0101", "commune/0307", "commune/1601", "commune/2301"},
}


def rows(store: ox.Store, query: str) -> list[dict[str, ox.Term]]:
    solutions = store.query(PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in solutions]


def count(store: ox.Store, where: str) -> int:
    return int(rows(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")[0]["n"].value)


def data_quads(store: ox.Store) -> list[ox.Quad]:
    graphs = {iris.graph(g) for g in ("admin", "agreements", "networks", "legal")}
    return [
        q for q in store if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in graphs
    ]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- administrative units ---------------------------------------------------------------------


def test_58_wilayas_with_code_and_labels(source_dataset: ox.Store) -> None:
    assert count(source_dataset, "?w a coop:Wilaya") == 58
    incomplete = rows(
        source_dataset,
        """SELECT ?w WHERE { ?w a coop:Wilaya .
             FILTER NOT EXISTS { ?w coop:wilayaCode ?c ; coop:validFrom ?f ;
               rdfs:label ?fr , ?ar FILTER(LANG(?fr) = "fr" && LANG(?ar) = "ar") } }""",
    )
    assert incomplete == []


def test_1541_communes_with_code_label_and_wilaya(source_dataset: ox.Store) -> None:
    assert count(source_dataset, "?c a coop:Commune") == 1541
    incomplete = rows(
        source_dataset,
        """SELECT ?c WHERE { ?c a coop:Commune .
             FILTER NOT EXISTS { ?c coop:communeCode ?code ; coop:communeCode1984 ?old ;
               coop:inWilaya ?w ; rdfs:label ?fr FILTER(LANG(?fr) = "fr") } }""",
    )
    assert incomplete == []


def test_wilaya_membership_history_follows_the_48_58_crosswalk(
    source_dataset: ox.Store, shared_dir: Path
) -> None:
    expected: dict[str, set[tuple[str, str, str | None]]] = {}
    current: dict[str, str] = {}
    for row in read_csv(shared_dir / "data/admin/transformatek-dz-admin/communes_58.csv"):
        code, now, then = (
            f"{int(row['code_58']):04d}",
            f"{int(row['code_wil']):02d}",
            f"{int(row['code_48']) // 100:02d}",
        )
        current[code] = now
        expected[code] = (
            {(now, "1984-02-04", None)}
            if now == then
            else {(then, "1984-02-04", "2019-12-11"), (now, "2019-12-11", None)}
        )
    found: dict[str, set[tuple[str, str, str | None]]] = defaultdict(set)
    for r in rows(
        source_dataset,
        """SELECT ?c ?w ?from ?until WHERE { ?m a coop:WilayaMembership ; org:member ?c ;
             org:organization ?w ; coop:validFrom ?from OPTIONAL { ?m coop:validUntil ?until } }""",
    ):
        until = r["until"].value if "until" in r else None
        found[r["c"].value[-4:]].add((r["w"].value[-2:], r["from"].value, until))
    # El Borma, the one exception the sources give (tests/test_history.py checks its periods)
    expected["3008"] = {
        ("30", "1984-02-04", "2019-12-11"),
        ("55", "2019-12-11", "2021-03"),
        ("30", "2021-03", None),
    }
    assert found == expected
    in_wilaya = {
        r["c"].value[-4:]: r["w"].value[-2:]
        for r in rows(source_dataset, "SELECT ?c ?w WHERE { ?c a coop:Commune ; coop:inWilaya ?w }")
    }
    assert in_wilaya == current


def test_tabelbala_is_in_beni_abbes_with_the_reason(source_dataset: ox.Store) -> None:
    found = rows(
        source_dataset,
        f"""SELECT ?note WHERE {{ <{iris.commune(5207)}> coop:inWilaya <{iris.wilaya(52)}> ;
              rdfs:comment ?note }}""",
    )
    assert found and "othmanus" in found[0]["note"].value and "19-12" in found[0]["note"].value


def test_announced_wilayas_are_not_wilayas_and_carry_no_code_in_their_iri(
    source_dataset: ox.Store,
) -> None:
    found = rows(
        source_dataset,
        """SELECT ?w ?code ?from WHERE { ?w a coop:AnnouncedWilaya ; coop:reportedCode ?code ;
             coop:expectedFrom ?from FILTER NOT EXISTS { ?w a coop:Wilaya } }""",
    )
    assert len(found) == 11
    assert {r["from"].value for r in found} == {"2027-01-01"}
    assert all(r["code"].value not in r["w"].value for r in found)


def test_countries_have_three_labels_and_the_eu_authority_match(source_dataset: ox.Store) -> None:
    found = rows(
        source_dataset,
        """SELECT ?c (GROUP_CONCAT(LANG(?l)) AS ?langs) ?eu WHERE { ?c a coop:Country ;
             rdfs:label ?l ; skos:exactMatch ?eu } GROUP BY ?c ?eu""",
    )
    assert len(found) == 28  # DZ and the 27 partner countries of the agreements
    for r in found:
        assert set(r["langs"].value.split()) == LANGUAGES
        assert r["eu"].value.startswith("http://publications.europa.eu/resource/authority/country/")


# --- agreements -------------------------------------------------------------------------------


def test_117_agreements_with_27_partner_countries(source_dataset: ox.Store) -> None:
    assert count(source_dataset, "?a a/rdfs:subClassOf* coop:CooperationAgreement") == 117
    assert (
        count(
            source_dataset,
            """SELECT DISTINCT ?c WHERE { ?a a/rdfs:subClassOf* coop:CooperationAgreement ;
                 coop:foreignParty/coop:country ?c }""",
        )
        == 27
    )


def test_every_agreement_has_a_source_url_and_a_confidence(source_dataset: ox.Store) -> None:
    missing = rows(
        source_dataset,
        """SELECT ?a WHERE { ?a a/rdfs:subClassOf* coop:CooperationAgreement .
             FILTER NOT EXISTS { ?a prov:wasDerivedFrom ?url ; dct:source ?url ;
               coop:confidence/skos:inScheme <https://w3id.org/coopgraph/vocab/confidence> .
               ?url a coop:SourceDocument FILTER(STRSTARTS(STR(?url), "http")) } }""",
    )
    assert missing == []


def _graph_agreements(store: ox.Store) -> dict[str, dict[str, set[tuple[str, str]]]]:
    found: dict[str, dict[str, set[tuple[str, str]]]] = defaultdict(lambda: defaultdict(set))
    for r in rows(
        store,
        """SELECT ?id ?country ?date ?url WHERE { ?a a/rdfs:subClassOf* coop:CooperationAgreement ;
             dct:identifier ?id ; coop:foreignParty/coop:country ?country ; dct:source ?url
             OPTIONAL { ?a coop:signingDate ?date } }""",
    ):
        agreement = found[r["id"].value]
        agreement["country"].add((r["country"].value.rsplit("/", 1)[1].upper(), ""))
        agreement["url"].add((r["url"].value, ""))
        if "date" in r:
            agreement["date"].add((r["date"].value, r["date"].datatype.value))
    return found


def _precision(date: str) -> str:
    return {4: "gYear", 7: "gYearMonth", 10: "date"}[len(date)]


def test_every_agreement_says_what_its_csv_row_says(
    source_dataset: ox.Store, shared_dir: Path
) -> None:
    graph = _graph_agreements(source_dataset)
    csv_rows = agreement_rows(shared_dir)
    assert set(graph) == {row["id"] for row in csv_rows}
    for row in csv_rows:
        agreement = graph[row["id"]]
        assert agreement["country"] == {(row["country"], "")}, row["id"]
        assert agreement["url"] == {(row["source_url"], "")}, row["id"]
        date = row["signing_date"]
        expected = {(date, iris.PREFIXES["xsd"] + _precision(date))} if date else set()
        assert agreement["date"] == expected, row["id"]


def test_several_parties_on_a_side_where_the_row_names_several(source_dataset: ox.Store) -> None:
    def parties(agreement: str, side: str) -> int:
        return count(source_dataset, f"<{iris.agreement(agreement)}> coop:{side} ?p")

    assert parties("DZA-AGR-075", "algerianParty") == 2
    assert parties("DZA-AGR-075", "foreignParty") == 3
    assert parties("DZA-AGR-043", "foreignParty") == 3
    assert parties("DZA-AGR-005", "foreignParty") == 2


def test_one_resource_per_foreign_collectivity(source_dataset: ox.Store) -> None:
    lyon = iris.collectivity("fr", "Ville de Lyon")
    for agreement in ("DZA-AGR-005", "DZA-AGR-007", "DZA-AGR-008"):
        assert (
            count(source_dataset, f"<{iris.agreement(agreement)}> coop:foreignParty <{lyon}>") == 1
        )
    assert (
        count(
            source_dataset,
            """SELECT ?l WHERE { ?c a coop:ForeignCollectivity ; rdfs:label ?l ; coop:country ?k }
               GROUP BY ?l ?k HAVING (COUNT(?c) > 1)""",
        )
        == 0
    )


# --- networks ---------------------------------------------------------------------------------


def test_the_five_ministry_networks_with_their_named_members(source_dataset: ox.Store) -> None:
    found: dict[str, set[str]] = defaultdict(set)
    for r in rows(
        source_dataset,
        f"""SELECT ?n ?member WHERE {{ ?m a coop:NetworkMembership ; org:organization ?n ;
              org:member ?member ; coop:confidence <{iris.concept("confidence", "high")}> ;
              prov:wasDerivedFrom <{MINISTRY_PAGE}> ; org:role ?role }}""",
    ):
        found[r["n"].value.rsplit("/", 1)[1]].add(r["member"].value.split("/id/", 1)[1])
    assert dict(found) == MINISTRY_MEMBERS
    for network in MINISTRY_MEMBERS:
        labels = rows(
            source_dataset, f"SELECT ?l WHERE {{ <{iris.network(network)}> rdfs:label ?l }}"
        )
        assert {r["l"].language for r in labels} == LANGUAGES


def test_algeria_holds_four_seats_in_arlem(source_dataset: ox.Store) -> None:
    membership = iris.membership("arlem", "country-dz")
    assert count(source_dataset, f'<{membership}> coop:seatCount "4"^^xsd:nonNegativeInteger') == 1


def test_every_membership_has_member_network_role_source_and_confidence(
    source_dataset: ox.Store,
) -> None:
    incomplete = rows(
        source_dataset,
        """SELECT ?m WHERE { ?m a coop:NetworkMembership . FILTER NOT EXISTS { ?m org:member ?x ;
             org:organization ?n ; org:role ?r ; prov:wasDerivedFrom ?s ; coop:confidence ?c ;
             coop:supportingQuote ?q } }""",
    )
    assert incomplete == []


# --- IRIs, terms and labels -------------------------------------------------------------------

EXTERNAL_LINKS = {iris.PREFIXES["dct"] + p for p in ("source", "license", "isVersionOf")} | {
    iris.PREFIXES["prov"] + "wasDerivedFrom",
    iris.PREFIXES["foaf"] + "homepage",
    iris.PREFIXES["rdfs"] + "seeAlso",
    iris.PREFIXES["skos"] + "exactMatch",
}


def test_every_iri_of_the_data_follows_the_scheme(source_dataset: ox.Store) -> None:
    quads = data_quads(source_dataset)
    links = {q.object.value for q in quads if q.predicate.value in EXTERNAL_LINKS}
    terms = {
        t.value
        for q in quads
        for t in (q.subject, q.predicate, q.object)
        if isinstance(t, ox.NamedNode)
    }
    ours = {t for t in terms if t.startswith(BASE)}
    assert sorted(t for t in ours if not iris.follows_scheme(t)) == []
    others = terms - ours - links
    assert sorted(t for t in others if not t.startswith(STANDARD)) == []


def test_the_ontology_declares_every_class_and_property_the_data_uses(
    source_dataset: ox.Store,
) -> None:
    quads = data_quads(source_dataset)
    used = {q.predicate.value for q in quads}
    used |= {q.object.value for q in quads if q.predicate.value == iris.PREFIXES["rdf"] + "type"}
    declared = {
        r["t"].value
        for r in rows(
            source_dataset,
            f"""SELECT ?t WHERE {{ GRAPH <{iris.graph("ontology")}> {{ ?t a ?k
                  VALUES ?k {{ owl:Class owl:ObjectProperty owl:DatatypeProperty }} }} }}""",
        )
    }
    assert sorted(t for t in used if not t.startswith(STANDARD) and t not in declared) == []


def test_every_coop_term_has_labels_in_en_fr_and_ar(source_dataset: ox.Store) -> None:
    unlabelled = rows(
        source_dataset,
        f"""SELECT ?t (GROUP_CONCAT(DISTINCT LANG(?l)) AS ?langs) WHERE {{
              GRAPH <{iris.graph("ontology")}> {{ ?t a ?k OPTIONAL {{ ?t rdfs:label ?l }} }}
              FILTER(STRSTARTS(STR(?t), STR(coop:))) }} GROUP BY ?t""",
    )
    assert unlabelled
    assert [r["t"].value for r in unlabelled if set(r["langs"].value.split()) != LANGUAGES] == []


@pytest.mark.parametrize("kind", ["skos:Concept", "skos:ConceptScheme"])
def test_every_concept_and_scheme_has_labels_in_en_fr_and_ar(
    source_dataset: ox.Store, kind: str
) -> None:
    found = rows(
        source_dataset,
        f"""SELECT ?c (GROUP_CONCAT(DISTINCT LANG(?l)) AS ?langs) WHERE {{
              ?c a {kind} OPTIONAL {{ ?c skos:prefLabel ?l }} }} GROUP BY ?c""",
    )
    assert found
    assert [r["c"].value for r in found if not set(r["langs"].value.split()) >= LANGUAGES] == []


def test_every_concept_is_in_its_scheme(source_dataset: ox.Store) -> None:
    stray = rows(
        source_dataset,
        """SELECT ?c WHERE { ?c a skos:Concept .
             FILTER NOT EXISTS { ?c skos:inScheme ?s . ?s a skos:ConceptScheme
               FILTER(STRSTARTS(STR(?c), CONCAT(STR(?s), "/"))) } }""",
    )
    assert stray == []


def test_the_legal_instruments_of_the_research_note(source_dataset: ox.Store) -> None:
    slugs = {
        r["i"].value.rsplit("/", 1)[1]
        for r in rows(
            source_dataset, "SELECT ?i WHERE { ?i a coop:LegalInstrument ; eli:title ?t }"
        )
    }
    assert {
        "ordinance-67-24",
        "ordinance-69-38",
        "law-90-08",
        "law-90-09",
        "law-11-10",
        "law-12-07",
        "decree-17-329",
        "interministerial-order-2020-08-27",
        "law-84-09",
        "law-19-12",
        "decree-15-140",
        "convention-fr-dz-2007-12-04",
        "bill-2025-territorial-organisation",
    } <= slugs
    referenced = rows(
        source_dataset,
        """SELECT DISTINCT ?i WHERE { ?x coop:establishedBy|coop:supersededBy|eli:amends ?i
             FILTER NOT EXISTS { ?i a coop:LegalInstrument } }""",
    )
    assert referenced == []

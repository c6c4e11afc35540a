"""The research queries (queries/*.rq): their headers, the binding of their parameters, the
build's check of them, and what each answers on the shipped data.

Each query's result is compared with the same answer computed another way: from the CSV the data
was converted from (../shared/data/agreements.csv), or by walking the Turtle sources with rdflib
in Python. No expected number is written down here.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS

from coopgraph import answers, build, iris, queries
from coopgraph.store import EmbeddedStore, StoreDir

from .conftest import ROOT, agreement_rows
from .sourcetree import with_own_queries

COOP = Namespace(iris.ONTOLOGY)
ELI = Namespace(iris.PREFIXES["eli"])
GEO = Namespace(iris.PREFIXES["geo"])
ID = iris.CANONICAL_BASE + "id/"
Row = dict[str, str | None]
HOSTILE = '"} ; DROP ALL #'


# ---------------------------------------------------------------------------------------------
# Fixtures and helpers


@pytest.fixture(scope="module")
def catalogue() -> dict[str, queries.CannedQuery]:
    return {q.name: q for q in queries.load_catalogue(ROOT / "queries")}


@pytest.fixture(scope="module")
def data() -> Graph:
    """The data sources, parsed by rdflib (not by the store the queries run on)."""
    graph = Graph()
    for path in sorted((ROOT / "data").rglob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def rows_csv(shared_dir: Path) -> list[dict[str, str]]:
    """Every agreement record: the shared CSV as the project's additions revise and extend it
    (withdrawn records included: the research queries list records with their status)."""
    return agreement_rows(shared_dir)


def run(store, query: queries.CannedQuery, **values: str) -> list[Row]:
    """The query's rows as {variable: lexical value or None}, with its parameters bound."""
    solutions = store.query(query.text, queries.bind(query, values) or None)
    names = [v.value for v in solutions.variables]
    return [{n: (None if s[n] is None else s[n].value) for n in names} for s in solutions]


def agreement_id(iri: str | None) -> str:
    assert iri is not None
    return iri.rsplit("/", 1)[-1]


def agreements(g: Graph) -> set[URIRef]:
    return set(g.subjects(COOP.algerianParty, None))


def wilaya_of(g: Graph, party: URIRef) -> URIRef | None:
    """The wilaya a party is, or is in today (current division)."""
    if (party, RDF.type, COOP.Wilaya) in g:
        return party
    return g.value(party, COOP.inWilaya)


def _first_day(value: object) -> str:
    text = str(value)
    return text + "-01-01"[len(text) - 4 :]


def _last_day(value: object) -> str:
    text = str(value)
    return text + "-12-31"[len(text) - 4 :]


def wilaya_at_signing(g: Graph, agreement: URIRef, party: URIRef) -> URIRef | None:
    """The wilaya a party is, or the one its commune certainly belonged to on the signing date
    (None: no date, or no recorded membership period certainly contains it)."""
    if (party, RDF.type, COOP.Wilaya) in g:
        return party
    signed = g.value(agreement, COOP.signingDate)
    if signed is None:
        return None
    for m in g.subjects(ORG.member, party):
        start, until = g.value(m, COOP.validFrom), g.value(m, COOP.validUntil)
        if (m, RDF.type, COOP.WilayaMembership) not in g or start is None:
            continue
        if _first_day(start) <= _first_day(signed) and (
            until is None or _first_day(until) > _last_day(signed)
        ):
            return g.value(m, ORG.organization)
    return None


def french(g: Graph, node: URIRef) -> str | None:
    found = [o for p in (RDFS.label, SKOS.prefLabel) for o in g.objects(node, p)]
    return next((str(o) for o in found if getattr(o, "language", None) in ("fr", None)), None)


def by(rows: list[Row], key: str, value: str) -> dict[str | None, int]:
    return {r[key]: int(r[value] or 0) for r in rows}


# ---------------------------------------------------------------------------------------------
# The catalogue


def test_catalogue_has_the_issue_queries_with_three_languages(catalogue) -> None:
    assert len(catalogue) >= 22
    for q in catalogue.values():
        assert set(q.title) == set(q.description) == {"en", "fr", "ar"}, q.name
        assert all(q.title.values()) and all(q.description.values()) and q.tags, q.name
        for p in q.parameters:
            assert set(p.description) == {"en", "fr", "ar"} and p.default is not None, q.name
    readme = (ROOT / "queries" / "README.md").read_text("utf-8")
    assert [n for n in catalogue if f"`{n}`" not in readme] == []


def test_every_query_has_a_check(catalogue) -> None:
    assert set(catalogue) == set(CHECKS)


def test_catalogue_round_trips_through_json(catalogue) -> None:
    again = queries.from_json(queries.to_json(catalogue.values()))
    assert again == list(catalogue.values())


def test_store_serves_the_catalogue_the_build_checked(
    built_store: EmbeddedStore, catalogue
) -> None:
    assert {q.name: q for q in built_store.queries()} == catalogue


# ---------------------------------------------------------------------------------------------
# Headers: every error names its file and line


GOOD_HEADER = """#+ title.en: T
#+ title.fr: T
#+ title.ar: ت
#+ description.en: D
#+   continued
#+ description.fr: D
#+ description.ar: د
#+ tags: a, b
"""


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        (GOOD_HEADER + "#+ colour: blue\nSELECT * {}", 9, "unknown header key 'colour'"),
        (GOOD_HEADER + "#+ param: x float\nSELECT ?x {}", 9, "unknown parameter type 'float'"),
        (GOOD_HEADER + "#+ param: x year default=99\nSELECT ?x {}", 9, "four digits"),
        (GOOD_HEADER + "#+ param: lang string\nSELECT ?lang {}", 9, "'lang'"),
        (GOOD_HEADER + "#+ param: x-y iri\nSELECT * {}", 9, "not a new SPARQL variable"),
        (GOOD_HEADER + "#+ title.en: again\nSELECT * {}", 9, "given twice (first on line 1)"),
        (GOOD_HEADER + "#+ just words\nSELECT * {}", 9, "expected `#+ key: value`"),
        (GOOD_HEADER.replace("#+ title.ar: ت\n", "") + "SELECT * {}", 7, "lacks `#+ title.ar"),
        (GOOD_HEADER + "\nSELECT * WHERE {\n  ?s ?p %%\n}", 11, "SPARQL syntax error at column 11"),
        (
            GOOD_HEADER + "#+ param: x string default=a\nSELECT ?s WHERE { ?s ?p ?x }",
            10,
            "cannot run",  # a parameter the query does not select cannot be bound
        ),
    ],
)
def test_header_and_query_errors_name_file_and_line(
    tmp_path: Path, text: str, line: int, says: str
) -> None:
    path = tmp_path / "broken-query.rq"
    path.write_text(text, "utf-8")
    with pytest.raises(queries.CatalogueError) as caught:
        queries.load_catalogue(tmp_path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert says in str(caught.value)


def test_a_good_header_reads_back(tmp_path: Path) -> None:
    text = GOOD_HEADER + "#+ param: x string default=a b\n#+ param.x.en: the x\nSELECT ?x {}\n"
    (tmp_path / "fine.rq").write_text(text, "utf-8")
    (q,) = queries.load_catalogue(tmp_path)
    assert q.description["en"] == "D continued" and q.tags == ("a", "b")
    assert q.parameters == (queries.Parameter("x", "string", "a b", {"en": "the x"}),)
    assert q.text == "SELECT ?x {}\n"


def test_a_parameter_without_default_is_required(tmp_path: Path) -> None:
    (tmp_path / "needs-a-year.rq").write_text(
        GOOD_HEADER + "#+ param: year year\nSELECT ?year WHERE { BIND(1 AS ?one) }", "utf-8"
    )
    (q,) = queries.load_catalogue(tmp_path)  # checked with an example year
    with pytest.raises(queries.ParameterError, match=r"'year' is required: give a year of four"):
        queries.bind(q, {})
    assert queries.bind(q, {"year": "1962"})


def test_file_names_must_be_query_names(tmp_path: Path) -> None:
    (tmp_path / "Bad Name.rq").write_text(GOOD_HEADER + "SELECT * {}", "utf-8")
    with pytest.raises(queries.CatalogueError, match=r"Bad Name\.rq:1: name query files"):
        queries.load_catalogue(tmp_path)


# ---------------------------------------------------------------------------------------------
# Binding


def test_values_become_typed_terms(catalogue) -> None:
    xsd = iris.PREFIXES["xsd"]
    year = catalogue["agreements-signed-in-year"]
    assert queries.bind(year, {"year": "2018"}) == {
        ox.Variable("year"): ox.Literal("2018", datatype=ox.NamedNode(xsd + "integer"))
    }
    code = catalogue["collectivities-of-country"]
    assert queries.bind(code, {"code": HOSTILE}) == {ox.Variable("code"): ox.Literal(HOSTILE)}
    partners = catalogue["partners-of-collectivity"]
    wilaya = iris.wilaya(16)
    for given in (wilaya, f"<{wilaya}>"):
        bound = queries.bind(partners, {"collectivity": given})
        assert bound == {ox.Variable("collectivity"): ox.NamedNode(wilaya)}
    local = queries.bind(partners, {}, base_iri="http://127.0.0.1:8080/")
    assert local[ox.Variable("collectivity")].value == "http://127.0.0.1:8080/id/commune/3101"


@pytest.mark.parametrize(
    ("query", "values", "says"),
    [
        ("agreements-signed-in-year", {"year": "20x"}, "'year' must be a year of four digits"),
        ("agreements-signed-in-year", {"year": "2018 "}, None),
        ("partners-of-collectivity", {"collectivity": "Oran"}, "'collectivity' must be an abs"),
        ("partners-of-collectivity", {"collectivity": "<http://a b>"}, "an absolute IRI"),
        ("agreements-by-country", {"country": "fr"}, "has no parameter 'country'"),
        ("agreements-signed-in-year", {"yaer": "2018"}, "parameters: year"),
    ],
)
def test_wrong_values_name_the_parameter_and_the_type(
    catalogue, query: str, values: dict[str, str], says: str | None
) -> None:
    if says is None:  # spaces around a number are forgiven
        assert queries.bind(catalogue[query], values)
        return
    with pytest.raises(queries.ParameterError, match=says):
        queries.bind(catalogue[query], values)


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        ("integer", "-12", "1.5"),
        ("decimal", "36.75", "3,5"),
        ("date", "2017-11-15", "2017-02-30"),
        ("language", "fr-DZ", "français"),
        ("boolean", "true", "yes"),
    ],
)
def test_every_type_checks_its_values(kind: str, good: str, bad: str) -> None:
    term = queries.term_for(kind, good)
    assert isinstance(term, ox.Literal) and term.value.lower() == good.lower()
    with pytest.raises(ValueError):
        queries.term_for(kind, bad)


def test_a_hostile_string_is_a_plain_literal_and_the_store_is_intact(
    built_store: EmbeddedStore, catalogue
) -> None:
    query = catalogue["collectivities-of-country"]
    before = len(list(built_store.query("SELECT * WHERE { ?s ?p ?o }")))  # type: ignore[arg-type]
    normal = built_store.query(query.text, queries.bind(query, {}))
    hostile = built_store.query(query.text, queries.bind(query, {"code": HOSTILE}))
    assert hostile.variables == normal.variables  # the same query shape
    assert list(hostile) == []  # no country has that code
    after = len(list(built_store.query("SELECT * WHERE { ?s ?p ?o }")))  # type: ignore[arg-type]
    assert after == before


# ---------------------------------------------------------------------------------------------
# The build checks the queries


def test_a_broken_query_fails_the_build_and_keeps_the_store(tmp_path: Path) -> None:
    sources_copy = with_own_queries(tmp_path / "sources")
    store = tmp_path / "store"
    build.build(store, sources_root=sources_copy)
    before = StoreDir(store).current_release_id()
    broken = sources_copy / "queries" / "agreements-by-theme.rq"
    text = broken.read_text("utf-8")
    lines = text.splitlines()
    where = next(i for i, line in enumerate(lines) if line.startswith("WHERE")) + 1
    broken.write_text(text.replace("WHERE {", "WHERE {\n  ?s ?p %%", 1), "utf-8")
    with pytest.raises(build.BuildError) as caught:
        build.build(store, sources_root=sources_copy)
    assert f"{broken}:{where + 1}: SPARQL syntax error" in str(caught.value)
    assert "current store is unchanged" in str(caught.value)
    assert StoreDir(store).current_release_id() == before
    assert {q.name for q in EmbeddedStore(store).queries()} == {
        p.stem for p in (ROOT / "queries").glob("*.rq")
    }


# ---------------------------------------------------------------------------------------------
# What each query answers, computed another way


def check_by_country(rows: list[Row], g: Graph, csv_rows: list[dict[str, str]]) -> None:
    assert by(rows, "code", "agreements") == Counter(r["country"] for r in csv_rows)
    partners: dict[str, set] = defaultdict(set)
    for p in set(g.objects(None, COOP.foreignParty)):
        partners[str(g.value(g.value(p, COOP.country), SKOS.notation))].add(p)
    assert by(rows, "code", "collectivities") == {k: len(v) for k, v in partners.items()}
    assert all(r["countryLabel"] for r in rows)


def check_by_theme(rows: list[Row], g: Graph, csv_rows) -> None:
    expected = Counter(str(t) for _, t in g.subject_objects(COOP.theme))
    assert by(rows, "theme", "agreements") == expected
    assert [int(r["agreements"] or 0) for r in rows] == sorted(expected.values(), reverse=True)


def years(csv_rows: list[dict[str, str]]) -> list[int]:
    return [int(r["signing_date"][:4]) for r in csv_rows if r["signing_date"]]


def check_by_decade(rows: list[Row], g: Graph, csv_rows) -> None:
    expected = Counter(y // 10 * 10 for y in years(csv_rows))
    assert {int(k or 0): v for k, v in by(rows, "decade", "agreements").items()} == expected


def check_timeline(rows: list[Row], g: Graph, csv_rows) -> None:
    expected = Counter(years(csv_rows))
    assert {int(k or 0): v for k, v in by(rows, "year", "agreements").items()} == expected
    assert [int(r["year"] or 0) for r in rows] == sorted(expected)


def partner_pairs(g: Graph, collectivity: URIRef) -> set[tuple[str, str]]:
    pairs = set()
    for a in agreements(g):
        algerian, foreign = (
            set(g.objects(a, COOP.algerianParty)),
            set(g.objects(a, COOP.foreignParty)),
        )
        for mine, theirs in ((algerian, foreign), (foreign, algerian)):
            if collectivity in mine:
                pairs |= {(str(p), str(a)) for p in theirs}
    return pairs


def check_partners(rows: list[Row], g: Graph, csv_rows) -> None:
    oran = URIRef(iris.commune(3101))
    assert {(r["partner"], r["agreement"]) for r in rows} == partner_pairs(g, oran)
    assert {r["collectivity"] for r in rows} == {str(oran)}


def check_algerian_ranking(rows: list[Row], g: Graph, csv_rows) -> None:
    stats: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for a in agreements(g):
        for party in g.objects(a, COOP.algerianParty):
            s = stats[str(party)]
            s["agreements"].add(a)
            for p in g.objects(a, COOP.foreignParty):
                s["partners"].add(p)
                s["countries"].add(g.value(p, COOP.country))
    memberships = Counter(
        str(g.value(m, ORG.member)) for m in g.subjects(RDF.type, COOP.NetworkMembership)
    )
    for key in ("partners", "agreements", "countries"):
        assert by(rows, "collectivity", key) == {c: len(s[key]) for c, s in stats.items()}
    assert by(rows, "collectivity", "memberships") == {c: memberships[c] for c in stats}
    ranks = [int(r["partners"] or 0) for r in rows]
    assert ranks == sorted(ranks, reverse=True)


def foreign_partners(g: Graph) -> dict[str, set]:
    found: dict[str, set] = defaultdict(set)
    for a in agreements(g):
        for f in g.objects(a, COOP.foreignParty):
            found[str(f)] |= set(g.objects(a, COOP.algerianParty))
    return found


def check_foreign_ranking(rows: list[Row], g: Graph, csv_rows) -> None:
    assert by(rows, "collectivity", "partners") == {
        f: len(s) for f, s in foreign_partners(g).items()
    }
    counts = Counter(str(f) for _, f in g.subject_objects(COOP.foreignParty))
    assert by(rows, "collectivity", "agreements") == counts
    ranks = [int(r["partners"] or 0) for r in rows]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] >= 2


def check_several_partners(rows: list[Row], g: Graph, csv_rows) -> None:
    expected = {f: len(s) for f, s in foreign_partners(g).items() if len(s) >= 2}
    assert expected and by(rows, "collectivity", "partners") == expected


def in_force(date: str, start: str, end: str | None) -> bool:
    return start <= date and (end is None or date < end)


def check_legal_regime(rows: list[Row], g: Graph, csv_rows) -> None:
    governs = {  # the commune codes, the wilaya codes, and the texts for both
        **dict.fromkeys(("ordinance-67-24", "law-90-08", "law-11-10"), COOP.Commune),
        **dict.fromkeys(("ordinance-69-38", "law-90-09", "law-12-07"), COOP.Wilaya),
        **dict.fromkeys(("decree-17-329", "interministerial-order-2020-08-27"), None),
    }
    expected: Counter[str] = Counter()
    for slug, kind in governs.items():
        text = URIRef(iris.legal(slug))
        start, end = g.value(text, COOP.validFrom), g.value(text, COOP.validUntil)
        for a in agreements(g):
            date = g.value(a, COOP.signingDate)
            parties = set(g.objects(a, COOP.algerianParty))
            fits = any(kind is None or (p, RDF.type, kind) in g for p in parties)
            if date is not None and fits and in_force(str(date), str(start), end and str(end)):
                expected[str(text)] += 1
    assert by(rows, "instrument", "agreements") == +expected
    assert any(r["instrument"] == iris.legal("decree-17-329") for r in rows)


def check_post_decree(rows: list[Row], g: Graph, csv_rows) -> None:
    decree = str(g.value(URIRef(iris.legal("decree-17-329")), COOP.validFrom))
    complete = {
        str(a)
        for a in agreements(g)
        if g.value(a, COOP.deliberation) is not None and g.value(a, COOP.approval) is not None
    }
    expected = {r["id"] for r in csv_rows if r["signing_date"] >= decree} - {
        agreement_id(a) for a in complete
    }
    assert expected and {agreement_id(r["agreement"]) for r in rows} == expected
    assert all(r["date"] and r["date"] >= decree for r in rows)


def check_wilayas_without(rows: list[Row], g: Graph, csv_rows) -> None:
    wilayas = set(g.subjects(RDF.type, COOP.Wilaya))
    active = {wilaya_of(g, p) for _, p in g.subject_objects(COOP.algerianParty)}
    expected = {str(w) for w in wilayas - active}
    assert expected and {r["wilaya"] for r in rows} == expected
    assert [r["code"] for r in rows] == sorted(r["code"] or "" for r in rows)


def check_memberships_by_wilaya(rows: list[Row], g: Graph, csv_rows) -> None:
    held: dict[str, set] = defaultdict(set)
    for m in g.subjects(RDF.type, COOP.NetworkMembership):
        wilaya = wilaya_of(g, g.value(m, ORG.member))
        if wilaya is not None:
            held[str(wilaya)].add(m)
    assert by(rows, "wilaya", "memberships") == {w: len(ms) for w, ms in held.items()}


def check_sahrawi(rows: list[Row], g: Graph, csv_rows) -> None:
    expected = {r["id"] for r in csv_rows if r["country"] == "EH"}
    assert expected and {agreement_id(r["agreement"]) for r in rows} == expected


def check_type_and_status(rows: list[Row], g: Graph, csv_rows) -> None:
    expected = Counter(
        (str(t), s and str(s))
        for a in agreements(g)
        for t in g.objects(a, COOP.agreementType)
        for s in (list(g.objects(a, COOP.status)) or [None])
    )
    assert {(r["type"], r["status"]): int(r["agreements"] or 0) for r in rows} == expected


def check_sources_by_confidence(rows: list[Row], g: Graph, csv_rows) -> None:
    groups: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for resource, level in g.subject_objects(COOP.confidence):
        sources = set(g.objects(resource, DCTERMS.source))
        if not sources:
            continue
        group = groups[str(level)]
        group["sources"] |= sources
        if (resource, COOP.algerianParty, None) in g:
            group["agreements"].add(resource)
        if (resource, RDF.type, COOP.NetworkMembership) in g:
            group["memberships"].add(resource)
    for key in ("sources", "agreements", "memberships"):
        assert by(rows, "confidence", key) == {c: len(v[key]) for c, v in groups.items()}


def check_map(rows: list[Row], g: Graph, csv_rows) -> None:
    def wkt(node: URIRef) -> str | None:
        geometry = g.value(node, GEO.hasGeometry)
        return None if geometry is None else str(g.value(geometry, GEO.asWKT))

    expected = {
        (str(a), str(p), str(f), wkt(p), wkt(f))
        for a in agreements(g)
        for p in g.objects(a, COOP.algerianParty)
        for f in g.objects(a, COOP.foreignParty)
    }
    got = {
        (r["agreement"], r["algerianParty"], r["partner"], r["algerianPartyWkt"], r["partnerWkt"])
        for r in rows
    }
    assert got == expected and len(rows) == len(expected)


def check_with_country(rows: list[Row], g: Graph, csv_rows) -> None:
    expected = {r["id"] for r in csv_rows if r["country"] == "FR"}
    assert {agreement_id(r["agreement"]) for r in rows} == expected


def check_collectivities_of_country(rows: list[Row], g: Graph, csv_rows) -> None:
    france = URIRef(iris.country("fr"))
    french_ones = {
        c for c in g.subjects(COOP.country, france) if (c, RDF.type, COOP.ForeignCollectivity) in g
    }
    expected = {str(c): len(set(g.subjects(COOP.foreignParty, c))) for c in french_ones}
    assert by(rows, "collectivity", "agreements") == expected
    assert {r["code"] for r in rows} == {"FR"}


def check_signed_in_year(rows: list[Row], g: Graph, csv_rows) -> None:
    expected = {r["id"] for r in csv_rows if r["signing_date"].startswith("2012")}
    assert {agreement_id(r["agreement"]) for r in rows} == expected


def check_in_wilaya(rows: list[Row], g: Graph, csv_rows) -> None:
    oran = URIRef(iris.wilaya(31))
    expected = {
        str(a)
        for a, p in g.subject_objects(COOP.algerianParty)
        if wilaya_at_signing(g, a, p) == oran
    }
    assert expected and {r["agreement"] for r in rows} == expected


def check_on_theme(rows: list[Row], g: Graph, csv_rows) -> None:
    theme = URIRef(iris.concept("theme", "cultural-exchange"))
    expected = {str(a) for a in g.subjects(COOP.theme, theme)}
    assert expected and {r["agreement"] for r in rows} == expected


def check_networks(rows: list[Row], g: Graph, csv_rows) -> None:
    expected = {
        (str(g.value(m, ORG.organization)), str(g.value(m, ORG.member)))
        for m in g.subjects(RDF.type, COOP.NetworkMembership)
    }
    assert {(r["network"], r["member"]) for r in rows} == expected
    assert all(r["networkLabel"] and r["memberLabel"] for r in rows)


def check_partner_kind(rows: list[Row], g: Graph, csv_rows) -> None:
    expected: dict[str | None, set] = defaultdict(set)
    for a, f in g.subject_objects(COOP.foreignParty):
        kind = g.value(f, COOP.collectivityKind)
        expected[kind and str(kind)].add(a)
    assert by(rows, "kind", "agreements") == {k: len(s) for k, s in expected.items()}


def check_by_wilaya(rows: list[Row], g: Graph, csv_rows) -> None:
    expected: dict[str, set] = defaultdict(set)
    for a, p in g.subject_objects(COOP.algerianParty):
        wilaya = wilaya_at_signing(g, a, p)
        expected[str(wilaya) if wilaya else "wilaya unknown at signing"].add(a)
    assert by(rows, "wilaya", "agreements") == {w: len(s) for w, s in expected.items()}
    # In Guezzam's 1995 twinnings count for Tamanrasset (11), its wilaya then, not for 54.
    in_guezzam_1995 = URIRef(iris.agreement("DZA-AGR-078"))
    assert in_guezzam_1995 in expected[iris.wilaya(11)]


def check_undated(rows: list[Row], g: Graph, csv_rows) -> None:
    expected = {r["id"] for r in csv_rows if not r["signing_date"]}
    assert {agreement_id(r["agreement"]) for r in rows} == expected
    assert all(r["firstSource"] for r in rows)


def check_sources_of_agreement(rows: list[Row], g: Graph, csv_rows) -> None:
    row = next(r for r in csv_rows if r["id"] == "DZA-AGR-002")
    assert {r["source"] for r in rows} == {row["source_url"]}
    assert {r["confidence"] for r in rows} == {iris.concept("confidence", row["confidence"])}


Check = Callable[[list[Row], Graph, list[dict[str, str]]], None]
CHECKS: dict[str, Check] = {
    "agreements-by-country": check_by_country,
    "agreements-by-theme": check_by_theme,
    "agreements-by-decade": check_by_decade,
    "signings-timeline": check_timeline,
    "partners-of-collectivity": check_partners,
    "most-connected-algerian-collectivities": check_algerian_ranking,
    "most-connected-foreign-collectivities": check_foreign_ranking,
    "foreign-collectivities-with-several-partners": check_several_partners,
    "agreements-by-legal-regime": check_legal_regime,
    "post-decree-agreements-without-procedure": check_post_decree,
    "wilayas-without-agreement": check_wilayas_without,
    "network-memberships-by-wilaya": check_memberships_by_wilaya,
    "sahrawi-agreements": check_sahrawi,
    "agreements-by-type-and-status": check_type_and_status,
    "sources-by-confidence": check_sources_by_confidence,
    "map-of-agreements": check_map,
    "agreements-with-country": check_with_country,
    "collectivities-of-country": check_collectivities_of_country,
    "agreements-signed-in-year": check_signed_in_year,
    "agreements-in-wilaya": check_in_wilaya,
    "agreements-on-theme": check_on_theme,
    "city-networks-and-members": check_networks,
    "agreements-by-partner-kind": check_partner_kind,
    "agreements-by-wilaya": check_by_wilaya,
    "undated-agreements": check_undated,
    "sources-of-agreement": check_sources_of_agreement,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CHECKS))
def test_query_answers_what_the_sources_say(
    name: str, built_store: EmbeddedStore, catalogue, data: Graph, rows_csv
) -> None:
    rows = run(built_store, catalogue[name])
    assert rows, f"{name} returned nothing on the shipped data"
    CHECKS[name](rows, data, rows_csv)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "values", "expected"),
    [
        ("partners-of-collectivity", {"collectivity": iris.collectivity("fr", "Belfort")}, None),
        ("agreements-with-country", {"country": iris.country("tn")}, "TN"),
        ("agreements-signed-in-year", {"year": "2018"}, "2018"),
    ],
)
def test_parameters_change_the_answer(
    name: str, values: dict[str, str], expected: str | None, built_store, catalogue, data, rows_csv
) -> None:
    rows = run(built_store, catalogue[name], **values)
    if name == "partners-of-collectivity":
        belfort = URIRef(values["collectivity"])
        assert {(r["partner"], r["agreement"]) for r in rows} == partner_pairs(data, belfort)
        return
    key = "country" if name == "agreements-with-country" else "signing_date"
    ids = {r["id"] for r in rows_csv if r[key].startswith(expected or "")}
    assert ids and {agreement_id(r["agreement"]) for r in rows} == ids


# ---------------------------------------------------------------------------------------------
# Computed once per release: the build times every query and ships the parameterless answers


@pytest.mark.slow
def test_the_build_times_every_query_and_ships_the_parameterless_answers(
    built_store: EmbeddedStore, catalogue
) -> None:
    shipped = built_store.shipped()
    assert set(shipped.timings_ms) == set(catalogue)
    for name, query in catalogue.items():
        shipped_json = shipped.answer(name, "json")
        if query.parameters:
            assert shipped_json is None, f"{name} has parameters: its answer depends on them"
            continue
        assert shipped_json is not None, f"the build shipped no answer for {name}"
        parsed = ox.parse_query_results(shipped_json.body, ox.QueryResultsFormat.JSON)
        got = [
            {v.value: (None if s[v] is None else s[v].value) for v in parsed.variables}
            for s in parsed
        ]
        assert got == run(built_store, query), f"{name}: the shipped answer is not the query's"
        assert shipped_json.rows == len(got)
        csv_rows = list(csv.reader(io.StringIO(shipped.answer(name, "csv").body.decode())))
        assert len(csv_rows) == len(got) + 1  # the header line


def test_the_budget_line_names_the_slow_queries() -> None:
    timings = [
        answers.Timing("fast", answers.BUDGET_MS / 2, 3),
        answers.Timing("slow", answers.BUDGET_MS * 4, 9),
    ]
    line = answers.over_budget(timings)
    assert line is not None and "slow" in line and "fast" not in line
    assert answers.over_budget(timings[:1]) is None


@pytest.mark.slow
def test_a_runaway_query_is_stopped_at_build_and_the_others_still_ship(
    built_store: EmbeddedStore, catalogue, tmp_path: Path
) -> None:
    release = tmp_path / "release"
    shutil.copytree(built_store.dir.current, release)
    forever = queries.CannedQuery(
        "forever",
        {},
        {},
        (),
        (),
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    )
    decade = catalogue["agreements-by-decade"]
    timings = answers.compute(release, [forever, decade], iris.CANONICAL_BASE, limit_s=2)
    assert [(t.name, t.stopped) for t in timings] == [("forever", True), (decade.name, False)]
    shipped = answers.Shipped.read(release)
    assert shipped.answer("forever", "json") is None
    assert shipped.answer(decade.name, "json") is not None and shipped.figures
    assert "forever stopped at 2 s" in (answers.over_budget(timings) or "")

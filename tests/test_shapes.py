"""The SHACL shapes: each rule against its conforming and failing examples (tests/shapes/),
the comparison of dates of any precision, the shipped data, and the generated catalogue.

A fixture `NAME.pass.ttl` must give no result of its rule (the part of NAME before the first
dot, or the rules of a `# rules:` line); a fixture `NAME.fail.ttl` must give every result its
`# expect: RULE SEVERITY FOCUS` lines announce. Every fixture is validated with
tests/shapes/_world.ttl and the project's ontology and vocabularies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import RDFS, SKOS, Graph, URIRef

from coopgraph import iris, sources
from coopgraph.validate import Report, Severity, validate_sources
from coopgraph.validate.catalogue import markdown, rule_shapes
from coopgraph.validate.engine import load_shapes

from .conftest import ROOT

FIXTURES = Path(__file__).parent / "shapes"
WORLD = sources.SourceFile(FIXTURES / "_world.ttl", "data")
EXPECT = re.compile(r"^# expect: (\S+) (\S+) (\S+)$", re.M)
RULES = re.compile(r"^# rules: (.+)$", re.M)


@dataclass(frozen=True)
class Fixture:
    path: Path
    rules: tuple[str, ...]
    expected: tuple[tuple[str, str, str], ...]  # (rule id, severity, focus node)

    @classmethod
    def read(cls, path: Path) -> Fixture:
        text = path.read_text(encoding="utf-8")
        rules = m[1].split() if (m := RULES.search(text)) else [path.name.split(".")[0]]
        return cls(path, tuple(rules), tuple(EXPECT.findall(text)))

    @property
    def passes(self) -> bool:
        return self.path.name.endswith(".pass.ttl")


def fixtures() -> list[Fixture]:
    return [Fixture.read(p) for p in sorted(FIXTURES.glob("*.ttl")) if not p.name.startswith("_")]


def validate(*paths: Path) -> Report:
    return validate_sources([WORLD, *(sources.SourceFile(p, "data") for p in paths)], ROOT)


def test_the_world_of_the_fixtures_breaks_no_rule() -> None:
    assert validate().results == []


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda f: f.path.name)
def test_fixture(fixture: Fixture) -> None:
    report = validate(fixture.path)
    if fixture.passes:
        assert [r for r in report.results if r.rule_id in fixture.rules] == []
        return
    assert fixture.expected, f"{fixture.path.name} announces no '# expect:' line"
    found = {(r.rule_id, r.severity.value, r.focus_node) for r in report.results}
    assert set(fixture.expected) <= found
    sources_given = (fixture.path, WORLD.path, ROOT / "ontology")  # DC-37's focus is a class
    for r in report.results:
        if (r.rule_id, r.severity.value, r.focus_node) in fixture.expected:
            assert r.file and r.line and set(r.message) == {"en", "fr", "ar"}
            assert Path(r.file).is_relative_to(sources_given[2]) or Path(r.file) in {
                p.resolve() for p in sources_given[:2]
            }


def test_every_rule_and_severity_has_a_passing_and_a_failing_example() -> None:
    encoded = {(r.rule_id, r.severity.value) for r in rule_shapes(load_shapes(ROOT))}
    all_fixtures = fixtures()
    failing = {(rule, severity) for f in all_fixtures for rule, severity, _ in f.expected}
    passing = {rule for f in all_fixtures if f.passes for rule in f.rules}
    assert sorted(encoded - failing) == []
    assert sorted({rule for rule, _ in encoded} - passing) == []


def test_every_rule_shape_is_documented_in_three_languages() -> None:
    for rule in rule_shapes(load_shapes(ROOT)):
        assert set(rule.message) == {"en", "fr", "ar"}, rule.shape
        assert rule.legal_source and rule.confidence, rule.shape
        if "Executive Decree 17-329" in rule.legal_source:
            assert re.search("not verified|not retrieved", rule.legal_source), rule.shape


def test_property_shapes_of_the_main_classes_are_ordered_and_named() -> None:
    shapes = load_shapes(ROOT)
    sh = iris.PREFIXES["sh"]
    for node_shape in ("Agreement", "Collectivity", "NetworkMembership"):
        ordered = [
            p
            for p in shapes.objects(URIRef(iris.SHAPES + node_shape), URIRef(sh + "property"))
            if (p, URIRef(sh + "group"), None) in shapes
        ]
        assert len(ordered) >= 3
        for p in ordered:
            names = {n.language for n in shapes.objects(p, URIRef(sh + "name"))}
            assert names == {"en", "fr", "ar"}, p
            assert shapes.value(p, URIRef(sh + "order")) is not None, p


@pytest.mark.parametrize(
    ("signed", "entry", "out_of_order"),
    [
        ("2019", "2019-12-11", False),  # the year may end after 11 December
        ("2020", "2019-12-11", True),
        ("2019-12", "2019-12-11", False),
        ("2019-12-12", "2019-12-11", True),
        ("2019-02", "2019-02-28", False),
        ("2019-03-01", "2019-02", True),
        ("2019-02-28", "2019", False),
        ("2019-02-28", "2018", True),
    ],
)
def test_dates_of_any_precision_are_out_of_order_only_when_certainly(
    tmp_path: Path, signed: str, entry: str, out_of_order: bool
) -> None:
    types = {4: "gYear", 7: "gYearMonth", 10: "date"}
    case = tmp_path / "dates.ttl"
    case.write_text(
        "@prefix coop: <https://w3id.org/coopgraph/ontology#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<https://w3id.org/coopgraph/id/agreement/T> a coop:CooperationAgreement ;\n"
        f'    coop:signingDate "{signed}"^^xsd:{types[len(signed)]} ;\n'
        f'    coop:entryIntoForceDate "{entry}"^^xsd:{types[len(entry)]} .\n',
        encoding="utf-8",
    )
    found = [r for r in validate(case).results if r.source_shape.endswith("signing-before-entry")]
    assert bool(found) == out_of_order


@pytest.fixture(scope="module")
def shipped_report() -> Report:
    data = [f for f in sources.rdf_sources(ROOT) if f.path.is_relative_to(ROOT / "data")]
    if not data:
        pytest.skip("data/ holds no Turtle yet")
    return validate_sources(data, ROOT)


def test_the_shipped_data_has_no_violation(shipped_report: Report) -> None:
    violations = [
        f"{r.file}:{r.line} {r.rule_id} {r.focus_node} {r.text()}"
        for r in shipped_report.results
        if r.severity == Severity.VIOLATION
    ]
    assert violations == []


def test_every_result_on_the_shipped_data_names_its_rule_file_and_line(
    shipped_report: Report,
) -> None:
    for r in shipped_report.results:
        assert re.fullmatch(r"D[CQ]-\d\d[a-z]?", r.rule_id), r
        assert r.file and r.line, r
        assert set(r.message) == {"en", "fr", "ar"}, r


def test_docs_rules_md_is_generated_from_the_shapes() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == markdown(load_shapes(ROOT)), (
        "docs/rules.md is stale: run `python -m coopgraph.validate.catalogue`"
    )


def test_rule_terms_and_vocabularies_have_three_labels() -> None:
    graph = Graph()
    for name in ("coopgraph.ttl", "vocab/authority.ttl", "vocab/clause-type.ttl"):
        graph.parse(ROOT / "ontology" / name)
    coop = iris.ONTOLOGY
    terms = [URIRef(coop + t) for t in ("ruleId", "legalSource", "ruleConfidence", "Clause")]
    concepts = list(graph.subjects(SKOS.inScheme, None))
    assert len(concepts) == 14
    for term in terms:
        assert {label.language for label in graph.objects(term, RDFS.label)} == {"en", "fr", "ar"}
    for concept in concepts:
        assert {label.language for label in graph.objects(concept, SKOS.prefLabel)} == {
            "en",
            "fr",
            "ar",
        }


def test_shape_iris_follow_the_scheme() -> None:
    shapes = load_shapes(ROOT)
    ours = {str(t) for triple in shapes for t in triple if str(t).startswith(iris.SHAPES)}
    assert ours and sorted(t for t in ours if not iris.follows_scheme(t)) == []

"""The benchmarks' synthetic data (bench/synthetic.py): seeded, sized, made of the ontology's
terms, marked synthetic, and validated exactly as its generator's own record says."""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import common  # noqa: E402  (bench/ is a folder of scripts, not a package)
import synthetic  # noqa: E402

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
COOPGRAPH = "https://w3id.org/coopgraph/"
TARGET = 10_000


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> synthetic.Generated:
    return synthetic.generate(TARGET, 42, tmp_path_factory.mktemp("synthetic"))


def quads(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))


def project_terms() -> tuple[set[str], set[str]]:
    """(every IRI the ontology and vocabularies define, every predicate and class they or the
    real data/ use): the vocabulary synthetic data may draw from."""
    defined, used = set(), set()
    for path in (ROOT / "ontology").rglob("*.ttl"):
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            defined.add(t.subject.value)
            used.add(t.predicate.value)  # dct:description, for one: the ontology describes itself
    for path in (ROOT / "data").rglob("*.ttl"):
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            used.add(t.predicate.value)
            if t.predicate.value == RDF_TYPE:
                used.add(t.object.value)
    return defined, used


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path, generated) -> None:
    again = synthetic.generate(TARGET, 42, tmp_path / "again")
    other = synthetic.generate(TARGET, 43, tmp_path / "other")
    for first, second in (
        (generated.ttl, again.ttl),
        (generated.nquads, again.nquads),
        (generated.injected_file, again.injected_file),
    ):
        assert first.read_bytes() == second.read_bytes()
    assert other.ttl.read_bytes() != generated.ttl.read_bytes()


def test_triple_count_is_near_the_target(generated) -> None:
    parsed = quads(generated.nquads)
    turtle = list(ox.parse(path=str(generated.ttl), format=ox.RdfFormat.TURTLE))
    assert len(parsed) == len(turtle) == generated.triples
    assert abs(len({(q.subject, q.predicate, q.object) for q in parsed}) - TARGET) <= TARGET * 0.05


def test_only_terms_of_the_ontology_or_the_real_data(generated) -> None:
    defined, used = project_terms()
    predicates, classes, concepts = set(), set(), set()
    for q in quads(generated.nquads):
        predicates.add(q.predicate.value)
        if q.predicate.value == RDF_TYPE:
            classes.add(q.object.value)
        if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(COOPGRAPH + "vocab/"):
            concepts.add(q.object.value)
    assert predicates <= defined | used, predicates - defined - used
    assert classes <= defined | used, classes - defined - used
    assert {t for t in predicates | classes if t.startswith(COOPGRAPH)} <= defined
    assert concepts <= defined, concepts - defined


def test_the_data_says_it_is_synthetic(generated) -> None:
    parsed = quads(generated.nquads)
    assert {q.graph_name.value for q in parsed} == {COOPGRAPH + "graph/synthetic"}
    descriptions = [
        q.object.value
        for q in parsed
        if q.predicate.value == "http://purl.org/dc/terms/description"
    ]
    assert descriptions and all("SYNTHETIC" in d for d in descriptions)
    for path in (generated.ttl, generated.nquads, generated.injected_file):
        assert "synthetic" in path.name
    # Minted IRIs carry the marker, except communes and wilayas (digits only in the scheme)
    # and the real countries.
    minted = {
        t.value
        for q in parsed
        for t in (q.subject, q.object)
        if isinstance(t, ox.NamedNode) and t.value.startswith(COOPGRAPH + "id/")
    }
    unmarked = {
        i
        for i in minted
        if "synthetic" not in i.lower()
        and i.split("/id/")[1].split("/")[0]
        not in {"commune", "wilaya", "wilaya-membership", "country"}
    }
    assert not unmarked


def test_generator_refuses_to_write_into_data() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "synthetic.py"),
            "--triples",
            "100",
            "--out",
            str(ROOT / "data" / "synthetic"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "never goes into data/" in done.stderr
    assert not (ROOT / "data" / "synthetic").exists()


def result_keys(results: list[dict]) -> collections.Counter:
    return collections.Counter(
        (r["focus_node"], r["rule_id"], r["severity"], r["path"])
        for r in results
        if r["severity"] in ("violation", "warning")
    )


def planted_keys(record: Path) -> collections.Counter:
    injected = json.loads(record.read_text())["injected"]
    return collections.Counter(
        (i["focus"], i["rule_id"], i["severity"], i["path"]) for i in injected
    )


@pytest.mark.slow
def test_builds_with_exactly_the_planted_warnings(tmp_path: Path, generated) -> None:
    sources = common.make_sources_root(tmp_path, generated.ttl)
    store = tmp_path / "store"
    common.build_store(sources, store)  # raises on any violation
    report = tmp_path / "report.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "coopgraph",
            "validate",
            "--store",
            str(store),
            "--format",
            "json",
            "-o",
            str(report),
        ],
        check=True,
        env=dict(os.environ),
    )
    results = json.loads(report.read_text())["results"]
    assert result_keys(results) == planted_keys(generated.injected_file)
    assert planted_keys(generated.injected_file)  # some warnings were planted


@pytest.mark.slow
def test_planted_violations_are_exactly_the_ones_reported(tmp_path: Path) -> None:
    data = synthetic.generate(TARGET, 7, tmp_path / "data", synthetic.Rates(0.03, 0.02))
    planted = planted_keys(data.injected_file)
    assert any(severity == "violation" for _, _, severity, _ in planted)
    report = tmp_path / "report.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "coopgraph",
            "validate",
            str(data.ttl),
            "--format",
            "json",
            "-o",
            str(report),
        ],
        check=False,
    )
    assert done.returncode == 1  # violations fail the command
    assert result_keys(json.loads(report.read_text())["results"]) == planted

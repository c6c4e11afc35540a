"""`coopgraph conformance`: the comparison rules on hand-made results, and a full suite run."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

import coopgraph
from coopgraph.conformance import manifest
from coopgraph.conformance.compare import (
    BY_VALUE,
    Solutions,
    compare_csv,
    compare_graphs,
    compare_solutions,
    rdflib_graph,
)
from coopgraph.conformance.querytext import order_keys
from coopgraph.conformance.runner import known_limitations

SUITE = Path(__file__).resolve().parents[2] / "shared" / "w3c" / "sparql11"
REPRO = Path(__file__).resolve().parents[1] / "docs" / "conformance" / "repro"
EARL = rdflib.Namespace("http://www.w3.org/ns/earl#")
XSD = "http://www.w3.org/2001/XMLSchema#"


def iri(local: str) -> ox.NamedNode:
    return ox.NamedNode(f"http://example.org/{local}")


def integer(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))


def sols(names: str, *rows: dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]) -> Solutions:
    return Solutions(tuple(names.split()), tuple(rows))


@pytest.fixture(scope="module")
def suite() -> Path:
    if not (SUITE / "manifest-all.ttl").is_file():
        pytest.skip(
            f"{SUITE} is absent: the W3C SPARQL 1.1 suite lives in the team's shared/ folder, "
            "which CI places beside the checkout (a fresh clone does not have it)."
        )
    return SUITE


# ---------------------------------------------------------------------------------------------
# Bag semantics


def test_solutions_are_a_multiset_in_any_order() -> None:
    a, b = {"x": iri("a")}, {"x": iri("b")}
    assert compare_solutions(sols("x", a, b, a), sols("x", b, a, a)) is None


def test_multiplicity_counts() -> None:
    a, b = {"x": iri("a")}, {"x": iri("b")}
    reason = compare_solutions(sols("x", a, a, b), sols("x", a, b, b))
    assert reason is not None and "missing 1" in reason and "unexpected 1" in reason


def test_unbound_differs_from_bound() -> None:
    assert compare_solutions(sols("x y", {"x": iri("a")}), sols("x y", {"x": iri("a")})) is None
    bound = sols("x y", {"x": iri("a"), "y": iri("b")})
    assert compare_solutions(sols("x y", {"x": iri("a")}), bound) is not None


def test_variables_must_match() -> None:
    assert compare_solutions(sols("x", {"x": iri("a")}), sols("y", {"y": iri("a")})) is not None


def test_literals_compare_as_rdf_terms() -> None:
    assert compare_solutions(sols("n", {"n": integer("1")}), sols("n", {"n": integer("01")}))
    plain, english = ox.Literal("chat"), ox.Literal("chat", language="en")
    assert compare_solutions(sols("l", {"l": plain}), sols("l", {"l": english}))
    typed = ox.Literal("chat", datatype=ox.NamedNode(XSD + "string"))
    assert compare_solutions(sols("l", {"l": plain}), sols("l", {"l": typed})) is None


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (typed("1.0", "decimal"), typed("1", "decimal")),
        (typed("1", "decimal"), typed("1", "integer")),
        (typed("-1.02E4", "double"), typed("-10200", "double")),
        (typed("-3", "negativeInteger"), typed("-3", "integer")),
        (typed("0", "boolean"), typed("false", "boolean")),
        (typed("INF", "double"), typed("INF", "float")),
    ],
)
def test_by_value_numbers_and_booleans_equal_by_value(a: ox.Literal, b: ox.Literal) -> None:
    assert compare_solutions(sols("n", {"n": a}), sols("n", {"n": b}))  # strict: they differ
    assert compare_solutions(sols("n", {"n": a}), sols("n", {"n": b}), mode=BY_VALUE) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (typed("1", "integer"), typed("2", "integer")),
        (typed("1", "integer"), ox.Literal("1")),  # a string is not a number
        (typed("1", "boolean"), typed("1", "integer")),  # nor is a boolean
        (typed("abc", "integer"), typed("abd", "integer")),  # ill-typed: compared as written
    ],
)
def test_by_value_still_tells_different_values_apart(a: ox.Literal, b: ox.Literal) -> None:
    assert compare_solutions(sols("n", {"n": a}), sols("n", {"n": b}), mode=BY_VALUE)


def test_by_value_applies_to_graphs() -> None:
    s, p = iri("s"), iri("p")
    assert (
        compare_graphs(
            rdflib_graph([ox.Triple(s, p, typed("2.0E3", "double"))]),
            rdflib_graph([ox.Triple(s, p, typed("2000", "double"))]),
            BY_VALUE,
        )
        is None
    )


def test_an_unknown_function_is_an_expression_error_not_a_refusal(built_store) -> None:
    """SPARQL 1.1, 17.6: the BIND is left unbound, the FILTER fails; the query still runs."""
    rows = list(
        built_store.query("SELECT ?y WHERE { VALUES ?x { 1 2 } BIND(<urn:x:f>(?x) AS ?y) }")
    )
    assert len(rows) == 2 and all(r["y"] is None for r in rows)
    assert not list(built_store.query("SELECT * WHERE { VALUES ?x { 1 } FILTER(<urn:x:g>(?x)) }"))


# ---------------------------------------------------------------------------------------------
# Blank nodes: one consistent bijection across the whole result


def test_blank_nodes_match_under_a_consistent_relabelling() -> None:
    b0, b1 = ox.BlankNode("b0"), ox.BlankNode("b1")
    x, y = ox.BlankNode("x"), ox.BlankNode("y")
    expected = sols("s o", {"s": b0, "o": b1}, {"s": b1, "o": iri("a")})
    actual = sols("s o", {"s": y, "o": iri("a")}, {"s": x, "o": y})
    assert compare_solutions(expected, actual) is None


def test_the_same_label_must_map_to_the_same_node_across_rows() -> None:
    b0 = ox.BlankNode("b0")
    expected = sols("s", {"s": b0}, {"s": b0})
    actual = sols("s", {"s": ox.BlankNode("x")}, {"s": ox.BlankNode("y")})
    assert compare_solutions(expected, actual) is not None


def test_two_labels_may_not_map_to_one_node() -> None:
    expected = sols("s o", {"s": ox.BlankNode("b0"), "o": ox.BlankNode("b1")})
    actual = sols("s o", {"s": ox.BlankNode("x"), "o": ox.BlankNode("x")})
    assert compare_solutions(expected, actual) is not None


def test_blank_node_is_not_an_iri() -> None:
    assert compare_solutions(sols("s", {"s": ox.BlankNode("b")}), sols("s", {"s": iri("b")}))


# ---------------------------------------------------------------------------------------------
# ORDER BY


def test_order_keys_are_read_from_the_top_level_only() -> None:
    assert order_keys("SELECT * { ?s ?p ?o }") is None
    assert order_keys("SELECT ?s { { SELECT ?s {} ORDER BY ?s LIMIT 2 } }") is None
    assert order_keys("SELECT * { ?s ?p ?o } ORDER BY DESC(?o) ?s LIMIT 3") == ("o", "s")
    assert order_keys('SELECT * { ?s ?p "ORDER BY ?x" } ORDER BY ?p') == ("p",)
    assert order_keys("SELECT * { ?s ?p ?o } ORDER BY STR(?o)") == ()


def test_order_matters_only_with_order_by() -> None:
    a, b = {"x": integer("1")}, {"x": integer("2")}
    assert compare_solutions(sols("x", a, b), sols("x", b, a)) is None
    assert compare_solutions(sols("x", a, b), sols("x", b, a), ("x",)) is not None
    assert compare_solutions(sols("x", a, b), sols("x", b, a), ()) is not None


def test_rows_tied_on_the_order_keys_may_come_in_any_order() -> None:
    r1 = {"k": integer("1"), "v": iri("a")}
    r2 = {"k": integer("1"), "v": iri("b")}
    r3 = {"k": integer("2"), "v": iri("c")}
    assert compare_solutions(sols("k v", r1, r2, r3), sols("k v", r2, r1, r3), ("k",)) is None
    assert compare_solutions(sols("k v", r1, r2, r3), sols("k v", r3, r1, r2), ("k",))


# ---------------------------------------------------------------------------------------------
# CSV and graphs


def test_csv_columns_match_by_name_and_blank_nodes_by_bijection() -> None:
    expected = "s,o\r\nhttp://e/a,_:b0\r\nhttp://e/b,_:b0\r\n"
    assert compare_csv(expected, "o,s\r\n_:x,http://e/b\r\n_:x,http://e/a\r\n") is None
    assert compare_csv(expected, "o,s\r\n_:x,http://e/b\r\n_:y,http://e/a\r\n") is not None
    assert compare_csv("n\r\n1.0\r\n", "n\r\n1\r\n") is not None


def test_graphs_compare_by_isomorphism_with_exact_literals() -> None:
    p = iri("p")
    one = ox.Triple(ox.BlankNode("a"), p, integer("1"))
    assert (
        compare_graphs(
            rdflib_graph([one]), rdflib_graph([ox.Triple(ox.BlankNode("z"), p, integer("1"))])
        )
        is None
    )
    assert compare_graphs(
        rdflib_graph([one]), rdflib_graph([ox.Triple(ox.BlankNode("a"), p, integer("01"))])
    )
    two = [ox.Triple(ox.BlankNode("a"), p, iri("o")), ox.Triple(ox.BlankNode("b"), p, iri("o"))]
    merged = [ox.Triple(ox.BlankNode("a"), p, iri("o"))]
    assert compare_graphs(rdflib_graph(two), rdflib_graph(merged)) is not None


# ---------------------------------------------------------------------------------------------
# The suite


def test_every_known_limitation_names_a_test_of_the_suite(suite: Path) -> None:
    tests = {t.iri for t in manifest.load(suite / "manifest-all.ttl", suite)}
    assert set(known_limitations()) <= tests


def reproduce(script: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("script", sorted(REPRO.glob("[a-z]*.py")), ids=lambda p: p.stem)
def test_each_engine_fault_still_shows_on_pyoxigraph_alone(script: Path) -> None:
    """When a new engine version fixes one, this fails: remove the fixed tests from
    known_limitations.toml and docs/conformance/engine-failures.md, and the script."""
    run = reproduce(script)
    assert run.returncode == 1 and "fixed" not in run.stdout, (
        f"{script.name} no longer reproduces on pyoxigraph {ox.__version__}:\n{run.stdout}"
        + run.stderr
    )


def test_every_known_limitation_has_its_reproduction() -> None:
    shown = "".join(reproduce(script).stdout for script in REPRO.glob("[a-z]*.py"))
    for test in known_limitations():
        name = test.rsplit("#", 1)[1]
        assert f"{name}: STILL FAILS" in shown, f"no script in {REPRO} reproduces {test}"


@pytest.mark.slow
def test_the_full_suite_passes_over_http(suite: Path, tmp_path: Path) -> None:
    env = dict(os.environ)
    package_root = str(Path(coopgraph.__file__).parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    reports = tmp_path / "report"
    command = ["conformance", "--suite", str(suite), "--report-dir", str(reports)]
    run = subprocess.run(
        [sys.executable, "-m", "coopgraph", *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-3000:]

    tests = manifest.load(suite / "manifest-all.ttl", suite)
    earl = rdflib.Graph().parse(reports / "earl.ttl", format="turtle")
    assertions = list(earl.subjects(rdflib.RDF.type, EARL.Assertion))
    assert len(assertions) == len(tests)
    assert {str(earl.value(a, EARL.test)) for a in assertions} == {t.iri for t in tests}

    failed = int(re.search(r"failed: (\d+)", run.stdout).group(1))  # type: ignore[union-attr]
    junit = ET.parse(reports / "junit.xml").getroot()
    assert int(junit.get("failures", "-1")) == failed == len(list(junit.iter("failure")))
    summary = json.loads((reports / "summary.json").read_text())
    assert summary["total"]["failed"] == failed

    # the declared comparison, and the strict figure beside it, in the summary and the EARL
    assert "Results compared by value" in run.stdout
    strict = re.search(r"compared strictly \(lexical forms\): passed: (\d+)", run.stdout)
    assert strict and int(strict[1]) == summary["strict"]["passed"] < summary["total"]["passed"]
    assert summary["comparison"] == "by value"
    described = " ".join(str(o) for o in earl.objects(None, rdflib.namespace.DCTERMS.description))
    assert (
        "compared by value" in described and f"Compared strictly: {strict[1]} passed" in described
    )
    # every failure is a listed engine fault, each listed fault fails
    assert failed == summary["total"]["known"] == len(known_limitations())

"""The fast SHACL engine on the W3C SHACL test suite (../shared/w3c/shacl): for every test whose
shapes it compiles entirely, its results equal pySHACL's and the manifest's expected report."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace
from rdflib.term import Node

from coopgraph.validate.engine import SH, run_pyshacl
from coopgraph.validate.fast import run as fast_run
from coopgraph.validate.rows import ReportRow, comparable, read_rows

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
Row = tuple[str, ...]


def term(node: Node | None) -> str:
    """Blank node ids differ between graphs: all read '_:'; xsd:string literals are plain;
    decimals by value (Oxigraph stores them canonically: 4.0 is read back as 4)."""
    if isinstance(node, Literal) and node.datatype == XSD.string:
        node = Literal(str(node))
    if isinstance(node, Literal) and node.datatype == XSD.decimal:
        return f"decimal {node.value.normalize()}"
    return "" if node is None else "_:" if isinstance(node, BNode) else node.n3()


def rows(results: list[ReportRow], shapes: Graph) -> set[Row]:
    return comparable(results, shapes, term)


def suite_files(suite: Path) -> list[Path]:
    return sorted(p for p in suite.rglob("*.ttl") if p.name != "manifest.ttl")


def parse(path: Path | str) -> Graph:
    return Graph().parse(str(path), format="turtle")


def store_of(path: Path | str) -> ox.Store:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=Path(path).as_uri())
    return store


def check(file: Path) -> str:
    """'claimed', 'fallback', 'pySHACL fails' or 'not a validation test'; asserts on a claimed
    test."""
    manifest = parse(file)
    test = next(manifest.subjects(RDF.type, SHT.Validate), None)
    expected = manifest.value(test, MF.result) if test is not None else None
    if expected is None or expected == SHT.Failure:
        return "not a validation test"
    action = manifest.value(test, MF.action)
    shapes_file = str(manifest.value(action, SHT.shapesGraph)).removeprefix("file://")
    data_file = str(manifest.value(action, SHT.dataGraph)).removeprefix("file://")
    shapes, store = parse(shapes_file), store_of(data_file)
    _, unsupported = fast_run.compile_all(shapes)
    if unsupported:
        return "fallback"
    try:
        reference = run_pyshacl(parse(data_file), shapes)  # plain pySHACL, on rdflib
    except Exception:  # pySHACL itself fails on a few tests: there is no reference
        return "pySHACL fails"
    fast = rows(fast_run.validate(store, shapes, "fast", run_pyshacl).rows, shapes)
    wanted = rows(read_rows(manifest, manifest.objects(expected, SH.result)), shapes)
    assert fast == rows(read_rows(reference), shapes), file
    assert fast == wanted, file
    return "claimed"


def test_fast_engine_matches_pyshacl_and_the_suite(shared_dir: Path) -> None:
    suite = shared_dir / "w3c" / "shacl"
    if not (suite / "manifest.ttl").is_file():
        pytest.skip(f"{suite} holds no W3C SHACL test suite")
    outcomes: dict[str, list[str]] = {}
    failures = []
    for file in suite_files(suite):
        try:
            outcomes.setdefault(check(file), []).append(file.name)
        except AssertionError as err:
            failures.append(f"{file.relative_to(suite)}: {err}")
    print({k: len(v) for k, v in outcomes.items()}, "failed:", len(failures))
    assert not failures, "\n".join(failures)
    assert len(outcomes.get("claimed", [])) >= 75, outcomes

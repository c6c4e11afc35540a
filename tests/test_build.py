"""The build: named graphs, inference, release metadata, atomic swap, failure and kill safety."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph import build, inference, iris
from coopgraph.backends import open_store
from coopgraph.store import EmbeddedStore, StoreDir
from coopgraph.validate.build_check import check_for_build

from .conftest import ROOT

pytestmark = pytest.mark.slow

COOP = iris.ONTOLOGY


def count(store, where: str) -> int:
    q = f"PREFIX coop: <{COOP}> SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"
    return int(next(iter(store.query(q)))["n"].value)


@pytest.fixture
def sources_copy(tmp_path: Path) -> Path:
    """A private copy of the project's sources that a test may break."""
    root = tmp_path / "src"
    for area in ("ontology", "shapes", "data"):
        shutil.copytree(ROOT / area, root / area)
    return root


def test_one_named_graph_per_source_area(built_store: EmbeddedStore) -> None:
    graphs = {r["g"].value for r in built_store.query("SELECT DISTINCT ?g { GRAPH ?g {} }")}
    expected = {
        "ontology",
        "vocabularies",
        "shapes",
        "admin",
        "agreements",
        "networks",
        "legal",
        "geo",
        "inferred",
        "release",
    }
    assert graphs == {iris.graph(name) for name in expected}


def test_a_query_naming_its_dataset_replaces_the_union(built_store: EmbeddedStore) -> None:
    agreements = iris.graph("agreements")
    in_graph = count(built_store, f"GRAPH <{agreements}> {{ ?s ?p ?o }}")
    assert 0 < in_graph < count(built_store, "?s ?p ?o")
    q = f"SELECT (COUNT(*) AS ?n) FROM <{agreements}> WHERE {{ ?s ?p ?o }}"
    assert int(next(iter(built_store.query(q)))["n"].value) == in_graph
    # FROM inside a string or a comment names nothing: the union stays
    q = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?o != "FROM") } # FROM <x>'
    assert int(next(iter(built_store.query(q)))["n"].value) > in_graph


def test_inference_is_materialised_in_its_own_graph(built_store: EmbeddedStore) -> None:
    communes = count(built_store, "?c a coop:Commune")
    inferred = count(
        built_store,
        f"GRAPH <{iris.graph('inferred')}> {{ ?c a coop:TerritorialCollectivity }} "
        "?c a coop:Commune",
    )
    assert communes == 1541
    assert inferred == communes  # stated as Commune, inferred as TerritorialCollectivity
    # subproperty closure: every algerianParty is also a party
    assert (
        count(built_store, "?a coop:algerianParty ?p FILTER NOT EXISTS { ?a coop:party ?p }") == 0
    )


def test_inference_reads_every_graph_and_keeps_blank_nodes() -> None:
    """The closure spans named graphs and the default graph (a store copied by `validate
    --store` keeps its triples there), and is stated of the very blank nodes of the data."""
    ex = "http://example.org/"
    a, sub, sup, top = (ox.NamedNode(ex + n) for n in ("a", "Sub", "Super", "Top"))
    blank, subclass = ox.BlankNode(), ox.NamedNode(iris.PREFIXES["rdfs"] + "subClassOf")
    rdf_type, into = ox.NamedNode(iris.PREFIXES["rdf"] + "type"), ox.NamedNode(ex + "inferred")
    store = ox.Store()
    store.extend(
        [
            ox.Quad(sub, subclass, sup, ox.NamedNode(ex + "ontology")),
            ox.Quad(sup, subclass, top),  # in the default graph
            ox.Quad(a, rdf_type, sub, ox.NamedNode(ex + "data")),
            ox.Quad(blank, rdf_type, sub),
        ]
    )
    assert inference.materialise(store, into) == 5  # Sub < Top; a and _:b are Super and Top
    assert set(store.quads_for_pattern(None, rdf_type, None, into)) == {
        ox.Quad(node, rdf_type, cls, into) for node in (a, blank) for cls in (sup, top)
    }
    assert list(store.named_graphs()).count(inference.DEFAULT_COPY) == 0
    assert len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))) == 2


def test_release_metadata(built_store: EmbeddedStore) -> None:
    info = built_store.release()
    assert info.base_iri == iris.CANONICAL_BASE
    assert info.triples == count(built_store, "GRAPH ?g { ?s ?p ?o }")
    assert count(built_store, "?r a coop:Release ; <http://rdfs.org/ns/void#classPartition> ?x") > 5


def test_base_iri_rebases_every_coopgraph_iri(sources_copy: Path, tmp_path: Path) -> None:
    base = "http://127.0.0.1:8080/"
    build.build(tmp_path / "store", base, sources_copy)
    store = open_store(tmp_path / "store")
    assert store.release().base_iri == base
    assert count(store, f"<{base}id/wilaya/16> a coop:Wilaya") == 1
    leftover = f"?s ?p ?o FILTER(STRSTARTS(STR(?s), '{iris.CANONICAL_BASE}id/'))"
    assert count(store, leftover) == 0


def test_broken_turtle_names_file_and_line_and_keeps_the_old_store(
    sources_copy: Path, tmp_path: Path
) -> None:
    location = tmp_path / "store"
    first = build.build(location, sources_root=sources_copy)
    broken = sources_copy / "data" / "legal" / "legal.ttl"
    lines = broken.read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join([*lines, "<urn:x> <urn:y> ."]) + "\n", encoding="utf-8")

    with pytest.raises(build.BuildError) as err:
        build.build(location, sources_root=sources_copy)
    assert f"{broken}:{len(lines) + 1}:" in str(err.value)

    store = open_store(location)
    assert store.release().release_id == first.release.release_id
    assert count(store, "?a a coop:CooperationAgreement") == 117


def test_a_rule_broken_stops_the_build_and_publishes_nothing(
    sources_copy: Path, tmp_path: Path
) -> None:
    """The SHACL check runs beside inference and writing: the release it was checking must
    not be published, nor left half-written, when the data breaks a rule."""
    location = tmp_path / "store"
    first = build.build(location, sources_root=sources_copy, validator=check_for_build)
    assert first.warnings > 0  # the check ran and its summary reached the result
    violating = ROOT / "tests" / "shapes" / "DC-34.fail.ttl"  # wilaya 49 in an act of 2015
    target = sources_copy / "data" / "agreements" / "violating.ttl"
    shutil.copy(violating, target)
    line = next(
        n
        for n, text in enumerate(violating.read_text(encoding="utf-8").splitlines(), start=1)
        if text.startswith("    coop:algerianParty wilaya:49")  # the statement at fault
    )

    with pytest.raises(build.BuildError) as err:
        build.build(location, sources_root=sources_copy, validator=check_for_build)
    assert "current store is unchanged" in str(err.value)
    assert f"{target.resolve()}:{line}: DC-34 " in str(err.value)

    store_dir = StoreDir(location)
    assert open_store(location).release().release_id == first.release.release_id
    assert not list(store_dir.releases.glob("*.partial"))
    assert len(list(store_dir.releases.iterdir())) == 1


KILLED_BUILD = """
import sys
from pathlib import Path
from coopgraph import build
build.build(Path(sys.argv[1]), sources_root=Path(sys.argv[2]),
            progress=lambda step: print(step, flush=True))
"""


@pytest.mark.parametrize("step", ["Parsing", "Materialising", "Writing"])
def test_sigkill_during_build_leaves_the_old_store_intact(
    sources_copy: Path, tmp_path: Path, step: str
) -> None:
    location = tmp_path / "store"
    first = build.build(location, sources_root=sources_copy)
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(location), str(sources_copy)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(step):
            break
    if step == "Writing":
        _wait_for(lambda: any(StoreDir(location).releases.glob("*.partial")), proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    store = open_store(location)
    assert store.release().release_id == first.release.release_id
    assert count(store, "?a a coop:CooperationAgreement") == 117
    # and the next build succeeds, clearing what the killed one left
    again = build.build(location, sources_root=sources_copy)
    assert StoreDir(location).current_release_id() == again.release.release_id
    assert not list(StoreDir(location).releases.glob("*.partial"))


def _wait_for(condition: Callable[[], bool], proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, "the build finished before the test could kill it"
        assert time.monotonic() < deadline, "the build never reached the expected step"
        time.sleep(0.001)

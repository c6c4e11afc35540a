"""Shared fixtures: the project's sources, and the shared/ folder CI puts beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph import sources
from coopgraph.importers import additions
from coopgraph.importers.agreements import COLUMNS
from coopgraph.importers.rows import read_rows

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (read-only facts and W3C suites). A user's fresh clone lacks it: skip clearly."""
    if not (SHARED / "data" / "agreements.csv").is_file():
        pytest.skip(
            f"{SHARED} is absent: this test reads the team's shared/ folder, which CI places "
            "beside the checkout (a fresh clone does not have it)."
        )
    return SHARED


def agreement_rows(shared_dir: Path) -> list[dict[str, str]]:
    """Every agreement record: the shared CSV as the project's own additions.csv revises and
    extends it (data/agreements/additions.csv; withdrawn records included)."""
    shared = read_rows(shared_dir / "data" / "agreements.csv", COLUMNS, "id")
    own = additions.read_additions(additions.project_file(), COLUMNS)
    return [{c: row[c] for c in COLUMNS} for row in additions.merge(shared, own)]


@pytest.fixture(scope="session")
def source_dataset() -> ox.Store:
    """Every source file loaded into an in-memory store, one named graph per source area."""
    store = ox.Store()
    for f in sources.rdf_sources(ROOT):
        store.load(
            path=str(f.path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f.graph_iri())
        )
    return store


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory):
    """The shipped sources built once, the way `coopgraph build` does (SHACL included)."""
    from coopgraph import build
    from coopgraph.backends import open_store
    from coopgraph.validate.build_check import check_for_build

    location = tmp_path_factory.mktemp("store")
    build.build(location, validator=check_for_build)
    return open_store(location)


@pytest.fixture(scope="session")
def virtuoso(built_store, tmp_path_factory: pytest.TempPathFactory):
    """A private Virtuoso Open Source instance holding the built release, published into it
    the documented way (`coopgraph publish` over the Graph Store Protocol)."""
    from coopgraph.publish import to_graph_store

    from .servers import VirtuosoServer

    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    try:
        to_graph_store(built_store.dir, server.gsp_url, server.USER, server.PASSWORD)
        # Right after a load Virtuoso 7.2 takes 1-2 s for a query over a listed dataset (the
        # scoped queries); after a restart, 5 ms (docs/endpoint.md)
        server.restart()
        yield server
    finally:
        server.stop()

"""Sources roots for tests: the project's sources with the research queries of the test's own,
or with one data file of its own, built and served."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from coopgraph import build

from .conftest import ROOT
from .servers import CoopgraphServer


def with_own_queries(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for area in ("ontology", "shapes", "data"):
        (root / area).symlink_to(ROOT / area)
    shutil.copytree(ROOT / "queries", root / "queries")
    return root


def served_with_data(
    tmp_path_factory: pytest.TempPathFactory, name: str, turtle: str
) -> Iterator[str]:
    """A server (its URL) over the project's sources plus data/agreements/`name` holding
    `turtle`; for a module- or session-scoped fixture to `yield from`."""
    sources = tmp_path_factory.mktemp(f"{name}-sources")
    for area in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / area, sources / area)
    (sources / "data" / "agreements" / name).write_text(turtle, "utf-8")
    store = tmp_path_factory.mktemp(f"{name}-store")
    build.build(store, sources_root=sources)
    server = CoopgraphServer(str(store), [], workers=1)
    yield server.url
    server.stop()

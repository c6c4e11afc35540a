"""A sources root for tests that change the research queries: the project's ontology, shapes
and data linked in place, and a copy of queries/ to add to or break."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import ROOT


def with_own_queries(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for area in ("ontology", "shapes", "data"):
        (root / area).symlink_to(ROOT / area)
    shutil.copytree(ROOT / "queries", root / "queries")
    return root

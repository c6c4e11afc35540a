"""Where the source files are and which named graph each one feeds.

Sources are the truth (shared/DESIGN.md §1): `ontology/`, `shapes/`, `data/` and `queries/`
at the top of a checkout, or inside the installed wheel (`coopgraph/_sources/`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from coopgraph import iris


@dataclass(frozen=True)
class SourceFile:
    path: Path
    graph: str  # short graph name, e.g. "agreements" -> {base}graph/agreements

    def graph_iri(self, base: str = iris.CANONICAL_BASE) -> str:
        return iris.graph(self.graph, base)


def default_root() -> Path:
    """The folder holding ontology/, shapes/, data/ and queries/.

    Order: $COOPGRAPH_SOURCES, the wheel's bundled copy, then the checkout this module
    lives in (an editable install).
    """
    if env := os.environ.get("COOPGRAPH_SOURCES"):
        return Path(env)
    bundled = Path(__file__).parent / "_sources"
    if (bundled / "ontology").is_dir():
        return bundled
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError(
        "coopgraph cannot find its source files (ontology/, shapes/, data/): "
        "set COOPGRAPH_SOURCES to the folder that holds them, or reinstall the package."
    )


def graph_name(relative: Path) -> str:
    """Named graph for a file, by where it sits.

    ontology/vocab/* -> vocabularies; ontology/* -> ontology; shapes/* -> shapes;
    data/<area>/* -> <area>; data/<name>.ttl -> <name>.
    """
    top, *rest = relative.parts
    if top == "ontology":
        return "vocabularies" if rest[:1] == ["vocab"] else "ontology"
    if top == "shapes":
        return "shapes"
    if top == "data":
        return rest[0] if len(rest) > 1 else Path(rest[0]).stem
    raise ValueError(f"{relative} is not under ontology/, shapes/ or data/")


def rdf_sources(root: Path | None = None) -> list[SourceFile]:
    """Every Turtle source file, in a stable order."""
    root = root or default_root()
    files: list[SourceFile] = []
    for area in ("ontology", "shapes", "data"):
        for path in sorted((root / area).rglob("*.ttl")):
            files.append(SourceFile(path, graph_name(path.relative_to(root))))
    return files


def data_sources(paths: list[Path]) -> list[SourceFile]:
    """Turtle files under user-given files or folders (for validation of another repo's data)."""
    files: list[SourceFile] = []
    for p in paths:
        found = sorted(p.rglob("*.ttl")) if p.is_dir() else [p]
        files.extend(SourceFile(f, "data") for f in found)
    return files

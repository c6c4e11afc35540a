"""The product's layers, read from its imports: no module imports itself back through others,
the SPARQL layer and the store layer never reach into the web layer."""

from __future__ import annotations

import ast
from pathlib import Path

import coopgraph

PACKAGE = Path(coopgraph.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}
# The layers below the web layer
LOWER = (
    "coopgraph.sparql",
    "coopgraph.store",
    "coopgraph.backends",
    "coopgraph.remote",
    "coopgraph.problems",
)


def imported(name: str, path: Path) -> set[str]:
    """The coopgraph modules `name` imports, at the top or inside a function alike."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text("utf-8"))
    for block in ast.walk(tree):  # imports for type checkers only never run
        if isinstance(block, ast.If) and ast.unparse(block.test).endswith("TYPE_CHECKING"):
            block.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:  # `from package import module` imports the module
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imported(name, path) for name, path in MODULES.items()}


def cycles() -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return found


def test_the_walk_sees_the_package() -> None:
    assert "coopgraph.web.canned" in GRAPH["coopgraph.web"]
    assert "coopgraph.store" in GRAPH["coopgraph.sparql.executor"]
    assert "coopgraph.web.server" in GRAPH["coopgraph.cli"]  # imported inside a function


def test_no_import_cycle() -> None:
    assert cycles() == []


def test_sparql_and_store_layers_never_import_the_web_layer() -> None:
    lower = [m for m in GRAPH if m.startswith("coopgraph.sparql.") or m in LOWER]
    leaks = {m: sorted(w for w in GRAPH[m] if w.startswith("coopgraph.web")) for m in lower}
    assert {m: w for m, w in leaks.items() if w} == {}


def test_readers_never_read_the_source_tree() -> None:
    """The store backends and the web layer read a release, never sources/queries files: the
    research queries, for one, come with the release (its graph, or the file beside it)."""
    readers = [
        m for m in GRAPH if m.startswith(("coopgraph.web", "coopgraph.sparql.")) or m in LOWER
    ]
    reading = {m: sorted(GRAPH[m] & {"coopgraph.sources", "coopgraph.build"}) for m in readers}
    assert {m: r for m, r in reading.items() if r} == {}

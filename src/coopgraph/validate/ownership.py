"""Which results the checked files own when other files are loaded only as context
(`--with-project-data`): those their statements cause, wherever the focus node is described.

A result is caused by the checked files when validating the context alone does not give it: a
second wilaya given to an existing commune, a second founding date to an existing network, an
agreement that makes an existing one out of order. A result the context gives by itself (the
project's own warnings) is never reported against a file that merely refers to its resources.
Each owned result is located in the checked files (locate.Locator with `checked`).
"""

from __future__ import annotations

from pathlib import Path

from coopgraph.validate.engine import validate_with_engine
from coopgraph.validate.loading import load_files, project_files
from coopgraph.validate.report import Report


def validate_checked(
    checked: list[Path], context: list[Path], root: Path, engine: str = "auto"
) -> tuple[Report, dict[str, str]]:
    """The results `checked` causes, validated with the project's ontology and `context`; and
    the shapes pySHACL validated (validate_with_engine)."""
    checked_files = [p.resolve() for p in checked]
    context_files = [p for p in (c.resolve() for c in context) if p not in checked_files]
    dataset = load_files([*project_files(root), *context_files, *checked_files])
    if not context_files:
        return validate_with_engine(dataset, root, engine)
    dataset.checked = frozenset(str(p) for p in checked_files)
    report, fallback = validate_with_engine(dataset, root, engine)
    alone = load_files([*project_files(root), *context_files])
    known = {r.key for r in validate_with_engine(alone, root, engine)[0].results}
    return Report([r for r in report.results if r.key not in known]), fallback

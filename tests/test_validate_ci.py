"""CI integration end to end: in a temporary git repository, the project's pre-commit hook, run
by the `pre-commit` tool itself on `git commit`, refuses a bad record and accepts a good one; the
documented GitHub workflow's commands produce annotations and SARIF that point at the record's
file (relative to the repository) and at the line of the statement at fault."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT
from .records import PREFIXES, agreement

pytestmark = pytest.mark.slow

COOPGRAPH = Path(sys.executable).parent / "coopgraph"
GOOD = PREFIXES + agreement("T-CI-001")
BAD = PREFIXES + agreement("T-CI-001", signed="2021-02-30")  # DQ-04: no 30 February
# Results point at the line of the statement at fault.
BAD_LINE = next(n for n, line in enumerate(BAD.splitlines(), 1) if "coop:signingDate" in line)


def run(cwd: Path, *command: str | Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=900,
    )


def git(cwd: Path, *args: str, env: dict[str, str] | None = None):
    identity = ["-c", "user.name=Contributor", "-c", "user.email=contributor@example.org"]
    return run(cwd, "git", *identity, *args, env=env)


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The project as pre-commit fetches it: a git repository of this checkout's files."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the pre-commit integration needs it")
    repo = tmp_path_factory.mktemp("coopgraph-hook")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, repo / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for area in ("src", "ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / area, repo / area, ignore=ignore)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    assert git(repo, "commit", "-q", "-m", "coopgraph").returncode == 0
    return repo, git(repo, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="module")
def contributor(tmp_path_factory: pytest.TempPathFactory, hook_repository) -> Path:
    """A contributor's repository whose .pre-commit-config.yaml is the documented one."""
    hook, rev = hook_repository
    repo = tmp_path_factory.mktemp("contributor")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook}\n    rev: {rev}\n    hooks:\n"
        "      - id: coopgraph-validate\n        args: [--with-project-data, agreements/]\n",
        encoding="utf-8",
    )
    (repo / "agreements").mkdir()
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "pre-commit configuration")
    installed = run(repo, sys.executable, "-m", "pre_commit", "install", env=hook_home(repo))
    assert installed.returncode == 0, installed.stderr
    return repo


def hook_home(repo: Path) -> dict[str, str]:
    """pre-commit's cache (the hook's environment), beside the repository, not the user's."""
    return {"PRE_COMMIT_HOME": str(repo.parent / f"{repo.name}-pre-commit-home")}


def commit(repo: Path, text: str, message: str) -> subprocess.CompletedProcess[str]:
    (repo / "agreements" / "annaba-dunkerque.ttl").write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    return git(repo, "commit", "-m", message, env=hook_home(repo))


def commits(repo: Path) -> int:
    return int(git(repo, "rev-list", "--count", "HEAD").stdout)


def test_the_hook_refuses_a_bad_record_and_accepts_a_good_one(contributor: Path) -> None:
    before = commits(contributor)
    refused = commit(contributor, BAD, "a convention signed on 30 February")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "coopgraph validate" in output and "Failed" in output
    assert "DQ-04" in output and f"{BAD_LINE}: violation" in output
    assert commits(contributor) == before

    accepted = commit(contributor, GOOD, "the Annaba – Dunkerque protocol")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "Passed" in accepted.stdout + accepted.stderr
    assert commits(contributor) == before + 1


def test_the_workflow_commands_point_at_the_file_and_line(contributor: Path) -> None:
    """Beside the good record the hook accepted, another agreement with a bad date."""
    record = contributor / "agreements" / "broken.ttl"
    record.write_text(BAD.replace("T-CI-001", "T-CI-002"), encoding="utf-8")
    try:
        annotations = run(
            contributor, COOPGRAPH, "validate", "--with-project-data", "--format", "github",
            "agreements/",
        )  # fmt: skip
        assert annotations.returncode == 1
        found = re.findall(
            r"^::error file=([^,]+),line=(\d+),title=([^:]+)::", annotations.stdout, re.M
        )
        assert found == [("agreements/broken.ttl", str(BAD_LINE), "DQ-04 (violation)")]

        # The SARIF step, from the repository and from elsewhere (a path outside the working
        # directory): the uri is relative to the repository root either way.
        for cwd, folder in ((contributor, "agreements/"), (contributor.parent, str(record.parent))):
            sarif_file = contributor / "coopgraph.sarif"
            run(cwd, COOPGRAPH, "validate", "--with-project-data", "--format", "sarif",
                "-o", sarif_file, folder)  # fmt: skip
            results = json.loads(sarif_file.read_text())["runs"][0]["results"]
            errors = [r for r in results if r["level"] == "error"]
            location = errors[0]["locations"][0]["physicalLocation"]
            assert [r["ruleId"] for r in errors] == ["DQ-04"]
            assert location["artifactLocation"]["uri"] == "agreements/broken.ttl"
            assert location["region"]["startLine"] == BAD_LINE
    finally:
        record.unlink()

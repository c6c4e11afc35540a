"""Time `coopgraph validate` on the shipped data (the budget is 10 s on a 2-core machine), and,
for the suite (`run(quick)`), against plain pySHACL on synthetic data of each size.

    python bench/bench_validate.py [--runs N] [--write FILE]
    python bench/bench_validate.py --sizes 10k,100k      # the suite's section alone

Shipped data: the median of N runs of the whole command in a fresh process (what CI pays), and,
inside one process, loading, closure and SHACL separately, with CPU time beside wall time
(wall time alone is misleading on a busy machine). Synthetic data: see compare_sizes.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import common
import validate_sizes

from coopgraph import sources
from coopgraph.validate import loading
from coopgraph.validate.engine import load_shapes, validate_dataset

BUDGET_S = 10.0


def timed(step: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    step()
    return time.perf_counter() - wall, time.process_time() - cpu


def command_run(root: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "coopgraph.validate.command", "--format", "json"],
        cwd=root,
        check=False,
        capture_output=True,
    )
    return time.perf_counter() - start


def in_process_run(root: Path) -> dict[str, tuple[float, float]]:
    files = [*loading.project_files(root), *sorted((root / "data").rglob("*.ttl"))]
    load_shapes(root)  # parsed once per process, as in the command
    dataset: list[loading.Dataset] = []
    return {
        "load": timed(lambda: dataset.append(loading.load_files(files))),
        "validate (closure + SHACL + report)": timed(lambda: validate_dataset(dataset[0], root)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path, help="also write the figures to this Markdown file")
    parser.add_argument("--sizes", help="compare with plain pySHACL at these sizes (e.g. 10k,1m)")
    args = parser.parse_args()
    if args.sizes:
        print(validate_sizes.section(args.sizes.split(",")))
        return
    lines = measure(args.runs)
    print("\n".join(lines))
    if args.write:
        machine = f"{platform.machine()}, {os.cpu_count()} cores, "
        machine += f"Python {platform.python_version()}"
        header = [
            "# Validation benchmark",
            "",
            f"Written by `python bench/bench_validate.py --runs {args.runs} --write {args.write}` "
            f"on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC ({machine}).",
            "",
            "```",
        ]
        args.write.write_text("\n".join([*header, *lines, "```", ""]), encoding="utf-8")


def measure(runs: int) -> list[str]:
    out: list[str] = []
    root = sources.default_root()
    triples = len(
        loading.load_files([*loading.project_files(root), *(root / "data").rglob("*.ttl")]).store
    )
    out.append(f"shipped data + ontology + vocabularies: {triples:,} triples (before the closure)")

    commands = [command_run(root) for _ in range(runs)]
    median = statistics.median(commands)
    out.append(
        f"coopgraph validate (fresh process): median {median:.2f} s of {runs} runs "
        f"({median / BUDGET_S:.0%} of the {BUDGET_S:.0f} s budget)"
    )

    steps = [in_process_run(root) for _ in range(runs)]
    for name in steps[0]:
        wall = statistics.median(s[name][0] for s in steps)
        cpu = statistics.median(s[name][1] for s in steps)
        out.append(f"  {name}: median {wall:.2f} s wall, {cpu:.2f} s CPU")
    return out


def run(quick: bool, sizes: list[str] | None = None) -> str:
    """The suite's section (bench/run.py): coopgraph validate against plain pySHACL per size."""
    return validate_sizes.section(sizes or (["10k", "100k"] if quick else list(common.SIZES)))


if __name__ == "__main__":
    main()

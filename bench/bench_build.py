"""Build time and peak memory per synthetic size (target: 1M triples in under 60 s).

    python bench/bench_build.py [--quick] [--sizes 10k,100k] [--profile 1m]

Each size is built once in a fresh process, `COOPGRAPH_SOURCES` pointing at the dataset's
sources root: the child runs what `coopgraph build` runs (the same `build()` with the same
SHACL check) and reports when each step starts, so the table shows where the time goes. Wall
time, CPU time and peak RSS come from the kernel's accounting of that child (wait4).
`--profile SIZE` prints a cProfile of the build's own steps (parse, inference, writing) with
the SHACL check left out: that one is the validator's, profiled by bench_validate.

The SHACL check runs in a thread beside inference and writing: its column is its own duration,
and "wait" is how long the build then waited for it before publishing.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import common

STEP_NAMES = {  # build()'s progress messages, by their first word -> the column they open
    "Parsing": "parse",
    "Checking": "start check",
    "Materialising": "inference",
    "Writing": "write",
    "Waiting": "wait",
}
COLUMNS = ("parse", "inference", "write", "wait")


@dataclass(frozen=True)
class Measure:
    label: str
    triples: int
    wall: float
    cpu: float
    peak_mb: float
    steps: dict[str, float]  # step -> wall seconds
    store_triples: int
    shacl: float  # the check's own duration, beside the steps


def child_build(store: Path) -> None:
    """In the measured process: build like `coopgraph build`, timing each step; JSON out."""
    from coopgraph import build
    from coopgraph.validate.build_check import check_for_build

    marks: list[tuple[str, float]] = []
    shacl: list[float] = []

    def progress(message: str) -> None:
        marks.append((STEP_NAMES.get(message.split()[0], message), time.perf_counter()))

    def timed_check(*args: Any) -> build.ValidationSummary:
        start = time.perf_counter()
        summary = check_for_build(*args)
        shacl.append(time.perf_counter() - start)
        return summary

    result = build.build(store, validator=timed_check, progress=progress)
    marks.append(("end", time.perf_counter()))
    steps = {name: end - start for (name, start), (_, end) in pairwise(marks)}
    print(json.dumps({"steps": steps, "triples": result.triples, "shacl": shacl[0]}))


def child_profile(store: Path, top: int = 30) -> None:
    """In a child: cProfile of build() without the SHACL check, heaviest first."""
    from coopgraph import build

    profiler = cProfile.Profile()
    profiler.runcall(build.build, store)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def profile(label: str) -> None:
    data = common.dataset(label, build=False)
    with tempfile.TemporaryDirectory(dir=data.store.parent) as scratch:
        command = [sys.executable, __file__, "--profile-child", str(Path(scratch) / "store")]
        subprocess.run(command, env=common.build_env(data.sources), check=True)


def measure(label: str) -> Measure:
    data = common.dataset(label, build=False)
    scratch = Path(tempfile.mkdtemp(prefix="build-", dir=data.store.parent))
    store = scratch / "store"
    out = scratch / "out.json"
    command = [sys.executable, __file__, "--child", str(store)]
    key = common.store_key()
    start = time.perf_counter()
    err = scratch / "err.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        env = common.build_env(data.sources)
        proc = subprocess.Popen(command, env=env, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        tail = "\n".join(err.read_text().splitlines()[-5:])
        shutil.rmtree(scratch, ignore_errors=True)
        raise RuntimeError(f"the {label} build failed; its last lines:\n{tail}")
    report = json.loads(out.read_text().splitlines()[-1])
    if not common.adopt_store(data, store, key):
        shutil.rmtree(store, ignore_errors=True)
    shutil.rmtree(scratch, ignore_errors=True)
    peak_mb = usage.ru_maxrss / 1024  # KiB on Linux
    return Measure(
        label,
        data.triples,
        wall,
        usage.ru_utime + usage.ru_stime,
        peak_mb,
        report["steps"],
        report["triples"],
        report["shacl"],
    )


def table(measures: list[Measure]) -> list[str]:
    head = [
        "size",
        "data triples",
        "store triples",
        "wall s",
        "CPU s",
        "peak RSS MB",
        "triples/s",
        "start-up s",
        *[f"{s} s" for s in COLUMNS],
        "SHACL s (beside)",
    ]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for m in measures:
        cells = [
            m.label,
            f"{m.triples:,}",
            f"{m.store_triples:,}",
            f"{m.wall:.1f}",
            f"{m.cpu:.1f}",
            f"{m.peak_mb:,.0f}",
            f"{m.triples / m.wall:,.0f}",
            f"{m.wall - sum(m.steps.values()) + m.steps.get('start check', 0.0):.2f}",
            *[f"{m.steps.get(s, 0.0):.2f}" for s in COLUMNS],
            f"{m.shacl:.2f}",
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def verdict(measures: list[Measure]) -> str:
    one_m = next((m for m in measures if m.label == "1m"), None)
    if one_m is None:
        return "Target (1M triples < 60 s): not measured in this run (quick mode)."
    met = "met" if one_m.wall < 60 else f"missed by {one_m.wall - 60:.0f} s"
    text = (
        f"Target (1M triples < 60 s): **{met}** ({one_m.wall:.1f} s; the SHACL check took "
        f"{one_m.shacl:.1f} s beside the other steps, which then waited "
        f"{one_m.steps.get('wait', 0.0):.1f} s for it)."
    )
    if one_m.wall >= 60:
        text += (
            " The SHACL column is the build's validator (`coopgraph.validate`, see the validation"
            " section); `python bench/bench_build.py --profile 1m` profiles the other steps."
        )
    return text


def run(quick: bool, sizes: list[str] | None = None) -> str:
    labels = sizes or (["10k", "100k"] if quick else list(common.SIZES))
    measures = [measure(label) for label in labels]
    lines = [
        "## Build",
        "",
        "`COOPGRAPH_SOURCES=<dataset>/sources coopgraph build --store <tmp>`, one fresh process"
        " per size (`bench/bench_build.py`); steps are timed from `build()`'s progress calls.",
        "",
        *table(measures),
        "",
        verdict(measures),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k only")
    parser.add_argument("--sizes", help="comma-separated sizes, e.g. 10k,1m")
    parser.add_argument("--profile", metavar="SIZE", help="profile one size's build steps")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_build(args.child)
    elif args.profile_child:
        child_profile(args.profile_child)
    elif args.profile:
        profile(args.profile)
    else:
        print(run(args.quick, args.sizes.split(",") if args.sizes else None))


if __name__ == "__main__":
    main()

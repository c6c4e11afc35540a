"""What every benchmark shares: synthetic datasets (generated and built once, cached),
percentiles, the machine's description, and peak memory of a process tree.

Benchmarks run as scripts (`python bench/bench_x.py`), so this module is imported as `common`.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import synthetic

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "bench" / ".cache"
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "5m": 5_000_000}
LINKED_AREAS = ("ontology", "shapes", "queries")  # the repo's own; data/ is synthetic
# Build inputs besides the sources: a change here makes a different store.
BUILD_CODE = (
    "build.py",
    "inference.py",
    "dump.py",
    "release.py",
    "store.py",
    "sources.py",
    "iris.py",
)


@dataclass(frozen=True)
class Dataset:
    label: str  # "10k" …
    triples: int  # actual triple count of the synthetic data
    sources: Path  # a sources root: ontology/, shapes/, queries/ linked from the repo + data/
    nquads: Path  # the synthetic data alone, as N-Quads (for oxigraph serve / pySHACL)
    store: Path  # a coopgraph store folder built from `sources` (has `current`)
    injected: Path  # JSON record of the SHACL results the generator planted


def _digest(paths: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(str(path.relative_to(REPO)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _source_files() -> list[Path]:
    return sorted(p for area in LINKED_AREAS for p in (REPO / area).rglob("*") if p.is_file())


def data_key() -> str:
    """Changes when the generator or the vocabularies it draws from change."""
    return _digest([REPO / "bench" / "synthetic.py", *sorted((REPO / "ontology").rglob("*.ttl"))])


def store_key() -> str:
    """Changes when the data, the linked sources or the build code change."""
    code = [REPO / "src" / "coopgraph" / name for name in BUILD_CODE]
    return data_key() + _digest([*_source_files(), *code])


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Several benchmarks may ask for the same dataset at once: one prepares it."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def make_sources_root(folder: Path, ttl: Path) -> Path:
    """folder/sources: the repo's ontology/, shapes/ and queries/ (linked) + data/synthetic/.
    Left as it is when already right: another benchmark may be reading it."""
    root = folder / "sources"
    links = {root / area: REPO / area for area in LINKED_AREAS}
    links[root / "data" / "synthetic" / ttl.name] = ttl
    if all(link.is_symlink() and link.readlink() == target for link, target in links.items()):
        return root
    shutil.rmtree(root, ignore_errors=True)
    (root / "data" / "synthetic").mkdir(parents=True)
    for link, target in links.items():
        link.symlink_to(target, target_is_directory=target.is_dir())
    return root


def build_env(sources: Path) -> dict[str, str]:
    return {**os.environ, "COOPGRAPH_SOURCES": str(sources)}


def build_command(store: Path) -> list[str]:
    return [sys.executable, "-m", "coopgraph", "build", "--store", str(store)]


def build_store(sources: Path, store: Path) -> None:
    """`coopgraph build` on a sources root, in a fresh process, as a user would run it."""
    done = subprocess.run(
        build_command(store), env=build_env(sources), capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"coopgraph build failed on {sources}:\n{done.stdout}{done.stderr}")


def _folder(label: str, seed: int) -> Path:
    if label not in SIZES:
        raise ValueError(f"unknown size {label!r}: choose one of {', '.join(SIZES)}")
    return CACHE / f"{label}-{seed}"


def _read_meta(folder: Path) -> dict[str, object]:
    meta_file = folder / "meta.json"
    return json.loads(meta_file.read_text()) if meta_file.exists() else {}


def _write_meta(folder: Path, meta: dict[str, object]) -> None:
    (folder / "meta.json").write_text(json.dumps(meta))


def _generated(label: str, seed: int, folder: Path) -> dict[str, object]:
    """Generate the data and lay out its sources root unless the cache is current."""
    meta = _read_meta(folder)
    if meta.get("data_key") != data_key():
        shutil.rmtree(folder / "generated", ignore_errors=True)
        result = synthetic.generate(SIZES[label], seed, folder / "generated")
        meta = {"data_key": data_key(), "triples": result.triples}
        _write_meta(folder, meta)
    stem = synthetic.file_stem(SIZES[label], seed)
    make_sources_root(folder, folder / "generated" / f"{stem}.ttl")
    return meta


def _store_current(folder: Path, meta: dict[str, object]) -> bool:
    return meta.get("store_key") == store_key() and (folder / "store" / "current").exists()


def _dataset(label: str, seed: int, folder: Path, meta: dict[str, object]) -> Dataset:
    stem = folder / "generated" / synthetic.file_stem(SIZES[label], seed)
    return Dataset(
        label,
        int(meta["triples"]),  # type: ignore[call-overload]
        folder / "sources",
        Path(f"{stem}.nq"),
        folder / "store",
        Path(f"{stem}-injected.json"),
    )


def dataset(label: str, seed: int = 42, build: bool = True) -> Dataset:
    """The synthetic dataset of a size, generated and built on first use, then cached under
    bench/.cache/<label>-<seed>/ until the generator, the sources or the build code change.
    With build=False the store is left as it is (for benchmarks that build their own)."""
    folder = _folder(label, seed)
    with _locked(folder):
        meta = _generated(label, seed, folder)
        if build and not _store_current(folder, meta):
            meta.pop("store_key", None)
            _write_meta(folder, meta)
            shutil.rmtree(folder / "store", ignore_errors=True)
            build_store(folder / "sources", folder / "store")
            meta["store_key"] = store_key()
            _write_meta(folder, meta)
    return _dataset(label, seed, folder, meta)


def adopt_store(data: Dataset, built: Path, key: str) -> bool:
    """Keep a store a benchmark has just built from `data.sources` as the cached one when the
    cache is stale, sparing a second build; True when adopted. `key` is store_key() as it was
    when that build started. (Release links are relative: the store can move.)"""
    folder = data.store.parent
    with _locked(folder):
        meta = _read_meta(folder)
        if _store_current(folder, meta) or key != store_key():
            return False
        shutil.rmtree(data.store, ignore_errors=True)
        built.rename(data.store)
        meta["store_key"] = key
        _write_meta(folder, meta)
        return True


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    """p50, p95, p99 by linear interpolation between closest ranks (numpy's default)."""
    if not samples:
        raise ValueError("no samples to summarise")
    ordered = sorted(samples)

    def at(q: float) -> float:
        pos = (len(ordered) - 1) * q
        low = int(pos)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99)}


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _first_line(command: list[str], cwd: Path = REPO) -> str:
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"unavailable ({err})"
    return (done.stdout.strip().splitlines() or ["unavailable"])[0]


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _ram() -> str:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    return "unknown"


def _os() -> str:
    release = Path("/etc/os-release")
    if release.exists():
        for line in release.read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return f"{line.split('=', 1)[1].strip(chr(34))} (Linux {platform.release()})"
    return platform.platform()


def machine() -> dict[str, str]:
    """Where and with what the figures were measured."""
    # The suite's own outputs (docs/) do not make the measured code dirty.
    status = ["git", "status", "--porcelain", "--untracked-files=no", "--", ":!docs"]
    dirty = subprocess.run(status, cwd=REPO, capture_output=True, text=True).stdout.strip()
    commit = _first_line(["git", "rev-parse", "--short", "HEAD"])
    info = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "ram": _ram(),
        "os": _os(),
        "python": platform.python_version(),
        "git commit": commit + (" (with uncommitted changes)" if dirty else ""),
    }
    for package in ("pyoxigraph", "pyshacl", "rdflib", "flask", "gunicorn", "oxigraph"):
        info[package] = _version(package)
    oxigraph = shutil.which("oxigraph")
    info["oxigraph binary"] = _first_line([oxigraph, "--version"]) if oxigraph else "not found"
    return info


def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc/*/stat (no /proc/<pid>/task/*/children here)."""
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def _descendants(root: int, children: dict[int, list[int]] | None = None) -> list[int]:
    children, found, stack = children or _children(), [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


def _cpu_s(pid: int) -> float:
    """CPU seconds of a process and of its children it has reaped (utime, stime, cutime, cstime)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _is_forkserver(pid: int) -> bool:
    try:
        return b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return False


def tree_cpu_s(root: int) -> tuple[float, float]:
    """CPU seconds a server has used so far: its whole process tree, and the part in the trees
    of multiprocessing forkservers (coopgraph's query processes; 0 for a server without)."""
    children = _children()
    tree = _descendants(root, children)
    # a query process is forked from its forkserver and shows the same command line
    queries = {p for pid in tree if _is_forkserver(pid) for p in _descendants(pid, children)}
    return sum(_cpu_s(pid) for pid in tree), sum(_cpu_s(pid) for pid in queries)


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants, read from /proc."""
    total = 0
    for pid in _descendants(root):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


class PeakRSS:
    """Samples a process tree's resident memory in a thread; `peak_mb` after the block.

    with PeakRSS(proc.pid) as rss: proc.wait()
    print(rss.peak_mb)
    """

    def __init__(self, pid: int | None = None, interval: float = 0.05) -> None:
        self.pid = pid if pid is not None else os.getpid()
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(self.pid))
            time.sleep(self.interval)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return self.peak / 1024**2

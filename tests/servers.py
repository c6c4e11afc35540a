"""Real servers on 127.0.0.1 for the tests: `coopgraph serve` and `oxigraph serve-read-only`."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Process:
    def __init__(self, args: list[str], url: str, ready_path: str, timeout: float = 120) -> None:
        self.url = url
        self.log: list[str] = []
        self.proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        # Drain the output (one access-log line a request) so a full pipe never blocks it.
        self._reader = threading.Thread(target=self._read_output, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + timeout
        while not self._answers(url + ready_path):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                self._reader.join(timeout=5)
                output = "".join(self.log)
                raise RuntimeError(f"{args[0]} did not start: {output[-3000:]}")
            time.sleep(0.2)

    def _read_output(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.log.append(line)

    @staticmethod
    def _answers(url: str) -> bool:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class CoopgraphServer(_Process):
    """`coopgraph serve` (gunicorn) on a free port; `url` ends with '/'."""

    def __init__(
        self,
        store: str,
        extra: list[str],
        workers: int = 2,
        port: int | None = None,
        ready_path: str = "",  # benchmarks on big stores: a cheaper page than the home page
    ) -> None:
        port = port or free_port()
        args = [
            sys.executable,
            "-m",
            "coopgraph",
            "serve",
            "--store",
            store,
            "--port",
            str(port),
            "--workers",
            str(workers),
            *extra,
        ]
        super().__init__(args, f"http://127.0.0.1:{port}/", ready_path)


class OxigraphServer(_Process):
    """Oxigraph's own server, read-only, on a built release; `url` is its query endpoint."""

    def __init__(self, release_dir: Path) -> None:
        binary = shutil.which("oxigraph")
        if binary is None:
            raise RuntimeError("the `oxigraph` server is not installed: pip install oxigraph")
        port = free_port()
        args = [
            binary,
            "serve-read-only",
            "--location",
            str(release_dir),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ]
        super().__init__(args, f"http://127.0.0.1:{port}/query", "")

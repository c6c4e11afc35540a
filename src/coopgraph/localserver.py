"""A server process on 127.0.0.1: started on a free port, waited for until it answers, stopped.

`coopgraph conformance` runs the W3C tests through `coopgraph serve` started this way, and the
test suite starts `coopgraph serve` (and Oxigraph's, Virtuoso's and nginx's servers) with it.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path


class ServerError(RuntimeError):
    """The server did not start, or stopped answering."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalServer:
    """A program serving HTTP at `url`, up once `url + ready_path` answers (any HTTP status).

    Its output (an access-log line a request) goes to `log_file`, or is kept in `log`: drained
    as it comes, so that a full pipe never blocks the server."""

    def __init__(
        self,
        args: list[str],
        url: str,
        ready_path: str,
        timeout: float = 120,
        env: dict[str, str] | None = None,
        log_file: Path | None = None,
    ) -> None:
        self.url, self.args, self.ready_path = url, args, ready_path
        self.timeout, self.env, self.log_file = timeout, env, log_file
        self.log: list[str] = []
        self._start()

    def _start(self) -> None:
        if self.log_file is not None:
            with open(self.log_file, "wb") as out:
                self.proc = subprocess.Popen(
                    self.args, stdout=out, stderr=subprocess.STDOUT, env=self.env
                )
        else:
            self.proc = subprocess.Popen(
                self.args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=self.env
            )
            threading.Thread(target=self._read_output, daemon=True).start()
        deadline = time.monotonic() + self.timeout
        while not self._answers(self.url + self.ready_path):
            exited = self.proc.poll() is not None
            if exited or time.monotonic() > deadline:
                self.stop()
                how = "exited" if exited else f"did not answer within {self.timeout:g} s"
                raise ServerError(f"{self.args[0]} {how}:\n{self.output()[-3000:]}")
            time.sleep(0.2)

    def _read_output(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.log.append(line)

    def output(self) -> str:
        if self.log_file is not None:
            return self.log_file.read_text(errors="replace")
        time.sleep(0.2)  # the last lines of a process that just stopped
        return "".join(self.log)

    @staticmethod
    def _answers(url: str) -> bool:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    def restart(self) -> None:
        """Stop, then start again with the same arguments (and so the same ports)."""
        self.stop()
        self._start()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # gunicorn stops its workers gracefully
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class CoopgraphServer(LocalServer):
    """`coopgraph serve` (gunicorn) on a free port; `url` ends with '/'."""

    def __init__(
        self,
        store: str,
        extra: list[str],
        workers: int = 2,
        port: int | None = None,
        ready_path: str = "",  # benchmarks on big stores: a cheaper page than the home page
        timeout: float = 120,
        env: dict[str, str] | None = None,
        log_file: Path | None = None,
    ) -> None:
        self.port = port or free_port()
        args = [sys.executable, "-m", "coopgraph", "serve", "--store", store]
        args += ["--port", str(self.port), "--workers", str(workers), *extra]
        url = f"http://127.0.0.1:{self.port}/"
        super().__init__(args, url, ready_path, timeout, env, log_file)

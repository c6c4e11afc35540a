"""The production server under test: `coopgraph serve` (gunicorn) on a temporary store.

Each test's dataset is published as the store's new `current` release; the server follows it
on the next request. Requests go over one keep-alive HTTP connection.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox

import coopgraph
from coopgraph.build import publish_dataset

START_TIMEOUT = 60.0  # seconds for gunicorn to answer its first request
REQUEST_TIMEOUT = 60.0


class ServerError(Exception):
    """The server did not start, or stopped answering."""


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str  # the media type, without parameters
    body: bytes


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment() -> dict[str, str]:
    """The server's own defaults (no COOPGRAPH_* settings of the caller's), and the same
    coopgraph as this process, installed or not."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPGRAPH_")}
    package_root = str(Path(coopgraph.__file__).parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    return env


class Server:
    def __init__(self, store: Path, log: Path) -> None:
        self.store = store
        self.log = log
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}/sparql"
        self._process: subprocess.Popen[bytes] | None = None
        self._connection: http.client.HTTPConnection | None = None
        self._published: object = None

    def __enter__(self) -> Server:
        self.publish(ox.Store(), "empty", key=())  # `serve` would build the project otherwise
        command = [sys.executable, "-m", "coopgraph", "serve", "--store", str(self.store)]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--workers", "1"]
        with open(self.log, "wb") as log:
            self._process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=_environment()
            )
        try:
            self._wait_until_up()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def stop(self) -> None:
        self._reset()
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)  # gunicorn stops its workers gracefully
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        assert self._process is not None
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                tail = self.log.read_text(errors="replace")[-2000:]
                raise ServerError(f"`coopgraph serve` exited ({self._process.returncode}):\n{tail}")
            try:
                if self.request("GET", "/sparql", headers={"Accept": "text/turtle"}).status == 200:
                    return
            except ServerError:
                pass  # not listening yet
            time.sleep(0.2)
        raise ServerError(f"`coopgraph serve` did not answer within {START_TIMEOUT:g} s")

    def publish(self, dataset: ox.Store, name: str, key: object) -> None:
        """Make `dataset` the current release, unless the one with the same `key` already is."""
        if key != self._published:
            publish_dataset(self.store, dataset, name)
            self._published = key

    def request(
        self,
        method: str,
        target: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """One request; a connection the server closed in between is reopened once."""
        try:
            return self._send(method, target, body, headers or {})
        except (OSError, http.client.HTTPException):
            self._reset()
        try:
            return self._send(method, target, body, headers or {})
        except (OSError, http.client.HTTPException) as err:
            self._reset()
            raise ServerError(f"{method} {target[:80]}: {err}") from err

    def _send(self, method: str, target: str, body: bytes | None, headers: dict[str, str]) -> Reply:
        if self._connection is None:
            self._connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=REQUEST_TIMEOUT
            )
        self._connection.request(method, target, body=body, headers=headers)
        response = self._connection.getresponse()
        data = response.read()
        if response.will_close:
            self._reset()
        media = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        return Reply(response.status, media, data)

    def _reset(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

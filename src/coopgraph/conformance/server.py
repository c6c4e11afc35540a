"""The production server under test: `coopgraph serve` (gunicorn, started by
`coopgraph.localserver`) on a temporary store.

Each test's dataset is published as the store's new `current` release; the server follows it
on the next request. Requests go over one keep-alive HTTP connection.
"""

from __future__ import annotations

import http.client
import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox

import coopgraph
from coopgraph.build import publish_dataset
from coopgraph.localserver import CoopgraphServer, ServerError, free_port

START_TIMEOUT = 60.0  # seconds for gunicorn to answer its first request
REQUEST_TIMEOUT = 60.0

__all__ = ["Reply", "Server", "ServerError"]


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str  # the media type, without parameters
    body: bytes


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
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}/sparql"
        self._process: CoopgraphServer | None = None
        self._connection: http.client.HTTPConnection | None = None
        self._published: object = None

    def __enter__(self) -> Server:
        self.publish(ox.Store(), "empty", key=())  # `serve` would build the project otherwise
        self._process = CoopgraphServer(
            str(self.store),
            [],
            workers=1,
            port=self.port,
            ready_path="sparql",
            timeout=START_TIMEOUT,
            env=_environment(),
            log_file=self.log,
        )
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def stop(self) -> None:
        self._reset()
        if self._process is not None:
            self._process.stop()

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

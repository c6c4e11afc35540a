"""Real servers on 127.0.0.1 for the tests: `coopgraph serve`, `oxigraph serve(-read-only)`,
Virtuoso Open Source (Debian's `virtuoso-opensource`) and nginx."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Process:
    def __init__(self, args: list[str], url: str, ready_path: str, timeout: float = 120) -> None:
        self.url, self.args, self.ready_path = url, args, ready_path
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

    def restart(self) -> None:
        """Stop, then start again with the same arguments (and so the same ports)."""
        self.stop()
        _Process.__init__(self, self.args, self.url, self.ready_path)

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


def binary(name: str, install: str) -> str:
    """The path of a server binary, or a skip that says how to install it (CI has them all)."""
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"`{name}` is not installed: {install} (CI's .ci/run does)")
    return found


class OxigraphServer(_Process):
    """Oxigraph's own server on a store folder; `url` is its query endpoint, `store_url` its
    Graph Store Protocol endpoint. Read-only over a built release, or writable (for publish)."""

    def __init__(self, location: Path, writable: bool = False) -> None:
        port = free_port()
        mode = ["serve"] if writable else ["serve-read-only", "--union-default-graph"]
        args = [
            binary("oxigraph", "pip install oxigraph"),
            *mode,
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
        ]
        self.store_url = f"http://127.0.0.1:{port}/store"
        super().__init__(args, f"http://127.0.0.1:{port}/query", "")


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
; coopgraph caps rows itself with LIMIT max-rows + 1: the default, 10000, refuses that LIMIT
; under an ORDER BY (error SR353)
MaxSortedTopRows = 1000000
; one thread a query (default 4): a runaway query then leaves the other core to the rest
ThreadsPerQuery = 1
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
; the default, 10000, would cut larger results (with only a header to say so)
ResultSetMaxRows = 1000000
; a query coopgraph gave up on runs on here until this limit: keep it short on a small machine
MaxQueryExecutionTime = 10
"""


class VirtuosoServer(_Process):
    """A private Virtuoso instance: its own virtuoso.ini and database in `folder`, free SQL and
    HTTP ports, in the foreground (no system service). `url` is its SPARQL endpoint, `gsp_url`
    its Graph Store Protocol endpoint (digest authentication, dba/dba on a new database)."""

    USER = PASSWORD = "dba"

    def __init__(self, folder: Path) -> None:
        program = binary("virtuoso-t", "apt-get install virtuoso-opensource")
        folder.mkdir(parents=True, exist_ok=True)
        http_port = free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(
            VIRTUOSO_INI.format(dir=folder, sql_port=free_port(), http_port=http_port), "utf-8"
        )
        base = f"http://127.0.0.1:{http_port}"
        self.gsp_url = f"{base}/sparql-graph-crud-auth"
        super().__init__([program, "-f", "-c", str(ini)], f"{base}/sparql", "")


NGINX_CONF = """\
# A private nginx in front of coopgraph instances: the reverse proxy of docs/deployment.md,
# with every path in {dir} so that it needs no system service and no root-owned folder.
{user}
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream coopgraph {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 256k;
        location / {{
            proxy_pass http://coopgraph;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_read_timeout 75s;
            proxy_next_upstream error timeout http_503;
            proxy_next_upstream_tries 2;
        }}
    }}
}}
"""


class NginxServer(_Process):
    """nginx (Debian's package) on a free port, balancing over `upstreams` (host:port each),
    with its own configuration and files in `folder`."""

    def __init__(self, folder: Path, upstreams: list[str]) -> None:
        program = binary("nginx", "apt-get install nginx")
        folder.mkdir(parents=True, exist_ok=True)
        port = free_port()
        conf = folder / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                dir=folder,
                port=port,
                # as root, workers would switch to `nobody`, who cannot write into `folder`
                user="user root;" if os.geteuid() == 0 else "",
                servers="\n".join(f"        server {u};" for u in upstreams),
            ),
            "utf-8",
        )
        args = [program, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")]
        super().__init__(args, f"http://127.0.0.1:{port}/", "health")

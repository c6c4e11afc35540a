"""Real servers on 127.0.0.1 for the tests: `coopgraph serve`, `oxigraph serve(-read-only)`,
Virtuoso Open Source (Debian's `virtuoso-opensource`) and nginx."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# `coopgraph serve` and the process handling are the product's (`coopgraph conformance` uses them)
from coopgraph.localserver import CoopgraphServer, LocalServer, free_port

__all__ = [
    "CoopgraphServer",
    "LocalServer",
    "NginxServer",
    "OxigraphServer",
    "VirtuosoServer",
    "free_port",
]


def binary(name: str, install: str) -> str:
    """The path of a server binary, or a skip that says how to install it (CI has them all)."""
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"`{name}` is not installed: {install} (CI's .ci/run does)")
    return found


class OxigraphServer(LocalServer):
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


class VirtuosoServer(LocalServer):
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


class NginxServer(LocalServer):
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

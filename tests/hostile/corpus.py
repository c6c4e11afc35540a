"""The hostile-input corpus: TOML case files read into raw HTTP requests, sent over a socket.

A case file holds `[[case]]` entries (one request each) and `[[matrix]]` entries, whose
`{name}` placeholders are filled with every item of the `[lists]` of that name (one request
per combination). Fields:

    id            unique name (a matrix adds [n])
    method        GET unless form/body is given (then POST)
    path          the request target, sent byte for byte (no normalisation by a client)
    params        a table appended to the target as a percent-encoded query string
    form          a table sent as an application/x-www-form-urlencoded body
    body          a raw body; content_type sets its Content-Type
    headers       a table of extra headers
    encoding      how path and body become bytes: utf-8 (default) or latin-1 (any byte)
    expect        "4xx" (default), "timeout" (the 503 of the query time limit), a status, or
                  a list of these
    contains      a text the response body must contain (case-insensitive), or a list of
                  texts of which it must contain one (a matrix spanning routes)

In any string, ⟦N×TEXT⟧ stands for TEXT repeated N times (a 1 MB query fits on one line).
Requests go over a plain socket so that nothing (not even the path) is cleaned up on the way.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import socket
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

HERE = Path(__file__).parent
REPEAT = re.compile(r"⟦(\d+)×(.*?)⟧", re.S)
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Case:
    id: str
    method: str
    target: bytes
    headers: tuple[tuple[str, bytes], ...]
    body: bytes
    expect: str | tuple[int | str, ...]
    contains: tuple[str, ...]

    def allows(self, status: int) -> bool:
        allowed = (self.expect,) if isinstance(self.expect, str) else self.expect
        return any(
            (a == "4xx" and 400 <= status < 500)
            or (a == "timeout" and status == 503)
            or a == status
            for a in allowed
        )


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def expand(text: str) -> str:
    return REPEAT.sub(lambda m: m.group(2) * int(m.group(1)), text)


def _case(raw: dict) -> Case:
    encoding = raw.get("encoding", "utf-8")
    target = expand(raw.get("path", "/sparql"))
    if "params" in raw:
        params = {k: expand(v) for k, v in raw["params"].items()}
        target += ("&" if "?" in target else "?") + urlencode(params, quote_via=quote)
    headers = {k: expand(v) for k, v in raw.get("headers", {}).items()}
    body = ""
    if "form" in raw:
        body = urlencode({k: expand(v) for k, v in raw["form"].items()}, quote_via=quote)
        headers.setdefault("Content-Type", FORM)
    elif "body" in raw:
        body = expand(raw["body"])
    if "content_type" in raw:
        headers["Content-Type"] = raw["content_type"]
    expect = raw.get("expect", "4xx")
    return Case(
        id=raw["id"],
        method=raw.get("method", "POST" if "form" in raw or "body" in raw else "GET"),
        target=target.encode(encoding),
        headers=tuple((k, v.encode(encoding)) for k, v in headers.items()),
        body=body.encode(encoding),
        expect=expect if isinstance(expect, str) else tuple(expect),
        contains=(raw["contains"],) if isinstance(raw["contains"], str) else tuple(raw["contains"]),
    )


def _fill(value: object, names: dict[str, str]) -> object:
    if isinstance(value, str):
        for name, item in names.items():
            value = value.replace("{" + name + "}", item)
        return value
    if isinstance(value, dict):
        return {k: _fill(v, names) for k, v in value.items()}
    return value


def _matrix(raw: dict, lists: dict[str, list[str]]) -> list[Case]:
    text = repr(raw)
    used = [name for name in lists if "{" + name + "}" in text]
    combos = itertools.product(*(lists[name] for name in used))
    return [
        _case({**_fill(raw, dict(zip(used, combo, strict=True))), "id": f"{raw['id']}[{n}]"})
        for n, combo in enumerate(combos)
    ]


def load(folder: Path = HERE) -> list[Case]:
    cases: list[Case] = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        lists = data.get("lists", {})
        cases += [_case(raw) for raw in data.get("case", [])]
        for raw in data.get("matrix", []):
            cases += _matrix(raw, lists)
    ids = [c.id for c in cases]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"case ids must be unique: {sorted(duplicates)}"
    return cases


def send(host: str, port: int, case: Case, timeout: float) -> Response:
    """One request, byte for byte; the connection closes after the response."""
    head = [case.method.encode() + b" " + case.target + b" HTTP/1.1", f"Host: {host}".encode()]
    head += [k.encode() + b": " + v for k, v in case.headers]
    head += [f"Content-Length: {len(case.body)}".encode(), b"Connection: close"]
    with socket.create_connection((host, port), timeout=timeout) as sock:
        # the server may answer and close before reading a body it refuses
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(b"\r\n".join(head) + b"\r\n\r\n" + case.body)
        raw = _read_all(sock)
    return _parse(raw)


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while True:
        try:
            data = sock.recv(65536)
        except ConnectionResetError:
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks)


def _parse(raw: bytes) -> Response:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines[0].startswith("HTTP/1."):
        raise ConnectionError(f"not an HTTP response: {raw[:200]!r}")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = _unchunk(body)
    return Response(status, headers, body)


def _unchunk(data: bytes) -> bytes:
    out = []
    while data:
        size_line, _, rest = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out.append(rest[:size])
        data = rest[size + 2 :]
    return b"".join(out)

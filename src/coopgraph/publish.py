"""Publish a built release elsewhere: to a SPARQL 1.1 Graph Store Protocol server (one PUT of
N-Triples per named graph), or to a replica store folder (a copy, then the same atomic swap of
`current` a build does).

Over the Graph Store Protocol the release graph goes last, so a `RemoteStore` reading the server
sees the new release id only once every graph it lists is in place. Blank nodes are scoped to
one request, so the few blank nodes that two graphs share (shape nodes typed by the inferred
graph) arrive as distinct nodes: see docs/endpoint.md.
"""

from __future__ import annotations

import base64
import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from coopgraph.store import RELEASE_FILE, ReleaseInfo, StoreDir, StoreError

RELEASE_GRAPH_SUFFIX = "graph/release"
TIMEOUT = 300.0  # seconds for one graph's upload (the admin graph is the largest, ~4 MB)


@dataclass(frozen=True)
class Published:
    release_id: str
    graphs: int
    triples: int


def current_release(store_dir: StoreDir) -> tuple[Path, ReleaseInfo]:
    """The folder and metadata of the store's current release (resolved once, so that a build
    swapping `current` meanwhile does not change what is published)."""
    try:
        folder = store_dir.current.resolve(strict=True)
        info = ReleaseInfo(**json.loads((folder / RELEASE_FILE).read_text("utf-8")))
    except (OSError, ValueError, TypeError) as err:
        raise StoreError(
            f"No built release at {store_dir.root} ({err}): run `coopgraph build --store "
            f"{store_dir.root}` first."
        ) from err
    return folder, info


def to_folder(store_dir: StoreDir, target: Path) -> Published:
    """Copy the current release into the replica store folder `target` and make it current
    there atomically; the replica's servers move to it on their next request."""
    folder, info = current_release(store_dir)
    replica = StoreDir(target)
    copied = replica.releases / info.release_id
    if copied.is_dir():  # published before (a roll-back, or a repeat): only point at it again
        if replica.current_release_id() != info.release_id:
            replica.make_current(copied)
        return Published(info.release_id, 0, info.triples)
    partial = replica.start_release(info.release_id)
    partial.rmdir()  # copytree creates it
    shutil.copytree(folder, partial)
    (partial / RELEASE_FILE).unlink()  # publish() writes it last, as a build does
    replica.publish(partial, info)
    return Published(info.release_id, 0, info.triples)


def to_graph_store(
    store_dir: StoreDir,
    endpoint: str,
    user: str | None = None,
    password: str | None = None,
    progress: Callable[[str, int], None] = lambda graph, triples: None,
) -> Published:
    """PUT each named graph of the current release to `endpoint` (`?graph=IRI`, replacing it)."""
    folder, info = current_release(store_dir)
    store = ox.Store.read_only(str(folder))
    graphs = sorted(
        (g for g in store.named_graphs() if isinstance(g, ox.NamedNode)),
        key=lambda g: (g.value.endswith(RELEASE_GRAPH_SUFFIX), g.value),
    )
    auth = _Auth(endpoint, user, password)
    _send(auth, endpoint, graphs[-1].value, None)  # wrong credentials fail before any upload
    total = 0
    for graph in graphs:
        body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        triples = body.count(b"\n")
        _send(auth, endpoint, graph.value, body)
        progress(graph.value, triples)
        total += triples
    return Published(info.release_id, len(graphs), total)


class _Auth:
    """Credentials sent with each PUT rather than after a challenge: a server that challenges a
    large upload closes the connection while the body is still being sent (Virtuoso does). The
    challenge is fetched once by a request without a body; digest answers it with a new count
    for each request, basic is sent as is."""

    def __init__(self, endpoint: str, user: str | None, password: str | None) -> None:
        self.challenge: dict[str, str] | None = None
        self.basic: str | None = None
        if user is None:
            return
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, endpoint, user, password or "")
        self.digest = urllib.request.HTTPDigestAuthHandler(passwords)
        scheme, _, params = self._challenge_of(endpoint).partition(" ")
        if scheme.lower() == "digest":
            items = urllib.request.parse_http_list(params)
            self.challenge = urllib.request.parse_keqv_list(items)
        else:  # no challenge, or basic
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self.basic = f"Basic {token}"

    @staticmethod
    def _challenge_of(endpoint: str) -> str:
        try:
            urllib.request.urlopen(endpoint, timeout=30).close()
        except urllib.error.HTTPError as err:
            return err.headers.get("WWW-Authenticate", "")
        except (urllib.error.URLError, OSError) as err:
            raise _unreachable(endpoint, err) from err
        return ""

    def sign(self, request: urllib.request.Request) -> None:
        if self.challenge is not None:
            answer = self.digest.get_authorization(request, self.challenge)
            request.add_unredirected_header("Authorization", f"Digest {answer}")
        elif self.basic is not None:
            request.add_unredirected_header("Authorization", self.basic)


def _unreachable(endpoint: str, err: Exception) -> StoreError:
    return StoreError(
        f"The Graph Store at {endpoint} cannot be reached ({err}): check the URL and that "
        "the server is running; publishing again replaces every graph."
    )


def _graph_url(endpoint: str, graph: str) -> str:
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urllib.parse.urlencode({'graph': graph})}"


def _send(auth: _Auth, endpoint: str, graph: str, body: bytes | None) -> None:
    """PUT `body` as the graph; with no body, GET it (200 or 404: the credentials work)."""
    request = urllib.request.Request(
        _graph_url(endpoint, graph),
        data=body,
        method="GET" if body is None else "PUT",
        headers={} if body is None else {"Content-Type": "application/n-triples"},
    )
    auth.sign(request)
    try:
        urllib.request.urlopen(request, timeout=TIMEOUT).close()
    except urllib.error.HTTPError as err:
        if body is None and err.code == 404:
            return
        detail = err.read().decode("utf-8", "replace").strip()[:500]
        hint = " (check --user and the password)" if err.code in (401, 403) else ""
        raise StoreError(
            f"The Graph Store at {endpoint} refused graph {graph}: {err.code} {err.reason}"
            f"{hint}. {detail}".strip()
        ) from err
    except (urllib.error.URLError, OSError) as err:
        raise _unreachable(endpoint, err) from err

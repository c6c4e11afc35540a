"""`coopgraph publish`: a release loaded into Graph Store Protocol servers (Oxigraph's, Virtuoso)
and into a replica store folder, then read back through the remote store."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.backends import open_store
from coopgraph.cli import main
from coopgraph.remote import RemoteStore
from coopgraph.store import ReleaseInfo

from .servers import OxigraphServer

pytestmark = pytest.mark.slow

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def same_release(a: ReleaseInfo, b: ReleaseInfo) -> bool:
    """The same release (a remote server writes the creation time in xsd:dateTime's form)."""
    created = datetime.fromisoformat(a.created) == datetime.fromisoformat(b.created)
    return created and replace(a, created=b.created) == b


def per_graph(store) -> dict[str, int]:
    return {row["g"].value: int(row["n"].value) for row in store.query(PER_GRAPH)}


def test_publish_to_oxigraph_graph_store(built_store, tmp_path: Path) -> None:
    server = OxigraphServer(tmp_path / "oxigraph", writable=True)
    try:
        args = ["publish", server.store_url, "--store", str(built_store.dir.root)]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        info = built_store.release()
        assert f"Published release {info.release_id}" in result.stdout
        remote = RemoteStore(server.url)
        assert same_release(remote.release(), info)
        assert per_graph(remote) == per_graph(built_store)
    finally:
        server.stop()


def test_virtuoso_holds_the_release_graph_by_graph(built_store, virtuoso) -> None:
    """The session's Virtuoso was loaded by publish; its own system graphs stay out of view."""
    remote = RemoteStore(virtuoso.url)
    assert same_release(remote.release(), built_store.release())
    assert per_graph(remote) == per_graph(built_store)


def test_wrong_credentials_fail_before_any_upload(built_store, virtuoso) -> None:
    args = ["publish", virtuoso.gsp_url, "--store", str(built_store.dir.root), "--user", "dba"]
    result = CliRunner().invoke(main, [*args, "--password", "wrong"])
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "401" in said and "check --user and the password" in said
    assert "triples" not in result.output  # no graph was sent


def test_unreachable_graph_store_is_named(built_store) -> None:
    args = ["publish", "http://127.0.0.1:1/store", "--store", str(built_store.dir.root)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "cannot be reached" in result.output


def test_publish_to_a_replica_folder_swaps_it_in(built_store, tmp_path: Path) -> None:
    replica = tmp_path / "replica"
    args = ["publish", str(replica), "--store", str(built_store.dir.root)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    copy = open_store(replica)
    assert copy.release() == built_store.release()
    assert per_graph(copy) == per_graph(built_store)
    again = CliRunner().invoke(main, args, catch_exceptions=False)  # same release: still fine
    assert again.exit_code == 0 and open_store(replica).release() == built_store.release()

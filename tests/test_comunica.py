"""A JavaScript client, Comunica (@comunica/query-sparql from npm, run by node), against a real
`coopgraph serve`: a SELECT and a CONSTRUCT give what the store gives for the same query."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .servers import CoopgraphServer

pytestmark = pytest.mark.slow

JS = Path(__file__).resolve().parent / "js"
ALGIERS = "https://w3id.org/coopgraph/id/wilaya/16"
SELECT = (
    "PREFIX coop: <https://w3id.org/coopgraph/ontology#>\n"
    "SELECT ?a ?country WHERE { ?a a coop:CooperationAgreement ; "
    "coop:foreignParty/coop:country ?country }"
)
CONSTRUCT = f"CONSTRUCT {{ <{ALGIERS}> ?p ?o }} WHERE {{ <{ALGIERS}> ?p ?o }}"


@pytest.fixture(scope="module")
def endpoint(built_store) -> str:
    if shutil.which("node") is None or not (JS / "node_modules" / "@comunica").is_dir():
        pytest.skip(
            "Comunica is not installed: run `npm ci --prefix tests/js` (node and npm needed; "
            "CI's .ci/run does it)."
        )
    server = CoopgraphServer(str(built_store.dir.root), [])
    yield server.url + "sparql"
    server.stop()


def comunica(endpoint: str, kind: str, query: str) -> list:
    run = subprocess.run(
        ["node", str(JS / "comunica_query.mjs"), endpoint, kind, query],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout)


def test_comunica_select(endpoint: str, built_store) -> None:
    rows = comunica(endpoint, "select", SELECT)
    got = sorted((r["a"], r["country"]) for r in rows)
    expected = sorted((s["a"].value, s["country"].value) for s in built_store.query(SELECT))
    assert len(got) >= 103 and got == expected


def test_comunica_construct(endpoint: str, built_store) -> None:
    triples = comunica(endpoint, "construct", CONSTRUCT)
    got = {tuple(t) for t in triples}
    expected = {
        (t.subject.value, t.predicate.value, t.object.value) for t in built_store.query(CONSTRUCT)
    }
    assert len(got) > 5 and got == expected

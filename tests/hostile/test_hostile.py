"""Every case of the hostile corpus against one real `coopgraph serve`: a 4xx (or the time
limit's 503) with a message that says what is wrong, never a 500, a hang or a stack trace, and
the server answers a cheap query right after each."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from ..servers import CoopgraphServer
from . import corpus

pytestmark = pytest.mark.slow

CASES = corpus.load()
TIME_LIMIT = 2  # seconds: the server's query time limit here, so runaway queries end fast
CLIENT_TIMEOUT = TIME_LIMIT + 30  # no answer by then is a hang
CHEAP = "sparql?query=ASK%20%7B%7D"
STACK_TRACE = ("Traceback", 'File "')


@pytest.fixture(scope="module")
def server(built_store) -> Iterator[CoopgraphServer]:
    running = CoopgraphServer(str(built_store.dir.root), ["--timeout", str(TIME_LIMIT)], workers=1)
    yield running
    running.stop()


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 200


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_request_is_refused_clearly(server: CoopgraphServer, case: corpus.Case) -> None:
    address = urlsplit(server.url)
    started = time.monotonic()
    try:
        response = corpus.send(address.hostname or "", address.port or 80, case, CLIENT_TIMEOUT)
    except TimeoutError:
        pytest.fail(f"{case.id}: no answer within {CLIENT_TIMEOUT} s")
    elapsed = time.monotonic() - started
    text = response.body.decode("utf-8", "replace")
    assert case.allows(response.status), f"{case.id}: {response.status} {text[:500]}"
    assert response.status != 500
    assert not any(marker in text for marker in STACK_TRACE), text[:2000]
    assert any(c.lower() in text.lower() for c in case.contains), (case.contains, text[:500])
    if response.status == 503:
        assert elapsed < TIME_LIMIT + 5, f"the time limit took {elapsed:.1f} s to act"
    with urllib.request.urlopen(server.url + CHEAP, timeout=10) as after:
        assert json.loads(after.read())["boolean"] is True


def test_the_server_logged_no_stack_trace(server: CoopgraphServer) -> None:
    """Runs after the corpus: nothing it sent made the app raise."""
    log = "".join(server.log)
    assert "Traceback" not in log, log[log.find("Traceback") - 500 :][:3000]

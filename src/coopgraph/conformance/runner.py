"""Running the suite over HTTP: which tests apply, and each applicable test's verdict."""

from __future__ import annotations

import re
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlencode

import pyoxigraph as ox

from coopgraph.conformance import protocol
from coopgraph.conformance.compare import BY_VALUE, STRICT
from coopgraph.conformance.expected import compare_results, read_actual, read_expected
from coopgraph.conformance.manifest import TestCase, path_of
from coopgraph.conformance.querytext import order_keys
from coopgraph.conformance.server import Reply, Server
from coopgraph.sparqlrewrite import with_base
from coopgraph.sparqltext import read

PASSED, FAILED, INAPPLICABLE = "passed", "failed", "inapplicable"
FORMS = ("GET", "POST form", "POST direct")  # rotated from one query test to the next
SYNTAX_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9, */*;q=0.1"

READ_ONLY = "SPARQL Update: the public endpoint is read-only (updates are refused with 403)"
NOT_APPROVED = ("Withdrawn", "Rejected")


@dataclass(frozen=True)
class Outcome:
    test: TestCase
    status: str  # PASSED, FAILED or INAPPLICABLE
    reason: str = ""  # why it failed, or why it does not apply
    known: str | None = None  # a failure listed as a known engine limitation: why
    seconds: float = 0.0
    # Under a by-value run, where strict comparison judges otherwise: its problem ("" if none).
    strict: str | None = None

    @property
    def strict_status(self) -> str:
        """The verdict had terms been compared strictly (lexical forms)."""
        if self.strict is None:
            return self.status
        return FAILED if self.strict else PASSED

    @property
    def unexpected(self) -> bool:
        return self.status == FAILED and self.known is None


def known_limitations() -> dict[str, str]:
    """Test IRI -> reason, from the explicit list shipped beside this module."""
    text = resources.files("coopgraph.conformance").joinpath("known_limitations.toml").read_text()
    groups = tomllib.loads(text).get("limitation", [])
    return {test: group["reason"] for group in groups for test in group["tests"]}


def _query_text(test: TestCase) -> str:
    assert test.query is not None
    return path_of(test.query).read_text(encoding="utf-8")


def inapplicable(test: TestCase) -> str | None:
    """Why `test` does not apply to coopgraph's public endpoint, or None when it does."""
    if test.approval in NOT_APPROVED:
        return f"dawgt:approval dawgt:{test.approval}"
    if "Update" in test.kind or (test.query or "").endswith(".ru"):
        return READ_ONLY
    if test.kind == "GraphStoreProtocolTest":
        return "Graph Store HTTP Protocol: the registry is read-only and has no graph store"
    if test.entailment:
        return "entailment regime: the endpoint evaluates under simple entailment only"
    if test.service or (test.query and read(_query_text(test)).services):
        return (
            "SERVICE: federated queries may only call allow-listed public endpoints; "
            "the test's endpoints are neither"
        )
    if test.kind == "ProtocolTest":
        return protocol.inapplicable(test)
    if test.kind not in RUNNERS:
        return f"mf:{test.kind} tests are not run by this runner"
    return None


# ---------------------------------------------------------------------------------------------
# Query tests


def load_dataset(test: TestCase) -> ox.Store:
    store = ox.Store()
    for iri in test.data:
        store.load(path=path_of(iri), base_iri=iri, to_graph=ox.DefaultGraph())
    for named in test.graph_data:
        store.load(path=named.path, base_iri=named.base, to_graph=ox.NamedNode(named.iri))
    return store


def _publish(test: TestCase, server: Server) -> None:
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", test.iri.rsplit("/", 2)[-1])[:60]
    server.publish(load_dataset(test), name, key=(test.data, test.graph_data))


def send_query(server: Server, query: str, accept: str, form: int) -> Reply:
    """The query in one of the three protocol forms: GET, form-encoded POST, direct POST."""
    headers = {"Accept": accept}
    encoded = urlencode({"query": query})
    if FORMS[form % len(FORMS)] == "GET":
        return server.request("GET", "/sparql?" + encoded, headers=headers)
    if FORMS[form % len(FORMS)] == "POST form":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return server.request("POST", "/sparql", encoded.encode(), headers)
    headers["Content-Type"] = "application/sparql-query"
    return server.request("POST", "/sparql", query.encode("utf-8"), headers)


def _excerpt(body: bytes) -> str:
    return " ".join(body.decode("utf-8", "replace").split())[:200]


Judged = tuple[str | None, str | None]  # the problem compared by value, and strictly


def run_evaluation_test(test: TestCase, server: Server, n: int) -> str | Judged:
    assert test.result is not None and test.query is not None
    expected = read_expected(test.result)
    media_type = expected.media_types[n % len(expected.media_types)]
    text = _query_text(test)
    _publish(test, server)
    reply = send_query(server, with_base(text, test.query), media_type, n)
    if reply.status != 200:
        return f"{FORMS[n % len(FORMS)]}: HTTP {reply.status}: {_excerpt(reply.body)}"
    if reply.content_type != media_type:
        return f"asked for {media_type}, got Content-Type {reply.content_type}"
    try:
        actual = read_actual(reply.body, media_type)
    except (SyntaxError, ValueError) as err:
        return f"the {media_type} answer does not parse: {err}"
    keys = order_keys(text)
    by_value = compare_results(expected.result, actual, keys, BY_VALUE)
    return by_value, compare_results(expected.result, actual, keys, STRICT)


def run_syntax_test(test: TestCase, server: Server, n: int) -> str | None:
    """A valid query must be accepted (2xx), an invalid one refused with 400."""
    assert test.query is not None
    positive = test.kind.startswith("Positive")
    server.publish(ox.Store(), "empty", key=())
    reply = send_query(server, with_base(_query_text(test), test.query), SYNTAX_ACCEPT, n)
    form = FORMS[n % len(FORMS)]
    if positive and reply.status // 100 != 2:
        return f"{form}: a valid query got HTTP {reply.status}: {_excerpt(reply.body)}"
    if not positive and reply.status != 400:
        return f"{form}: an invalid query got HTTP {reply.status}, not 400"
    return None


def run_protocol_test(test: TestCase, server: Server, n: int) -> str | None:
    _publish(test, server)
    return protocol.run_protocol_test(test, server)


def run_description_test(test: TestCase, server: Server, n: int) -> str | None:
    return protocol.run_description_test(test, server)


Runner = Callable[[TestCase, Server, int], str | Judged | None]
RUNNERS: dict[str, Runner] = {
    "QueryEvaluationTest": run_evaluation_test,
    "CSVResultFormatTest": run_evaluation_test,
    "PositiveSyntaxTest11": run_syntax_test,
    "NegativeSyntaxTest11": run_syntax_test,
    "PositiveSyntaxTest": run_syntax_test,
    "NegativeSyntaxTest": run_syntax_test,
    "ProtocolTest": run_protocol_test,
    "ServiceDescriptionTest": run_description_test,
}


def run_test(
    test: TestCase, server: Server, n: int, known: dict[str, str], mode: str = BY_VALUE
) -> Outcome:
    """The verdict on one test under `mode` (BY_VALUE or STRICT), with the other mode's when it
    differs; `n` (the count of tests run so far) picks the protocol form."""
    if reason := inapplicable(test):
        return Outcome(test, INAPPLICABLE, reason)
    start = time.monotonic()
    try:
        found = RUNNERS[test.kind](test, server, n)
    except (OSError, SyntaxError, ValueError) as err:  # a broken test file: report, go on
        found = f"the runner could not run this test: {err}"
    seconds = time.monotonic() - start
    value, strict = found if isinstance(found, tuple) else (found, found)
    if mode == STRICT:
        return _judged(test, strict, known, seconds, None)
    differs = (value is None) != (strict is None)
    return _judged(test, value, known, seconds, (strict or "") if differs else None)


def _judged(
    test: TestCase, problem: str | None, known: dict[str, str], seconds: float, strict: str | None
) -> Outcome:
    if test.iri in known and problem is None:
        problem = "passes, yet is listed in known_limitations.toml: remove it from the list"
        return Outcome(test, FAILED, problem, seconds=seconds, strict=strict)
    if problem is None:
        return Outcome(test, PASSED, seconds=seconds, strict=strict)
    return Outcome(test, FAILED, problem, known.get(test.iri), seconds, strict)

"""A store behind any SPARQL 1.1 server (Oxigraph server, Fuseki, QLever, Virtuoso…).

Queries go over the SPARQL 1.1 Protocol; results are parsed as they arrive with pyoxigraph,
so they flow through the same writers as the embedded store's. The server must hold a built
release (e.g. `oxigraph serve-read-only --location STORE/current --union-default-graph`) and
use the union of its graphs as the default graph.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence

import pyoxigraph as ox

from coopgraph import sources
from coopgraph.answers import Shipped
from coopgraph.queries import CannedQuery, load_catalogue
from coopgraph.store import Finding, QueryResult, ReleaseInfo, StoreError, Substitutions

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
RELEASE_QUERY = """
PREFIX coop: <https://w3id.org/coopgraph/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#>
SELECT ?id ?base ?created WHERE {
  ?r a coop:Release ; dct:identifier ?id ; coop:baseIri ?base ; dct:created ?created .
} ORDER BY DESC(?created) LIMIT 1
"""
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
RELEASE_TTL = 10.0  # seconds a release lookup is reused
TIMEOUT = 60.0  # seconds to wait for the remote server to start answering


class RemoteStore:
    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self._release: ReleaseInfo | None = None
        self._checked = 0.0
        self._queries: list[CannedQuery] | None = None

    def query(
        self,
        sparql: str,
        substitutions: Substitutions | None = None,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        base_iri: str | None = None,
    ) -> QueryResult:
        if substitutions:
            values = " ".join(f"({term})" for term in substitutions.values())
            names = " ".join(f"?{var.value}" for var in substitutions)
            sparql = _bind(sparql, f"VALUES ({names}) {{ {values} }}")
        if base_iri:  # the protocol has no base parameter: declare it in the query
            try:
                return self.query(
                    f"BASE <{base_iri}>\n{sparql}", None, default_graphs, named_graphs
                )
            except SyntaxError:
                pass  # ask again without it, so the message's line numbers are the client's
        params = [("query", sparql)]
        params += [("default-graph-uri", g) for g in default_graphs]
        params += [("named-graph-uri", g) for g in named_graphs]
        response = self._post(params)
        media = response.headers.get_content_type()
        if media == "application/sparql-results+json":
            return ox.parse_query_results(response, ox.QueryResultsFormat.JSON)
        if media == "application/n-triples":
            return (q.triple for q in ox.parse(response, ox.RdfFormat.N_TRIPLES))
        raise StoreError(f"The SPARQL server at {self.endpoint} answered with {media}.")

    def _post(self, params: list[tuple[str, str]]):
        body = urllib.parse.urlencode(params).encode()
        request = urllib.request.Request(
            self.endpoint,
            data=body,
            headers={"Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            return urllib.request.urlopen(request, timeout=TIMEOUT)
        except urllib.error.HTTPError as err:
            message = err.read().decode("utf-8", "replace").strip()
            if err.code == 400:
                raise SyntaxError(message) from err
            raise StoreError(
                f"The SPARQL server at {self.endpoint} answered {err.code}: {message}"
            ) from err
        except (urllib.error.URLError, OSError) as err:
            raise StoreError(
                f"The SPARQL server at {self.endpoint} cannot be reached ({err}). "
                "Check that it is running; coopgraph will use it again as soon as it answers."
            ) from err

    def release(self) -> ReleaseInfo:
        if self._release is None or time.monotonic() - self._checked > RELEASE_TTL:
            self._release = self._fetch_release()
            self._checked = time.monotonic()
        return self._release

    def findings(self, iri: str) -> list[Finding] | None:
        return None  # validation results stay with the build's release folder

    def queries(self) -> list[CannedQuery]:
        """The catalogue shipped with this package (the server holds only the graph)."""
        if self._queries is None:
            self._queries = load_catalogue(sources.default_root() / "queries")
        return self._queries

    def pin(self, release_id: str | None) -> None:
        """Nothing to do: the remote server decides which release it serves."""

    def shipped(self) -> Shipped:
        """None: the build's answers stay in the store folder, which this server cannot see."""
        return Shipped()

    def _fetch_release(self) -> ReleaseInfo:
        rows = list(self.query(RELEASE_QUERY))  # type: ignore[arg-type]
        if not rows:
            raise StoreError(
                f"The SPARQL server at {self.endpoint} holds no coopgraph release metadata: load "
                "a built store into it (see the README, 'Running on another SPARQL server')."
            )
        count = next(iter(self.query(COUNT_QUERY)))  # type: ignore[call-overload]
        row = rows[0]
        return ReleaseInfo(
            release_id=row["id"].value,
            base_iri=row["base"].value,
            created=row["created"].value,
            triples=int(count["n"].value),
        )


def _bind(sparql: str, values: str) -> str:
    """Append an inline VALUES block (the remote form of pyoxigraph's substitutions)."""
    return f"{sparql.rstrip()}\n{values}"

"""A store behind any SPARQL 1.1 server (Oxigraph server, Fuseki, QLever, Virtuoso…).

Queries go over the SPARQL 1.1 Protocol; results are parsed as they arrive with pyoxigraph,
so they flow through the same writers as the embedded store's. The server must hold a built
release (e.g. `oxigraph serve-read-only --location STORE/current --union-default-graph`) and
name each graph as the release does (`coopgraph publish URL` loads it over the Graph Store
Protocol). When the server's default graph is not exactly the union of the release's graphs (it
holds graphs of its own, as Virtuoso does, or its default graph is empty), every query that names
no dataset of its own is scoped to the release's graphs (`default-graph-uri` and
`named-graph-uri` for each). Only then: Oxigraph runs a query over a listed dataset up to 8x
slower than over its union default graph.
"""

from __future__ import annotations

import contextlib
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from coopgraph import sparqlrewrite, sparqltext
from coopgraph.answers import Shipped
from coopgraph.queries import CannedQuery, from_json
from coopgraph.sparqltext import QueryText
from coopgraph.store import Finding, QueryResult, ReleaseInfo, StoreError, Substitutions

# One format a query form: a server given both may answer a CONSTRUCT with a solution table of
# ?s ?p ?o (Virtuoso 7.2 does).
SOLUTIONS = "application/sparql-results+json"
TRIPLES = "application/n-triples"
# The release, the graph that describes it and the graphs it lists (VoID subsets), read with
# GRAPH so that it needs no union default graph.
RELEASE_QUERY = """
PREFIX coop: <https://w3id.org/coopgraph/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
SELECT ?id ?base ?created ?triples ?graph ?subset WHERE {
  GRAPH ?graph {
    ?r a coop:Release ; dct:identifier ?id ; coop:baseIri ?base ; dct:created ?created ;
      void:triples ?triples .
    OPTIONAL { ?r void:subset/sd:name ?subset }
  }
}
"""
CATALOGUE_QUERY = """
SELECT ?c WHERE {
  GRAPH ?g { ?r a <https://w3id.org/coopgraph/ontology#Release> ;
    <https://w3id.org/coopgraph/ontology#queryCatalogue> ?c }
}
"""
# void:triples counts every graph but the release graph itself; counting all on the server
# instead took up to 2 s on Virtuoso, paid by a request every RELEASE_TTL.
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }"
UNION_PROBE = "ASK { ?r a <https://w3id.org/coopgraph/ontology#Release> }"
OTHERS_PROBE = "ASK { GRAPH ?g { ?s ?p ?o } FILTER(?g NOT IN (%s)) }"
RELEASE_TTL = 10.0  # seconds a release lookup is reused
TIMEOUT = 60.0  # seconds to wait for the remote server to start answering


class RemoteStore:
    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self._release: ReleaseInfo | None = None
        self._graphs: list[str] = []
        self._scope: tuple[str, list[str]] | None = None  # (release id, graphs to name or [])
        self._checked = 0.0
        self._queries: tuple[str, list[CannedQuery]] | None = None  # (release id, catalogue)

    def query(
        self,
        sparql: str | QueryText,
        substitutions: Substitutions | None = None,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        query_base: str | None = None,
    ) -> QueryResult:
        query = sparql if isinstance(sparql, QueryText) else sparqltext.read(sparql)
        if not (default_graphs or named_graphs or query.dataset):
            default_graphs = named_graphs = self._scoped()
        return self._query(
            query.text, query.operation, substitutions, default_graphs, named_graphs, query_base
        )

    def _query(
        self,
        sparql: str,
        form: str,  # the query's operation (SELECT, ASK, CONSTRUCT, DESCRIBE)
        substitutions: Substitutions | None,
        default_graphs: Sequence[str],
        named_graphs: Sequence[str],
        query_base: str | None = None,
    ) -> QueryResult:
        if substitutions:
            sparql = sparqlrewrite.with_values(sparql, substitutions)
        if query_base:  # the protocol has no base parameter: declare it in the query
            try:
                rebased = sparqlrewrite.with_base(sparql, query_base)
                return self._query(rebased, form, None, default_graphs, named_graphs)
            except SyntaxError:
                pass  # ask again without it, so the message's line numbers are the client's
        params = [("query", sparql)]
        params += [("default-graph-uri", g) for g in default_graphs]
        params += [("named-graph-uri", g) for g in named_graphs]
        response = self._post(params, TRIPLES if form in ("CONSTRUCT", "DESCRIBE") else SOLUTIONS)
        media = response.headers.get_content_type()
        if media == SOLUTIONS:
            result = ox.parse_query_results(response, ox.QueryResultsFormat.JSON)
            return _as_boolean(result) if form == "ASK" else result
        if media == TRIPLES:
            return (q.triple for q in ox.parse(response, ox.RdfFormat.N_TRIPLES))
        raise StoreError(f"The SPARQL server at {self.endpoint} answered with {media}.")

    def _post(self, params: list[tuple[str, str]], accept: str):
        body = urllib.parse.urlencode(params).encode()
        request = urllib.request.Request(
            self.endpoint,
            data=body,
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            return urllib.request.urlopen(request, timeout=TIMEOUT)
        except urllib.error.HTTPError as err:
            message = err.read().decode("utf-8", "replace").strip()
            if err.code == 400:
                _reparse(params[0][1])
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

    def compliance(self) -> dict | None:
        return None  # computed by the build, kept in its release folder

    def queries(self) -> list[CannedQuery]:
        """The catalogue the build stamped into the release graph; read once per release."""
        release_id = self.release().release_id
        if self._queries is None or self._queries[0] != release_id:
            rows = list(self._query(CATALOGUE_QUERY, "SELECT", None, (), ()))  # type: ignore[arg-type]
            self._queries = (release_id, from_json(rows[0]["c"].value) if rows else [])
        return self._queries[1]

    def pinned(self) -> RemoteStore:
        return self  # a server loaded graph by graph offers no snapshot to pin

    def at(self, release_id: str | None) -> RemoteStore:
        return self

    def _scoped(self) -> list[str]:
        """The graphs to name in a query, [] when the default graph is the release's union;
        found once per release (the probe may scan every quad of a server with no others)."""
        release_id = self.release().release_id
        if self._scope is None or self._scope[0] != release_id:
            names = ", ".join(f"<{g}>" for g in self._graphs)
            union = bool(self._query(UNION_PROBE, "ASK", None, (), ()))
            others = union and bool(self._query(OTHERS_PROBE % names, "ASK", None, (), ()))
            self._scope = (release_id, self._graphs if others or not union else [])
        return self._scope[1]

    def shipped(self) -> Shipped:
        """None: the build's answers stay in the store folder, which this server cannot see."""
        return Shipped()

    def dumps(self) -> Path | None:
        return None  # the dumps stay in the build's store folder too

    def _fetch_release(self) -> ReleaseInfo:
        rows = list(self._query(RELEASE_QUERY, "SELECT", None, (), ()))  # type: ignore[arg-type]
        if not rows:
            raise StoreError(
                f"The SPARQL server at {self.endpoint} holds no coopgraph release metadata: load "
                "a release into it with `coopgraph publish` (see docs/endpoint.md, 'Running on "
                "another SPARQL server')."
            )
        if len({r["id"] for r in rows}) > 1:
            raise StoreError(
                f"The SPARQL server at {self.endpoint} holds several coopgraph releases: publish "
                "one release into an empty server (or over the same graphs)."
            )
        row = rows[0]
        graphs = {row["graph"].value} | {r["subset"].value for r in rows if r["subset"]}
        self._graphs = sorted(graphs)
        own = next(iter(self._query(COUNT_QUERY % row["graph"].value, "SELECT", None, (), ())))  # type: ignore
        return ReleaseInfo(
            release_id=row["id"].value,
            base_iri=row["base"].value,
            created=row["created"].value,
            triples=int(row["triples"].value) + int(own["n"].value),
        )


def _as_boolean(result: ox.QuerySolutions | ox.QueryBoolean) -> ox.QueryBoolean:
    """ASK's answer, also from a server that sends it as a table (Virtuoso 7.2: one row
    `__ASK_RETVAL` = 1 when true, no row when false)."""
    if isinstance(result, ox.QueryBoolean):
        return result
    found = any(term.value not in ("0", "false") for row in result for term in row)
    return ox.parse_query_results(
        '{"head": {}, "boolean": %s}' % ("true" if found else "false"),
        ox.QueryResultsFormat.JSON,
    )


def _reparse(sparql: str) -> None:
    """Raise pyoxigraph's reading of a query the server refused, if pyoxigraph refuses it too:
    every backend then gives the same message, placed at line and column of the client's text
    (servers' messages vary; Virtuoso's counts lines after its own `define` pragmas)."""
    # On an empty store only the parser's verdict costs anything; a query that parses but
    # fails in evaluation keeps the server's message.
    with contextlib.suppress(OSError, RuntimeError, ValueError, TypeError):
        ox.Store().query(sparql)

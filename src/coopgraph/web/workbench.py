"""/query: the query workbench. An editor with the project's prefixes and the research queries
as examples; results as a table, chart or map; downloads, a permalink and code snippets.

Everything works without JavaScript: the form runs the query here and renders the table. With
JavaScript (static/workbench.js, the only script the site allows, and only on these pages) the
page highlights the query, runs it against /sparql and draws the result views itself.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, g, render_template, request

from coopgraph import describe, iris, queries, snippets, sparqltext
from coopgraph import labels as label_policy
from coopgraph.problems import Problem
from coopgraph.queries import CannedQuery
from coopgraph.sparql import guard
from coopgraph.sparql.executor import Job
from coopgraph.web import context, endpoint, errors, httpcache, i18n, paths, security
from coopgraph.web.endpoint import downloads
from coopgraph.web.labels import Labeller, Value

bp = Blueprint("workbench", __name__)

# Declared in a new query; the others are one click away.
PREFILLED = ("coop", "rdf", "rdfs", "xsd", "skos", "dct", "org", "geo")
STARTER = """SELECT ?country (COUNT(DISTINCT ?agreement) AS ?agreements) WHERE {
  ?agreement a coop:CooperationAgreement ;
             coop:foreignParty/coop:country ?country .
}
GROUP BY ?country
ORDER BY DESC(?agreements)
"""


def content_security_policy() -> str:
    """The site's policy, with this page's own script allowed and its fetches to this host."""
    return security.CONTENT_SECURITY_POLICY.replace(
        "script-src 'none'", "script-src 'self'; connect-src 'self'"
    )


# ---------------------------------------------------------------------------------------------
# The editor: prefixes and examples


def prefix_lines(names: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """(prefix, namespace) pairs from the IRI module (no release rebases a namespace)."""
    chosen = names or tuple(iris.PREFIXES)
    return [(p, iris.PREFIXES[p]) for p in chosen]


def default_query() -> str:
    declarations = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefix_lines(PREFILLED))
    return declarations + "\n" + STARTER


def examples() -> list[CannedQuery]:
    return context.store().queries()


def editable(query: CannedQuery) -> str:
    """An example as the editor shows it: its parameters' defaults in a trailing VALUES clause
    (joined with the result, as the canned API's binding is), there for the researcher to edit."""
    try:
        bound = queries.bind(query, {}, context.base())
    except queries.ParameterError:  # a parameter without a default: the user writes it
        return query.text
    if not bound:
        return query.text
    names = " ".join(str(v) for v in bound)
    values = " ".join(str(term) for term in bound.values())
    return query.text + f"VALUES ({names}) {{ ({values}) }}\n"


def example_text(name: str) -> str | None:
    return next((editable(q) for q in examples() if q.name == name), None)


def permalink(query: str) -> str:
    return "/query?" + urlencode({"query": query, "lang": g.lang})


# ---------------------------------------------------------------------------------------------
# Completion: the classes and properties of the graph, as prefixed names with their labels

TERMS = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?term ?kind WHERE {
  {
    { ?x a ?term } UNION { ?term a owl:Class } UNION { ?term a rdfs:Class }
    BIND("class" AS ?kind)
  } UNION {
    { ?x ?term ?y } UNION { ?term a ?type }
    VALUES ?type { owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty rdf:Property }
    BIND("property" AS ?kind)
  }
  FILTER(isIRI(?term))
}"""
LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def prefixed_name(iri: str, namespaces: list[tuple[str, str]]) -> str | None:
    for prefix, ns in namespaces:
        if iri.startswith(ns) and LOCAL_NAME.fullmatch(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return None


def terms() -> list[dict[str, str]]:
    """Every class and property that has a prefixed name, labelled in the page's language."""
    namespaces = prefix_lines()
    found = {(r["term"].value, r["kind"].value) for r in context.store().query(TERMS)}
    named = {(iri, kind, prefixed_name(iri, namespaces)) for iri, kind in found}
    labeller = labeller_of(sorted({iri for iri, _, name in named if name}))
    out = []
    for iri, kind, name in sorted(named, key=lambda t: (t[2] or "", t[1])):
        if name:
            text = labeller.text(iri)
            out.append({"name": name, "kind": kind, "label": text.value, "lang": text.lang})
    return out


# ---------------------------------------------------------------------------------------------
# Running a query on the server (the no-JavaScript path)


@dataclass
class Outcome:
    variables: list[str] = field(default_factory=list)
    rows: list[list[Value | None]] = field(default_factory=list)
    boolean: bool | None = None
    text: str | None = None  # CONSTRUCT and DESCRIBE results, as Turtle
    truncated: bool = False
    elapsed_ms: int = 0
    error: str | None = None


def execute(query: str) -> tuple[str, bytes, bool]:
    """(format, body, truncated), through the endpoint's killable query processes."""
    s = context.settings()
    text = sparqltext.read(query)
    guard.check(text, s.service_allowlist)
    job = Job(
        query=text,
        accept="application/sparql-results+json, text/turtle;q=0.9",
        max_rows=endpoint.SHOWN_ROWS,
        query_base=request.url_root + "sparql",
        release_id=context.release().release_id,
    )
    reply = context.submit(job, s.query_timeout)
    try:
        fmt, _ = reply.head()
        body = b"".join(reply.chunks())
    finally:
        reply.close()
    return fmt, body, reply.truncated


def labeller_of(iri_list: list[str]) -> Labeller:
    labeller = Labeller({}, g.lang)
    safe = [iri for iri in iri_list if describe.SAFE_IRI.fullmatch(iri)]
    for s in describe.labels_of(context.store(), safe):
        labeller.labels.setdefault(s.subject.value, []).append(s.object)  # type: ignore[arg-type]
    return labeller


def labeller_for(table: dict) -> Labeller:
    found = {
        cell["value"]
        for row in table["results"]["bindings"]
        for cell in row.values()
        if cell["type"] == "uri"
    }
    return labeller_of(sorted(found))


def term_of(cell: dict[str, str]) -> ox.Term:
    if cell["type"] == "uri":
        return ox.NamedNode(cell["value"])
    if cell["type"] == "bnode":
        return ox.BlankNode(cell["value"])
    if "xml:lang" in cell:
        return ox.Literal(cell["value"], language=cell["xml:lang"])
    datatype = cell.get("datatype")
    return ox.Literal(cell["value"], datatype=ox.NamedNode(datatype) if datatype else None)


def outcome_of(fmt: str, body: bytes, truncated: bool) -> Outcome:
    if fmt != "json":
        return Outcome(text=body.decode("utf-8", "replace"), truncated=truncated)
    table = json.loads(body)
    if "boolean" in table:
        return Outcome(boolean=table["boolean"])
    labeller = labeller_for(table)
    variables = table["head"]["vars"]
    rows = [
        [labeller.value(term_of(row[v])) if v in row else None for v in variables]
        for row in table["results"]["bindings"]
    ]
    return Outcome(variables, rows, truncated=truncated)


def run(query: str) -> Outcome:
    started = time.perf_counter()
    try:
        outcome = outcome_of(*execute(query))
    except Problem as err:
        return Outcome(error=str(err))
    outcome.elapsed_ms = round((time.perf_counter() - started) * 1000)
    return outcome


# ---------------------------------------------------------------------------------------------
# Downloads and snippets


def endpoint_url() -> str:
    return request.url_root + "sparql"


# ---------------------------------------------------------------------------------------------
# Routes


def _page(status: int, **context: object) -> Response:
    body = render_template("workbench.html", **context)
    response = Response(body, status, content_type="text/html; charset=utf-8")
    response.headers["Content-Security-Policy"] = content_security_policy()
    return response


@bp.get("/query")
def page() -> Response:
    """The workbench; `query` (a permalink) or `example` (a research query's name) runs it."""
    example = request.args.get("example", "")
    query = request.args.get("query") or (example_text(example) if example else None)
    if example and query is None:
        known = ", ".join(q.name for q in examples())
        outcome = Outcome(error=i18n.text("workbench_no_example", name=example, known=known))
        return _page(404, sparql_query=default_query(), outcome=outcome, **_editor(None))
    outcome = run(query) if query and query.strip() else None
    status = 400 if outcome and outcome.error else 200
    return _page(status, sparql_query=query or default_query(), outcome=outcome, **_editor(query))


def _editor(query: str | None) -> dict[str, object]:
    shown = query or default_query()
    return {
        "prefixes": prefix_lines(),
        "examples": [(q, editable(q)) for q in examples()],
        "downloads": downloads(shown),
        "snippets": snippets.snippets(shown, endpoint_url()),
        "permalink": permalink(shown) if query else None,
        "base_iri": context.base(),
        "canonical_base": iris.CANONICAL_BASE,
        "page_paths": paths.page_path_rules(),
        "messages": i18n.script_messages(g.lang),
        "label_chains": label_policy.chains_json(),  # the script picks labels as pages do
    }


@bp.get("/query/snippets")
def snippets_json() -> Response:
    """The snippets, downloads and permalink for a query, for the page's script."""
    query = request.args.get("query", "")
    if not query.strip():
        return errors.error(400, "Give the SPARQL query as ?query=… to get code that runs it.")
    body = {
        "form": snippets.query_form(query),
        "endpoint": endpoint_url(),
        "snippets": [asdict(s) for s in snippets.snippets(query, endpoint_url())],
        "downloads": [asdict(d) for d in downloads(query)],
        "permalink": permalink(query),
    }
    return Response(
        json.dumps(body, ensure_ascii=False), 200, content_type="application/json; charset=utf-8"
    )


@bp.get("/query/terms")
def terms_json() -> Response:
    """The classes and properties to complete while typing, in the page's language."""

    def make() -> Response:
        body = json.dumps({"terms": terms()}, ensure_ascii=False)
        return Response(body, 200, content_type="application/json; charset=utf-8")

    return httpcache.conditional(httpcache.etag("terms", g.lang), "Accept-Language", make)

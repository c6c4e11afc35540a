"""Reading a SPARQL 1.1 Protocol request: the three query forms and their parameters."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Request

from coopgraph import negotiation, results, sparqltext
from coopgraph.problems import Problem
from coopgraph.sparqltext import QueryText

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
# Where clients put the result format: `format` (Virtuoso, SPARQLWrapper), `output` (Jena,
# Fuseki), `results` (SPARQLWrapper sends all three, each with one or two values).
FORMAT_PARAMS = ("format", "output", "results")


# Base IRIs by the parts of the WSGI environ they depend on: werkzeug rebuilds (and quotes)
# the URL on every access, which cost about a third of a cheap query's time in the app.
_URL_PARTS = ("wsgi.url_scheme", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME")
_BASE_URLS: dict[tuple, str] = {}


def base_url(request: Request) -> str:
    """`request.base_url`, built once per host and path (the Host header is the client's, so
    the table is bounded)."""
    env = request.environ
    key = (*(env.get(k) for k in _URL_PARTS), env.get("PATH_INFO"))
    url = _BASE_URLS.get(key)
    if url is None:
        if len(_BASE_URLS) >= 64:
            _BASE_URLS.clear()
        url = _BASE_URLS[key] = request.base_url
    return url


@dataclass(frozen=True)
class QueryRequest:
    query: QueryText  # read here, once, for the guard, the executor and the store
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    timeout: float | None  # what the client asked for, in seconds
    format_param: str | None


def _timeout(raw: str | None) -> float | None:
    if raw in (None, ""):
        return None
    try:
        value = float(raw)
    except ValueError:
        value = -1
    if not value > 0:  # also refuses nan, which no deadline can be computed from
        raise Problem(400, f"timeout must be a positive number of seconds, not '{raw}'.")
    return value


def _check_utf8(request: Request) -> None:
    """The protocol carries queries in UTF-8; another charset would be silently misread."""
    charset = request.mimetype_params.get("charset", "utf-8")
    if charset.lower() not in ("utf-8", "utf8"):
        raise Problem(
            415, f"The request body must be UTF-8, not {charset}: re-encode the query as UTF-8."
        )


def parse(request: Request) -> QueryRequest | None:
    """The query in `request`, or None when it carries none (a service description request)."""
    media = request.mimetype
    if request.method == "POST":
        _check_utf8(request)
    if (request.method == "POST" and media == UPDATE) or "update" in request.values:
        raise Problem(
            403,
            "SPARQL Update is not accepted: this endpoint is read-only. The registry "
            "changes only through its sources (see the README).",
        )
    if request.method == "POST" and media == DIRECT:
        if "query" in request.form or "query" in request.args:
            raise Problem(400, "Send the query either in the body or as 'query', not both.")
        text = request.get_data(as_text=True)
        params = request.args
    elif request.method == "POST" and media not in (FORM, "multipart/form-data"):
        raise Problem(
            415,
            f"Unsupported request media type '{media or 'none'}'. POST the query as "
            f"{FORM} (query=…) or {DIRECT} (the query as the body).",
        )
    else:
        params = request.values
        queries = params.getlist("query")
        if len(queries) > 1:
            raise Problem(400, "Give exactly one 'query' parameter.")
        if not queries:
            return None
        text = queries[0]
    if not text.strip():
        raise Problem(400, "The query is empty.")
    return QueryRequest(
        query=sparqltext.read(text),
        default_graphs=tuple(params.getlist("default-graph-uri")),
        named_graphs=tuple(params.getlist("named-graph-uri")),
        timeout=_timeout(params.get("timeout")),
        format_param=negotiation.first_named(
            [v for name in FORMAT_PARAMS for v in params.getlist(name)],
            (*results.ALL_FORMATS, results.HTML_PAGE),
        ),
    )

"""Code that runs a SPARQL query against an endpoint, for a researcher to paste into a notebook.

One template per client, written here and nowhere else: the workbench shows them server-side
and fetches them as JSON when the query changes. Every query is embedded as a literal of the
target language that keeps it intact whatever characters it holds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from coopgraph import sparqltext

SELECT, ASK, GRAPH = "select", "ask", "graph"

FORMS = {"SELECT": SELECT, "ASK": ASK, "CONSTRUCT": GRAPH, "DESCRIBE": GRAPH}


def query_form(query: str) -> str:
    """SELECT, ASK or GRAPH (CONSTRUCT/DESCRIBE): what shape of result the query returns.
    Not SPARQL the server will accept: SELECT (the snippet shows the server's error)."""
    return FORMS.get(sparqltext.read(query).operation, SELECT)


# ---------------------------------------------------------------------------------------------
# Literals: the query as a string of each language


def plain_string(text: str) -> str:
    """A double-quoted literal, read alike by Python, R and JavaScript: for one-line values."""
    return json.dumps(text, ensure_ascii=False)


def python_string(text: str) -> str:
    """A triple-quoted literal when it reads back unchanged, else Python's own repr."""
    if '"""' in text or "\\" in text or text.endswith('"'):
        return repr(text)
    return '"""' + text + '"""'


def r_string(text: str) -> str:
    """An R ≥ 4.0 raw string, r"-(…)-", with enough dashes that the query cannot close it."""
    dashes = "-"
    while f'){dashes}"' in text:
        dashes += "-"
    return f'r"{dashes}({text}){dashes}"'


def js_string(text: str) -> str:
    """A template literal: backslashes, backquotes and `${` escaped."""
    escaped = text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
    return f"`{escaped}`"


def heredoc(text: str) -> tuple[str, str]:
    """(delimiter, body) for a quoted shell here-document, which expands nothing."""
    word = "SPARQL"
    while word in text.splitlines():
        word += "_END"
    return word, text if text.endswith("\n") else text + "\n"


# ---------------------------------------------------------------------------------------------
# Templates: (form -> tail) after a common head. `rows` (a list of {variable: value}),
# `answer` (ASK) or `turtle` (graph results) is what each snippet leaves behind.

_SPARQLWRAPPER_HEAD = """from SPARQLWrapper import {fmt}, POST, SPARQLWrapper

sparql = SPARQLWrapper({endpoint})
sparql.setMethod(POST)
sparql.setQuery({query})
sparql.setReturnFormat({fmt})
"""
_SPARQLWRAPPER_TAIL = {
    SELECT: """results = sparql.queryAndConvert()
rows = [
    {name: cell["value"] for name, cell in binding.items()}
    for binding in results["results"]["bindings"]
]
for row in rows:
    print(row)
""",
    ASK: """answer = sparql.queryAndConvert()["boolean"]
print(answer)
""",
    GRAPH: """turtle = sparql.query().response.read().decode("utf-8")
print(turtle)
""",
}

_RDFLIB_HEAD = """from rdflib.plugins.stores.sparqlstore import SPARQLStore

store = SPARQLStore({endpoint}, method="POST_FORM", returnFormat={fmt})
result = store.query({query})
"""
_RDFLIB_TAIL = {
    SELECT: """rows = [
    {str(name): str(value) for name, value in row.asdict().items()} for row in result
]
for row in rows:
    print(row)
""",
    ASK: """answer = result.askAnswer
print(answer)
""",
    GRAPH: """turtle = result.graph.serialize(format="turtle")
print(turtle)
""",
}

_R_HEAD = """library(httr)

endpoint <- {endpoint}
query <- {query}
response <- POST(endpoint, body = list(query = query), encode = "form", accept({accept}))
stop_for_status(response)
text <- content(response, as = "text", encoding = "UTF-8")
"""
_R_TAIL = {
    SELECT: """rows <- read.csv(text = text, stringsAsFactors = FALSE, check.names = FALSE)
print(rows)
""",
    ASK: """answer <- trimws(text) == "true"
print(answer)
""",
    GRAPH: """cat(text)
""",
}

_JS_HEAD = """const endpoint = {endpoint};
const query = {query};
const response = await fetch(endpoint, {{
  method: "POST",
  body: new URLSearchParams({{ query }}),
  headers: {{ Accept: {accept} }},
}});
if (!response.ok) throw new Error(`${{response.status}}: ${{await response.text()}}`);
"""
_JS_TAIL = {
    SELECT: """const results = await response.json();
const rows = results.results.bindings.map((binding) =>
  Object.fromEntries(Object.entries(binding).map(([name, cell]) => [name, cell.value])),
);
console.table(rows);
""",
    ASK: """const answer = (await response.json()).boolean;
console.log(answer);
""",
    GRAPH: """const turtle = await response.text();
console.log(turtle);
""",
}

_CURL = """curl -sS --fail-with-body {endpoint} \\
  -H {accept} \\
  --data-urlencode query@- <<'{word}'
{body}{word}
"""

# What each client asks for: (SPARQLWrapper constant, media type)
_ACCEPT = {
    SELECT: ("JSON", "application/sparql-results+json"),
    ASK: ("JSON", "application/sparql-results+json"),
    GRAPH: ("TURTLE", "text/turtle"),
}
_CSV_OR_TEXT = {SELECT: "text/csv", ASK: "text/csv", GRAPH: "text/turtle"}


@dataclass(frozen=True)
class Snippet:
    id: str  # stable key, e.g. "python-sparqlwrapper"
    label: str  # what the tab says
    language: str  # for the code block's class and the file a user would save it in
    code: str


def _python_sparqlwrapper(query: str, endpoint: str, form: str) -> str:
    fmt = _ACCEPT[form][0]
    head = _SPARQLWRAPPER_HEAD.format(
        fmt=fmt, endpoint=plain_string(endpoint), query=python_string(query)
    )
    return head + _SPARQLWRAPPER_TAIL[form]


def _python_rdflib(query: str, endpoint: str, form: str) -> str:
    fmt = plain_string(_ACCEPT[form][0].lower())
    head = _RDFLIB_HEAD.format(endpoint=plain_string(endpoint), query=python_string(query), fmt=fmt)
    return head + _RDFLIB_TAIL[form]


def _r_httr(query: str, endpoint: str, form: str) -> str:
    accept = plain_string(_CSV_OR_TEXT[form])
    head = _R_HEAD.format(endpoint=plain_string(endpoint), query=r_string(query), accept=accept)
    return head + _R_TAIL[form]


def _javascript(query: str, endpoint: str, form: str) -> str:
    accept = plain_string(_ACCEPT[form][1])
    head = _JS_HEAD.format(endpoint=plain_string(endpoint), query=js_string(query), accept=accept)
    return head + _JS_TAIL[form]


def _curl(query: str, endpoint: str, form: str) -> str:
    word, body = heredoc(query)
    accept = shell_quote("Accept: " + _CSV_OR_TEXT[form])
    return _CURL.format(endpoint=shell_quote(endpoint), accept=accept, word=word, body=body)


def shell_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


_CLIENTS = (
    ("python-sparqlwrapper", "Python (SPARQLWrapper)", "python", _python_sparqlwrapper),
    ("python-rdflib", "Python (rdflib)", "python", _python_rdflib),
    ("r-httr", "R (httr)", "r", _r_httr),
    ("javascript", "JavaScript (fetch)", "javascript", _javascript),
    ("curl", "curl", "shell", _curl),
)


def snippets(query: str, endpoint: str) -> list[Snippet]:
    """The code, in every client, that sends `query` to `endpoint` and prints its result."""
    form = query_form(query)
    return [
        Snippet(key, label, language, make(query, endpoint, form))
        for key, label, language, make in _CLIENTS
    ]

"""Text from data is inert on every HTML page: literals holding markup, quotes that would close
an attribute, `javascript:` IRIs. Pages are parsed with an HTML parser: no element, attribute
or script may come from data; every HTML response carries a CSP that forbids inline script."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

from .conftest import ROOT
from .sourcetree import served_with_data

pytestmark = pytest.mark.slow

MARK = "inj3ct"  # in every payload, so a search finds the resources that carry one
PAYLOADS = {
    "script": f"<script>alert('{MARK}')</script>",
    "img": f'<img src=x onerror="alert(1)">{MARK}',
    "double-quote": f'{MARK}" onmouseover="alert(1)" data-{MARK}="',
    "single-quote": f"{MARK}' onfocus='alert(1)' data-{MARK}='",
    "close-json-ld": f"</script><script>alert(1)</script>{MARK}",
    "close-textarea": f"</textarea><script>alert(1)</script>{MARK}",
    "template": f"{{{{ 7*7 }}}}{{% raw %}}{MARK}",
}
JS_IRIS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,%3Cscript%3Ealert(1)"]
COMMUNE = "https://w3id.org/coopgraph/id/commune/2301"
AGREEMENT = "https://w3id.org/coopgraph/id/agreement/DZA-AGR-002"
COUNTRY = "https://w3id.org/coopgraph/id/country/fr"


def turtle_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid Turtle string


def hostile_turtle() -> str:
    labels = " , ".join(f"{turtle_string(p)}@fr" for p in PAYLOADS.values())
    english = " , ".join(f"{turtle_string(p)}@en" for p in PAYLOADS.values())
    links = " , ".join(f"<{iri}>" for iri in JS_IRIS)
    return f"""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix coop: <https://w3id.org/coopgraph/ontology#> .
@prefix schema: <https://schema.org/> .
<{COMMUNE}> skos:altLabel {labels} ; rdfs:seeAlso {links} .
<{COUNTRY}> skos:altLabel {english} ; schema:url {links} .
<{AGREEMENT}> coop:supportingQuote {turtle_string(PAYLOADS["close-json-ld"])} ;
    rdfs:comment {turtle_string(PAYLOADS["double-quote"])} ; rdfs:seeAlso <{JS_IRIS[0]}> .
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from served_with_data(tmp_path_factory, "zz-injection.ttl", hostile_turtle())


class Page(HTMLParser):
    """Every element with its attributes, and the text of each script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._in_script: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        if tag == "script":
            self._in_script = a
            self.scripts.append((a, ""))

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def get(site: str, path: str) -> tuple[int, dict[str, str], str]:
    req = urllib.request.Request(site + path.lstrip("/"), headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode()


def sparql(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


SHOWING = f"SELECT ?s ?l WHERE {{ ?s ?p ?l FILTER(CONTAINS(STR(?l), '{MARK}')) }}"
LINKS = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#seeAlso> ?o }"
PAGES = [
    "/",
    "/page/commune/2301?lang=fr",
    "/page/commune/2301?lang=ar",
    "/page/country/fr?lang=en",
    "/page/agreement/DZA-AGR-002",
    "/page/wilaya/23",
    f"/search?q={MARK}",
    f"/search?q={MARK}&lang=en",
    "/search?" + urllib.parse.urlencode({"q": PAYLOADS["double-quote"]}),
    "/page/ontology",
    "/page/vocab/theme",
    sparql(SHOWING),
    sparql(LINKS),
    sparql(PAYLOADS["close-textarea"]),  # an invalid query shown back in the error page
    "/queries/",
    "/queries/" + urllib.parse.quote(PAYLOADS["script"], safe=""),
    "/query?" + urllib.parse.urlencode({"query": SHOWING}),
    "/query?" + urllib.parse.urlencode({"query": PAYLOADS["close-textarea"]}),
    "/query?" + urllib.parse.urlencode({"example": PAYLOADS["double-quote"]}),
    "/page/" + urllib.parse.quote(PAYLOADS["script"], safe=""),
]


def check_inert(html: str) -> None:
    page = Page()
    page.feed(html)
    for tag, attrs in page.elements:
        assert not (tag == "img" and attrs.get("src") == "x"), "an <img> came from data"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"<{tag} {name}=…> came from data"
            assert MARK not in name, f"<{tag} {name}> came from data"
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                scheme = value.strip().lower()
                assert not scheme.startswith(("javascript:", "data:text")), (tag, name, value)
    for attrs, text in page.scripts:
        if attrs.get("type") == "application/ld+json":
            json.loads(text)  # a data block, whole: nothing closed it early
        else:
            assert attrs.get("src", "").startswith("/static/") and not text.strip(), attrs
    assert "alert(" not in "".join(text for _, text in page.scripts)


@pytest.mark.parametrize("path", PAGES)
def test_data_is_inert_on_every_html_page(site: str, path: str) -> None:
    status, headers, html = get(site, path)
    assert status < 500, (path, status)
    if not headers["Content-Type"].startswith("text/html"):  # an error said in plain text
        assert headers["Content-Type"].startswith("text/plain")
        assert headers["X-Content-Type-Options"] == "nosniff"  # never sniffed as HTML
        return
    check_inert(html)
    csp = headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if " " in d.strip())
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] in ("'none'", "'self'")
    assert "unsafe" not in csp and "data:" not in directives["script-src"]


def test_the_payloads_are_shown_as_text(site: str) -> None:
    """Inert does not mean lost: each label is on the page, escaped."""
    _, _, html = get(site, "/page/commune/2301?lang=fr")
    page = Page()
    texts: list[str] = []
    page.handle_data = texts.append  # type: ignore[method-assign]
    page.feed(html)
    shown = "".join(texts)
    for payload in PAYLOADS.values():
        assert payload in shown, payload


# --- canned-query parameters ---------------------------------------------------------------------

PARAMETER_ATTACKS = [
    '" } UNION { ?s ?p ?o } #',
    "> } ; DROP ALL ; <",
    "https://w3id.org/coopgraph/id/country/fr> } UNION { ?s ?p ?o } #",
    "16 } UNION { ?s ?p ?o }",
    "2012) || true || (1",
    PAYLOADS["script"],
]


def canned_queries() -> list[tuple[str, str]]:
    from coopgraph import queries

    return [
        (q.name, p.name) for q in queries.load_catalogue(ROOT / "queries") for p in q.parameters
    ]


@pytest.mark.parametrize(("name", "param"), canned_queries())
def test_canned_parameters_cannot_change_a_querys_shape(site: str, name: str, param: str) -> None:
    def fetch(params: dict[str, str]) -> tuple[int, str]:
        url = f"{site}queries/{name}.json?" + urllib.parse.urlencode(params)
        try:
            with urllib.request.urlopen(url, timeout=60) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    status, body = fetch({})
    assert status == 200, body
    shape = json.loads(body)["head"]["vars"]
    everything = triples_in(site)
    for attack in PARAMETER_ATTACKS:
        status, body = fetch({param: attack})
        if status == 400:
            assert repr(param) in body  # the message names the parameter and what it expects
            continue
        assert status == 200, (attack, body[:300])
        answer = json.loads(body)
        assert answer["head"]["vars"] == shape
        assert len(answer["results"]["bindings"]) < everything


def triples_in(site: str) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    url = site + "sparql?" + urllib.parse.urlencode({"query": query, "format": "json"})
    with urllib.request.urlopen(url, timeout=60) as r:
        return int(json.loads(r.read())["results"]["bindings"][0]["n"]["value"])

"""Helpers for the linked-data front-end tests: a server over the shipped release, a server
over a release holding hostile literals, plain HTTP with real clients, and headless Chromium
(Debian's `chromium` driven by Playwright), skipped with a clear message when absent.

Import the fixtures into a test module with `from .browser import site_fixture, xss_fixture`
(they are named `site` and `xss_site` there).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import ROOT
from .servers import CoopgraphServer
from .sourcetree import served_with_data

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"

# Literals an attacker could slip into the sources: each must show as text wherever it shows.
SCRIPT = "<script>alert('coopgraph-xss')</script>"
IMG = '<img src=x onerror="alert(1)">'
IMG_TURTLE = IMG.replace('"', '\\"')
HOSTILE_TURTLE = f"""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix coop: <https://w3id.org/coopgraph/ontology#> .
<https://w3id.org/coopgraph/id/commune/2301> skos:altLabel "{SCRIPT} Annaba"@fr ;
    rdfs:seeAlso <javascript:alert(1)> .
<https://w3id.org/coopgraph/id/agreement/DZA-AGR-002> coop:supportingQuote "</script>{SCRIPT}" .
<https://w3id.org/coopgraph/id/country/fr> skos:altLabel "{IMG_TURTLE}"@en .
"""


def http(
    url: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    """A real request that does not follow redirects: (status, headers, body)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    opener = urllib.request.build_opener(NoRedirect)
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with opener.open(req, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.fixture(scope="session", name="site")
def site_fixture(built_store) -> Iterator[str]:
    """A `coopgraph serve` over the shipped release; its URL ends with '/'."""
    server = CoopgraphServer(str(built_store.dir.root), [])
    yield server.url
    server.stop()


@pytest.fixture(scope="session", name="xss_site")
def xss_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over the shipped sources plus literals holding markup and a javascript: IRI."""
    yield from served_with_data(tmp_path_factory, "zz-hostile.ttl", HOSTILE_TURTLE)


class Resources(HTMLParser):
    """What a page loads (stylesheets, scripts, images, frames) and the links it offers."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []
        self.links: list[str] = []
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            self.scripts.append(a)
        if tag in ("script", "img", "iframe", "source", "video", "audio") and a.get("src"):
            self.loaded.append(a["src"] or "")
        if tag == "link" and a.get("rel") in ("stylesheet", "icon", "preload"):
            self.loaded.append(a.get("href") or "")
        if tag == "a" and a.get("href") is not None:
            self.links.append(a["href"] or "")


def resources(html: str) -> Resources:
    parser = Resources()
    parser.feed(html)
    return parser


# ---------------------------------------------------------------------------------------------
# Headless Chromium


@contextmanager
def chromium() -> Iterator[object]:
    """A Playwright browser on Debian's chromium; skips when either is missing."""
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"{CHROMIUM} is absent: apt-get install -y chromium fonts-noto-core")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def fonts_used(page: object, selector: str) -> list[tuple[str, int]]:
    """(family, glyph count) of the fonts Chromium really used to draw the element's text."""
    client = page.context.new_cdp_session(page)  # type: ignore[attr-defined]
    client.send("DOM.enable")
    client.send("CSS.enable")
    root = client.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = client.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = client.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [(f["familyName"], f["glyphCount"]) for f in fonts]

"""The query workbench in headless Chromium (Debian's `chromium`, driven by Playwright): pick an
example, run it with Ctrl+Enter, read the labelled table, sort it, switch to the chart, download
the CSV, open the permalink; draw a map from coordinates; the same page with JavaScript off
still runs a query; the Arabic page is right to left; no console errors, no foreign requests.
Screenshots go to test-artifacts/."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser import ARTIFACTS, SCRIPT, chromium, site_fixture, xss_fixture  # noqa: F401

pytestmark = pytest.mark.slow

EXAMPLE = "agreements-by-country"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
MAP_QUERY = """SELECT ?place ?lat ?long WHERE {
  VALUES (?place ?lat ?long) { ("Oran" 35.69 -0.63) ("Bordeaux" 44.84 -0.58) ("Tunis" 36.8 10.18) }
}"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


class Watched:
    """A page with the console errors, dialogs and foreign requests it produced."""

    def __init__(self, context, origin: str, path: str) -> None:  # type: ignore[no-untyped-def]
        self.page = context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: self.errors.append(f"dialog: {d.message}"))
        self.page.on(
            "request", lambda r: None if r.url.startswith(origin) else self.foreign.append(r.url)
        )
        self.page.goto(origin + path)

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"workbench-{name}.png"), full_page=True)

    def clean(self) -> None:
        assert not self.errors, self.errors
        assert not self.foreign, self.foreign


@pytest.fixture
def context(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    yield ctx
    ctx.close()


def expected_countries(store, lang: str) -> list[tuple[str, int]]:
    """(label, agreements) per partner country, straight from the store."""
    query = f"""PREFIX coop: <https://w3id.org/coopgraph/ontology#>
SELECT ?label (COUNT(DISTINCT ?a) AS ?n) WHERE {{
  ?a a coop:CooperationAgreement ; coop:foreignParty/coop:country ?c .
  ?c <{RDFS}label> ?label FILTER(LANG(?label) = "{lang}")
}} GROUP BY ?label"""
    return [(r["label"].value, int(r["n"].value)) for r in store.query(query)]


def column(page, index: int) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(f"#results-table tbody tr td:nth-child({index})").all_inner_texts()


def run_with_keys(page, keys: str = "Control+Enter") -> None:  # type: ignore[no-untyped-def]
    page.locator("#results").evaluate("e => e.replaceChildren()")
    page.locator("#query").press(keys)
    page.wait_for_selector("#results-table tbody tr, #results .error")


def test_example_run_sort_chart_download_permalink(context, site: str, built_store) -> None:  # type: ignore[no-untyped-def]
    w = Watched(context, site, "query?lang=en")
    page = w.page
    page.select_option("#examples", EXAMPLE)
    example = next(q for q in built_store.queries() if q.name == EXAMPLE)
    assert page.input_value("#query").startswith(example.text)
    highlighted = page.locator("#highlight")
    assert highlighted.text_content() == page.input_value("#query") + "\n"
    assert "SELECT" in highlighted.locator(".tok-keyword").all_inner_texts()

    run_with_keys(page)
    countries = expected_countries(built_store, "en")
    assert page.locator("#status").inner_text().startswith(f"{len(countries)} rows")
    agreements_column = example.text.split("SELECT", 1)[1].split("WHERE")[0]
    assert "?agreements" in agreements_column
    headers = page.locator("#results-table th").all_inner_texts()
    n = headers.index("agreements") + 1
    labels = headers.index("country") + 1
    shown = dict(zip(column(page, labels), (int(v) for v in column(page, n)), strict=True))
    assert shown == dict(countries)

    page.locator("#results-table th button", has_text="agreements").first.click()
    ascending = [int(v) for v in column(page, n)]
    assert ascending == sorted(ascending)
    page.locator("#results-table th button", has_text="agreements").first.click()
    assert [int(v) for v in column(page, n)] == sorted(ascending, reverse=True)

    page.click("#tab-chart")
    assert page.locator("#view-chart").is_visible() and not page.locator("#view-table").is_visible()
    bars = page.locator("#view-chart svg g.bar")
    assert bars.count() == len(countries)
    assert set(page.locator("#view-chart svg .chart-label").all_text_contents()) <= {
        name if len(name) <= 28 else name[:27] + "…" for name, _ in countries
    }
    w.shot("chart")

    with page.expect_download() as download:
        page.click('#downloads a[data-format="csv"]')
    text = Path(download.value.path()).read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(countries)
    assert sorted(int(r["agreements"]) for r in rows) == sorted(n for _, n in countries)

    link = page.get_attribute("#permalink", "href")
    assert page.url.endswith(link)
    again = Watched(context, site, link.lstrip("/"))
    again.page.wait_for_selector("#results-table tbody tr")
    assert again.page.input_value("#query") == page.input_value("#query")
    assert again.page.locator("#results-table tbody tr").count() == len(countries)
    w.clean()
    again.clean()


def test_meta_enter_runs_and_prefixes_insert(context, site: str) -> None:  # type: ignore[no-untyped-def]
    w = Watched(context, site, "query?lang=fr")
    page = w.page
    page.click('button.prefix[data-prefix="foaf"]')
    assert page.input_value("#query").startswith("PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n")
    page.click('button.prefix[data-prefix="foaf"]')  # declared once only
    assert page.input_value("#query").count("PREFIX foaf:") == 1
    run_with_keys(page, "Meta+Enter")
    assert page.locator("#results-table tbody tr").count() > 0
    w.clean()


def test_timeline_chart_has_a_bar_per_year_in_order(context, site: str) -> None:  # type: ignore[no-untyped-def]
    w = Watched(context, site, "query?lang=en")
    page = w.page
    page.select_option("#examples", "signings-timeline")
    run_with_keys(page)
    headers = page.locator("#results-table th").all_inner_texts()
    years = sorted(set(column(page, headers.index("year") + 1)))
    page.click("#tab-chart")
    labels = page.locator("#view-chart svg .chart-label").all_text_contents()
    assert labels == years and len(years) > 5
    w.clean()


def test_completion_offers_terms_and_declares_their_prefix(context, site: str) -> None:  # type: ignore[no-untyped-def]
    expect = pytest.importorskip("playwright.sync_api").expect
    w = Watched(context, site, "query?lang=en")
    page = w.page
    page.fill("#query", "SELECT * WHERE { ?a ")
    page.locator("#query").press("End")
    page.locator("#query").type("coop:foreignP")
    # the list follows the typing (terms load once, asynchronously): wait for its final state
    expect(page.locator("#completions li code").first).to_have_text("coop:foreignParty")
    page.locator("#query").press("Enter")
    assert page.input_value("#query").endswith("?a coop:foreignParty")
    assert page.locator("#completions").is_hidden()
    page.locator("#query").type(" ?p . ?l eli:date_d")
    expect(page.locator("#completions li code").first).to_have_text("eli:date_document")
    page.locator("#query").press("Tab")
    text = page.input_value("#query")
    assert text.startswith("PREFIX eli: <http://data.europa.eu/eli/ontology#>\n")
    assert text.endswith("?l eli:date_document")
    page.locator("#query").type(" ?d } ")
    run_with_keys(page)  # completion closed: Ctrl+Enter runs
    assert page.locator("#results-table tbody tr").count() > 0
    w.shot("completion")
    w.clean()


def test_ask_and_construct_results(context, site: str) -> None:  # type: ignore[no-untyped-def]
    w = Watched(context, site, "query?lang=en")
    page = w.page
    page.fill("#query", "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 5")
    page.locator("#query").press("Control+Enter")
    page.wait_for_selector("#results pre.graph-result")
    assert page.locator("#status").inner_text().startswith("5 rows")
    page.wait_for_selector('#downloads a[data-format="turtle"]')  # the links follow the query
    assert page.locator('#downloads a[data-format="csv"]').count() == 0
    page.fill("#query", "ASK { ?s ?p ?o }")
    page.locator("#query").press("Control+Enter")
    page.wait_for_selector("#results .answer")
    assert page.locator("#results .answer").inner_text() == "Yes (true)"
    w.clean()


def test_a_long_result_shows_its_first_10000_rows_and_says_so(context, site: str) -> None:  # type: ignore[no-untyped-def]
    """The endpoint sends every row (no row limit); the page shows 10,000 and says there is
    more, with the downloads for the whole result."""
    w = Watched(context, site, "query?lang=en")
    page = w.page
    page.fill("#query", "SELECT (STR(?o) AS ?x) WHERE { ?s ?p ?o } LIMIT 10050")
    page.locator("#query").press("Control+Enter")
    page.wait_for_selector("#results p.truncated", timeout=60_000)
    assert (
        "Only the first 10000 rows are shown" in page.locator("#results p.truncated").inner_text()
    )
    assert page.locator("#status").inner_text().startswith("10050 rows")
    assert page.locator("#results table tbody tr").count() == 10_000
    assert page.locator('#downloads a[data-format="csv"]').count() == 1
    w.clean()


def test_map_view_draws_points_without_tiles(context, site: str) -> None:  # type: ignore[no-untyped-def]
    w = Watched(context, site, "query?lang=en")
    page = w.page
    page.fill("#query", MAP_QUERY)
    run_with_keys(page)
    page.click("#tab-map")
    assert page.locator("#view-map svg circle.point").count() == 3
    assert page.locator("#view-map svg image").count() == 0
    w.shot("map")
    w.clean()


def test_the_page_works_with_javascript_off(browser, site: str, built_store) -> None:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        w = Watched(ctx, site, "query?lang=fr")
        page = w.page
        page.select_option("#examples", EXAMPLE)
        page.click("#load-example")
        page.wait_for_selector("#results-table tbody tr")
        countries = expected_countries(built_store, "fr")
        assert page.locator("#results-table tbody tr").count() == len(countries)
        page.fill("#query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        page.click("#run")
        page.wait_for_url("**/query?**")
        assert page.locator("#results-table tbody tr").count() == 1
        assert "query=SELECT" in page.url
        w.shot("no-js")
        w.clean()
    finally:
        ctx.close()


def test_arabic_workbench_is_right_to_left(context, site: str, built_store) -> None:  # type: ignore[no-untyped-def]
    w = Watched(context, site, "query?lang=ar")
    page = w.page
    page.select_option("#examples", EXAMPLE)
    run_with_keys(page)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    direction = "e => getComputedStyle(e).direction"
    assert page.locator("#results-table").evaluate(direction) == "rtl"
    assert page.locator("#query").evaluate(direction) == "ltr"
    arabic = {name for name, _ in expected_countries(built_store, "ar")}
    headers = page.locator("#results-table th").all_inner_texts()
    shown = set(column(page, headers.index("country") + 1))
    assert shown == arabic
    w.shot("ar")
    w.clean()


def test_markup_in_results_stays_text(context, xss_site: str) -> None:  # type: ignore[no-untyped-def]
    w = Watched(context, xss_site, "query?lang=en")
    page = w.page
    page.fill(
        "#query",
        "SELECT ?commune ?name WHERE { VALUES ?commune { "
        "<https://w3id.org/coopgraph/id/commune/2301> } "
        "?commune <http://www.w3.org/2004/02/skos/core#altLabel> ?name }",
    )
    run_with_keys(page)
    assert SCRIPT in page.locator("#results-table").inner_text()
    assert page.evaluate("document.scripts.length") == 1
    w.clean()


LINKED = """SELECT ?x WHERE { VALUES ?x {
  <https://w3id.org/coopgraph/id/commune/2301> <https://w3id.org/coopgraph/id/country/fr>
  <https://w3id.org/coopgraph/ontology#Commune> <https://w3id.org/coopgraph/ontology>
  <https://w3id.org/coopgraph/shapes#DC-01> <https://w3id.org/coopgraph/vocab/theme>
  <https://w3id.org/coopgraph/graph/agreements> <https://w3id.org/coopgraph/not/in/the/scheme>
  <http://www.w3.org/2004/02/skos/core#Concept>
} }"""


def result_links(browser, site: str, javascript: bool) -> list[str | None]:  # type: ignore[no-untyped-def]
    """The links of the result table of LINKED, drawn by the script or by the server."""
    ctx = browser.new_context(java_script_enabled=javascript)
    try:
        w = Watched(ctx, site, "query?lang=en")
        page = w.page
        page.fill("#query", LINKED)
        if javascript:
            run_with_keys(page)
        else:
            page.click("#run")
            page.wait_for_selector("#results-table tbody tr")
        cells = page.locator("#results-table tbody td")
        assert cells.count() == 9
        links = cells.evaluate_all(
            "tds => tds.map(td => td.querySelector('a')?.getAttribute('href') ?? null)"
        )
        w.clean()
        return links
    finally:
        ctx.close()


def test_result_links_go_where_the_server_links(browser, site: str) -> None:  # type: ignore[no-untyped-def]
    """The script links an entity to its /page/… with the page's ?lang=, as the server does."""
    drawn = result_links(browser, site, javascript=True)
    assert drawn == result_links(browser, site, javascript=False)
    assert "/page/commune/2301?lang=en" in drawn and "/page/ontology?lang=en#Commune" in drawn
    assert not [href for href in drawn if href and href.startswith("/id/")]

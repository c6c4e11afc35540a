"""Real browser tests: headless Chromium (Debian's `chromium`, driven by Playwright) loads the
home page, an agreement page and a commune page in Arabic and French. Arabic pages are laid out
right to left and their Arabic text is drawn with an Arabic font's glyphs; no page logs a
console error or asks another host for anything. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest

from .browser import (  # noqa: F401 (fixtures)
    ARTIFACTS,
    SCRIPT,
    chromium,
    fonts_used,
    site_fixture,
    xss_fixture,
)

pytestmark = pytest.mark.slow

PAGES = {
    "home": "",
    "agreement": "page/agreement/DZA-AGR-002",
    "commune": "page/commune/2301",
}
WIDTH = 1280


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def visit(browser, url: str, origin: str, shot: str):  # type: ignore[no-untyped-def]
    """Load a page; return it with the console errors and the foreign requests it made."""
    page = browser.new_page(viewport={"width": WIDTH, "height": 900})
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(origin) else foreign.append(r.url))
    page.on("dialog", lambda d: errors.append(f"dialog: {d.message}"))
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, url
    page.evaluate("document.fonts.ready")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
    return page, errors, foreign


@pytest.mark.parametrize("name", list(PAGES))
def test_arabic_pages_are_right_to_left_with_arabic_glyphs(browser, site: str, name: str) -> None:
    page, errors, foreign = visit(browser, f"{site}{PAGES[name]}?lang=ar", site, f"{name}-ar")
    assert not errors, errors
    assert not foreign, foreign
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    brand = page.locator("header.site .brand").bounding_box()
    assert brand["x"] > WIDTH / 2, "the brand starts the header: on the right in Arabic"
    heading = "main h1" if name == "home" else "main [lang='ar']"
    fonts = fonts_used(page, heading)
    assert any("Arabic" in family and glyphs > 0 for family, glyphs in fonts), fonts
    page.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_french_pages_are_left_to_right(browser, site: str, name: str) -> None:
    page, errors, foreign = visit(browser, f"{site}{PAGES[name]}?lang=fr", site, f"{name}-fr")
    assert not errors, errors
    assert not foreign, foreign
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.locator("header.site .brand").bounding_box()["x"] < WIDTH / 2
    assert page.locator("html").get_attribute("lang") == "fr"
    page.close()


def test_arabic_names_inside_french_pages_keep_their_direction(browser, site: str) -> None:
    page, errors, _ = visit(browser, f"{site}page/commune/2301?lang=fr", site, "commune-fr-names")
    arabic = page.locator("main .names [lang='ar']").first
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert not errors
    page.close()


def test_hostile_literal_is_shown_as_text(browser, xss_site: str) -> None:
    page, errors, foreign = visit(
        browser, f"{xss_site}page/commune/2301?lang=fr", xss_site, "hostile-literal"
    )
    assert not errors, errors  # a dialog would be recorded here
    assert not foreign
    assert SCRIPT in page.locator("main").inner_text()
    assert page.evaluate("document.scripts.length") == 1  # the JSON-LD block, nothing else
    page.close()

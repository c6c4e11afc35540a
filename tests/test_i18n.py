"""The interface's gettext catalogues (coopgraph/locales), read with Babel: every key extracted
from the code and templates has a translation in Arabic, French and English; each catalogue
declares its language's CLDR plural forms and counted nouns give each one; the catalogue
template (messages.pot) is what `pybabel extract` finds today."""

from __future__ import annotations

from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from coopgraph import counts
from coopgraph.web import i18n

from .browser import http, site_fixture  # noqa: F401
from .conftest import ROOT

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

LOCALES = ROOT / "src" / "coopgraph" / "locales"
# The keywords of the extraction command docs/i18n.md gives.
KEYWORDS = {"t": None, "text": None, "N_": None, "_counted": ((1, "c"), 2, 3)}


def read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=lang)


Key = tuple[str | None, str, bool]  # context, msgid, counted


def keys(catalog: Catalog) -> set[Key]:
    return {(m.context, key_of(m.id), m.pluralizable) for m in catalog if m.id}


def key_of(msgid: str | tuple[str, ...]) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def extracted() -> set[Key]:
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _, _, message, _, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        found.add((context, key_of(message), isinstance(message, tuple)))
    return found


@pytest.fixture(scope="module")
def template() -> Catalog:
    return read(LOCALES / "messages.pot")


def test_the_template_is_what_extraction_finds(template: Catalog) -> None:
    assert extracted() == keys(template)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_key_is_translated_in_every_language(template: Catalog, lang: str) -> None:
    catalog = read(LOCALES / lang / "LC_MESSAGES" / "messages.po", lang)
    assert keys(catalog) == keys(template)
    untranslated = [
        m.id
        for m in catalog
        if m.id and (m.fuzzy or not all(m.string if m.pluralizable else [m.string]))
    ]
    assert untranslated == []
    assert catalog.plural_forms == get_plural(lang).plural_forms


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_counted_nouns_give_every_plural_form(template: Catalog, lang: str) -> None:
    catalog = read(LOCALES / lang / "LC_MESSAGES" / "messages.po", lang)
    counted = [m for m in catalog if m.pluralizable]
    assert counted and all(m.context == i18n.COUNT for m in counted)
    assert {len(m.string) for m in counted} == {catalog.num_plurals}


def test_arabic_counts_take_six_forms_as_cldr_says() -> None:
    """0, 1, 2, 3-10, 11-99 and 100-102 are Arabic's six categories: six different texts."""
    numbers = (0, 1, 2, 3, 11, 100)
    categories = [Locale.parse("ar").plural_form(n) for n in numbers]
    assert categories == ["zero", "one", "two", "few", "many", "other"]
    for noun in ("rules", "agreements", "search_results", "workbench_rows"):
        texts = [i18n.count(noun, n, "ar", q="وهران") for n in numbers]
        assert len(set(texts)) == len(numbers), texts
    assert i18n.count("rules", 103, "ar") == i18n.count("rules", 3, "ar").replace("3", "103")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", ["0 ligne", "1 ligne", "2 lignes", "11 lignes", "1000000 de lignes"]),
        ("en", ["0 rows", "1 row", "2 rows", "11 rows", "1000000 rows"]),
    ],
)
def test_french_counts_zero_and_one_as_singular_english_only_one(
    lang: str, expected: list[str]
) -> None:
    assert [i18n.count("queries_rows", n, lang) for n in (0, 1, 2, 11, 1_000_000)] == expected
    assert i18n.count("search_results", 1, lang, q="Oran").endswith(
        {"fr": "1 résultat pour « Oran »", "en": "1 result for “Oran”"}[lang]
    )


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_workbench_script_gets_its_texts_from_the_catalogue(lang: str) -> None:
    """Every workbench_ key, in the language; counted ones by CLDR category, as the browser's
    Intl.PluralRules names them."""
    catalog = read(LOCALES / lang / "LC_MESSAGES" / "messages.po", lang)
    messages = i18n.script_messages(lang)
    wanted = {key_of(m.id) for m in catalog if m.id}
    assert set(messages) == {k for k in wanted if k.startswith(i18n.WORKBENCH)}
    rows = messages["workbench_rows"]
    assert isinstance(rows, dict)
    assert set(rows) == {*Locale.parse(lang).plural_form.tags, "other"}
    for n in (0, 1, 2, 3, 11, 100):
        category = Locale.parse(lang).plural_form(n)
        assert rows[category].format(n=n) == i18n.count("workbench_rows", n, lang)
    assert messages["workbench_run"] == catalog.get("workbench_run").string


def test_external_terms_are_named_in_each_language() -> None:
    skos_broader = "http://www.w3.org/2004/02/skos/core#broader"
    names = {lang: i18n.term_label(skos_broader, lang) for lang in i18n.LANGUAGES}
    assert names == {"ar": "أعم", "fr": "plus général", "en": "broader"}
    assert i18n.term_label("http://example.org/unknown", "fr") is None


@pytest.mark.slow
@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_home_page_counts_in_the_languages_plural_forms(
    site: str, built_store, lang: str
) -> None:
    """The registry's counts on the home page, each noun in the form its number takes."""
    found = counts.registry_counts(built_store)
    html = unescape(http(f"{site}?lang={lang}")[2].decode())
    n = found.recorded.acts
    assert f'id="count-agreements">{n}</data> {i18n.count("home_agreements", n, lang)}<' in html
    for noun, n in [
        ("records", found.recorded.acts),
        ("acts_reported_concluded", found.concluded.acts),
        ("distinct_pairs", found.concluded.pairs),
        ("pairs", found.recorded.pairs),
    ]:
        assert i18n.count(noun, n, lang) in html, noun


@pytest.mark.slow
@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_endpoints_own_pages_speak_the_readers_language(site: str, lang: str) -> None:
    """/sparql's form and its HTML results are in the reader's language, counts included."""
    browser = {"Accept": "text/html", "Accept-Language": lang}
    form = unescape(http(f"{site}sparql", browser)[2].decode())
    assert i18n.catalogue(lang).gettext("sparql_named_graphs") in form
    query = "SELECT ?w WHERE { ?w a <https://w3id.org/coopgraph/ontology#Wilaya> } LIMIT 11"
    page = unescape(http(f"{site}sparql?query={quote(query)}", browser)[2].decode())
    assert i18n.catalogue(lang).gettext("sparql_results") in page
    assert f'data-rows="11">{i18n.count("queries_rows", 11, lang)}<' in page

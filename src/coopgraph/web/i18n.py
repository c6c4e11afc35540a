"""Interface languages: Arabic (right-to-left), French, English.

The interface strings are gettext catalogues, `coopgraph/locales/{ar,fr,en}/LC_MESSAGES/
messages.po`, one entry per key (`t("nav_home")` in a template is the msgid "nav_home"), read
with Babel at first use. Counted nouns are plural entries in the context "count", with the
plural forms of the language's CLDR rules (Arabic 6, French 3, English 2); `count()` picks one.
`messages.pot` is extracted from the code and templates (`docs/i18n.md` gives the command)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from io import BytesIO
from urllib.parse import urlencode

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from flask import g, request
from werkzeug.datastructures import LanguageAccept

LANGUAGES = ("ar", "fr", "en")
DEFAULT = "fr"
RTL = frozenset({"ar"})
LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}
COUNT = "count"  # the msgctxt of counted nouns
WORKBENCH = "workbench_"  # the msgids the workbench's script uses
CATALOGUES = resources.files("coopgraph") / "locales"


def N_(key: str) -> str:
    """Marks a key looked up at run time, so that `pybabel extract` finds it."""
    return key


def _counted(context: str, key: str, plural: str) -> str:
    """Marks a counted noun looked up at run time (`pybabel extract -k _counted:1c,2,3`)."""
    return key


# Keys chosen at run time (a loop over sections, a severity, an IRI): declared for extraction.
RUN_TIME_KEYS = (
    # the home page's charts and browse sections (home.html loops over them)
    N_("by_country"),
    N_("by_theme"),
    N_("countries"),
    N_("browse_wilayas"),
    N_("browse_networks"),
    N_("themes"),
    N_("browse_legal"),
    # the registry's comparison with the ministry's figure (_registry_counts.html picks one)
    N_("comparison_acts_below"),
    N_("comparison_acts_reach"),
    N_("comparison_countries_below"),
    N_("comparison_countries_reach"),
    # the ontology's sections (docs.py) and the rules' severities (entity.html)
    N_("object_properties"),
    N_("datatype_properties"),
    N_("Violation"),
    N_("Warning"),
    N_("Info"),
    # the names of external vocabulary terms (term_label), by IRI
    N_("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
    N_("http://www.w3.org/2000/01/rdf-schema#label"),
    N_("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
    N_("http://www.w3.org/2000/01/rdf-schema#comment"),
    N_("http://www.w3.org/2004/02/skos/core#prefLabel"),
    N_("http://www.w3.org/2004/02/skos/core#altLabel"),
    N_("http://www.w3.org/2004/02/skos/core#note"),
    N_("http://www.w3.org/2004/02/skos/core#definition"),
    N_("http://www.w3.org/2004/02/skos/core#notation"),
    N_("http://www.w3.org/2004/02/skos/core#inScheme"),
    N_("http://www.w3.org/2004/02/skos/core#topConceptOf"),
    N_("http://www.w3.org/2004/02/skos/core#hasTopConcept"),
    N_("http://www.w3.org/2004/02/skos/core#broader"),
    N_("http://www.w3.org/2004/02/skos/core#exactMatch"),
    N_("http://www.w3.org/2004/02/skos/core#closeMatch"),
    N_("http://purl.org/dc/terms/source"),
    N_("http://purl.org/dc/terms/identifier"),
    N_("http://purl.org/dc/terms/title"),
    N_("http://purl.org/dc/terms/date"),
    N_("http://purl.org/dc/terms/creator"),
    N_("http://purl.org/dc/terms/license"),
    N_("http://purl.org/dc/terms/subject"),
    N_("http://purl.org/dc/terms/relation"),
    N_("http://purl.org/dc/terms/isVersionOf"),
    N_("http://www.w3.org/ns/prov#wasDerivedFrom"),
    N_("http://www.w3.org/ns/org#member"),
    N_("http://www.w3.org/ns/org#organization"),
    N_("http://www.w3.org/ns/org#role"),
    N_("http://www.w3.org/ns/org#hasMember"),
    N_("http://www.w3.org/ns/org#memberOf"),
    N_("http://www.w3.org/ns/org#linkedTo"),
    N_("http://www.w3.org/ns/org#changedBy"),
    N_("http://www.w3.org/ns/org#resultedFrom"),
    N_("http://www.w3.org/ns/org#originalOrganization"),
    N_("http://www.w3.org/ns/org#resultingOrganization"),
    N_("http://www.w3.org/ns/org#ChangeEvent"),
    N_("http://purl.org/dc/terms/isReplacedBy"),
    N_("http://purl.org/dc/terms/replaces"),
    N_("http://data.europa.eu/eli/ontology#id_local"),
    N_("http://data.europa.eu/eli/ontology#date_document"),
    N_("http://data.europa.eu/eli/ontology#title"),
    N_("http://data.europa.eu/eli/ontology#type_document"),
    N_("http://data.europa.eu/eli/ontology#is_about"),
    N_("http://www.w3.org/ns/prov#Entity"),
    N_("http://www.w3.org/ns/prov#Activity"),
    N_("http://www.w3.org/ns/org#Organization"),
    N_("http://www.w3.org/ns/org#FormalOrganization"),
    N_("http://www.w3.org/ns/org#Membership"),
    N_("http://www.w3.org/ns/org#Role"),
    N_("http://data.europa.eu/eli/ontology#LegalResource"),
    N_("http://www.w3.org/2004/02/skos/core#Concept"),
    N_("http://www.w3.org/2004/02/skos/core#ConceptScheme"),
    N_("http://xmlns.com/foaf/0.1/Document"),
    N_("https://schema.org/Country"),
    N_("https://schema.org/Dataset"),
    N_("https://schema.org/version"),
    N_("https://schema.org/url"),
)

# Counted nouns of the site and the workbench's script (count() and the script's count()).
COUNTED_NOUNS = (
    _counted("count", "rules", "rules"),
    _counted("count", "violations", "violations"),
    _counted("count", "warnings", "warnings"),
    _counted("count", "infos", "infos"),
    _counted("count", "resources", "resources"),
    _counted("count", "agreements", "agreements"),
    _counted("count", "records", "records"),
    _counted("count", "acts_reported_concluded", "acts_reported_concluded"),
    _counted("count", "concluded_acts", "concluded_acts"),
    _counted("count", "distinct_pairs", "distinct_pairs"),
    _counted("count", "pairs", "pairs"),
    _counted("count", "countries", "countries"),
    # the home page's counts, after their number (home.html loops over them)
    _counted("count", "home_agreements", "home_agreements"),
    _counted("count", "home_partner_countries", "home_partner_countries"),
    _counted("count", "home_foreign_collectivities", "home_foreign_collectivities"),
    _counted("count", "home_communes", "home_communes"),
    _counted("count", "home_wilayas", "home_wilayas"),
    _counted("count", "home_networks", "home_networks"),
    _counted("count", "home_memberships", "home_memberships"),
    _counted("count", "home_legal", "home_legal"),
    _counted("count", "queries_rows", "queries_rows"),
    _counted("count", "search_results", "search_results"),
    _counted("count", "map_partial", "map_partial"),
    _counted("count", "workbench_rows", "workbench_rows"),
    _counted("count", "workbench_points", "workbench_points"),
)


@cache
def source(lang: str) -> Catalog:
    """The language's catalogue as Babel reads it from its .po file, once per process."""
    with (CATALOGUES / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=lang)


@cache
def catalogue(lang: str) -> Translations:
    """The language's catalogue, compiled in memory (no .mo file to build or ship)."""
    compiled = BytesIO()
    write_mo(compiled, source(lang))
    compiled.seek(0)
    return Translations(compiled)


def count(key: str, n: int, lang: str | None = None, **values: object) -> str:
    """`n` of a counted noun, in the plural form the language's rules give for `n`."""
    form = catalogue(lang or g.lang).npgettext(COUNT, key, key, n)
    return form.format(n=n, **values)


def term_label(iri: str, lang: str) -> str | None:
    """The interface's name of an external vocabulary term (the ontology labels only its own)."""
    name = catalogue(lang).gettext(iri)
    return None if name == iri else name


def negotiate(asked: str | None, accept: LanguageAccept) -> str:
    """?lang= wins, then the browser's Accept-Language, then French."""
    if asked in LANGUAGES:
        return asked
    return accept.best_match(LANGUAGES) or DEFAULT


def text(key: str, **values: object) -> str:
    """`key`'s text in the request's language, with `values` filled in."""
    return catalogue(g.lang).gettext(key).format(**values)


@cache
def plural_categories(lang: str) -> tuple[str, ...]:
    """The CLDR category of each gettext plural form of the language (the script picks a form
    with the browser's Intl.PluralRules, which names categories), found from sample numbers."""
    rule, plural = Locale.parse(lang).plural_form, catalogue(lang).plural
    found: dict[int, str] = {}
    for n in [*range(200), 1_000_000]:
        found.setdefault(plural(n), rule(n))
    return tuple(found[i] for i in range(len(found)))


@cache
def script_messages(lang: str) -> dict[str, object]:
    """The workbench script's texts in `lang`: a string per key, or a string per CLDR plural
    category for a counted noun."""
    out: dict[str, object] = {}
    for message in source(lang):
        key = message.id[0] if message.pluralizable else message.id
        if not key.startswith(WORKBENCH):
            continue
        if message.pluralizable and message.context == COUNT:
            out[key] = dict(zip(plural_categories(lang), message.string, strict=True))
        else:
            out[key] = message.string
    return out


def lang_url(code: str) -> str:
    """This page in another interface language (other query parameters kept)."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    return request.path + "?" + urlencode({**args, "lang": code})


def template_context() -> dict[str, object]:
    return {
        "lang": g.lang,
        "dir": "rtl" if g.lang in RTL else "ltr",
        "t": text,
        "count": count,
        "languages": LANGUAGES,
        "lang_url": lang_url,
        "LANGUAGE_NAMES": LANGUAGE_NAMES,
    }

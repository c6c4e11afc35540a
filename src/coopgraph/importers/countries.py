"""The countries the data uses, labelled from pycountry's ISO 3166 data and its translations."""

from __future__ import annotations

import gettext
from collections.abc import Iterable

import pycountry
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from coopgraph import iris
from coopgraph.importers.rows import ImportError_
from coopgraph.importers.turtle import COOP, DCT, SKOS

EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"
ISO_CODES = URIRef("https://salsa.debian.org/iso-codes-team/iso-codes")
LANGUAGES = ("fr", "ar")

# Names pycountry's catalogues lack (gettext then returns the English name unchanged).
MISSING_TRANSLATIONS: dict[tuple[str, str], str] = {
    ("TR", "ar"): "تركيا",  # the ar catalogue has no entry for the new English name 'Türkiye'
}

# shared/data/SOURCES.md on the country code EH, carried over.
SAHRAWI_NOTE = (
    "EH (Western Sahara) is used for twinnings with administrative units of the Sahrawi Arab "
    "Democratic Republic (refugee-camp wilayas near Tindouf, Polisario-held localities) – these "
    "are documented twinning agreements but the foreign party is not a recognised state's "
    "collectivity; filter them out if needed. (Method of the agreements list.)"
)
NOTES: dict[str, str] = {"EH": SAHRAWI_NOTE}


class _Untranslated(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return ""


def _translate(code: str, names: Iterable[str], language: str) -> str:
    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    catalogue.add_fallback(_Untranslated())
    for name in names:
        if translated := catalogue.gettext(name):
            return translated
    if (code, language) in MISSING_TRANSLATIONS:
        return MISSING_TRANSLATIONS[code, language]
    raise ImportError_(
        f"pycountry has no {language} name for {code}; add one to importers/countries.py"
    )


def country_graph(codes: Iterable[str]) -> Graph:
    graph = Graph()
    for code in sorted(set(codes)):
        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            raise ImportError_(f"'{code}' is not an ISO 3166-1 alpha-2 country code")
        names = [n for n in (getattr(country, "common_name", None), country.name) if n]
        iri = URIRef(iris.country(code))
        graph.add((iri, RDF.type, COOP.Country))
        graph.add((iri, RDFS.label, Literal(names[0], lang="en")))
        for language in LANGUAGES:
            graph.add((iri, RDFS.label, Literal(_translate(code, names, language), lang=language)))
        graph.add((iri, SKOS.notation, Literal(code)))
        graph.add((iri, SKOS.exactMatch, URIRef(EU_COUNTRY + country.alpha_3)))
        graph.add((iri, DCT.source, ISO_CODES))
        if code in NOTES:
            graph.add((iri, SKOS.note, Literal(NOTES[code], lang="en")))
    return graph


def country_code(name: str) -> str:
    """The alpha-2 code of a country named in English ('Algeria' -> 'DZ'); ImportError_ if none."""
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        raise ImportError_(f"'{name}' is not a country name pycountry knows") from None

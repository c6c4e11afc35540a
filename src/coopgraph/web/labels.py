"""Labels and text on the web pages: each literal with its own language and direction, the
label the label policy picks (coopgraph.labels) for the page's language, readable names for
IRIs without a label, and mixed-script text isolated for the bidi algorithm."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from flask import g
from markupsafe import Markup, escape

from coopgraph import iris, textsearch
from coopgraph import labels as label_policy
from coopgraph.web import i18n
from coopgraph.web.paths import href_of, path_of

RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"}
)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Text:
    value: str
    lang: str = ""  # "" = unknown (HTML's own meaning of lang="")
    dir: str = "auto"

    @property
    def sort_key(self) -> str:
        """For alphabetical order: accents, case and Arabic letter forms folded."""
        return textsearch.normalise(self.value)


@dataclass(frozen=True)
class Value:
    text: Text
    href: str | None = None
    iri: str | None = None
    note: str = ""  # e.g. the datatype of a literal, the type of a linked resource


def direction_of(lang: str) -> str:
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def text_of(literal: ox.Literal) -> Text:
    lang = literal.language or ""
    if literal.direction is not None:
        return Text(literal.value, lang, str(literal.direction).rsplit(".", 1)[-1].lower())
    if lang:
        return Text(literal.value, lang, direction_of(lang))
    if literal.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
        return Text(literal.value, "", "ltr")  # numbers, dates, codes
    return Text(literal.value, "", "auto")


def best_label(literals: Iterable[ox.Literal], lang: str) -> ox.Literal | None:
    """The label the label policy's chain picks for the page's language (coopgraph.labels)."""
    return label_policy.best(literals, lang, lambda literal: literal.language)


def short_iri(iri: str) -> str:
    """A readable name for an IRI without a label: 'coop:Commune', 'id/wilaya/16'."""
    path = path_of(iri)
    if path is not None and not path.startswith("ontology"):
        return path
    for prefix, ns in iris.PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


@dataclass
class Labeller:
    """Labels of the IRIs a page mentions, in the page's language."""

    labels: dict[str, list[ox.Literal]]
    lang: str

    def text(self, iri: str) -> Text:
        label = best_label(self.labels.get(iri, ()), self.lang)
        if label:
            return text_of(label)
        if name := i18n.term_label(iri, self.lang):
            return Text(name, self.lang, direction_of(self.lang))
        return Text(short_iri(iri), "", "ltr")

    def value(self, term: ox.Term, note: str = "") -> Value:
        if isinstance(term, ox.NamedNode):
            return Value(self.text(term.value), href_of(term.value), term.value, note)
        if isinstance(term, ox.Literal):
            return Value(text_of(term), note=note)
        return Value(Text(str(term), "", "ltr"), note=note)


def pick_text(literals: Iterable[ox.Literal]) -> Text | None:
    label = best_label(literals, g.lang)
    return text_of(label) if label else None


def bidi(text: str, direction: str) -> Markup:
    """The text as HTML with each run of the other script in a <bdi>, so that a Latin name in
    an Arabic title (or the reverse) keeps its own order; one-script text is only escaped."""
    if direction not in ("rtl", "ltr"):
        return escape(text)
    return Markup("").join(
        Markup("<bdi>%s</bdi>") % part if iso else escape(part)
        for part, iso in label_policy.runs(text, direction)
    )


def template_helpers() -> dict[str, object]:
    return {
        "pick": pick_text,
        "note_text": text_of,
        "short": short_iri,
        "bidi": bidi,
        "plain_bidi": label_policy.isolated,
    }

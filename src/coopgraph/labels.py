"""The label policy (docs/data.md, "Labels"): which label of a resource to show in an
interface language, how titles are composed per language, how Arabic and Latin runs inside
one string are kept apart.

One fallback chain serves every place that shows a label: entity pages, incoming lists,
search, the workbench (its server and, through the page, its script) and the research-query
tables. For French and English a name in another Latin-script language (the local form,
'Firenze'@it) comes before an Arabic one; for Arabic, French comes first (the second language
of the Algerian sources), then English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")

INTERFACE_LANGUAGES = ("ar", "fr", "en")
OTHER = "*"  # a label tagged with any language not named in the chain
UNTAGGED = ""  # a plain literal (the policy forbids them; still shown rather than nothing)
CHAINS: dict[str, tuple[str, ...]] = {
    "ar": ("ar", "fr", "en", OTHER, UNTAGGED),
    "fr": ("fr", "en", OTHER, UNTAGGED, "ar"),
    "en": ("en", "fr", OTHER, UNTAGGED, "ar"),
}

ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
# A run of Latin script inside right-to-left text (or of Arabic script inside left-to-right
# text): from its first strong letter to its last letter, digit or closing bracket.
_LATIN_RUN = re.compile(
    r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF](?:[^\u0600-\u06FF]*[A-Za-z\u00C0-\u024F\u1E00-\u1EFF0-9)])?"
)
_ARABIC_RUN = re.compile(r"[\u0600-\u06FF](?:[^A-Za-z\u00C0-\u024F]*[\u0600-\u06FF])?")
FSI, PDI = "\u2068", "\u2069"  # Unicode first-strong isolate and its closing mark


def primary(tag: str | None) -> str:
    """'ar' for 'ar-DZ', '' for no tag."""
    return (tag or "").split("-")[0].lower()


def rank(tag: str | None, lang: str) -> int:
    """The place of a label's language in the chain of `lang` (lower is better)."""
    chain = CHAINS.get(lang, (lang, OTHER, UNTAGGED))
    code = primary(tag)
    if code in chain:
        return chain.index(code)
    return chain.index(OTHER if code else UNTAGGED)


def best(labels: Iterable[T], lang: str, tag_of: Callable[[T], str | None]) -> T | None:
    """The label the chain of `lang` picks; ties keep the order given."""
    found = list(labels)
    return min(found, key=lambda label: rank(tag_of(label), lang)) if found else None


def chains_json() -> dict[str, list[str]]:
    """The chains for the workbench's script, which applies the same policy in the browser."""
    return {lang: list(chain) for lang, chain in CHAINS.items()}


# --- composing a title per language -----------------------------------------------------------

_AND = {"en": " and ", "fr": " et "}
_BETWEEN = {"en": "{kind} between {ours} and {theirs}", "fr": "{kind} entre {ours} et {theirs}"}


def join_names(names: Sequence[str], lang: str) -> str:
    """'A, B and C' / 'A, B et C' / 'A وB وC' (the Arabic 'and' clings to an Arabic word and
    stands apart before a Latin one)."""
    if lang == "ar":
        head, *rest = names
        return head + "".join(_arabic_and(name) for name in rest)
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + _AND[lang] + names[-1]


def _arabic_and(name: str) -> str:
    return f" و{name}" if ARABIC_LETTER.match(name) else f" و {name}"


def between(kind: str, ours: Sequence[str], theirs: Sequence[str], lang: str) -> str:
    """'Twinning between Annaba and Dunkerque', 'Jumelage entre …', 'توأمة بين عنابة ودنكرك'."""
    if lang == "ar":
        return f"{kind} بين {join_names(ours, lang)}{_arabic_and(join_names(theirs, lang))}"
    return _BETWEEN[lang].format(
        kind=kind, ours=join_names(ours, lang), theirs=join_names(theirs, lang)
    )


# --- bidirectional text -----------------------------------------------------------------------


def runs(text: str, direction: str) -> list[tuple[str, bool]]:
    """The text cut into (part, isolate?) pieces: in right-to-left text the Latin runs, in
    left-to-right text the Arabic runs, are the parts to isolate."""
    pattern = _LATIN_RUN if direction == "rtl" else _ARABIC_RUN
    pieces: list[tuple[str, bool]] = []
    at = 0
    for match in pattern.finditer(text):
        if match.start() > at:
            pieces.append((text[at : match.start()], False))
        pieces.append((match.group(), True))
        at = match.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def isolated(text: str, direction: str) -> str:
    """The text with Unicode isolates around its opposite-script runs, for places that take
    no markup (a page's <title>, a chart's SVG text); a text of one script is unchanged."""
    if direction not in ("rtl", "ltr") or not (
        ARABIC_LETTER.search(text) and LATIN_LETTER.search(text)
    ):
        return text
    return "".join(f"{FSI}{part}{PDI}" if iso else part for part, iso in runs(text, direction))

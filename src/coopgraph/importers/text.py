"""Name normalisation (for matching) and clean-up of source text defects (for labels)."""

from __future__ import annotations

import re
import unicodedata

_TATWEEL = "\u0640"

# Transliteration variants of the same Arabic sound in French-style Algerian place names,
# applied in order to a folded name to get its consonant skeleton.
_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    (r"\bel\b ?", ""),  # the article: "El Ouenza" ~ "Ouenza"
    (r"dj", "j"),
    (r"ch", "sh"),
    (r"th", "t"),
    (r"dh", "d"),
    (r"kh", "k"),
    (r"gh", "g"),
    (r"q", "k"),
    (r"y", "i"),
    (r"([a-z])\1", r"\1"),  # doubled letters: "Chellata" ~ "Chelata"
    (r"[aeiou ]", ""),  # vowels and spaces: "Tadjemout" ~ "Tadjmout", "Benkhelil" ~ "Ben Khelil"
)


def fold(text: str) -> str:
    """Lower-case ASCII words: 'Aïn Témouchent' and 'Ain-Temouchent' -> 'ain temouchent'.

    An apostrophe marks an elided vowel inside a word: "M'Sila" -> 'msila'.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", re.sub(r"['`]", "", ascii_text)).strip()


def compact(text: str) -> str:
    """fold() without spaces: 'M'Sila' and 'Msila' -> 'msila'."""
    return fold(text).replace(" ", "")


def skeleton(text: str) -> str:
    """Consonant skeleton of a name: 'Souk El Thenine' and 'Souk El Tenine' -> 'sktnn'."""
    result = fold(text)
    for pattern, replacement in _SKELETON_RULES:
        result = re.sub(pattern, replacement, result)
    return result


def clean_arabic(text: str) -> str:
    """Fix the defects of the source Arabic names.

    Presentation-form ligatures (U+FB50-U+FEFF, e.g. 'ﻷ') become letters (NFKC); tatweel
    (elongation) is removed; an unterminated parenthesis is cut ('الحسيان (بني ياحي' ->
    'الحسيان'); runs of spaces become one; leading and trailing spaces go.
    """
    result = unicodedata.normalize("NFKC", text).replace(_TATWEEL, "")
    if result.count("(") > result.count(")"):
        result = result[: result.rindex("(")]
    return " ".join(result.split())


def clean_latin(text: str) -> str:
    """Trim, collapse spaces, drop a stray final full stop ('M'Rara.') and inner paren spaces."""
    result = " ".join(text.split()).rstrip(".").replace(" )", ")").replace("( ", "(")
    return result.strip()

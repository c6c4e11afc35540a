"""Text normalisation and matching for search (pure: no store, no HTTP).

Arabic: hamza and alef forms (أ إ آ ٱ → ا, ؤ → و, ئ → ي), taa marbuta → haa, alef maqsura →
yaa, Persian yeh and keheh, diacritics (harakat, shadda, sukun, superscript alef) and tatweel
removed. Latin: accents removed and case folded. Punctuation and dashes become spaces, so
`Alger-Centre`, `alger centre` and `ALGER CENTRE` are one key, and so are `عنابة` and `عنابه`.
A query word matches a label word it begins, also past the Arabic article and a joined
one-letter word («والداخلة» answers «الداخلة»).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

ARABIC_FOLDS = str.maketrans(
    {
        "ٱ": "ا",  # alef wasla
        "ة": "ه",  # taa marbuta
        "ى": "ي",  # alef maqsura
        "ی": "ي",  # Persian yeh
        "ک": "ك",  # keheh
        "ـ": "",  # tatweel
        "ء": "",  # lone hamza
    }
)
NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
ARTICLE = "ال"
# One-letter Arabic words written joined to the next: "and" (و, ف), "with/in" (ب), "to" (ل),
# "as" (ك): «بين بسكرة والداخلة» holds the word «الداخلة».
CLITICS = "وفبلك"


def _bare_forms(word: str) -> tuple[str, ...]:
    """The word, without its article, and without a joined one-letter word (then article)."""
    forms = [word, word.removeprefix(ARTICLE)]
    if len(word) > 2 and word[0] in CLITICS:
        forms += [word[1:], word[1:].removeprefix(ARTICLE)]
    return tuple(forms)


def normalise(text: str) -> str:
    """The search key of a text: folded, unaccented, space-separated words."""
    decomposed = unicodedata.normalize("NFKD", text)  # أ = ا + hamza above, é = e + accent…
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = bare.translate(ARABIC_FOLDS).casefold()
    return " ".join(NON_WORD.sub(" ", folded).split())


def _word_matches(query_word: str, label_word: str) -> bool:
    """A query word matches a label word it begins, with or without the Arabic article and a
    joined conjunction or preposition (so an Arabic name scores as its Latin spelling does)."""
    return any(form.startswith(query_word) for form in _bare_forms(label_word))


def score(query: str, label: str) -> int:
    """How well a normalised label answers a normalised query: 0 (not at all) to 100."""
    if not query or not label:
        return 0
    if label == query:
        return 100
    q_words, l_words = query.split(), label.split()
    if [w.removeprefix(ARTICLE) for w in q_words] == [w.removeprefix(ARTICLE) for w in l_words]:
        return 95
    if label.startswith(query):
        return 80
    if all(any(_word_matches(q, w) for w in l_words) for q in q_words):
        return 60 if _word_matches(q_words[0], l_words[0]) else 50
    if query in label:
        return 30
    return 0


@dataclass(frozen=True)
class Entry:
    """One searchable resource: its IRI, its kind (for display and ranking) and its labels."""

    iri: str
    kind: str
    labels: tuple[str, ...]  # as written
    keys: tuple[str, ...]  # normalised, same order


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: int
    matched: str  # the label that matched best, as written


def make_entry(iri: str, kind: str, labels: Iterable[str]) -> Entry:
    unique = tuple(dict.fromkeys(labels))
    return Entry(iri, kind, unique, tuple(normalise(label) for label in unique))


class Index:
    """Every entry's normalised labels, built once; `search` ranks by score, then kind order."""

    def __init__(self, entries: Iterable[Entry], kind_order: tuple[str, ...] = ()) -> None:
        self.entries = tuple(entries)
        self._rank = {kind: i for i, kind in enumerate(kind_order)}
        # Every key in one string, so that str.find picks the few entries worth scoring.
        self._owners = [i for i, e in enumerate(self.entries) for _ in e.keys]
        keys = [k for e in self.entries for k in e.keys]
        self._starts = list(accumulate((len(k) + 1 for k in keys[:-1]), initial=0))
        self._text = "\n".join(keys)

    def __len__(self) -> int:
        return len(self.entries)

    def candidates(self, key: str) -> list[Entry]:
        """The entries with a key holding the query's longest word (article removed): a key
        without it scores 0 (each case of `score` contains every query word so stripped)."""
        needle = max((w.removeprefix(ARTICLE) for w in key.split()), key=len, default="")
        if not needle:
            return list(self.entries)
        found: dict[int, None] = {}
        at = self._text.find(needle)
        while at != -1:
            k = bisect_right(self._starts, at) - 1
            found[self._owners[k]] = None
            following = self._starts[k + 1] if k + 1 < len(self._starts) else len(self._text)
            at = self._text.find(needle, following)
        return [self.entries[i] for i in sorted(found)]

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        key = normalise(query)
        hits: list[Hit] = []
        for entry in self.candidates(key):
            best = max(
                ((score(key, k), label) for k, label in zip(entry.keys, entry.labels, strict=True)),
                default=(0, ""),
            )
            if best[0]:
                hits.append(Hit(entry, best[0], best[1]))
        hits.sort(
            key=lambda h: (
                -h.score,
                self._rank.get(h.entry.kind, len(self._rank)),
                len(h.matched),
                h.entry.iri,
            )
        )
        return hits[:limit]

"""Pairing TransformaTek communes with othmanus communes, to borrow Arabic names.

Both lists have the 1,541 communes, but only TransformaTek has the official codes and only
othmanus has every Arabic name. A pair must be in the same wilaya (the 58-wilaya one, or the
1984 one: othmanus still puts Tabelbala in 08) and be the only candidate both ways. The
matcher tries, in order: the same folded name; the same consonant skeleton (transliteration
variants); one name's words all within the other's ('Alger' / 'Alger Centre'); a close
spelling (ratio >= 0.75, mutual best, clear margin); then the few pairs reviewed by hand
below. A commune left unpaired gets no Arabic name from othmanus by pairing: no guess (the
reviewed table of admin_names.py may give one, with the page that justifies it).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from coopgraph.importers.rows import ImportError_
from coopgraph.importers.text import fold, skeleton

T = TypeVar("T")

MIN_RATIO = 0.75
MIN_MARGIN = 0.1

# Pairs no rule finds: among the last left in their wilaya, and known old/new names. The
# renamed communes TransformaTek lists under their former name are also in
# data/admin/names-reviewed.csv, with the page that gives the new name.
REVIEWED: dict[int, str] = {
    303: "Benacer Benchohra",  # formerly Mekhareg (renamed in 1987)
    515: "Azil Abedelkader",  # formerly Metkaouak (renamed on 3 May 1993)
    609: "M'cisna",  # formerly Sidi Saïd, its chef-lieu
    1311: "Oued Lakhdar",  # formerly Oued Chouly
    1604: "Mohamed Belouzdad",  # Hamma-Anassers is the former name of Mohamed Belouizdad
    1624: "Hammamet",  # Bains-Romains is the former (French) name of Hammamet
    1815: "Ghebala",  # ONS code 1815 (TransformaTek: 'Chebbala Milat')
    2653: "El Haoudane",  # 'Deux Bassins' is the French name of El Haoudane (the two basins)
    4332: "Chigara",  # ONS code 4332 (TransformaTek: 'Cheraga', the name of 1650)
    4626: "Sidi Ouriache",  # formerly Tadmaya (Executive Decree 91-52 of 23 February 1991)
}


@dataclass(frozen=True)
class Commune:
    code: int
    wilaya: int
    wilaya_1984: int
    name: str


@dataclass(frozen=True)
class OthmanusCommune:
    id: str
    wilaya: int
    name: str
    name_ar: str


@dataclass(frozen=True)
class Match:
    othmanus: OthmanusCommune
    method: str


@dataclass
class _Matcher:
    communes: Sequence[Commune]
    othmanus: Sequence[OthmanusCommune]
    matches: dict[int, Match] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    by_wilaya: dict[int, list[OthmanusCommune]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for other in self.othmanus:
            self.by_wilaya.setdefault(other.wilaya, []).append(other)

    def _accept(self, commune: Commune, other: OthmanusCommune, method: str) -> None:
        self.matches[commune.code] = Match(other, method)
        self.used.add(other.id)

    def _open_communes(self) -> list[Commune]:
        return [c for c in self.communes if c.code not in self.matches]

    def _candidates(self, commune: Commune) -> list[OthmanusCommune]:
        wilayas = sorted({commune.wilaya, commune.wilaya_1984})
        pool = [o for w in wilayas for o in self.by_wilaya.get(w, [])]
        return [o for o in pool if o.id not in self.used]

    def _claimants(self, other: OthmanusCommune) -> list[Commune]:
        return [c for c in self._open_communes() if other.wilaya in {c.wilaya, c.wilaya_1984}]

    def pair_if(self, method: str, fits: Callable[[str, str], bool]) -> None:
        """Pair each commune with its only fitting candidate, if it is the only one fitting it."""
        for commune in self._open_communes():
            found = [o for o in self._candidates(commune) if fits(commune.name, o.name)]
            if len(found) == 1:
                back = [c for c in self._claimants(found[0]) if fits(c.name, found[0].name)]
                if back == [commune]:
                    self._accept(commune, found[0], method)

    def pair_similar(self) -> None:
        for commune in self._open_communes():
            ranked = _ranked(commune.name, self._candidates(commune), lambda o: o.name)
            if not _clear_best(ranked):
                continue
            best = ranked[0][1]
            back = _ranked(best.name, self._claimants(best), lambda c: c.name)
            if _clear_best(back) and back[0][1] == commune:
                self._accept(commune, best, "close spelling")

    def pair_reviewed(self) -> None:
        for code, name in sorted(REVIEWED.items()):
            commune = next(c for c in self.communes if c.code == code)
            found = [o for o in self._candidates(commune) if o.name == name]
            if len(found) != 1 or code in self.matches:
                raise ImportError_(
                    f"reviewed pair {code:04d} / '{name}' in importers/communes_ar.py no longer "
                    "applies to the othmanus list; review it again"
                )
            self._accept(commune, found[0], "reviewed by hand")


def _ranked(name: str, items: Sequence[T], name_of: Callable[[T], str]) -> list[tuple[float, T]]:
    scored = [
        (difflib.SequenceMatcher(None, fold(name), fold(name_of(i))).ratio(), i) for i in items
    ]
    return sorted(scored, key=lambda pair: -pair[0])


def _clear_best(ranked: Sequence[tuple[float, object]]) -> bool:
    if not ranked or ranked[0][0] < MIN_RATIO:
        return False
    return len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= MIN_MARGIN


def _words(name: str) -> set[str]:
    return {skeleton(w) for w in fold(name).split()} - {""}


def _contained(a: str, b: str) -> bool:
    small, large = sorted((_words(a), _words(b)), key=len)
    return bool(small) and small <= large


def match(communes: Sequence[Commune], othmanus: Sequence[OthmanusCommune]) -> dict[int, Match]:
    """Commune code -> its othmanus counterpart, for every commune paired with confidence."""
    matcher = _Matcher(communes, othmanus)
    matcher.pair_if("same name", lambda a, b: fold(a) == fold(b))
    matcher.pair_if("same consonant skeleton", lambda a, b: skeleton(a) == skeleton(b))
    matcher.pair_if("words contained", _contained)
    matcher.pair_similar()
    matcher.pair_reviewed()
    return matcher.matches

"""The territorial history the administrative lists imply, with the texts that made it.

- Each wilaya is valid from the text that created it: codes 01-31 from Ordinance 74-69 of
  2 July 1974 (31 wilayas), 32-48 from Law 84-09 of 4 February 1984 (48), 49-58 from Law 19-12
  of 11 December 2019 (shared/research/decree.md §5.1; the 1974 wilayas kept their numbers in
  1984, when their borders were redrawn to carve out 32-48).
- Each commune belongs to a wilaya over periods: since 1984 as TransformaTek's 48/58 crosswalk
  gives it (one period, or two when Law 19-12 moved it), except El Borma, which Law 19-12 moved
  to Touggourt and an ordinance of March 2021 returned to Ouargla. No source consulted gives
  the wilaya of a commune before 4 February 1984: those periods are not recorded.
- 2019 renumbering: 145 communes got a new code; 86 of those codes named another commune under
  the 1984 scheme. The former code is kept (coop:communeCode1984), the current one is dated
  (coop:communeCodeValidFrom) and a note says which commune the code named before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import URIRef

from coopgraph import iris

DIVISION_1974 = "1974-07-02"  # Ordinance 74-69: 31 wilayas
DIVISION_1984 = "1984-02-04"  # Law 84-09: 48 wilayas
DIVISION_2019 = "2019-12-11"  # Law 19-12: wilayas 49-58
ORDINANCE_74_69 = URIRef(iris.legal("ordinance-74-69"))
LAW_84_09 = URIRef(iris.legal("law-84-09"))
LAW_19_12 = URIRef(iris.legal("law-19-12"))
ORDINANCE_2021 = URIRef(iris.legal("ordinance-2021-03-territorial-organisation"))
LAST_1974_WILAYA = 31
FIRST_2019_WILAYA = 49

EL_BORMA = 3008
EL_BORMA_RETURN = "2021-03"  # the month the ordinance was published; its day is not known
EL_BORMA_SOURCES = (
    URIRef(
        "http://www.lexpressiondz.com/info-en-continu/conseil-de-la-nation-adoption-a-la-"
        "majorite-du-projet-de-loi-relative-a-l-organisation-territoriale-du-pays-319661"
    ),
    URIRef("http://www.pressreader.com/algeria/el-watan-algeria-9kni/20210308/281543703668343"),
    URIRef(
        "https://www.almasdar-dz.com/131160-%D8%A5%D8%AC%D8%B1%D8%A7--%D8%AA%D8%B9%D8%AF%D9%8A"
        "%D9%84-%D9%81%D9%8A-%D8%A7%D9%84%D9%82%D8%A7%D9%86%D9%88%D9%86-%D8%A7%D9%84%D9%85"
        "%D8%AA%D8%B9%D9%84%D9%82-%D8%A8%D8%A7%D9%84%D8%AA%D9%86%D8%B8%D9%8A%D9%85-%D8%A7"
        "%D9%84%D8%A5%D9%82%D9%84%D9%8A%D9%85%D9%8A-%D9%84%D9%84%D8%A8%D9%84%D8%A7%D8%AF"
    ),
)
EL_BORMA_NOTE = (
    "Law 19-12 of 11 December 2019 attached El Borma to the new wilaya of Touggourt (55): the "
    "Council of the Nation amended its article 52 sexies to annex El Hadjira, El Alia and El "
    "Borma to Touggourt (L'Expression, December 2019). After the Journal officiel published "
    "the new division, El Borma's inhabitants protested against the attachment (El Watan, "
    "8 March 2021). An ordinance amending the law, published in the Journal officiel in March "
    "2021, lists El Borma among the communes of Ouargla, 'formerly of Touggourt' (El Masdar, "
    "26 March 2021); TransformaTek's list (made on 31 March 2021) also has it in Ouargla (30)."
)


@dataclass(frozen=True)
class Period:
    wilaya: int
    start: str
    instrument: URIRef
    end: str | None = None
    sources: tuple[URIRef, ...] = ()


def wilaya_creation(code: int) -> tuple[str, URIRef]:
    """When a wilaya was created, and by which text."""
    if code <= LAST_1974_WILAYA:
        return DIVISION_1974, ORDINANCE_74_69
    if code < FIRST_2019_WILAYA:
        return DIVISION_1984, LAW_84_09
    return DIVISION_2019, LAW_19_12


def periods(code: int, wilaya: int, wilaya_1984: int) -> list[Period]:
    """A commune's wilaya since 1984: one period, or two when Law 19-12 moved it, three for
    El Borma (moved to Touggourt, then back)."""
    if code == EL_BORMA:
        return [
            Period(wilaya_1984, DIVISION_1984, LAW_84_09, DIVISION_2019),
            Period(55, DIVISION_2019, LAW_19_12, EL_BORMA_RETURN, EL_BORMA_SOURCES[:2]),
            Period(wilaya, EL_BORMA_RETURN, ORDINANCE_2021, None, EL_BORMA_SOURCES[1:]),
        ]
    if wilaya == wilaya_1984:
        return [Period(wilaya, DIVISION_1984, LAW_84_09)]
    return [
        Period(wilaya_1984, DIVISION_1984, LAW_84_09, DIVISION_2019),
        Period(wilaya, DIVISION_2019, LAW_19_12),
    ]


def reused_codes(codes: Sequence[tuple[int, int, str]]) -> dict[int, tuple[int, str]]:
    """(code, code_1984, name) of every commune -> for each commune whose 2019 code named
    another commune under the 1984 scheme: (that commune's code today, its name)."""
    by_1984 = {old: (code, name) for code, old, name in codes}
    return {
        code: by_1984[code]
        for code, old, _ in codes
        if code != old and code in by_1984 and by_1984[code][0] != code
    }


def reuse_note(code: int, other: tuple[int, str]) -> str:
    return (
        f"Code {code:04d} is this commune's code since Law 19-12 (11 December 2019). Under the "
        f"1984 scheme the same code named another commune, {other[1]}, whose code is "
        f"{other[0]:04d} today; this commune's own 1984 code is its coop:communeCode1984."
    )

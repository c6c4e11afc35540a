"""Dates at the precision a source gives: xsd:gYear, xsd:gYearMonth or xsd:date."""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Literal

from coopgraph.importers.turtle import XSD

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


def iso_literal(text: str) -> Literal:
    """'1970' -> gYear, '2008-11' -> gYearMonth, '2004-10-13' -> date; ValueError otherwise."""
    if re.fullmatch(r"\d{4}", text):
        return Literal(text, datatype=XSD.gYear)
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        return Literal(text, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            dt.date.fromisoformat(text)
            return Literal(text, datatype=XSD.date)
        except ValueError:
            pass
    raise ValueError(f"'{text}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")


def english_literal(text: str) -> Literal:
    """'15 March 1967' -> date, 'May 2004' -> gYearMonth, '1991' -> gYear; ValueError otherwise."""
    words = text.lower().split()
    month = _MONTHS.index(words[-2]) + 1 if len(words) >= 2 and words[-2] in _MONTHS else 0
    if len(words) == 1:
        return iso_literal(words[0])
    if len(words) == 2 and month:
        return iso_literal(f"{words[1]}-{month:02d}")
    if len(words) == 3 and month and words[0].isdigit():
        return iso_literal(f"{words[2]}-{month:02d}-{int(words[0]):02d}")
    raise ValueError(f"'{text}' is not a date ('1991', 'May 2004' or '15 March 1967')")

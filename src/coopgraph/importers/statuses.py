"""agreements.csv `status` -> one concept of vocab/agreement-status.

Keyed by the whole wording, lower-cased; the wording is kept in coop:statusNote. An empty
status gets no concept. Where a wording tells a story ("dormant …, relaunched …") the concept
is where the story ends.
"""

from __future__ import annotations

STATUSES: dict[str, str] = {
    "announced": "announced",
    "twinning procedure announced": "follow-up-foreseen",  # the partnership itself was signed
    "twinning talks foreseen": "follow-up-foreseen",  # the memorandum itself was signed
    "planned": "planned",
    "planned (2016–2018 programme)": "planned",
    "planned for july 2005 – signing not confirmed": "planned",
    "project (2005)": "planned",
    "scheduled": "planned",  # a signing date was set; the signing is not confirmed
    "in preparation": "in-preparation",
    "active (visits 2016)": "active",
    "active 2016–2020": "active",
    "renewed 2012": "renewed",
    "renewed 2012 (dza-agr-067)": "renewed",
    "renewed (2011, 2012, 2016)": "renewed",
    "amended 2017": "amended",
    "relaunch": "relaunched",
    "relaunch of the 1998 twinning": "relaunched",
    "frozen 2008, relaunched 2013": "relaunched",
    "dormant 1990–1995, relaunched 2008": "relaunched",
    "dormant in the 1990s, relaunched": "relaunched",
    "relaunch discussed 2018": "relaunch-discussed",
    "stagnant after 2012; relaunch discussed 2016-2018": "dormant",  # discussed, not relaunched
    "terminated by perpignan (jan 2025)": "terminated",
    "past (former twinning)": "past",
    "withdrawn": "withdrawn",  # retired by the project (additions.py); the reason: changeNote
}

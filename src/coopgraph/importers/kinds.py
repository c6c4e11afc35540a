"""agreements.csv `foreign_party_kind` -> a concept of vocab/collectivity-kind, or None.

Keyed by the whole wording, lower-cased; the wording is kept in coop:kindNote. None means the
wording states no kind (the collectivity then has no coop:collectivityKind).
"""

from __future__ import annotations

KINDS: dict[str, str | None] = {
    "city": "city",
    "city (comune)": "city",
    "city (stadt)": "city",
    "city (ayuntamiento)": "city",
    "city (câmara municipal)": "city",
    "city (local council)": "city",
    "city (kota)": "city",
    "wilayat (city)": "city",  # Nizwa, an Omani wilayat; the CSV calls it a city
    "municipality": "city",
    "municipality (município)": "city",
    "municipality (obshtina)": "city",
    "commune": "commune",
    "commune (municipality)": "commune",
    "intercommunality (communauté urbaine)": "intercommunality",
    "metropole": "metropole",
    "metropolitan authority": "metropole",  # 'Grand Lyon', split from row DZA-AGR-005
    "metropolitan city": "metropole",
    "metropolitan municipality": "metropole",
    "department": "department",
    "region": "region",
    "region (gouvernorat)": "region",
    "region (unspecified)": "region",  # Java: the CSV's own 'region'; the note says it is no
    # single collectivity, and the row keeps its low confidence
    "province": "province",
    "province (oblast)": "province",
    "province (valilik/city)": "province",
    "governorate": "governorate",
    "federal city": "federal-city",
    "municipality (province-level)": "province-level-municipality",
    "sadr wilaya (refugee camp)": "sadr-wilaya",
    "sadr locality": "sadr-locality",
    "sadr commune": "sadr-locality",
    "sadr unit": "sadr-unit",
    "sadr unit (as named by sps)": "sadr-unit",
    "commune/region (level not stated)": None,  # Agadez in 1995: the level is unknown
}

"""The language a foreign collectivity's name is written in, as far as its wording shows it.

agreements.csv has no language column: its foreign names are written as the sources wrote
them. A name gets a tag only on evidence: a French or English administrative word in it
("Ville de", "Gouvernorat de"; "City", "Municipality"), or a country whose language writes
place names in Latin script, where the name as written is the local (endonym) form
("Firenze", "Gdańsk", "Lisboa"). Any other name ("Kazan", "Sousse", "Nizwa": Latin
transliterations of names written in another script) is tagged `en`: it is the form the CSV,
an English text, writes (docs/data.md, "Labels": every label has a language tag).
"""

from __future__ import annotations

import re

FRENCH = re.compile(
    r"^(Ville|Département|Région|Régions|Gouvernorat|Gouvernorats|Province|Communauté|Métropole)"
    r" (de|du|des|d'|urbaine)"
)
ENGLISH = re.compile(r"\b(City|Municipality|Metropolitan|Province|Government|island|Sahrawi)\b")
# Countries whose official language writes place names in Latin script, and that language.
LATIN_SCRIPT: dict[str, str] = {
    "FR": "fr",
    "ES": "es",
    "IT": "it",
    "DE": "de",
    "PL": "pl",
    "PT": "pt",
    "TR": "tr",
    "BA": "bs",
    "ID": "id",
    "US": "en",
    "ZA": "en",
}


def name_language(name: str, country: str) -> str:
    """BCP 47 tag of the name as written: shown by its wording or country, else English."""
    if FRENCH.match(name):
        return "fr"
    if ENGLISH.search(name):
        return "en"
    return LATIN_SCRIPT.get(country, "en")

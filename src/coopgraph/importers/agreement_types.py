"""agreements.csv `agreement_type` -> a concept of vocab/agreement-type.

Keyed by the wording before its first parenthesis, lower-cased ("twinning (jumelage)" ->
"twinning"); the full wording is kept in coop:typeNote. The ontology class an agreement gets
is its concept's skos:closeMatch (ontology/vocab/agreement-type.ttl).
"""

from __future__ import annotations

AGREEMENT_TYPES: dict[str, str] = {
    # twinning: acts that establish, renew or project a twinning (sister-city relation)
    "twinning": "twinning",
    "twinning agreement": "twinning",
    "twinning agreement, renewed yearly": "twinning",
    "twinning convention": "twinning",
    "twinning protocol": "twinning",
    "twinning protocol of agreement": "twinning",
    "twinning and cooperation convention": "twinning",
    "twinning and decentralised cooperation agreement": "twinning",
    "twinning / friendship and cooperation agreement": "twinning",  # "accord de jumelage"
    "twinning / friendship commitment": "twinning",  # hermanamiento
    "twinning / sister-city convention": "twinning",
    "twinning project": "twinning",
    "twinning project / amendment to 1999 declaration": "twinning",  # the ministry: "التوأمة"
    "sister-city project": "twinning",
    "twinning act": "twinning",  # the definitive act after a protocol (additions.csv)
    # decentralized cooperation conventions: the source's own words
    "decentralised cooperation agreement": "decentralized-cooperation-convention",
    "decentralised cooperation convention": "decentralized-cooperation-convention",
    "decentralised cooperation / twinning convention": "decentralized-cooperation-convention",
    # friendship and cooperation
    "friendship and cooperation agreement": "friendship-and-cooperation",
    "friendship and cooperation protocol": "friendship-and-cooperation",
    "friendship contract": "friendship-and-cooperation",
    "friendship protocol": "friendship-and-cooperation",  # "protocole d'amitié"
    "cooperation and friendship convention": "friendship-and-cooperation",
    "declaration of friendship and decentralised cooperation": "friendship-and-cooperation",
    # protocols of agreement
    "cooperation protocol": "cooperation-protocol",
    "cooperation and partnership protocol": "cooperation-protocol",
    "decentralised cooperation protocol": "cooperation-protocol",
    "protocol of agreement": "cooperation-protocol",
    # memoranda
    "memorandum of understanding": "memorandum-of-understanding",
    "memorandum of cooperation": "memorandum-of-understanding",
    # declarations and letters of intent or commitment
    "joint declaration of intent": "declaration-of-intent",
    "letter of intent for twinning": "declaration-of-intent",
    "letter of commitment to cooperation / friendship and cooperation relations": (
        "declaration-of-intent"
    ),
    # partnerships
    "partnership agreement": "partnership-agreement",
    "partnership and cooperation convention": "partnership-agreement",
    "partnership relation": "partnership-agreement",
    "partnership/twinning relation": "partnership-agreement",  # "partnerschaftliche Beziehungen"
    "economic partnership agreement": "partnership-agreement",
    "partnership development agreement": "partnership-agreement",  # Kazan–Tlemcen
    "municipal project partnership": "partnership-agreement",
    # roadmaps, minutes, programmes
    "roadmap": "roadmap",
    "cross-border roadmap": "roadmap",
    "final minutes": "roadmap",
    "three-year decentralised cooperation programme 2010–2012": "roadmap",
    # cooperation agreements the source does not qualify further
    "cooperation agreement": "cooperation-agreement",
    "cooperation convention": "cooperation-agreement",
    "framework convention": "cooperation-agreement",
    "framework cooperation agreement": "cooperation-agreement",
    "rapprochement towards twinning/cooperation": "cooperation-agreement",
}


def type_key(wording: str) -> str:
    """The table key of a type wording: the words before its first parenthesis, lower-cased."""
    return wording.split(" (", 1)[0].strip().lower()


# The word an agreement's title opens with, per language (en, fr, ar), where the concept's
# prefLabel is not one: the concept names a family ("roadmap, minutes or programme") or says
# "(other)". Keyed by concept, then by wording for the acts the family word would misname.
TITLE_WORDS: dict[str, tuple[str, str, str]] = {
    "declaration-of-intent": ("Declaration of intent", "Déclaration d'intention", "إعلان نوايا"),
    "roadmap": ("Roadmap", "Feuille de route", "خارطة طريق"),
    "cooperation-agreement": ("Cooperation agreement", "Accord de coopération", "اتفاقية تعاون"),
    "letter of intent for twinning": ("Letter of intent", "Lettre d'intention", "رسالة نوايا"),
    "letter of commitment to cooperation / friendship and cooperation relations": (
        "Letter of commitment",
        "Lettre d'engagement",
        "رسالة التزام",
    ),
    "final minutes": ("Final minutes", "Procès-verbal final", "محضر ختامي"),
    "three-year decentralised cooperation programme 2010–2012": (
        "Three-year decentralized cooperation programme 2010–2012",
        "Programme triennal de coopération décentralisée 2010–2012",
        "برنامج تعاون لامركزي ثلاثي السنوات 2010–2012",
    ),
}
TITLE_LANGUAGES = ("en", "fr", "ar")


def title_word(key: str, concept_label: str | None, lang: str) -> str | None:
    """The opening word of a title in `lang`: TITLE_WORDS by wording, then by concept, else
    the concept's prefLabel (capitalised in French and English)."""
    concept_key = AGREEMENT_TYPES.get(key)
    for entry in (key, concept_key):
        if entry in TITLE_WORDS:
            return TITLE_WORDS[entry][TITLE_LANGUAGES.index(lang)]
    if concept_label is None:
        return None
    return concept_label if lang == "ar" else concept_label[:1].upper() + concept_label[1:]

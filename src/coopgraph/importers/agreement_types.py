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

"""Interface languages: Arabic (right-to-left), French, English."""

from __future__ import annotations

from flask import g
from werkzeug.datastructures import LanguageAccept

LANGUAGES = ("ar", "fr", "en")
DEFAULT = "fr"
RTL = frozenset({"ar"})

MESSAGES: dict[str, dict[str, str]] = {
    "title": {
        "en": "coopgraph — Algeria's decentralized cooperation",
        "fr": "coopgraph — la coopération décentralisée de l'Algérie",
        "ar": "coopgraph — التعاون اللامركزي في الجزائر",
    },
    "intro": {
        "en": "An open knowledge graph of the partnership agreements that Algerian communes and "
        "wilayas sign with foreign territorial collectivities, and of their memberships in city "
        "networks. Every agreement carries the source it was read from.",
        "fr": "Un graphe de connaissances ouvert des accords de partenariat que les communes et "
        "wilayas algériennes signent avec des collectivités territoriales étrangères, et de leur "
        "adhésion aux réseaux de villes. Chaque accord indique la source où il a été lu.",
        "ar": "رسم معرفي مفتوح لاتفاقيات الشراكة التي تبرمها البلديات والولايات الجزائرية مع "
        "جماعات إقليمية أجنبية، ولعضويتها في شبكات المدن. لكل اتفاقية مصدرها الذي قرئت منه.",
    },
    "framing": {
        "en": "Decentralized cooperation is any partnership established by convention between one "
        "or more Algerian territorial collectivities and one or more foreign ones, for a shared "
        "interest and within their competences (Executive Decree 17-329 of 15 November 2017).",
        "fr": "La coopération décentralisée est toute relation de partenariat établie par "
        "convention entre une ou plusieurs collectivités territoriales algériennes et une ou "
        "plusieurs collectivités étrangères, dans un but d'intérêt partagé et dans le cadre de "
        "leurs compétences (décret exécutif 17-329 du 15 novembre 2017).",
        "ar": "التعاون اللامركزي هو كل علاقة شراكة تنشأ بموجب اتفاقية بين جماعة إقليمية جزائرية "
        "أو أكثر وجماعة إقليمية أجنبية أو أكثر، بهدف تحقيق مصلحة متبادلة وفي إطار الصلاحيات "
        "المخولة لها (المرسوم التنفيذي 17-329 المؤرخ 15 نوفمبر 2017).",
    },
    "counts": {"en": "The registry", "fr": "Le registre", "ar": "السجل"},
    "coverage": {
        "en": "{n} of the more than 100 agreements and {m} of the more than 25 countries the "
        "Ministry of the Interior counts",
        "fr": "{n} des plus de 100 accords et {m} des plus de 25 pays que recense le ministère "
        "de l'Intérieur",
        "ar": "{n} من أكثر من 100 اتفاقية و{m} من أكثر من 25 دولة تحصيها وزارة الداخلية",
    },
    "source": {"en": "Source", "fr": "Source", "ar": "المصدر"},
    "release": {"en": "Release", "fr": "Version", "ar": "الإصدار"},
    "agreements": {"en": "agreements", "fr": "accords", "ar": "اتفاقيات"},
    "partner_countries": {"en": "partner countries", "fr": "pays partenaires", "ar": "دول شريكة"},
    "foreign_collectivities": {
        "en": "foreign collectivities",
        "fr": "collectivités étrangères",
        "ar": "جماعات أجنبية",
    },
    "communes": {"en": "communes", "fr": "communes", "ar": "بلديات"},
    "wilayas": {"en": "wilayas", "fr": "wilayas", "ar": "ولايات"},
    "networks": {"en": "city networks", "fr": "réseaux de villes", "ar": "شبكات مدن"},
    "memberships": {
        "en": "network memberships",
        "fr": "adhésions à des réseaux",
        "ar": "عضويات في الشبكات",
    },
    "legal": {"en": "legal instruments", "fr": "textes juridiques", "ar": "نصوص قانونية"},
    "triples": {"en": "triples", "fr": "triplets", "ar": "ثلاثيات"},
}


def negotiate(asked: str | None, accept: LanguageAccept) -> str:
    """?lang= wins, then the browser's Accept-Language, then French."""
    if asked in LANGUAGES:
        return asked
    return accept.best_match(LANGUAGES) or DEFAULT


def text(key: str, **values: object) -> str:
    return MESSAGES[key][g.lang].format(**values)


def template_context() -> dict[str, object]:
    return {
        "lang": g.lang,
        "dir": "rtl" if g.lang in RTL else "ltr",
        "t": text,
        "languages": LANGUAGES,
    }

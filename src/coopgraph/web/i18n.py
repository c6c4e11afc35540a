"""Interface languages: Arabic (right-to-left), French, English."""

from __future__ import annotations

from urllib.parse import urlencode

from babel import Locale
from flask import g, request
from werkzeug.datastructures import LanguageAccept

LANGUAGES = ("ar", "fr", "en")
DEFAULT = "fr"
RTL = frozenset({"ar"})
LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}

Messages = dict[str, dict[str, str]]  # key -> language -> text, "{name}" for a value

MESSAGES: Messages = {
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
    "registry_split": {
        "en": "{recorded} records: {concluded} acts a source reports as concluded (signed, "
        "renewed, amended…) and {pending} only announced, planned or in preparation.",
        "fr": "{recorded} fiches : {concluded} actes qu'une source rapporte comme conclus (signés, "
        "renouvelés, modifiés…) et {pending} seulement annoncés, prévus ou en préparation.",
        "ar": "{recorded} سجلا: {concluded} عقدا تذكر المصادر أنها أبرمت (موقعة أو مجددة أو "
        "معدلة…) و{pending} معلنة أو مبرمجة أو قيد التحضير فقط.",
    },
    "registry_pairs": {
        "en": "{pairs} distinct pairs of partners conclude those acts (successive acts of one "
        "pair count once); {pairs_all} pairs in all records.",
        "fr": "{pairs} couples distincts de partenaires concluent ces actes (les actes "
        "successifs d'un même couple comptent une fois) ; {pairs_all} couples dans toutes les "
        "fiches.",
        "ar": "{pairs} زوجا متميزا من الشركاء أبرمت هذه العقود (العقود المتتالية لزوج واحد تحسب "
        "مرة واحدة)؛ {pairs_all} زوجا في كل السجلات.",
    },
    "registry_countries": {
        "en": "Partner countries: {all} in all records, {all_without} without Western Sahara "
        "(units of the Sahrawi Republic, coded EH); {concluded} in the concluded acts, "
        "{concluded_without} without Western Sahara.",
        "fr": "Pays partenaires : {all} dans toutes les fiches, {all_without} sans le Sahara "
        "occidental (unités de la République sahraouie, code EH) ; {concluded} dans les actes "
        "conclus, {concluded_without} sans le Sahara occidental.",
        "ar": "الدول الشريكة: {all} في كل السجلات، {all_without} دون الصحراء الغربية (وحدات "
        "الجمهورية الصحراوية، الرمز EH)؛ {concluded} في العقود المبرمة، {concluded_without} دون "
        "الصحراء الغربية.",
    },
    "ministry_figure": {
        "en": "The Ministry of the Interior reports more than {agreements} agreements with more "
        "than {countries} countries (an undated page, published on or after {after}).",
        "fr": "Le ministère de l'Intérieur recense plus de {agreements} accords avec plus de "
        "{countries} pays (page non datée, publiée le {after} ou après).",
        "ar": "تحصي وزارة الداخلية أكثر من {agreements} اتفاقية مع أكثر من {countries} دولة "
        "(صفحة غير مؤرخة، نشرت في {after} أو بعده).",
    },
    "comparison_acts_below": {
        "en": "With {acts} concluded acts, the registry holds fewer than the ministry counts; the "
        "ministry does not list its agreements, so which are missing cannot be told.",
        "fr": "Avec {acts} actes conclus, le registre en compte moins que le ministère ; celui-ci "
        "ne publie pas la liste de ses accords, on ne peut donc pas dire lesquels manquent.",
        "ar": "بـ{acts} عقدا مبرما، يحصي السجل أقل مما تحصيه الوزارة؛ ولا تنشر الوزارة قائمة "
        "اتفاقياتها، فلا يمكن معرفة الناقص منها.",
    },
    "comparison_acts_reach": {
        "en": "With {acts} concluded acts, the registry holds more than the ministry's lower "
        "bound; the ministry does not list its agreements, so the two cannot be matched one "
        "by one.",
        "fr": "Avec {acts} actes conclus, le registre dépasse le minimum annoncé par le "
        "ministère ; celui-ci ne publie pas la liste de ses accords, les deux ne peuvent pas "
        "être rapprochés un à un.",
        "ar": "بـ{acts} عقدا مبرما، يتجاوز السجل الحد الأدنى الذي أعلنته الوزارة؛ ولا تنشر "
        "الوزارة قائمة اتفاقياتها، فلا يمكن مطابقة الإحصاءين واحدا بواحد.",
    },
    "comparison_countries_below": {
        "en": "Its concluded acts involve {countries} countries besides Western Sahara, not the "
        "more than {ministry} the ministry counts.",
        "fr": "Ses actes conclus concernent {countries} pays hors Sahara occidental, et non les "
        "plus de {ministry} que compte le ministère.",
        "ar": "تخص عقوده المبرمة {countries} دولة دون الصحراء الغربية، لا أكثر من {ministry} كما "
        "تحصي الوزارة.",
    },
    "comparison_countries_reach": {
        "en": "Its concluded acts involve {countries} countries besides Western Sahara, more "
        "than the ministry's {ministry}.",
        "fr": "Ses actes conclus concernent {countries} pays hors Sahara occidental, plus que les "
        "{ministry} du ministère.",
        "ar": "تخص عقوده المبرمة {countries} دولة دون الصحراء الغربية، أكثر من {ministry} "
        "التي تحصيها الوزارة.",
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
    # --- navigation and common words -------------------------------------------------------
    "nav_home": {"en": "Home", "fr": "Accueil", "ar": "الرئيسية"},
    "nav_search": {"en": "Search", "fr": "Rechercher", "ar": "بحث"},
    "nav_ontology": {"en": "Ontology", "fr": "Ontologie", "ar": "الأنطولوجيا"},
    "nav_data": {"en": "Dataset", "fr": "Jeu de données", "ar": "مجموعة البيانات"},
    "nav_dumps": {"en": "Downloads", "fr": "Téléchargements", "ar": "التنزيلات"},
    "nav_query": {"en": "Query workbench", "fr": "Atelier de requêtes", "ar": "ورشة الاستعلامات"},
    "search_placeholder": {
        "en": "A commune, wilaya, country, city, theme…",
        "fr": "Une commune, une wilaya, un pays, une ville, un thème…",
        "ar": "بلدية، ولاية، بلد، مدينة، مجال…",
    },
    "footer": {
        "en": "Open data (CC BY 4.0). Every statement cites its source.",
        "fr": "Données ouvertes (CC BY 4.0). Chaque affirmation cite sa source.",
        "ar": "بيانات مفتوحة (CC BY 4.0). كل معلومة مرفقة بمصدرها.",
    },
    "inferred": {"en": "inferred", "fr": "déduit", "ar": "مستنتج"},
    "iri": {"en": "Identifier (IRI)", "fr": "Identifiant (IRI)", "ar": "المعرّف (IRI)"},
    "kind": {"en": "Kind", "fr": "Nature", "ar": "النوع"},
    "names": {"en": "Names", "fr": "Noms", "ar": "الأسماء"},
    "data_formats": {
        "en": "This page as data",
        "fr": "Cette page en données",
        "ar": "هذه الصفحة كبيانات",
    },
    "details": {"en": "Description", "fr": "Description", "ar": "الوصف"},
    "other_properties": {
        "en": "Other statements",
        "fr": "Autres informations",
        "ar": "معلومات أخرى",
    },
    "links_here": {"en": "Linked from", "fr": "Cité par", "ar": "مذكور في"},
    "map": {
        "en": "Map (points: GeoNames, CC BY 4.0; outlines: Natural Earth, public domain)",
        "fr": "Carte (points : GeoNames, CC BY 4.0 ; contours : Natural Earth, domaine public)",
        "ar": "خريطة (النقاط: GeoNames، CC BY 4.0؛ الحدود: Natural Earth، ملك عام)",
    },
    "shown_of": {
        "en": "{shown} of {total} shown.",
        "fr": "{shown} sur {total} affichés.",
        "ar": "معروض {shown} من {total}.",
    },
    "see_all": {
        "en": "All of them (SPARQL)",
        "fr": "Tous (SPARQL)",
        "ar": "الكل (SPARQL)",
    },
    "more_links": {"en": "{n} more →", "fr": "{n} de plus →", "ar": "{n} أخرى ←"},
    "map_partial": {
        "en": "{shown} of {total} partners drawn: those with the most agreements.",
        "fr": "{shown} partenaires sur {total} dessinés : ceux aux accords les plus nombreux.",
        "ar": "مرسوم {shown} من {total} شريكا: الأكثر اتفاقيات.",
    },
    "previous_links": {"en": "← Previous", "fr": "← Précédents", "ar": "→ السابقة"},
    "sources": {"en": "Sources", "fr": "Sources", "ar": "المصادر"},
    "confidence": {"en": "Confidence", "fr": "Degré de confiance", "ar": "درجة الثقة"},
    "no_sources": {
        "en": "This resource cites no source of its own.",
        "fr": "Cette ressource ne cite pas de source propre.",
        "ar": "لا يذكر هذا المورد مصدرا خاصا به.",
    },
    "graph_note": {
        "en": "Statements marked “inferred” follow from the ontology; the others come from the "
        "sources above.",
        "fr": "Les informations marquées « déduit » découlent de l'ontologie ; les autres viennent "
        "des sources ci-dessus.",
        "ar": "المعلومات الموسومة «مستنتج» مستخلصة من الأنطولوجيا؛ والباقي من المصادر أعلاه.",
    },
    "validation": {"en": "Validation", "fr": "Validation", "ar": "التحقق"},
    "validation_pending": {
        "en": "Validation results come with the validator. These are the rules that apply to "
        "this resource:",
        "fr": "Les résultats de validation viendront avec le validateur. Voici les règles qui "
        "s'appliquent à cette ressource :",
        "ar": "ستتوفر نتائج التحقق مع أداة التحقق. هذه هي القواعد التي تنطبق على هذا المورد:",
    },
    "validation_ok": {
        "en": "Meets every rule that applies ({rules}).",
        "fr": "Respecte toutes les règles applicables ({rules}).",
        "ar": "يستوفي جميع القواعد المنطبقة ({rules}).",
    },
    "validation_fails": {
        "en": "Does not meet every rule that applies: {violations}, {warnings}, {infos}.",
        "fr": "Ne respecte pas toutes les règles applicables : {violations}, {warnings}, {infos}.",
        "ar": "لا يستوفي جميع القواعد المنطبقة: {violations}، {warnings}، {infos}.",
    },
    "validation_warns": {
        "en": "Breaks no rule; the validator notes {warnings} and {infos}, to check:",
        "fr": "N'enfreint aucune règle ; le validateur relève {warnings} et {infos}, à vérifier :",
        "ar": "لا يخالف أي قاعدة؛ وتنبه أداة التحقق إلى {warnings} و{infos} للتحقق منها:",
    },
    "compliance_link": {
        "en": "Compliance of the whole registry, rule by rule",
        "fr": "Conformité de tout le registre, règle par règle",
        "ar": "مطابقة السجل كله للقواعد، قاعدة بقاعدة",
    },
    "compliance_title": {
        "en": "Compliance with the rules",
        "fr": "Conformité aux règles",
        "ar": "المطابقة للقواعد",
    },
    "compliance_intro": {
        "en": "Each rule of Executive Decree 17-329 and of the project's data quality ({rules}), "
        "with the resources it applies to: how many meet it, how many get a warning or an "
        "information from it, how many break it (a violation). Computed once for this release "
        "by the validation of its build.",
        "fr": "Chaque règle du décret exécutif 17-329 et de la qualité des données du projet "
        "({rules}), avec les ressources auxquelles elle s'applique : combien la respectent, "
        "combien en reçoivent un avertissement ou une information, combien l'enfreignent (une "
        "violation). Calculé une fois pour cette version par la validation de sa construction.",
        "ar": "كل قاعدة من قواعد المرسوم التنفيذي 17-329 وجودة بيانات المشروع ({rules})، مع "
        "الموارد التي تنطبق عليها: كم منها يستوفيها، وكم منها يتلقى تحذيرا أو معلومة، وكم منها "
        "يخالفها (مخالفة). تحسب مرة واحدة لهذه النسخة عند التحقق أثناء بنائها.",
    },
    "compliance_offenders_note": {
        "en": "DQ-04 (the form of dates) and DQ-07 (empty names) select only the resources "
        "that break them: their counts cover those and the resources of their other checks.",
        "fr": "DQ-04 (forme des dates) et DQ-07 (noms vides) ne sélectionnent que les "
        "ressources qui les enfreignent : leurs comptes couvrent celles-ci et les ressources "
        "de leurs autres contrôles.",
        "ar": "لا تختار DQ-04 (شكل التواريخ) وDQ-07 (الأسماء الفارغة) إلا الموارد التي "
        "تخالفها: تشمل أعدادها هذه الموارد وموارد فحوصها الأخرى.",
    },
    "compliance_none": {
        "en": "This release has no compliance data: it was built without validation, or it is "
        "read from a remote SPARQL server. Build it with `coopgraph build`.",
        "fr": "Cette version n'a pas de données de conformité : elle a été construite sans "
        "validation, ou elle est lue sur un serveur SPARQL distant. Construisez-la avec "
        "`coopgraph build`.",
        "ar": "لا تتوفر لهذه النسخة بيانات مطابقة: بنيت دون تحقق، أو تقرأ من خادم SPARQL بعيد. "
        "ابنها بالأمر `coopgraph build`.",
    },
    "compliance_rule": {"en": "Rule", "fr": "Règle", "ar": "القاعدة"},
    "compliance_agreement": {"en": "Agreement", "fr": "Accord", "ar": "الاتفاقية"},
    "compliance_severity": {"en": "Severity", "fr": "Gravité", "ar": "الدرجة"},
    "compliance_applies": {"en": "Applies to", "fr": "S'applique à", "ar": "تنطبق على"},
    "compliance_meet": {"en": "Meet", "fr": "Respectent", "ar": "تستوفيها"},
    "compliance_warn": {"en": "Warned", "fr": "Signalées", "ar": "منبَّه عليها"},
    "compliance_fail": {"en": "Fail", "fr": "Enfreignent", "ar": "تخالفها"},
    "compliance_source": {
        "en": "Legal source · confidence",
        "fr": "Source juridique · confiance",
        "ar": "المصدر القانوني · الثقة",
    },
    "compliance_agreements": {
        "en": "Agreements, rule by rule",
        "fr": "Les accords, règle par règle",
        "ar": "الاتفاقيات، قاعدة بقاعدة",
    },
    "compliance_agreements_intro": {
        "en": "For each agreement ({agreements}), the rules it meets, those that warn about it "
        "and those it breaks; a rule that does not apply to it is not listed.",
        "fr": "Pour chaque accord ({agreements}), les règles qu'il respecte, celles qui le "
        "signalent et celles qu'il enfreint ; une règle qui ne s'applique pas n'est pas citée.",
        "ar": "لكل اتفاقية ({agreements})، القواعد التي تستوفيها، والتي تنبه بشأنها، والتي "
        "تخالفها؛ ولا تذكر القاعدة التي لا تنطبق عليها.",
    },
    "compliance_downloads": {
        "en": "As data",
        "fr": "En données",
        "ar": "كبيانات",
    },
    "no_rules": {
        "en": "No SHACL rule targets this kind of resource yet.",
        "fr": "Aucune règle SHACL ne vise encore ce type de ressource.",
        "ar": "لا تستهدف أي قاعدة SHACL هذا النوع من الموارد بعد.",
    },
    "rules": {"en": "Rules that apply", "fr": "Règles applicables", "ar": "القواعد المنطبقة"},
    "Violation": {"en": "violation", "fr": "violation", "ar": "مخالفة"},
    "Warning": {"en": "warning", "fr": "avertissement", "ar": "تحذير"},
    "Info": {"en": "information", "fr": "information", "ar": "معلومة"},
    "rules_count": {
        "en": "Rules that apply: {rules} (by severity: violation {v}, warning {w}, "
        "information {i})",
        "fr": "Règles applicables : {rules} (par gravité : violation {v}, avertissement {w}, "
        "information {i})",
        "ar": "القواعد المنطبقة: {rules} (حسب الدرجة: مخالفة {v}، تحذير {w}، معلومة {i})",
    },
    "parties": {"en": "Parties", "fr": "Parties", "ar": "الأطراف"},
    # --- search ---------------------------------------------------------------------------
    "search_title": {"en": "Search", "fr": "Recherche", "ar": "البحث"},
    "search_results": {
        "en": "{n} result(s) for “{q}”",
        "fr": "{n} résultat(s) pour « {q} »",
        "ar": "{n} نتيجة لـ«{q}»",
    },
    "search_none": {
        "en": "Nothing matches. Try another spelling, in Arabic or Latin script.",
        "fr": "Aucun résultat. Essayez une autre graphie, en arabe ou en latin.",
        "ar": "لا توجد نتائج. جرّب كتابة أخرى بالعربية أو بالحروف اللاتينية.",
    },
    "search_help": {
        "en": "Names in Arabic, French or English; accents, hamza and taa marbuta do not matter.",
        "fr": "Noms en arabe, français ou anglais ; accents, hamza et taa marbuta sont ignorés.",
        "ar": "الأسماء بالعربية أو الفرنسية أو الإنجليزية؛ لا أهمية للهمزة والتاء المربوطة "
        "والحركات.",
    },
    "not_found": {"en": "Not found", "fr": "Introuvable", "ar": "غير موجود"},
    "not_found_text": {
        "en": "There is no resource with this identifier in the registry:",
        "fr": "Aucune ressource du registre ne porte cet identifiant :",
        "ar": "لا يوجد في السجل مورد بهذا المعرّف:",
    },
    "try_search": {
        "en": "Search the registry for “{q}”",
        "fr": "Chercher « {q} » dans le registre",
        "ar": "ابحث عن «{q}» في السجل",
    },
    # --- home -----------------------------------------------------------------------------
    "charts": {"en": "At a glance", "fr": "En un coup d'œil", "ar": "لمحة سريعة"},
    "by_country": {
        "en": "Agreements by partner country",
        "fr": "Accords par pays partenaire",
        "ar": "الاتفاقيات حسب البلد الشريك",
    },
    "by_theme": {
        "en": "Agreements by theme",
        "fr": "Accords par thème",
        "ar": "الاتفاقيات حسب المجال",
    },
    "by_decade": {
        "en": "Agreements by decade of signing",
        "fr": "Accords par décennie de signature",
        "ar": "الاتفاقيات حسب عقد التوقيع",
    },
    "date_unknown": {"en": "date unknown", "fr": "date inconnue", "ar": "تاريخ غير معروف"},
    "browse": {"en": "Browse", "fr": "Parcourir", "ar": "تصفح"},
    "countries": {"en": "Countries", "fr": "Pays", "ar": "الدول"},
    "browse_wilayas": {"en": "Wilayas", "fr": "Wilayas", "ar": "الولايات"},
    "browse_networks": {"en": "City networks", "fr": "Réseaux de villes", "ar": "شبكات المدن"},
    "themes": {"en": "Themes", "fr": "Thèmes", "ar": "المجالات"},
    "browse_legal": {
        "en": "Legal instruments",
        "fr": "Textes juridiques",
        "ar": "النصوص القانونية",
    },
    "machines": {
        "en": "For machines: the SPARQL endpoint, the dataset description (VoID and DCAT) and "
        "the full dumps.",
        "fr": "Pour les machines : le point d'accès SPARQL, la description du jeu de données "
        "(VoID et DCAT) et les exports complets.",
        "ar": "للآلات: نقطة وصول SPARQL، ووصف مجموعة البيانات (VoID وDCAT)، والتنزيلات الكاملة.",
    },
    # --- ontology and vocabulary documentation ----------------------------------------------
    "classes": {"en": "Classes", "fr": "Classes", "ar": "الأصناف"},
    "object_properties": {
        "en": "Relations",
        "fr": "Relations",
        "ar": "العلاقات",
    },
    "datatype_properties": {"en": "Attributes", "fr": "Attributs", "ar": "الخصائص"},
    "definition": {"en": "Definition", "fr": "Définition", "ar": "التعريف"},
    "alignments": {"en": "Alignments", "fr": "Alignements", "ar": "المواءمات"},
    "subclass_of": {"en": "Subclass of", "fr": "Sous-classe de", "ar": "صنف فرعي من"},
    "subproperty_of": {"en": "Subproperty of", "fr": "Sous-propriété de", "ar": "خاصية فرعية من"},
    "domain": {"en": "Domain", "fr": "Domaine", "ar": "المجال"},
    "range": {"en": "Range", "fr": "Portée", "ar": "المدى"},
    "instances": {"en": "Instances", "fr": "Instances", "ar": "النسخ"},
    "uses": {"en": "Uses", "fr": "Utilisations", "ar": "الاستخدامات"},
    "example_query": {"en": "Example query", "fr": "Requête d'exemple", "ar": "استعلام مثال"},
    "run_query": {"en": "Run it", "fr": "L'exécuter", "ar": "تنفيذه"},
    "concepts": {"en": "Concepts", "fr": "Concepts", "ar": "المفاهيم"},
    "vocabularies": {"en": "Vocabularies", "fr": "Vocabulaires", "ar": "المفردات"},
    "contents": {"en": "Contents", "fr": "Sommaire", "ar": "المحتويات"},
    # --- dataset --------------------------------------------------------------------------
    "dumps_title": {"en": "Downloads", "fr": "Téléchargements", "ar": "التنزيلات"},
    "dumps_text": {
        "en": "The whole dataset of this release, gzipped: N-Quads keep each statement's named "
        "graph; Turtle holds their union.",
        "fr": "Tout le jeu de données de cette version, compressé (gzip) : N-Quads garde le graphe "
        "nommé de chaque affirmation ; Turtle en donne l'union.",
        "ar": "مجموعة البيانات كاملة لهذا الإصدار، مضغوطة: يحتفظ N-Quads بالرسم المسمى لكل "
        "معلومة؛ ويجمعها Turtle في رسم واحد.",
    },
    "no_dumps": {
        "en": "This server has no dumps: it reads a remote store. Build a local store with "
        "`coopgraph build` to produce them.",
        "fr": "Ce serveur n'a pas d'exports : il lit un entrepôt distant. Construisez un "
        "entrepôt local avec `coopgraph build` pour les produire.",
        "ar": "لا توجد تنزيلات على هذا الخادم لأنه يقرأ مخزنا بعيدا. أنشئ مخزنا محليا بالأمر "
        "`coopgraph build` لإنتاجها.",
    },
    # --- research queries (/queries/) -------------------------------------------------------
    "nav_queries": {"en": "Research queries", "fr": "Requêtes", "ar": "استعلامات بحثية"},
    "queries_intro": {
        "en": "Ready-made questions on the graph. Each answers as a table here and as JSON, CSV "
        "or TSV for programs; the values of its parameters go in the address.",
        "fr": "Des questions toutes prêtes sur le graphe. Chacune répond ici sous forme de "
        "tableau, et en JSON, CSV ou TSV pour les programmes ; ses paramètres se donnent dans "
        "l'adresse.",
        "ar": "أسئلة جاهزة حول الرسم المعرفي. يجيب كل منها هنا في جدول، وبصيغ JSON وCSV وTSV "
        "للبرامج؛ وتعطى قيم معاملاته في العنوان.",
    },
    "queries_none": {
        "en": "This release has no research queries.",
        "fr": "Cette version ne contient aucune requête.",
        "ar": "لا يتضمن هذا الإصدار أي استعلام بحثي.",
    },
    "queries_parameters": {"en": "Parameters", "fr": "Paramètres", "ar": "المعاملات"},
    "queries_run": {"en": "Run", "fr": "Exécuter", "ar": "تنفيذ"},
    "queries_as_data": {"en": "As data", "fr": "En données", "ar": "كبيانات"},
    "queries_rows": {"en": "{n} row(s)", "fr": "{n} ligne(s)", "ar": "عدد الأسطر: {n}"},
    "queries_truncated": {
        "en": "Only the first {n} rows are shown: download the JSON, CSV or TSV for more.",
        "fr": "Seules les {n} premières lignes sont affichées : téléchargez le JSON, le CSV ou "
        "le TSV pour les autres.",
        "ar": "تعرض الأسطر الـ{n} الأولى فقط: نزّل ملف JSON أو CSV أو TSV للمزيد.",
    },
    "queries_labels": {
        "en": "Names are shown in your language where the graph has them; the data files give "
        "them in French, in the columns ending in Label.",
        "fr": "Les noms sont affichés dans votre langue lorsque le graphe les connaît ; les "
        "fichiers de données les donnent en français, dans les colonnes finissant par Label.",
        "ar": "تعرض الأسماء بلغتك إن وجدت في الرسم؛ وتعطيها ملفات البيانات بالفرنسية في الأعمدة "
        "المنتهية بـ Label.",
    },
    "queries_text": {"en": "The SPARQL query", "fr": "La requête SPARQL", "ar": "استعلام SPARQL"},
    "queries_default": {"en": "default", "fr": "par défaut", "ar": "افتراضيا"},
    "queries_unknown": {
        "en": "There is no research query named “{name}”. Choose one of the list below.",
        "fr": "Il n'y a pas de requête nommée « {name} ». Choisissez-en une dans la liste "
        "ci-dessous.",
        "ar": "لا يوجد استعلام بحثي باسم «{name}». اختر أحد الاستعلامات في القائمة أدناه.",
    },
}


# Names of the external vocabulary terms pages show, for when the store has no label for them
# (the ontology labels only its own terms): IRI -> {language: label}.
_RDF, _RDFS, _SKOS = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2004/02/skos/core#",
)
_DCT, _PROV, _ORG, _ELI = (
    "http://purl.org/dc/terms/",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/ns/org#",
    "http://data.europa.eu/eli/ontology#",
)
TERM_LABELS: dict[str, dict[str, str]] = {
    _RDF + "type": {"en": "kind", "fr": "nature", "ar": "النوع"},
    _RDFS + "label": {"en": "name", "fr": "nom", "ar": "الاسم"},
    _RDFS + "seeAlso": {"en": "see also", "fr": "voir aussi", "ar": "انظر أيضا"},
    _RDFS + "comment": {"en": "comment", "fr": "commentaire", "ar": "تعليق"},
    _SKOS + "prefLabel": {"en": "name", "fr": "nom", "ar": "الاسم"},
    _SKOS + "altLabel": {"en": "other names", "fr": "autres noms", "ar": "أسماء أخرى"},
    _SKOS + "note": {"en": "note", "fr": "note", "ar": "ملاحظة"},
    _SKOS + "definition": {"en": "definition", "fr": "définition", "ar": "التعريف"},
    _SKOS + "notation": {"en": "code", "fr": "code", "ar": "الرمز"},
    _SKOS + "inScheme": {"en": "in vocabulary", "fr": "dans le vocabulaire", "ar": "ضمن المفردات"},
    _SKOS + "topConceptOf": {
        "en": "top concept of",
        "fr": "concept de tête de",
        "ar": "مفهوم رئيسي في",
    },
    _SKOS + "hasTopConcept": {
        "en": "top concepts",
        "fr": "concepts de tête",
        "ar": "المفاهيم الرئيسية",
    },
    _SKOS + "broader": {"en": "broader", "fr": "plus général", "ar": "أعم"},
    _SKOS + "exactMatch": {"en": "same as", "fr": "équivalent exact", "ar": "مطابق تماما لـ"},
    _SKOS + "closeMatch": {"en": "close to", "fr": "proche de", "ar": "قريب من"},
    _DCT + "source": {"en": "source", "fr": "source", "ar": "المصدر"},
    _DCT + "identifier": {"en": "identifier", "fr": "identifiant", "ar": "المعرّف"},
    _DCT + "title": {"en": "title", "fr": "titre", "ar": "العنوان"},
    _DCT + "date": {"en": "date", "fr": "date", "ar": "التاريخ"},
    _DCT + "creator": {"en": "creator", "fr": "auteur", "ar": "المؤلف"},
    _DCT + "license": {"en": "licence", "fr": "licence", "ar": "الترخيص"},
    _DCT + "subject": {"en": "subject", "fr": "sujet", "ar": "الموضوع"},
    _DCT + "relation": {"en": "related to", "fr": "lié à", "ar": "مرتبط بـ"},
    _DCT + "isVersionOf": {"en": "version of", "fr": "version de", "ar": "نسخة من"},
    _PROV + "wasDerivedFrom": {"en": "derived from", "fr": "tiré de", "ar": "مستمد من"},
    _ORG + "member": {"en": "member", "fr": "membre", "ar": "العضو"},
    _ORG + "organization": {"en": "organisation", "fr": "organisation", "ar": "المنظمة"},
    _ORG + "role": {"en": "role", "fr": "rôle", "ar": "الدور"},
    _ORG + "hasMember": {"en": "has member", "fr": "a pour membre", "ar": "من أعضائها"},
    _ORG + "memberOf": {"en": "member of", "fr": "membre de", "ar": "عضو في"},
    _ORG + "linkedTo": {"en": "linked to", "fr": "lié à", "ar": "مرتبط بـ"},
    _ORG + "changedBy": {"en": "changed by", "fr": "transformé par", "ar": "تغير بموجب"},
    _ORG + "resultedFrom": {"en": "resulted from", "fr": "issu de", "ar": "ناتج عن"},
    _ORG + "originalOrganization": {
        "en": "original organisation",
        "fr": "organisation d'origine",
        "ar": "المنظمة الأصلية",
    },
    _ORG + "resultingOrganization": {
        "en": "resulting organisation",
        "fr": "organisation issue",
        "ar": "المنظمة الناتجة",
    },
    _ORG + "ChangeEvent": {"en": "change event", "fr": "changement", "ar": "حدث تغيير"},
    _DCT + "isReplacedBy": {"en": "replaced by", "fr": "remplacé par", "ar": "استبدل بـ"},
    _DCT + "replaces": {"en": "replaces", "fr": "remplace", "ar": "يحل محل"},
    _ELI + "id_local": {"en": "number", "fr": "numéro", "ar": "الرقم"},
    _ELI + "date_document": {"en": "date of the text", "fr": "date du texte", "ar": "تاريخ النص"},
    _ELI + "title": {"en": "title", "fr": "intitulé", "ar": "العنوان"},
    _ELI + "type_document": {"en": "type of text", "fr": "type de texte", "ar": "نوع النص"},
    _ELI + "is_about": {"en": "about", "fr": "objet", "ar": "الموضوع"},
    _PROV + "Entity": {"en": "PROV entity", "fr": "entité PROV", "ar": "كيان PROV"},
    _PROV + "Activity": {"en": "PROV activity", "fr": "activité PROV", "ar": "نشاط PROV"},
    _ORG + "Organization": {"en": "organisation", "fr": "organisation", "ar": "منظمة"},
    _ORG + "FormalOrganization": {
        "en": "formal organisation",
        "fr": "organisation formelle",
        "ar": "منظمة رسمية",
    },
    _ORG + "Membership": {"en": "membership", "fr": "adhésion", "ar": "عضوية"},
    _ORG + "Role": {"en": "role", "fr": "rôle", "ar": "دور"},
    _ELI + "LegalResource": {
        "en": "legal resource",
        "fr": "ressource juridique",
        "ar": "مورد قانوني",
    },
    _SKOS + "Concept": {"en": "concept", "fr": "concept", "ar": "مفهوم"},
    _SKOS + "ConceptScheme": {"en": "vocabulary", "fr": "vocabulaire", "ar": "مفردات"},
    "http://xmlns.com/foaf/0.1/Document": {"en": "document", "fr": "document", "ar": "وثيقة"},
    "https://schema.org/Country": {"en": "country", "fr": "pays", "ar": "بلد"},
    "https://schema.org/Dataset": {"en": "dataset", "fr": "jeu de données", "ar": "مجموعة بيانات"},
    "https://schema.org/version": {"en": "version", "fr": "version", "ar": "النسخة"},
    "https://schema.org/url": {"en": "website", "fr": "site web", "ar": "الموقع"},
}


# Counted nouns: key -> language -> CLDR plural category -> text ("{n}" for the number). Each
# language gives the categories Babel's CLDR rules can return for it ("other" when no other
# fits): Arabic has six (0; 1; 2; 3-10; 11-99, whose noun is a singular in the accusative;
# 100 and more, a singular), French counts 0 and 1 as singular, English only 1.
PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "rules": {
        "en": {"one": "{n} rule", "other": "{n} rules"},
        "fr": {"one": "{n} règle", "many": "{n} de règles", "other": "{n} règles"},
        "ar": {"zero": "لا قاعدة", "one": "قاعدة واحدة", "two": "قاعدتان",
               "few": "{n} قواعد", "many": "{n} قاعدة", "other": "{n} قاعدة"},
    },
    "violations": {
        "en": {"one": "{n} violation", "other": "{n} violations"},
        "fr": {"one": "{n} violation", "many": "{n} de violations", "other": "{n} violations"},
        "ar": {"zero": "لا مخالفة", "one": "مخالفة واحدة", "two": "مخالفتان",
               "few": "{n} مخالفات", "many": "{n} مخالفة", "other": "{n} مخالفة"},
    },
    "warnings": {
        "en": {"one": "{n} warning", "other": "{n} warnings"},
        "fr": {"one": "{n} avertissement", "many": "{n} d'avertissements",
               "other": "{n} avertissements"},
        "ar": {"zero": "لا تحذير", "one": "تحذير واحد", "two": "تحذيران",
               "few": "{n} تحذيرات", "many": "{n} تحذيرا", "other": "{n} تحذير"},
    },
    "infos": {
        "en": {"one": "{n} information note", "other": "{n} information notes"},
        "fr": {"one": "{n} information", "many": "{n} d'informations", "other": "{n} informations"},
        "ar": {"zero": "لا معلومة", "one": "معلومة واحدة", "two": "معلومتان",
               "few": "{n} معلومات", "many": "{n} معلومة", "other": "{n} معلومة"},
    },
    "resources": {
        "en": {"one": "{n} resource", "other": "{n} resources"},
        "fr": {"one": "{n} ressource", "many": "{n} de ressources", "other": "{n} ressources"},
        "ar": {"zero": "لا مورد", "one": "مورد واحد", "two": "موردان",
               "few": "{n} موارد", "many": "{n} موردا", "other": "{n} مورد"},
    },
    "agreements": {
        "en": {"one": "{n} agreement", "other": "{n} agreements"},
        "fr": {"one": "{n} accord", "many": "{n} d'accords", "other": "{n} accords"},
        "ar": {"zero": "لا اتفاقية", "one": "اتفاقية واحدة", "two": "اتفاقيتان",
               "few": "{n} اتفاقيات", "many": "{n} اتفاقية", "other": "{n} اتفاقية"},
    },
}  # fmt: skip


def count(key: str, n: int, lang: str | None = None) -> str:
    """`n` of a counted noun, in the plural form CLDR gives for `n` in the language."""
    lang = lang or g.lang
    forms = PLURALS[key][lang]
    category = Locale.parse(lang).plural_form(n)
    return (forms.get(category) or forms["other"]).format(n=n)


def negotiate(asked: str | None, accept: LanguageAccept) -> str:
    """?lang= wins, then the browser's Accept-Language, then French."""
    if asked in LANGUAGES:
        return asked
    return accept.best_match(LANGUAGES) or DEFAULT


def translate(messages: Messages, key: str, **values: object) -> str:
    """`key`'s text in the request's language, with `values` filled in."""
    return messages[key][g.lang].format(**values)


def in_language(messages: Messages) -> dict[str, str]:
    """Every text of a catalogue in the request's language (for a page's script)."""
    return {key: texts[g.lang] for key, texts in messages.items()}


def text(key: str, **values: object) -> str:
    """A text of the site's own catalogue."""
    return translate(MESSAGES, key, **values)


def lang_url(code: str) -> str:
    """This page in another interface language (other query parameters kept)."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    return request.path + "?" + urlencode({**args, "lang": code})


def template_context() -> dict[str, object]:
    return {
        "lang": g.lang,
        "dir": "rtl" if g.lang in RTL else "ltr",
        "t": text,
        "count": count,
        "languages": LANGUAGES,
        "lang_url": lang_url,
        "LANGUAGE_NAMES": LANGUAGE_NAMES,
    }

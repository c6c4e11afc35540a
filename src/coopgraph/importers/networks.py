"""networks.csv and the Interior Ministry's page -> data/networks/networks.ttl.

One coop:CityNetwork per network (labels in en, fr and ar; founding, seat and counts where a
source states them) and one coop:NetworkMembership per (network, member). The memberships the
ministry's page names (ministry-page-ar.txt, beside networks.csv) are official: they cite the
page (its French URL, 'Arabic version') with high confidence, whatever networks.csv says. Every
sentence taken from the page is checked to be on it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from coopgraph import iris
from coopgraph.importers import turtle
from coopgraph.importers.countries import country_code
from coopgraph.importers.dates import english_literal
from coopgraph.importers.parties import PartyResolver
from coopgraph.importers.rows import ImportError_, Row, read_rows
from coopgraph.importers.turtle import COOP, DCT, FOAF, ORG, PROV, SKOS, XSD
from coopgraph.importers.vocab import concept

COLUMNS = (
    "network",
    "founded",
    "seat",
    "website",
    "algerian_member",
    "member_kind",
    "source_url",
    "note",
)
MINISTRY_PAGE = URIRef(
    "https://interieur.gov.dz/cooperation-et-echanges-decentralises-associations-et-reseaux-de-villes"
)
MINISTRY_PAGE_FILE = "ministry-page-ar.txt"
MINISTRY_NOTE = (
    "Stated on the Interior Ministry's page on decentralized cooperation and city networks "
    "(its Arabic version); the French version's URL is cited."
)
MINISTRY_FACTS_NOTE = (
    "The Arabic note, the member count, the country count and the Arabic seat are the Interior "
    "Ministry's page's (its Arabic version; the French version's URL is cited). The founding "
    "date, the seat in English and the website come from the other sources cited, not from "
    "the ministry's page."
)
# The team's notes refer to the ministry page's text file beside networks.csv: not public.
INTERNAL_REFERENCES = {
    "Arabic version: ministry-page-ar.txt beside this file; ": "Arabic version; ",
}

# networks.csv's `founded`, `seat` and `website` of each network, and the pages that state
# them (read from the rows' notes and shared/data/SOURCES.md, "Network founding facts"). A fact
# whose page the CSV names by its domain only is left out (FOUNDED_STATED).
FACT_SOURCES: dict[str, tuple[str, ...]] = {
    "arlem": (
        "https://www.cor.europa.eu/fr/our-work/International-cooperation/Pages/ARLEM.aspx",
        "https://maghress.com/fr/mapfr/2137",
        "https://doczz.fr/doc/6616882/l-assembl%C3%A9e-r%C3%A9gionale-et-locale-euro-m%C3%A9diterran%C3%A9enne",
    ),
    "medcities": ("https://en.wikipedia.org/wiki/Medcities", "https://maghress.com/alraiy/5467"),
    "oicc": ("https://oicc.org/en/about",),
    "oimve": (
        "http://ville.montreal.qc.ca/pls/portal/url/page/prt_vdm_fr/rep_annonces_ville/"
        "rep_communiques/detail_communique?id=25145",
    ),
    "unesco-gnlc": (
        "https://www.maghress.com/fr/lesechos/392615",
        "https://lcn.pascalobservatory.org/pascalnow/pascal-activities/news/"
        "unesco-global-network-learning-cities-welcomes-55-new-member-cities",
    ),
    "uclg": ("https://djazairess.com/fr/setiffr/2919",),
    "uclg-africa": (
        "http://fr.m.wiki.x.io/wiki/Cit%C3%A9s_et_gouvernements_locaux_unis_d%E2%80%99Afrique",
    ),
    "metropolis": (
        "http://www.elwatan.com/regions/centre/alger/"
        "le-wali-d-alger-en-visite-a-montreal-19-06-2017-347496_148.php",
    ),
    "owhc": ("https://djazairess.com/fr/infosoir/26803",),
    "arab-towns-organization": ("https://pt.qaz.wiki/wiki/Arab_Towns_Organization",),
}
# `founded` as far as a page cited states it: the GNLC's "following the Beijing Declaration on
# Learning Cities, Oct 2013" rests on a site the CSV names by its domain only.
FOUNDED_STATED: dict[str, str] = {"unesco-gnlc": "2013"}
ALGERIA = URIRef(iris.country("dz"))
CONFIDENCE = re.compile(r"Confidence: (high|medium|low)\b")
URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


@dataclass(frozen=True)
class Network:
    slug: str
    en: str
    fr: str
    ar: str


# networks.csv `network`, up to its first ' – ' or ' (' -> the network. The Arabic names of the
# first five are the ministry page's (checked against it); the others are the usual Arabic
# names, Arab Towns Organization's as the CSV gives it.
NETWORKS: dict[str, Network] = {
    "ARLEM": Network(
        "arlem",
        "Euro-Mediterranean Regional and Local Assembly (ARLEM)",
        "Assemblée régionale et locale euro-méditerranéenne (ARLEM)",
        "الجمعية الإقليمية والمحلية الأورومتوسطية",
    ),
    "MedCities": Network(
        "medcities", "MedCities – Mediterranean cities network", "MedCités", "مدن المتوسط"
    ),
    "OICC": Network(
        "oicc",
        "Organization of Islamic Capitals and Cities (OICC)",
        "Organisation des capitales et villes islamiques",
        "منظمة العواصم والمدن الإسلامية",
    ),
    "International Observatory of Mayors on Living Together": Network(
        "oimve",
        "International Observatory of Mayors on Living Together",
        "Observatoire international des maires sur le vivre ensemble (OIMVE)",
        "المرصد الدولي للمدن للعيش معا",
    ),
    "UNESCO Global Network of Learning Cities": Network(
        "unesco-gnlc",
        "UNESCO Global Network of Learning Cities (GNLC)",
        "Réseau mondial UNESCO des villes apprenantes",
        "شبكة اليونسكو العالمية للمدن المتعلمة",
    ),
    "UCLG": Network(
        "uclg",
        "United Cities and Local Governments (UCLG)",
        "Cités et gouvernements locaux unis (CGLU)",
        "منظمة المدن والحكومات المحلية المتحدة",
    ),
    "UCLG Africa": Network(
        "uclg-africa",
        "United Cities and Local Governments of Africa (UCLG Africa)",
        "Cités et gouvernements locaux unis d'Afrique (CGLU Afrique)",
        "منظمة المدن والحكومات المحلية المتحدة في أفريقيا",
    ),
    "Covenant of Mayors": Network(
        "covenant-of-mayors", "Covenant of Mayors", "Convention des maires", "ميثاق رؤساء البلديات"
    ),
    "Making Cities Resilient campaign": Network(
        "making-cities-resilient",
        "Making Cities Resilient campaign (UNISDR)",
        "Campagne « Pour des villes résilientes » (UNISDR)",
        "حملة المدن القادرة على الصمود (مكتب الأمم المتحدة للحد من مخاطر الكوارث)",
    ),
    "Metropolis": Network(
        "metropolis",
        "Metropolis – World Association of the Major Metropolises",
        "Metropolis – Association mondiale des grandes métropoles",
        "متروبوليس – الرابطة العالمية للمدن الكبرى",
    ),
    "OWHC": Network(
        "owhc",
        "Organization of World Heritage Cities (OWHC)",
        "Organisation des villes du patrimoine mondial (OVPM)",
        "منظمة مدن التراث العالمي",
    ),
    "Arab Towns Organization": Network(
        "arab-towns-organization",
        "Arab Towns Organization (ATO)",
        "Organisation des villes arabes",
        "منظمة المدن العربية",
    ),
}


def network_key(wording: str) -> str:
    """'MedCities – Mediterranean cities network (MedCités)' -> 'MedCities'."""
    return re.split(r" – | \(", wording, maxsplit=1)[0].strip()


@dataclass(frozen=True)
class MinistryFacts:
    facts: tuple[str, ...]  # the page's sentences on the network
    members: str  # the page's sentence naming its Algerian members
    member_names: tuple[tuple[str, str], ...]  # (name as on the page, kind)
    member_count: int | None = None
    country_count: int | None = None
    seat_ar: str | None = None
    algeria_seats: int | None = None


# What the ministry's page says of its five networks ('بلدنا', "our country", is Algeria).
MINISTRY: dict[str, MinistryFacts] = {
    "arlem": MinistryFacts(
        facts=(
            "عقدت الجمعية الإقليمية والمحلية الأورومتوسطية اجتماعها الافتتاحي الأول "
            "في 20 و 21 يناير 2010 في برشلونة.",
        ),
        members=(
            "أعضاء الجمعية الإقليمية والمحلية الأورومتوسطية هم ممثلو السلطات الإقليمية "
            "والمحلية من الدول الأعضاء الـ 43 في الاتحاد من أجل المتوسط. ويقدر عدد المقاعد "
            "المخصصة لبلدنا داخل هذه المنظمة بـأربعة 04 مقاعد."
        ),
        member_names=(("بلدنا", "country"),),
        country_count=43,
        algeria_seats=4,
    ),
    "medcities": MinistryFacts(
        facts=(
            "ماد سيتي هو اتحاد لمدن المتوسط تم إنشاؤه في عام 1991 في برشلونة بهدف دعم "
            "حماية البيئة وتعزيز التنمية الحضرية المستدامة في المنطقة ، من خلال منظور محلي.",
            "تضم الشبكة حاليا 73 مدينة من المدن المطلة على حوض البحر الأبيض المتوسط.",
        ),
        members="مدينتي عنابة ووهران أعضاء في هذه الشبكة.",
        member_names=(("عنابة", "commune"), ("وهران", "commune")),
        member_count=73,
    ),
    "oicc": MinistryFacts(
        facts=(
            "منظمة العواصم والمدن الإسلامية ، هي منظمة دولية تابعة لمنظمة التعاون الإسلامي، "
            "تأسست سنة 1980، ومقرها في مكة المكرمة.",
            "وتضم المنظمة حاليا 189 عضوا من بينهم 162 عاصمة.",
        ),
        members="بلدية الجزائر الوسطى عضو في هذه المنظمة.",
        member_names=(("الجزائر الوسطى", "commune"),),
        member_count=189,
        seat_ar="مكة المكرمة",
    ),
    "oimve": MinistryFacts(
        facts=(
            "تم إنشاؤه اثر التزام رؤساء 23 بلدية من أربع قارات ، بمناسبة انعقاد القمة الدولية "
            "لرؤساء البلديات حول العيش معًا ، في مونتريال بكندا ، في يونيو 2015.",
        ),
        members="ولاية الجزائر عضو في هذه الشبكة.",
        member_names=(("الجزائر", "wilaya"),),
    ),
    "unesco-gnlc": MinistryFacts(
        facts=(
            "شبكة اليونسكو العالمية للمدن المتعلمة هي واحدة من الشبكات الثمانية التي تشكل "
            "منصة مدن اليونسكو.",
            "تضم 294 مدينة من 76 دولة.",
        ),
        members=(
            "بلديات أدرار وعين ماضي (ولاية الأغواط) والجزائر الوسطى وعنابة أعضاء في هذه الشبكة."
        ),
        member_names=(
            ("أدرار", "commune"),
            ("عين ماضي", "commune"),
            ("الجزائر الوسطى", "commune"),
            ("عنابة", "commune"),
        ),
        member_count=294,
        country_count=76,
    ),
}

# Roles other than the default (member; participating-country for a country), as the CSV says.
ROLES: dict[tuple[str, str], str] = {
    ("uclg-africa", "commune-1601"): "office-holder",  # P/APC "acting vice-president"
    ("metropolis", "wilaya-16"): "participant",  # "Participation only – membership not stated"
    ("owhc", "commune-4701"): "participant",  # "Participation, not confirmed membership"
    ("owhc", "commune-1607"): "participant",  # idem
}


@dataclass
class Membership:
    network: Network
    member: URIRef
    role: str
    confidence: str
    sources: set[URIRef] = field(default_factory=set)
    quotes: set[Literal] = field(default_factory=set)  # the ministry's own sentence
    notes: set[Literal] = field(default_factory=set)  # networks.csv's notes, with their grading

    @property
    def official(self) -> bool:
        return MINISTRY_PAGE in self.sources

    @property
    def iri(self) -> URIRef:
        return URIRef(iris.membership(self.network.slug, member_slug(self.member)))


def member_slug(member: URIRef) -> str:
    """'.../id/commune/2301' -> 'commune-2301'."""
    return member.split("/id/", 1)[1].replace("/", "-")


def public_text(note: str) -> str:
    """A team note without its references to files beside the CSV (not published)."""
    for internal, public in INTERNAL_REFERENCES.items():
        note = note.replace(internal, public)
    return note


def _collapse(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class NetworkFacts:
    founded: str
    seat: str
    website: str


# --- the ministry's page ----------------------------------------------------------------------


def check_page(page: str) -> None:
    """Refuse the import when a sentence or name taken from the page is not on it."""
    text = _collapse(page)
    arabic_names = {n.slug: n.ar for n in NETWORKS.values()}
    for slug, facts in MINISTRY.items():
        for sentence in (arabic_names[slug], *facts.facts, facts.members):
            if _collapse(sentence) not in text:
                raise ImportError_(
                    f"{MINISTRY_PAGE_FILE}: the page does not say '{sentence}' "
                    f"(importers/networks.py, MINISTRY['{slug}'])"
                )
        for name, _ in facts.member_names:
            if name not in facts.members:
                raise ImportError_(f"MINISTRY['{slug}']: '{name}' is not in its members sentence")


def _one(resolver: PartyResolver, name: str, kind: str) -> URIRef:
    found = resolver.resolve(name, kind)
    if len(found) != 1:
        raise ValueError(f"'{name}' names {len(found)} collectivities; a membership has one member")
    return found[0]


def ministry_memberships(resolver: PartyResolver) -> dict[tuple[str, URIRef], Membership]:
    networks = {n.slug: n for n in NETWORKS.values()}
    found: dict[tuple[str, URIRef], Membership] = {}
    for slug, facts in MINISTRY.items():
        for name, kind in facts.member_names:
            # 'بلدنا', "our country", on the Algerian ministry's page is Algeria
            try:
                member = ALGERIA if kind == "country" else _one(resolver, name, kind)
            except ValueError as err:
                raise ImportError_(f"{MINISTRY_PAGE_FILE}, MINISTRY['{slug}']: {err}") from None
            membership = Membership(networks[slug], member, _role(slug, member), "high")
            membership.sources.add(MINISTRY_PAGE)
            membership.quotes.add(Literal(facts.members, lang="ar"))
            found[slug, member] = membership
    return found


# --- networks.csv -----------------------------------------------------------------------------


def _role(slug: str, member: URIRef) -> str:
    default = "participating-country" if member == ALGERIA else "member"
    return ROLES.get((slug, member_slug(member)), default)


def _row_member(row: Row, resolver: PartyResolver) -> URIRef:
    name, kind = row["algerian_member"], row["member_kind"]
    try:
        if kind != "country":
            return _one(resolver, name, kind)
        if country_code(name.split(" (", 1)[0]) != "DZ":
            raise ValueError(f"'{name}' is not Algeria, the only country a network row may name")
        return ALGERIA
    except (ValueError, ImportError_) as err:
        raise row.refuse(str(err)) from None


def _add_row(
    row: Row, resolver: PartyResolver, found: dict[tuple[str, URIRef], Membership]
) -> None:
    if network_key(row["network"]) not in NETWORKS:
        raise row.refuse(f"network '{row['network']}' is not in importers/networks.py NETWORKS")
    if not URL.fullmatch(row["source_url"]):
        raise row.refuse(f"source_url '{row['source_url']}' is not an http(s) URL")
    if not (level := CONFIDENCE.search(row["note"])):
        raise row.refuse("the note states no 'Confidence: high|medium|low'")
    network = NETWORKS[network_key(row["network"])]
    member = _row_member(row, resolver)
    membership = found.setdefault(
        (network.slug, member),
        Membership(network, member, _role(network.slug, member), level[1]),
    )
    membership.sources.add(URIRef(row["source_url"]))
    membership.notes.add(Literal(public_text(row["note"])))


def _network_facts(rows: Sequence[Row]) -> dict[str, NetworkFacts]:
    facts: dict[str, NetworkFacts] = {}
    for row in rows:
        these = NetworkFacts(row["founded"], row["seat"], row["website"])
        if facts.setdefault(NETWORKS[network_key(row["network"])].slug, these) != these:
            raise row.refuse("founded, seat or website differ from an earlier row of the network")
    return facts


def _founding(slug: str, founded: str) -> Literal | None:
    """The leading date of `founded` ('May 2004 (Paris)'); none when absent or approximate."""
    lead = founded.split(" (", 1)[0].strip()
    if not lead or lead.startswith("c. "):
        return None
    try:
        return english_literal(lead)
    except ValueError as err:
        raise ImportError_(f"networks.csv, network {slug}: founded {err}") from None


# --- graph ------------------------------------------------------------------------------------


def _add_network(
    graph: Graph, network: Network, facts: NetworkFacts, named_in: set[URIRef]
) -> None:
    """The network, its facts from networks.csv with the pages that state them, else the pages
    that name it (its memberships' sources), and what the ministry's page says of it."""
    iri = URIRef(iris.network(network.slug))
    graph.add((iri, RDF.type, COOP.CityNetwork))
    for text, language in ((network.en, "en"), (network.fr, "fr"), (network.ar, "ar")):
        graph.add((iri, RDFS.label, Literal(text, lang=language)))
    stated = FACT_SOURCES.get(network.slug, ())
    if any((facts.founded, facts.seat, facts.website)) and not stated:
        raise ImportError_(f"networks.csv: no page for the facts of {network.slug} in FACT_SOURCES")
    for source in (URIRef(s) for s in stated) if stated else sorted(named_in):
        graph.add((iri, DCT.source, source))
    founded = FOUNDED_STATED.get(network.slug, facts.founded)
    if founding := _founding(network.slug, founded):
        graph.add((iri, COOP.foundingDate, founding))
    if founded:
        graph.add((iri, SKOS.note, Literal(f"Founded: {founded}", lang="en")))
    if facts.seat:
        graph.add((iri, COOP.seat, Literal(facts.seat, lang="en")))
    if facts.website:
        homepage = facts.website if "://" in facts.website else f"http://{facts.website}"
        graph.add((iri, FOAF.homepage, URIRef(homepage)))
    if ministry := MINISTRY.get(network.slug):
        _add_ministry_facts(graph, iri, ministry)


def _add_ministry_facts(graph: Graph, iri: URIRef, facts: MinistryFacts) -> None:
    graph.add((iri, DCT.source, MINISTRY_PAGE))
    graph.add((iri, SKOS.note, Literal(" … ".join(facts.facts), lang="ar")))
    graph.add((iri, SKOS.note, Literal(MINISTRY_FACTS_NOTE, lang="en")))
    for prop, count in (
        (COOP.memberCount, facts.member_count),
        (COOP.memberCountryCount, facts.country_count),
    ):
        if count is not None:
            graph.add((iri, prop, Literal(count, datatype=XSD.nonNegativeInteger)))
    if facts.seat_ar:
        graph.add((iri, COOP.seat, Literal(facts.seat_ar, lang="ar")))


def _add_membership(graph: Graph, membership: Membership, resolver: PartyResolver) -> None:
    iri = membership.iri
    graph.add((iri, RDF.type, COOP.NetworkMembership))
    for lang in ("en", "fr", "ar"):
        member = resolver.title_name(membership.member, lang)
        network = getattr(membership.network, lang)
        graph.add((iri, RDFS.label, Literal(f"{member} – {network}", lang=lang)))
    graph.add((iri, ORG.member, membership.member))
    graph.add((iri, ORG.organization, URIRef(iris.network(membership.network.slug))))
    graph.add((iri, ORG.role, concept("network-role", membership.role)))
    graph.add((iri, COOP.confidence, concept("confidence", membership.confidence)))
    for source in membership.sources:
        graph.add((source, RDF.type, COOP.SourceDocument))
        graph.add((iri, PROV.wasDerivedFrom, source))
        graph.add((iri, DCT.source, source))
    turtle.add_all(graph, iri, COOP.supportingQuote, membership.quotes)
    if membership.official:
        # The ministry's sentence supports it (high); the CSV notes grade other pages.
        graph.add((iri, SKOS.note, Literal(MINISTRY_NOTE, lang="en")))
        turtle.add_all(graph, iri, SKOS.note, membership.notes)
    else:
        turtle.add_all(graph, iri, COOP.supportingQuote, membership.notes)
    facts = MINISTRY.get(membership.network.slug)
    if facts and facts.algeria_seats and membership.member == ALGERIA:
        seats = Literal(facts.algeria_seats, datatype=XSD.nonNegativeInteger)
        graph.add((iri, COOP.seatCount, seats))


def import_networks(csv_path: Path, out_dir: Path, admin_dir: Path | None = None) -> list[Path]:
    """networks.csv (and ministry-page-ar.txt beside it) -> networks.ttl in out_dir."""
    page_path = csv_path.parent / MINISTRY_PAGE_FILE
    if not page_path.is_file():
        raise ImportError_(
            f"{page_path}: no such file (the ministry page goes beside {csv_path.name})"
        )
    check_page(page_path.read_text(encoding="utf-8"))
    rows = read_rows(csv_path, COLUMNS, "algerian_member")
    resolver = PartyResolver.from_admin_dir(admin_dir)
    found = ministry_memberships(resolver)
    for row in rows:
        _add_row(row, resolver, found)
    graph = Graph()
    facts = _network_facts(rows)
    for network in {membership.network for membership in found.values()}:
        named_in = {s for m in found.values() if m.network == network for s in m.sources}
        _add_network(graph, network, facts.get(network.slug, NetworkFacts("", "", "")), named_in)
    for membership in found.values():
        _add_membership(graph, membership, resolver)
    header = turtle.header(
        "coopgraph import networks (src/coopgraph/importers/networks.py)",
        [
            f"{csv_path.name} ({len(rows)} rows)",
            f"{MINISTRY_PAGE_FILE} (the ministry's page, Arabic version)",
        ],
    )
    return [turtle.write(graph, out_dir / "networks.ttl", header)]

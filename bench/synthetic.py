"""Seeded synthetic data shaped like coopgraph's real graph, for benchmarks only.

    python bench/synthetic.py --triples 100000 --seed 42 --out DIR

Writes, under DIR, `synthetic-<triples>-seed<seed>.ttl` (N-Triples lines, which are valid
Turtle, so `coopgraph build` reads it from a sources root), the same triples as N-Quads in the
named graph `graph/synthetic` (`.nq`, for `oxigraph serve` and pySHACL), and
`synthetic-<triples>-seed<seed>-injected.json`, the record of every SHACL result the generator
planted on purpose (focus node, rule, severity).

The entities mimic what the importers write (`data/`): communes and wilayas with their
wilaya memberships, countries (by the countries importer itself), foreign collectivities,
agreements with 2+ parties, signing dates at the three precisions, themes, types and statuses
from the SKOS schemes, sources with confidence, deliberations and approvals where the
procedure rules ask for them, city networks and memberships. Algerian communes and wilayas
keep the project's IRI scheme (its paths allow digits only); every other minted IRI carries a
`synthetic-` marker, and the graph describes itself as synthetic. Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox
from rdflib import URIRef

from coopgraph import iris
from coopgraph.importers.countries import country_graph
from coopgraph.importers.foreign_names import name_node

REPO = Path(__file__).resolve().parents[1]
SYN = "https://example.org/coopgraph-synthetic/"  # sources, texts: nothing real to point at
GRAPH = iris.graph("synthetic")
DATASET = SYN + "dataset"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SKOSXL = "http://www.w3.org/2008/05/skos-xl#"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
COOP = iris.ONTOLOGY

MAX_COMMUNES = 1541
MAX_WILAYAS = 48  # parties from wilayas 49-58 before 2019 break DC-34: keep the 1984 ones
NOT_CONCLUDED = ("announced", "planned", "in-preparation")


def _table(text: str) -> list[tuple[str, str]]:
    """'a:b c:d' -> [(a, b), (c, d)]: keeps the tables below readable."""
    return [tuple(pair.split(":")) for pair in text.split()]  # type: ignore[misc]


# (latin, arabic) pieces: names stay pronounceable and searchable in both scripts.
PREFIXES = _table(
    "Aïn:عين Sidi:سيدي Oued:وادي Bordj:برج Hassi:حاسي Béni:بني Ksar:قصر Djebel:جبل Ras:رأس"
)
SYLLABLES = _table(
    "ma:ما ren:رين bou:بو ga:غا lo:لو ni:ني sta:ستا vel:فيل ka:كا ro:رو dan:دان ter:تير li:لي "
    "mon:مون sa:سا tor:تور za:زا rah:راح mel:ميل tin:تين ha:ها dja:جا kar:كار nou:نو"
)
# ISO code -> weight: roughly the real registry's spread of partner countries.
FOREIGN = {
    code: int(weight)
    for code, weight in _table(
        "fr:30 es:6 it:6 de:4 be:4 tn:5 ma:2 eh:4 tr:4 cn:3 ru:2 us:2 ca:2 pt:2 gb:2 ps:2 eg:2 "
        "sn:1 ml:1 ne:1 mr:1 jo:1 sy:1 ir:1 id:1 br:1 cu:1 vn:1 bg:1 ba:1 ae:1 qa:1 ly:1 nl:1 "
        "pl:1 ro:1 gr:1 ch:1 jp:1 kr:1"
    )
}
FOREIGN_KINDS = {
    kind: int(weight)
    for kind, weight in _table(
        "city:6 department:1 region:1 province:1 intercommunality:1 metropole:1 governorate:1"
    )
}
TYPE_WEIGHTS = {
    "twinning": 30,
    "decentralized-cooperation-convention": 15,
    "friendship-and-cooperation": 10,
    "cooperation-protocol": 15,
    "memorandum-of-understanding": 8,
    "declaration-of-intent": 5,
    "partnership-agreement": 7,
    "roadmap": 3,
    "cooperation-agreement": 7,
}


@dataclass(frozen=True)
class Injected:
    """A SHACL result the generator planted; validation must report exactly these."""

    focus: str
    rule_id: str
    severity: str  # "violation" | "warning"
    path: str
    what: str


@dataclass
class Generated:
    triples: int
    ttl: Path
    nquads: Path
    injected_file: Path
    counts: dict[str, int]
    injected: list[Injected] = field(default_factory=list)


@dataclass(frozen=True)
class Vocab:
    """Concept IRIs of the project's SKOS schemes, read from ontology/vocab (sorted)."""

    concepts: dict[str, list[str]]
    type_class: dict[str, str]  # agreement-type concept -> its ontology class (closeMatch)

    @classmethod
    def read(cls, root: Path = REPO) -> Vocab:
        store = ox.Store()
        for path in sorted((root / "ontology" / "vocab").glob("*.ttl")):
            store.load(path=str(path), format=ox.RdfFormat.TURTLE)
        concepts: dict[str, list[str]] = {}
        for row in store.query(f"SELECT ?c ?s WHERE {{ ?c <{SKOS}inScheme> ?s }}"):
            name = row["s"].value.rsplit("/", 1)[1]
            concepts.setdefault(name, []).append(row["c"].value)
        type_class = {
            row["c"].value: row["k"].value
            for row in store.query(f"SELECT ?c ?k WHERE {{ ?c <{SKOS}closeMatch> ?k }}")
        }
        return cls({k: sorted(v) for k, v in concepts.items()}, type_class)

    def concept(self, scheme: str, name: str) -> str:
        iri = iris.concept(scheme, name)
        if iri not in self.concepts[scheme]:
            raise KeyError(
                f"{iri} is not in ontology/vocab/{scheme}.ttl: update bench/synthetic.py"
            )
        return iri


def iri(value: str) -> str:
    return f"<{value}>"


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{escaped}"@{lang}'
    return f'"{escaped}"^^<{datatype}>' if datatype else f'"{escaped}"'


def partial_date(year: int, month: int, day: int, precision: int) -> str:
    """A signing date at a source's precision: 0 year, 1 month, 2 day."""
    if precision == 0:
        return lit(f"{year:04d}", datatype=XSD + "gYear")
    if precision == 1:
        return lit(f"{year:04d}-{month:02d}", datatype=XSD + "gYearMonth")
    return lit(f"{year:04d}-{month:02d}-{day:02d}", datatype=XSD + "date")


class Writer:
    """Writes each triple twice: N-Triples (the Turtle source) and N-Quads (graph/synthetic)."""

    def __init__(self, ttl: TextIO, nq: TextIO) -> None:
        self.ttl, self.nq, self.count = ttl, nq, 0
        self.graph = iri(GRAPH)

    def emit(self, s: str, p: str, o: str) -> None:
        self.ttl.write(f"{s} {p} {o} .\n")
        self.nq.write(f"{s} {p} {o} {self.graph} .\n")
        self.count += 1


@dataclass(frozen=True)
class Rates:
    warnings: float = 0.01  # share of agreements and memberships given one planted warning
    violations: float = 0.0  # share given one planted violation (the build refuses violations)


class Generator:
    def __init__(self, target: int, seed: int, rates: Rates, vocab: Vocab, out: Writer) -> None:
        self.target, self.seed, self.rates, self.vocab, self.out = target, seed, rates, vocab, out
        self.rng = random.Random(seed)
        self.injected: list[Injected] = []
        self.counts: dict[str, int] = {}
        self.communes: list[tuple[str, str]] = []  # (iri, french name)
        self.wilayas: list[tuple[str, str]] = []
        self.wilaya_arabic: dict[int, str] = {}
        self.foreign: list[tuple[str, str, str]] = []  # (iri, name, iso code)
        self.sources: list[str] = []
        self.agreements: list[str] = []

    # -- helpers ----------------------------------------------------------------------------
    def t(self, s: str, p: str, o: str) -> None:
        self.out.emit(s, p, o)

    def skewed(self, items: Sequence[object]) -> object:
        """Hubs: a few communes and partners sign many agreements, most sign one or two."""
        return items[int(len(items) * self.rng.random() ** 2.5)]

    def name(self, parts: int) -> tuple[str, str]:
        picks = [self.rng.choice(SYLLABLES) for _ in range(parts)]
        latin = "".join(p[0] for p in picks).capitalize()
        return latin, "".join(p[1] for p in picks)

    def place_name(self) -> tuple[str, str]:
        latin, arabic = self.name(self.rng.randint(2, 3))
        if self.rng.random() < 0.4:
            prefix = self.rng.choice(PREFIXES)
            return f"{prefix[0]} {latin}", f"{prefix[1]} {arabic}"
        return latin, arabic

    def inject(self, rate: float) -> bool:
        """A seeded draw; a zero rate draws nothing, so it leaves the rest of the data as is."""
        return rate > 0 and self.rng.random() < rate

    def record(self, focus: str, rule: str, severity: str, path: str, what: str) -> None:
        self.injected.append(Injected(focus, rule, severity, path, what))

    # -- entities ---------------------------------------------------------------------------
    def header(self) -> None:
        g = iri(DATASET)
        self.t(g, iri(RDF + "type"), iri(PROV + "Entity"))
        self.t(g, iri(RDF + "type"), iri(SCHEMA + "Dataset"))
        self.t(g, iri(DCT + "title"), lit(f"Synthetic benchmark data (seed {self.seed})", "en"))
        self.t(g, iri(DCT + "creator"), lit("bench/synthetic.py"))
        self.t(
            g,
            iri(DCT + "description"),
            lit(
                f"SYNTHETIC data generated by bench/synthetic.py (seed {self.seed}, about "
                f"{self.target} triples) for coopgraph's benchmarks. None of these agreements, "
                "collectivities, names or sources is real.",
                "en",
            ),
        )
        self.t(iri(GRAPH), iri(DCT + "description"), lit("SYNTHETIC benchmark graph", "en"))
        self.t(iri(GRAPH), iri(PROV + "wasDerivedFrom"), g)

    def countries(self) -> None:
        lines = country_graph([*(c.upper() for c in FOREIGN), "DZ"]).serialize(format="nt")
        for line in sorted(x for x in lines.splitlines() if x.strip()):
            s, p, o = line.rstrip(" .").split(" ", 2)
            self.t(s, p, o)
        self.counts["countries"] = len(FOREIGN) + 1

    def admin(self) -> None:
        n_communes = max(12, min(MAX_COMMUNES, self.target * 12 // 100 // 18))
        n_wilayas = max(2, min(MAX_WILAYAS, n_communes // 27 + 1))
        dz, kind = iri(iris.country("dz")), iris.concept("collectivity-kind", "wilaya")
        for w in range(1, n_wilayas + 1):
            latin, arabic = self.place_name()
            s = iri(iris.wilaya(w))
            self.collectivity(s, "Wilaya", latin, arabic, kind, dz)
            self.t(s, iri(COOP + "validFrom"), lit("1984-02-04", datatype=XSD + "date"))
            self.t(s, iri(COOP + "wilayaCode"), lit(f"{w:02d}"))
            self.wilayas.append((iris.wilaya(w), latin))
            self.wilaya_arabic[w] = arabic
        for i in range(n_communes):
            self.commune(i, n_wilayas, dz)
        self.counts.update(wilayas=n_wilayas, communes=n_communes)

    def collectivity(self, s: str, cls: str, latin: str, arabic: str, kind: str, dz: str) -> None:
        self.t(s, iri(RDF + "type"), iri(COOP + cls))
        self.t(s, iri(DCT + "source"), iri(DATASET))
        self.t(s, iri(RDFS + "label"), lit(latin, "fr"))
        self.t(s, iri(RDFS + "label"), lit(arabic, "ar"))
        self.t(s, iri(COOP + "collectivityKind"), iri(kind))
        self.t(s, iri(COOP + "country"), dz)

    def commune(self, i: int, n_wilayas: int, dz: str) -> None:
        w, number = i % n_wilayas + 1, i // n_wilayas + 1
        code = w * 100 + number
        latin, arabic = self.place_name()
        s = iri(iris.commune(code))
        self.collectivity(
            s, "Commune", latin, arabic, iris.concept("collectivity-kind", "commune"), dz
        )
        if self.rng.random() < 0.3:
            self.t(s, iri(RDFS + "label"), lit(latin, "en"))
        if self.rng.random() < 0.2:
            self.t(s, iri(SKOS + "altLabel"), lit(latin.replace("ou", "u"), "fr"))
        code_text = f"{code:04d}"
        if self.inject(self.rates.violations):
            code_text = str(code)  # drops the leading zero: not four digits
            self.record(s[1:-1], "DQ-08", "violation", "coop:communeCode", "three-digit code")
        self.t(s, iri(COOP + "communeCode"), lit(code_text))
        self.t(s, iri(COOP + "communeCode1984"), lit(f"{code:04d}"))
        self.t(s, iri(COOP + "inWilaya"), iri(iris.wilaya(w)))
        m = iri(iris.wilaya_membership(code, w))
        self.t(m, iri(RDF + "type"), iri(COOP + "WilayaMembership"))
        wilaya_name = self.wilayas[w - 1][1]
        for lang, word in (("fr", "–"), ("en", "in")):
            label = f"{latin} {word} wilaya {w:02d} {wilaya_name} (1984–)"
            self.t(m, iri(RDFS + "label"), lit(label, lang))
        ar_label = f"{arabic} – ولاية {w:02d} {self.wilaya_arabic[w]} (1984–)"
        self.t(m, iri(RDFS + "label"), lit(ar_label, "ar"))
        self.t(m, iri(ORG + "member"), s)
        self.t(m, iri(ORG + "organization"), iri(iris.wilaya(w)))
        self.t(m, iri(PROV + "wasDerivedFrom"), iri(DATASET))
        self.t(m, iri(COOP + "validFrom"), lit("1984-02-04", datatype=XSD + "date"))
        self.communes.append((s[1:-1], latin))

    def source_documents(self) -> None:
        for k in range(max(20, self.target // 80)):
            s = f"{SYN}source/synthetic-{k:07d}"
            self.t(iri(s), iri(RDF + "type"), iri(COOP + "SourceDocument"))
            self.sources.append(s)
        self.counts["sources"] = len(self.sources)

    def foreign_collectivities(self) -> None:
        codes = list(FOREIGN)
        weights = [FOREIGN[c] for c in codes]
        kinds, kind_weights = list(FOREIGN_KINDS), list(FOREIGN_KINDS.values())
        for k in range(max(30, self.target * 18 // 100 // 9)):
            code = self.rng.choices(codes, weights)[0]
            kind = self.rng.choices(kinds, kind_weights)[0]
            latin, arabic = self.name(self.rng.randint(2, 4))
            s = iris.collectivity(code, f"synthetic-{latin}-{k}")
            self.t(iri(s), iri(RDF + "type"), iri(COOP + "ForeignCollectivity"))
            self.t(iri(s), iri(DCT + "source"), iri(self.rng.choice(self.sources)))
            self.t(iri(s), iri(RDFS + "label"), lit(latin, "fr"))  # one Latin name (DQ-22)
            if self.rng.random() < 0.6:
                self.arabic_name(s, arabic)
            self.t(
                iri(s),
                iri(COOP + "collectivityKind"),
                iri(self.vocab.concept("collectivity-kind", kind)),
            )
            self.t(iri(s), iri(COOP + "country"), iri(iris.country(code)))
            self.t(iri(s), iri(COOP + "kindNote"), lit(kind))
            self.foreign.append((s, latin, code))
        self.counts["foreign_collectivities"] = len(self.foreign)

    def arabic_name(self, s: str, arabic: str) -> None:
        """A foreign collectivity's Arabic name with its own source and confidence (DQ-24)."""
        node = iri(str(name_node(URIRef(s), "ar")))
        self.t(iri(s), iri(RDFS + "label"), lit(arabic, "ar"))
        self.t(iri(s), iri(SKOSXL + "prefLabel"), node)
        self.t(node, iri(RDF + "type"), iri(SKOSXL + "Label"))
        self.t(node, iri(SKOSXL + "literalForm"), lit(arabic, "ar"))
        self.t(node, iri(DCT + "source"), iri(DATASET))
        self.t(node, iri(COOP + "confidence"), iri(self.vocab.concept("confidence", "medium")))

    def networks(self) -> None:
        n_networks = max(3, min(40, self.target // 25_000))
        roles = [
            self.vocab.concept("network-role", r)
            for r in ("member", "participant", "office-holder")
        ]
        confidences = self.vocab.concepts["confidence"]
        seen: set[str] = set()
        nets = []
        for k in range(n_networks):
            latin, arabic = self.name(3)
            s = iris.network(f"synthetic-network-{k}")
            self.t(iri(s), iri(RDF + "type"), iri(COOP + "CityNetwork"))
            self.t(iri(s), iri(RDFS + "label"), lit(f"{latin} Cities Network", "en"))
            self.t(iri(s), iri(RDFS + "label"), lit(f"Réseau des villes {latin}", "fr"))
            self.t(iri(s), iri(RDFS + "label"), lit(f"شبكة مدن {arabic}", "ar"))
            self.t(
                iri(s),
                iri(COOP + "foundingDate"),
                lit(str(self.rng.randint(1950, 2015)), datatype=XSD + "gYear"),
            )
            nets.append((s, latin))
        members = self.communes + self.wilayas + [(f[0], f[1]) for f in self.foreign]
        n_memberships = max(10, self.target * 3 // 100 // 9)
        for _ in range(n_memberships):
            net, net_name = self.rng.choice(nets)
            member, member_name = self.skewed(members)  # type: ignore[misc]
            slug = iris.slugify(member.split("/id/", 1)[1])
            m = iris.membership(net.rsplit("/", 1)[1], slug)
            if m in seen:
                continue
            seen.add(m)
            self.membership(m, net, net_name, member, member_name, roles, confidences)
        self.counts.update(networks=n_networks, memberships=len(seen))

    def membership(
        self,
        m: str,
        net: str,
        net_name: str,
        member: str,
        member_name: str,
        roles: list[str],
        confidences: list[str],
    ) -> None:
        source = self.rng.choice(self.sources)
        s = iri(m)
        self.t(s, iri(RDF + "type"), iri(COOP + "NetworkMembership"))
        self.t(s, iri(DCT + "source"), iri(source))
        self.t(s, iri(RDFS + "label"), lit(f"{member_name} – {net_name} Cities Network", "en"))
        self.t(s, iri(RDFS + "label"), lit(f"{member_name} – Réseau des villes {net_name}", "fr"))
        self.t(s, iri(RDFS + "label"), lit(f"{member_name} – شبكة مدن {net_name}", "ar"))
        self.t(s, iri(ORG + "member"), iri(member))
        self.t(s, iri(ORG + "organization"), iri(net))
        self.t(s, iri(ORG + "role"), iri(self.rng.choice(roles)))
        if self.inject(self.rates.warnings):
            self.record(m, "DQ-02", "warning", "prov:wasDerivedFrom", "membership without source")
        else:
            self.t(s, iri(PROV + "wasDerivedFrom"), iri(source))
        self.t(s, iri(COOP + "confidence"), iri(self.rng.choice(confidences)))
        self.t(
            s,
            iri(COOP + "validFrom"),
            lit(str(self.rng.randint(1995, 2024)), datatype=XSD + "gYear"),
        )

    # -- agreements -------------------------------------------------------------------------
    def agreements_until_target(self) -> None:
        types = list(TYPE_WEIGHTS)
        weights = [TYPE_WEIGHTS[t] for t in types]
        statuses = [s.rsplit("/", 1)[1] for s in self.vocab.concepts["agreement-status"]]
        while self.out.count < self.target:
            self.agreement(len(self.agreements), self.rng.choices(types, weights)[0], statuses)
        self.counts["agreements"] = len(self.agreements)

    def agreement(self, k: int, type_name: str, statuses: list[str]) -> None:
        rng, v = self.rng, self.vocab
        ident = f"SYNTHETIC-AGR-{k:07d}"
        a = iris.agreement(ident)
        s = iri(a)
        type_concept = v.concept("agreement-type", type_name)
        algerian = [self.skewed(self.communes) if rng.random() < 0.85 else rng.choice(self.wilayas)]
        first = self.skewed(self.foreign)
        foreign = [first]
        if rng.random() < 0.1:
            foreign.append(rng.choice(self.foreign))
        year = min(2025, max(1990, int(rng.triangular(1990, 2026, 2016))))
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        status = rng.choice(statuses) if rng.random() < 0.5 else None
        concluded = status not in NOT_CONCLUDED
        source = rng.choice(self.sources)
        self.t(s, iri(RDF + "type"), iri(v.type_class[type_concept]))
        self.t(s, iri(DCT + "identifier"), lit(ident))
        self.t(s, iri(DCT + "source"), iri(source))
        words = type_name.replace("-", " ")
        self.t(s, iri(RDFS + "label"), lit(f"{algerian[0][1]} – {first[1]}: {words}", "en"))  # type: ignore[index]
        self.t(s, iri(RDFS + "label"), lit(f"{algerian[0][1]} – {first[1]} : {words}", "fr"))  # type: ignore[index]
        self.t(s, iri(RDFS + "label"), lit(f"اتفاقية بين {algerian[0][1]} و{first[1]}", "ar"))  # type: ignore[index]
        self.t(s, iri(PROV + "wasDerivedFrom"), iri(source))
        self.t(s, iri(COOP + "agreementType"), iri(type_concept))
        for party in algerian:
            self.t(s, iri(COOP + "algerianParty"), iri(party[0]))  # type: ignore[index]
        for party in dict.fromkeys(f[0] for f in foreign):  # type: ignore[index]
            self.t(s, iri(COOP + "foreignParty"), iri(party))
        self.t(s, iri(COOP + "confidence"), iri(rng.choice(v.concepts["confidence"])))
        self.t(s, iri(COOP + "supportingQuote"), lit(f"Synthetic quote {k}: the parties signed."))
        self.t(s, iri(COOP + "typeNote"), lit(words))
        for theme in rng.sample(v.concepts["theme"], rng.randint(1, 4)):
            self.t(s, iri(COOP + "theme"), iri(theme))
        if status:
            self.t(s, iri(COOP + "status"), iri(v.concept("agreement-status", status)))
        if self.agreements and rng.random() < 0.05:
            self.t(s, iri(COOP + "continues"), iri(rng.choice(self.agreements)))
        self.dates_and_content(a, ident, year, month, day, concluded)
        if concluded:
            self.procedure(a, type_name, [p[0] for p in algerian], year)  # type: ignore[index]
        self.agreements.append(a)

    def dates_and_content(
        self, a: str, ident: str, year: int, month: int, day: int, concluded: bool
    ) -> None:
        rng, s = self.rng, iri(a)
        planted = self.plant_warning(a) if concluded else None
        if planted != "signingDate":
            precision = rng.choices((0, 1, 2), (1, 2, 7))[0]
            self.t(s, iri(COOP + "signingDate"), partial_date(year, month, day, precision))
        if self.inject(self.rates.violations) and planted != "signingDate":
            self.t(s, iri(COOP + "expiryDate"), lit(str(year - 2), datatype=XSD + "gYear"))
            self.record(a, "DC-17", "violation", "coop:signingDate", "expiry before signing")
        elif rng.random() < 0.25:
            years = rng.randint(3, 10)
            self.t(s, iri(COOP + "durationYears"), lit(str(years), datatype=XSD + "decimal"))
            self.t(s, iri(COOP + "expiryDate"), lit(str(year + years), datatype=XSD + "gYear"))
        if planted != "objective":
            self.t(s, iri(COOP + "objective"), lit(f"Coopération synthétique n° {ident}.", "fr"))
        if planted != "conventionText":
            self.t(s, iri(COOP + "conventionText"), iri(f"{SYN}text/{ident}.pdf"))

    def plant_warning(self, a: str) -> str | None:
        """One missing fact the shapes warn about, on a seeded share of concluded agreements."""
        if not self.inject(self.rates.warnings):
            return None
        missing = self.rng.choice(("signingDate", "objective", "conventionText"))
        rule = "DC-06" if missing == "objective" else "DC-05"
        self.record(a, rule, "warning", f"coop:{missing}", f"no {missing}")
        return missing

    def procedure(self, a: str, type_name: str, algerian: list[str], year: int) -> None:
        """Deliberations and approvals where the procedure rules (DC-10 to DC-14) ask for them."""
        s = iri(a)
        for n, party in enumerate(algerian):
            node = f"_:d{a.rsplit('-', 1)[1]}x{n}"
            self.t(s, iri(COOP + "deliberation"), node)
            self.t(node, iri(RDF + "type"), iri(COOP + "Deliberation"))
            self.t(node, iri(COOP + "deliberatingBody"), iri(party))
            self.t(node, iri(DCT + "date"), lit(str(year - 1), datatype=XSD + "gYear"))
        twinning = type_name == "twinning"
        roles = []
        if twinning and year >= 2011 and "/commune/" in algerian[0]:
            roles.append("wali")
        if year >= 2017 or (twinning and year >= 2012 and "/wilaya/" in algerian[0]):
            roles.append("minister-of-interior")
        for n, role in enumerate(roles):
            node = f"_:p{a.rsplit('-', 1)[1]}x{n}"
            self.t(s, iri(COOP + "approval"), node)
            self.t(node, iri(RDF + "type"), iri(COOP + "Approval"))
            self.t(node, iri(COOP + "approverRole"), iri(self.vocab.concept("authority", role)))
            self.t(node, iri(DCT + "date"), lit(str(year), datatype=XSD + "gYear"))

    def run(self) -> None:
        steps: list[Callable[[], None]] = [
            self.header,
            self.countries,
            self.admin,
            self.source_documents,
            self.foreign_collectivities,
            self.networks,
            self.agreements_until_target,
        ]
        for step in steps:
            step()


def file_stem(triples: int, seed: int) -> str:
    return f"synthetic-{triples}-seed{seed}"


def generate(triples: int, seed: int, out: Path, rates: Rates = Rates()) -> Generated:
    """Write the dataset under `out` (created); same arguments, same bytes."""
    out.mkdir(parents=True, exist_ok=True)
    stem = file_stem(triples, seed)
    ttl, nq, record = out / f"{stem}.ttl", out / f"{stem}.nq", out / f"{stem}-injected.json"
    with ttl.open("w", encoding="utf-8") as t, nq.open("w", encoding="utf-8") as q:
        t.write(
            f"# SYNTHETIC benchmark data: bench/synthetic.py --triples {triples} --seed {seed}\n"
        )
        gen = Generator(triples, seed, rates, Vocab.read(), Writer(t, q))
        gen.run()
    result = Generated(gen.out.count, ttl, nq, record, gen.counts, gen.injected)
    record.write_text(
        json.dumps(
            {
                "triples": gen.out.count,
                "seed": seed,
                "rates": asdict(rates),
                "counts": gen.counts,
                "injected": [asdict(i) for i in gen.injected],
            },
            indent=1,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="target triple count")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True, help="output folder (never data/)")
    parser.add_argument("--warnings", type=float, default=Rates.warnings)
    parser.add_argument("--violations", type=float, default=Rates.violations)
    args = parser.parse_args()
    if args.out.resolve().is_relative_to(REPO / "data"):
        parser.error("synthetic data never goes into data/: choose another --out folder")
    done = generate(args.triples, args.seed, args.out, Rates(args.warnings, args.violations))
    print(
        f"{done.triples:,} triples -> {done.ttl}, {done.nquads}; "
        f"{len(done.injected)} planted results -> {done.injected_file}; {done.counts}"
    )


if __name__ == "__main__":
    main()

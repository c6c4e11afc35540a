"""agreements.csv -> data/agreements/agreements.ttl and collectivities.ttl.

One coop:CooperationAgreement per row, IRI from the row's id; Algerian parties resolved
against the committed admin Turtle (parties.py); foreign parties minted once per
(country, name) in collectivities.ttl; type, status, themes, kind and confidence mapped to
the SKOS schemes through the tables of this package. Any row that cannot be mapped is refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pycountry
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from coopgraph import iris, labels
from coopgraph.importers import additions, identities, turtle
from coopgraph.importers.agreement_types import (
    AGREEMENT_TYPES,
    TITLE_LANGUAGES,
    title_word,
    type_key,
)
from coopgraph.importers.dates import iso_literal
from coopgraph.importers.foreign_names import (
    QUOTED_ARABIC,
    QuotedName,
    add_arabic_name,
    geonames_arabic,
    split_gloss,
)
from coopgraph.importers.kinds import KINDS
from coopgraph.importers.name_languages import name_language
from coopgraph.importers.parties import PartyResolver
from coopgraph.importers.rows import ImportError_, Row, check_unique_ids, read_rows
from coopgraph.importers.statuses import STATUSES
from coopgraph.importers.themes import THEMES
from coopgraph.importers.turtle import COOP, DCT, PROV, SKOS
from coopgraph.importers.vocab import close_match, concept, label

COLUMNS = (
    "id",
    "algerian_party",
    "algerian_party_kind",
    "foreign_party",
    "foreign_party_kind",
    "country",
    "agreement_type",
    "signing_date",
    "themes",
    "status",
    "source_url",
    "note",
    "confidence",
)
V = TypeVar("V")
CONFIDENCE_LEVELS = ("high", "medium", "low")
URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")

# Rows that name several foreign collectivities on one line: (name, kind wording) each.
FOREIGN_SPLITS: dict[str, tuple[tuple[str, str], ...]] = {
    # Sétif's 2006 convention: "la mairie de Lyon" and the Grand Lyon (DZA-AGR-005).
    "Ville de Lyon / Grand Lyon": (
        ("Ville de Lyon", "city"),
        ("Grand Lyon", "metropolitan authority"),
    ),
    "Gouvernorats de Kasserine, Gafsa et Tozeur": (
        ("Gouvernorat de Kasserine", "governorate"),
        ("Gouvernorat de Gafsa", "governorate"),
        ("Gouvernorat de Tozeur", "governorate"),
    ),
    "Régions de Kidal, Taoudénit et Ménaka": (
        ("Région de Kidal", "region (gouvernorat)"),
        ("Région de Taoudénit", "region (gouvernorat)"),
        ("Région de Ménaka", "region (gouvernorat)"),
    ),
}

# Algerian co-signatories a row names outside its algerian_party column, with the words
# that must appear in the row for the entry to apply.
CO_SIGNATORIES: dict[str, tuple[tuple[str, str], str]] = {
    # "decentralised cooperation convention (with APW Boumerdès as co-signatory)"
    "DZA-AGR-033": (("Boumerdès", "wilaya"), "APW Boumerdès as co-signatory"),
}

# Rows that renew, amend or relaunch the act an earlier row records, as the CSV says.
CONTINUES: dict[str, str] = {
    "DZA-AGR-006": "DZA-AGR-005",  # "convention (renewal)" of "le partenariat engagé en 2006"
    "DZA-AGR-059": "DZA-AGR-058",  # "amendment to 1999 declaration": 058, of 21 March 1999
    "DZA-AGR-067": "DZA-AGR-097",  # the status of 097: "renewed 2012 (DZA-AGR-067)"
    "DZA-AGR-085": "DZA-AGR-084",  # protocol "relaunching the twinning" of 1981/1982 (084)
    "DZA-AGR-090": "DZA-AGR-089",  # "accord de jumelage, renewal" of the 1984 convention (089)
    "DZA-AGR-094": "DZA-AGR-029",  # "relance un jumelage qui date de 1998", i.e. that of 029
}
CONTINUATION = re.compile(r"renew|amend|relaunch|relanc|renouvel", re.IGNORECASE)

SAHRAWI_NOTE = (
    "Foreign party is an administrative unit of the Sahrawi Arab Democratic Republic "
    "(refugee-camp wilaya/daïra near Tindouf or Polisario-held zone); country coded EH "
    "(Western Sahara), as the method of the agreements list states."
)


@dataclass
class Collectivity:
    name: str
    country: str
    kind: str | None
    kind_notes: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)  # the names merged into this one
    arabic: tuple[str, URIRef, QuotedName] | None = None  # (name, source, table entry)
    geonames_arabic: str | None = None  # from `coopgraph import geo` (data/geo/names-ar.ttl)

    def names(self) -> list[Literal]:
        """Its labels: the CSV's name without gloss, tagged, and the Arabic name if known."""
        found = [Literal(split_gloss(self.name).label, lang=name_language(self.name, self.country))]
        arabic = self.arabic[0] if self.arabic else self.geonames_arabic
        return found + ([Literal(arabic, lang="ar")] if arabic else [])


@dataclass
class ForeignParties:
    """The foreign collectivities met so far, one per IRI."""

    found: dict[URIRef, Collectivity] = field(default_factory=dict)

    def add(self, row: Row, name: str, kind_wording: str) -> URIRef:
        kind = _kind(row, kind_wording)
        kept = identities.kept_name(row["country"], name)
        iri = URIRef(iris.collectivity(row["country"], kept))
        known = self.found.setdefault(iri, Collectivity(kept, row["country"], kind))
        if known.name != kept:
            raise row.refuse(f"foreign party '{name}' gets the IRI of '{known.name}' ({iri})")
        if kept != name:  # merged: its level may be unstated, the name stays findable
            known.aliases.add(name)
        elif known.kind != kind:
            raise row.refuse(
                f"foreign party '{name}' has kind '{kind}' here, '{known.kind}' before"
            )
        known.kind_notes.add(kind_wording)
        known.sources.add(row["source_url"])
        quoted = QUOTED_ARABIC.get(name)
        if quoted and quoted.row == row.id:
            if quoted.arabic not in row["note"]:
                raise row.refuse(
                    f"QUOTED_ARABIC gives '{name}' the Arabic name «{quoted.arabic}», "
                    "which the row's quote does not write"
                )
            known.arabic = (quoted.arabic, URIRef(row["source_url"]), quoted)
        return iri

    def check_quoted(self, rows: Sequence[Row]) -> None:
        """Every QUOTED_ARABIC entry whose row is here met its party (a renamed party would
        silently drop it)."""
        here = {row.id for row in rows}
        met = {c.name for c in self.found.values() if c.arabic}
        expected = {name for name, quoted in QUOTED_ARABIC.items() if quoted.row in here}
        if missing := sorted(expected - met):
            raise ImportError_(
                f"importers/foreign_names.py QUOTED_ARABIC names parties or rows "
                f"the CSV does not have: {missing}"
            )

    def graph(self) -> Graph:
        graph = Graph()
        for iri, party in self.found.items():
            graph.add((iri, RDF.type, COOP.ForeignCollectivity))
            lang = name_language(party.name, party.country)
            name = split_gloss(party.name)
            graph.add((iri, RDFS.label, Literal(name.label, lang=lang)))
            if name.other_name:
                graph.add((iri, SKOS.altLabel, Literal(name.other_name, lang=lang)))
            if name.note:
                graph.add((iri, SKOS.note, Literal(name.note, lang="en")))
            if party.arabic:
                _add_quoted_arabic(graph, iri, *party.arabic)
            graph.add((iri, COOP.country, URIRef(iris.country(party.country))))
            if party.kind:
                graph.add((iri, COOP.collectivityKind, concept("collectivity-kind", party.kind)))
            turtle.add_all(graph, iri, COOP.kindNote, (Literal(n) for n in party.kind_notes))
            turtle.add_all(graph, iri, DCT.source, (URIRef(s) for s in party.sources))
            for alias in party.aliases:
                lang = name_language(alias, party.country)
                graph.add((iri, SKOS.altLabel, Literal(alias, lang=lang)))
            if party.country == "EH":
                graph.add((iri, SKOS.note, Literal(SAHRAWI_NOTE, lang="en")))
        return graph + identities.identity_graph(set(self.found))


def _add_quoted_arabic(graph: Graph, iri: URIRef, name: str, source: URIRef, q: QuotedName) -> None:
    note = f"The Arabic name as the source of {q.row} writes it, in the quote the row keeps."
    if q.why:
        note += f" Confidence {q.confidence}: {q.why}."
    add_arabic_name(graph, iri, name, source, source, q.confidence, note)


# --- mapping one value ------------------------------------------------------------------------


def _concept(row: Row, scheme: str, slug: str) -> URIRef:
    try:
        return concept(scheme, slug)
    except KeyError as err:
        raise row.refuse(str(err)) from None


def _mapped(row: Row, table: dict[str, V], key: str, what: str, scheme: str, module: str) -> V:
    if key not in table:
        raise row.refuse(
            f"{what} '{key}' maps to no concept of vocab/{scheme}; add it to importers/{module}"
        )
    return table[key]


def _kind(row: Row, wording: str) -> str | None:
    return _mapped(row, KINDS, wording.lower(), "kind", "collectivity-kind", "kinds.py")


def _check_country(row: Row) -> None:
    code = row["country"]
    if (
        code == "DZ"
        or not re.fullmatch(r"[A-Z]{2}", code)
        or not pycountry.countries.get(alpha_2=code)
    ):
        raise row.refuse(
            f"country '{code}' is not the ISO 3166-1 alpha-2 code of a foreign country"
        )


def _date(row: Row) -> Literal | None:
    if not row["signing_date"]:
        return None
    try:
        return iso_literal(row["signing_date"])
    except ValueError as err:
        raise row.refuse(f"signing_date {err}") from None


def _source(row: Row) -> URIRef:
    if not URL.fullmatch(row["source_url"]):
        raise row.refuse(f"source_url '{row['source_url']}' is not an http(s) URL")
    return URIRef(row["source_url"])


# --- one agreement --------------------------------------------------------------------------


def _algerian_parties(row: Row, resolver: PartyResolver) -> list[URIRef]:
    names = [(row["algerian_party"], row["algerian_party_kind"])]
    if row.id in CO_SIGNATORIES:
        party, evidence = CO_SIGNATORIES[row.id]
        if evidence not in row["agreement_type"] + row["note"]:
            raise row.refuse(f"CO_SIGNATORIES says '{evidence}', the row does not")
        names.append(party)
    try:
        return [iri for name, kind in names for iri in resolver.resolve(name, kind)]
    except ValueError as err:
        raise row.refuse(str(err)) from None


def _foreign_parties(row: Row, registry: ForeignParties) -> list[URIRef]:
    _check_country(row)
    parts = FOREIGN_SPLITS.get(
        row["foreign_party"], ((row["foreign_party"], row["foreign_party_kind"]),)
    )
    return [registry.add(row, name, kind) for name, kind in parts]


def _themes(row: Row) -> list[URIRef]:
    phrases = [p.strip().lower() for p in row["themes"].split(";") if p.strip()]
    slugs = [s for p in phrases for s in _mapped(row, THEMES, p, "theme", "theme", "themes.py")]
    return [_concept(row, "theme", s) for s in sorted(set(slugs))]


def _classify(graph: Graph, row: Row, iri: URIRef) -> None:
    key = type_key(row["agreement_type"])
    kind = _mapped(
        row, AGREEMENT_TYPES, key, "agreement type", "agreement-type", "agreement_types.py"
    )
    graph.add((iri, COOP.agreementType, _concept(row, "agreement-type", kind)))
    graph.add((iri, RDF.type, close_match("agreement-type", kind)))
    graph.add((iri, COOP.typeNote, Literal(row["agreement_type"])))
    turtle.add_all(graph, iri, COOP.theme, _themes(row))
    if row["themes"]:
        graph.add((iri, COOP.themeNote, Literal(row["themes"])))
    if row["status"]:
        status = _mapped(
            row, STATUSES, row["status"].lower(), "status", "agreement-status", "statuses.py"
        )
        graph.add((iri, COOP.status, _concept(row, "agreement-status", status)))
        graph.add((iri, COOP.statusNote, Literal(row["status"])))
    if row["confidence"] not in CONFIDENCE_LEVELS:
        raise row.refuse(f"confidence '{row['confidence']}' is not high, medium or low")
    graph.add((iri, COOP.confidence, _concept(row, "confidence", row["confidence"])))


def _titles(
    row: Row, resolver: PartyResolver, algerian: list[URIRef], foreign: list[Collectivity]
) -> list[Literal]:
    """'Twinning between Annaba and Dunkerque', 'Jumelage entre Annaba et Dunkerque',
    'توأمة بين عنابة ودونكيرك': per language, the type's word and each party's label in that
    language, else the one the label policy's chain picks (labels.CHAINS)."""
    key = type_key(row["agreement_type"])
    titles = []
    for lang in TITLE_LANGUAGES:
        kind = title_word(key, label("agreement-type", AGREEMENT_TYPES[key], lang), lang)
        ours = [resolver.title_name(iri, lang) for iri in algerian]
        theirs = [str(labels.best(party.names(), lang, _tag)) for party in foreign]
        if kind:
            titles.append(Literal(labels.between(kind, ours, theirs, lang), lang=lang))
    return titles


def _tag(literal: Literal) -> str | None:
    return literal.language


def _add_agreement(
    graph: Graph, row: Row, resolver: PartyResolver, registry: ForeignParties
) -> None:
    iri = URIRef(iris.agreement(row.id))
    source = _source(row)
    graph.add((iri, DCT.identifier, Literal(row.id)))
    algerian = _algerian_parties(row, resolver)
    foreign = _foreign_parties(row, registry)
    turtle.add_all(graph, iri, COOP.algerianParty, algerian)
    turtle.add_all(graph, iri, COOP.foreignParty, foreign)
    if date := _date(row):
        graph.add((iri, COOP.signingDate, date))
    _classify(graph, row, iri)  # first: it refuses a type the titles could not name
    parties = [registry.found[f] for f in foreign]
    turtle.add_all(graph, iri, RDFS.label, _titles(row, resolver, algerian, parties))
    graph.add((source, RDF.type, COOP.SourceDocument))
    graph.add((iri, PROV.wasDerivedFrom, source))
    graph.add((iri, DCT.source, source))
    if row["note"]:
        graph.add((iri, COOP.supportingQuote, Literal(row["note"])))


def _add_continuations(graph: Graph, rows: Sequence[Row]) -> None:
    by_id = {row.id: row for row in rows}
    for later, earlier in CONTINUES.items():
        if later not in by_id:
            continue
        row = by_id[later]
        if earlier not in by_id:
            raise row.refuse(f"CONTINUES says it continues {earlier}, which is not in the file")
        if not CONTINUATION.search(" ".join((row["agreement_type"], row["status"], row["note"]))):
            raise row.refuse(
                f"CONTINUES says it continues {earlier}; "
                "its text says no renewal, amendment or relaunch"
            )
        graph.add((URIRef(iris.agreement(later)), COOP.continues, URIRef(iris.agreement(earlier))))


def import_agreements(
    csv_path: Path, out_dir: Path, admin_dir: Path | None = None, geo_dir: Path | None = None
) -> list[Path]:
    """agreements.csv, and out_dir/additions.csv when present (additions.py) ->
    agreements.ttl and collectivities.ttl in out_dir.

    Algerian parties are looked up in admin_dir (default: the project's data/admin); the
    Arabic names GeoNames gives foreign parties in geo_dir (default: data/geo), when there."""
    shared = read_rows(csv_path, COLUMNS, "id")
    check_unique_ids(shared)
    own = additions.read_additions(out_dir / additions.FILE_NAME, COLUMNS)
    rows = additions.merge(shared, own)
    resolver = PartyResolver.from_admin_dir(admin_dir)
    registry = ForeignParties()
    from_geonames = geonames_arabic(geo_dir)
    for row in rows:  # every party first: a title names parties in every language
        for iri in _foreign_parties(row, registry):
            registry.found[iri].geonames_arabic = from_geonames.get(iri)
    registry.check_quoted(rows)
    graph = Graph()
    for row in rows:
        _add_agreement(graph, row, resolver, registry)
        if why := additions.revision(row):
            graph.add((URIRef(iris.agreement(row.id)), SKOS.changeNote, Literal(why, lang="en")))
    _add_continuations(graph, rows)
    read = f"{csv_path.name} ({len(shared)} rows)"
    if own:
        read += f" and {additions.FILE_NAME} ({len(own)} rows)"
    header = turtle.header(
        "coopgraph import agreements (src/coopgraph/importers/agreements.py)",
        [f"{read}; each resource cites the pages it was read from"],
    )
    return [
        turtle.write(graph, out_dir / "agreements.ttl", header),
        turtle.write(registry.graph(), out_dir / "collectivities.ttl", header),
    ]

"""Wilayas, communes and each commune's wilaya over time, from the administrative lists.

Codes, French names and the 48/58 crosswalk come from TransformaTek `dz-admin` (the backbone);
the Arabic commune names TransformaTek lacks, the accents of wilaya names and alternative
spellings come from othmanus `algeria-cities` (see communes_ar.py for the pairing). Which form
labels a commune or wilaya is reconciled in admin_names.py (with the reviewed table
data/admin/names-reviewed.csv); the wilayas' creation, the membership periods and the 2019 code
reuse in admin_history.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from coopgraph import iris, sources
from coopgraph.importers import additions, admin_history, admin_names, communes_ar, turtle
from coopgraph.importers.admin_history import Period
from coopgraph.importers.admin_names import REVIEWED_FILE, Choice, Review
from coopgraph.importers.announced import announced_graph
from coopgraph.importers.communes_ar import Commune, Match, OthmanusCommune
from coopgraph.importers.countries import country_graph
from coopgraph.importers.datasets import OTHMANUS, TRANSFORMATEK
from coopgraph.importers.rows import ImportError_, Row, read_rows
from coopgraph.importers.text import clean_arabic, clean_latin, compact
from coopgraph.importers.turtle import COOP, DCT, ORG, PROV, SKOS, XSD
from coopgraph.importers.vocab import concept

TRANSFORMATEK_COMMUNES = Path("transformatek-dz-admin/communes_58.csv")
TRANSFORMATEK_WILAYAS = Path("transformatek-dz-admin/wilayas_58.csv")
OTHMANUS_FILE = Path("othmanus-algeria-cities/algeria_cities.csv")

FIRST_2019_WILAYA = admin_history.FIRST_2019_WILAYA
WILAYA_COUNT = 58
ALGERIA = URIRef(iris.country("dz"))

TABELBALA = 5207
TABELBALA_NOTE = (
    "Placed in wilaya 52 Béni Abbès, as the Journal officiel has it: Law 19-12 of 11 December "
    "2019 (art. 52 bis 3) lists Tabelbala among the ten communes of Béni Abbès, and so does "
    "TransformaTek. The othmanus/algeria-cities list still puts it in wilaya 08 Béchar "
    "(a finding of the team's comparison of the two lists); before 2019 it was a commune of "
    "Béchar."
)


@dataclass(frozen=True)
class Wilaya:
    code: int
    name: str
    name_ar: str


@dataclass(frozen=True)
class SourceCommune:
    commune: Commune
    code_1984: int
    name_ar: str


@dataclass(frozen=True)
class Name:
    text: str
    source: URIRef


# --- reading ---------------------------------------------------------------------------------


def _int(row: Row, column: str) -> int:
    if not row[column].isdigit():
        raise row.refuse(f"{column} '{row[column]}' is not a number")
    return int(row[column])


def read_wilayas(path: Path) -> list[Wilaya]:
    rows = read_rows(path, ("code", "nom", "nom_ar"), "code")
    wilayas = [
        Wilaya(_int(r, "code"), clean_latin(r["nom"]), clean_arabic(r["nom_ar"])) for r in rows
    ]
    if sorted(w.code for w in wilayas) != list(range(1, WILAYA_COUNT + 1)):
        raise ImportError_(f"{path.name}: the codes are not exactly 01 to {WILAYA_COUNT}")
    return wilayas


def _source_commune(row: Row) -> SourceCommune:
    code, code_1984, wilaya = _int(row, "code_58"), _int(row, "code_48"), _int(row, "code_wil")
    if code // 100 != wilaya or not 1 <= wilaya <= WILAYA_COUNT:
        raise row.refuse(f"code_58 {code} is not a commune code of wilaya {wilaya}")
    if not 1 <= code_1984 // 100 < FIRST_2019_WILAYA:
        raise row.refuse(f"code_48 {code_1984} is not a commune code of the 48 wilayas")
    if wilaya < FIRST_2019_WILAYA and code_1984 // 100 != wilaya:
        raise row.refuse(f"a commune of wilaya {wilaya} cannot come from wilaya {code_1984 // 100}")
    commune = Commune(code, wilaya, code_1984 // 100, clean_latin(row["nom"]))
    return SourceCommune(commune, code_1984, clean_arabic(row["nom_ar"]))


def read_communes(path: Path) -> list[SourceCommune]:
    columns = ("code_wil", "code_48", "code_58", "nom", "nom_ar")
    communes = [_source_commune(row) for row in read_rows(path, columns, "code_58")]
    for codes in ([c.commune.code for c in communes], [c.code_1984 for c in communes]):
        if twice := sorted(c for c, n in Counter(codes).items() if n > 1):
            raise ImportError_(f"{path.name}: commune code(s) used twice: {twice}")
    return communes


def read_othmanus(path: Path) -> tuple[list[OthmanusCommune], dict[int, tuple[str, str]]]:
    """The othmanus communes, and each wilaya's (Latin, Arabic) name."""
    columns = ("id", "commune_name", "commune_name_ascii", "wilaya_code", "wilaya_name")
    communes: list[OthmanusCommune] = []
    wilayas: dict[int, tuple[str, str]] = {}
    for row in read_rows(path, (*columns, "wilaya_name_ascii"), "id"):
        wilaya = _int(row, "wilaya_code")
        communes.append(
            OthmanusCommune(row.id, wilaya, row["commune_name_ascii"], row["commune_name"])
        )
        names = (clean_latin(row["wilaya_name_ascii"]), clean_arabic(row["wilaya_name"]))
        if wilayas.setdefault(wilaya, names) != names:
            raise row.refuse(f"wilaya {wilaya} is named differently on an earlier line")
    return communes, wilayas


# --- wilayas ---------------------------------------------------------------------------------


def wilaya_label(wilaya: Wilaya, othmanus_name: str) -> Name:
    """TransformaTek's name, or othmanus's accented form of the same name when TransformaTek's
    is plain ASCII ('Setif' -> 'Sétif', 'Msila' -> 'M'Sila')."""
    if wilaya.name.isascii() and compact(othmanus_name) == compact(wilaya.name):
        return Name(othmanus_name, OTHMANUS.iri)
    return Name(wilaya.name, TRANSFORMATEK.iri)


def _add_names(graph: Graph, iri: URIRef, names: dict[str, Choice]) -> None:
    """The chosen form of each language as the label, the other source forms as alternatives,
    the sources of the chosen forms, and why a reviewed form was chosen."""
    for language, choice in names.items():
        if not choice.chosen:
            continue
        graph.add((iri, RDFS.label, Literal(choice.chosen, lang=language)))
        for source in choice.sources:
            graph.add((iri, DCT.source, source))
        for alternative, source in choice.alternatives:
            graph.add((iri, SKOS.altLabel, Literal(alternative, lang=language)))
            graph.add((iri, DCT.source, source))
        if choice.review:
            note = f"Name ({language}) '{choice.chosen}': {choice.review.reason}"
            graph.add((iri, SKOS.note, Literal(note, lang="en")))


def wilaya_names(
    wilaya: Wilaya, othmanus: tuple[str, str], reviewed: dict[tuple[str, int, str], Review]
) -> dict[str, Choice]:
    """TransformaTek's names, where its French name is plain ASCII othmanus's accented form of
    the same name ('Setif' -> 'Sétif', 'Msila' -> 'M'Sila')."""
    label = wilaya_label(wilaya, othmanus[0])
    return admin_names.choices(
        "wilaya", wilaya.code, (label.text, wilaya.name_ar), othmanus, reviewed
    )


def _add_wilaya(graph: Graph, wilaya: Wilaya, names: dict[str, Choice], othmanus_name: str) -> None:
    iri = URIRef(iris.wilaya(wilaya.code))
    created, instrument = admin_history.wilaya_creation(wilaya.code)
    graph.add((iri, RDF.type, COOP.Wilaya))
    _add_names(graph, iri, names)
    graph.add((iri, COOP.wilayaCode, Literal(f"{wilaya.code:02d}")))
    graph.add((iri, COOP.country, ALGERIA))
    graph.add((iri, COOP.collectivityKind, concept("collectivity-kind", "wilaya")))
    graph.add((iri, COOP.validFrom, _date(created)))
    graph.add((iri, COOP.establishedBy, instrument))
    graph.add((iri, DCT.source, TRANSFORMATEK.iri))
    if wilaya_label(wilaya, othmanus_name).source == OTHMANUS.iri:  # othmanus's accents
        graph.add((iri, DCT.source, OTHMANUS.iri))


def wilaya_graph(
    wilayas: Sequence[Wilaya],
    names: dict[int, dict[str, Choice]],
    othmanus: dict[int, tuple[str, str]],
) -> Graph:
    graph = Graph()
    TRANSFORMATEK.add_to(graph)
    OTHMANUS.add_to(graph)
    for wilaya in wilayas:
        _add_wilaya(graph, wilaya, names[wilaya.code], othmanus[wilaya.code][0])
    return graph


# --- communes and their wilaya over time -----------------------------------------------------


def commune_names(
    commune: SourceCommune, match: Match | None, reviewed: dict[tuple[str, int, str], Review]
) -> dict[str, Choice]:
    other = (match.othmanus.name, clean_arabic(match.othmanus.name_ar)) if match else ("", "")
    own = (commune.commune.name, commune.name_ar)
    return admin_names.choices("commune", commune.commune.code, own, other, reviewed)


def _date(text: str) -> Literal:
    """A date at the precision known: a day or a month."""
    return Literal(text, datatype=XSD.date if len(text) == 10 else XSD.gYearMonth)


# A membership's label per language: the commune and the wilaya by their names in that language
# (English pages name them by their official French names, the label policy of docs/data.md).
MEMBERSHIP_LABELS = {
    "fr": ("fr", "{commune} – wilaya {code:02d} {wilaya} ({span})"),
    "en": ("fr", "{commune} in wilaya {code:02d} {wilaya} ({span})"),
    "ar": ("ar", "{commune} – ولاية {code:02d} {wilaya} ({span})"),
}


def _add_membership(
    graph: Graph,
    commune: Commune,
    names: dict[str, Choice],
    period: Period,
    wilaya_names: dict[str, Choice],
) -> None:
    again = period.instrument == admin_history.ORDINANCE_2021  # El Borma's return to 30
    iri = URIRef(iris.wilaya_membership(commune.code, period.wilaya, period.start if again else ""))
    span = f"{period.start[:4]}–{period.end[:4] if period.end else ''}"
    graph.add((iri, RDF.type, COOP.WilayaMembership))
    for lang, (names_in, pattern) in MEMBERSHIP_LABELS.items():
        ours, theirs = names[names_in].chosen, wilaya_names[names_in].chosen
        if ours and theirs:
            label = pattern.format(commune=ours, code=period.wilaya, wilaya=theirs, span=span)
            graph.add((iri, RDFS.label, Literal(label, lang=lang)))
    graph.add((iri, ORG.member, URIRef(iris.commune(commune.code))))
    graph.add((iri, ORG.organization, URIRef(iris.wilaya(period.wilaya))))
    graph.add((iri, COOP.validFrom, _date(period.start)))
    if period.end:
        graph.add((iri, COOP.validUntil, _date(period.end)))
    graph.add((iri, COOP.establishedBy, period.instrument))
    for source in period.sources or (TRANSFORMATEK.iri,):
        graph.add((iri, PROV.wasDerivedFrom, source))


def _add_commune(
    graph: Graph, commune: SourceCommune, names: dict[str, Choice], reused: tuple[int, str] | None
) -> None:
    code = commune.commune.code
    iri = URIRef(iris.commune(code))
    graph.add((iri, RDF.type, COOP.Commune))
    _add_names(graph, iri, names)
    graph.add((iri, COOP.communeCode, Literal(f"{code:04d}")))
    graph.add((iri, COOP.communeCode1984, Literal(f"{commune.code_1984:04d}")))
    graph.add((iri, COOP.country, ALGERIA))
    graph.add((iri, COOP.inWilaya, URIRef(iris.wilaya(commune.commune.wilaya))))
    graph.add((iri, COOP.collectivityKind, concept("collectivity-kind", "commune")))
    graph.add((iri, DCT.source, TRANSFORMATEK.iri))
    if code == TABELBALA:
        graph.add((iri, RDFS.comment, Literal(TABELBALA_NOTE, lang="en")))
    if code == admin_history.EL_BORMA:
        graph.add((iri, RDFS.comment, Literal(admin_history.EL_BORMA_NOTE, lang="en")))
        for source in admin_history.EL_BORMA_SOURCES:
            graph.add((iri, DCT.source, source))
    if code != commune.code_1984:
        validity = _date(admin_history.DIVISION_2019)
        graph.add((iri, COOP.communeCodeValidFrom, validity))
    if reused:
        note = admin_history.reuse_note(code, reused)
        graph.add((iri, SKOS.note, Literal(note, lang="en")))


def commune_graph(
    communes: Sequence[SourceCommune],
    names: dict[int, dict[str, Choice]],
    wilaya_names: dict[int, dict[str, Choice]],
) -> Graph:
    graph = Graph()
    TRANSFORMATEK.add_to(graph)
    OTHMANUS.add_to(graph)
    reused = admin_history.reused_codes(
        [(c.commune.code, c.code_1984, names[c.commune.code]["fr"].chosen) for c in communes]
    )
    for commune in communes:
        commune_names_ = names[commune.commune.code]
        _add_commune(graph, commune, commune_names_, reused.get(commune.commune.code))
        c = commune.commune
        for period in admin_history.periods(c.code, c.wilaya, c.wilaya_1984):
            _add_membership(graph, c, commune_names_, period, wilaya_names[period.wilaya])
    return graph


def arabic_report(
    communes: Sequence[SourceCommune], matches: dict[int, Match], names: dict[int, dict]
) -> list[str]:
    """Header lines saying where the Arabic commune names came from."""
    arabic = [names[c.commune.code]["ar"] for c in communes]
    reviewed = sum(1 for c in arabic if c.review)
    own = sum(1 for c in arabic if not c.review and c.transformatek)
    methods = Counter(m.method for m in matches.values())
    unpaired = [c.commune for c in communes if c.commune.code not in matches]
    return [
        f"Arabic names: {own} from TransformaTek, {len(arabic) - own - reviewed} from othmanus, "
        f"{reviewed} chosen in {admin_names.REVIEWED_FILE} (each with its reason and source), "
        f"{sum(1 for c in arabic if not c.chosen)} communes without one.",
        f"Pairing with othmanus: {len(matches)} of {len(communes)} communes ("
        + ", ".join(f"{method} {n}" for method, n in methods.most_common())
        + "); not paired: "
        + (", ".join(f"{c.code:04d} {c.name}" for c in unpaired) or "none")
        + ".",
    ]


def import_admin(src: Path, out_dir: Path, reviewed_file: Path | None = None) -> list[Path]:
    """admin/ (TransformaTek and othmanus lists) -> wilayas, communes, announced wilayas,
    countries (the codes agreements.csv, beside admin/, and the project's additions.csv use,
    and DZ) and the table of names that differ between the lists; the reviewed names come from
    data/admin/names-reviewed.csv of the project's sources unless another file is given."""
    reviewed_file = reviewed_file or sources.default_root() / "data/admin" / REVIEWED_FILE
    wilayas = read_wilayas(src / TRANSFORMATEK_WILAYAS)
    communes = read_communes(src / TRANSFORMATEK_COMMUNES)
    othmanus, othmanus_wilayas = read_othmanus(src / OTHMANUS_FILE)
    matches = communes_ar.match([c.commune for c in communes], othmanus)
    reviewed = admin_names.read_reviewed(reviewed_file)
    for wilaya in wilayas:
        if wilaya.code not in othmanus_wilayas:
            raise ImportError_(f"{OTHMANUS_FILE.name}: no commune in wilaya {wilaya.code:02d}")
    w_names = {w.code: wilaya_names(w, othmanus_wilayas[w.code], reviewed) for w in wilayas}
    c_names = {
        c.commune.code: commune_names(c, matches.get(c.commune.code), reviewed) for c in communes
    }
    made = [c for names in (*w_names.values(), *c_names.values()) for c in names.values()]
    if unused := admin_names.unused_reviews(reviewed, made):
        raise ImportError_(f"{reviewed_file}: reviewed names of no known code: {unused}")
    communes_rdf = commune_graph(communes, c_names, w_names)
    agreements = src.parent / "agreements.csv"
    codes = {"DZ"} | {row["country"] for row in read_rows(agreements, ("country",), "id")}
    codes |= additions.countries()
    importer = "coopgraph import admin (src/coopgraph/importers/admin.py)"
    transformatek = f"{src.name}/{TRANSFORMATEK_WILAYAS.parent} (TransformaTek, CC BY 4.0)"
    othmanus_file = f"{src.name}/{OTHMANUS_FILE} (othmanus, no licence stated)"
    return [
        admin_names.write_differences(made, out_dir / admin_names.DIFFERENCES_FILE),
        turtle.write(
            wilaya_graph(wilayas, w_names, othmanus_wilayas),
            out_dir / "wilayas.ttl",
            turtle.header(importer, [transformatek, othmanus_file]),
        ),
        turtle.write(
            communes_rdf,
            out_dir / "communes.ttl",
            turtle.header(
                importer, [transformatek, othmanus_file], arabic_report(communes, matches, c_names)
            ),
        ),
        turtle.write(
            announced_graph(communes_rdf),
            out_dir / "announced-wilayas.ttl",
            turtle.header(
                "coopgraph import admin (src/coopgraph/importers/announced.py)",
                [
                    "shared/data/admin/SOURCES.md §4 and shared/research/decree.md §5.1",
                    "press URLs",
                ],
            ),
        ),
        turtle.write(
            country_graph(codes),
            out_dir / "countries.ttl",
            turtle.header(
                "coopgraph import admin (src/coopgraph/importers/countries.py)",
                [
                    f"the codes of {agreements.name}, data/agreements/{additions.FILE_NAME} and DZ",
                    "pycountry (ISO 3166 names and translations)",
                ],
            ),
        ),
    ]

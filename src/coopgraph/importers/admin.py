"""Wilayas, communes and each commune's wilaya over time, from the administrative lists.

Codes, French names and the 48/58 crosswalk come from TransformaTek `dz-admin` (the backbone);
the Arabic commune names TransformaTek lacks, the accents of wilaya names and alternative
spellings come from othmanus `algeria-cities` (see communes_ar.py for the pairing).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from coopgraph import iris
from coopgraph.importers import additions, communes_ar, turtle
from coopgraph.importers.announced import announced_graph
from coopgraph.importers.communes_ar import Commune, Match, OthmanusCommune
from coopgraph.importers.countries import country_graph
from coopgraph.importers.datasets import OTHMANUS, TRANSFORMATEK
from coopgraph.importers.rows import ImportError_, Row, read_rows
from coopgraph.importers.text import clean_arabic, clean_latin, compact, fold
from coopgraph.importers.turtle import COOP, DCT, ORG, PROV, SKOS, XSD
from coopgraph.importers.vocab import concept

TRANSFORMATEK_COMMUNES = Path("transformatek-dz-admin/communes_58.csv")
TRANSFORMATEK_WILAYAS = Path("transformatek-dz-admin/wilayas_58.csv")
OTHMANUS_FILE = Path("othmanus-algeria-cities/algeria_cities.csv")

LAW_84_09 = URIRef(iris.legal("law-84-09"))
LAW_19_12 = URIRef(iris.legal("law-19-12"))
DIVISION_1984 = "1984-02-04"  # Law 84-09: 48 wilayas
DIVISION_2019 = "2019-12-11"  # Law 19-12: wilayas 49-58
FIRST_2019_WILAYA = 49
WILAYA_COUNT = 58
ALGERIA = URIRef(iris.country("dz"))

# TransformaTek Arabic names shown wrong by the othmanus list: othmanus's name is used instead.
WRONG_ARABIC: dict[int, str] = {
    3126: "TransformaTek gives 'البيض', the name of El Bayadh (wilaya 32), for Aïn Biya",
}

TABELBALA = 5207
TABELBALA_NOTE = (
    "Placed in wilaya 52 Béni Abbès, as the Journal officiel has it: Law 19-12 of 11 December "
    "2019 (art. 52 bis 3) lists Tabelbala among the ten communes of Béni Abbès, and so does "
    "TransformaTek. The othmanus/algeria-cities list still puts it in wilaya 08 Béchar "
    "(finding of shared/data/admin/SOURCES.md); before 2019 it was a commune of Béchar."
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


@dataclass(frozen=True)
class Period:
    wilaya: int
    start: str
    end: str | None = None


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


def _add_wilaya(graph: Graph, wilaya: Wilaya, othmanus: tuple[str, str]) -> None:
    iri = URIRef(iris.wilaya(wilaya.code))
    label = wilaya_label(wilaya, othmanus[0])
    arabic = (
        Name(wilaya.name_ar, TRANSFORMATEK.iri)
        if wilaya.name_ar
        else Name(othmanus[1], OTHMANUS.iri)
    )
    new = wilaya.code >= FIRST_2019_WILAYA
    graph.add((iri, RDF.type, COOP.Wilaya))
    graph.add((iri, RDFS.label, Literal(label.text, lang="fr")))
    graph.add((iri, RDFS.label, Literal(arabic.text, lang="ar")))
    graph.add((iri, COOP.wilayaCode, Literal(f"{wilaya.code:02d}")))
    graph.add((iri, COOP.country, ALGERIA))
    graph.add((iri, COOP.collectivityKind, concept("collectivity-kind", "wilaya")))
    graph.add(
        (iri, COOP.validFrom, Literal(DIVISION_2019 if new else DIVISION_1984, datatype=XSD.date))
    )
    graph.add((iri, COOP.establishedBy, LAW_19_12 if new else LAW_84_09))
    graph.add((iri, DCT.source, TRANSFORMATEK.iri))
    graph.add((iri, DCT.source, label.source))
    graph.add((iri, DCT.source, arabic.source))
    alternatives = [
        Literal(othmanus[0], lang="fr") if compact(othmanus[0]) != compact(label.text) else None,
        Literal(othmanus[1], lang="ar") if othmanus[1] != arabic.text else None,
    ]
    for alternative in filter(None, alternatives):
        graph.add((iri, SKOS.altLabel, alternative))
        graph.add((iri, DCT.source, OTHMANUS.iri))


def wilaya_graph(wilayas: Sequence[Wilaya], othmanus: dict[int, tuple[str, str]]) -> Graph:
    graph = Graph()
    TRANSFORMATEK.add_to(graph)
    OTHMANUS.add_to(graph)
    for wilaya in wilayas:
        if wilaya.code not in othmanus:
            raise ImportError_(f"{OTHMANUS_FILE.name}: no commune in wilaya {wilaya.code:02d}")
        _add_wilaya(graph, wilaya, othmanus[wilaya.code])
    return graph


# --- communes and their wilaya over time -----------------------------------------------------


def arabic_name(commune: SourceCommune, match: Match | None) -> Name | None:
    """TransformaTek's Arabic name where it has one (and it is not known wrong), else othmanus's."""
    if commune.name_ar and commune.commune.code not in WRONG_ARABIC:
        return Name(commune.name_ar, TRANSFORMATEK.iri)
    if match:
        return Name(clean_arabic(match.othmanus.name_ar), OTHMANUS.iri)
    return None


def alt_labels(commune: SourceCommune, match: Match | None) -> list[Literal]:
    """othmanus's spellings where they are other spellings: in Latin script when not a mere
    accent variant or a cut-off ('El Fedjoudj Boughrara Sa'), in Arabic when not the label."""
    if not match:
        return []
    latin = clean_latin(match.othmanus.name)
    label = commune.commune.name
    arabic = clean_arabic(match.othmanus.name_ar)
    alts = []
    if fold(latin) != fold(label) and not fold(label).startswith(fold(latin)):
        alts.append(Literal(latin, lang="fr"))
    if (name := arabic_name(commune, match)) and name.text != arabic:
        alts.append(Literal(arabic, lang="ar"))
    return alts


def periods(commune: Commune) -> list[Period]:
    """The commune's wilaya since 1984: one period, or two when Law 19-12 moved it."""
    if commune.wilaya == commune.wilaya_1984:
        return [Period(commune.wilaya, DIVISION_1984)]
    return [
        Period(commune.wilaya_1984, DIVISION_1984, DIVISION_2019),
        Period(commune.wilaya, DIVISION_2019),
    ]


def _add_membership(graph: Graph, commune: Commune, period: Period, wilaya_name: str) -> None:
    iri = URIRef(iris.wilaya_membership(commune.code, period.wilaya))
    span = f"{period.start[:4]}–{period.end[:4] if period.end else ''}"
    label = f"{commune.name} – wilaya {period.wilaya:02d} {wilaya_name} ({span})"
    graph.add((iri, RDF.type, COOP.WilayaMembership))
    graph.add((iri, RDFS.label, Literal(label, lang="fr")))
    graph.add((iri, ORG.member, URIRef(iris.commune(commune.code))))
    graph.add((iri, ORG.organization, URIRef(iris.wilaya(period.wilaya))))
    graph.add((iri, COOP.validFrom, Literal(period.start, datatype=XSD.date)))
    if period.end:
        graph.add((iri, COOP.validUntil, Literal(period.end, datatype=XSD.date)))
    graph.add((iri, COOP.establishedBy, LAW_19_12 if period.start == DIVISION_2019 else LAW_84_09))
    graph.add((iri, PROV.wasDerivedFrom, TRANSFORMATEK.iri))


def _add_commune(graph: Graph, commune: SourceCommune, match: Match | None) -> None:
    code = commune.commune.code
    iri = URIRef(iris.commune(code))
    graph.add((iri, RDF.type, COOP.Commune))
    graph.add((iri, RDFS.label, Literal(commune.commune.name, lang="fr")))
    graph.add((iri, COOP.communeCode, Literal(f"{code:04d}")))
    graph.add((iri, COOP.communeCode1984, Literal(f"{commune.code_1984:04d}")))
    graph.add((iri, COOP.country, ALGERIA))
    graph.add((iri, COOP.inWilaya, URIRef(iris.wilaya(commune.commune.wilaya))))
    graph.add((iri, COOP.collectivityKind, concept("collectivity-kind", "commune")))
    graph.add((iri, DCT.source, TRANSFORMATEK.iri))
    if name := arabic_name(commune, match):
        graph.add((iri, RDFS.label, Literal(name.text, lang="ar")))
        graph.add((iri, DCT.source, name.source))
    for alt in alt_labels(commune, match):
        graph.add((iri, SKOS.altLabel, alt))
        graph.add((iri, DCT.source, OTHMANUS.iri))
    if code == TABELBALA:
        graph.add((iri, RDFS.comment, Literal(TABELBALA_NOTE, lang="en")))
    if code in WRONG_ARABIC:
        note = f"Arabic name from othmanus: {WRONG_ARABIC[code]}."
        graph.add((iri, SKOS.note, Literal(note, lang="en")))


def commune_graph(
    communes: Sequence[SourceCommune], matches: dict[int, Match], wilaya_names: dict[int, str]
) -> Graph:
    graph = Graph()
    TRANSFORMATEK.add_to(graph)
    OTHMANUS.add_to(graph)
    for commune in communes:
        _add_commune(graph, commune, matches.get(commune.commune.code))
        for period in periods(commune.commune):
            _add_membership(graph, commune.commune, period, wilaya_names[period.wilaya])
    return graph


def arabic_report(communes: Sequence[SourceCommune], matches: dict[int, Match]) -> list[str]:
    """Header lines saying where the Arabic commune names came from."""
    sources = Counter(
        name.source if (name := arabic_name(c, matches.get(c.commune.code))) else None
        for c in communes
    )
    methods = Counter(m.method for m in matches.values())
    unpaired = [c.commune for c in communes if c.commune.code not in matches]
    return [
        f"Arabic names: {sources[TRANSFORMATEK.iri]} from TransformaTek, "
        f"{sources[OTHMANUS.iri]} from othmanus, {sources[None]} communes without one "
        "(no confident pairing: left out, not guessed).",
        f"Pairing with othmanus: {len(matches)} of {len(communes)} communes ("
        + ", ".join(f"{method} {n}" for method, n in methods.most_common())
        + "); not paired: "
        + ", ".join(f"{c.code:04d} {c.name}" for c in unpaired)
        + ".",
    ]


def import_admin(src: Path, out_dir: Path) -> list[Path]:
    """admin/ (TransformaTek and othmanus lists) -> wilayas, communes, announced wilayas and
    countries (the codes agreements.csv, beside admin/, and the project's additions.csv use,
    and DZ)."""
    wilayas = read_wilayas(src / TRANSFORMATEK_WILAYAS)
    communes = read_communes(src / TRANSFORMATEK_COMMUNES)
    othmanus, othmanus_wilayas = read_othmanus(src / OTHMANUS_FILE)
    matches = communes_ar.match([c.commune for c in communes], othmanus)
    names = {w.code: wilaya_label(w, othmanus_wilayas[w.code][0]).text for w in wilayas}
    communes_rdf = commune_graph(communes, matches, names)
    agreements = src.parent / "agreements.csv"
    codes = {"DZ"} | {row["country"] for row in read_rows(agreements, ("country",), "id")}
    codes |= additions.countries()
    importer = "coopgraph import admin (src/coopgraph/importers/admin.py)"
    transformatek = f"{src.name}/{TRANSFORMATEK_WILAYAS.parent} (TransformaTek, CC BY 4.0)"
    othmanus_file = f"{src.name}/{OTHMANUS_FILE} (othmanus, no licence stated)"
    return [
        turtle.write(
            wilaya_graph(wilayas, othmanus_wilayas),
            out_dir / "wilayas.ttl",
            turtle.header(importer, [transformatek, othmanus_file]),
        ),
        turtle.write(
            communes_rdf,
            out_dir / "communes.ttl",
            turtle.header(
                importer, [transformatek, othmanus_file], arabic_report(communes, matches)
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

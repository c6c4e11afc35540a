"""Algerian party names -> commune and wilaya resources of the committed admin Turtle.

A name resolves, within its kind, through the labels and alternative labels of
data/admin/communes.ttl and wilayas.ttl (French names compared folded, Arabic names as they
are). It must resolve to exactly one resource; names the labels cannot settle go through
ALIASES, each entry with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef

from coopgraph import iris, labels, sources
from coopgraph.importers.rows import ImportError_
from coopgraph.importers.text import fold
from coopgraph.importers.turtle import COOP, SKOS

KINDS: dict[str, URIRef] = {"commune": COOP.Commune, "wilaya": COOP.Wilaya}

# (name as in the CSV, kind) -> codes of the resources meant.
ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    # The minutes were co-signed by the walis of both wilayas (agreements.csv, DZA-AGR-075).
    ("Adrar and Tamanrasset", "wilaya"): ("01", "11"),
    # The German source names "die ostalgerische Stadt Annaba"; the new town of Drâa Errich is
    # the subject of the project, not a party.
    ("Annaba (new town Drâa Errich)", "commune"): ("2301",),
    # The commune is officially Bologhine Ibn Ziri (1606); the source calls it Bologhine.
    ("Bologhine", "commune"): ("1606",),
    # El Eulma of the wilaya of Sétif (1920), as the Sétif press source says; othmanus also
    # spells Eulma (2304, wilaya of Annaba) 'El Eulma'.
    ("El Eulma", "commune"): ("1920",),
    # "La Casbah d'Alger": the commune of Casbah (1607) in the wilaya of Algiers.
    ("Alger (Casbah)", "commune"): ("1607",),
    # The member is the commune of Alger-Centre (1601); the parenthesis names its P/APC's office.
    (
        "Alger-Centre (P/APC Tayeb Zitouni, acting vice-president for North Africa)",
        "commune",
    ): ("1601",),
}


ADMIN_FILES = ("communes.ttl", "wilayas.ttl", "countries.ttl")  # countries: for their names


def _iri(kind: str, code: str) -> URIRef:
    return URIRef(iris.commune(code) if kind == "commune" else iris.wilaya(code))


def _key(name: str) -> str:
    return fold(name) or name.strip()  # Arabic names fold to nothing: compare them as they are


class PartyResolver:
    """Looks Algerian communes and wilayas up by name."""

    def __init__(self, admin: Graph) -> None:
        self.admin = admin
        self.index: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
        for kind, cls in KINDS.items():
            for subject in admin.subjects(RDF.type, cls):
                for prop in (RDFS.label, SKOS.altLabel):
                    for label in admin.objects(subject, prop):
                        self.index[kind, _key(str(label))].add(URIRef(subject))

    @classmethod
    def from_admin_dir(cls, admin_dir: Path | None = None) -> PartyResolver:
        folder = admin_dir or sources.default_root() / "data" / "admin"
        files = tuple(folder / name for name in ADMIN_FILES)
        if missing := [str(f) for f in files if not f.is_file()]:
            raise ImportError_(f"no admin Turtle to look Algerian parties up in: {missing}")
        return _resolver(files, tuple(f.stat().st_mtime_ns for f in files))

    def describe(self, iri: URIRef) -> str:
        """A short name for a commune or wilaya: 'Annaba (2301)', 'wilaya 16 Alger'."""
        name = next(str(n) for n in self.admin.objects(iri, RDFS.label) if n.language == "fr")
        code = iri.rsplit("/", 1)[1]
        return f"wilaya {code} {name}" if "/id/wilaya/" in iri else f"{name} ({code})"

    def name(self, iri: URIRef, lang: str) -> str:
        """Its label in `lang`, else the one the label policy's chain picks."""
        found = labels.best(self.admin.objects(iri, RDFS.label), lang, lambda n: n.language)
        if found is None:
            raise ValueError(f"{iri} has no label in data/admin")
        return str(found)

    def title_name(self, iri: URIRef, lang: str) -> str:
        """A party as a title names it: 'Annaba', 'Wilaya d'Alger', 'ولاية الجزائر', 'Algeria'
        (a wilaya says so: it often bears the name of its seat commune)."""
        name = self.name(iri, lang)
        if "/id/wilaya/" not in iri:
            return name
        if lang == "ar":
            return f"ولاية {name}"
        if lang == "fr":
            return f"Wilaya d'{name}" if fold(name)[:1] in "aeiouy" else f"Wilaya de {name}"
        return f"Wilaya of {name}"

    def resolve(self, name: str, kind: str) -> list[URIRef]:
        """The resources a name means; ValueError saying why when it means none or several."""
        if kind not in KINDS:
            raise ValueError(f"party kind '{kind}' is neither commune nor wilaya")
        if (name, kind) in ALIASES:
            found = [_iri(kind, code) for code in ALIASES[name, kind]]
            if missing := [str(i) for i in found if (i, RDF.type, KINDS[kind]) not in self.admin]:
                raise ValueError(
                    f"alias '{name}' in importers/parties.py names no {kind}: {missing}"
                )
            return found
        found = sorted(self.index.get((kind, _key(name)), set()))
        if len(found) != 1:
            codes = ", ".join(f.rsplit("/", 1)[1] for f in found)
            which = f"{len(found)} {kind}s ({codes})" if found else f"no {kind}"
            raise ValueError(
                f"Algerian party '{name}' matches {which} of data/admin; "
                "add an alias to importers/parties.py"
            )
        return found


@cache
def _resolver(files: tuple[Path, ...], versions: tuple[int, ...]) -> PartyResolver:
    """One resolver per state of the admin files (`versions`: their modification times)."""
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    return PartyResolver(graph)

"""The importers: re-running them on the shared CSV files gives the committed Turtle, and a row
they cannot map is refused with its file, line, id and the reason."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from coopgraph import iris
from coopgraph.importers import ImportError_, additions, run_import
from coopgraph.importers.agreements import COLUMNS as AGREEMENT_COLUMNS
from coopgraph.importers.networks import COLUMNS as NETWORK_COLUMNS

from .conftest import ROOT

SOURCES = {
    "admin": (
        "data/admin",
        [
            "wilayas.ttl",
            "communes.ttl",
            "announced-wilayas.ttl",
            "countries.ttl",
            "name-differences.csv",
        ],
    ),
    "agreements": ("data/agreements.csv", ["agreements.ttl", "collectivities.ttl"]),
    "networks": ("data/networks.csv", ["networks.ttl"]),
}
XSD = "http://www.w3.org/2001/XMLSchema#"

AGREEMENT = {
    "id": "DZA-AGR-900",
    "algerian_party": "Annaba",
    "algerian_party_kind": "commune",
    "foreign_party": "Dunkerque",
    "foreign_party_kind": "city",
    "country": "FR",
    "agreement_type": "twinning (jumelage)",
    "signing_date": "1970",
    "themes": "culture; health",
    "status": "",
    "source_url": "https://example.org/annaba-dunkerque",
    "note": 'quote "on two\nlines"',
    "confidence": "high",
}


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_reimport_reproduces_the_committed_turtle(
    kind: str, shared_dir: Path, tmp_path: Path
) -> None:
    source, files = SOURCES[kind]
    own = ROOT / "data" / kind / additions.FILE_NAME  # the project's own rows, read beside
    if own.is_file():
        shutil.copy(own, tmp_path)
    written = run_import(kind, shared_dir / source, tmp_path)
    assert sorted(p.name for p in written) == sorted(files)
    for name in files:
        committed = ROOT / "data" / kind / name
        fresh = tmp_path / name
        if name.endswith(".ttl"):
            assert isomorphic(Graph().parse(fresh), Graph().parse(committed)), name
        assert fresh.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), name


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def import_agreements(tmp_path: Path, *rows: dict[str, str]) -> list[Path]:
    """Import the rows after a valid one whose note spans two lines (lines 2-3)."""
    first = AGREEMENT | {"id": "DZA-AGR-899"}
    csv_path = write_csv(tmp_path / "agreements.csv", AGREEMENT_COLUMNS, [first, *rows])
    return run_import("agreements", csv_path, tmp_path / "out")


def test_a_valid_row_is_imported_at_its_precision(tmp_path: Path) -> None:
    import_agreements(tmp_path, AGREEMENT | {"signing_date": "2004-10"})
    graph = Graph().parse(tmp_path / "out" / "agreements.ttl")
    agreement = URIRef(iris.agreement("DZA-AGR-900"))
    date = graph.value(agreement, URIRef(iris.ONTOLOGY + "signingDate"))
    assert (str(date), str(date.datatype)) == ("2004-10", XSD + "gYearMonth")
    party = graph.value(agreement, URIRef(iris.ONTOLOGY + "algerianParty"))
    assert party == URIRef(iris.commune(2301))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            {"themes": "culture; xyz"},
            "theme 'xyz' maps to no concept of vocab/theme; add it to importers/themes.py",
        ),
        (
            {"algerian_party": "Atlantis"},
            "Algerian party 'Atlantis' matches no commune of data/admin; "
            "add an alias to importers/parties.py",
        ),
        (
            {"algerian_party": "El Marsa"},
            "Algerian party 'El Marsa' matches 3 communes",
        ),
        (
            {"signing_date": "2004-13-45"},
            "signing_date '2004-13-45' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
        ),
        ({"signing_date": "around 1990"}, "signing_date 'around 1990' is not a date"),
        (
            {"agreement_type": "handshake"},
            "agreement type 'handshake' maps to no concept of vocab/agreement-type",
        ),
        (
            {"status": "forgotten"},
            "status 'forgotten' maps to no concept of vocab/agreement-status",
        ),
        ({"confidence": "certain"}, "confidence 'certain' is not high, medium or low"),
        ({"country": "XX"}, "country 'XX' is not the ISO 3166-1 alpha-2 code of a foreign country"),
        ({"source_url": "see note"}, "source_url 'see note' is not an http(s) URL"),
    ],
)
def test_a_row_that_cannot_be_mapped_is_refused_with_file_line_id_and_reason(
    tmp_path: Path, change: dict[str, str], reason: str
) -> None:
    with pytest.raises(ImportError_) as refused:
        import_agreements(tmp_path, AGREEMENT | change)
    assert str(refused.value).startswith(f"agreements.csv line 4 (DZA-AGR-900): {reason}")
    assert not (tmp_path / "out").exists()


def write_additions(tmp_path: Path, *rows: dict[str, str]) -> None:
    (tmp_path / "out").mkdir(exist_ok=True)
    columns = (*AGREEMENT_COLUMNS, additions.REVISION)
    write_csv(tmp_path / "out" / additions.FILE_NAME, columns, list(rows))


def test_the_projects_additions_add_rows_and_revise_shared_ones(tmp_path: Path) -> None:
    upgraded = AGREEMENT | {"signing_date": "1970-05", "revision": "date found on the page"}
    withdrawn = AGREEMENT | {"id": "DZA-AGR-899", "status": "withdrawn", "revision": "no act"}
    new = AGREEMENT | {"id": "DZA-AGR-901", "foreign_party": "Bizerte", "country": "TN"}
    write_additions(tmp_path, upgraded, withdrawn, new | {"revision": ""})
    import_agreements(tmp_path, AGREEMENT)
    graph = Graph().parse(tmp_path / "out" / "agreements.ttl")
    coop, skos = iris.ONTOLOGY, iris.PREFIXES["skos"]

    def agreement(n: int) -> URIRef:
        return URIRef(iris.agreement(f"DZA-AGR-{n}"))

    assert str(graph.value(agreement(900), URIRef(coop + "signingDate"))) == "1970-05"
    assert str(graph.value(agreement(900), URIRef(skos + "changeNote"))) == "date found on the page"
    status = graph.value(agreement(899), URIRef(coop + "status"))
    assert status == URIRef(iris.CANONICAL_BASE + "vocab/agreement-status/withdrawn")
    assert graph.value(agreement(901), URIRef(coop + "foreignParty")) is not None
    assert graph.value(agreement(901), URIRef(skos + "changeNote")) is None


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (AGREEMENT, "the id is in the shared CSV: say in 'revision' why this row replaces it"),
        (
            AGREEMENT | {"id": "DZA-AGR-901", "status": "withdrawn"},
            "a withdrawn agreement needs its reason in 'revision'",
        ),
    ],
)
def test_an_addition_without_its_reason_is_refused(
    tmp_path: Path, row: dict[str, str], reason: str
) -> None:
    write_additions(tmp_path, row | {"revision": ""})
    with pytest.raises(ImportError_, match=r"additions.csv line 2 \(DZA-AGR-90\d\): " + reason):
        import_agreements(tmp_path, AGREEMENT)


def test_a_repeated_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(
        ImportError_, match=r"line 4 \(DZA-AGR-899\): the id is already used on line 2"
    ):
        import_agreements(tmp_path, AGREEMENT | {"id": "DZA-AGR-899"})


def test_a_file_without_the_expected_columns_is_refused(tmp_path: Path) -> None:
    csv_path = write_csv(
        tmp_path / "agreements.csv", ("id", "country"), [{"id": "1", "country": "FR"}]
    )
    with pytest.raises(ImportError_, match=r"agreements\.csv line 1: missing column"):
        run_import("agreements", csv_path, tmp_path / "out")


def test_an_unknown_network_is_refused(shared_dir: Path, tmp_path: Path) -> None:
    shutil.copy(shared_dir / "data/ministry-page-ar.txt", tmp_path)
    row = {
        "network": "Club of Imaginary Cities",
        "founded": "",
        "seat": "",
        "website": "",
        "algerian_member": "Oran",
        "member_kind": "commune",
        "source_url": "https://example.org/club",
        "note": "Confidence: low.",
    }
    csv_path = write_csv(tmp_path / "networks.csv", NETWORK_COLUMNS, [row])
    with pytest.raises(
        ImportError_, match=r"networks.csv line 2 \(Oran\): network 'Club of Imaginary"
    ):
        run_import("networks", csv_path, tmp_path / "out")


def test_an_unknown_import_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportError_, match="unknown import kind 'budgets'"):
        run_import("budgets", tmp_path, tmp_path)


def test_the_import_command_refuses_a_bad_row_and_writes_nothing(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from coopgraph.cli import main

    source = tmp_path / "agreements.csv"
    with source.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=AGREEMENT_COLUMNS)
        writer.writeheader()
        writer.writerow(AGREEMENT | {"themes": "astrology"})
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["import", "agreements", str(source), "--out", str(out)])
    assert result.exit_code == 1
    assert "Import refused" in result.output and "line 2 (DZA-AGR-900)" in result.output
    assert "astrology" in result.output
    assert not out.exists()

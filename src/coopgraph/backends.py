"""The store backends, opened by what a location names: a store folder (embedded pyoxigraph)
or the URL of a SPARQL 1.1 server. The interface (coopgraph.store) knows none of them."""

from __future__ import annotations

from pathlib import Path

from coopgraph.remote import RemoteStore
from coopgraph.store import EmbeddedStore, Store, default_location


def open_store(location: Path | str | None = None) -> Store:
    """A store folder (embedded pyoxigraph) or the URL of a SPARQL 1.1 endpoint."""
    if isinstance(location, str) and location.startswith(("http://", "https://")):
        return RemoteStore(location)
    return EmbeddedStore(Path(location) if location else default_location())

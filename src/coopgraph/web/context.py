"""What a web request reads: the store and the release, pinned for the whole request, and
the values computed once per release."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app, g

from coopgraph.releasecache import kept_in
from coopgraph.sparql import endpoint
from coopgraph.store import ReleaseInfo, Store

T = TypeVar("T")
# Values kept per release: the home page per language, its figures, what the shapes say of each
# set of classes (a few dozen), the search index, the VoID counts, the map outlines.
PER_RELEASE_ENTRIES = 256


def store() -> Store:
    from coopgraph.web import current_store

    return current_store(current_app)


def release() -> ReleaseInfo:
    """The release this request reads, looked up once per request: a page maps hundreds of
    IRIs to paths, and each lookup reads the `current` link."""
    if "release" not in g:
        g.release = endpoint.release()
    return g.release


def base() -> str:
    return release().base_iri


def per_release(key: Hashable, make: Callable[[], T]) -> T:
    """A value fixed for a release (what the shapes say, the home page, the search index),
    computed once per worker and release rather than on every request (coopgraph.releasecache)."""
    cache = kept_in(current_app.extensions, "coopgraph.per-release", PER_RELEASE_ENTRIES)
    return cache.get_or_make(release().release_id, key, make)

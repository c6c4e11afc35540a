"""The request's context: the settings, the store pinned to one release, the query processes,
the cache of answers and the values computed once per release, each opened once per worker
process and kept on the Flask app.

The views ask here for what they read; the SPARQL and store layers below are given what they
need (a store, a job) and know nothing of Flask's app or request.
"""

from __future__ import annotations

import atexit
from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import TypeVar

from flask import Flask, current_app, g, has_request_context

from coopgraph.backends import open_store
from coopgraph.problems import Problem
from coopgraph.releasecache import kept_in
from coopgraph.settings import Settings
from coopgraph.sparql.executor import Executor, Job, Reply
from coopgraph.sparql.resultcache import ResultCache
from coopgraph.store import ReleaseInfo, Store, StoreError

T = TypeVar("T")
SETTINGS = "coopgraph.settings"
STORE = "coopgraph.store"
EXECUTOR = "coopgraph.executor"
RESULTS = "coopgraph.results"
PER_RELEASE = "coopgraph.per-release"
# Values kept per release: the home page per language, its figures, what the shapes say of each
# set of classes (a few dozen), the search index, the VoID counts, the map outlines.
PER_RELEASE_ENTRIES = 256


def install(app: Flask, settings: Settings) -> None:
    """Give `app` its settings; the store and the query processes open on first use."""
    app.extensions[SETTINGS] = settings
    app.extensions[STORE] = None  # opened lazily, once per worker process
    atexit.register(_shutdown, app)


def settings() -> Settings:
    return current_app.extensions[SETTINGS]


def store(app: Flask | None = None) -> Store:
    """The store, pinned to one release for the whole of a request: a build or a publish that
    swaps `current` mid-request must not give a page, or a header and its body, two releases."""
    if has_request_context() and "store" in g:
        return g.store
    app = app or current_app
    opened = app.extensions[STORE]
    if opened is None:
        opened = app.extensions[STORE] = open_store(app.extensions[SETTINGS].store)
    if has_request_context():
        g.store = opened = opened.pinned()
    return opened


def release() -> ReleaseInfo:
    """The release this request reads, looked up once per request: a page maps hundreds of
    IRIs to paths, and each lookup would otherwise read the release again."""
    if has_request_context() and "release" in g:
        return g.release
    try:
        info = store().release()
    except StoreError as err:
        raise Problem(503, str(err)) from err
    if has_request_context():
        g.release = info
    return info


def base() -> str:
    return release().base_iri


def per_release(key: Hashable, make: Callable[[], T]) -> T:
    """A value fixed for a release (what the shapes say, the home page, the search index),
    computed once per worker and release rather than on every request (coopgraph.releasecache)."""
    cache = kept_in(current_app.extensions, PER_RELEASE, PER_RELEASE_ENTRIES)
    return cache.get_or_make(release().release_id, key, make)


def executor() -> Executor:
    ex = current_app.extensions.get(EXECUTOR)
    if ex is None:
        s = settings()
        ex = current_app.extensions[EXECUTOR] = Executor(s.store, s.query_processes)
    return ex


def submit(job: Job, timeout: float) -> Reply:
    """Run `job` in a query process, on the release this request reads (and names in its
    headers) even when a build or a publish swaps `current` meanwhile."""
    if job.release_id is None:
        job = replace(job, release_id=release().release_id)
    return executor().submit(job, timeout)


def result_cache() -> ResultCache | None:
    """This worker's cache of complete answers; None when the settings turn it off."""
    if RESULTS not in current_app.extensions:
        size = settings().result_cache_mb * 1024 * 1024
        current_app.extensions[RESULTS] = ResultCache(size) if size > 0 else None
    return current_app.extensions[RESULTS]


def _shutdown(app: Flask) -> None:
    executor = app.extensions.get(EXECUTOR)
    if executor is not None:
        executor.shutdown()

"""HTTP caching of the pages: an ETag per release and representation, Last-Modified from the
release's build time, and 304 Not Modified when the client's copy is of the current release.

The client's If-None-Match and If-Modified-Since are read through Werkzeug's parsed request
headers (`is_current`, which the SPARQL endpoint uses too). The check comes before the
response is made, so a client with a current copy costs no page rendering; that is why
Werkzeug's `Response.make_conditional`, which needs the finished response, is not used.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime

from flask import Response, request

from coopgraph.store import ReleaseInfo
from coopgraph.web.context import release

# How long a client may keep a page or an answer without asking again; after that it
# revalidates with its ETag (a 304 until the next release).
CACHE_CONTROL = "public, max-age=300"


def etag(*parts: str) -> str:
    key = json.dumps([release().release_id, *parts])
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def not_modified(tag: str) -> bool:
    return is_current(tag.strip('"'), release())


def cached(response: Response, tag: str, vary: str) -> Response:
    response.last_modified = datetime.fromisoformat(release().created)  # Werkzeug's HTTP date
    h = response.headers
    h["ETag"] = tag
    h["Cache-Control"] = CACHE_CONTROL
    h["Vary"] = vary
    h["X-Coopgraph-Release"] = release().release_id
    return response


def conditional(tag: str, vary: str, make: Callable[[], Response]) -> Response:
    """304 when the client's copy is current; else the response `make` builds, with the caching
    headers when it succeeded: only a 200 is cacheable (a query that timed out may succeed next
    time)."""
    if not_modified(tag):
        return cached(Response(status=304), tag, vary)
    response = make()
    return cached(response, tag, vary) if response.status_code == 200 else response


def is_current(etag: str, info: ReleaseInfo) -> bool:
    """The client's copy (If-None-Match, else If-Modified-Since) is of this release."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.if_none_match:
        return request.if_none_match.contains(etag)
    since = request.if_modified_since
    return bool(since) and datetime.fromisoformat(info.created).replace(microsecond=0) <= since

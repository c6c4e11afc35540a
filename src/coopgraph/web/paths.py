"""IRIs and the paths this server answers them at: `{base}id/wilaya/16` is described at
/page/wilaya/16 and /data/wilaya/16.{ttl,…}; links keep the reader's explicit ?lang=.

The release's base IRI maps IRIs to paths: a request for /id/wilaya/16 describes
`{base}id/wilaya/16`, whatever host it reaches, so w3id.org redirects can land anywhere.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request

from coopgraph import describe, iris
from coopgraph.web.context import base


def iri_path(page_path: str) -> str:
    """The IRI path of a page path: 'wilaya/16' -> 'id/wilaya/16', 'vocab/theme' unchanged."""
    with_id = "id/" + page_path
    return with_id if iris.follows_scheme(iris.CANONICAL_BASE + with_id) else page_path


def iri_of(path: str, base_iri: str | None = None) -> str:
    """The IRI an IRI path names in this release (the schema namespaces stay canonical)."""
    return iris.rebase(iris.CANONICAL_BASE + path, base_iri or base())


def path_of(iri: str, base_iri: str | None = None) -> str | None:
    """'id/wilaya/16' for `{base}id/wilaya/16`, 'ontology#Commune' for coop:Commune; None for
    IRIs this server does not describe."""
    base_iri = base_iri or base()
    for prefix in dict.fromkeys((base_iri, iris.CANONICAL_BASE)):
        if iri.startswith(prefix):
            path = iri[len(prefix) :]
            known = path in describe.HASH_DOCUMENTS or iris.follows_scheme(
                iris.CANONICAL_BASE + path
            )
            if known and iri_of(path, base_iri) == iri:
                return path
    return None


def page_path_of(iri: str, base_iri: str | None = None) -> str | None:
    """'/page/wilaya/16' for `{base}id/wilaya/16`; None for IRIs outside the scheme."""
    path = path_of(iri, base_iri)
    if path is None:
        return None
    doc, _, fragment = path.partition("#")
    doc = doc.removeprefix("id/")
    return f"/page/{doc}" + (f"#{fragment}" if fragment else "")


def with_lang(path: str) -> str:
    """Keep an explicit ?lang= on links within the site."""
    asked = request.args.get("lang")
    if asked not in ("ar", "fr", "en"):
        return path
    doc, hash_, fragment = path.partition("#")
    sep = "&" if "?" in doc else "?"
    return f"{doc}{sep}lang={asked}{hash_}{fragment}"


def href_of(iri: str) -> str | None:
    """Where a link to this IRI goes: its page here, or the IRI itself when http(s)."""
    local = page_path_of(iri)
    if local:
        return with_lang(local)
    return iri if iri.startswith(("http://", "https://")) else None


def search_link(text: str) -> str:
    return "/search?" + urlencode({"q": text})


def coop(term: str) -> str:
    """The IRI of a term of the ontology (coop:): the same in every release."""
    return iris.ONTOLOGY + term


def page_path_rules() -> dict[str, object]:
    """What the workbench's script needs to link a result's IRI where the server does
    (page_path_of): the IRI scheme's paths, the hash documents, and the namespaces that stay
    canonical."""
    return {
        "patterns": [p.pattern for p in iris.IRI_PATTERNS],
        "documents": list(describe.HASH_DOCUMENTS),
        "canonical_namespaces": [iris.ONTOLOGY, iris.SHAPES],
        "canonical_iris": [iris.CANONICAL_BASE + "ontology"],
    }

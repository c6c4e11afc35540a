"""Dereferencing: /id/… (and the ontology, vocabulary, release and graph IRIs) answer 303 See
Other to /page/… (HTML) or /data/….{ttl,nt,jsonld,rdf} (RDF) by content negotiation; the entity
page itself.

Which path names which IRI: coopgraph.web.paths; labels and text direction:
coopgraph.web.labels; ETag and 304: coopgraph.web.httpcache; the map: coopgraph.web.maps;
schema.org JSON-LD: coopgraph.web.schemaorg.
Pages render every literal with its own language and direction; only http(s) IRIs become links.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, g, render_template, request

from coopgraph import describe, iris, negotiation
from coopgraph.describe import Description
from coopgraph.problems import Problem
from coopgraph.store import Finding, Store
from coopgraph.web import errors
from coopgraph.web.context import base, per_release, store
from coopgraph.web.httpcache import cached, conditional, etag
from coopgraph.web.labels import Labeller, Text, Value, best_label, text_of
from coopgraph.web.maps import map_of
from coopgraph.web.paths import (
    coop,
    href_of,
    iri_of,
    iri_path,
    path_of,
    search_link,
    with_lang,
)
from coopgraph.web.schemaorg import json_ld_script, schema_org

bp = Blueprint("pages", __name__)
T = TypeVar("T")

HTML = negotiation.Representation("html", "text/html")
XHTML = negotiation.Representation("html", "application/xhtml+xml")  # served as text/html
RDF_DOCS: tuple[negotiation.Representation, ...] = (
    negotiation.Representation("ttl", "text/turtle", ("application/x-turtle",)),
    negotiation.Representation("nt", "application/n-triples", ("text/plain",)),
    negotiation.Representation("jsonld", "application/ld+json", ("application/json",)),
    negotiation.Representation("rdf", "application/rdf+xml", ("application/xml", "text/xml")),
)
OFFERS = (HTML, *RDF_DOCS, XHTML)  # so that application/* prefers RDF
OX_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
}
INCOMING_PAGE = 50  # links per property on a page; the RDF document has them all


class Moved(Exception):
    """A retired IRI (merged into another): answered with a 301 to the same kind of address of
    the IRI kept (its /id/, /page/ or /data/ address)."""

    def __init__(self, old_path: str, new_path: str) -> None:
        self.old_path, self.new_path = old_path, new_path
        super().__init__(new_path)


class NotFound(Exception):
    def __init__(self, iri: str, hint: str) -> None:
        self.iri, self.hint = iri, hint
        super().__init__(iri)


def from_shapes(read: Callable[[Store, str, list[str]], T], classes: list[str]) -> T:
    """What the shapes say of some classes (layout, rules; the rules query alone took ~30 ms)."""
    return per_release((read.__name__, tuple(classes)), lambda: read(store(), base(), classes))


# ---------------------------------------------------------------------------------------------
# Responses: links, errors


def document_links(doc: str, rel: str, skip: str = "") -> str:
    """Link header entries for every document of a resource (its page and each RDF format)."""
    entries = [f'</page/{doc}>; rel="{rel}"; type="text/html"'] if skip != "html" else []
    entries += [
        f'</data/{doc}.{r.name}>; rel="{rel}"; type="{r.media_type}"'
        for r in RDF_DOCS
        if r.name != skip
    ]
    return ", ".join(entries)


def wants_html() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "text/plain", "application/json"])
    return best == "text/html"


def not_found(err: NotFound) -> Response:
    message = (
        f"There is no resource <{err.iri}> in this release of coopgraph. Check the address, or "
        f"search the registry: {search_link(err.hint)}"
    )
    if wants_html():
        page = render_template("not_found.html", iri=err.iri, hint=err.hint)
        return Response(page, 404, content_type="text/html; charset=utf-8")
    return errors.error(404, message)


@bp.app_errorhandler(NotFound)
def _not_found(err: NotFound) -> Response:
    return not_found(err)


@bp.app_errorhandler(Moved)
def _moved(err: Moved) -> Response:
    target = request.path.replace(err.old_path, err.new_path, 1)
    if request.query_string:
        target += "?" + request.query_string.decode()
    response = Response(
        f"Moved Permanently: this resource was merged into {err.new_path}; see {target}\n",
        301,
        content_type="text/plain; charset=utf-8",
    )
    response.headers["Location"] = target
    return response


# ---------------------------------------------------------------------------------------------
# Which resource a path names


def hint_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1].split("#")[0].replace("-", " ")


def resolve(page_path: str) -> tuple[str, str]:
    """(document path, IRI) of a page path; NotFound unless the scheme and the store know it."""
    doc = page_path.strip("/")
    path = iri_path(doc)
    iri = iri_of(path)
    if describe.hash_document_path(path) == path:
        known = describe.hash_document_exists(store(), base(), path)
    else:
        known = (
            iris.follows_scheme(iris.CANONICAL_BASE + path)
            and "#" not in path
            and describe.is_known(store(), iri)
        )
    if not known:
        raise NotFound(iri, hint_of(doc))
    if (kept := describe.replaced_by(store(), iri)) and (kept_path := path_of(kept)):
        raise Moved(doc, kept_path if doc == path else kept_path.removeprefix("id/"))
    return doc, iri


def description(iri: str) -> Description:
    hash_doc = describe.hash_document_path(path_of(iri) or "")
    if hash_doc:
        return describe.describe_hash_document(store(), base(), hash_doc)
    return describe.describe(store(), iri)


# ---------------------------------------------------------------------------------------------
# 303 See Other


def see_other(iri_path_: str) -> Response:
    doc = iri_path_.removeprefix("id/")
    doc, _ = resolve(doc)
    chosen = negotiation.choose(OFFERS, request.headers.get("Accept"))
    query = ("?" + request.query_string.decode()) if request.query_string else ""
    html = chosen.name == HTML.name
    target = f"/page/{doc}{query}" if html else f"/data/{doc}.{chosen.name}"
    response = Response(f"See Other: {target}\n", 303, content_type="text/plain; charset=utf-8")
    response.headers["Location"] = target
    response.headers["Link"] = document_links(doc, "describedby")
    return cached(response, etag("303", doc, chosen.name, query), "Accept")


@bp.get("/<any(id, vocab):area>/<path:rest>")
@bp.get("/<any(release, graph):area>/<rest>")
def dereference(area: str, rest: str) -> Response:
    return see_other(f"{area}/{rest}")


@bp.get("/<any(ontology, shapes):document>")
def schema_document(document: str) -> Response:
    return see_other(document)


@bp.get("/dataset")
def dataset_iri() -> Response:
    response = Response("See Other: /void\n", 303, content_type="text/plain; charset=utf-8")
    response.headers["Location"] = "/void"
    return cached(response, etag("303", "dataset"), "Accept")


# ---------------------------------------------------------------------------------------------
# RDF documents


def serialize(triples: Iterable[ox.Triple], fmt: str) -> bytes:
    return ox.serialize(triples, format=OX_FORMATS[fmt], prefixes=iris.PREFIXES)


@bp.get("/data/<path:rest>")
def data(rest: str) -> Response:
    doc, dot, ext = rest.rpartition(".")
    if not dot or ext not in OX_FORMATS:
        supported = ", ".join(f".{r.name}" for r in RDF_DOCS)
        return errors.error(
            404,
            f"/data/{rest}: an RDF document's address ends with one of {supported}, e.g. "
            f"/data/{rest.rstrip('.')}.ttl",
        )
    doc, iri = resolve(doc)
    representation = next(r for r in RDF_DOCS if r.name == ext)

    def make() -> Response:
        body = serialize(description(iri).triples(), ext)
        response = Response(body, 200, content_type=representation.content_type)
        response.headers["Link"] = document_links(doc, "alternate", skip=ext)
        return response

    return conditional(etag("data", doc, ext), "Accept-Encoding", make)


# ---------------------------------------------------------------------------------------------
# HTML pages


@dataclass
class Row:
    label: Text
    predicate: str
    values: list[Value] = field(default_factory=list)
    total: int = 0
    href: str | None = None
    first: int = 1  # the position of the first value shown, from 1 (links come a page at a time)
    previous: str | None = None  # the link to the page before, and to the page after
    next: str | None = None
    sparql: str | None = None  # a query listing every link of the row


@dataclass
class Group:
    label: Text | None
    order: float
    rows: list[Row] = field(default_factory=list)


def _graph_note(graphs: set[str]) -> str:
    names = sorted(g.rsplit("/", 1)[-1] for g in graphs if g)
    return "inferred" if names == ["inferred"] else ""


def property_text(labeller: Labeller, layout: describe.PropertyLayout | None, p: str) -> Text:
    if layout and layout.names:
        label = best_label(layout.names, labeller.lang)
        if label:
            return text_of(label)
    return labeller.text(p)


SHOWN_ELSEWHERE = (  # in the page's header (names) or its sources card
    describe.RDFS + "label",
    describe.SKOS + "prefLabel",
    *describe.PROVENANCE_PREDICATES,
)


def shown_as_row(predicate: str, graphs: set[str], outgoing: bool = True) -> bool:
    """Rows skip what the header and sources show, and inferred super-properties' copies."""
    if outgoing and predicate in SHOWN_ELSEWHERE:
        return False
    return predicate == describe.RDF_TYPE or graphs != {iris.graph("inferred", base())}


def outgoing_groups(d: Description, labeller: Labeller, classes: list[str]) -> list[Group]:
    """The resource's own statements as property rows, grouped and ordered by the shapes."""
    layouts = from_shapes(describe.layout, classes)
    graphs: dict[tuple[str, ox.Term], set[str]] = {}
    for s in d.outgoing:
        if s.subject.value == d.iri:
            graphs.setdefault((s.predicate.value, s.object), set()).add(s.graph or "")
    graphs = {k: v for k, v in graphs.items() if shown_as_row(k[0], v)}
    rows: dict[str, Row] = {}
    for (p, obj), in_graphs in graphs.items():
        row = rows.setdefault(p, Row(property_text(labeller, layouts.get(p), p), p))
        row.href = href_of(p)
        row.values.append(labeller.value(obj, _graph_note(in_graphs)))
    groups: dict[str | None, Group] = {}
    for p, row in rows.items():
        row.values.sort(key=lambda v: (v.note == "inferred", v.text.sort_key))
        row.total = len(row.values)
        lay = layouts.get(p)
        key = lay.group if lay else None
        if key not in groups:
            label = best_label(lay.group_labels, labeller.lang) if lay else None
            order = lay.group_order if lay else 1e12
            groups[key] = Group(text_of(label) if label else None, order)
        groups[key].rows.append(row)
    for group in groups.values():
        group.rows.sort(
            key=lambda r: (
                layouts[r.predicate].order if r.predicate in layouts else 1e9,
                r.predicate != describe.RDF_TYPE,
                r.label.sort_key,
            )
        )
    return sorted(groups.values(), key=lambda gr: gr.order)


@dataclass(frozen=True)
class IncomingView:
    """Which links to show: page `page` of those through `predicate`, first pages of the rest."""

    predicate: str | None
    page: int

    @classmethod
    def asked(cls) -> IncomingView:
        """From ?incoming=<property IRI>&page=<n>; bad values are the client's to fix (400)."""
        predicate, page = request.args.get("incoming"), request.args.get("page")
        if predicate is not None and not describe.SAFE_IRI.fullmatch(predicate):
            raise Problem(
                400,
                f"incoming={predicate!r} is not an IRI: give the IRI of a property that "
                "links to this page, e.g. incoming=" + coop("algerianParty"),
            )
        if page is None:
            return cls(predicate, 1)
        if predicate is None or not (page.isascii() and page.isdigit()) or int(page) < 1:
            raise Problem(
                400,
                f"page={page!r}: a page of links is a whole number from 1, asked with the "
                "property, e.g. ?incoming=" + coop("algerianParty") + "&page=2",
            )
        return cls(predicate, int(page))

    def page_of(self, predicate: str, total: int) -> int:
        if predicate != self.predicate:
            return 1
        last = -(-total // INCOMING_PAGE)
        if self.page > last:
            raise Problem(
                404,
                f"page {self.page} of the links through <{predicate}>: there are "
                f"{last} pages of {INCOMING_PAGE}. Ask for page=1 to {last}.",
            )
        return self.page


def incoming_link(doc: str, predicate: str, page: int) -> str:
    query = urlencode({"incoming": predicate, "page": page})
    return with_lang(f"/page/{doc}?{query}#links-here")


def incoming_rows(doc: str, iri: str, view: IncomingView, labeller: Labeller) -> list[Row]:
    """Links to the resource, by property, a page of each (inferred copies left out): counts in
    one query, then each property's page; labels and types of the shown links in one batch."""
    inferred = iris.graph("inferred", base())
    counts = describe.incoming_counts(store(), iri, inferred)
    if view.predicate is not None and view.predicate not in counts:
        raise Problem(
            404,
            f"nothing links to <{iri}> through <{view.predicate}>. Properties that do: "
            + (", ".join(sorted(counts)) or "none"),
        )
    pages: list[tuple[Row, list[str]]] = []
    for p, total in counts.items():
        page = view.page_of(p, total)
        offset = (page - 1) * INCOMING_PAGE
        row = Row(Text(p), p, total=total, href=href_of(p), first=offset + 1)
        row.sparql = sparql_link(iri, p)
        row.previous = incoming_link(doc, p, page - 1) if page > 1 else None
        row.next = incoming_link(doc, p, page + 1) if offset + INCOMING_PAGE < total else None
        subjects = describe.incoming_page(store(), iri, p, inferred, INCOMING_PAGE, offset)
        pages.append((row, subjects))
    shown = [s for _, subjects in pages for s in subjects]
    learn_labels(labeller, [*shown, *counts])
    types = asserted_types(labeller, shown)
    for row, subjects in pages:
        row.label = labeller.text(row.predicate)
        row.values = [labeller.value(ox.NamedNode(s), types.get(s, "")) for s in subjects]
        row.values.sort(key=lambda v: v.text.sort_key)  # within the page: pages go by index
    rows = [row for row, _ in pages]
    return sorted(rows, key=lambda r: (-r.total, r.label.sort_key))


def learn_labels(labeller: Labeller, iris_: list[str]) -> None:
    """Add the labels of these IRIs, those the labeller lacks, in one query."""
    missing = list(dict.fromkeys(i for i in iris_ if i not in labeller.labels))
    for s in describe.labels_of(store(), missing):
        labeller.labels.setdefault(s.subject.value, []).append(s.object)  # type: ignore[arg-type]


TYPES_OF = """
SELECT ?s ?t WHERE { VALUES ?s { %s } GRAPH ?g { ?s a ?t } FILTER(?g != %s) }"""


def asserted_types(labeller: Labeller, subjects: list[str]) -> dict[str, str]:
    """The asserted (not inferred) class of each subject, as a label in the page's language."""
    out: dict[str, str] = {}
    inferred = describe.iri_ref(iris.graph("inferred", base()))
    classes: dict[str, str] = {}
    for start in range(0, len(subjects), describe.VALUES_CHUNK):
        chunk = describe.iri_list(subjects[start : start + describe.VALUES_CHUNK])
        for r in store().query(TYPES_OF % (chunk, inferred)):
            classes.setdefault(r["s"].value, r["t"].value)
    learn_labels(labeller, sorted(set(classes.values())))
    for subject, cls in classes.items():
        out[subject] = labeller.text(cls).value
    return out


@dataclass
class Sources:
    documents: list[Value]
    confidence: list[Value]


def sources_of(d: Description, labeller: Labeller) -> Sources:
    titles: dict[str, ox.Literal] = {}
    for s in d.provenance:
        if s.predicate.value in (describe.DCT + "title", describe.RDFS + "label"):
            titles.setdefault(s.subject.value, s.object)  # type: ignore[arg-type]
    docs: list[Value] = []
    for p in describe.PROVENANCE_PREDICATES:
        for term in d.values(p):
            if isinstance(term, ox.NamedNode) and all(v.iri != term.value for v in docs):
                title = titles.get(term.value)
                text = text_of(title) if title else Text(term.value, "", "ltr")
                docs.append(Value(text, href_of(term.value), term.value))
    confidence = [labeller.value(t) for t in d.values(coop("confidence"))]
    return Sources(docs, confidence)


@dataclass
class Validation:
    rules: list[describe.Rule]
    results: list[describe.ValidationResult] | None  # None: no validator results in this store

    def count(self, severity: str) -> int:
        """Results of a severity (Violation, Warning, Info): the box's verdict reads them."""
        return sum(1 for r in self.results or () if r.severity == severity)


SEVERITY_ORDER = ("Violation", "Warning", "Info")


def by_severity(rules: list[describe.Rule]) -> list[describe.Rule]:
    rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    return sorted(rules, key=lambda r: rank.get(r.severity, len(rank)))


def validation_of(iri: str, classes: list[str]) -> Validation:
    """The rules that apply, and the build's validation results for this resource (None when
    the store has none: a build without validation, or a remote store)."""
    found = store().findings(iri)
    results = None if found is None else [validation_result(f) for f in found]
    return Validation(by_severity(from_shapes(describe.rules, classes)), results)


def validation_result(f: Finding) -> describe.ValidationResult:
    messages = [ox.Literal(text, language=lang) for lang, text in f.messages.items()]
    return describe.ValidationResult(f.severity.capitalize(), f.path, None, f.rule_id, messages)


PARTIES = ("algerianParty", "foreignParty")  # shown under an agreement's title


def entity_page(doc: str, iri: str) -> Response:
    view = IncomingView.asked()
    d = describe.describe(store(), iri, incoming=False)
    labeller = Labeller(d.label_map(), g.lang)
    classes = d.types()
    names = d.values(describe.RDFS + "label") + d.values(describe.SKOS + "prefLabel")
    page = render_template(
        "entity.html",
        iri=iri,
        doc=doc,
        title=labeller.text(iri),
        names=[text_of(x) for x in names if isinstance(x, ox.Literal)],
        kinds=[labeller.text(c) for c in classes if not _is_inferred_type(d, c)],
        groups=outgoing_groups(d, labeller, classes),
        incoming=incoming_rows(doc, iri, view, labeller),
        sources=sources_of(d, labeller),
        validation=validation_of(iri, classes),
        json_ld=json_ld_script(schema_org(d, labeller, request.url_root)),
        formats=RDF_DOCS,
        parties=[labeller.value(p) for name in PARTIES for p in d.values(coop(name))],
        signed=next((t.value for t in d.values(coop("signingDate"))), None),
        map=map_of(iri),
    )
    return Response(page, 200, content_type="text/html; charset=utf-8")


def _is_inferred_type(d: Description, cls: str) -> bool:
    graphs = {
        s.graph
        for s in d.outgoing
        if s.subject.value == d.iri
        and s.predicate.value == describe.RDF_TYPE
        and s.object.value == cls
    }
    return graphs == {iris.graph("inferred", base())}


def sparql_link(iri: str, predicate: str) -> str:
    """The endpoint's answer listing every resource that links to `iri` through `predicate`."""
    query = f"SELECT DISTINCT ?s WHERE {{ ?s <{predicate}> <{iri}> FILTER(isIRI(?s)) }} ORDER BY ?s"
    return "/sparql?" + urlencode({"query": query}, quote_via=quote)

"""Documentation pages: the ontology (classes and properties with labels and definitions in
three languages, alignments, the SHACL rules that apply, instance counts, an example query),
each SKOS concept scheme, and the catalogue of SHACL rules. Their RDF is served by pages.py.
/page/… is routed here: a documentation page when the path names one, else the entity page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, g, render_template, request

from coopgraph import describe, iris
from coopgraph.describe import RDF_TYPE, RDFS, SKOS, Statement
from coopgraph.web import context, pages, paths
from coopgraph.web.labels import Labeller, Text, Value, best_label, text_of

bp = Blueprint("docs", __name__)

OWL = "http://www.w3.org/2002/07/owl#"
DCT = describe.DCT
KINDS = (
    ("classes", OWL + "Class"),
    ("object_properties", OWL + "ObjectProperty"),
    ("datatype_properties", OWL + "DatatypeProperty"),
)
PARENTS = (RDFS + "subClassOf", RDFS + "subPropertyOf")
ALIGNMENTS = (
    SKOS + "closeMatch",
    SKOS + "exactMatch",
    OWL + "equivalentClass",
    OWL + "equivalentProperty",
)
LANGUAGE_ORDER = ("ar", "fr", "en")


@dataclass
class TermDoc:
    iri: str
    anchor: str
    title: Text
    labels: list[Text]
    definitions: list[Text]
    parents: list[Value] = field(default_factory=list)
    alignments: list[Value] = field(default_factory=list)
    domain: list[Value] = field(default_factory=list)
    range: list[Value] = field(default_factory=list)
    count: int = 0
    rules: list[describe.Rule] = field(default_factory=list)
    query: str = ""
    query_href: str = ""


def by_subject(statements: list[Statement]) -> dict[str, dict[str, list[ox.Term]]]:
    found: dict[str, dict[str, list[ox.Term]]] = {}
    for s in statements:
        if isinstance(s.subject, ox.NamedNode):
            values = found.setdefault(s.subject.value, {}).setdefault(s.predicate.value, [])
            if s.object not in values:
                values.append(s.object)
    return found


def texts(terms: list[ox.Term]) -> list[Text]:
    """Literals ordered ar, fr, en, then the rest, each with its own language and direction."""
    literals = [t for t in terms if isinstance(t, ox.Literal)]

    def rank(lit: ox.Literal) -> int:
        lang = (lit.language or "").split("-")[0]
        return LANGUAGE_ORDER.index(lang) if lang in LANGUAGE_ORDER else len(LANGUAGE_ORDER)

    return [text_of(x) for x in sorted(literals, key=rank)]


def sparql_href(query: str) -> str:
    return "/sparql?" + urlencode({"query": query}, quote_via=quote)


def example_query(term: str, is_class: bool) -> str:
    coop = iris.ONTOLOGY
    local = term[len(coop) :]
    head = f"PREFIX coop: <{coop}>\nPREFIX rdfs: <{RDFS}>\n"
    if is_class:
        return head + (
            f"SELECT ?resource ?label WHERE {{\n  ?resource a coop:{local} .\n"
            "  OPTIONAL { ?resource rdfs:label ?label }\n} LIMIT 20"
        )
    return head + f"SELECT ?subject ?value WHERE {{\n  ?subject coop:{local} ?value .\n}} LIMIT 20"


def term_doc(
    iri: str, props: dict[str, list[ox.Term]], labeller: Labeller, is_class: bool
) -> TermDoc:
    values = [labeller.value(t) for p in PARENTS for t in props.get(p, [])]
    doc = TermDoc(
        iri,
        iri.rsplit("#", 1)[-1],
        labeller.text(iri),
        texts(props.get(RDFS + "label", [])),
        texts(props.get(SKOS + "definition", []) + props.get(RDFS + "comment", [])),
        parents=values,
        alignments=[labeller.value(t) for p in ALIGNMENTS for t in props.get(p, [])],
        domain=[labeller.value(t) for t in props.get(RDFS + "domain", [])],
        range=[labeller.value(t) for t in props.get(RDFS + "range", [])],
    )
    doc.query = example_query(iri, is_class)
    doc.query_href = sparql_href(doc.query)
    return doc


def term_sections(
    subjects: dict[str, dict[str, list[ox.Term]]], namespace: str, labeller: Labeller
) -> dict[str, list[TermDoc]]:
    """Classes, relations and attributes of the namespace, each with its counts and rules."""
    store, base = context.store(), context.base()
    class_counts = describe.class_counts(store)
    predicate_counts = describe.predicate_counts(store)

    def terms_of(kind: str) -> list[str]:
        return [
            s
            for s, props in subjects.items()
            if s.startswith(namespace) and ox.NamedNode(kind) in props.get(RDF_TYPE, [])
        ]

    all_rules = describe.rules(store, base, terms_of(OWL + "Class"))
    sections: dict[str, list[TermDoc]] = {}
    for key, kind in KINDS:
        docs = [term_doc(t, subjects[t], labeller, key == "classes") for t in terms_of(kind)]
        for doc in docs:
            if key == "classes":
                doc.count = class_counts.get(doc.iri, 0)
                doc.rules = describe.rules(store, base, [doc.iri])
            else:
                doc.count = predicate_counts.get(doc.iri, 0)
                doc.rules = [r for r in all_rules if doc.iri in r.paths]
        sections[key] = sorted(docs, key=lambda x: x.title.sort_key)
    return sections


def ontology_page(iri: str) -> Response:
    d = describe.describe_hash_document(context.store(), context.base(), "ontology")
    labeller = Labeller(d.label_map(), g.lang)
    subjects = by_subject(d.outgoing)
    head = subjects.get(iri, {})
    titles = [t for t in head.get(DCT + "title", []) if isinstance(t, ox.Literal)]
    title = best_label(titles, g.lang)
    page = render_template(
        "docs_ontology.html",
        iri=iri,
        title=text_of(title) if title else labeller.text(iri),
        descriptions=texts(head.get(DCT + "description", [])),
        version=[t.value for t in head.get(OWL + "versionInfo", [])],
        licences=[labeller.value(t) for t in head.get(DCT + "license", [])],
        sections=term_sections(subjects, iri + "#", labeller),
        schemes=schemes(labeller),
        formats=pages.RDF_DOCS,
    )
    return Response(page, 200, content_type="text/html; charset=utf-8")


SCHEMES = (
    f"SELECT ?s ?l WHERE {{ ?s a <{SKOS}ConceptScheme> OPTIONAL {{ ?s <{SKOS}prefLabel> ?l }} }}"
)


def schemes(labeller: Labeller) -> list[Value]:
    labels: dict[str, list[ox.Literal]] = {}
    for r in context.store().query(SCHEMES):
        entry = labels.setdefault(r["s"].value, [])
        if r["l"] is not None:
            entry.append(r["l"])
    local = Labeller(labels, labeller.lang)
    values = [local.value(ox.NamedNode(s)) for s in labels]
    return sorted(values, key=lambda v: v.text.sort_key)


@dataclass
class ConceptDoc:
    value: Value
    anchor: str
    labels: list[Text]
    alt_labels: list[Text]
    definitions: list[Text]
    uses: int
    notation: list[str]


def scheme_page(iri: str) -> Response:
    store = context.store()
    d = describe.describe(store, iri)
    statements, uses = describe.scheme_concepts(store, iri)
    labeller = Labeller(d.label_map(), g.lang)
    concepts = [
        ConceptDoc(
            labeller.value(ox.NamedNode(c)),
            c.rsplit("/", 1)[-1],
            texts(props.get(SKOS + "prefLabel", [])),
            texts(props.get(SKOS + "altLabel", [])),
            texts(props.get(SKOS + "definition", [])),
            uses.get(c, 0),
            [t.value for t in props.get(SKOS + "notation", [])],
        )
        for c, props in by_subject(statements).items()
    ]
    own = by_subject(d.outgoing).get(iri, {})
    query = (
        f"PREFIX skos: <{SKOS}>\nSELECT ?concept ?label (COUNT(?use) AS ?uses) WHERE {{\n"
        f"  ?concept skos:inScheme <{iri}> ; skos:prefLabel ?label .\n"
        f'  FILTER(LANG(?label) = "{g.lang}")\n'
        "  OPTIONAL { ?use ?p ?concept FILTER(!STRSTARTS(STR(?p), STR(skos:))) }\n"
        "} GROUP BY ?concept ?label ORDER BY DESC(?uses)"
    )
    page = render_template(
        "docs_scheme.html",
        iri=iri,
        doc=paths.path_of(iri),
        title=labeller.text(iri),
        labels=texts(own.get(SKOS + "prefLabel", [])),
        definitions=texts(own.get(SKOS + "definition", [])),
        sources=[labeller.value(t) for t in own.get(DCT + "source", [])],
        concepts=sorted(concepts, key=lambda c: (-c.uses, c.value.text.sort_key)),
        query=query,
        query_href=sparql_href(query),
        formats=pages.RDF_DOCS,
    )
    return Response(page, 200, content_type="text/html; charset=utf-8")


TARGETS = f"SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ ?s <{describe.SH}targetClass> ?c }} }}"


def shapes_page(iri: str) -> Response:
    store, base = context.store(), context.base()
    classes = [r["c"].value for r in store.query(TARGETS)]
    d = describe.describe_hash_document(store, base, "shapes")
    labeller = Labeller(d.label_map(), g.lang)
    by_class = {labeller.text(c): describe.rules(store, base, [c]) for c in sorted(classes)}
    page = render_template("docs_shapes.html", iri=iri, by_class=by_class, formats=pages.RDF_DOCS)
    return Response(page, 200, content_type="text/html; charset=utf-8")


def renderer(doc: str, iri: str) -> Callable[[], Response] | None:
    """The documentation page for this document path, if it has one."""
    if doc == "ontology":
        return lambda: ontology_page(iri)
    if doc == "shapes":
        return lambda: shapes_page(iri)
    if doc.startswith("vocab/") and doc.count("/") == 1:
        return lambda: scheme_page(iri)
    return None


@bp.get("/page/<path:rest>")
def page(rest: str) -> Response:
    doc, iri = pages.resolve(rest)
    render = renderer(doc, iri) or (lambda: pages.entity_page(doc, iri))
    asked = [request.args.get(k, "") for k in ("lang", "incoming", "page")]
    tag = pages.etag("page", doc, g.lang, *asked)
    return pages.conditional(tag, "Accept-Language", lambda: _with_links(render(), doc))


def _with_links(response: Response, doc: str) -> Response:
    response.headers["Link"] = pages.document_links(doc, "alternate", skip="html")
    return response

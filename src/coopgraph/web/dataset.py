"""The dataset for machines: /void and /.well-known/void (VoID + DCAT), /dumps/, /sitemap.xml,
/robots.txt. A harvester can crawl the whole graph from /void alone: it names the URI space,
root and example resources, every class, the SPARQL endpoint and the dumps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pyoxigraph as ox
from flask import Blueprint, Response, g, render_template, request, send_file

from coopgraph import counts as registry
from coopgraph import describe, dump, iris, negotiation
from coopgraph.store import ReleaseInfo
from coopgraph.web import context, errors, home, httpcache, labels, pages, paths

bp = Blueprint("dataset", __name__)

RDF = describe.RDF
XSD = "http://www.w3.org/2001/XMLSchema#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = describe.DCT
RDFS = iris.PREFIXES["rdfs"]
FOAF = "http://xmlns.com/foaf/0.1/"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
TITLE = {
    "en": "coopgraph: the open knowledge graph of Algeria's decentralized cooperation",
    "fr": "coopgraph : le graphe de connaissances ouvert de la coopération décentralisée de "
    "l'Algérie",
    "ar": "coopgraph: الرسم المعرفي المفتوح للتعاون اللامركزي في الجزائر",
}
DESCRIPTION = {
    "en": "The partnership agreements Algerian communes and wilayas sign with foreign territorial "
    "collectivities, their memberships in city networks, and the legal instruments that govern "
    "them; every statement cites the source it was read from.",
    "fr": "Les accords de partenariat que les communes et wilayas algériennes signent avec des "
    "collectivités territoriales étrangères, leur adhésion aux réseaux de villes et les textes "
    "juridiques qui les régissent ; chaque affirmation cite sa source.",
    "ar": "اتفاقيات الشراكة التي تبرمها البلديات والولايات الجزائرية مع جماعات إقليمية أجنبية، "
    "وعضويتها في شبكات المدن، والنصوص القانونية التي تنظمها؛ كل معلومة مرفقة بمصدرها.",
}
EXAMPLES = ("id/wilaya/16", "id/commune/1601", "id/country/fr", "vocab/theme")
VOCABULARIES = ("skos", "org", "prov", "dct", "eli", "schema", "foaf")
ENTITIES = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), %s)) }"
# Root resources: the schemes, countries and networks (where people start browsing), and one
# resource of every group of resources that no link joins to those, so that a crawl from /void
# alone reaches everything (documents carry incoming links, so links count both ways).
ROOTS = """
SELECT DISTINCT ?s WHERE {
  { ?s a <http://www.w3.org/2004/02/skos/core#ConceptScheme> } UNION { ?s a %s } UNION { ?s a %s }
} ORDER BY ?s"""
LINKS = """
SELECT DISTINCT ?s ?o WHERE {
  ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), %(base)s) && !CONTAINS(STR(?s), "#"))
  OPTIONAL { FILTER(isIRI(?o) && STRSTARTS(STR(?o), %(base)s) && !CONTAINS(STR(?o), "#")) }
}"""
NODE_SHAPES = """
SELECT DISTINCT ?s WHERE {
  GRAPH %s { ?s a <http://www.w3.org/ns/shacl#NodeShape> FILTER(isIRI(?s)) }
} ORDER BY ?s"""
# Every page but those of retired IRIs (merged: they answer 301 to the IRI kept).
PAGES = """SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), %s))
  FILTER NOT EXISTS { ?s <http://purl.org/dc/terms/isReplacedBy> ?kept } }"""
VOID_OFFERS = pages.OFFERS


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _typed(value: object, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + datatype))


@dataclass(frozen=True)
class Counts:
    classes: dict[str, int]
    entities: int
    roots: list[str]


def counts(info: ReleaseInfo) -> Counts:
    def make() -> Counts:
        store = context.store()
        rows = store.query(ENTITIES % json.dumps(info.base_iri))
        entities = int(next(iter(rows))["n"].value)
        return Counts(describe.class_counts(store), entities, root_resources(info.base_iri))

    return context.per_release("void-counts", make)


def root_resources(base: str) -> list[str]:
    """The browsing roots, plus one resource of each part of the graph not linked to them."""
    store = context.store()
    coop = iris.ONTOLOGY
    country, network = (describe.iri_ref(coop + c) for c in ("Country", "CityNetwork"))
    roots = [r["s"].value for r in store.query(ROOTS % (country, network))]
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in store.query(LINKS % {"base": json.dumps(base)}):
        s, o = r["s"].value, r["o"]
        if isinstance(o, ox.NamedNode) and o.value.startswith(base) and "#" not in o.value:
            parent[find(s)] = find(o.value)
        else:
            find(s)
    reached = {find(r) for r in roots}
    for node in sorted(parent):
        if find(node) not in reached:
            reached.add(find(node))
            roots.append(node)
    return roots


def void_triples(root: str) -> list[ox.Triple]:
    """VoID + DCAT description of the dataset served here (`root` is this server's URL)."""
    info = context.release()
    base = info.base_iri
    d = _n(base + "dataset")
    c = counts(info)
    out: list[tuple[ox.NamedNode | ox.BlankNode, str, ox.Term]] = [
        (d, RDF + "type", _n(VOID + "Dataset")),
        (d, RDF + "type", _n(DCAT + "Dataset")),
        *((d, DCT + "title", ox.Literal(v, language=k)) for k, v in TITLE.items()),
        *((d, DCT + "description", ox.Literal(v, language=k)) for k, v in DESCRIPTION.items()),
        (d, DCT + "license", _n(LICENCE)),
        (d, DCT + "identifier", ox.Literal(info.release_id)),
        (d, DCT + "modified", _typed(info.created, "dateTime")),
        (d, DCT + "hasVersion", _n(f"{base}release/{info.release_id}")),
        (d, DCAT + "landingPage", _n(root)),
        (d, FOAF + "homepage", _n(root)),
        (d, VOID + "uriSpace", ox.Literal(base)),
        (d, VOID + "triples", _typed(info.triples, "integer")),
        (d, VOID + "entities", _typed(c.entities, "integer")),
        (d, VOID + "sparqlEndpoint", _n(root + "sparql")),
        (d, VOID + "vocabulary", _n(paths.iri_of("ontology", base))),
        *((d, VOID + "vocabulary", _n(iris.PREFIXES[p])) for p in VOCABULARIES),
        *((d, VOID + "exampleResource", _n(base + path)) for path in EXAMPLES),
    ]
    publisher = ox.BlankNode()
    out += [
        (d, DCT + "publisher", publisher),
        (publisher, RDF + "type", _n(FOAF + "Organization")),
        (publisher, FOAF + "name", ox.Literal("The coopgraph team", language="en")),
    ]
    out += [(d, VOID + "rootResource", _n(r)) for r in c.roots]
    shapes = context.store().query(NODE_SHAPES % describe.iri_ref(iris.graph("shapes", base)))
    out += [(d, DCT + "conformsTo", r["s"]) for r in shapes]  # the SHACL shapes it meets
    for name, media_type in dump.FILES.items():
        url = _n(f"{root}dumps/{name}")
        dist = ox.BlankNode()
        out += [
            (d, VOID + "dataDump", url),
            (d, DCAT + "distribution", dist),
            (dist, RDF + "type", _n(DCAT + "Distribution")),
            (dist, DCAT + "downloadURL", url),
            (dist, DCAT + "mediaType", ox.Literal(media_type)),
            (
                dist,
                DCAT + "compressFormat",
                _n("http://www.iana.org/assignments/media-types/application/gzip"),
            ),
        ]
    service = ox.BlankNode()
    out += [
        (d, DCAT + "distribution", service),
        (service, RDF + "type", _n(DCAT + "Distribution")),
        (service, DCAT + "accessURL", _n(root + "sparql")),
        (service, DCT + "title", ox.Literal("SPARQL 1.1 endpoint", language="en")),
    ]
    out += registry_count_triples(d)
    for cls, n in sorted(c.classes.items()):
        part = ox.BlankNode()
        out += [
            (d, VOID + "classPartition", part),
            (part, VOID + "class", _n(cls)),
            (part, VOID + "entities", _typed(n, "integer")),
        ]
    return [ox.Triple(s, _n(p), o) for s, p, o in out]


def registry_count_triples(
    d: ox.NamedNode,
) -> list[tuple[ox.NamedNode | ox.BlankNode, str, ox.Term]]:
    """The registry's counts split, and a link to the ministry's reported figure (a statement of
    the graph), so that a harvester compares them as the home page does."""
    split = home.split_counts()
    found, figure = split["counts"], split["figure"]
    assert isinstance(found, registry.RegistryCounts)
    coop = iris.ONTOLOGY
    values = {
        "recordedAgreements": found.recorded.acts,
        "concludedAgreements": found.concluded.acts,
        "pendingAgreements": found.pending,
        "concludedPartnerPairs": found.concluded.pairs,
        "partnerCountries": found.recorded.countries,
        "partnerCountriesWithoutWesternSahara": found.recorded.countries_without_eh,
        "concludedPartnerCountriesWithoutWesternSahara": found.concluded.countries_without_eh,
    }
    out: list[tuple[ox.NamedNode | ox.BlankNode, str, ox.Term]] = [
        (d, coop + name, _typed(n, "nonNegativeInteger")) for name, n in values.items()
    ]
    if isinstance(figure, registry.ReportedFigure):
        out.append((d, DCT + "references", _n(figure.iri)))
        summary = ox.Literal(registry.summary(found, figure), language="en")
        out.append((d, RDFS + "comment", summary))
    return out


def void_response(chosen: negotiation.Representation) -> Response:
    tag = httpcache.etag("void", chosen.name, request.url_root, g.lang)

    def make() -> Response:
        triples = void_triples(request.url_root)
        if chosen.name == pages.HTML.name:
            page = render_template(
                "void.html",
                title=TITLE,
                description=DESCRIPTION,
                info=context.release(),
                counts=counts(context.release()),
                split=home.split_counts(),
                classes=class_rows(),
                dumps=list(dump.FILES),
                formats=pages.RDF_DOCS,
                licence=LICENCE,
            )
            return Response(page, 200, content_type="text/html; charset=utf-8")
        return Response(
            pages.serialize(triples, chosen.name), 200, content_type=chosen.content_type
        )

    response = httpcache.conditional(tag, "Accept, Accept-Language", make)
    response.headers["Link"] = ", ".join(
        f'</void.{r.name}>; rel="alternate"; type="{r.media_type}"' for r in pages.RDF_DOCS
    )
    return response


def class_rows() -> list[tuple[labels.Value, int]]:
    info = context.release()
    classes = counts(info).classes
    statements = describe.labels_of(context.store(), sorted(classes))
    labeller = labels.Labeller({}, g.lang)
    for s in statements:
        labeller.labels.setdefault(s.subject.value, []).append(s.object)  # type: ignore[arg-type]
    rows = [(labeller.value(_n(cls)), n) for cls, n in classes.items()]
    return sorted(rows, key=lambda r: -r[1])


@bp.get("/void")
@bp.get("/.well-known/void")
def void() -> Response:
    try:
        chosen = negotiation.choose(VOID_OFFERS, request.headers.get("Accept"))
    except negotiation.NotAcceptable as err:
        return errors.error(406, str(err))
    return void_response(chosen)


@bp.get("/void.<ext>")
def void_document(ext: str) -> Response:
    chosen = next((r for r in pages.RDF_DOCS if r.name == ext), None)
    if chosen is None:
        names = ", ".join(f"/void.{r.name}" for r in pages.RDF_DOCS)
        return errors.error(404, f"/void.{ext} does not exist: use /void or one of {names}.")
    return void_response(chosen)


# ---------------------------------------------------------------------------------------------
# Dumps


def dumps_folder() -> Path | None:
    return context.store().dumps()


@bp.get("/dumps/")
def dumps_index() -> Response:
    folder = dumps_folder()
    files = [
        (name, (folder / name).stat().st_size)
        for name in dump.FILES
        if folder and (folder / name).is_file()
    ]
    page = render_template(
        "dumps.html", files=files, media_types=dump.FILES, info=context.release()
    )
    return Response(page, 200, content_type="text/html; charset=utf-8")


@bp.get("/dumps")
def dumps_redirect() -> Response:
    return Response(
        "See /dumps/\n", 301, headers={"Location": "/dumps/"}, content_type="text/plain"
    )


@bp.get("/dumps/<name>")
def dump_file(name: str) -> Response:
    folder = dumps_folder()
    if name not in dump.FILES or folder is None or not (folder / name).is_file():
        return errors.error(
            404,
            f"No dump named {name!r} here. The dumps are listed at /dumps/: "
            + ", ".join(dump.FILES)
            + ". A server reading a remote store has none.",
        )
    response = send_file(
        folder / name,
        mimetype="application/gzip",
        as_attachment=True,
        download_name=name,
        conditional=True,
        etag=True,
        max_age=300,
    )
    response.headers["X-Coopgraph-Release"] = context.release().release_id
    return response


# ---------------------------------------------------------------------------------------------
# Crawlers


def page_urls(root: str) -> list[str]:
    base = context.base()
    rows = context.store().query(PAGES % json.dumps(base))
    page_paths = {paths.page_path_of(r["s"].value, base) for r in rows} | {"/page/ontology"}
    return sorted(root.rstrip("/") + p for p in page_paths if p and "#" not in p)


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    root = request.url_root
    modified = context.release().created[:10]
    tag = httpcache.etag("sitemap", root)

    def make() -> Response:
        urls = [root, *page_urls(root)]
        body = "".join(
            f"<url><loc>{escape(u)}</loc><lastmod>{modified}</lastmod></url>" for u in urls
        )
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>\n'
        )
        return Response(xml, 200, content_type="application/xml; charset=utf-8")

    return httpcache.conditional(tag, "Accept-Encoding", make)


@bp.get("/robots.txt")
def robots() -> Response:
    text = (
        "User-agent: *\n"
        "Allow: /\n"
        "Disallow: /sparql\n"
        "Disallow: /search\n"
        f"Sitemap: {request.url_root}sitemap.xml\n"
    )
    return Response(text, 200, content_type="text/plain; charset=utf-8")

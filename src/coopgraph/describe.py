"""What the store says about one resource: the queries behind its pages and RDF documents.

A resource's description is
- its outgoing statements (every graph, inferred ones included) and the blank nodes they lead
  to (two levels: all the data has),
- the incoming links from other named resources,
- the labels (rdfs:label, skos:prefLabel) of every IRI these mention,
- the provenance of its statements: every triple about the documents it cites
  (dct:source, prov:wasDerivedFrom).

A hash namespace (`{base}ontology#…`, `{base}shapes#…`) has one document for all its terms: its
whole named graph plus every statement whose subject is one of its terms.

Also here: the SHACL shapes that apply to a resource's classes (layout and rules), read from the
shapes graph, and validation results stored as sh:ValidationResult. No HTTP in this module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from string import Template

import pyoxigraph as ox

from coopgraph import iris
from coopgraph.store import Store

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = RDF + "type"
LABEL_PREDICATES = (RDFS + "label", SKOS + "prefLabel")
PROVENANCE_PREDICATES = (DCT + "source", PROV + "wasDerivedFrom")
HASH_DOCUMENTS = {"ontology": "ontology", "shapes": "shapes"}  # document path -> its graph
RULE_ID = re.compile(r"^D[CQ]-\d+[a-z]?$")
VALUES_CHUNK = 1500
SAFE_IRI = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*")

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Subject = ox.NamedNode | ox.BlankNode


@dataclass(frozen=True)
class Statement:
    subject: Subject
    predicate: ox.NamedNode
    object: Term
    graph: str | None = None  # the named graph it is asserted in, when known

    def triple(self) -> ox.Triple:
        return ox.Triple(self.subject, self.predicate, self.object)


@dataclass
class Description:
    iri: str
    outgoing: list[Statement] = field(default_factory=list)
    incoming: list[Statement] = field(default_factory=list)
    labels: list[Statement] = field(default_factory=list)
    provenance: list[Statement] = field(default_factory=list)

    def triples(self) -> list[ox.Triple]:
        """The RDF document: every statement once, without graph names, in a stable order."""
        parts = (self.outgoing, self.incoming, self.labels, self.provenance)
        return list(dict.fromkeys(s.triple() for part in parts for s in part))

    def label_map(self) -> dict[str, list[ox.Literal]]:
        found: dict[str, list[ox.Literal]] = {}
        for s in self.labels:
            if isinstance(s.object, ox.Literal) and isinstance(s.subject, ox.NamedNode):
                found.setdefault(s.subject.value, []).append(s.object)
        return found

    def types(self) -> list[str]:
        return sorted(
            {
                s.object.value
                for s in self.outgoing
                if s.subject.value == self.iri
                and s.predicate.value == RDF_TYPE
                and isinstance(s.object, ox.NamedNode)
            }
        )

    def values(self, predicate: str) -> list[Term]:
        """Distinct objects of the resource's own statements with this predicate."""
        found = (
            s.object
            for s in self.outgoing
            if s.subject.value == self.iri and s.predicate.value == predicate
        )
        return list(dict.fromkeys(found))


# ---------------------------------------------------------------------------------------------
# Queries

OUTGOING = """
SELECT ?s ?p ?o ?g WHERE {
  { GRAPH ?g { $e ?p ?o } BIND($e AS ?s) }
  UNION { $e ?x ?s FILTER(isBlank(?s)) GRAPH ?g { ?s ?p ?o } }
  UNION { $e ?x ?b FILTER(isBlank(?b)) ?b ?y ?s FILTER(isBlank(?s)) GRAPH ?g { ?s ?p ?o } }
}"""
INCOMING = "SELECT ?s ?p ?g WHERE { GRAPH ?g { ?s ?p $e } FILTER(isIRI(?s)) }"
PROVENANCE = f"""
SELECT DISTINCT ?s ?p ?o WHERE {{
  $e <{DCT}source>|<{PROV}wasDerivedFrom> ?s . FILTER(isIRI(?s)) ?s ?p ?o
}}"""
LABELS = """
SELECT DISTINCT ?x ?p ?l WHERE {
  VALUES ?x { %s } ?x ?p ?l FILTER(?p IN (%s) && isLiteral(?l))
}"""  # not VALUES ?p: Oxigraph then scans every ?x ?p ?l (77 ms at 100k triples, 0.7 with IN)
HASH_DOCUMENT = """
SELECT ?s ?p ?o ?g WHERE {
  { GRAPH $home { ?s ?p ?o } BIND($home AS ?g) }
  UNION
  { GRAPH ?g { ?s ?p ?o } FILTER(?g != $home && (?s = $doc || STRSTARTS(STR(?s), $ns))) }
  UNION
  {
    { SELECT DISTINCT ?s WHERE { GRAPH $home { ?x ?y ?s } FILTER(isBlank(?s)) } }
    GRAPH ?g { ?s ?p ?o } FILTER(?g != $home)
  }
}"""
KNOWN = "ASK { { $e ?p ?o } UNION { ?s ?p $e } }"
REPLACED = (
    "SELECT ?kept WHERE { $e <http://purl.org/dc/terms/isReplacedBy> ?kept "
    "FILTER (isIRI(?kept)) } ORDER BY ?kept LIMIT 1"
)


def iri_ref(iri: str) -> str:
    """`<iri>` for a query text; refuses what an IRI reference cannot hold."""
    if not SAFE_IRI.fullmatch(iri):
        raise ValueError(f"not an IRI that can be written in a query: {iri!r}")
    return f"<{iri}>"


def iri_list(values: Iterable[str]) -> str:
    return " ".join(iri_ref(v) for v in values)


def bind(query: str, **bindings: ox.NamedNode | ox.Literal) -> str:
    """Fill a query's `$name` placeholders with IRIs or plain string literals."""
    return Template(query).substitute(
        {
            k: iri_ref(v.value) if isinstance(v, ox.NamedNode) else json.dumps(v.value)
            for k, v in bindings.items()
        }
    )


def _rows(store: Store, query: str, **bindings: ox.NamedNode | ox.Literal) -> Iterator:
    yield from store.query(bind(query, **bindings))  # type: ignore[misc]


def _graph(term: ox.Term | None) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def _mentioned(statements: Iterable[Statement]) -> list[str]:
    found: dict[str, None] = {}
    for s in statements:
        for term in (s.subject, s.predicate, s.object):
            if isinstance(term, ox.NamedNode):
                found[term.value] = None
    return list(found)


def labels_of(store: Store, iris_: Sequence[str]) -> list[Statement]:
    """The label statements of these IRIs (rdfs:label, skos:prefLabel)."""
    out: list[Statement] = []
    predicates = ", ".join(iri_ref(p) for p in LABEL_PREDICATES)
    for start in range(0, len(iris_), VALUES_CHUNK):
        chunk = iri_list(iris_[start : start + VALUES_CHUNK])
        for r in store.query(LABELS % (chunk, predicates)):
            out.append(Statement(r["x"], r["p"], r["l"]))
    return out


def describe(store: Store, iri: str, incoming: bool = True) -> Description:
    """Everything the document of a (slash) resource holds; without its incoming links when
    `incoming` is false (pages read those a page at a time: see `incoming_counts`)."""
    node = ox.NamedNode(iri)
    d = Description(iri)
    d.outgoing = [
        Statement(r["s"], r["p"], r["o"], _graph(r["g"])) for r in _rows(store, OUTGOING, e=node)
    ]
    if incoming:
        d.incoming = [
            Statement(r["s"], r["p"], node, _graph(r["g"])) for r in _rows(store, INCOMING, e=node)
        ]
    d.provenance = [Statement(r["s"], r["p"], r["o"]) for r in _rows(store, PROVENANCE, e=node)]
    d.labels = labels_of(store, _mentioned([*d.outgoing, *d.incoming, *d.provenance]))
    return d


# Incoming links a page at a time: a hub has thousands, a page shows a few hundred per property.
# A link counts when its subject is an IRI and some graph other than `skip` (the inferred graph:
# super-properties' copies) asserts it; rdf:type links count wherever they are. `!isBlank` costs
# a third of `isIRI`, which decodes every term (4.5 against 6.5-12 ms for a hub at 1M triples).
LINKED = f"GRAPH ?g {{ ?s ?p $e }} FILTER(!isBlank(?s) && (?g != $skip || ?p = <{RDF_TYPE}>))"
INCOMING_COUNTS = f"SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {LINKED} }} GROUP BY ?p"
INCOMING_SUBJECTS = (
    f"SELECT DISTINCT ?s WHERE {{ {LINKED.replace('?p', '$p')} }} LIMIT %d OFFSET %d"
)


def incoming_counts(store: Store, iri: str, skip: str) -> dict[str, int]:
    """Property IRI -> how many resources link to `iri` through it."""
    rows = _rows(store, INCOMING_COUNTS, e=ox.NamedNode(iri), skip=ox.NamedNode(skip))
    return {r["p"].value: int(r["n"].value) for r in rows}


def incoming_page(
    store: Store, iri: str, predicate: str, skip: str, size: int, offset: int
) -> list[str]:
    """One page of the resources linking to `iri` through `predicate`, in the store's index
    order: stable for a release (pages neither overlap nor skip), and only the page's terms
    are decoded. ORDER BY ?s would decode and compare every link: 190 ms for 1,500 in
    Oxigraph 0.5; reading them all to sort here, 5-20 ms; this, 1 ms."""
    nodes = {k: ox.NamedNode(v) for k, v in {"e": iri, "p": predicate, "skip": skip}.items()}
    return [r["s"].value for r in _rows(store, INCOMING_SUBJECTS % (size, offset), **nodes)]


def hash_document_path(path: str) -> str | None:
    """'ontology' for 'ontology' and 'ontology#Commune'; None for slash resources."""
    doc = path.split("#", 1)[0]
    return doc if doc in HASH_DOCUMENTS else None


def describe_hash_document(store: Store, base: str, doc: str) -> Description:
    """The document of a hash namespace: its named graph and every statement about its terms."""
    doc_iri = iris.rebase(iris.CANONICAL_BASE + doc, base)  # the schema stays canonical
    rows = _rows(
        store,
        HASH_DOCUMENT,
        home=ox.NamedNode(iris.graph(HASH_DOCUMENTS[doc], base)),
        doc=ox.NamedNode(doc_iri),
        ns=ox.Literal(doc_iri + "#"),
    )
    d = Description(doc_iri)
    d.outgoing = [Statement(r["s"], r["p"], r["o"], _graph(r["g"])) for r in rows]
    d.labels = labels_of(store, _mentioned(d.outgoing))
    return d


def hash_document_exists(store: Store, base: str, doc: str) -> bool:
    graph = iris.graph(HASH_DOCUMENTS[doc], base)
    return bool(store.query(f"ASK {{ GRAPH {iri_ref(graph)} {{ ?s ?p ?o }} }}"))


def is_known(store: Store, iri: str) -> bool:
    return bool(store.query(bind(KNOWN, e=ox.NamedNode(iri))))


def replaced_by(store: Store, iri: str) -> str | None:
    """The IRI kept for a retired one (dct:isReplacedBy in the release), if it was merged."""
    rows = store.query(bind(REPLACED, e=ox.NamedNode(iri)))
    return next((r["kept"].value for r in rows), None)


# ---------------------------------------------------------------------------------------------
# SHACL: how the shapes lay a resource out, which rules apply, what the validator found


@dataclass
class PropertyLayout:
    path: str
    names: list[ox.Literal] = field(default_factory=list)  # sh:name, any language
    order: float = 1e9
    group: str | None = None
    group_labels: list[ox.Literal] = field(default_factory=list)
    group_order: float = 1e9


@dataclass
class Rule:
    key: str  # the rule id (DC-01…) when the shape carries one, else the shape's IRI or node
    rule_id: str | None
    severity: str  # Violation, Warning, Info
    messages: list[ox.Literal] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    notes: list[ox.Literal] = field(default_factory=list)  # legal source, confidence…


@dataclass
class ValidationResult:
    severity: str
    path: str | None
    value: Term | None
    shape: str | None
    messages: list[ox.Literal] = field(default_factory=list)


LAYOUT = f"""
PREFIX sh: <{SH}>
SELECT ?path ?name ?order ?group ?glabel ?gorder WHERE {{
  VALUES ?c {{ %s }}
  GRAPH ?shapes {{
    ?shape sh:targetClass ?c ; sh:property ?ps . ?ps sh:path ?path . FILTER(isIRI(?path))
    OPTIONAL {{ ?ps sh:name ?name }}
    OPTIONAL {{ ?ps sh:order ?order }}
    OPTIONAL {{ ?ps sh:group ?group
      OPTIONAL {{ ?group rdfs:label ?glabel }} OPTIONAL {{ ?group sh:order ?gorder }} }}
  }}
}}"""
RULES = f"""
PREFIX sh: <{SH}>
SELECT DISTINCT ?x ?p ?v WHERE {{
  VALUES ?c {{ %s }}
  GRAPH ?shapes {{
    {{ ?shape sh:targetClass ?c . BIND(?shape AS ?x) }}
    UNION {{ ?shape sh:targetClass ?c ; sh:property|sh:sparql ?x }}
    ?x ?p ?v .  # a lone {{ BIND }} group binds nothing: ?x ?p ?v then read every shape
  }}
}} ORDER BY ?x ?p ?v"""


def _number(term: ox.Term | None, default: float = 1e9) -> float:
    try:
        return float(term.value) if isinstance(term, ox.Literal) else default
    except ValueError:
        return default


def _shapes_query(query: str, base: str, classes: Sequence[str]) -> str:
    if not classes:
        return ""
    text = query % iri_list(classes)
    return text.replace("GRAPH ?shapes", f"GRAPH <{iris.graph('shapes', base)}>").replace(
        "PREFIX sh:", f"PREFIX rdfs: <{RDFS}>\nPREFIX sh:", 1
    )


def _add(items: list[ox.Literal], term: ox.Term | None) -> None:
    if isinstance(term, ox.Literal) and term not in items:
        items.append(term)


def layout(store: Store, base: str, classes: Sequence[str]) -> dict[str, PropertyLayout]:
    """Path IRI -> where the shapes put it (sh:group, sh:order, sh:name)."""
    query = _shapes_query(LAYOUT, base, classes)
    found: dict[str, PropertyLayout] = {}
    for r in store.query(query) if query else ():
        entry = found.setdefault(r["path"].value, PropertyLayout(r["path"].value))
        _add(entry.names, r["name"])
        _add(entry.group_labels, r["glabel"])
        entry.order = min(entry.order, _number(r["order"]))
        entry.group_order = min(entry.group_order, _number(r["gorder"]))
        entry.group = entry.group or _graph(r["group"])
    return found


def _severity(term: ox.Term) -> str:
    return term.value.rsplit("#", 1)[-1]


def _read_rule(rule: Rule, p: str, v: ox.Term) -> None:
    if isinstance(v, ox.Literal) and RULE_ID.match(v.value):
        rule.rule_id = v.value
    elif p == SH + "severity":
        rule.severity = _severity(v)
    elif p == SH + "message":
        _add(rule.messages, v)
    elif p == SH + "path" and isinstance(v, ox.NamedNode) and v.value not in rule.paths:
        rule.paths.append(v.value)
    elif p.startswith(iris.ONTOLOGY):
        _add(rule.notes, v)  # the legal source, the confidence grade


def rules(store: Store, base: str, classes: Sequence[str]) -> list[Rule]:
    """The rules (node, property and SPARQL constraints) of the shapes targeting these classes:
    those that carry a rule id or a message, one entry per rule id."""
    query = _shapes_query(RULES, base, classes)
    by_node: dict[str, Rule] = {}
    for r in store.query(query) if query else ():
        node = str(r["x"])
        _read_rule(by_node.setdefault(node, Rule(node, None, "")), r["p"].value, r["v"])
    merged: dict[str, Rule] = {}
    for node, rule in by_node.items():
        if not (rule.rule_id or rule.messages):
            continue
        rule.severity = rule.severity or "Violation"
        key = rule.rule_id or node
        if key not in merged:
            rule.key = key
            merged[key] = rule
            continue
        for message in rule.messages:
            _add(merged[key].messages, message)
        for note in rule.notes:
            _add(merged[key].notes, note)
        merged[key].paths.extend(p for p in rule.paths if p not in merged[key].paths)
    return sorted(merged.values(), key=lambda r: (r.rule_id is None, r.rule_id or r.key))


# ---------------------------------------------------------------------------------------------
# Counts and vocabularies, for the documentation pages

CLASS_COUNTS = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
PREDICATE_COUNTS = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
SCHEME_CONCEPTS = f"""
SELECT ?c ?p ?o WHERE {{
  ?c <{SKOS}inScheme> $scheme ; ?p ?o .
  FILTER(?p IN (<{SKOS}prefLabel>, <{SKOS}altLabel>, <{SKOS}definition>, <{SKOS}notation>,
                <{SKOS}broader>, <{SKOS}exactMatch>, <{SKOS}closeMatch>))
}}"""
CONCEPT_USES = f"""
SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  ?c <{SKOS}inScheme> $scheme . ?s ?p ?c .
  FILTER(!STRSTARTS(STR(?p), "{SKOS}"))
}} GROUP BY ?c"""


def class_counts(store: Store) -> dict[str, int]:
    return {r["c"].value: int(r["n"].value) for r in store.query(CLASS_COUNTS)}


def predicate_counts(store: Store) -> dict[str, int]:
    return {r["p"].value: int(r["n"].value) for r in store.query(PREDICATE_COUNTS)}


def scheme_concepts(store: Store, scheme: str) -> tuple[list[Statement], dict[str, int]]:
    """The statements about a scheme's concepts (labels, definitions…) and each one's uses."""
    node = ox.NamedNode(scheme)
    statements = [
        Statement(r["c"], r["p"], r["o"]) for r in _rows(store, SCHEME_CONCEPTS, scheme=node)
    ]
    uses = {r["c"].value: int(r["n"].value) for r in _rows(store, CONCEPT_USES, scheme=node)}
    return statements, uses

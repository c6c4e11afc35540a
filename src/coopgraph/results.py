"""Query results in the standard formats, streamed to a binary file-like object.

SELECT and ASK: SPARQL 1.1 JSON, XML, CSV and TSV results. CONSTRUCT and DESCRIBE: the RDF
formats pyoxigraph writes. pyoxigraph's `QuerySolutions.serialize` writes solutions several
times faster than Python but cannot stop at a row limit: it serves queries whose text caps
their rows (`native_solutions`); the writers here serve the others, stopping at the limit.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from coopgraph.negotiation import Representation

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Names and media types as clients send them in `format`/`output`/`results` or Accept:
# SPARQLWrapper (short names, then media types), Jena/Fuseki's short names, Virtuoso's.
SOLUTION_FORMATS: tuple[Representation, ...] = (
    Representation(
        "json",
        "application/sparql-results+json",
        ("application/json",),
        ("js", "text/javascript", "application/javascript"),
    ),
    Representation("xml", "application/sparql-results+xml", ("application/xml",), ("sparql",)),
    Representation("csv", "text/csv"),
    Representation("tsv", "text/tab-separated-values"),
)
GRAPH_FORMATS: tuple[Representation, ...] = (
    Representation(
        "turtle",
        "text/turtle",
        ("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3", "application/n3"),
        ("ttl", "n3", "application/x-nice-turtle"),
    ),
    Representation(
        "ntriples", "application/n-triples", ("text/plain",), ("nt", "n-triples", "text/ntriples")
    ),
    Representation(
        "jsonld",
        "application/ld+json",
        ("application/json", "application/x-json+ld"),
        ("json-ld", "json"),
    ),
    Representation(
        "rdfxml",
        "application/rdf+xml",
        ("application/xml",),
        ("xml", "rdf", "rdf+xml", "rdf/xml", "application/xml+rdf"),
    ),
    Representation("nquads", "application/n-quads", ("text/x-nquads",), ("nq", "n-quads")),
    Representation("trig", "application/trig", ("application/x-trig",)),
)
ALL_FORMATS = SOLUTION_FORMATS + GRAPH_FORMATS
HTML_PAGE = Representation("html", "text/html", ("application/xhtml+xml",))  # for browsers
# SELECT and ASK results in an RDF format use the W3C result-set vocabulary (as Jena and
# Virtuoso do); a graph in CSV or TSV is a table of subject, predicate, object (as Virtuoso).
TABLE_FORMATS = tuple(r for r in SOLUTION_FORMATS if r.name in ("csv", "tsv"))
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}


def is_graph_result(result: object) -> bool:
    return not isinstance(result, (ox.QuerySolutions, ox.QueryBoolean))


# ---------------------------------------------------------------------------------------------
# Terms


def json_term(term: ox.Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            if term.direction:
                out["its:dir"] = str(term.direction).rsplit(".", 1)[-1].lower()
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def xml_term(term: ox.Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attr = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype.value != XSD_STRING:
            attr = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attr = ""
        return f"<literal{attr}>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def csv_value(term: ox.Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)


# ---------------------------------------------------------------------------------------------
# Writers: each writes to a binary file-like `out` and stops after `limit` rows;
# `counter` learns how many rows went out and whether the limit cut the result.


class RowCounter:
    def __init__(self) -> None:
        self.rows = 0
        self.truncated = False

    def limit(self, items: Iterable, limit: int | None) -> Iterator:
        for item in items:
            if limit is not None and self.rows >= limit:
                self.truncated = True
                return
            self.rows += 1
            yield item


def _json_solutions(names: list[str], rows: Iterable[ox.QuerySolution]) -> Iterator[str]:
    yield '{"head":{"vars":' + json.dumps(names) + '},"results":{"bindings":['
    sep = ""
    for row in rows:
        binding = {n: json_term(row[n]) for n in names if row[n] is not None}
        yield sep + json.dumps(binding, ensure_ascii=False)
        sep = ","
    yield "]}}\n"


def _xml_solutions(names: list[str], rows: Iterable[ox.QuerySolution]) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="utf-8"?>\n'
    yield '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
    yield "".join(f"<variable name={quoteattr(n)}/>" for n in names)
    yield "</head><results>"
    for row in rows:
        cells = "".join(
            f"<binding name={quoteattr(n)}>{xml_term(row[n])}</binding>"
            for n in names
            if row[n] is not None
        )
        yield f"<result>{cells}</result>"
    yield "</results></sparql>\n"


def _csv_solutions(names: list[str], rows: Iterable[ox.QuerySolution]) -> Iterator[str]:
    line = io.StringIO()
    writer = csv.writer(line, lineterminator="\r\n")
    for cells in ([names], ([csv_value(row[n]) for n in names] for row in rows)):
        for cell_row in cells:
            writer.writerow(cell_row)
            yield line.getvalue()
            line.seek(0)
            line.truncate()


def _tsv_solutions(names: list[str], rows: Iterable[ox.QuerySolution]) -> Iterator[str]:
    yield "\t".join(f"?{n}" for n in names) + "\n"
    for row in rows:
        yield "\t".join("" if row[n] is None else str(row[n]) for n in names) + "\n"


SOLUTION_WRITERS = {
    "json": _json_solutions,
    "xml": _xml_solutions,
    "csv": _csv_solutions,
    "tsv": _tsv_solutions,
}


NATIVE_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


# Where one solution ends and the next begins in pyoxigraph's compact JSON. Inside a string a
# quote is escaped, so `},{"` there is a string's end, followed by "," or "}", never by the
# first character of a variable's name.
NEXT_SOLUTION = re.compile(rb'\},\{"[^,}]')
BINDINGS = b'"bindings":['


def _cut_json(data: bytes, limit: int | None) -> tuple[bytes, int]:
    """Counted without parsing (7x faster, no objects), unless some solution may be empty."""
    if b"{}" in data:  # an empty solution `{}` could not be told from a string's content
        return _cut_parsed_json(data, limit)
    opening = data.index(BINDINGS) + len(BINDINGS)  # the head before it holds only names
    if data[opening : opening + 1] == b"]":
        return data, 0
    rows = 1 + len(NEXT_SOLUTION.findall(data, opening))
    if limit is not None and rows > limit:
        ends = [match.start() + 1 for match in NEXT_SOLUTION.finditer(data, opening)]
        data = data[: ends[limit - 1] if limit else opening] + b"]}}"
    return data, rows


def complete_solutions(data: bytes) -> bytes:
    """A JSON results document cut short, ended after its last complete solution. Either
    writer's output serves: pyoxigraph's compact JSON or the Python writer's."""
    boundaries = list(NEXT_SOLUTION.finditer(data))
    end = boundaries[-1].start() + 1 if boundaries else data.index(BINDINGS) + len(BINDINGS)
    return data[:end] + b"]}}"


def _cut_parsed_json(data: bytes, limit: int | None) -> tuple[bytes, int]:
    document = json.loads(data)
    bindings = document["results"]["bindings"]
    rows = len(bindings)
    if limit is not None and rows > limit:
        del bindings[limit:]
        data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    return data, rows


def _cut_xml(data: bytes, limit: int | None) -> tuple[bytes, int]:
    rows = data.count(b"<result>")  # text and attributes escape "<": only elements match
    if limit is not None and rows > limit:
        data = data[: data.rindex(b"<result>")] + b"</results></sparql>"
    return data, rows


def _cut_csv(data: bytes, limit: int | None) -> tuple[bytes, int]:
    records = list(csv.reader(io.StringIO(data.decode(), newline="")))
    rows = len(records) - 1
    if limit is not None and rows > limit:
        text = io.StringIO()
        csv.writer(text, lineterminator="\r\n").writerows(records[: limit + 1])
        data = text.getvalue().encode()
    return data, rows


def _cut_tsv(data: bytes, limit: int | None) -> tuple[bytes, int]:
    rows = data.count(b"\n") - 1  # terms are written escaped: one line per row
    if limit is not None and rows > limit:
        data = data[: data.rindex(b"\n", 0, len(data) - 1) + 1]
    return data, rows


NATIVE_CUTS = {"json": _cut_json, "xml": _cut_xml, "csv": _cut_csv, "tsv": _cut_tsv}


def native_solutions(
    result: ox.QuerySolutions, fmt: str, limit: int | None
) -> tuple[bytes, int, bool]:
    """The document pyoxigraph writes for `result`, its row count and whether it was cut.
    The query must have returned at most `limit` + 1 rows (see `sparqlrewrite.capped`):
    one row past the limit tells that the limit cut the result, and is dropped."""
    data, rows = NATIVE_CUTS[fmt](result.serialize(format=NATIVE_FORMATS[fmt]), limit)
    if limit is not None and rows > limit:
        return data, limit, True
    return data, rows, False


def boolean_document(value: bool, fmt: str) -> str:
    text = "true" if value else "false"
    if fmt == "json":
        return '{"head":{},"boolean":' + text + "}\n"
    if fmt == "xml":
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/'
            f'sparql-results#"><head/><boolean>{text}</boolean></sparql>\n'
        )
    return text + "\n"


def _triples_for(fmt: str, triples: Iterable[ox.Triple]) -> Iterable[ox.Triple | ox.Quad]:
    if fmt in ("nquads", "trig"):  # dataset formats: the triples form the default graph
        return (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return triples


RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
TRIPLE_COLUMNS = ["subject", "predicate", "object"]


def _rs(name: str) -> ox.NamedNode:
    return ox.NamedNode(RS + name)


def result_set_triples(names: list[str], rows: Iterable[ox.QuerySolution]) -> Iterator[ox.Triple]:
    """SELECT results as RDF, in the result-set vocabulary of the W3C test suites."""
    result_set = ox.BlankNode()
    yield ox.Triple(result_set, RDF_TYPE, _rs("ResultSet"))
    for name in names:
        yield ox.Triple(result_set, _rs("resultVariable"), ox.Literal(name))
    for index, row in enumerate(rows, 1):
        solution = ox.BlankNode()
        yield ox.Triple(result_set, _rs("solution"), solution)
        yield ox.Triple(solution, _rs("index"), ox.Literal(index))
        for name in names:
            if row[name] is not None:
                binding = ox.BlankNode()
                yield ox.Triple(solution, _rs("binding"), binding)
                yield ox.Triple(binding, _rs("variable"), ox.Literal(name))
                yield ox.Triple(binding, _rs("value"), row[name])


def boolean_triples(value: bool) -> list[ox.Triple]:
    result_set = ox.BlankNode()
    return [
        ox.Triple(result_set, RDF_TYPE, _rs("ResultSet")),
        ox.Triple(result_set, _rs("boolean"), ox.Literal(value)),
    ]


def write(
    result: ox.QuerySolutions | ox.QueryBoolean | Iterable[ox.Triple],
    fmt: str,
    out: BinaryIO,
    counter: RowCounter,
    limit: int | None = None,
) -> None:
    """Write any query result to `out` in format `fmt`, a name of `offers_for(result)`."""

    def rdf(triples: Iterable[ox.Triple]) -> None:  # pyoxigraph streams it into `out`
        ox.serialize(_triples_for(fmt, triples), out, RDF_FORMATS[fmt])

    def table(names: list[str], rows: Iterable) -> None:
        for piece in SOLUTION_WRITERS[fmt](names, rows):
            out.write(piece.encode())

    if isinstance(result, ox.QueryBoolean):
        if fmt in RDF_FORMATS:
            rdf(boolean_triples(bool(result)))
        else:
            out.write(boolean_document(bool(result), fmt).encode())
    elif isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = counter.limit(result, limit)
        if fmt in RDF_FORMATS:
            rdf(result_set_triples(names, rows))
        else:
            table(names, rows)
    elif fmt in SOLUTION_WRITERS:
        triples = counter.limit(result, limit)
        table(TRIPLE_COLUMNS, (dict(zip(TRIPLE_COLUMNS, t, strict=True)) for t in triples))
    else:
        rdf(counter.limit(result, limit))


def offers_for(result: object) -> tuple[Representation, ...]:
    """Every format for every query form, the form's own formats first (for Accept: */*)."""
    return GRAPH_FORMATS + TABLE_FORMATS if is_graph_result(result) else ALL_FORMATS


def term_text(term: ox.Term | None) -> str:
    """A short human reading of a term: IRIs as-is, literals by value with their language."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.language:
        return f"{term.value} @{term.language}"
    return csv_value(term)

"""Serialising query results in the standard formats (CLI output now, the endpoint later)."""

from __future__ import annotations

import pyoxigraph as ox

from coopgraph.store import QueryResult

TABULAR_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


class FormatError(ValueError):
    """The requested format does not fit the query form."""


def serialize(result: QueryResult, fmt: str) -> bytes:
    """SELECT/ASK: json, xml, csv, tsv. CONSTRUCT/DESCRIBE: turtle, ntriples, jsonld, rdfxml."""
    if isinstance(result, ox.QueryTriples):
        if fmt not in GRAPH_FORMATS:
            raise FormatError(
                f"'{fmt}' is not a graph format; CONSTRUCT and DESCRIBE results can be written as "
                + ", ".join(GRAPH_FORMATS)
            )
        return result.serialize(format=GRAPH_FORMATS[fmt])
    if fmt not in TABULAR_FORMATS:
        raise FormatError(
            f"'{fmt}' is not a results format; SELECT and ASK results can be written as "
            + ", ".join(TABULAR_FORMATS)
        )
    return result.serialize(format=TABULAR_FORMATS[fmt])


def term_text(term: ox.Term | None) -> str:
    """A short human reading of a term: IRIs as-is, literals by value with their language."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.language:
        return f"{term.value} @{term.language}"
    return term.value if hasattr(term, "value") else str(term)

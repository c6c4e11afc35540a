"""Provenance (issue 15 §6): every network cites the pages that state its facts, the ministry's
page only for what it says, no published literal names an internal file, and DQ-26 holds on the
shipped data. On the built graph and release."""

from __future__ import annotations

import re

from coopgraph import iris
from coopgraph.importers.networks import MINISTRY_PAGE

from .graphquery import select

# A path of the team's working tree, or a reference to a file beside a CSV: not for the public.
INTERNAL = re.compile(r"\bshared/|beside this file|\b(?:data|src|tests|queries)/[\w./-]+\.\w+")


def test_every_network_cites_a_source(built_store) -> None:
    rows = select(
        built_store,
        "SELECT ?n { ?n a coop:CityNetwork FILTER NOT EXISTS { ?n dct:source ?s } }",
    )
    assert rows == []
    assert len(select(built_store, "SELECT ?n { ?n a coop:CityNetwork }")) == 12


def test_a_network_fact_the_ministry_page_does_not_state_cites_another_page(
    built_store, shared_dir
) -> None:
    """The founding year and the English seat come from networks.csv's pages; where the ministry's
    page is the only source, its text must hold the fact (GNLC's 2013 and UIL are not on it)."""
    page = (shared_dir / "data" / "ministry-page-ar.txt").read_text(encoding="utf-8")
    rows = select(
        built_store,
        """SELECT ?n ?fact (GROUP_CONCAT(STR(?s); separator=" ") AS ?sources) {
             ?n a coop:CityNetwork ; dct:source ?s .
             { ?n coop:foundingDate ?fact } UNION { ?n coop:seat ?fact FILTER (LANG(?fact) = "en") }
           } GROUP BY ?n ?fact""",
    )
    assert rows
    for r in rows:
        others = set(r["sources"].value.split()) - {str(MINISTRY_PAGE)}
        assert others or r["fact"].value[:4] in page, (r["n"].value, r["fact"].value)


def test_official_memberships_are_supported_by_the_ministry_sentence(built_store) -> None:
    rows = select(
        built_store,
        f"""SELECT ?m ?q {{ ?m a coop:NetworkMembership ; dct:source <{MINISTRY_PAGE}> ;
                              coop:supportingQuote ?q }}""",
    )
    assert rows and all(r["q"].language == "ar" for r in rows)
    living_together = iris.membership("oimve", "wilaya-16")
    assert {r["m"].value for r in rows} >= {living_together}


def test_no_confidence_disagrees_with_its_quote(built_store) -> None:
    rows = select(
        built_store,
        """SELECT ?x ?q ?c { ?x coop:supportingQuote ?q ; coop:confidence ?c .
             FILTER (REGEX(STR(?q), "Confidence: (high|medium|low)"))
             FILTER (STRAFTER(STR(?c), "/vocab/confidence/")
                     != REPLACE(STR(?q), "^.*Confidence: (high|medium|low).*$", "$1", "s")) }""",
    )
    assert rows == []


def test_no_published_literal_names_an_internal_file(built_store) -> None:
    """Every literal of the release (all graphs: data, ontology, shapes, release metadata)."""
    rows = list(
        built_store.query("SELECT DISTINCT ?o { GRAPH ?g { ?s ?p ?o FILTER isLiteral(?o) } }")
    )
    found = [r["o"].value for r in rows if INTERNAL.search(r["o"].value)]
    assert found == []
    assert len(rows) > 10_000  # the whole release was read

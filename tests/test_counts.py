"""Counts as data (issue 15 §7): the ministry's reported figure is a sourced, dated statement of
the graph; the registry's counts are split (concluded or not, distinct pairs, countries with and
without Western Sahara) the same way on the home page, in /void and in `coopgraph stats`."""

from __future__ import annotations

import re

import pytest
import rdflib

from coopgraph import counts, iris, stats

from .browser import http, site_fixture  # noqa: F401
from .conftest import agreement_rows
from .graphquery import select
from .test_cli import run, store_dir

COOP = rdflib.Namespace(iris.ONTOLOGY)
WITHDRAWN_IRI = f"<{iris.concept('agreement-status', 'withdrawn')}>"
PENDING_IRIS = " ".join(f"<{iris.concept('agreement-status', s)}>" for s in counts.PENDING)


def test_the_ministry_figure_is_a_sourced_dated_statement(built_store, shared_dir) -> None:
    rows = select(
        built_store,
        """SELECT ?r ?a ?c ?after ?quote ?source ?by {
             ?r a coop:ReportedCount ; coop:reportedAgreementsMoreThan ?a ;
                coop:reportedCountriesMoreThan ?c ; coop:notEarlierThan ?after ;
                coop:supportingQuote ?quote ; dct:source ?source ; prov:wasAttributedTo ?by }""",
    )
    assert len(rows) == 1
    r = rows[0]
    assert (int(r["a"].value), int(r["c"].value)) == (100, 25)
    assert r["source"].value.startswith("https://interieur.gov.dz/")
    page = " ".join(
        (shared_dir / "data" / "ministry-page-ar.txt").read_text(encoding="utf-8").split()
    )
    assert " ".join(r["quote"].value.split()) in page  # the quote is the page's own sentence
    assert r["after"].value == "2020-08-27"  # the page cites the order of that day
    assert "27 أغسطس 2020" in page


def test_the_split_counts_agree_with_the_graph_and_the_csv(built_store, shared_dir) -> None:
    found = counts.registry_counts(built_store)
    rows = [r for r in agreement_rows(shared_dir) if r["status"] != "withdrawn"]  # not counted
    assert found.recorded.acts == len(rows)
    pending = select(
        built_store,
        f"SELECT DISTINCT ?a {{ ?a coop:status ?s VALUES ?s {{ {PENDING_IRIS} }} }}",
    )
    assert found.pending == len(pending) > 0
    countries = {r["country"] for r in rows}
    assert found.recorded.countries == len(countries)
    assert found.recorded.countries_without_eh == len(countries - {"EH"})
    pairs = select(
        built_store,
        f"""SELECT DISTINCT ?dz ?f {{ ?a coop:algerianParty ?dz ; coop:foreignParty ?f
              FILTER NOT EXISTS {{ ?a coop:status ?s
                                   VALUES ?s {{ {PENDING_IRIS} {WITHDRAWN_IRI} }} }} }}""",
    )
    assert found.concluded.pairs == len(pairs) < found.concluded.acts


def test_stats_prints_the_split_and_the_comparison(built_store) -> None:
    code, out = run("stats", "--store", store_dir(built_store))
    assert code == 0
    found = counts.registry_counts(built_store)
    text = " ".join(out.split())
    assert re.search(
        rf"concluded acts \(signed, renewed, amended…\) │ {found.concluded.acts} ", text
    )
    assert re.search(rf"announced, planned or in preparation │ {found.pending} ", text)
    assert "Ministry of the Interior: agreements, more than │ 100" in text
    assert f"The registry holds {found.concluded.acts} concluded acts" in text


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_the_home_page_shows_the_split_beside_the_ministry_figure(
    site: str, built_store, lang: str
) -> None:
    found = counts.registry_counts(built_store)
    status, _, body = http(f"{site}?lang={lang}")
    assert status == 200
    html = body.decode()
    block = html[html.index('id="registry-counts"') :]
    block = block[: block.index("</div>")]
    for n in (found.recorded.acts, found.concluded.acts, found.pending, found.concluded.pairs):
        assert re.search(rf"(?<!\d){n}(?!\d)", block), n
    assert "ministry-figure" in block and "100" in block and "25" in block
    assert str(found.recorded.countries_without_eh) in block
    assert "103 of the more than 100" not in html  # the old, misleading sentence


@pytest.mark.slow
def test_void_publishes_the_split_and_points_to_the_ministry_figure(site: str, built_store) -> None:
    status, _, body = http(site + "void.ttl")
    assert status == 200
    graph = rdflib.Graph().parse(data=body.decode(), format="turtle")
    dataset = next(
        graph.subjects(rdflib.RDF.type, rdflib.URIRef("http://rdfs.org/ns/void#Dataset"))
    )
    found = counts.registry_counts(built_store)
    assert int(graph.value(dataset, COOP.concludedAgreements)) == found.concluded.acts
    assert int(graph.value(dataset, COOP.pendingAgreements)) == found.pending
    assert int(graph.value(dataset, COOP.concludedPartnerPairs)) == found.concluded.pairs
    assert (
        int(graph.value(dataset, COOP.partnerCountriesWithoutWesternSahara))
        == found.recorded.countries_without_eh
    )
    reported = iris.CANONICAL_BASE + "id/org/ministry-of-interior/reported-count"
    assert (dataset, rdflib.DCTERMS.references, rdflib.URIRef(reported)) in graph


WITHDRAWN = f"?a coop:status {WITHDRAWN_IRI}"


def test_withdrawn_agreements_are_not_counted(built_store) -> None:
    everything = select(built_store, "SELECT DISTINCT ?a { ?a a coop:CooperationAgreement }")
    withdrawn = select(built_store, f"SELECT DISTINCT ?a {{ {WITHDRAWN} }}")
    assert withdrawn, "the data has withdrawn agreements (data/agreements/additions.csv)"
    _, decades = stats.compute(built_store)["Agreements by decade of signing"]
    assert sum(n for _, n in decades) == len(everything) - len(withdrawn)
    assert counts.registry_counts(built_store).recorded.acts == len(everything) - len(withdrawn)

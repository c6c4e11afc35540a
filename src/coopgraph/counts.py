"""The registry's own counts, split as a reader needs them, and the ministry's reported figure.

The registry records acts, not relations: its records (withdrawn ones left out) hold concluded
acts (signed, renewed, amended…) and acts only announced, planned or in preparation, and
several successive acts of one pair of parties. Its partner countries include Western Sahara
(SADR units, coded EH). The Ministry of the Interior's figure ("more than 100 agreements with
more than 25 countries") is a statement in the graph (coop:ReportedCount), read from the store
like any other fact, so the home page, /void and `coopgraph stats` compare the two the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coopgraph import iris

if TYPE_CHECKING:  # the store imports the shipped figures, which use counted() below
    from coopgraph.store import Store

PENDING = ("announced", "planned", "in-preparation")  # the statuses of acts not (yet) concluded
WESTERN_SAHARA = "/id/country/eh"

# One row: agreements, distinct (Algerian party, foreign party) pairs, partner countries with
# and without Western Sahara; %s leaves out withdrawn records, and restricts to concluded acts
# or not.
SPLIT = f"""
PREFIX coop: <{iris.ONTOLOGY}>
SELECT (COUNT(DISTINCT ?a) AS ?acts) (COUNT(DISTINCT ?pair) AS ?pairs)
       (COUNT(DISTINCT ?country) AS ?countries) (COUNT(DISTINCT ?other) AS ?without_eh)
WHERE {{
  ?a a coop:CooperationAgreement .
  OPTIONAL {{ ?a coop:algerianParty ?dz ; coop:foreignParty ?f .
             ?f coop:country ?country .
             BIND (CONCAT(STR(?dz), " ", STR(?f)) AS ?pair)
             BIND (IF(STRENDS(STR(?country), "%s"), ?nothing, ?country) AS ?other) }}
  %s
}}"""
STATUSES = ", ".join(f'"{s}"' for s in PENDING)
NOT_PENDING = f"""FILTER NOT EXISTS {{ ?a coop:status ?s
    FILTER (STRAFTER(STR(?s), "/vocab/agreement-status/") IN ({STATUSES})) }}"""
REPORTED = f"""
PREFIX coop: <{iris.ONTOLOGY}>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?r ?agreements ?countries ?source ?after WHERE {{
  ?r a coop:ReportedCount ; coop:reportedAgreementsMoreThan ?agreements ;
     coop:reportedCountriesMoreThan ?countries ; dct:source ?source .
  OPTIONAL {{ ?r coop:notEarlierThan ?after }}
}} ORDER BY ?r ?source LIMIT 1"""


def counted(var: str) -> str:
    """A filter that leaves out agreements the registry withdrew (vocab/agreement-status/
    withdrawn): they keep their IRI and page, but are no longer counted as agreements. By the
    IRI's end, so that it holds under any base IRI."""
    return (
        f"FILTER NOT EXISTS {{ ?{var} coop:status ?withdrawn . "
        'FILTER(STRENDS(STR(?withdrawn), "/agreement-status/withdrawn")) }'
    )


@dataclass(frozen=True)
class Split:
    acts: int
    pairs: int
    countries: int
    countries_without_eh: int


@dataclass(frozen=True)
class RegistryCounts:
    recorded: Split  # every record, announced and planned acts included
    concluded: Split  # the acts a source reports as concluded

    @property
    def pending(self) -> int:
        return self.recorded.acts - self.concluded.acts


@dataclass(frozen=True)
class ReportedFigure:
    iri: str
    agreements_more_than: int
    countries_more_than: int
    source: str
    not_earlier_than: str | None


def _split(store: Store, concluded: bool) -> Split:
    query = SPLIT % (WESTERN_SAHARA, counted("a") + (NOT_PENDING if concluded else ""))
    row = next(iter(store.query(query)))
    return Split(*(int(row[k].value) for k in ("acts", "pairs", "countries", "without_eh")))


def registry_counts(store: Store) -> RegistryCounts:
    return RegistryCounts(_split(store, False), _split(store, True))


def reported_figure(store: Store) -> ReportedFigure | None:
    """The ministry's reported figure, if the graph holds it."""
    for r in store.query(REPORTED):
        after = r["after"].value if r["after"] is not None else None
        return ReportedFigure(
            r["r"].value,
            int(r["agreements"].value),
            int(r["countries"].value),
            r["source"].value,
            after,
        )
    return None


def comparison(counts: RegistryCounts, figure: ReportedFigure) -> dict[str, int | bool]:
    """What the two say side by side: the registry's concluded acts and countries without
    Western Sahara against the ministry's lower bounds ('more than N')."""
    concluded = counts.concluded
    return {
        "acts": concluded.acts,
        "pairs": concluded.pairs,
        "countries": concluded.countries_without_eh,
        "ministry_agreements": figure.agreements_more_than,
        "ministry_countries": figure.countries_more_than,
        "acts_reach": concluded.acts > figure.agreements_more_than,
        "countries_reach": concluded.countries_without_eh > figure.countries_more_than,
    }


def summary(counts: RegistryCounts, figure: ReportedFigure) -> str:
    """The comparison in one English sentence, for the command line."""
    c = comparison(counts, figure)
    acts = "more than" if c["acts_reach"] else "fewer than"
    countries = "more than" if c["countries_reach"] else "fewer than"
    return (
        f"The Ministry of the Interior reports more than {figure.agreements_more_than} "
        f"agreements with more than {figure.countries_more_than} countries (undated page, "
        f"on or after {figure.not_earlier_than or 'an unknown date'}). The registry holds "
        f"{c['acts']} concluded acts between {c['pairs']} distinct pairs ({acts} the ministry's "
        f"count) in {c['countries']} countries without Western Sahara ({countries} the "
        "ministry's); the ministry does not list its agreements, so they cannot be matched."
    )

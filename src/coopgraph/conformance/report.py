"""The run's reports: counts per manifest, an EARL report (Turtle) and a JUnit XML report."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS, DOAP, RDF, XSD, Namespace

from coopgraph import iris
from coopgraph.conformance.compare import BY_VALUE
from coopgraph.conformance.runner import FAILED, INAPPLICABLE, PASSED, Outcome

EARL = Namespace("http://www.w3.org/ns/earl#")
SUBJECT = rdflib.URIRef(iris.CANONICAL_BASE + "software")
ASSERTOR = rdflib.URIRef(iris.CANONICAL_BASE + "software#conformance-runner")


@dataclass(frozen=True)
class Counts:
    passed: int = 0
    failed: int = 0
    known: int = 0  # of the failures, known engine limitations
    inapplicable: int = 0

    def add(self, outcome: Outcome) -> Counts:
        return Counts(
            self.passed + (outcome.status == PASSED),
            self.failed + (outcome.status == FAILED),
            self.known + (outcome.known is not None),
            self.inapplicable + (outcome.status == INAPPLICABLE),
        )


def per_manifest(outcomes: Sequence[Outcome]) -> dict[str, Counts]:
    counts: dict[str, Counts] = {}
    for o in outcomes:
        counts[o.test.manifest] = counts.get(o.test.manifest, Counts()).add(o)
    return counts


def total(outcomes: Sequence[Outcome]) -> Counts:
    counts = Counts()
    for o in outcomes:
        counts = counts.add(o)
    return counts


def strict_total(outcomes: Sequence[Outcome]) -> Counts:
    """The counts had terms been compared strictly (the known-limitation count left out)."""
    statuses = [o.strict_status for o in outcomes]
    return Counts(statuses.count(PASSED), statuses.count(FAILED), 0, statuses.count(INAPPLICABLE))


def mode_sentence(mode: str) -> str:
    if mode == BY_VALUE:
        return (
            "Results compared by value: numeric literals equal when their values are "
            '("1.0"^^xsd:decimal = "1"^^xsd:integer), booleans likewise ("1" = "true"); '
            "every other term by its lexical form, datatype and language."
        )
    return "Results compared strictly: every term by its lexical form, datatype and language."


def coopgraph_version() -> str:
    try:
        return version("coopgraph")
    except PackageNotFoundError:
        return "unreleased"


# ---------------------------------------------------------------------------------------------
# EARL


def _info(outcome: Outcome) -> str:
    text = outcome.reason
    if outcome.known:
        text = f"known engine limitation ({outcome.known}): {outcome.reason}"
    if outcome.strict:  # passes by value only
        text = f"{text}; " if text else ""
        text += f"passes when compared by value; compared strictly: {outcome.strict}"
    return text


def _describe_subject(g: rdflib.Graph) -> None:
    for kind in (EARL.TestSubject, EARL.Software, DOAP.Project):
        g.add((SUBJECT, RDF.type, kind))
    g.add((SUBJECT, DOAP.name, rdflib.Literal("coopgraph")))
    g.add((SUBJECT, DOAP.homepage, rdflib.URIRef(iris.CANONICAL_BASE)))
    release = rdflib.BNode()
    g.add((SUBJECT, DOAP.release, release))
    g.add((release, RDF.type, DOAP.Version))
    g.add((release, DOAP.revision, rdflib.Literal(coopgraph_version())))
    g.add((ASSERTOR, RDF.type, EARL.Software))
    g.add((ASSERTOR, DOAP.name, rdflib.Literal("coopgraph conformance")))


def _assert(g: rdflib.Graph, outcome: Outcome, date: rdflib.Literal) -> None:
    assertion, result = rdflib.BNode(), rdflib.BNode()
    g.add((assertion, RDF.type, EARL.Assertion))
    g.add((assertion, EARL.assertedBy, ASSERTOR))
    g.add((assertion, EARL.subject, SUBJECT))
    g.add((assertion, EARL.test, rdflib.URIRef(outcome.test.iri)))
    g.add((assertion, EARL.mode, EARL.automatic))
    g.add((assertion, EARL.result, result))
    g.add((result, RDF.type, EARL.TestResult))
    g.add((result, EARL.outcome, EARL[outcome.status]))
    g.add((result, DCTERMS.date, date))
    if _info(outcome):
        g.add((result, EARL.info, rdflib.Literal(_info(outcome))))


def earl_graph(outcomes: Sequence[Outcome], when: datetime, mode: str = BY_VALUE) -> rdflib.Graph:
    g = rdflib.Graph()
    for prefix, ns in (("earl", EARL), ("doap", DOAP), ("dct", DCTERMS)):
        g.bind(prefix, ns)
    _describe_subject(g)
    described = mode_sentence(mode)
    if mode == BY_VALUE:
        strict = strict_total(outcomes)
        described += f" Compared strictly: {strict.passed} passed, {strict.failed} failed."
    g.add((ASSERTOR, DCTERMS.description, rdflib.Literal(described)))
    date = rdflib.Literal(when.isoformat(), datatype=XSD.dateTime)
    for outcome in outcomes:
        _assert(g, outcome, date)
    return g


# ---------------------------------------------------------------------------------------------
# JUnit XML


def junit_tree(outcomes: Sequence[Outcome]) -> ET.ElementTree:
    all_counts = total(outcomes)
    root = ET.Element(
        "testsuites",
        name="W3C SPARQL 1.1",
        tests=str(len(outcomes)),
        failures=str(all_counts.failed),
        skipped=str(all_counts.inapplicable),
        time=f"{sum(o.seconds for o in outcomes):.3f}",
    )
    suites: dict[str, ET.Element] = {}
    for manifest, counts in per_manifest(outcomes).items():
        suites[manifest] = ET.SubElement(
            root,
            "testsuite",
            name=manifest,
            tests=str(counts.passed + counts.failed + counts.inapplicable),
            failures=str(counts.failed),
            errors="0",
            skipped=str(counts.inapplicable),
        )
    for o in outcomes:
        case = ET.SubElement(
            suites[o.test.manifest],
            "testcase",
            classname=f"sparql11.{o.test.manifest}",
            name=f"{o.test.iri.rsplit('#', 1)[-1]}: {o.test.name}",
            time=f"{o.seconds:.3f}",
        )
        if o.status == FAILED:
            ET.SubElement(case, "failure", message=_info(o)[:500]).text = _info(o)
        elif o.status == INAPPLICABLE:
            ET.SubElement(case, "skipped", message=o.reason)
    ET.indent(root)
    return ET.ElementTree(root)


# ---------------------------------------------------------------------------------------------


def write_reports(
    outcomes: Sequence[Outcome], folder: Path, mode: str = BY_VALUE, when: datetime | None = None
) -> None:
    """earl.ttl, junit.xml and summary.json in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    earl = earl_graph(outcomes, when or datetime.now(UTC), mode)
    earl.serialize(folder / "earl.ttl", format="turtle")
    junit_tree(outcomes).write(folder / "junit.xml", encoding="utf-8", xml_declaration=True)
    summary = {
        "comparison": mode,
        "total": vars(total(outcomes)),
        "strict": vars(strict_total(outcomes)),
        "manifests": {m: vars(c) for m, c in per_manifest(outcomes).items()},
        "failures": [
            {"test": o.test.iri, "reason": o.reason, "known_limitation": o.known}
            for o in outcomes
            if o.status == FAILED
        ],
    }
    (folder / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")

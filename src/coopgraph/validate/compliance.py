"""The registry's compliance, rule by rule and agreement by agreement, from one validation.

For each rule id: the resources it applies to (the focus nodes of every shape that carries the
id, itself or in one of its constraints), and how many of them meet it (no result), warn (a
warning or an information, no violation) or fail it (a violation). For each agreement: the
outcome of each rule that applies to it. Computed once per release, by the build
(build_check), and written beside the release: the web layer only reads it.

A blank node (a deliberation inside an agreement) counts as the resource that contains it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox
from rdflib import RDF, Graph
from rdflib.term import Node

from coopgraph import iris
from coopgraph.validate.catalogue import RuleShape, rule_order, rule_shapes
from coopgraph.validate.engine import COOP, SH
from coopgraph.validate.fast.compile import top_level_shapes
from coopgraph.validate.fast.conditions import TYPE_PATH
from coopgraph.validate.fast.targets import focus_pattern
from coopgraph.validate.loading import Dataset, node_key
from coopgraph.validate.report import Report, Severity

OUTCOMES = ("meet", "warn", "fail")
AGREEMENT = iris.ONTOLOGY + "CooperationAgreement"


@dataclass
class RuleCompliance:
    rule_id: str
    severities: list[str]  # of the rule's shapes, highest first
    messages: dict[str, str]  # language -> the message of its first shape
    legal_source: str
    confidence: str
    applies: int = 0
    meet: int = 0
    warn: int = 0
    fail: int = 0


@dataclass
class Compliance:
    rules: list[RuleCompliance] = field(default_factory=list)
    agreements: dict[str, dict[str, str]] = field(default_factory=dict)  # IRI -> rule -> outcome

    def to_json(self) -> dict[str, object]:
        return {
            "format": "coopgraph-compliance",
            "version": 1,
            "rules": [asdict(r) for r in self.rules],
            "agreements": self.agreements,
        }


def compliance(report: Report, dataset: Dataset, shapes: Graph) -> Compliance:
    """The compliance of the validated dataset (its subclass closure materialised)."""
    applies = applicable(dataset, shapes)
    outcomes = worst_outcomes(report)
    for rule_id, nodes in outcomes.items():
        applies[rule_id].update(nodes)  # a target that selects offenders only still applies
    agreements = set(_agreements(dataset.store))
    document = Compliance()
    for rule_id, shape_rules in _by_rule(rule_shapes(shapes)).items():
        first = shape_rules[0]
        rule = RuleCompliance(
            rule_id=rule_id,
            severities=sorted({r.severity.value for r in shape_rules}, key=_severity_rank),
            messages=first.message,
            legal_source=first.legal_source,
            confidence=first.confidence,
        )
        for node in sorted(applies.get(rule_id, ())):
            outcome = outcomes.get(rule_id, {}).get(node, "meet")
            rule.applies += 1
            setattr(rule, outcome, getattr(rule, outcome) + 1)
            if node in agreements:
                document.agreements.setdefault(node, {})[rule_id] = outcome
        document.rules.append(rule)
    document.agreements = dict(sorted(document.agreements.items()))
    return document


def _severity_rank(severity: str) -> int:
    return -Severity(severity).rank


def _by_rule(entries: Iterable[RuleShape]) -> dict[str, list[RuleShape]]:
    found: dict[str, list[RuleShape]] = defaultdict(list)
    for entry in entries:
        found[entry.rule_id].append(entry)
    return dict(sorted(found.items(), key=lambda item: rule_order(item[0])))


def worst_outcomes(report: Report) -> dict[str, dict[str, str]]:
    """rule id -> resource -> 'fail' (a violation) or 'warn' (a warning or an information)."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for r in report.results:
        node = r.focus_node.removeprefix("_:")
        outcome = "fail" if r.severity == Severity.VIOLATION else "warn"
        if found[r.rule_id].get(node) != "fail":
            found[r.rule_id][node] = outcome
    return found


def applicable(dataset: Dataset, shapes: Graph) -> dict[str, set[str]]:
    """rule id -> the named resources its shapes target."""
    found: dict[str, set[str]] = defaultdict(set)
    for shape in top_level_shapes(shapes):
        ids = rule_ids(shapes, shape)
        pattern = focus_pattern(shapes, shape) if ids else None
        if pattern is None:
            continue
        where, prefixes = pattern
        query = "\n".join(sorted(prefixes)) + f"\nSELECT DISTINCT ?this WHERE {{ {where} }}"
        query = query.replace(TYPE_PATH, f"<{RDF.type}>")  # the closure is materialised
        solutions = dataset.store.query(query, use_default_graph_as_union=True)
        nodes = {
            dataset.origins.named_ancestor(node_key(s["this"]))
            for s in solutions  # type: ignore[union-attr]
            if isinstance(s["this"], ox.NamedNode | ox.BlankNode)
        }
        for rule_id in ids:
            found[rule_id].update(n for n in nodes if not n.startswith("_:"))
    return found


def rule_ids(shapes: Graph, shape: Node) -> set[str]:
    """The rule ids a top-level shape carries: its own, its property shapes' and its SPARQL
    constraints'."""
    parts = [shape, *shapes.objects(shape, SH.property), *shapes.objects(shape, SH.sparql)]
    return {str(i) for part in parts for i in shapes.objects(part, COOP.ruleId)}


def _agreements(store: ox.Store) -> Iterable[str]:
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(AGREEMENT)):
        if isinstance(quad.subject, ox.NamedNode):
            yield quad.subject.value

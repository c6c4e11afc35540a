"""The rule catalogue (docs/rules.md), generated from the shapes so it is written only once.

python -m coopgraph.validate.catalogue [OUTPUT]      (default: docs/rules.md)
coopgraph validate --catalogue OUTPUT
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import DCTERMS, RDFS, SKOS, Graph, Literal
from rdflib.term import Node

from coopgraph import iris, sources
from coopgraph.validate.engine import COOP, SEVERITIES, SH, load_shapes, path_text, shape_name
from coopgraph.validate.report import LANGUAGES, Severity

SPARQL_PATH = re.compile(r"\((\S+) AS \?path\)")
INTRO = """# Rule catalogue

<!-- Generated from shapes/*.ttl by `python -m coopgraph.validate.catalogue`
     (or `coopgraph validate --catalogue docs/rules.md`). Do not edit: edit the shapes. -->

The SHACL shapes of `shapes/` encode the rules of Executive Decree 17-329 and the related
texts (`DC-…`, from the catalogue of `shared/research/decree.md` §7) and the project's
data-quality rules (`DQ-…`). Severity follows the research note's policy (§0):
**violation** only for definitional, well-sourced and unambiguous rules and for pure logic;
**warning** for paraphrase-backed or single-source rules; **info** for inferred rules and
heuristics. Where a shape departs from the catalogue's severity, its note says why. No
article number of Decree 17-329 could be verified: the legal sources say so.

Dates of any precision (`xsd:gYear`, `xsd:gYearMonth`, `xsd:date`) stand for the interval of
days they cover; a date rule fires only when the dates are *certainly* out of order (or
certainly inside the period a rule governs). See `docs/validate.md`.
"""


@dataclass(frozen=True)
class RuleShape:
    """One shape (or constraint) that encodes (part of) a rule."""

    rule_id: str
    severity: Severity
    shape: str
    path: str
    message: dict[str, str]
    legal_source: str
    confidence: str
    note: str


@dataclass(frozen=True)
class Unencoded:
    rule_id: str
    statement: str
    source: str
    reason: str


def rule_order(rule_id: str) -> tuple[str, int, str]:
    """DC-01 < DC-10a < DC-10b < DC-11 < DQ-01."""
    prefix, number, suffix = re.fullmatch(r"([A-Z]+)-(\d+)(.*)", rule_id).groups()  # type: ignore[union-attr]
    return prefix, int(number), suffix


def _text(graph: Graph, node: Node, prop: Node) -> str:
    return " ".join(str(v) for v in graph.objects(node, prop))


def rule_shapes(shapes: Graph) -> list[RuleShape]:
    found = []
    for shape, rule_id in shapes.subject_objects(COOP.ruleId):
        sparql = shapes.value(shape, SH.sparql)
        message_node = sparql if sparql is not None else shape
        found.append(
            RuleShape(
                rule_id=str(rule_id),
                severity=SEVERITIES[shapes.value(shape, SH.severity)],
                shape=shape_name(shapes, shape),
                path=_path(shapes, shape, sparql),
                message={
                    m.language: str(m)
                    for m in shapes.objects(message_node, SH.message)
                    if isinstance(m, Literal) and m.language
                },
                legal_source=_text(shapes, shape, COOP.legalSource),
                confidence=_text(shapes, shape, COOP.ruleConfidence),
                note=_text(shapes, shape, RDFS.comment),
            )
        )
    return sorted(found, key=lambda r: (rule_order(r.rule_id), -r.severity.rank, r.shape))


def _path(shapes: Graph, shape: Node, sparql: Node | None) -> str:
    if sparql is not None:
        match = SPARQL_PATH.search(str(shapes.value(sparql, SH.select)))
        return match[1] if match else ""
    path = shapes.value(shape, SH.path)
    return "" if path is None else path_text(shapes, path)


def unencoded(shapes: Graph) -> list[Unencoded]:
    found = [
        Unencoded(
            rule_id=str(rule_id),
            statement=_text(shapes, node, RDFS.label),
            source=_text(shapes, node, DCTERMS.source),
            reason=_text(shapes, node, SKOS.editorialNote),
        )
        for node, rule_id in shapes.subject_objects(DCTERMS.identifier)
        if str(node).startswith(iris.SHAPES)
    ]
    return sorted(found, key=lambda u: rule_order(u.rule_id))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(shapes: Graph) -> str:
    entries = rule_shapes(shapes)
    by_rule: dict[str, list[RuleShape]] = defaultdict(list)
    for entry in entries:
        by_rule[entry.rule_id].append(entry)
    lines = [
        INTRO,
        "## Summary",
        "",
        "| Rule | Severity | Confidence | Shapes |",
        "|---|---|---|---|",
    ]
    for rule_id, rows in by_rule.items():
        severities = ", ".join(dict.fromkeys(r.severity.value for r in rows))
        confidences = _cell("; ".join(dict.fromkeys(r.confidence for r in rows)))
        link = f"[{rule_id}](#{rule_id.lower()})"
        lines.append(f"| {link} | {severities} | {confidences} | {len(rows)} |")
    lines += ["", "## Rules", ""]
    for rule_id, rows in by_rule.items():
        lines += [f"### {rule_id}", ""]
        for row in rows:
            lines += _rule_section(row)
    lines += [
        "## Not encoded, or encoded in part",
        "",
        "| Rule | Rule as catalogued | Source | Why |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {u.rule_id} | {_cell(u.statement)} | {_cell(u.source)} | {_cell(u.reason)} |"
        for u in unencoded(shapes)
    ]
    return "\n".join(lines) + "\n"


def _rule_section(row: RuleShape) -> list[str]:
    lines = [
        f"- **{row.severity.value}** — `{row.shape}`" + (f" on `{row.path}`" if row.path else ""),
        *(f"  - {lang}: {row.message[lang]}" for lang in LANGUAGES if lang in row.message),
        f"  - Legal source: {row.legal_source}",
        f"  - Confidence: {row.confidence}",
    ]
    if row.note:
        lines.append(f"  - Note: {row.note}")
    return [*lines, ""]


def write(output: Path, root: Path | None = None) -> None:
    output.write_text(markdown(load_shapes(root or sources.default_root())), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    root = sources.default_root()
    write(Path(args[0]) if args else root / "docs" / "rules.md", root)


if __name__ == "__main__":
    main()

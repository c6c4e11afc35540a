"""The compliance view: computed by the build once per release, served as a page in three
languages, JSON and CSV by a real `coopgraph serve`; its counts checked against an independent
run of `coopgraph validate`; the entity pages' validation box states a verdict that agrees with
its counts, in each language's plural forms (Babel's CLDR rules)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections import defaultdict
from html import unescape

import pytest

from coopgraph import iris
from coopgraph.validate.compliance import compliance
from coopgraph.validate.engine import load_shapes, validate_dataset
from coopgraph.validate.loading import load_files, project_files
from coopgraph.web.i18n import count

from .browser import http, site_fixture  # noqa: F401
from .conftest import ROOT

FIXTURES = ROOT / "tests" / "shapes"


def get_json(site: str, path: str) -> dict:
    status, _, body = http(site + path.lstrip("/"))
    assert status == 200, body[:300]
    return json.loads(body)


def validate_json(*paths: str) -> dict:
    command = [sys.executable, "-m", "coopgraph.validate.command", *paths, "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def document(site: str) -> dict:
    return get_json(site, "/compliance.json")


def test_the_build_writes_the_view_beside_the_release(built_store) -> None:
    saved = json.loads((built_store.dir.current / "coopgraph-compliance.json").read_text())
    assert saved["format"] == "coopgraph-compliance" and saved["rules"]


def test_each_rule_counts_what_the_validator_reports(document: dict) -> None:
    """warn and fail are the resources `coopgraph validate` reports for the rule."""
    reported: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in validate_json("data")["results"]:
        kind = "fail" if r["severity"] == "violation" else "warn"
        reported[r["rule_id"]][kind].add(r["focus_node"].removeprefix("_:"))
    rules = {r["rule_id"]: r for r in document["rules"]}
    assert {"DC-01", "DC-34", "DQ-04", "DQ-12"} <= set(rules)
    for rule_id, rule in rules.items():
        assert rule["meet"] + rule["warn"] + rule["fail"] == rule["applies"], rule_id
        assert rule["fail"] == len(reported[rule_id]["fail"]), rule_id
        assert rule["warn"] == len(reported[rule_id]["warn"] - reported[rule_id]["fail"]), rule_id
        assert set(rule["messages"]) == {"en", "fr", "ar"} and rule["legal_source"], rule_id
    assert rules["DC-06"]["warn"] > 0 and rules["DC-01"]["meet"] == rules["DC-01"]["applies"]


def test_each_agreement_lists_its_rules(document: dict, built_store) -> None:
    agreement = document["agreements"][iris.agreement("DZA-AGR-001")]
    assert agreement["DC-01"] == "meet"
    assert agreement["DC-06"] == "warn"  # no objective recorded
    assert "DC-14" not in agreement  # a wilaya rule: a commune's act
    every = f"SELECT DISTINCT ?a {{ ?a a <{iris.ONTOLOGY}CooperationAgreement> }}"
    assert len(document["agreements"]) == len(list(built_store.query(every)))


def test_a_violation_is_counted_as_a_failure() -> None:
    files = [*project_files(ROOT), FIXTURES / "_world.ttl", FIXTURES / "DC-34.fail.ttl"]
    dataset = load_files(files)
    report = validate_dataset(dataset, ROOT)
    view = compliance(report, dataset, load_shapes(ROOT))
    dc34 = next(r for r in view.rules if r.rule_id == "DC-34")
    assert dc34.fail == 1
    assert view.agreements[iris.agreement("T-DC-34")]["DC-34"] == "fail"


@pytest.mark.parametrize(
    ("key", "lang", "expected"),
    [
        ("rules", "en", ["0 rules", "1 rule", "2 rules", "3 rules", "11 rules", "103 rules"]),
        ("rules", "fr", ["0 règle", "1 règle", "2 règles", "3 règles", "11 règles", "103 règles"]),
        (
            "rules",
            "ar",
            ["لا قاعدة", "قاعدة واحدة", "قاعدتان", "3 قواعد", "11 قاعدة", "103 قواعد"],
        ),
        (
            "warnings",
            "ar",
            ["لا تحذير", "تحذير واحد", "تحذيران", "3 تحذيرات", "11 تحذيرا", "103 تحذيرات"],
        ),
        ("violations", "fr", ["0 violation", "1 violation", "2 violations", "3 violations",
                              "11 violations", "103 violations"]),
    ],
)  # fmt: skip
def test_counts_follow_each_languages_plural_rules(
    key: str, lang: str, expected: list[str]
) -> None:
    assert [count(key, n, lang) for n in (0, 1, 2, 3, 11, 103)] == expected


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_the_page_in_each_language(site: str, document: dict, lang: str) -> None:
    status, headers, body = http(f"{site}compliance?lang={lang}")
    html = unescape(body.decode())
    assert status == 200 and f'lang="{lang}"' in html
    assert count("rules", len(document["rules"]), lang) in html
    assert count("agreements", len(document["agreements"]), lang) in html
    for rule in document["rules"]:
        assert f'id="{rule["rule_id"]}"' in html
    assert 'href="/compliance.json"' in html and 'href="/compliance.csv"' in html
    assert http(f"{site}compliance?lang={lang}", {"If-None-Match": headers["ETag"]})[0] == 304


def test_csv_forms_read_back(site: str, document: dict) -> None:
    status, headers, body = http(f"{site}compliance.csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert [r["rule_id"] for r in rows] == [r["rule_id"] for r in document["rules"]]
    dc06 = next(r for r in rows if r["rule_id"] == "DC-06")
    expected = next(r for r in document["rules"] if r["rule_id"] == "DC-06")
    assert int(dc06["warn"]) == expected["warn"] and dc06["message_ar"]
    status, _, body = http(f"{site}compliance/agreements.csv")
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert status == 200
    row = {"agreement": iris.agreement("DZA-AGR-001"), "rule_id": "DC-06", "outcome": "warn"}
    assert row in rows
    assert len(rows) == sum(len(rules) for rules in document["agreements"].values())


def box(site: str, path: str, lang: str) -> str:
    _, _, body = http(f"{site}{path}?lang={lang}")
    html = unescape(body.decode())
    section = html[html.index('id="validation"') :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section[: section.index("</section>")]))


@pytest.mark.parametrize(
    ("lang", "verdict", "counted"),
    [
        ("en", "Breaks no rule", ["2 warnings", "1 information note"]),
        ("fr", "N'enfreint aucune règle", ["2 avertissements", "1 information"]),
        ("ar", "لا يخالف أي قاعدة", ["تحذيران", "معلومة واحدة"]),
    ],
)
def test_an_entity_box_states_a_verdict_that_agrees_with_its_counts(
    site: str, lang: str, verdict: str, counted: list[str]
) -> None:
    """DZA-AGR-001 has two warnings (DC-05, DC-06) and one information (DC-10b)."""
    text = box(site, "page/id/agreement/DZA-AGR-001", lang)
    assert verdict in text and all(c in text for c in counted)
    assert "Meets every rule" not in text
    _, _, body = http(f"{site}page/id/agreement/DZA-AGR-001?lang={lang}")
    assert f'href="/compliance?lang={lang}"' in body.decode()


def test_a_clean_entity_box_counts_its_rules_not_violations(site: str) -> None:
    text = box(site, "page/id/commune/0101", "en")
    verdict = re.search(r"Meets every rule that applies \((\d+) rules\)", text)
    assert verdict and int(verdict[1]) > 1
    by_severity = re.search(
        rf"Rules that apply: {verdict[1]} rules \(by severity: violation (\d+), warning (\d+), "
        r"information (\d+)\)",
        text,
    )
    assert by_severity and sum(map(int, by_severity.groups())) == int(verdict[1])
    assert "violations" not in text

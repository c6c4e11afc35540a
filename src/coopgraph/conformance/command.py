"""`coopgraph conformance`: the W3C SPARQL 1.1 test suite, run against `coopgraph serve`."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from coopgraph.conformance import manifest, report
from coopgraph.conformance.compare import BY_VALUE, STRICT
from coopgraph.conformance.runner import FAILED, INAPPLICABLE, Outcome, known_limitations, run_test
from coopgraph.conformance.server import Server, ServerError

DEFAULT_SUITE = Path("../shared/w3c/sparql11")


def _select(suite: Path, substring: str | None) -> list[manifest.TestCase]:
    entry = suite / "manifest-all.ttl"
    if not entry.is_file():
        raise click.BadParameter(
            f"{entry} not found: give the sparql11/ folder of the W3C rdf-tests repository "
            "(github.com/w3c/rdf-tests, sparql/sparql11).",
            param_hint="--suite",
        )
    tests = manifest.load(entry, suite)
    if substring:
        tests = [t for t in tests if substring.lower() in f"{t.iri} {t.name}".lower()]
        if not tests:
            raise click.BadParameter(
                f"no test IRI or name contains '{substring}'", param_hint="--filter"
            )
    return tests


def _run(
    tests: Sequence[manifest.TestCase], server: Server, err: Console, mode: str
) -> list[Outcome]:
    known = known_limitations()
    outcomes: list[Outcome] = []
    run_so_far = 0  # picks the protocol form and result format in rotation
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=err, transient=True) as progress:
        task = progress.add_task("W3C SPARQL 1.1", total=len(tests))
        for test in tests:
            progress.update(task, description=f"{test.manifest:>20}")
            outcomes.append(run_test(test, server, run_so_far, known, mode))
            run_so_far += outcomes[-1].status != INAPPLICABLE
            progress.advance(task)
    return outcomes


def print_summary(outcomes: Sequence[Outcome], out: Console, mode: str) -> None:
    table = Table("manifest", "passed", "failed", "known limitation", "not applicable")
    for name, c in report.per_manifest(outcomes).items():
        table.add_row(name, str(c.passed), str(c.failed), str(c.known), str(c.inapplicable))
    t = report.total(outcomes)
    table.add_section()
    table.add_row("total", str(t.passed), str(t.failed), str(t.known), str(t.inapplicable))
    out.print(table)
    for o in outcomes:
        if o.status == FAILED:
            label = "FAILED (known engine limitation)" if o.known else "FAILED"
            text = f"{label} {o.test.iri}\n    {o.reason}"
            out.print(text, markup=False, highlight=False, soft_wrap=True)
    out.print(report.mode_sentence(mode), highlight=False)
    out.print(
        f"passed: {t.passed}, failed: {t.failed} (known engine limitations: {t.known}), "
        f"not applicable: {t.inapplicable}",
        highlight=False,
    )
    if mode == BY_VALUE:
        strict = report.strict_total(outcomes)
        out.print(
            f"compared strictly (lexical forms): passed: {strict.passed}, failed: {strict.failed}",
            highlight=False,
        )


@click.command(name="conformance")
@click.option(
    "--suite",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_SUITE,
    envvar="COOPGRAPH_SPARQL11_SUITE",
    show_default=True,
    help="The W3C SPARQL 1.1 test suite folder (the one holding manifest-all.ttl).",
)
@click.option(
    "--report-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("conformance-report"),
    show_default=True,
    help="Where earl.ttl, junit.xml, summary.json and server.log are written.",
)
@click.option("--filter", "substring", help="Run only tests whose IRI or name contains this.")
@click.option(
    "--compare",
    "mode",
    type=click.Choice([BY_VALUE.replace(" ", "-"), STRICT]),
    default=BY_VALUE.replace(" ", "-"),
    show_default=True,
    help="by-value: numeric and boolean literals equal when their values are (the strict "
    "figure is printed beside); strict: every term by its lexical form.",
)
def conformance_command(suite: Path, report_dir: Path, substring: str | None, mode: str) -> None:
    """Run the W3C SPARQL 1.1 test suite against `coopgraph serve`, over HTTP.

    Exits with 1 when an applicable test fails (other than a listed engine limitation)."""
    mode = mode.replace("-", " ")
    err, out = Console(stderr=True), Console()
    tests = _select(suite, substring)
    report_dir.mkdir(parents=True, exist_ok=True)
    err.print(f"{len(tests)} tests from {suite}; starting `coopgraph serve`", highlight=False)
    try:
        with (
            tempfile.TemporaryDirectory(prefix="coopgraph-conformance-") as tmp,
            Server(Path(tmp), report_dir / "server.log") as server,
        ):
            outcomes = _run(tests, server, err, mode)
    except ServerError as problem:
        log = report_dir / "server.log"
        err.print(f"[red]The server under test failed[/red] (see {escape(str(log))}):")
        err.print(str(problem), markup=False, highlight=False)
        sys.exit(2)
    report.write_reports(outcomes, report_dir, mode)
    print_summary(outcomes, out, mode)
    err.print(f"Reports: {report_dir}/earl.ttl, junit.xml, summary.json", highlight=False)
    sys.exit(1 if any(o.unexpected for o in outcomes) else 0)

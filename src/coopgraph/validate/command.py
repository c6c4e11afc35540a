"""`coopgraph validate`: check Turtle files, a built store or a SPARQL endpoint against the
project's SHACL shapes, for people (text) and for CI (json, junit, sarif, github).

Exit status: 0 when no result reaches --fail-on, 1 when one does (with --baseline: a result
not in the baseline), 2 for a usage error or a source that cannot be read (file and line), or
for an engine's internal error (the statement that causes it, at its file and line).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.error import URLError

import click
from rich.console import Console
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from coopgraph import sources
from coopgraph.validate import baseline, catalogue, formats
from coopgraph.validate.engine import load_shapes, validate_with_engine
from coopgraph.validate.failing_statement import Statement, failing_statements
from coopgraph.validate.fast.run import ENGINES, FastEngineError
from coopgraph.validate.loading import Dataset, SourceSyntaxError, load_endpoint, load_store
from coopgraph.validate.ownership import validate_checked
from coopgraph.validate.report import LANGUAGES, Report, Severity

EXIT_USAGE = 2


class ReadError(click.ClickException):
    """A source, store or endpoint cannot be read: exit status 2, message on stderr."""

    exit_code = EXIT_USAGE


def validate_sources_of(
    paths: tuple[Path, ...],
    store: Path | None,
    endpoint: str | None,
    root: Path,
    context: bool,
    engine: str,
) -> tuple[Report, dict[str, str]]:
    """The report on PATHs (with the project's data as context), a store or an endpoint, and
    the shapes pySHACL validated for the fast engine."""
    if sum(map(bool, (paths, store, endpoint))) > 1:
        raise click.UsageError("give Turtle PATHs, --store or --endpoint, not several of them")
    if context and (store or endpoint):
        raise click.UsageError("--with-project-data goes with PATHs, not --store or --endpoint")
    if store:
        dataset = _read(lambda: load_store(store), f"the store {store}")
    elif endpoint:
        dataset = _read(lambda: load_endpoint(endpoint, root), f"the endpoint {endpoint}")
    else:
        return validate_checked(*validated_files(paths, root, context), root, engine)
    return validate_with_engine(dataset, root, engine)


def validated_files(
    paths: tuple[Path, ...], root: Path, context: bool
) -> tuple[list[Path], list[Path]]:
    """The Turtle files checked, and those loaded as context (--with-project-data)."""
    return _turtle(list(paths) or [root / "data"]), _turtle([root / "data"]) if context else []


def engine_failure(
    err: Exception, engine: str, what: str, files: tuple[list[Path], list[Path]] | None, root: Path
) -> str:
    """One line for an engine's internal error on `what` was validated: the checked statements
    that cause it, at their file and line (failing_statement), else what was validated."""
    error = f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}".rstrip(": ")
    advice = "This is a bug of coopgraph validate, not a finding about your data"
    found = failing_statements(*files, root, engine, err) if files else None
    if not found or all(s.typed_as for s in found):
        return (
            f"internal error of the {engine} engine while validating {what}: {error}. "
            f"{_any_of_class(found or [])}{advice}; run again with --debug for the traceback "
            "and report it."
        )
    first, *needed = found
    given = "; ".join(f"{s.where(_shown)}: {s.text}" for s in needed)
    return (
        f"{first.where(_shown)}: statement {first.text} makes the {engine} engine fail"
        f"{f' (given {given})' if given else ''}: {error}. {advice}: report it (--debug shows "
        "the traceback); until it is fixed, leave that statement out or write it otherwise."
    )


def _any_of_class(typing: list[Statement]) -> str:
    """What statements that only type resources say of an engine failure they suffice for."""
    if not typing:
        return ""
    classes = " and a ".join(f"{s.typed_as} ({s.where(_shown)})" for s in typing)
    return (
        f"It fails as soon as a resource is a {classes}, whatever else is said of it: "
        "a shape that applies to it is at fault, not a statement. "
    )


def _shown(path: Path) -> str:
    return formats.display_file(str(path), ("cwd",)) or str(path)


def _turtle(paths: list[Path]) -> list[Path]:
    return [f.path for f in sources.data_sources(paths)]


def _read(loader: Callable[[], Dataset], what: str) -> Dataset:
    try:
        return loader()
    except (OSError, URLError, SPARQLWrapperException, SyntaxError) as err:
        raise ReadError(f"cannot read {what}: {err}") from err


@click.command(name="validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--store",
    "store",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Validate a store built by `coopgraph build` (opened read-only).",
)
@click.option("--endpoint", metavar="URL", help="Validate the data of a SPARQL 1.1 endpoint.")
@click.option(
    "--with-project-data",
    is_flag=True,
    help="Also load the project's data/ (communes, wilayas, countries, legal texts…) so that "
    "PATHs may refer to it; only the results on PATHs are reported.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(formats.FORMATS),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    default=Severity.VIOLATION.value,
    show_default=True,
    help="Lowest severity that makes the command fail (exit status 1).",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Fail only on results not listed in this baseline; report the fixed ones.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Record the current results as a baseline (JSON) and pass.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the report to a file instead of standard output.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="auto",
    show_default=True,
    help="fast: shapes compiled to SPARQL queries; pyshacl: pySHACL only; auto: fast, with "
    "pySHACL for the shapes the fast engine does not compile (listed on stderr).",
)
@click.option(
    "--debug",
    is_flag=True,
    help="On an internal error of a validation engine, show its traceback.",
)
@click.option(
    "--catalogue",
    "catalogue_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the rule catalogue (Markdown, generated from the shapes) and exit.",
)
def validate_command(
    paths: tuple[Path, ...],
    store: Path | None,
    endpoint: str | None,
    with_project_data: bool,
    output_format: str,
    lang: str,
    fail_on: str,
    baseline_file: Path | None,
    write_baseline: Path | None,
    output: Path | None,
    catalogue_file: Path | None,
    engine: str,
    debug: bool,
) -> None:
    """Check PATHs (Turtle files or folders; default: the project's data/) against the
    project's SHACL shapes, with the project's ontology and vocabularies."""
    root = sources.default_root()
    if catalogue_file:
        catalogue.write(catalogue_file, root)
        click.echo(f"Wrote the rule catalogue to {catalogue_file}", err=True)
        return
    try:
        known = baseline.read(baseline_file) if baseline_file else None
        report, fallback = validate_sources_of(
            paths, store, endpoint, root, with_project_data, engine
        )
    except FastEngineError as err:
        raise ReadError(str(err)) from err
    except SourceSyntaxError as err:
        raise ReadError(f"{err}. Fix the file and validate again.") from err
    except baseline.BaselineError as err:
        raise ReadError(str(err)) from err
    except (click.ClickException, KeyboardInterrupt):
        raise
    except Exception as err:  # an engine's own failure, not a finding about the data
        if debug:
            raise
        what = ", ".join(map(str, paths)) or store or endpoint or root / "data"
        files = None if store or endpoint else validated_files(paths, root, with_project_data)
        raise ReadError(engine_failure(err, engine, str(what), files, root)) from err
    if fallback and engine == "auto":
        click.echo(f"pySHACL validated {len(fallback)} shape(s) the fast engine does not "
                   f"compile: {', '.join(sorted(fallback))}", err=True)  # fmt: skip
    if write_baseline:
        baseline.write(write_baseline, report)
        known = {r.key for r in report.results}
        click.echo(f"Wrote {len(known)} result(s) to the baseline {write_baseline}", err=True)
    outcome = baseline.Outcome(report, Severity(fail_on), known)
    emit(outcome, output_format, lang, output, root)
    click.get_current_context().exit(outcome.exit_code)


def emit(
    outcome: baseline.Outcome, output_format: str, lang: str, output: Path | None, root: Path
) -> None:
    if output_format == "text":
        if output:
            with output.open("w", encoding="utf-8") as f:
                formats.print_text(outcome, lang, Console(file=f, width=120))
        else:
            formats.print_text(outcome, lang, Console(soft_wrap=True))
        return
    if output_format == "sarif":
        text = formats.to_sarif(outcome, lang, catalogue.rule_shapes(load_shapes(root)))
    else:
        text = formats.RENDERERS[output_format](outcome, lang)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def main() -> None:
    validate_command()


if __name__ == "__main__":
    main()

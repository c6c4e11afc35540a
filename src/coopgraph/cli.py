"""The `coopgraph` command line: build, query, stats, import, validate, serve, publish."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pyoxigraph as ox
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from coopgraph import answers, iris, queries, results, sparqlerrors, stats
from coopgraph import build as build_mod
from coopgraph.backends import open_store
from coopgraph.conformance.command import conformance_command
from coopgraph.store import (
    QueryResult,
    Store,
    StoreError,
    Substitutions,
    default_location,
)
from coopgraph.validate.build_check import check_for_build
from coopgraph.validate.command import validate_command

console = Console(stderr=True)

store_option = click.option(
    "--store",
    "store_path",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Store folder (default: $COOPGRAPH_STORE or ~/.local/share/coopgraph/store).",
)
readable_store_option = click.option(
    "--store",
    "store_path",
    default=None,
    help="Store folder, or the URL of a SPARQL 1.1 endpoint holding a built release "
    "(default: $COOPGRAPH_STORE or ~/.local/share/coopgraph/store).",
)


@click.group()
@click.version_option(package_name="coopgraph")
def main() -> None:
    """coopgraph: the open knowledge graph of Algeria's decentralized cooperation."""


def run_build(store_path: Path, base_iri: str) -> build_mod.BuildResult:
    """Build with progress on the terminal; errors end the command with exit code 1."""
    with console.status("Building") as status:
        try:
            result = build_mod.build(
                store_path, base_iri, validator=check_for_build, progress=status.update
            )
        except build_mod.BuildError as err:
            console.print(f"[red]Build failed:[/red] {err}", highlight=False)
            sys.exit(1)
    console.print(
        f"Built release [bold]{result.release.release_id}[/bold]: {result.triples:,} triples "
        f"({result.inferred:,} inferred), {result.warnings} warning(s), at {store_path}",
        highlight=False,
    )
    if slow := answers.over_budget(result.timings):
        console.print(f"[yellow]{slow}[/yellow]", highlight=False)
    return result


@main.command()
@store_option
@click.option(
    "--base-iri",
    default=iris.CANONICAL_BASE,
    envvar="COOPGRAPH_BASE_IRI",
    show_default=True,
    help="Base under which the release mints its IRIs.",
)
def build(store_path: Path | None, base_iri: str) -> None:
    """Parse, validate and infer from the sources, then swap a new store in place."""
    if not base_iri.endswith("/"):
        raise click.BadParameter("the base IRI must end with '/'", param_hint="--base-iri")
    run_build(store_path or default_location(), base_iri)


def _in_child(args: list[str]) -> None:
    """Run a coopgraph command in its own process, ending this one if it fails.

    `serve` forks gunicorn workers: the master must not have touched RocksDB, whose
    background threads do not survive a fork (workers then hang or crash on exit)."""
    done = subprocess.run([sys.executable, "-m", "coopgraph", *args], stdout=subprocess.DEVNULL)
    if done.returncode:
        sys.exit(done.returncode)


def _open(store_path: Path | str | None) -> Store:
    try:
        return open_store(store_path)
    except StoreError as err:
        console.print(f"[red]{err}[/red]", highlight=False)
        sys.exit(2)


def _print_table(result: QueryResult, base: str) -> None:
    """A table that fits the terminal: IRIs as prefixed names ('coop:Wilaya') or paths under
    the release's base ('id/wilaya/16'), long cells wrapped rather than cut."""
    out = Console()
    if isinstance(result, ox.QueryBoolean):
        out.print(str(bool(result)).lower())
        return
    names = [v.value for v in result.variables]
    table = Table(*names, show_lines=False)
    for column in table.columns:
        column.overflow = "fold"  # wrap inside long words (IRIs) too, never end with "…"
    used: set[str | None] = set()
    count = 0
    for row in result:
        cells = []
        for name in names:
            term = row[name]
            if isinstance(term, ox.NamedNode):
                text, prefix = iris.shortened(term.value, base)
                used.add(prefix)
            else:
                text = results.term_text(term)
            cells.append(escape(text))
        table.add_row(*cells)
        count += 1
    out.print(table)
    console.print(f"{count} row(s)", highlight=False)
    legend = [f"  {p}: {iris.PREFIXES[p]}" for p in sorted(u for u in used if u)]
    if None in used:
        legend.append(f"  id/…, vocab/…: under {base}")
    if legend:
        console.print("\n".join(["IRIs shortened:", *legend]), highlight=False, markup=False)


@main.command()
@readable_store_option
@click.argument("query", required=False)
@click.option("--file", "query_file", type=click.File("r"), help="Read the query from a file.")
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(["table", *(r.name for r in results.ALL_FORMATS)]),
    help="table for people; json (SPARQL 1.1 JSON results), xml, csv, tsv for SELECT/ASK; "
    "turtle, ntriples, jsonld, rdfxml, nquads, trig for CONSTRUCT/DESCRIBE.",
)
@click.option("--name", "query_name", help="Run the research query NAME (queries/NAME.rq).")
@click.option(
    "--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of --name's query."
)
def query(
    store_path: str | None,
    query: str | None,
    query_file,
    fmt: str,
    query_name: str | None,
    params: tuple[str, ...],
) -> None:
    """Run a SPARQL query on the store (the default graph is the union of all graphs)."""
    text = query_file.read() if query_file else query
    if bool(text) == bool(query_name) or (params and not query_name):
        raise click.UsageError("give a QUERY, --file FILE, or --name NAME [--param NAME=VALUE…]")
    store = _open(store_path)
    values = None
    if query_name:
        text, values = _research_query(store, query_name, params)
    try:
        result = store.query(text, values)  # type: ignore[arg-type]
    except SyntaxError as err:
        # soft_wrap: rich must not break the caret's line, which would move the caret
        message = escape(sparqlerrors.explain(text, err))  # type: ignore[arg-type]
        console.print(message, highlight=False, soft_wrap=True)
        sys.exit(2)
    offers = results.offers_for(result)
    if fmt == "table" and results.is_graph_result(result):
        fmt = "turtle"
    if fmt == "table":
        _print_table(result, store.release().base_iri)
        return
    if fmt not in {r.name for r in offers}:
        raise click.BadParameter(
            f"'{fmt}' does not fit this query form; use one of "
            + ", ".join(r.name for r in offers),
            param_hint="--format",
        )
    results.write(result, fmt, sys.stdout.buffer, results.RowCounter())


def _research_query(store: Store, name: str, params: tuple[str, ...]) -> tuple[str, Substitutions]:
    """The text of a catalogued query and its parameters bound as typed terms."""
    catalogue = {q.name: q for q in store.queries()}
    if name not in catalogue:
        raise click.BadParameter(
            f"there is no research query {name!r}; choose one of: {', '.join(sorted(catalogue))}",
            param_hint="--name",
        )
    raw = dict(p.partition("=")[::2] for p in params)
    try:
        return catalogue[name].text, queries.bind(catalogue[name], raw, store.release().base_iri)
    except queries.ParameterError as err:
        raise click.BadParameter(str(err), param_hint="--param") from err


@main.command(name="stats")
@readable_store_option
def stats_command(store_path: str | None) -> None:
    """Counts by class; agreements by country, by theme and by decade."""
    store = _open(store_path)
    out = Console()
    info = store.release()
    out.print(f"Release {info.release_id} ({info.created}), {info.triples:,} triples")
    for title, (key, rows) in stats.compute(store).items():
        out.print(f"\n[bold]{title}[/bold]")
        table = Table(key, "count")
        for name, n in rows:
            table.add_row(name, str(n))
        out.print(table)
        if title == stats.SPLIT_TITLE and (comparison := stats.comparison(store)):
            out.print(comparison)


@main.command(name="links")
@readable_store_option
@click.option("--timeout", default=10.0, show_default=True, type=float, help="Seconds per URL.")
@click.option("--workers", default=8, show_default=True, type=int, help="URLs checked at once.")
@click.option("--all", "show_all", is_flag=True, help="List the reachable URLs too.")
def links_command(store_path: str | None, timeout: float, workers: int, show_all: bool) -> None:
    """Check that every cited source (dct:source) can be reached; list those that cannot.

    Exits 1 when a server answers that a page is missing or failing (4xx/5xx); pages that
    cannot be reached at all (offline, unknown host, timeout) are listed but do not fail."""
    from coopgraph import linkcheck

    cited = linkcheck.cited_sources(_open(store_path))
    with console.status(f"Checking {len(cited)} cited URLs"):
        outcomes = linkcheck.check_all(cited, timeout, workers)
    counts = {v: 0 for v in ("ok", "broken", "unreachable")}
    for o in outcomes:
        counts[o.verdict] += 1
        if show_all or o.verdict != "ok":
            why = f" ({o.error})" if o.error else ""
            status = o.status or "-"
            click.echo(f"{o.verdict:<11} {status:>3} {o.cited.url}{why}")
    click.echo(", ".join(f"{n} {v}" for v, n in counts.items()) + f" of {len(cited)} URLs")
    if counts["broken"]:
        sys.exit(1)


@main.command(name="import")
@click.argument("kind", type=click.Choice(["admin", "agreements", "networks", "geo", "outlines"]))
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the Turtle files (default: the project's data/<kind>/).",
)
def import_command(kind: str, source: Path, out_dir: Path | None) -> None:
    """Convert a CSV file (or, for admin, a folder of CSV files) into the project's Turtle."""
    from coopgraph import sources
    from coopgraph.importers import ImportError_, run_import

    target = out_dir or sources.default_root() / "data" / kind
    try:
        written = run_import(kind, source, target)
    except ImportError_ as err:
        console.print(f"[red]Import refused:[/red] {err}", highlight=False)
        sys.exit(1)
    for path in written:
        console.print(f"wrote {path}", highlight=False)


@main.command()
@click.option(
    "--store",
    "store_location",
    default=None,
    help="Store folder, or the URL of a SPARQL 1.1 endpoint holding a built release "
    "(default: $COOPGRAPH_STORE or ~/.local/share/coopgraph/store).",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="Worker processes.")
@click.option("--timeout", "query_timeout", type=float, help="Query time limit, seconds [30].")
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    help="Refuse (403) results with more rows or triples than this [no limit: results are "
    "streamed and the time limit bounds the work].",
)
@click.option(
    "--allow-service",
    "service_allowlist",
    multiple=True,
    help="A SPARQL endpoint that SERVICE may call (repeatable; none by default).",
)
def serve(
    store_location: str | None,
    host: str,
    port: int,
    workers: int,
    query_timeout: float | None,
    max_rows: int | None,
    service_allowlist: tuple[str, ...],
) -> None:
    """Serve the graph over HTTP (building the store first when there is none)."""
    from coopgraph.settings import Settings
    from coopgraph.store import StoreDir
    from coopgraph.web.server import run

    location = store_location or str(default_location())
    remote = location.startswith(("http://", "https://"))
    if not remote and not StoreDir(Path(location)).exists():
        console.print(f"No store at {location} yet: building it first.", highlight=False)
        _in_child(["build", "--store", location])
    _in_child(["query", "--store", location, "--format", "csv", "ASK {}"])  # fails clearly
    settings = Settings.from_env(
        store=location,
        query_timeout=query_timeout,
        max_rows=max_rows,
        service_allowlist=service_allowlist or None,
    )
    click.echo(f"coopgraph is serving {location} at http://{host}:{port}/ (Ctrl+C to stop)")
    run(settings, host, port, workers)


@main.command()
@click.argument("target")
@store_option
@click.option("--user", help="User for the Graph Store's basic or digest authentication.")
@click.option(
    "--password",
    envvar="COOPGRAPH_PUBLISH_PASSWORD",
    help="Its password (better: $COOPGRAPH_PUBLISH_PASSWORD, which `ps` does not show).",
)
def publish(target: str, store_path: Path | None, user: str | None, password: str | None) -> None:
    """Publish the current release to TARGET: the URL of a SPARQL 1.1 Graph Store Protocol
    endpoint (each named graph replaced by PUT), or a replica store folder (copied, then swapped
    in atomically)."""
    from coopgraph import publish as publish_mod
    from coopgraph.store import StoreDir

    source = StoreDir(store_path or default_location())
    try:
        if target.startswith(("http://", "https://")):
            done = publish_mod.to_graph_store(
                source,
                target,
                user,
                password,
                lambda graph, n: console.print(f"{graph}: {n:,} triples", highlight=False),
            )
            what = f"{done.graphs} graphs, {done.triples:,} triples"
        else:
            done = publish_mod.to_folder(source, Path(target))
            what = f"{done.triples:,} triples, now current there"
    except StoreError as err:
        console.print(f"[red]{err}[/red]", highlight=False)
        sys.exit(2)
    click.echo(f"Published release {done.release_id} to {target}: {what}")


main.add_command(validate_command, name="validate")
main.add_command(conformance_command, name="conformance")

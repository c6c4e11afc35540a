"""The link checker against a real HTTP server on 127.0.0.1, and the URLs it reads from a
built store."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from coopgraph import build, linkcheck
from coopgraph.cli import main
from coopgraph.linkcheck import Cited

from .conftest import ROOT
from .servers import free_port

DCT_SOURCE = URIRef("http://purl.org/dc/terms/source")
ARABIC = "/ar/توأمة?q=وهران"  # a cited page with an Arabic path and query
ARABIC_ON_THE_WIRE = "/ar/%D8%AA%D9%88%D8%A3%D9%85%D8%A9?q=%D9%88%D9%87%D8%B1%D8%A7%D9%86"


class Site(BaseHTTPRequestHandler):
    """/page is there, /moved redirects to it, /gone is missing, /no-head refuses HEAD; under
    /ar/ only the UTF-8 percent-encoded form of ARABIC is there."""

    def _answer(self, body: bool) -> None:
        if self.path.startswith("/ar/") and self.path != ARABIC_ON_THE_WIRE:
            self.send_response(404)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/page")
        elif self.path == "/gone":
            self.send_response(404)
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        else:
            self.send_response(200)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_each_url_is_sorted_by_what_its_server_answers(site: str) -> None:
    closed = f"http://127.0.0.1:{free_port()}/page"  # nothing listens there
    urls = [f"{site}/page", f"{site}/moved", f"{site}/no-head", f"{site}{ARABIC}", f"{site}/gone"]
    urls.append(closed)
    outcomes = linkcheck.check_all([Cited(u, 1) for u in urls], timeout=5, workers=2)
    found = [(o.cited.url, o.verdict, o.status) for o in outcomes]
    assert found == [
        (f"{site}/page", "ok", 200),
        (f"{site}/moved", "ok", 200),  # the redirect was followed
        (f"{site}/no-head", "ok", 200),  # asked again with GET
        (f"{site}{ARABIC}", "ok", 200),  # sent percent-encoded, reported as cited
        (f"{site}/gone", "broken", 404),
        (closed, "unreachable", None),
    ]
    assert "refused" in (outcomes[-1].error or "").lower()


def test_every_cited_source_of_the_built_graph_is_checked(built_store) -> None:
    cited = {c.url: c.citing for c in linkcheck.cited_sources(built_store)}
    agreements = Graph().parse(ROOT / "data" / "agreements" / "agreements.ttl")
    sources = {str(o) for o in agreements.objects(None, DCT_SOURCE)}
    assert sources and sources <= set(cited)
    url = "https://archive.spsrasd.info/ar/articles/2012/05/26/18044.html"
    assert cited[url] >= len(set(agreements.subjects(DCT_SOURCE, URIRef(url))))


def test_the_links_command_lists_what_cannot_be_reached_and_fails_on_broken_pages(
    site: str, tmp_path: Path
) -> None:
    """A store whose only data cites three pages of the local site and one closed port."""
    sources = tmp_path / "sources"
    (sources / "data" / "agreements").mkdir(parents=True)
    for area in ("ontology", "shapes", "queries"):
        (sources / area).symlink_to(ROOT / area)
    closed = f"http://127.0.0.1:{free_port()}/page"
    cites = ", ".join(f"<{u}>" for u in (f"{site}/page", f"{site}/moved", f"{site}/gone", closed))
    (sources / "data" / "agreements" / "cited.ttl").write_text(
        f"<https://w3id.org/coopgraph/id/agreement/T-1> <{DCT_SOURCE}> {cites} .\n", "utf-8"
    )
    build.build(tmp_path / "store", sources_root=sources)
    result = CliRunner().invoke(main, ["links", "--store", str(tmp_path / "store"), "--all"])
    lines = result.output.splitlines()
    assert result.exit_code == 1, result.output  # a server answered 404
    assert f"ok          200 {site}/page" in lines
    assert f"broken      404 {site}/gone (Not Found)" in lines
    assert any(line.startswith(f"unreachable   - {closed} (") for line in lines)
    # the ontology cites pages of its own, which this machine may not reach
    assert ", 1 broken, " in lines[-1] and lines[-1].endswith(" URLs")

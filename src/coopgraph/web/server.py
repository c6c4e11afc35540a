"""The production HTTP server: gunicorn around the Flask app, one log line a request."""

from __future__ import annotations

import contextlib

from gunicorn import glogging
from gunicorn.app.base import BaseApplication

from coopgraph.problems import Problem
from coopgraph.settings import Settings
from coopgraph.web import context, create_app


class AccessLog(glogging.Logger):
    """One line a request: client, request line, status, bytes sent, milliseconds.

    gunicorn's own access() builds a dict of every atom, request and response header and
    environ variable for each request, to fill in five: 7% of a one-row ASK's time."""

    def access(self, resp, req, environ, request_time) -> None:  # type: ignore[no-untyped-def]
        if not self.access_log_enabled:
            return
        ms = request_time.seconds * 1000 + request_time.microseconds // 1000
        self.access_log.info(
            '%s "%s %s %s" %s %s %sms',
            environ.get("REMOTE_ADDR", "-"),
            environ["REQUEST_METHOD"],
            environ["RAW_URI"],
            environ["SERVER_PROTOCOL"],
            str(resp.status).split(None, 1)[0],
            getattr(resp, "sent", None),
            ms,
        )


STARTUP_WAIT_S = 20  # a worker waits this long at most for its query processes to start
THREADS = 4  # per worker: a long query holds one thread, the others keep answering


class _Gunicorn(BaseApplication):
    def __init__(self, settings: Settings, options: dict[str, object]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app(settings=self.settings)


def _start_query_processes(worker: object) -> None:
    """Open the store and start the query processes with the worker, not on its first
    requests (a process takes up to a second to start)."""
    app = worker.wsgi  # type: ignore[attr-defined]
    with app.app_context():
        context.executor().wait_ready(STARTUP_WAIT_S)
        with contextlib.suppress(Problem):  # no store yet: requests will say so
            context.release()
    # Flask and werkzeug build their routing and the like on the first request: not a client's
    app.test_client().get("/sparql", query_string={"query": "ASK {}"})


def run(settings: Settings, host: str, port: int, workers: int) -> None:
    _Gunicorn(
        settings,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": THREADS,
            "accesslog": "-",
            "logger_class": AccessLog,
            # gunicorn's own watchdog sits above the query time limit, which the app enforces
            "timeout": int(settings.query_timeout) + 30,
            "limit_request_line": 8190,
            # one shared control socket path would make several instances on a host collide
            "control_socket_disable": True,
            "post_worker_init": _start_query_processes,
        },
    ).run()

"""The production HTTP server: gunicorn around the Flask app, one log line a request."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from coopgraph.settings import Settings
from coopgraph.web import create_app

ACCESS_LOG_FORMAT = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms'
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


def run(settings: Settings, host: str, port: int, workers: int) -> None:
    _Gunicorn(
        settings,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": THREADS,
            "accesslog": "-",
            "access_log_format": ACCESS_LOG_FORMAT,
            # gunicorn's own watchdog sits above the query time limit, which the app enforces
            "timeout": int(settings.query_timeout) + 30,
            "limit_request_line": 8190,
            # one shared control socket path would make several instances on a host collide
            "control_socket_disable": True,
        },
    ).run()

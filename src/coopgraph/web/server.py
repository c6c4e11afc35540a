"""The production HTTP server: gunicorn workers around the Flask app, one log line a request."""

from __future__ import annotations

from pathlib import Path

from gunicorn.app.base import BaseApplication

from coopgraph.web import create_app

ACCESS_LOG_FORMAT = '%(h)s "%(m)s %(U)s%(q)s" %(s)s %(B)s %(M)sms'


class _Gunicorn(BaseApplication):
    def __init__(self, store: Path, options: dict[str, object]) -> None:
        self.store = store
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app(self.store)


def run(store: Path, host: str, port: int, workers: int) -> None:
    _Gunicorn(
        store,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "accesslog": "-",
            "access_log_format": ACCESS_LOG_FORMAT,
            "timeout": 60,
        },
    ).run()

"""Server settings: defaults, overridden by COOPGRAPH_* environment variables and CLI options."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Settings:
    store: str = ""  # a store folder, or the URL of a SPARQL 1.1 endpoint
    query_timeout: float = 30.0  # seconds; the server's maximum, clients may ask for less
    # Rows (or triples) in one result, None for no limit (the default: results are streamed,
    # and the time limit bounds the work). A result over the limit is an error, never cut.
    max_rows: int | None = None
    max_request_bytes: int = 256 * 1024  # request bodies and query strings above this get 413
    query_processes: int = 2  # killable query processes per web worker
    service_allowlist: tuple[str, ...] = ()  # SERVICE endpoints a query may call
    result_cache_mb: int = 64  # answers kept per web worker for the current release; 0: none

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        """COOPGRAPH_QUERY_TIMEOUT=10, COOPGRAPH_SERVICE_ALLOWLIST="https://a/sparql https://b/"…"""
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = environ.get(f"COOPGRAPH_{f.name.upper()}")
            if raw is None:
                continue
            if f.name == "service_allowlist":
                values[f.name] = tuple(raw.split())
            elif f.name == "max_rows":
                values[f.name] = int(raw) if raw.strip() else None
            else:
                values[f.name] = type(getattr(cls, f.name))(raw)
        settings = cls(**values)
        return replace(settings, **{k: v for k, v in overrides.items() if v is not None})

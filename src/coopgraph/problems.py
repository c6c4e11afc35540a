"""One error model for a request that cannot be answered: its HTTP status, the message that
says what is wrong and what to do, and the headers the answer carries.

Every layer raises it (the protocol reader, the guard, the query processes, the views); the web
application answers it in one place (coopgraph.web.errors), in the client's format. A 503 always
says when to try again. This module knows nothing of Flask.
"""

from __future__ import annotations

from collections.abc import Mapping

RETRY_AFTER = "10"  # seconds, in every 503: an outage or a busy server passes


class Problem(Exception):
    """A request refused or failed; `status` is the HTTP status to answer with."""

    status = 500

    def __init__(
        self, status: int | None, message: str, headers: Mapping[str, str] | None = None
    ) -> None:
        if status is not None:
            self.status = status
        self.headers = dict(headers or {})
        if self.status == 503:
            self.headers.setdefault("Retry-After", RETRY_AFTER)
        super().__init__(message)


class QueryTimeout(Problem):
    """A query stopped at its time limit (503: the same query may pass when the server is idle)."""

    status = 503

    def __init__(self, seconds: float) -> None:
        super().__init__(
            None,
            f"The query ran longer than its time limit of {seconds:g} s and was stopped. "
            "Make it more selective (a LIMIT, fewer optional patterns, no cartesian product), "
            "or run it on your own copy of the data (see /dumps/).",
        )

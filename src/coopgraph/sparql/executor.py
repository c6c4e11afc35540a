"""Queries run in child processes that can be killed, since pyoxigraph cannot cancel a query.

Each web worker keeps a few query processes. A request hands its query to an idle one and
reads the reply as messages: a head (the chosen format), data chunks, then an end (rows
written, whether the row limit cut the result) or an error; a small result, and any result
pyoxigraph wrote in one piece, comes as one "whole" message holding all three. A query that
outlives its deadline gets its process killed; a fresh one takes its place on the next request.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import select
import threading
import time
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from coopgraph import negotiation, results, sparqlerrors, sparqlrewrite
from coopgraph.backends import open_store
from coopgraph.problems import Problem, QueryTimeout
from coopgraph.sparqltext import QueryText
from coopgraph.store import StoreError, Substitutions

CHUNK = 64 * 1024
STACK_BYTES = 256 * 1024 * 1024  # of the thread that runs queries
WARM_UP = "ASK { ?s ?p ?o }"


@dataclass(frozen=True)
class Job:
    query: QueryText  # read once where it came in (sparqltext.read)
    accept: str | None = None
    format_param: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int | None = None
    query_base: str | None = None  # for relative IRIs in a query without a BASE of its own
    substitutions: Substitutions | None = None  # typed values for variables (canned queries)
    release_id: str | None = None  # the release the request pinned (see store.at)

    def message(self) -> tuple:
        """The job as a plain tuple: it pickles smaller and faster than the dataclass."""
        return (
            self.query.message(),
            self.accept,
            self.format_param,
            self.default_graphs,
            self.named_graphs,
            self.max_rows,
            self.query_base,
            self.substitutions,
            self.release_id,
        )


def _send(conn: Connection, message: tuple) -> None:
    """`conn.send(message)` without multiprocessing's pickler, which copies its dispatch table
    for every message (a tenth of a one-row ASK's job): messages are tuples of plain values,
    which the standard pickler writes alike. `conn.recv()` reads them."""
    conn.send_bytes(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))


# ---------------------------------------------------------------------------------------------
# The child side


class _PipeWriter(io.RawIOBase):
    """Sends the result in CHUNK-sized data messages after a head; a result that fits in one
    chunk goes as a single "whole" message (head, data and end), since each message costs a
    wake-up of the other process and most answers are small."""

    def __init__(self, conn: Connection, name: str, content_type: str) -> None:
        self.conn, self.head = conn, ("head", name, content_type)
        self.buffer = bytearray()
        self.started = False

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self._send_buffer()
        return len(data)

    def _send_buffer(self) -> None:
        if not self.started:
            _send(self.conn, self.head)
            self.started = True
        _send(self.conn, ("data", bytes(self.buffer)))
        self.buffer.clear()

    def whole(self, data: bytes, rows: int, truncated: bool) -> None:
        _send(self.conn, ("whole", *self.head[1:], data, rows, truncated))

    def finish(self, rows: int, truncated: bool) -> None:
        if not self.started:
            self.whole(bytes(self.buffer), rows, truncated)
            return
        if self.buffer:
            self._send_buffer()
        _send(self.conn, ("end", rows, truncated))


def _fail(conn: Connection, status: int, message: str) -> None:
    _send(conn, ("error", status, message))


def _evaluate(store: object, job: Job, query: QueryText) -> object:
    return store.query(  # type: ignore[attr-defined]
        query,
        substitutions=job.substitutions,
        default_graphs=job.default_graphs,
        named_graphs=job.named_graphs,
        query_base=job.query_base,
    )


def _query(store: object, job: Job) -> tuple[object, bool]:
    """The result, and whether the text it ran caps its rows at the limit + 1 (so pyoxigraph
    may write it). A syntax error is always reported at its place in the client's own text."""
    capped = sparqlrewrite.capped(job.query, None if job.max_rows is None else job.max_rows + 1)
    if capped is None:
        return _evaluate(store, job, job.query), False
    if capped == job.query.text:  # already within the cap
        return _evaluate(store, job, job.query), True
    try:
        return _evaluate(store, job, replace(job.query, text=capped)), True
    except SyntaxError:
        return _evaluate(store, job, job.query), False


def _run_job(store: object, job: Job, conn: Connection) -> None:
    try:
        result, capped = _query(store, job)
        rep = negotiation.choose(results.offers_for(result), job.accept, job.format_param)
    except SyntaxError as err:
        return _fail(conn, 400, sparqlerrors.explain(job.query.text, err))
    except negotiation.NotAcceptable as err:
        return _fail(conn, 406, str(err))
    except negotiation.UnknownFormat as err:
        return _fail(conn, 400, str(err))
    except (ValueError, RuntimeError) as err:  # pyoxigraph refuses to evaluate the query
        return _fail(conn, 400, f"The query cannot be evaluated here: {err}")
    except StoreError as err:
        return _fail(conn, 503, str(err))
    except OSError as err:
        return _fail(conn, 500, f"The query failed while it was evaluated: {err}")
    out = _PipeWriter(conn, rep.name, rep.content_type)
    try:
        if capped and rep.name in results.NATIVE_FORMATS:  # known whole, with its row count
            return out.whole(*results.native_solutions(result, rep.name, job.max_rows))  # type: ignore[arg-type]
        counter = results.RowCounter()
        results.write(result, rep.name, out, counter, job.max_rows)  # type: ignore[arg-type]
    except Exception as err:  # the process boundary: any failure becomes an error reply
        return _fail(conn, 500, f"The query failed while its results were written: {err}")
    out.finish(counter.rows, counter.truncated)
    return None


def _child_main(location: str, conn: Connection, owner: int) -> None:
    # The engine recurses on nested queries; the main thread's 8 MB stack overflows (a crash)
    # long before the request size limit is reached. Stack pages are only used when touched.
    threading.stack_size(STACK_BYTES)
    worker = threading.Thread(target=_serve, args=(location, conn), name="coopgraph-query")
    worker.start()
    while worker.is_alive():  # a web worker killed mid-query must not leave its query running
        worker.join(timeout=1.0)
        if not _alive(owner):
            os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _serve(location: str, conn: Connection) -> None:
    try:
        store = open_store(location)
        store.query(WARM_UP)  # RocksDB reads its indexes on first use: not in a request
    except StoreError as err:
        _fail(conn, 503, str(err))
        return
    while True:
        try:
            query, *rest = conn.recv()
        except EOFError:
            return
        job = Job(QueryText(*query), *rest)
        try:
            pinned = store.at(job.release_id)
        except StoreError as err:
            _fail(conn, 503, str(err))
            continue
        _run_job(pinned, job, conn)


# ---------------------------------------------------------------------------------------------
# The parent side


@dataclass
class _Child:
    process: BaseProcess
    conn: Connection
    # Connection.poll builds a selector on every call; one poll object per pipe is cheaper.
    poller: select.poll = field(default_factory=select.poll, repr=False)

    def __post_init__(self) -> None:
        self.poller.register(self.conn.fileno(), select.POLLIN)

    def ready(self, seconds: float) -> bool:
        return bool(self.poller.poll(seconds * 1000))


@dataclass
class Reply:
    """The messages of one query, read before a deadline; close() frees or kills the process."""

    executor: Executor
    child: _Child
    deadline: float
    timeout: float
    done: bool = False
    rows: int = 0
    truncated: bool = False
    _closed: bool = field(default=False, repr=False)
    _pending: list[bytes] = field(default_factory=list, repr=False)  # data of a "whole" reply

    def _next(self) -> tuple:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0 or not self.child.ready(remaining):
            self.close()
            raise QueryTimeout(self.timeout)
        try:
            message = self.child.conn.recv()
        except (EOFError, OSError) as err:
            self.close()
            raise Problem(500, "The query process ended unexpectedly; try again.") from err
        if message[0] == "error":
            self.done = True
            self.close()
            raise Problem(message[1], message[2])
        if message[0] in ("end", "whole"):
            self.done, self.rows, self.truncated = True, message[-2], message[-1]
            self.close()
        return message

    def head(self) -> tuple[str, str]:
        """(format name, Content-Type) once the query has started producing results."""
        message = self._next()
        if message[0] == "whole":
            self._pending.append(message[3])
        return message[1], message[2]

    def chunks(self):
        try:
            yield from self._take_pending()
            while not self.done:
                message = self._next()
                if message[0] == "data":
                    yield message[1]
        finally:
            self.close()

    def read_ahead(self, limit: int) -> list[bytes]:
        """Chunks up to about `limit` bytes, or all of them if the result ends first."""
        got = self._take_pending()
        size = sum(len(chunk) for chunk in got)
        while not self.done and size < limit:
            message = self._next()
            if message[0] == "data":
                got.append(message[1])
                size += len(message[1])
        return got

    def _take_pending(self) -> list[bytes]:
        got, self._pending = self._pending, []
        return got

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.executor._release(self.child, reusable=self.done)


class Executor:
    """A small pool of query processes over one store location.

    All `size` processes are started at once, in the background, when the pool is made (a
    process takes up to a second to start: no request should wait for one), and a process
    killed at its time limit is replaced in the background too. A request that finds no idle
    process waits for one being started rather than start another; the pool trims itself
    back to `size` if it ever has to."""

    def __init__(self, location: str, size: int) -> None:
        self.location = location
        self.size = size
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(["coopgraph.sparql.executor"])
        self._idle: list[_Child] = []
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)  # a process became idle, or failed
        self._slots = threading.BoundedSemaphore(size)
        self._processes = 0  # alive or starting, idle or busy
        self._closed = False
        for _ in range(size):
            self._replace()

    def _spawn(self) -> _Child:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_child_main,
            args=(self.location, child, os.getpid()),
            daemon=True,
            name="coopgraph-query",
        )
        process.start()
        child.close()
        return _Child(process, parent)

    def _replace(self) -> None:
        """Start one process in the background, if the pool is short of one."""
        with self._lock:
            if self._closed or self._processes >= self.size:
                return
            self._processes += 1
        threading.Thread(target=self._start_idle, daemon=True, name="coopgraph-spawn").start()

    def _start_idle(self) -> None:
        try:
            child = self._spawn()
        except BaseException:
            with self._lock:
                self._processes -= 1
                self._changed.notify_all()
            raise
        self._release(child, reusable=True, slot=False)

    def wait_ready(self, timeout: float) -> bool:
        """Wait until every process has started (for a web worker about to take requests)."""
        with self._lock:
            return self._changed.wait_for(lambda: len(self._idle) >= self.size, timeout)

    def submit(self, job: Job, timeout: float) -> Reply:
        deadline = time.monotonic() + timeout
        if not self._slots.acquire(timeout=timeout):
            raise Problem(503, "The server is busy with other queries; try again in a moment.")
        child = self._take(deadline)
        try:
            _send(child.conn, job.message())
        except BaseException:
            self._release(child, reusable=False)
            raise
        return Reply(self, child, deadline, timeout)

    def _take(self, deadline: float) -> _Child:
        """An idle process that is still there, else one being started, else a new one."""
        while True:
            with self._lock:
                self._changed.wait_for(
                    lambda: self._idle or self._processes < self.size,
                    max(0.0, deadline - time.monotonic()),
                )
                child = self._idle.pop() if self._idle else None
                if child is None:
                    self._processes += 1
            if child is None:
                return self._spawn()
            # An idle process has nothing to say: anything readable is the end of its pipe.
            if not child.ready(0):
                return child
            self._discard(child)

    def _discard(self, child: _Child) -> None:
        child.process.kill()
        child.process.join(timeout=5)
        child.conn.close()
        with self._lock:
            self._processes -= 1
            self._changed.notify_all()

    def _release(self, child: _Child, reusable: bool, slot: bool = True) -> None:
        """Give a process back (its reply was read to the end) or kill it (it was cut short)."""
        with self._lock:
            keep = reusable and not self._closed and self._processes <= self.size
            if keep:
                self._idle.append(child)
                self._changed.notify_all()
        if not keep:
            self._discard(child)
            self._replace()
        if slot:
            self._slots.release()

    def shutdown(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for child in idle:
            child.process.kill()
            child.process.join(timeout=5)

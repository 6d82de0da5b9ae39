"""The endpoint's query workers: processes forked from one that holds the graph, one query at a time
each, stopped at the time limit, without network.

- A *zygote* process, spawned once, loads the graph file into an in-memory Oxigraph store (for an
  on-disk store it only imports Oxigraph), builds the SPARQL grammar, forbids itself network sockets
  (``sandbox.deny_network``) and then only forks. A worker is a fork of it: ready in milliseconds,
  sharing the loaded store page for page (copy on write), without network like its parent.
- Oxigraph evaluates in native code that cannot be interrupted, so a query past the time limit is
  stopped by killing its worker; the next query gets a fresh fork.
- Slow queries do not starve quick ones. When every worker is busy a new one is forked, up to
  ``max_workers`` (kept a minute after its last query: a fork costs 1-40 ms, more under load). A query that has used ``slow_after`` seconds of processor time is *slow* (processor
  time, so that a query slowed down by a crowd is not taken for a heavy one): its worker's priority is
  lowered (nice 10), so that quick queries get the processors first, and the worker is retired after
  it. A text that was slow recently waits for one of ``slow_slots`` places, so that a client
  repeating a heavy query cannot occupy every worker.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from multiprocessing import reduction
from multiprocessing.connection import Connection

from .engine import QueryError

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # holds graph/


class QueryTimeout(QueryError):
    """The query ran past the time limit and was stopped."""


class ServiceBusy(QueryError):
    """No worker became free within the time limit."""


@dataclass(frozen=True)
class Job:
    """A query to run and the writers its answer may use (None: the client accepts no such result)."""

    text: str
    results_format: str | None   # for SELECT and ASK, a key of engine.RESULT_WRITERS
    graph_format: str | None     # for CONSTRUCT and DESCRIBE, a key of engine.GRAPH_WRITERS
    max_rows: int | None = None
    form: str | None = None      # the form of a text already read and found fine (not read again)


@dataclass(frozen=True)
class Reply:
    """What a worker answers: ``ok`` (body written), ``refused`` (update or SERVICE), ``syntax``,
    ``noformat`` (the client accepts nothing this form can be written as) or ``error``."""

    status: str
    form: str | None = None
    body: bytes = b""
    truncated: bool = False
    message: str = ""
    line: int | None = None
    column: int | None = None


def execute(store, job: Job) -> Reply:
    """Read the query (unless known), refuse what must not run, run it on ``store``, write the answer."""
    from .engine import NO_SERVICE, READ_ONLY, engine_syntax_error, write_results
    form = job.form
    if form is None:
        from .syntax import read
        reading = read(job.text)
        if reading.update:
            return Reply("refused", message=READ_ONLY)
        if reading.service:
            return Reply("refused", message=NO_SERVICE)
        if reading.error:
            e = reading.error
            return Reply("syntax", message=e.message, line=e.line, column=e.column)
        form = reading.form
    fmt = job.graph_format if form in ("CONSTRUCT", "DESCRIBE") else job.results_format
    if fmt is None:
        return Reply("noformat", form=form)
    try:
        results = store.query(job.text, use_default_graph_as_union=True)
        body, cut = write_results(results, fmt, job.max_rows)
    except SyntaxError as e:
        return Reply("syntax", form=form, message=engine_syntax_error(e, job.text).message)
    except Exception as e:  # noqa: BLE001 - an evaluation error is the client's answer, never a crash
        return Reply("error", form=form, message=f"query failed: {e}")
    return Reply("ok", form=form, body=body, truncated=cut)


# ---------------------------------------------------------------- inside the zygote and its forks

def _work(store, conn: Connection) -> None:
    """A worker: jobs in, replies out, until the server closes the connection."""
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply = execute(store, job)
        except Exception as e:  # noqa: BLE001
            reply = Reply("error", message=f"query failed: {e}")
        conn.send(reply)


def zygote_main(argv: list[str]) -> None:
    """The zygote process (``python -c …`` started by ``WorkerPool``): KIND PATH FD."""
    kind, path, fd = argv
    _zygote(kind, path, Connection(int(fd)))


def _zygote(kind: str, path: str, conn: Connection) -> None:
    """Load the graph, take the network away, then fork a worker whenever the server asks."""
    from .sandbox import deny_network, die_with_parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the server, which stops us
    try:
        import pyoxigraph
        store, size = None, None
        if kind == "memory":
            from ..stores.store import load_memory_store
            store = load_memory_store(path)
            size = len(store)
        from .syntax import warm
        warm()
        sandboxed = deny_network()
    except Exception as e:  # noqa: BLE001 - StoreError and the like: one line for the server to print
        conn.send(("error", str(e)))
        return
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the system reaps finished workers
    conn.send(("ready", size, sandboxed))
    me = os.getpid()
    while True:
        try:
            if conn.recv() != "fork":
                return
            fd = reduction.recv_handle(conn)
        except (EOFError, OSError):
            return  # the server has gone: so do we, and our workers with us (die_with_parent)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                conn.close()
                die_with_parent()
                if os.getppid() != me:
                    os._exit(0)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                _work(store if store is not None else pyoxigraph.Store.read_only(path), Connection(fd))
            except BaseException:  # noqa: BLE001
                code = 1
            finally:
                os._exit(code)
        os.close(fd)
        conn.send(pid)


# ---------------------------------------------------------------- in the server

IDLE_RETIRE = 60.0  # seconds an extra worker may stay idle
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int, since: float | None = None) -> float:
    """Processor time a worker has used (user + system, from /proc), minus ``since``; where /proc
    cannot tell, the wall-clock time since ``since`` was taken (as a monotonic time)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        used = (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime: fields 14 and 15 of stat
    except (OSError, IndexError, ValueError):
        used = time.monotonic()
    return used if since is None else used - since

@dataclass(eq=False)
class _Worker:
    pid: int
    conn: Connection
    pidfd: int | None = None
    niced: bool = False
    idle_since: float = field(default_factory=time.monotonic)


class WorkerPool:
    """Query workers forked on demand from a zygote holding the graph (see the module's docstring).

    ``kind`` is ``"memory"`` (``path`` is a graph file, loaded once into memory) or ``"disk"`` (``path``
    is an Oxigraph store folder, opened read-only by each worker). Raises ``QueryError`` with the
    zygote's one-line reason when the graph cannot be loaded."""

    def __init__(self, kind: str, path: str, warm: int = 2, max_workers: int | None = None,
                 slow_after: float = 1.0, slow_slots: int | None = None):
        cores = os.cpu_count() or 1
        self.warm = max(0, warm)
        self.max_workers = max(1, max_workers or max(4, 2 * cores), self.warm)
        self.slow_after = slow_after
        self.slow_slots = max(1, min(slow_slots or cores, self.max_workers))
        self.killed = 0   # workers stopped at the time limit
        self.forked = 0   # workers started
        self.busy = 0     # queries running
        self.slow = 0     # of which slow
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._count = 0   # workers alive or being started
        self._waiting = 0
        self._slow_texts: OrderedDict[str, None] = OrderedDict()
        self._cond = threading.Condition()
        self._zlock = threading.Lock()
        self._closed = False
        ours, theirs = socket.socketpair()
        self._zconn = Connection(ours.detach())
        code = "import sys; from graph.query.workers import zygote_main; zygote_main(sys.argv[1:])"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_ROOT, os.environ.get("PYTHONPATH")]))}
        self._zygote = subprocess.Popen([sys.executable, "-c", code, kind, str(path), str(theirs.fileno())],
                                        pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL)
        theirs.close()
        try:
            msg = self._zconn.recv()
        except (EOFError, OSError):
            msg = ("error", "the query process could not start")
        if msg[0] != "ready":
            self.close()
            raise QueryError(msg[1])
        _, self.size, self.sandboxed = msg
        for _ in range(self.warm):
            with self._cond:
                self._count += 1
            self._idle.append(self._fork())

    # -- workers
    def _fork(self) -> _Worker:
        with self._zlock:
            ours, theirs = socket.socketpair()
            try:
                self._zconn.send("fork")
                reduction.send_handle(self._zconn, theirs.fileno(), self._zygote.pid)
                pid = self._zconn.recv()
            except (EOFError, OSError):
                ours.close()
                raise QueryError("the query process has stopped; restart the server") from None
            finally:
                theirs.close()
        try:
            pidfd = os.pidfd_open(pid) if hasattr(os, "pidfd_open") else None
        except OSError:
            pidfd = None
        w = _Worker(pid, Connection(ours.detach()), pidfd)
        with self._cond:
            self._all.add(w)
            self.forked += 1
        return w

    def _end(self, w: _Worker, kill: bool) -> None:
        """Kill a worker (it may be mid-query) or let it go (closing its connection ends it)."""
        with self._cond:
            if w not in self._all:
                return
            self._all.discard(w)
            self._count -= 1
            self._cond.notify_all()
        if kill:
            try:
                if w.pidfd is not None:
                    signal.pidfd_send_signal(w.pidfd, signal.SIGKILL)
                else:
                    os.kill(w.pid, signal.SIGKILL)
            except OSError:
                pass
        w.conn.close()
        if w.pidfd is not None:
            os.close(w.pidfd)
            w.pidfd = None

    def pids(self) -> list[int]:
        with self._cond:
            return [w.pid for w in self._all]

    # -- running a query
    def _acquire(self, deadline: float, known_slow: bool) -> _Worker:
        fork = False
        with self._cond:
            self._waiting += 1
            try:
                while True:
                    if self._closed:
                        raise QueryError("the server is stopping")
                    if not (known_slow and self.slow >= self.slow_slots):
                        if self._idle:
                            w = self._idle.pop()
                            break
                        if self._count < self.max_workers:
                            self._count += 1
                            fork = True
                            break
                    left = deadline - time.monotonic()
                    if left <= 0:
                        what = "slow queries" if known_slow else "queries"
                        raise ServiceBusy(f"all places for {what} stayed busy for the time limit; try again later")
                    self._cond.wait(left)
                self.busy += 1
                if known_slow:
                    self.slow += 1
            finally:
                self._waiting -= 1
        if fork:
            try:
                w = self._fork()
            except QueryError:
                with self._cond:
                    self._count -= 1
                    self.busy -= 1
                    self.slow -= known_slow
                    self._cond.notify_all()
                raise
        return w

    def _release(self, w: _Worker | None, slow: bool) -> None:
        """Put a worker back (idle, most recent last); let go of one reniced, and of those idle for
        ``IDLE_RETIRE`` seconds beyond the ``warm`` ones (forking under load costs tens of ms)."""
        now = time.monotonic()
        with self._cond:
            self.busy -= 1
            self.slow -= slow
            keep = w is not None and not w.niced and not self._closed
            if keep:
                w.idle_since = now
                self._idle.append(w)
            stale = []
            while len(self._idle) > self.warm and now - self._idle[0].idle_since > IDLE_RETIRE:
                stale.append(self._idle.pop(0))
            self._cond.notify_all()
        if w is not None and not keep:
            self._end(w, kill=w.niced)  # a reniced worker may still be busy writing: no matter
        for old in stale:
            self._end(old, kill=False)

    def _mark_slow(self, w: _Worker, text: str) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, w.pid, 10)
            w.niced = True
        except OSError:
            pass
        with self._cond:
            self._slow_texts[text] = None
            self._slow_texts.move_to_end(text)
            while len(self._slow_texts) > 256:
                self._slow_texts.popitem(last=False)

    def run(self, job: Job, timeout: float) -> Reply:
        """Run ``job`` in a worker; ``QueryTimeout`` past ``timeout`` seconds of running (the worker is
        killed), ``ServiceBusy`` when no worker is free within ``timeout`` seconds."""
        with self._cond:
            known_slow = job.text in self._slow_texts
        w = self._acquire(time.monotonic() + timeout, known_slow)
        slow = known_slow
        deadline = time.monotonic() + timeout
        try:
            if slow:
                self._mark_slow(w, job.text)
            cpu0 = _cpu_seconds(w.pid)
            w.conn.send(job)
            step = self.slow_after / 4
            while True:
                left = deadline - time.monotonic()
                if w.conn.poll(max(0.0, left if slow else min(left, step))):
                    break
                if time.monotonic() >= deadline:
                    self.killed += 1
                    self._end(w, kill=True)
                    w = None
                    raise QueryTimeout(f"query stopped at the time limit of {timeout:g} s")
                if not slow and _cpu_seconds(w.pid, cpu0) >= self.slow_after:
                    slow = True
                    with self._cond:
                        self.slow += 1
                    self._mark_slow(w, job.text)
            return w.conn.recv()
        except (EOFError, OSError):
            if w is not None:
                self._end(w, kill=True)
                w = None
            raise QueryError("the query worker died; try again") from None
        finally:
            self._release(w, slow)

    def close(self) -> None:
        """Stop every worker and the zygote."""
        with self._cond:
            self._closed = True
            workers = list(self._all)
            self._idle.clear()
            self._cond.notify_all()
        for w in workers:
            self._end(w, kill=True)
        self._zconn.close()  # the zygote reads the end of its connection and leaves
        try:
            self._zygote.wait(5)
        except subprocess.TimeoutExpired:
            self._zygote.kill()
            self._zygote.wait(5)

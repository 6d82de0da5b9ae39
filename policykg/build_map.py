"""The map ``policykg build`` draws beside the graph, from the build's own data.

Each plan's part of what the map reads (``graph.map.rows``: the plan, its sections, its tasks and their
departments) depends on that plan alone and is known as soon as it is extracted: the worker that
extracts the plan makes those rows from the plan's triples, and the build gathers them. Once the last
plan is in, the shared nodes (departments and their types, which depend on every plan) go into a
small in-memory Oxigraph store, and the map is drawn from both while the workers format the plans and
the build writes them: on Linux by a forked child of the build (:func:`start_map`), which has the rows
and the map's modules already, so that the drawing and the writing each have a core. Nothing is read
back from the files written, and the plans are not queried at all.
"""
from __future__ import annotations

import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path

KIND = "map3"  # cache kind of a plan's rows for the map (graph.map.rows.PlanRows); change it with map_rows


def map_rows(rec):
    """A plan's rows for the map (the same in a worker and here)."""
    from graph.map.rows import ROLES, plan_rows
    from graph.model.rdf import plan_triples_alone

    return plan_rows(plan_triples_alone(rec), ROLES)


@lru_cache(maxsize=1)
def _predicates() -> frozenset[str]:
    """The predicates the map reads (``graph.map.reads``), as N-Triples terms."""
    from graph.map.reads import DEPARTMENTS_MAP

    return frozenset(f"<{p}>" for p in DEPARTMENTS_MAP)


def map_rows_of(cache, key: str):
    """A plan's map rows from the build's cache (a plan unchanged since the last build), else made
    from its cached record; None when the cache holds neither."""
    rows = cache.get(KIND, key)
    if rows is None:
        rec = cache.get("record", key)
        rows = map_rows(rec) if rec is not None else None
    return rows


def new_rows():
    """The map's rows of no plan yet, to gather each plan's as it comes (``merge``)."""
    from graph.map.rows import ROLES, PlanRows

    return PlanRows(ROLES)


def map_graph(drawn, shared: list, keys: list[str], cache):
    """What the map is drawn from: the plans' rows (``drawn``, gathered as they were extracted; or,
    when none were expected because there were too many sources, those of ``keys`` from the cache now)
    beside a store of the shared nodes' triples (``shared``: the build's list of them, also written to
    the files)."""
    import pyoxigraph

    from graph.map.rows import KnownRows
    from graph.model import terms as T

    if drawn is None:
        drawn = new_rows()
        for key in keys:
            rows = map_rows_of(cache, key)
            if rows is not None:
                drawn.merge(rows)
    store = pyoxigraph.Store()
    text = T.ntriples([t for t in shared if t[1] in _predicates()])
    store.load(input=text.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES, lenient=True)
    return KnownRows(store, drawn)


def import_modules() -> None:
    """The map's modules (networkx, numpy, the page: a quarter of a second), imported while the
    workers extract instead of after them."""
    import graph.map.page  # noqa: F401


def _reserve(out: Path, outputs) -> Path:
    """The temp file ``map.html`` is drawn into, renamed into place with the build's other outputs."""
    outputs.open(out / "map.html").close()
    return Path(outputs.temps[-1][0])


def _draw(path: Path, g, lang: str) -> None:
    """The map drawn into ``path``."""
    from graph.map.page import write_map as draw

    draw(g, path, view="departments", lang=lang)


class Drawing:
    """A map being drawn by a forked child (:func:`start_map`): :meth:`wait` for it (its error is
    raised here, as if it had been drawn in this process), or :meth:`abort` it."""

    def __init__(self, pid: int | None, errors: int) -> None:
        self.pid, self.errors = pid, errors  # the child's pid; the pipe its pickled error comes through

    def wait(self) -> None:
        """Wait for the child; raise what it raised (or a RuntimeError when it died without saying)."""
        if self.pid is None:
            return
        try:
            with os.fdopen(self.errors, "rb") as f:
                said = f.read()
        finally:
            self.errors = -1  # closed (an interrupted wait leaves the child to abort())
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if said:
            raise _unpickled(said)
        if status != 0:
            raise RuntimeError(f"the process drawing map.html ended with status {os.waitstatus_to_exitcode(status)}")

    def abort(self) -> None:
        """Stop the child (the build failed); nothing of it remains but a temp file the build removes."""
        if self.pid is None:
            return
        import signal

        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        if self.errors >= 0:
            os.close(self.errors)
        self.errors, self.pid = -1, None


class _Done(Drawing):
    """A map already drawn in this process (where there is no fork)."""

    def __init__(self) -> None:
        super().__init__(None, -1)


def start_map(out: Path, outputs, g, lang: str = "auto") -> Drawing:
    """Start drawing ``OUT/map.html``, the departments map of ``g`` (a store, or what
    :func:`map_graph` gives), as a temp file of ``outputs``
    (renamed into place with the build's other outputs) in a forked child, and return at once;
    where processes cannot be forked safely (not Linux) it is drawn here first.

    The child has the graph and the imported map modules of this process. It moves every object it
    inherits out of the garbage collector's sight (``gc.freeze``: collections would otherwise walk,
    and so copy, the parent's pages), dies with the build (``PR_SET_PDEATHSIG``) and ends with
    ``os._exit`` (no exit handlers, no flush of the parent's buffers)."""
    path = _reserve(out, outputs)
    if not sys.platform.startswith("linux"):
        _draw(path, g, lang)
        return _Done()
    read, write = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            os.close(read)
            _child(path, g, lang, parent)
            code = 0
        except BaseException as e:  # noqa: BLE001 - sent to the parent, raised there
            with os.fdopen(write, "wb") as f:  # all of it, however long (a pipe takes 64 KB at once)
                f.write(_pickled(e))
        finally:
            os._exit(code)
    os.close(write)
    return Drawing(pid, read)


def _child(path: Path, g, lang: str, parent: int) -> None:
    import gc

    from .workers import die_with_parent

    gc.freeze()
    die_with_parent(parent)
    _draw(path, g, lang)


def _pickled(e: BaseException) -> bytes:
    try:
        return pickle.dumps(e)
    except Exception:  # noqa: BLE001 - an exception that cannot be pickled: its type and message
        return pickle.dumps(RuntimeError(f"{type(e).__name__}: {e}"))


def _unpickled(data: bytes) -> BaseException:
    try:
        e = pickle.loads(data)
    except Exception:  # noqa: BLE001
        return RuntimeError("the process drawing map.html failed")
    return e if isinstance(e, BaseException) else RuntimeError(repr(e))

"""Keeping an Oxigraph store in line with a build, plan by plan, in bounded memory.

Each plan is one named graph, replaced only when its triples changed; the nodes plans share are one
named graph too, and a build changes only the shared triples that differ from what the store holds
(remembered in a small SQLite file in the build's cache): replacing the whole shared graph of
10,000 plans (~150k quads) held ~170 MB in Oxigraph's transaction.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Callable


def cap_malloc_arenas(n: int = 2) -> None:
    """Limit glibc's malloc arenas (M_ARENA_MAX) for this process; elsewhere a no-op."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(-8, n)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


class StoreInUse(RuntimeError):
    """The store is open in another process; the message is one line for the user."""


def open_for_writing(store_dir: Path):
    """The store at ``store_dir``, opened to write (made if missing); one line when another process has it."""
    from graph.stores.store import open_store

    try:
        return open_store(store_dir, create=True)
    except OSError as e:
        if "lock" in str(e).lower():
            raise StoreInUse(f"{store_dir}: the store is in use by another process (another build?); "
                             "wait for it to end") from None
        raise StoreInUse(f"{store_dir}: cannot open the store: {e}") from None


def store_holds(store_dir: Path, state: dict) -> bool:
    """Whether the store at ``store_dir`` is the one the last build loaded, as it left it: its
    location and number of quads are those recorded (a store deleted, emptied or replaced since is
    not, and is then loaded again in full)."""
    if not state or not store_dir.is_dir() or state.get("location") != str(store_dir.resolve()):
        return False
    if "quads" not in state:
        return False
    store = open_for_writing(store_dir)
    try:
        return len(store) == state["quads"]
    finally:
        del store


class StoreWriter:
    """Changes to an Oxigraph store: graphs and quads removed, N-Quads bulk-loaded a chunk at a time.

    Oxigraph's bulk loader holds about ten times a chunk's bytes while it runs, so chunks are small
    (4 MB of N-Quads; smaller ones cost more in per-load overhead than they save). The store is
    closed and reopened after every chunk so that what it keeps between loads is let go, and glibc
    is asked for at most two malloc arenas: the loader's threads otherwise each leave an arena of
    freed memory behind, and the process grows with the number of loads (measured: 92 MB peak over
    45 loads with the default arenas, 74 MB with two).
    """

    CHUNK_BYTES = 4 * 2**20
    REMOVALS = 20_000  # quads removed between reopenings

    def __init__(self, store_dir: Path, scratch: Path | None = None):
        cap_malloc_arenas()
        self.open = lambda: open_for_writing(store_dir)
        self.store = self.open()
        fd, self.path = tempfile.mkstemp(suffix=".nq", dir=scratch)
        self.f = os.fdopen(fd, "w", encoding="utf-8")
        self.n = 0

    def clear(self) -> None:
        self.store.clear()

    def remove_graph(self, iri: str) -> None:
        import pyoxigraph

        self.store.remove_graph(pyoxigraph.NamedNode(iri))

    def remove_lines(self, lines) -> int:
        """Remove the quads of N-Quads ``lines`` (an iterable), one small transaction each."""
        import pyoxigraph

        n = 0
        for line in lines:
            for quad in pyoxigraph.parse(line.encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS):
                self.store.remove(quad)
            n += 1
            if n % self.REMOVALS == 0:
                self._reopen()
        return n

    def add(self, nquads: str) -> None:
        """Queue N-Quads (whole lines) for loading; load when a chunk is full."""
        self.f.write(nquads)
        self.n += len(nquads)
        if self.n >= self.CHUNK_BYTES:
            self.flush()

    def flush(self) -> None:
        import pyoxigraph

        self.f.close()
        if self.n:
            self.store.bulk_load(path=self.path, format=pyoxigraph.RdfFormat.N_QUADS)
            self._reopen()
        self.f = open(self.path, "w", encoding="utf-8")
        self.n = 0

    def _reopen(self) -> None:
        self.store.flush()
        self.store = None
        self.store = self.open()

    def close(self) -> None:
        """Idempotent: the temp file goes, and the store's lock is released for readers and later builds."""
        self.f.close()
        Path(self.path).unlink(missing_ok=True)
        self.store = None


class SharedMemo:
    """The shared graph's quads as the store holds them, to change only what differs next time."""

    @classmethod
    def open(cls, path: Path) -> SharedMemo:
        """The memo at ``path``; a damaged file is started afresh (it then describes nothing)."""
        try:
            return cls(path)
        except sqlite3.DatabaseError:
            path.unlink(missing_ok=True)
            return cls(path)

    def __init__(self, path: Path):
        self.db = sqlite3.connect(str(path))
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                              "CREATE TABLE IF NOT EXISTS meta(location TEXT, digest TEXT);"
                              "CREATE TABLE IF NOT EXISTS held(line TEXT PRIMARY KEY) WITHOUT ROWID;"
                              "DROP TABLE IF EXISTS next;"
                              "CREATE TABLE next(line TEXT PRIMARY KEY) WITHOUT ROWID;")

    def holds(self, location: str, digest: str | None) -> bool:
        """Whether the memo describes the shared graph that store ``location`` holds."""
        row = self.db.execute("SELECT location, digest FROM meta").fetchone()
        return bool(digest) and row == (location, digest)

    def stage(self, lines) -> None:
        self.db.executemany("INSERT OR IGNORE INTO next VALUES(?)", ((line,) for line in lines))

    def removed(self):
        return (r[0] for r in self.db.execute("SELECT line FROM held EXCEPT SELECT line FROM next"))

    def added(self):
        return (r[0] for r in self.db.execute("SELECT line FROM next EXCEPT SELECT line FROM held"))

    def forget(self) -> None:
        """The store is about to change: until ``commit``, the memo describes nothing."""
        self.db.execute("DELETE FROM meta")
        self.db.commit()

    def commit(self, location: str, digest: str) -> None:
        self.db.executescript("DROP TABLE held; ALTER TABLE next RENAME TO held;")
        self.db.execute("INSERT INTO meta VALUES(?, ?)", (location, digest))
        self.db.commit()

    def close(self) -> None:
        self.db.close()


class StoreSync:
    """Brings an Oxigraph store in line with the build as its plans stream past.

    A plan whose triples are those already loaded (same fragment key as in ``old``) is left alone;
    a changed plan's named graph is replaced; a deleted plan's is dropped. The shared nodes are
    staged on disk; if they differ from what the store holds, only the differing quads are removed
    and added when ``memo`` remembers what it holds, else the shared graph is replaced.
    """

    def __init__(self, store_dir: Path, old: dict, current: set[str], memo: Path | None = None,
                 scratch: Path | None = None):
        from graph.model import iris

        self.location = str(store_dir.resolve())
        self.old: dict[str, str] = old.get("plans", {}) if old.get("location") == self.location else {}
        self.old_shared = old.get("shared") if self.old else None
        self.memo_path = memo
        self.fkeys: dict[str, str] = {}
        self.w = StoreWriter(store_dir, scratch)
        if not self.old:
            self.w.clear()
        for pid in sorted(set(self.old) - current):
            self.w.remove_graph(str(iris.plan(pid)))
        fd, self.staged_path = tempfile.mkstemp(suffix=".nq", dir=scratch)
        self.staged = os.fdopen(fd, "w", encoding="utf-8")
        self.digest = hashlib.sha256()

    def shared(self, triples: list) -> None:
        from graph.model import terms as T
        from graph.model.written import SHARED_GRAPH

        nq = T.nquads(triples, SHARED_GRAPH)
        self.digest.update(nq.encode())
        self.staged.write(nq)

    def plan(self, pid: str, fkey: str, nquads: Callable[[], str]) -> None:
        """Plan ``pid`` with fragment key ``fkey``; its N-Quads are asked for only if it changed."""
        from graph.model import iris

        self.fkeys[pid] = fkey
        if self.old.get(pid) == fkey:
            return
        if pid in self.old:
            self.w.remove_graph(str(iris.plan(pid)))
        self.w.add(nquads())

    def finish(self) -> dict:
        """Load what is pending; return the store's state for the next build."""
        self.staged.close()
        digest = self.digest.hexdigest()
        memo = SharedMemo.open(self.memo_path) if self.memo_path else None
        try:
            stage = memo is not None and (digest != self.old_shared or not memo.holds(self.location, digest))
            if stage:
                with open(self.staged_path, encoding="utf-8") as f:
                    memo.stage(f)
            if digest != self.old_shared:
                self._update_shared(memo)
            self.w.flush()
            quads = len(self.w.store)
            if stage:
                memo.commit(self.location, digest)
        finally:
            if memo:
                memo.close()
            self.abort()
        return {"location": self.location, "plans": self.fkeys, "shared": digest, "quads": quads}

    def _update_shared(self, memo: SharedMemo | None) -> None:
        """Replace the store's shared graph with the staged one: by difference when the memo knows
        what the store holds, else whole."""
        from graph.model.written import SHARED_GRAPH

        incremental = memo is not None and memo.holds(self.location, self.old_shared)
        if memo:
            memo.forget()
        if incremental:
            self.w.remove_lines(memo.removed())
            for line in memo.added():
                self.w.add(line)
            return
        if self.old:
            self.w.remove_graph(SHARED_GRAPH)
        with open(self.staged_path, encoding="utf-8") as f:
            for line in f:
                self.w.add(line)

    def abort(self) -> None:
        self.staged.close()
        Path(self.staged_path).unlink(missing_ok=True)
        self.w.close()

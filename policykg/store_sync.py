"""Keeping an Oxigraph store in line with a build, plan by plan, in bounded memory.

Each plan is one named graph, replaced only when its triples changed; the nodes plans share are one
named graph too, and a build changes only the shared triples that differ from what the store holds
(remembered in a small SQLite file in the build's cache): replacing the whole shared graph of
10,000 plans (~150k quads) held ~170 MB in Oxigraph's transaction. The store itself is changed by
a loader process of its own (:mod:`policykg.store_loader`), while the build goes on writing.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Callable


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


def store_files(store_dir: Path) -> str:
    """A digest of the store's files as they stand: its RocksDB identity (made when the store was
    created) and the name, size and time of every table file and non-empty write-ahead log. Any
    change to what the store holds writes one of these (a write goes to a log first; a bulk load
    adds tables), so while the digest stays the same so does the store; it is read without opening
    the store (which would replay and rewrite files, and wait on the disk while a big build's writes
    drain)."""
    items = []
    try:
        entries = sorted(os.scandir(store_dir), key=lambda e: e.name)
        identity = (store_dir / "IDENTITY").read_bytes()
    except OSError:
        return ""
    for e in entries:
        if e.name.endswith((".sst", ".log")):
            st = e.stat()
            if e.name.endswith(".sst") or st.st_size:
                items.append(f"{e.name} {st.st_size} {st.st_mtime_ns}")
    return hashlib.sha256(identity + "\n".join(items).encode()).hexdigest()


def store_holds(store_dir: Path, state: dict) -> bool:
    """Whether the store at ``store_dir`` is the one the last build loaded, as it left it: its files
    are as that build left them (:func:`store_files`), or else its location and number of quads are
    those recorded (a store deleted, emptied or replaced since is not, and is then loaded again in
    full)."""
    if not state or not store_dir.is_dir() or state.get("location") != str(store_dir.resolve()):
        return False
    if state.get("files") and state["files"] == store_files(store_dir):
        return True
    if "quads" not in state:
        return False
    store = open_for_writing(store_dir)
    try:
        return len(store) == state["quads"]
    finally:
        del store


class StoreWriter:
    """Changes to an Oxigraph store: graphs and quads removed, N-Quads bulk-loaded a chunk at a time
    (run by the build's loader process, :mod:`policykg.store_loader`).

    Oxigraph's bulk loader holds about ten times a chunk's bytes while it runs, so chunks are small
    (4 MB of N-Quads; smaller ones cost more in per-load overhead than they save), and glibc is asked
    for at most two malloc arenas: the loader's threads otherwise each leave an arena of freed memory
    behind. The store stays open between loads: closing and reopening it after each chunk, as was
    once done to let go of what it keeps, made loading 10,000 documents (874 MB of N-Quads, 209
    chunks) take 96–131 s instead of 40 s, for a peak of 86–92 MB against 81 MB.
    """

    def __init__(self, store_dir: Path):
        from .malloc_tuning import cap_arenas

        cap_arenas()
        self.store = open_for_writing(store_dir)

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
        return n

    def load_file(self, path: str) -> None:
        """Bulk-load the N-Quads file at ``path``."""
        import pyoxigraph

        self.store.bulk_load(path=path, format=pyoxigraph.RdfFormat.N_QUADS)

    def close(self) -> None:
        """Idempotent: the store is flushed and its lock released for readers and later builds."""
        if self.store is not None:
            self.store.flush()
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

        from .store_loader import StoreLoader

        self.location = str(store_dir.resolve())
        self.old: dict[str, str] = old.get("plans", {}) if old.get("location") == self.location else {}
        self.old_shared = old.get("shared") if self.old else None
        self.memo_path = memo
        self.fkeys: dict[str, str] = {}
        self.w = StoreLoader(store_dir.resolve(), scratch)
        if not self.old:
            self.w.clear()
        for pid in sorted(set(self.old) - current):
            self.w.remove_graph(str(iris.plan(pid)))
        fd, self.staged_path = tempfile.mkstemp(suffix=".nq", dir=scratch)
        self.staged = os.fdopen(fd, "w", encoding="utf-8")
        self.digest = hashlib.sha256()

    def shared(self, nq: str) -> None:
        """A run of the shared nodes as N-Quads in the shared graph, staged for :meth:`finish`."""
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
            quads = self.w.count()
            self.w.close()  # the store's changes are done, and its lock released
            if stage:
                memo.commit(self.location, digest)
        finally:
            if memo:
                memo.close()
            self.abort()
        return {"location": self.location, "plans": self.fkeys, "shared": digest, "quads": quads,
                "files": store_files(Path(self.location))}

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
        self.w.abort()

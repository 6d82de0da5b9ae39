"""Sources read by a process of their own while the build loads what extraction needs.

As soon as the build knows which sources it will extract (those its cache has nothing of), it forks
one process that reads them (decoding, HTML to text), a few at a time into files of a private
folder, and only then loads the rest: the graph model (rdflib), the extraction pipeline and its word
lists (0.2-0.3 s on one core). Before the extraction workers are forked the reader is stopped wherever
it is, and what it finished goes to the workers already read; the rest is read by the workers, as
before. Nothing waits on the reader: a slow file costs the reader its time, not the build's.

The per-file time limit covers reading and extraction together: the seconds a source took to read
here are taken off what its extraction may take.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import sys
import time
from pathlib import Path

from extract.reading import Source as Text
from extract.reading import SourceError, read_source

from . import workers

CHUNK = 4  # sources per file written: what is lost of the reader's work when it is stopped
MOST = 2000  # sources read ahead at most (their texts wait in memory for the workers)

# what reading one source gave: ("read", text, seconds) | ("error", reason, seconds) | ("timeout", None, seconds)
Early = tuple[str, "Text | str | None", float]


def read_one(path: str, limit: float | None) -> Early:
    """What reading ``path`` within ``limit`` seconds gives, and the seconds it took."""
    t = time.perf_counter()
    try:
        with workers.time_limit(limit):
            text = read_source(path)
    except SourceError as e:
        return "error", e.reason, time.perf_counter() - t
    except workers.FileTimeout:
        return "timeout", None, time.perf_counter() - t
    return "read", text, time.perf_counter() - t


class ReadAhead:
    """A forked process reading ``items`` (key, path) in order into ``folder`` until :meth:`collect`.
    Where processes cannot be forked it reads nothing (a fresh interpreter would cost more than it saves)."""

    def __init__(self, items: list[tuple[str, str]], limit: float | None, folder: Path) -> None:
        self.folder = folder
        self.proc = None
        if "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin":
            return
        folder.mkdir(parents=True, exist_ok=True)
        self.proc = multiprocessing.get_context("fork").Process(
            target=_read_into, args=(items[:MOST], limit, str(folder), os.getpid()), daemon=True,
            name="policykg-read-ahead")
        self.proc.start()

    def collect(self) -> dict[str, Early]:
        """Stop the reader; what it finished, by key (the rest is left to the workers). Once only:
        afterwards there is nothing more."""
        if self.proc is None:
            return {}
        self._kill()
        got: dict[str, Early] = {}
        for f in sorted(self.folder.glob("read-*.pkl")):
            with f.open("rb") as fh:
                got.update(pickle.load(fh))
        shutil.rmtree(self.folder, ignore_errors=True)
        return got

    def stop(self) -> None:
        """Stop the reader and forget what it read (nothing, once collected)."""
        if self.proc is not None:
            self._kill()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _kill(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.proc = None


def _read_into(items: list[tuple[str, str]], limit: float | None, folder: str, parent: int) -> None:
    """In the reader: each ``CHUNK`` of sources read, then written whole (a temp file renamed)."""
    workers.die_with_parent(parent)
    for n, i in enumerate(range(0, len(items), CHUNK)):
        got = {key: read_one(path, limit) for key, path in items[i:i + CHUNK]}
        tmp = os.path.join(folder, f".read-{n:06d}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(got, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, os.path.join(folder, f"read-{n:06d}.pkl"))

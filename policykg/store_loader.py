"""The build's store loader: one process of its own that changes the Oxigraph store while the build writes.

Why a process: Oxigraph (RocksDB) holds 60–150 MB while it ingests; in the build's own process that
came on top of everything the build holds (measured at 10,000 documents: a 310 MB peak against
about 180 MB without loading), and loading there stopped the build's writing for the time of each
load (about 80 of the 150 s of that build). In a fresh interpreter of its own, started with
nothing but pyoxigraph, the loader holds only the store's memory, and it loads while the build
formats and writes the next plans.

The build (:class:`StoreLoader`) sends one command per line on the loader's stdin; the loader
(:func:`serve`) does them in order and answers each on stdout with ``ok``, ``count N``, or
``error KIND MESSAGE`` (after which it stops). The build waits for answers only when more than a
few loads are in flight (so chunk files do not pile up in the scratch folder) and at the end.
The loader dies with the build (``PR_SET_PDEATHSIG``) and ignores Ctrl-C: the build ends it.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path


class LoaderError(RuntimeError):
    """The loader failed or died; the message is one line for the user."""


class StoreLoader:
    """The build's side: the :class:`~policykg.store_sync.StoreWriter` operations, done by a loader process.

    N-Quads are written to chunk files in ``scratch`` (4 MB each, the size Oxigraph's bulk loader
    handles in bounded memory) and handed over to be loaded and removed; at most ``ahead`` chunks
    wait their turn. As with :class:`~policykg.store_sync.StoreWriter`, a removal is sent at once,
    ahead of the lines still queued in the chunk being written: what it removes must not be among
    them (a changed plan's graph is removed before its new lines are added).
    """

    CHUNK_BYTES = 4 * 2**20

    def __init__(self, store_dir: Path, scratch: Path | None = None, ahead: int = 4):
        self.scratch, self.ahead = scratch, ahead
        self._err = tempfile.TemporaryFile(dir=scratch)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "policykg.store_loader", str(store_dir), str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._err, cwd=str(Path(__file__).parents[1]),
            encoding="utf-8", bufsize=1)
        self.waiting = 0  # commands sent, not yet answered
        self.f = None
        self.n = 0

    def _send(self, op: str, arg=None) -> None:
        try:
            self.proc.stdin.write(json.dumps([op, arg], ensure_ascii=False) + "\n")
        except (BrokenPipeError, OSError, ValueError):
            self._failed()
        self.waiting += 1

    def _answer(self) -> str:
        line = self.proc.stdout.readline()
        if not line:
            self._failed()
        self.waiting -= 1
        if line.startswith("error "):
            self._failed(line[6:].strip())
        return line.strip()

    def _failed(self, message: str | None = None):
        """Raise the loader's error (its own message, else the last line it printed)."""
        from .store_sync import StoreInUse

        if message is None:
            self.abort(tidy=False)
            self._err.seek(0)
            lines = self._err.read().decode("utf-8", "replace").strip().splitlines()
            why = lines[-1] if lines else f"exit status {self.proc.returncode}"
            message = f"LoaderError the store's loader stopped: {why}"
        self.abort()
        kind, _, text = message.partition(" ")
        raise (StoreInUse if kind == "StoreInUse" else LoaderError)(text)

    def _catch_up(self, limit: int) -> None:
        while self.waiting > limit:
            self._answer()

    def clear(self) -> None:
        self._send("clear")

    def remove_graph(self, iri: str) -> None:
        self._send("remove_graph", iri)

    def remove_lines(self, lines) -> int:
        """Remove the quads of N-Quads ``lines``; the number of lines."""
        path, n = self._chunk_file(lines)
        self._send("remove", path)
        return n

    def add(self, nquads: str) -> None:
        """Queue N-Quads (whole lines) for loading; hand them over when a chunk is full."""
        if self.f is None:
            fd, self.path = tempfile.mkstemp(suffix=".nq", dir=self.scratch)
            self.f = os.fdopen(fd, "w", encoding="utf-8")
        self.f.write(nquads)
        self.n += len(nquads)
        if self.n >= self.CHUNK_BYTES:
            self.flush()

    def flush(self) -> None:
        """Hand over the chunk being written (if any)."""
        if self.f is None:
            return
        self.f.close()
        self.f = None
        self.n = 0
        self._send("load", self.path)
        self._catch_up(self.ahead)

    def wait(self) -> None:
        """Wait until the loader has done every command sent (not the chunk still being written)."""
        self._catch_up(0)

    def count(self) -> int:
        """Once everything sent is done: the number of quads in the store."""
        self.flush()
        self._send("count")
        self._catch_up(1)
        return int(self._answer().split()[1])

    def close(self) -> None:
        """Wait for the loader to finish and release the store; an error it met is raised."""
        if self.proc.poll() is None:
            self._send("close")
            self._catch_up(0)
            self.proc.stdin.close()
            self.proc.wait()
        self._tidy()

    def abort(self, tidy: bool = True) -> None:
        """Idempotent: end the loader now (what it was doing is left half done) and remove the chunks."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if tidy:
            self._tidy()

    def _tidy(self) -> None:
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if self.f is not None:
            self.f.close()
            self.f = None
            Path(self.path).unlink(missing_ok=True)
        self._err.close()

    def _chunk_file(self, lines) -> tuple[str, int]:
        fd, path = tempfile.mkstemp(suffix=".nq", dir=self.scratch)
        n = 0
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for line in lines:
                f.write(line)
                n += 1
        return path, n


def serve(store_dir: Path, commands, answer) -> None:
    """The loader's loop: do each command of ``commands`` (JSON lines) on the store, ``answer`` each."""
    from .store_sync import StoreInUse, StoreWriter

    try:
        w = StoreWriter(store_dir)
    except StoreInUse as e:
        answer(f"error StoreInUse {e}")
        return
    try:
        for line in commands:
            op, arg = json.loads(line)
            if op == "close":
                answer("ok")
                return
            if op == "clear":
                w.clear()
            elif op == "remove_graph":
                w.remove_graph(arg)
            elif op == "remove":
                with open(arg, encoding="utf-8") as f:
                    w.remove_lines(f)
                Path(arg).unlink(missing_ok=True)
            elif op == "load":
                w.load_file(arg)
                Path(arg).unlink(missing_ok=True)
            elif op == "count":
                answer(f"count {len(w.store)}")
                continue
            answer("ok")
    except Exception as e:  # noqa: BLE001 - reported to the build as one line
        answer(f"error LoaderError {type(e).__name__}: {' '.join(str(e).split())}")
    finally:
        w.close()


def main(argv: list[str]) -> int:
    """``python -m policykg.store_loader STORE_DIR PARENT_PID``: serve the build on stdin/stdout."""
    from .workers import die_with_parent

    store_dir, parent = Path(argv[0]), int(argv[1])
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the build, which ends this process

    def answer(text: str) -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    serve(store_dir, sys.stdin, answer)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

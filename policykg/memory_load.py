"""The map's triples loaded into an in-memory Oxigraph store while the build extracts its plans.

The map drawn at build time reads the build's own triples from such a store (nothing is read back
from the files). Each plan's part is known as soon as it is extracted (``policykg.build.map_text``);
a thread loads them a batch at a time as they come, so that the map can be drawn as soon as the
last plan is in, while the workers format the plans. pyoxigraph releases the GIL while it parses
and inserts (``Store.load`` runs in ``allow_threads``), so the loading overlaps the build's Python.
"""
from __future__ import annotations

import queue
import threading

BATCH = 1 << 20  # characters per load: as fast as one load of the whole text (measured: bench/README.md)
MEDIA = {"ttl": "text/turtle", "trig": "application/trig", "nt": "application/n-triples",
         "nq": "application/n-quads"}


class MemoryLoad:
    """Chunks of RDF text in one format (``ttl``, ``trig``, ``nt`` or ``nq``), loaded by a thread
    into an in-memory store; ``header`` (Turtle and TriG prefixes) goes before every batch.

    ``lenient``: Oxigraph skips validating IRIs (the syntax is still checked), for text this
    project wrote itself; it halves the load (0.21 → 0.11 s of CPU for the 78,000 map triples of
    300 plans, bench/README.md)."""

    def __init__(self, fmt: str, header: str = "", batch: int = BATCH, lenient: bool = False) -> None:
        import pyoxigraph

        self.store = pyoxigraph.Store()
        self.format = pyoxigraph.RdfFormat.from_media_type(MEDIA[fmt])
        self.header, self.batch, self.lenient = header, batch, lenient
        self.pending: list[str] = []
        self.size = 0
        self.error: BaseException | None = None
        self._queue: queue.Queue = queue.Queue(maxsize=4)  # a few batches ahead at most: memory stays flat
        self._thread = threading.Thread(target=self._run, name="policykg-memory-load", daemon=True)
        self._thread.start()

    def add(self, text: str) -> None:
        """One chunk (a whole number of subjects' blocks); loaded with the next full batch."""
        self.pending.append(text)
        self.size += len(text)
        if self.size >= self.batch:
            self._flush()

    def finish(self):
        """The store, once every chunk is loaded; a load error is raised here."""
        self._flush()
        self._stop()
        if self.error is not None:
            raise self.error
        return self.store

    def abort(self) -> None:
        """Stop loading and forget the store (the build failed)."""
        self.pending = []
        self._stop()

    def _flush(self) -> None:
        if self.pending:
            self._queue.put(self.header + "".join(self.pending))
            self.pending, self.size = [], 0

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def _run(self) -> None:
        while True:
            text = self._queue.get()
            if text is None:
                return
            if self.error is None:
                try:
                    self.store.load(input=text.encode("utf-8"), format=self.format, lenient=self.lenient)
                except BaseException as e:  # noqa: BLE001 - raised in the build's thread by finish()
                    self.error = e

"""The map ``policykg build`` draws beside the graph, from the build's own triples.

Each plan's triples that the map reads (``graph.map.reads``) and that do not depend on the other
plans (``graph.model.rdf.plan_triples_alone``: all but ``cites`` and ``implements``) are known as
soon as the plan is extracted; they go as N-Triples into an in-memory Oxigraph store that a thread
loads meanwhile (``policykg.memory_load``). Once the last plan is in, the shared nodes follow and the
map is drawn while the workers format the plans. Nothing is read back from the files written.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .memory_load import MemoryLoad

KIND = "map2"  # cache kind of a plan's triples for the map (N-Triples); change it with map_text


def map_text(rec) -> str:
    """A plan's triples for the map, as N-Triples (the same text in a worker and here)."""
    from graph.model import terms as T
    from graph.model.rdf import plan_triples_alone

    return T.ntriples([t for t in plan_triples_alone(rec) if t[1] in _predicates()])


@lru_cache(maxsize=1)
def _predicates() -> frozenset[str]:
    """The predicates the map reads (``graph.map.reads``), as N-Triples terms."""
    from graph.map.reads import DEPARTMENTS_MAP

    return frozenset(f"<{p}>" for p in DEPARTMENTS_MAP)


def map_text_of(cache, key: str) -> str | None:
    """A plan's map text from the build's cache (a plan unchanged since the last build), else made
    from its cached record; None when the cache holds neither."""
    text = cache.get(KIND, key)
    if text is None:
        rec = cache.get("record", key)
        text = map_text(rec) if rec is not None else None
    return text


def map_store(drawn: MemoryLoad | None, shared, keys: list[str], cache):
    """The map's store: the plans' triples (``drawn``, loaded as they were extracted; or, when none
    was expected because there were too many sources, those of ``keys`` from the cache now) and the
    shared nodes'."""
    from graph.model import terms as T

    if drawn is None:
        drawn = MemoryLoad("nt")
        for key in keys:
            drawn.add(map_text_of(cache, key) or "")
    drawn.add(T.ntriples([t for t in shared.triples() if t[1] in _predicates()]))
    return drawn.finish()


def import_modules() -> None:
    """The map's modules (networkx, numpy, the page: a quarter of a second), imported while the
    workers extract instead of after them."""
    import graph.map.page  # noqa: F401


def write_map(out: Path, outputs, store, lang: str = "auto") -> None:
    """``OUT/map.html``, the departments map drawn from ``store``, as a temp file of ``outputs``
    (renamed into place with the build's other outputs)."""
    from graph.map.page import write_map as draw

    outputs.open(out / "map.html").close()  # reserve the temp file, renamed with the others
    draw(store, outputs.temps[-1][0], view="departments", lang=lang)

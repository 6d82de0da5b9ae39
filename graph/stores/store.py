"""Where graphs live: RDF files loaded into in-memory Oxigraph stores, persistent Oxigraph stores on disk,
and rdflib graphs for those who want rdflib objects.

- :func:`load_memory_store` is how the commands read a graph file (``query``, ``map``, ``compare``,
  ``serve --graph``): Oxigraph's bulk loader, named graphs of N-Quads/TriG kept, queried as a union.
  It loads 120k triples in about 0.3 s where rdflib's parser takes 4 s (``bench/engine.py``).
- :func:`open_store` opens (or creates) a persistent store, made by ``policykg build --store``.
- :func:`load_graph` gives an rdflib ``Graph`` (for rdflib's Python API and SHACL validation with
  pyshacl); it is slow on big graphs and no command queries through it.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rdflib is imported only by load_graph: the commands never need it to read a graph
    from rdflib import Graph

SUFFIX_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld",
                  ".json": "json-ld", ".rdf": "xml", ".xml": "xml", ".owl": "xml"}
OX_MEDIA = {"turtle": "text/turtle", "nt": "application/n-triples", "nquads": "application/n-quads",
            "trig": "application/trig", "xml": "application/rdf+xml", "json-ld": "application/ld+json"}


class StoreError(ValueError):
    """A graph file or store that cannot be opened; the message says which and why."""


def rdf_format(path: str | Path) -> str:
    """The RDF format of a file, by its suffix."""
    fmt = SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if not fmt:
        raise StoreError(f"{path}: unknown RDF file type (use {', '.join(sorted(SUFFIX_FORMATS))})")
    return fmt


GRAPH_NAMES = ("graph.ttl", "graph.nt", "graph.nq", "graph.trig", "graph.jsonld", "graph.rdf")


def graph_file(path: str | Path) -> Path:
    """The graph file of ``path``: the file itself, or a build folder's ``graph.ttl`` (else another
    ``graph.*`` it holds)."""
    p = Path(path)
    if p.is_dir():
        for name in GRAPH_NAMES:
            if (p / name).is_file():
                return p / name
        raise StoreError(f"{p}: no graph.ttl (or other graph.*) in this folder")
    return p


def _ox_format(path: Path):
    import pyoxigraph

    return pyoxigraph.RdfFormat.from_media_type(OX_MEDIA[rdf_format(path)])


def load_memory_store(path: str | Path):
    """An RDF file loaded into a new in-memory pyoxigraph ``Store`` with Oxigraph's bulk loader.

    N-Quads and TriG keep their named graphs (one per plan in a build's ``graph.nq``); triples of the
    other formats go to the default graph. Query it with ``use_default_graph_as_union=True`` (as
    ``graph.query.engine`` does) and the same SPARQL answers the same on a file and on an on-disk
    store, while ``GRAPH ?g { … }`` still sees each named graph. Relative IRIs resolve against the
    file's URI, as rdflib does. Raises :class:`StoreError` naming the file and why it cannot be read.
    """
    import pyoxigraph

    p = Path(path)
    if not p.is_file():
        raise StoreError(f"{p}: no such graph file")
    fmt = _ox_format(p)
    store = pyoxigraph.Store()
    try:
        store.bulk_load(path=str(p), format=fmt, base_iri=p.resolve().as_uri())
    except SyntaxError as e:
        raise StoreError(f"{p}: not readable as {rdf_format(p)}: {e}") from None
    except (OSError, ValueError) as e:
        raise StoreError(f"{p}: cannot be loaded: {e}") from None
    return store


def load_graph(path: str | Path) -> Graph:
    """An RDF file as one rdflib graph (named graphs of N-Quads/TriG merged), for rdflib's API."""
    from rdflib import Dataset, Graph

    p = Path(path)
    if not p.is_file():
        raise StoreError(f"{p}: no such graph file")
    fmt = rdf_format(p)
    try:
        if fmt in ("nquads", "trig"):
            ds = Dataset()
            ds.parse(p, format=fmt)
            g = Graph()
            for prefix, ns in ds.namespaces():
                g.bind(prefix, ns)
            for s, pr, o, _ in ds.quads((None, None, None, None)):
                g.add((s, pr, o))
            return g
        return Graph().parse(p, format=fmt)
    except Exception as e:  # rdflib raises many parser error types
        raise StoreError(f"{p}: not readable as {fmt}: {e}") from None


def open_store(path: str | Path, create: bool = False):
    """A pyoxigraph ``Store`` on disk; ``create`` makes the folder when it does not exist."""
    import pyoxigraph

    p = Path(path)
    if not create and not p.is_dir():
        raise StoreError(f"{p}: no such store (build one with `policykg build --store {p}`)")
    p.mkdir(parents=True, exist_ok=True)
    return pyoxigraph.Store(str(p))


def bulk_load_file(store, path: str | Path, to_graph: str | None = None) -> None:
    """Load an RDF file into ``store`` with Oxigraph's bulk loader (N-Quads keep their named graphs)."""
    import pyoxigraph

    fmt = rdf_format(path)
    kwargs = {}
    if to_graph and fmt not in ("nquads", "trig"):
        kwargs["to_graph"] = pyoxigraph.NamedNode(to_graph)
    store.bulk_load(path=str(path), format=_ox_format(Path(path)), **kwargs)
    store.flush()

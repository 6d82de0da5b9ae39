"""Where graphs live: RDF files read into rdflib (the embedded default) and persistent Oxigraph stores.

rdflib's in-memory graph serves one plan to a few hundred; a pyoxigraph store on disk serves
corpora of millions of triples (see STACK-NOTES: bulk loading is 5-10x faster than rdflib parsing
and GROUP BY queries 15-70x faster).
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

SUFFIX_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld",
                  ".json": "json-ld", ".rdf": "xml", ".xml": "xml", ".owl": "xml"}
OX_MEDIA = {"turtle": "text/turtle", "nt": "application/n-triples", "nquads": "application/n-quads",
            "trig": "application/trig", "xml": "application/rdf+xml"}


class StoreError(ValueError):
    """A graph file or store that cannot be opened; the message says which and why."""


def rdf_format(path: str | Path) -> str:
    """The RDF format of a file, by its suffix."""
    fmt = SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if not fmt:
        raise StoreError(f"{path}: unknown RDF file type (use {', '.join(sorted(SUFFIX_FORMATS))})")
    return fmt


def load_graph(path: str | Path) -> Graph:
    """An RDF file as one rdflib graph (named graphs of N-Quads/TriG merged)."""
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
    store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.from_media_type(OX_MEDIA[fmt]), **kwargs)
    store.flush()

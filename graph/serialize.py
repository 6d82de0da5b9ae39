"""Byte-stable serialisation: the same graph gives the same bytes, whatever the hash seed.

rdflib's Turtle writer orders subjects and predicates but not every object list, and N-Triples
come out in set order; here line-based formats are sorted and Turtle is written with sorted
objects per predicate, so two builds of the same sources are identical files.
"""
from __future__ import annotations

from rdflib import Dataset, Graph


def serialize(g: Graph | Dataset, rdf_format: str) -> bytes:
    """``g`` in ``rdf_format`` (turtle, nt, nquads, trig, json-ld, xml), deterministically."""
    if rdf_format in ("nt", "nquads"):
        data = g.serialize(format=rdf_format, encoding="utf-8")
        lines = sorted(set(l for l in data.decode("utf-8").splitlines() if l.strip()))
        return ("\n".join(lines) + "\n").encode("utf-8")
    if rdf_format == "turtle":
        return _stable_turtle(g)
    return g.serialize(format=rdf_format, encoding="utf-8")


def _stable_turtle(g: Graph) -> bytes:
    """Turtle from a copy of ``g`` whose triples were added in sorted order."""
    ordered = Graph()
    for prefix, ns in g.namespaces():
        ordered.bind(prefix, ns, override=True)
    for t in sorted(g, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3())):
        ordered.add(t)
    return ordered.serialize(format="turtle", encoding="utf-8")

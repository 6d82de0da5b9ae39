"""The IRIs that ``map`` and ``compare`` read, as plain strings: ``V.inPlan``, ``V.label``, ``V.Task``.

Query results carry IRIs as text (``Term.value``) and :func:`graph.query.engine.node_values` keys its
tables by them; an rdflib ``URIRef`` hashes apart from its text, so these are ``str``, not ``URIRef``.
Every ``pol:`` term of :class:`graph.model.vocab.POL` is here under its own name.
"""
from __future__ import annotations

from ..model.vocab import POL, POL_IRI

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"


class V:
    """``pol:`` terms by name, and the few RDF, RDFS, SKOS and DCTERMS terms the readers use."""

    type = RDF + "type"
    label = RDFS + "label"
    prefLabel, altLabel = SKOS + "prefLabel", SKOS + "altLabel"
    title, issued = DCTERMS + "title", DCTERMS + "issued"


for _name in POL.__annotations__:
    setattr(V, _name, POL_IRI + _name)

"""Records → RDF under ``ontology.ttl``: vocabulary, IRIs, term writing, plan and shared triples.

Knows no store, no query, no HTML; imports only ``extract.records``.
"""

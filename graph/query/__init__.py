"""SPARQL over a graph file or store: the named query library, one engine, the read-only endpoint."""

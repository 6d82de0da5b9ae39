"""Where a graph lives: an RDF file, an embedded Oxigraph store, a remote SPARQL store (push)."""

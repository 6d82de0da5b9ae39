"""Network analysis as policy researchers publish it: density, centralisation, centrality, cores and
communities of each plan's department network, and the joint-issuing network of documents' issuers.

Modules: :mod:`.metrics` (the definitions, plain functions over networkx graphs), :mod:`.data` (what is
read from the graph, by SPARQL), :mod:`.tables` (one row per plan and per department), :mod:`.issuers`
(who issues documents together), :mod:`.exports` (CSV, GEXF, GraphML, Pajek) and :mod:`.report`
(Markdown). Imports go one way: ``graph.analysis`` → ``graph.query`` → ``graph.stores`` → ``graph.model``.
"""

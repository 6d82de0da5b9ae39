"""Network views of the graph (departments, bipartite, plans), the offline HTML map and file exports."""

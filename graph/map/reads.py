"""The predicates the departments map reads of a graph.

``policykg build`` draws its map from its plans' rows (``rows.py``) beside an in-memory store of the
shared nodes' triples (departments, their types); it loads only the triples with these predicates.
The list lives apart from ``network.py``, which imports networkx and numpy, because the build's
workers use it. ``tests/test_network.py`` draws the map of real plans from a store of these triples
alone and from the whole graph, and requires the same page: a predicate the map starts to read and
this list lacks fails there.
"""
from __future__ import annotations

from ..query.vocab import V

DEPARTMENTS_MAP = frozenset({
    V.type, V.title, V.label, V.region, V.issued,  # plans (and every node's class)
    V.inPlan, V.position, V.text, V.inSection,  # tasks
    V.leadDepartment, V.supportingDepartment, V.responsibleDepartment, V.mentions, V.hasTarget,  # task links
    V.marker, V.depth, V.parentSection,  # sections
    V.departmentType, V.altLabel, V.prefLabel,  # departments and their types
})

"""Social network analysis of one plan's departments: the definitions every output uses.

One set of definitions for ``policykg network`` (its CSV files, exports and report), the map and the
notebooks. A plan's **department network** has as nodes the departments responsible
(``pol:responsibleDepartment``, or its sub-properties ``pol:leadDepartment`` and
``pol:supportingDepartment``) for at least one of the plan's tasks; two departments are linked when
they are responsible for the same task, the link weighted by the number of such tasks.

Per plan (``N`` departments, ``E`` pairs):

- ``tasks``: the plan's tasks with at least one responsible department (the tasks the network is made
  of); ``departments`` = N; ``pairs`` = E;
- ``density`` = 2E / (N(N−1)) (0 when N < 2);
- ``components``: connected components, an isolated department counting as one;
- ``centralization``: Freeman degree centralisation Σ(max degree − degree) / ((N−1)(N−2)) (0 when N ≤ 2),
  1 for a star, 0 when every department has as many partners;
- ``collaboration_rate``: the share of those tasks that have two or more departments.

Per department of a plan:

- ``tasks``: the plan's tasks it is responsible for; ``lead_tasks``: those it leads;
- ``degree``: its distinct partners; ``weighted_degree``: the sum of its links' weights (a task shared
  with three others counts three times);
- ``betweenness``: shortest-path betweenness on the unweighted network, normalised by (N−1)(N−2)/2,
  the number of pairs of other departments (0 when N ≤ 2);
- ``core``: its k-core number (the largest k such that it belongs to a subnetwork where every
  department has at least k partners);
- ``community``: its cluster by Louvain modularity optimisation (networkx, link weights, resolution 1,
  seed :data:`SEED`), numbered 1, 2, … by size (largest first), ties by the smallest department IRI.

The functions take plain Python values (IRIs as strings) and networkx graphs; nothing here reads RDF,
so the map and other readers compute the same numbers from the same rows. Node order is sorted and
Louvain's seed fixed: the same rows give the same numbers, whatever order they came in.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from typing import Iterable, Mapping

import networkx as nx

SEED = 17  # Louvain's random seed: fixed, so that communities are the same on every run

PLAN_METRICS = ("tasks", "departments", "pairs", "density", "components", "centralization", "collaboration_rate")
DEPARTMENT_METRICS = ("tasks", "lead_tasks", "degree", "weighted_degree", "betweenness", "core", "community")


@dataclass(frozen=True)
class PlanMetrics:
    """The numbers of one plan's department network (see the module's definitions)."""

    tasks: int
    departments: int
    pairs: int
    density: float
    components: int
    centralization: float
    collaboration_rate: float


@dataclass(frozen=True)
class DepartmentMetrics:
    """The numbers of one department in one plan's network (see the module's definitions)."""

    tasks: int
    lead_tasks: int
    degree: int
    weighted_degree: int
    betweenness: float | None  # None where it was not computed (a map of many plans, see graph/map)
    core: int
    community: int


def department_network(task_departments: Mapping[str, Iterable[str]]) -> nx.Graph:
    """The department network of one plan: ``{task IRI: departments responsible}`` → a weighted graph.

    Nodes are the departments of at least one task (node attribute ``tasks``: how many); an edge joins
    two departments of the same task, ``weight`` = the number of tasks they share. Nodes and edges are
    added in sorted order, so the graph (and Louvain on it) does not depend on the input's order.
    """
    tasks: Counter[str] = Counter()
    weights: Counter[tuple[str, str]] = Counter()
    for depts in task_departments.values():
        ds = sorted(set(depts))
        tasks.update(ds)
        weights.update(combinations(ds, 2))
    G = nx.Graph()
    for d in sorted(tasks):
        G.add_node(d, tasks=tasks[d])
    for (u, v) in sorted(weights):
        G.add_edge(u, v, weight=weights[(u, v)])
    return G


def density(G: nx.Graph) -> float:
    """2E / (N(N−1)): the share of possible pairs that share a task (0 when N < 2)."""
    n = G.number_of_nodes()
    return 2 * G.number_of_edges() / (n * (n - 1)) if n > 1 else 0.0


def components(G: nx.Graph) -> int:
    """Connected components, isolated departments included."""
    return nx.number_connected_components(G) if G.number_of_nodes() else 0


def degrees(G: nx.Graph) -> dict[str, int]:
    """Each department's distinct partners."""
    return {n: d for n, d in G.degree()}


def weighted_degrees(G: nx.Graph) -> dict[str, int]:
    """Each department's sum of link weights (shared tasks, counted once per partner)."""
    return {n: int(d) for n, d in G.degree(weight="weight")}


def centralization(G: nx.Graph) -> float:
    """Freeman degree centralisation Σ(max degree − degree) / ((N−1)(N−2)); 0 when N ≤ 2."""
    n = G.number_of_nodes()
    if n <= 2:
        return 0.0
    deg = [d for _, d in G.degree()]
    top = max(deg)
    return sum(top - d for d in deg) / ((n - 1) * (n - 2))


def collaboration_rate(task_departments: Mapping[str, Iterable[str]]) -> float:
    """The share of tasks (with at least one department) that have two or more departments."""
    sizes = [len(set(ds)) for ds in task_departments.values()]
    sizes = [s for s in sizes if s > 0]
    return sum(1 for s in sizes if s >= 2) / len(sizes) if sizes else 0.0


def betweenness(G: nx.Graph) -> dict[str, float]:
    """Shortest-path betweenness on the unweighted network, normalised by (N−1)(N−2)/2 (0 when N ≤ 2)."""
    if G.number_of_nodes() <= 2:
        return {n: 0.0 for n in G}
    return dict(nx.betweenness_centrality(G, normalized=True, weight=None))


def cores(G: nx.Graph) -> dict[str, int]:
    """Each department's k-core number (unweighted)."""
    return dict(nx.core_number(G)) if G.number_of_nodes() else {}


def communities(G: nx.Graph, seed: int = SEED) -> dict[str, int]:
    """Louvain communities (networkx, weighted, resolution 1, fixed seed), numbered 1, 2, … by size,
    largest first, ties by the smallest department IRI; an isolated department is a community alone."""
    if not G.number_of_nodes():
        return {}
    parts = nx.community.louvain_communities(G, weight="weight", resolution=1, seed=seed)
    parts = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    return {n: i for i, p in enumerate(parts, 1) for n in p}


def modularity(G: nx.Graph, membership: Mapping[str, int]) -> float:
    """Weighted Newman modularity of a partition (``{department: community}``); 0 without links."""
    if not G.number_of_edges():
        return 0.0
    groups: dict[int, set[str]] = {}
    for n, c in membership.items():
        groups.setdefault(c, set()).add(n)
    return nx.community.modularity(G, list(groups.values()), weight="weight")


def plan_metrics(G: nx.Graph, task_departments: Mapping[str, Iterable[str]]) -> PlanMetrics:
    """The plan-level numbers of a plan's network ``G`` (made by :func:`department_network` from
    ``task_departments``)."""
    assigned = sum(1 for ds in task_departments.values() if set(ds))
    return PlanMetrics(tasks=assigned, departments=G.number_of_nodes(), pairs=G.number_of_edges(),
                       density=density(G), components=components(G), centralization=centralization(G),
                       collaboration_rate=collaboration_rate(task_departments))


def department_metrics(G: nx.Graph, leads: Mapping[str, int] | None = None, seed: int = SEED,
                       with_betweenness: bool = True) -> dict[str, DepartmentMetrics]:
    """The department-level numbers of every node of ``G``; ``leads`` = tasks each department leads.
    Without ``with_betweenness`` (it costs O(N·E)), betweenness is None."""
    leads = leads or {}
    btw = betweenness(G) if with_betweenness else dict.fromkeys(G)
    deg, wdeg, core, comm = degrees(G), weighted_degrees(G), cores(G), communities(G, seed)
    return {n: DepartmentMetrics(tasks=int(G.nodes[n].get("tasks", 0)), lead_tasks=int(leads.get(n, 0)),
                                 degree=deg[n], weighted_degree=wdeg[n], betweenness=btw[n], core=core[n],
                                 community=comm[n])
            for n in G}

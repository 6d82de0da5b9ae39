"""The network analysis of a graph as tables: one row per plan, one per department of each plan.

:func:`analyse` reads the graph once (:mod:`.data`), builds each plan's department network and computes
the numbers of :mod:`.metrics`; the rows are what ``plans.csv`` and ``departments.csv`` hold, and the
networks what the GEXF, GraphML and Pajek files hold.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import networkx as nx

from . import metrics as M
from .data import AnalysisError, NetworkData, Plan, read_network_data

PLAN_COLUMNS = ("plan", "title", "region", "issued") + M.PLAN_METRICS + ("tasks_without_department",)
DEPARTMENT_COLUMNS = ("plan", "department", "label", "department_type") + M.DEPARTMENT_METRICS


@dataclass
class PlanNetwork:
    """One plan: its metadata, its department network and the numbers of both."""

    plan: Plan
    graph: nx.Graph
    metrics: M.PlanMetrics
    departments: dict[str, M.DepartmentMetrics]


@dataclass
class Analysis:
    """Every plan's network, in plan IRI order, and the graph's department labels and types."""

    data: NetworkData
    plans: list[PlanNetwork] = field(default_factory=list)

    def plan_rows(self) -> list[dict]:
        """``plans.csv``: one row per plan, columns :data:`PLAN_COLUMNS`."""
        out = []
        for pn in self.plans:
            p, m = pn.plan, pn.metrics
            row = {"plan": p.iri, "title": p.title, "region": p.region, "issued": p.issued}
            row.update({k: getattr(m, k) for k in M.PLAN_METRICS})
            row["tasks_without_department"] = p.task_count - m.tasks
            out.append(row)
        return out

    def department_rows(self) -> list[dict]:
        """``departments.csv``: one row per department of each plan, by plan then department IRI."""
        out = []
        for pn in self.plans:
            for d, m in sorted(pn.departments.items()):
                dep = self.data.departments.get(d)
                row = {"plan": pn.plan.iri, "department": d, "label": dep.label if dep else d,
                       "department_type": dep.type if dep else ""}
                row.update({k: getattr(m, k) for k in M.DEPARTMENT_METRICS})
                out.append(row)
        return out


def analyse_plan(plan: Plan, seed: int = M.SEED) -> PlanNetwork:
    """One plan's network and numbers."""
    G = M.department_network(plan.tasks)
    return PlanNetwork(plan=plan, graph=G, metrics=M.plan_metrics(G, plan.tasks),
                       departments=M.department_metrics(G, plan.leads, seed))


def analyse(source, plans: Iterable[str] | None = None, seed: int = M.SEED) -> Analysis:
    """The network analysis of every plan of ``source`` (or of ``plans``, ids or IRIs).

    Raises :class:`AnalysisError` when a plan named does not exist, or when the graph (or the plans
    named) holds no task at all: there is nothing to analyse.
    """
    data = read_network_data(source, plans)
    if not data.plans:
        raise AnalysisError("the graph holds no plan (pol:Plan): nothing to analyse")
    if not any(p.task_count for p in data.plans.values()):
        raise AnalysisError(f"no tasks (pol:Task) in the {'plans named' if plans else 'graph'}: nothing to analyse")
    return Analysis(data=data, plans=[analyse_plan(p, seed) for p in data.plans.values()])

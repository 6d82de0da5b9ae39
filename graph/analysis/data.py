"""What the network analysis reads from a graph, by SPARQL through the one engine (Oxigraph).

A few queries, whatever the graph's size: the plans (title, region, date), their task counts, the
(plan, task, department) rows of every responsibility, the lead roles, and the departments' labels
and types. A graph file
loaded into memory and an on-disk store give the same rows (sorted here, never in the engine's order).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from ..model.vocab import ID_BASE
from ..query.engine import Term, as_source, node_rows, select
from ..query.vocab import V

PLAN_BASE = ID_BASE + "plan/"
DEPT_BASE = ID_BASE + "dept/"
ROLE_IRIS = f"<{V.responsibleDepartment}> <{V.leadDepartment}> <{V.supportingDepartment}>"


class AnalysisError(ValueError):
    """Input the analysis cannot use (no tasks, an unknown plan); the message is one line."""


@dataclass
class Plan:
    """A plan and its tasks: ``tasks`` = ``{task IRI: sorted department IRIs}`` for the tasks with at
    least one department, ``task_count`` = all its tasks (with or without a department), ``leads`` =
    ``{department IRI: tasks it leads}``."""

    iri: str
    title: str = ""
    region: str = ""
    issued: str = ""
    tasks: dict[str, list[str]] = field(default_factory=dict)
    task_count: int = 0
    leads: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return plan_id(self.iri)


@dataclass
class Department:
    """A department's label and the label of its ``pol:departmentType`` ("" when it has none)."""

    iri: str
    label: str
    type: str = ""


@dataclass
class NetworkData:
    """The plans (sorted by IRI) and every department responsible for one of their tasks."""

    plans: dict[str, Plan]
    departments: dict[str, Department]


def plan_id(iri: str) -> str:
    """The short id of a plan IRI (``…/id/plan/jinghai-2021`` → ``jinghai-2021``)."""
    return iri[len(PLAN_BASE):] if iri.startswith(PLAN_BASE) else iri


def plan_iri(plan: str) -> str:
    """A plan id or IRI → its IRI."""
    return plan if plan.startswith(("http://", "https://")) else PLAN_BASE + plan


def pick(values: Iterable[Term] | None) -> str:
    """The value to show of several: ``@zh`` or plain literals first, then the smallest text; "" if none."""
    vals = list(values or ())
    if not vals:
        return ""
    return min(vals, key=lambda t: (t.lang not in ("zh", None), t.value)).value


def short_label(iri: str) -> str:
    """A readable stand-in for a node without a label: the IRI's last segment."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def plan_values(plans: Iterable[str] | None) -> str:
    """A SPARQL ``VALUES ?plan`` clause of the plan IRIs (sorted); "" for none (all plans)."""
    return f"VALUES ?plan {{ {' '.join(f'<{p}>' for p in sorted(plans))} }} " if plans else ""


def read_plans(src, wanted: set[str] | None = None) -> dict[str, Plan]:
    """The plans of the graph (``wanted`` IRIs only when given), sorted by IRI; an unknown plan in
    ``wanted`` raises :class:`AnalysisError` naming it."""
    props = node_rows(src, f"?s a <{V.Plan}>", (V.title, V.label, V.region, V.issued))
    if wanted:
        missing = sorted(plan_id(p) for p in wanted - set(props))
        if missing:
            known = sorted(plan_id(p) for p in props)
            listed = ", ".join(known[:8]) + (f", … ({len(known)} plans)" if len(known) > 8 else "")
            raise AnalysisError(f"no plan {', '.join(missing)} in the graph (plans: {listed or 'none'})")
    out = {}
    for p in sorted(props):
        if wanted and p not in wanted:
            continue
        pr = props[p]
        out[p] = Plan(iri=p, title=pick(pr.get(V.title)) or pick(pr.get(V.label)), region=pick(pr.get(V.region)),
                      issued=pick(pr.get(V.issued)))
    return out


def read_network_data(source, plans: Iterable[str] | None = None) -> NetworkData:
    """Plans, their tasks with the departments responsible, lead roles and department labels, read from
    ``source`` (a ``Source``, pyoxigraph ``Store``, path or rdflib graph; see ``as_source``), restricted
    to ``plans`` (ids or IRIs) when given."""
    src = as_source(source)
    wanted = {plan_iri(str(p)) for p in plans} if plans else None
    found = read_plans(src, wanted)
    values = plan_values(wanted)
    for plan, n in select(src, f"SELECT ?plan (COUNT(?task) AS ?n) WHERE {{ {values}?task <{V.inPlan}> ?plan ; "
                               f"a <{V.Task}> }} GROUP BY ?plan"):
        if plan.value in found:
            found[plan.value].task_count = int(n.value)
    depts: set[str] = set()
    leads: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    # one pass over the role triples (their subjects are tasks: rdfs:domain pol:Task); starting from
    # them, not from ?task a pol:Task, is 8x faster on a 10,000-plan store
    for plan, task, dept, role in select(src, f"SELECT ?plan ?task ?dept ?role WHERE {{ {values}VALUES ?role {{ "
                                              f"{ROLE_IRIS} }} ?task ?role ?dept ; <{V.inPlan}> ?plan }}"):
        p = found.get(plan.value)
        if p is not None and dept.kind == "uri":
            p.tasks.setdefault(task.value, []).append(dept.value)
            depts.add(dept.value)
            if role.value == V.leadDepartment:
                leads[plan.value][dept.value].add(task.value)
    for p in found.values():
        p.tasks = {t: sorted(set(ds)) for t, ds in sorted(p.tasks.items())}
        p.leads = {d: len(ts) for d, ts in sorted(leads.get(p.iri, {}).items())}
    return NetworkData(plans=found, departments=read_departments(src, depts))


def read_departments(src, wanted: set[str]) -> dict[str, Department]:
    """Label and type label of each department in ``wanted``: one query over the graph's
    ``pol:Department`` nodes, and one for those responsible without being typed so."""
    preds = (V.label, V.prefLabel, V.departmentType)
    props = node_rows(src, f"?s a <{V.Department}>", preds)
    untyped = wanted - set(props)
    if untyped:
        props.update(node_rows(src, f"VALUES ?s {{ {' '.join(f'<{d}>' for d in sorted(untyped))} }}", preds))
    type_props = node_rows(src, f"?d <{V.departmentType}> ?s", (V.prefLabel, V.label))
    out = {}
    for d in sorted(wanted):
        pr = props.get(d, {})
        typ = pick(pr.get(V.departmentType))
        tpr = type_props.get(typ, {})
        out[d] = Department(iri=d, label=pick(pr.get(V.label)) or pick(pr.get(V.prefLabel)) or short_label(d),
                            type=(pick(tpr.get(V.prefLabel)) or pick(tpr.get(V.label)) or short_label(typ)) if typ else "")
    return out

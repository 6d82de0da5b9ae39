"""Networks of the knowledge graph as networkx graphs: who works with whom, on what.

Three views, each built from the graph by a few SPARQL queries through ``graph.query.engine`` (an
in-memory or on-disk Oxigraph store; an rdflib graph is copied into one first; no text parsing):

- :func:`department_graph`: one node per department, an edge where two departments share tasks,
  weighted by the number of shared tasks (``weight``), Jaccard overlap (``jaccard``) and Newman's
  collaboration weight (``newman``), all three from networkx's bipartite projections;
- :func:`bipartite_graph`: departments and tasks (optionally cited policies, named institutions and
  targets), each department–task edge carrying its role (``lead``, ``support`` or ``responsible``);
- :func:`plans_graph`: the departments of several plans in one network, with the region and
  department-type coordinates (``column``, ``row``) that align departments of the same type.

Department nodes carry the network metrics of ``graph.analysis.metrics`` (the definitions of
``policykg network``; that module is plain functions over networkx graphs, so the map imports it
without reading RDF twice): ``metrics`` over all the view's plans, ``plan_metrics`` per plan, and
``community``.

Every view keeps what a page or an export needs to explain itself in ``G.graph``: ``plans``,
``sections`` and ``tasks`` (text, plan, section chain, departments). Node ids are IRIs as strings.
:func:`layout` gives deterministic positions (connected components laid out apart and packed).
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from decimal import Decimal
from dataclasses import dataclass, field, fields
from itertools import combinations
from typing import Iterable

import networkx as nx
# every layout needs numpy (networkx's spring_layout too), and numpy.random for its seed (networkx imports
# it on a layout's first call: 7 ms): imported with the module, so that a build that imports the map ahead
# (while its workers format plans) has them loaded too
import numpy as np
import numpy.random  # noqa: F401
from ..analysis import data as D
from ..analysis import metrics as M
from ..query.engine import Source, Term, as_source, node_rows, node_values, select_values
from ..query.vocab import V
from . import rows as R

PLAN_BASE = D.PLAN_BASE
VIEWS = ("departments", "bipartite", "plans")
EXTRAS = ("policies", "institutions", "targets")
LEAD, SUPPORT, RESPONSIBLE = "lead", "support", "responsible"


def plan_id(iri: str) -> str:
    """The short id of a plan IRI (``…/id/plan/jinghai-2021`` → ``jinghai-2021``)."""
    return D.plan_id(str(iri))


def _pick(values: list[Term] | None) -> Term | None:
    """The value to show of several: ``@zh`` or plain literals first, then the smallest text."""
    if not values:
        return None
    return min(values, key=lambda t: (t.lang not in ("zh", None), t.value))


def _text(props: dict, pred) -> str:
    """The value of ``pred`` in a node's ``props`` as text ("" when it has none)."""
    return D.pick(props.get(pred))


def _label(props: dict, node: str, *preds) -> str:
    """The first ``@zh`` (else any) value of the first of ``preds`` the node has; the IRI's last part
    otherwise."""
    for p in preds or (V.label,):
        t = _pick(props.get(p))
        if t is not None:
            return t.value
    return D.short_label(str(node))


@dataclass
class _Corpus:
    """The plans, sections, tasks and departments of a graph, read once by SPARQL."""

    plans: dict[str, dict] = field(default_factory=dict)
    sections: dict[str, dict] = field(default_factory=dict)
    tasks: dict[str, dict] = field(default_factory=dict)
    departments: dict[str, dict] = field(default_factory=dict)
    source: Source | None = None


_ROLES, _TASK_LINKS = R.ROLES, R.TASK_LINKS


def _pick_in(rows: list[tuple], i: int, lang: int | None = None) -> str | None:
    """Column ``i``'s value to show over a node's rows, as :func:`_pick` chooses (``@zh`` or plain first,
    then the smallest text; column ``lang`` holds ``LANG()`` of it); None when it has none."""
    if len(rows) == 1:
        return rows[0][i]
    found = [(r[i], (r[lang] or "").lower() if lang is not None else "") for r in rows if r[i] is not None]
    return min(found, key=lambda v: (v[1] not in ("zh", ""), v[0]))[0] if found else None


def _as_int(v: str | None, default: int = 0) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>"{}|^`\\]*\Z')  # what can go in a VALUES <…>


def _plan_rows(g, wanted: set[str] | None, links: tuple[str, ...]) -> tuple[Source, R.PlanRows]:
    """The graph to query and its plans' rows: read by SPARQL, or known already (``R.KnownRows``: the
    rows a build made of every plan, beside a store of the rest, for a view of all its plans)."""
    if not isinstance(g, R.KnownRows):
        src = as_source(g)
        return src, R.read_plan_rows(src, wanted, links)
    if wanted or g.rows.links != links:
        raise ValueError("the rows known of a graph's plans are for a view of every plan, with their links")
    return as_source(g.store), g.rows


def _read(g, plans: Iterable[str] | None = None, links: tuple[str, ...] = _TASK_LINKS) -> _Corpus:
    """Read what the views need, restricted to ``plans`` (ids or IRIs) when given: one SPARQL query per
    kind of node (plans, their tasks and sections, the tasks' ``links``: :mod:`.rows`; departments,
    department types). Tasks and sections, the bulk of a graph, are read as text
    (:func:`select_values`), one row each. The views of departments read only the links of
    :data:`_ROLES` (their tasks' ``cites``, ``institutions`` and ``targets`` stay empty); the
    bipartite view reads them all."""
    wanted = {D.plan_iri(str(p)) for p in plans} if plans else None
    src, read = _plan_rows(g, wanted, links)
    c = _Corpus(source=src)
    plan_props = read.plans
    if wanted:
        missing = sorted(plan_id(p) for p in wanted - set(plan_props))
        if missing:
            raise ValueError(f"no plan {', '.join(missing)} in the graph "
                             f"(plans: {', '.join(sorted(plan_id(p) for p in plan_props)) or 'none'})")
    for p in sorted(plan_props):
        if wanted is not None and p not in wanted:
            continue
        props = plan_props[p]
        c.plans[p] = {"id": plan_id(p), "title": _label(props, p, V.title, V.label),
                      "region": _text(props, V.region), "issued": _text(props, V.issued)}
    # one row per task and per section (more where one has several values of a property), and the
    # tasks' departments, documents, institutions and targets
    tasks, sections, linked = read.tasks, read.sections, read.linked
    institutions = ({r[0] for r in select_values(src, f"SELECT ?s WHERE {{ ?s a <{V.Institution}> }}")}
                    if V.mentions in links else set())

    def in_plan(rows: list[tuple]) -> str | None:
        return next((r[1] for r in rows if r[1] in c.plans), None)

    ids = {p: v["id"] for p, v in c.plans.items()}
    order: list[tuple] = []  # (plan id, position, IRI): the order of sections, then of tasks
    found: dict[str, dict] = {}
    for s, rows in sections.items():
        if len(rows) == 1:  # the rule; several rows only where a section has several values of one property
            _, p, label, marker, depth, pos, parent = rows[0]
            p = p if p in c.plans else None
        else:
            p, label, marker = in_plan(rows), _pick_in(rows, 2, 3), _pick_in(rows, 4, 5)
            depth, pos, parent = _pick_in(rows, 6), _pick_in(rows, 7), _pick_in(rows, 8)
        if p is not None:
            pos = _as_int(pos)
            found[s] = {"plan": p, "label": label or marker or "", "marker": marker or "",
                        "depth": _as_int(depth, 1), "position": pos, "parent": parent}
            order.append((ids[p], pos, s))
    order.sort()
    c.sections = {s: found[s] for _, _, s in order}
    chains: dict[str | None, tuple[str, ...]] = {}  # a section → its chain up to the top, read once

    def chain_of(sec: str | None) -> tuple[str, ...]:
        got = chains.get(sec)
        if got is not None:
            return got
        chain: list[str] = []
        cur = sec
        while cur and cur in c.sections and cur not in chain:
            chain.append(cur)
            cur = c.sections[cur]["parent"]
        return chains.setdefault(sec, tuple(chain[::-1]))

    order, found = [], {}
    no_links: dict[str, list[str]] = {}
    for s, rows in tasks.items():
        if len(rows) == 1:
            _, p, pos, text, sec = rows[0]
            p = p if p in c.plans else None
        else:
            p, pos, text, sec = in_plan(rows), _pick_in(rows, 2), _pick_in(rows, 3, 4), _pick_in(rows, 5)
        if p is None:
            continue
        chain = chain_of(sec)
        props = linked.get(s, no_links)
        if props:
            lead = set(props.get(V.leadDepartment, ()))
            support = set(props.get(V.supportingDepartment, ())) - lead
            resp = set(props.get(V.responsibleDepartment, ())) | lead | support
            roles = {d: LEAD if d in lead else SUPPORT if d in support else RESPONSIBLE for d in sorted(resp)}
            cites, targets = sorted(set(props.get(V.cites, ()))), sorted(set(props.get(V.hasTarget, ())))
            named = sorted({o for o in props.get(V.mentions, ()) if o in institutions})
        else:
            roles, cites, named, targets = {}, [], [], []
        pos = _as_int(pos)
        found[s] = {"plan": p, "position": pos, "text": text or "", "sections": list(chain),
                    "roles": roles, "cites": cites, "institutions": named, "targets": targets}
        order.append((ids[p], pos, s))
    order.sort()
    c.tasks = {s: found[s] for _, _, s in order}
    depts = sorted({d for t in c.tasks.values() for d in t["roles"] if _IRI.match(d)})
    dept_props = node_rows(src, f"VALUES ?s {{ {' '.join(f'<{d}>' for d in depts)} }}",
                           (V.label, V.region, V.departmentType, V.altLabel)) if depts else {}
    types = sorted({t.value for props in dept_props.values() for t in props.get(V.departmentType, ())
                    if t.kind == "uri"})
    type_props = node_rows(src, f"VALUES ?s {{ {' '.join(f'<{t}>' for t in types)} }}",
                           (V.prefLabel, V.label)) if types else {}
    for t in c.tasks.values():
        for d in t["roles"]:
            if d not in c.departments:
                props = dept_props.get(d, {})
                typ = _pick(props.get(V.departmentType))
                c.departments[d] = {
                    "label": _label(props, d), "region": _text(props, V.region),
                    "type": _label(type_props.get(typ.value, {}), typ.value, V.prefLabel, V.label)
                    if typ is not None else "其他",
                    "type_iri": typ.value if typ is not None else "",
                    "aliases": sorted({a.value for a in props.get(V.altLabel, ())}),
                }
    return c


def _graph_meta(G: nx.Graph, c: _Corpus, view: str) -> None:
    G.graph.update(view=view, plans=c.plans, sections=c.sections, tasks={
        t: {"plan": v["plan"], "position": v["position"], "text": v["text"], "sections": v["sections"],
            "departments": len(v["roles"])} for t, v in c.tasks.items()})


def _department_nodes(c: _Corpus) -> dict[str, dict]:
    """Per department: its tasks in order, the lead/support counts and the share of lead roles."""
    tasks: dict[str, list[str]] = defaultdict(list)
    for t, v in c.tasks.items():
        for d in v["roles"]:
            tasks[d].append(t)
    out = {}
    for d in sorted(c.departments, key=lambda d: (-len(tasks[d]), c.departments[d]["label"], d)):
        ts = tasks[d]
        lead = [t for t in ts if c.tasks[t]["roles"][d] == LEAD]
        support = [t for t in ts if c.tasks[t]["roles"][d] == SUPPORT]
        out[d] = dict(c.departments[d], kind="department", tasks=ts, lead_tasks=lead, support_tasks=support,
                      n_tasks=len(ts), n_lead=len(lead), n_support=len(support),
                      lead_share=len(lead) / len(ts) if ts else 0.0,
                      plans=sorted({plan_id(c.tasks[t]["plan"]) for t in ts}))
    return out


TASK_LABEL_CHARS = 8


def task_label(text: str, position: int) -> str:
    """A task's short label on the map: the first words of its text (``强化科技成果转化…``), which say
    more than a number; ``任务N`` when it has no text."""
    words = "".join(text.split()).lstrip("0123456789.、（）()一二三四五六七八九十 ")
    if not words:
        return f"任务{position}"
    return words if len(words) <= TASK_LABEL_CHARS else words[:TASK_LABEL_CHARS] + "…"


def _project(c: _Corpus) -> nx.Graph:
    """The department projection with count, Jaccard and Newman weights and the shared tasks.

    The weights are those of networkx's projections of the department–task graph
    (``bipartite.weighted_projected_graph``, ``overlap_weighted_projected_graph(jaccard=True)``,
    ``collaboration_weighted_projected_graph``; ``tests/test_network.py`` compares), counted here in one
    pass over the tasks instead of three over the graph: shared / either, and the sum over shared tasks
    of 1/(departments − 1), rounded to 9 places (networkx sums in set order)."""
    nodes = _department_nodes(c)
    G = nx.Graph()
    for d, attrs in nodes.items():
        G.add_node(d, **attrs)
    order = {d: i for i, d in enumerate(nodes)}
    depts = list(nodes)
    shared: dict[tuple[int, int], list[str]] = defaultdict(list)
    for t, v in c.tasks.items():  # in task order, so each pair's tasks are too
        if len(v["roles"]) > 1:
            for pair in combinations(sorted(order[d] for d in v["roles"]), 2):
                shared[pair].append(t)
    for (i, j), ts in sorted(shared.items()):
        u, v = depts[i], depts[j]
        union = nodes[u]["n_tasks"] + nodes[v]["n_tasks"] - len(ts)
        G.add_edge(u, v, kind="shared", weight=len(ts), jaccard=len(ts) / union,
                   newman=round(sum(1.0 / (len(c.tasks[t]["roles"]) - 1) for t in ts), 9), tasks=ts)
    return G


METRICS = M.DEPARTMENT_METRICS
BETWEENNESS_MAX_NODES = 1000  # above this, a map of several plans has betweenness per plan only (it costs O(N·E))


_METRIC_FIELDS = tuple(f.name for f in fields(M.DepartmentMetrics))


def _metrics_of(roles: dict[str, dict[str, str]], full: bool = True) -> dict[str, dict]:
    """Department → its network metrics over the tasks of ``roles`` (task → department → role), by the
    definitions of ``policykg network`` (graph/analysis/metrics.py: the same function, so the same numbers,
    Louvain seed included). Without ``full``, a network over :data:`BETWEENNESS_MAX_NODES` departments
    has no betweenness (``None``)."""
    if not roles:  # a plan without departments (most, in a big corpus): no network, no numbers
        return {}
    td = {t: sorted(r) for t, r in roles.items()}
    leads = Counter(d for r in roles.values() for d, role in r.items() if role == LEAD)
    NG = M.department_network(td)
    # many plans in one map: betweenness (O(N·E)) is left out of the whole map's numbers; each plan has its own
    with_btw = full or NG.number_of_nodes() <= BETWEENNESS_MAX_NODES
    return {d: {k: getattr(m, k) for k in _METRIC_FIELDS}  # dataclasses.asdict, without its deep copies
            for d, m in M.department_metrics(NG, leads, with_betweenness=with_btw).items()}


def _set_metrics(G: nx.Graph, c: _Corpus) -> None:
    """Give each department node its ``metrics`` over all the graph's plans, its ``plan_metrics``
    (plan IRI → metrics in that plan alone: the rows of ``policykg network``'s departments.csv) and its
    ``community`` (Louvain over all the plans, as in ``metrics``)."""
    roles = {t: v["roles"] for t, v in c.tasks.items() if v["roles"]}  # the tasks with departments, in order
    every = _metrics_of(roles, full=len(c.plans) <= 1)  # one plan: its numbers, all of them
    per_plan: dict[str, dict[str, dict]] = {}
    if len(c.plans) > 1:
        by_plan: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
        for t, r in roles.items():
            by_plan[c.tasks[t]["plan"]][t] = r
        for p in c.plans:
            for d, m in _metrics_of(by_plan.get(p, {})).items():
                per_plan.setdefault(d, {})[p] = m
    only = next(iter(c.plans)) if len(c.plans) == 1 else None
    for d, m in every.items():
        if d in G:
            G.nodes[d].update(metrics=m, community=m["community"],
                              plan_metrics={only: m} if only else per_plan.get(d, {}))


def communities(G: nx.Graph) -> dict[str, int]:
    """Department → its community on the map (Louvain of graph/analysis/metrics, fixed seed),
    numbered 1, 2, … by size."""
    return {n: a["community"] for n, a in G.nodes(data=True) if "community" in a}


def department_graph(g, plans: Iterable[str] | None = None) -> nx.Graph:
    """Departments as nodes, an edge where two departments share tasks.

    Parameters
    ----------
    g : Source, pyoxigraph.Store, rdflib.Graph or path
        A graph in the policykg vocabulary (see ``graph.query.engine.as_source``).
    plans : iterable of str, optional
        Plan ids (``jinghai-2021-keji-sannian``) or IRIs to keep; all plans by default.

    Returns
    -------
    networkx.Graph
        Nodes are department IRIs with ``label``, ``region``, ``type``, ``tasks`` (task IRIs in plan
        order), ``lead_tasks``, ``support_tasks``, ``n_tasks``, ``n_lead``, ``n_support``,
        ``lead_share`` and ``plans``. Edges carry ``weight`` (number of shared tasks), ``jaccard``
        (shared / either), ``newman`` (sum over shared tasks of 1/(departments − 1)) and ``tasks``
        (the shared task IRIs). ``G.graph`` holds ``plans``, ``sections`` and ``tasks``.

    Raises
    ------
    ValueError
        When a plan asked for is not in the graph.
    """
    c = _read(g, plans, links=_ROLES)
    G = _project(c)
    _set_metrics(G, c)
    _graph_meta(G, c, "departments")
    return G


def bipartite_graph(g, plans: Iterable[str] | None = None, include: Iterable[str] = ()) -> nx.Graph:
    """Departments and the tasks they are responsible for, with their roles.

    Parameters
    ----------
    g : Source, pyoxigraph.Store, rdflib.Graph or path
        A graph in the policykg vocabulary (see ``graph.query.engine.as_source``).
    plans : iterable of str, optional
        Plan ids or IRIs to keep; all plans by default.
    include : iterable of str
        Any of ``"policies"`` (documents the tasks cite), ``"institutions"`` (institutions the tasks
        name) and ``"targets"`` (targets the tasks set).

    Returns
    -------
    networkx.Graph
        Nodes have ``kind`` (``department``, ``task``, ``policy``, ``institution``, ``target``),
        ``bipartite`` (0 for departments, 1 for everything else), ``label`` and ``tasks``.
        Department–task edges have ``kind="role"`` and ``role`` in ``lead``, ``support``,
        ``responsible`` (responsible, role not marked); other edges have ``kind`` ``cites``,
        ``mentions`` or ``target``. Every edge lists its ``tasks`` (one).
    """
    include = set(include)
    bad = include - set(EXTRAS)
    if bad:
        raise ValueError(f"unknown node kind {sorted(bad)[0]!r}; choose from {', '.join(EXTRAS)}")
    c = _read(g, plans)
    G = nx.Graph()
    for d, attrs in _department_nodes(c).items():
        G.add_node(d, bipartite=0, **attrs)
    extra_nodes: dict[str, dict] = {}
    for t, v in c.tasks.items():
        if not v["roles"] and not any(v[k] for k in ("cites", "institutions", "targets")):
            continue
        text = v["text"]
        G.add_node(t, kind="task", bipartite=1, label=task_label(text, v["position"]), text=text,
                   plan=plan_id(v["plan"]), tasks=[t], n_tasks=1)
        for d, role in sorted(v["roles"].items()):
            G.add_edge(d, t, kind="role", role=role, tasks=[t])
        for kind, key, rel in (("policies", "cites", "cites"), ("institutions", "institutions", "mentions"),
                               ("targets", "targets", "target")):
            if kind in include:
                for o in v[key]:
                    extra_nodes.setdefault(o, {"kind": kind[:-1] if kind != "policies" else "policy", "tasks": []})
                    extra_nodes[o]["tasks"].append(t)
                    G.add_edge(t, o, kind=rel, tasks=[t])
    extra_props = node_values(c.source, f"VALUES ?s {{ {' '.join(f'<{o}>' for o in extra_nodes)} }}",
                              (V.indicator, V.targetValue, V.unit, V.label, V.title,
                               V.documentNumber)) if extra_nodes else {}
    for o, attrs in extra_nodes.items():
        props = extra_props.get(o, {})
        if attrs["kind"] == "target":
            label = _label(props, o, V.indicator)
            value, unit = _pick(props.get(V.targetValue)), _text(props, V.unit)
            if value is not None:
                v = value.python()
                if isinstance(v, Decimal):  # 2000.0 → 2000, 3.20 → 3.2
                    v = format(v.normalize(), "f")
                label = f"{label} {v}{unit}"
        else:
            label = _label(props, o, V.label, V.title, V.documentNumber)
        G.add_node(o, bipartite=1, label=label, n_tasks=len(attrs["tasks"]), **attrs)
    _set_metrics(G, c)
    _graph_meta(G, c, "bipartite")
    G.graph["include"] = sorted(include)
    return G


def plans_graph(g, plans: Iterable[str] | None = None) -> nx.Graph:
    """The departments of several plans in one network, departments of the same type aligned.

    Parameters
    ----------
    g : Source, pyoxigraph.Store, rdflib.Graph or path
        A graph in the policykg vocabulary (see ``graph.query.engine.as_source``).
    plans : iterable of str, optional
        Plan ids or IRIs to keep; all plans by default.

    Returns
    -------
    networkx.Graph
        The :func:`department_graph` of the plans, each node with ``column`` (its region's rank:
        regions in order of their first plan id) and ``row`` (its department type's rank: types
        found in most regions first, then by number of tasks), so that a layout on
        ``(column, row)`` puts departments of the same type on one line. Edges of ``kind="shared"``
        are shared tasks; edges of ``kind="same_type"`` join departments of the same type in
        neighbouring regions (they carry no tasks and ``weight=0``).
    """
    c = _read(g, plans, links=_ROLES)
    G = _project(c)
    _set_metrics(G, c)
    _graph_meta(G, c, "plans")
    regions = sorted({p["region"] for p in c.plans.values()} | {a["region"] for _, a in G.nodes(data=True)},
                     key=lambda r: (len(r), r))  # 国务院, then provinces and cities, then their districts
    type_regions: dict[str, set] = defaultdict(set)
    type_tasks: dict[str, int] = defaultdict(int)
    for _, a in G.nodes(data=True):
        type_regions[a["type"]].add(a["region"])
        type_tasks[a["type"]] += a["n_tasks"]
    types = sorted(type_regions, key=lambda t: (-len(type_regions[t]), -type_tasks[t], t))
    col, row = {r: i for i, r in enumerate(regions)}, {t: i for i, t in enumerate(types)}
    by_type: dict[str, list[str]] = defaultdict(list)
    for n, a in G.nodes(data=True):
        a["column"], a["row"] = col[a["region"]], row[a["type"]]
        a["shared_type"] = len(type_regions[a["type"]]) > 1
        by_type[a["type"]].append(n)
    for t, ns in by_type.items():
        ns.sort(key=lambda n: (G.nodes[n]["column"], G.nodes[n]["label"], n))
        for u, v in zip(ns, ns[1:]):
            if not G.has_edge(u, v) and G.nodes[u]["region"] != G.nodes[v]["region"]:
                G.add_edge(u, v, kind="same_type", weight=0, jaccard=0.0, newman=0.0, tasks=[])
    G.graph.update(regions=regions, types=types,
                   shared_types=[t for t in types if len(type_regions[t]) > 1])
    return G


def view_graph(g, view: str = "departments", plans: Iterable[str] | None = None,
               include: Iterable[str] = ()) -> nx.Graph:
    """The networkx graph of ``view`` (one of :data:`VIEWS`)."""
    if view == "departments":
        return department_graph(g, plans)
    if view == "bipartite":
        return bipartite_graph(g, plans, include)
    if view == "plans":
        return plans_graph(g, plans)
    raise ValueError(f"unknown view {view!r}; choose from {', '.join(VIEWS)}")


# ---------------------------------------------------------------------------------------------
# layout


def _force_layout(H: nx.Graph, seed: int, iterations: int | None = None):
    """Fruchterman–Reingold positions of one component in a unit box, with numpy only.

    networkx's own solver needs SciPy above 500 nodes; this one computes repulsion in row chunks
    so that memory stays at ``chunk × n`` pairs.
    """
    nodes = list(H)
    n = len(nodes)
    if n <= 2:
        return {v: (float(i), 0.0) for i, v in enumerate(nodes)}
    if n < 500:
        pos = nx.spring_layout(H, seed=seed, weight=None, iterations=iterations or 60)
        return {v: (float(p[0]), float(p[1])) for v, p in pos.items()}
    idx = {v: i for i, v in enumerate(nodes)}
    edges = np.array([(idx[u], idx[v]) for u, v in H.edges()], dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = 1.0 / math.sqrt(n)
    iterations = iterations or (50 if n < 2000 else 30)
    t = 0.1
    dt = t / (iterations + 1)
    chunk = max(1, 2_000_000 // n)
    for _ in range(iterations):
        disp = np.zeros((n, 2))
        for lo in range(0, n, chunk):
            hi = min(n, lo + chunk)
            delta = pos[lo:hi, None, :] - pos[None, :, :]
            d2 = np.maximum((delta ** 2).sum(axis=2), 1e-6)
            disp[lo:hi] += (delta * (k * k / d2)[:, :, None]).sum(axis=1)
        delta = pos[edges[:, 0]] - pos[edges[:, 1]]
        dist = np.maximum(np.sqrt((delta ** 2).sum(axis=1)), 1e-3)
        f = delta * (dist / k)[:, None]
        np.add.at(disp, edges[:, 0], -f)
        np.add.at(disp, edges[:, 1], f)
        length = np.maximum(np.sqrt((disp ** 2).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, t) / length)[:, None]
        t -= dt
    pos -= pos.mean(axis=0)
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for i, v in enumerate(nodes)}


def layout(G: nx.Graph, seed: int = 7, spacing: float = 1.0) -> dict[str, tuple[float, float]]:
    """Deterministic positions: each connected component laid out on its own, then packed in rows.

    Parameters
    ----------
    G : networkx.Graph
        Any view graph.
    seed : int
        Random seed of the force layout (same graph, same seed, same positions).
    spacing : float
        The distance unit: a component of ``n`` nodes gets a box of side ``spacing * sqrt(n)``.

    Returns
    -------
    dict
        Node → ``(x, y)``, in screen-like units (about ``spacing`` between neighbours).
    """
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(G)), key=lambda c: (-len(c), str(c[0])))
    boxes = []
    for comp in comps:
        H = nx.Graph()  # not G.subgraph: its node order follows a set, i.e. the hash seed
        H.add_nodes_from(comp)
        H.add_edges_from(sorted(tuple(sorted(e, key=str)) for e in G.subgraph(comp).edges))
        pos = _force_layout(H, seed)
        side = spacing * max(1.0, math.sqrt(len(comp))) * 1.6
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        w, h = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        scale = side / max(w, h)
        boxes.append(({v: ((p[0] - min(xs)) * scale, (p[1] - min(ys)) * scale) for v, p in pos.items()},
                      w * scale, h * scale))
    total = sum(max(bw, spacing) * max(bh, spacing) for _, bw, bh in boxes) or 1.0
    row_width = max(math.sqrt(total) * 1.3, max((bw for _, bw, _ in boxes), default=0))
    out: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    gap = spacing * 1.5
    for pos, bw, bh in boxes:
        if x > 0 and x + bw > row_width:
            x, y, row_h = 0.0, y + row_h + gap, 0.0
        for v, (px, py) in pos.items():
            out[v] = (round(x + px, 2), round(y + py, 2))
        x += max(bw, spacing) + gap
        row_h = max(row_h, bh)
    cx = (max(p[0] for p in out.values()) + min(p[0] for p in out.values())) / 2 if out else 0
    cy = (max(p[1] for p in out.values()) + min(p[1] for p in out.values())) / 2 if out else 0
    return {v: (round(p[0] - cx, 2), round(p[1] - cy, 2)) for v, p in out.items()}


def label_width(text: str, size: float = 15.0) -> float:
    """Rough drawn width of a one-line label: CJK characters are square, others about half as wide."""
    from unicodedata import east_asian_width

    return max((sum(size if east_asian_width(ch) in "WF" else size * 0.6 for ch in line)
                for line in str(text).split("\n")), default=0.0)


HEADER = "region:"
HEADER_SUB_WIDTH = 13 * 13.0  # a header's second line (1 个规划 · 未标注责任部门) at 13 px


def aligned_layout(G: nx.Graph, dx: float | None = None, dy: float = 66.0) -> dict[str, tuple[float, float]]:
    """Positions of a :func:`plans_graph`: one column per region, departments of the same type on one row.

    Types found in several regions come first, one row each, so that e.g. every 科技局 is on the same
    line; the departments of types only one region has follow in a compact grid under that region.
    Every region of the graph's plans has a column, also one whose plans name no department; its
    header's position is under the key ``"region:" + region``. Columns are as wide as their labels
    (``dx`` fixes the grid step instead).
    """
    shared = {t: i for i, t in enumerate(G.graph.get("shared_types", []))}
    cols: dict[str, list[str]] = defaultdict(list)
    for n, a in G.nodes(data=True):
        cols[a["region"]].append(n)
    regions = list(G.graph.get("regions", [])) or sorted(cols)
    out: dict[str, tuple[float, float]] = {}
    top_own = len(shared) * dy + (dy if shared else 0)
    x0 = 0.0
    for region in regions:
        ns = cols.get(region, [])
        step = dx or max([label_width(G.nodes[n]["label"]) + 24 for n in ns] + [100.0])
        own = sorted((n for n in ns if G.nodes[n]["type"] not in shared),
                     key=lambda n: (-G.nodes[n]["n_tasks"], G.nodes[n]["label"], n))
        rows: dict[int, list[str]] = defaultdict(list)
        for n in sorted((n for n in ns if G.nodes[n]["type"] in shared),
                        key=lambda n: (-G.nodes[n]["n_tasks"], G.nodes[n]["label"], n)):
            rows[shared[G.nodes[n]["type"]]].append(n)
        per_row = max(1, math.ceil(math.sqrt(len(own) / 2))) if own else 1
        width = max([per_row] + [len(r) for r in rows.values()])
        header_w = max(label_width(region, 15), HEADER_SUB_WIDTH) + 24
        span = max(width * step, header_w)
        centre = x0 + span / 2
        for r, row in rows.items():  # two departments of one type in one region: side by side
            for k, n in enumerate(row):
                out[n] = (round(centre + (k - (len(row) - 1) / 2) * step, 1), round(r * dy, 1))
        left = centre - (per_row - 1) * step / 2
        for i, n in enumerate(own):
            out[n] = (round(left + (i % per_row) * step, 1), round(top_own + (i // per_row) * dy, 1))
        out[HEADER + region] = (round(centre, 1), round(-dy * 1.4, 1))
        x0 += span + max(step, header_w) * 0.5
    return out

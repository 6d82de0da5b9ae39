"""What the map's views read of the plans' own nodes, as rows: from a graph by SPARQL, or from a plan's
triples as a build makes them.

The views (``network.py``) read, per kind of node, one SPARQL query: the plans' properties, one row per
task and per section, the tasks' links to departments (and, for the bipartite view, documents,
institutions and targets). All of it belongs to one plan each, so it can be read plan by plan and
merged. A build knows each plan's triples as soon as the plan is extracted: :func:`plan_rows` turns
them into the rows the queries would give, in the extraction worker, so that the map drawn at the end
of the build needs no store of the plans and no query of them (its departments and their types, which
depend on every plan, are still read by SPARQL, from a store of the shared nodes alone).
``tests/test_network.py`` requires the same rows both ways on real plans.

This module imports neither networkx nor numpy: the build's workers use it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import product
from typing import Iterable

from ..analysis import data as D
from ..model import terms as T
from ..query.engine import Term, by_node, literal_term, node_rows, select_values
from ..query.vocab import V

ROLES = (V.leadDepartment, V.supportingDepartment, V.responsibleDepartment)
TASK_LINKS = ROLES + (V.cites, V.mentions, V.hasTarget)
PLAN_PROPS = (V.title, V.label, V.region, V.issued)
TASK_COLS = (V.position, V.text, V.inSection)  # after the task and its plan
SECTION_COLS = (V.label, V.marker, V.depth, V.position, V.parentSection)
TEXT_COLS = {V.text, V.label, V.marker}  # columns whose language a row carries when a node has several rows


@dataclass
class PlanRows:
    """The rows of the plans' own nodes: each plan's properties (plan IRI → predicate → terms, as
    ``node_rows`` gives them), each task's and each section's rows (node → rows, as
    :func:`rows_read` gives them: one row, or several with the texts' languages where the node has
    several values of a property) and the tasks' ``links`` (task → predicate → objects' values)."""

    links: tuple[str, ...]
    plans: dict[str, dict[str, list[Term]]] = field(default_factory=dict)
    tasks: dict[str, list[tuple]] = field(default_factory=dict)
    sections: dict[str, list[tuple]] = field(default_factory=dict)
    linked: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def merge(self, other: PlanRows) -> None:
        """Add another plan's rows (no node belongs to two plans)."""
        if other.links != self.links:
            raise ValueError("rows of other links")
        self.plans.update(other.plans)
        self.tasks.update(other.tasks)
        self.sections.update(other.sections)
        self.linked.update(other.linked)


class KnownRows:
    """A graph whose plans' rows are known already (``rows``) beside a store (``store``) that holds the
    rest the views read: the departments and their types. What a build hands to the map."""

    def __init__(self, store, rows: PlanRows) -> None:
        self.store, self.rows = store, rows


def _in_plans(wanted: set[str] | None, var: str = "?s") -> str:
    """A pattern binding ``var`` to the nodes (tasks, sections) of the plans wanted (all when None)."""
    return f"{D.plan_values(wanted)}{var} <{V.inPlan}> ?plan ."


def tasks_query(wanted: set[str] | None, lang: bool) -> str:
    """The tasks of the plans wanted: IRI, plan, position, text (and with ``lang`` its language), section."""
    lt = " (LANG(?text) AS ?lt)" if lang else ""
    return (f"SELECT ?s ?plan ?pos ?text{lt} ?sec WHERE {{ {_in_plans(wanted)} ?s a <{V.Task}> . "
            f"OPTIONAL {{ ?s <{V.position}> ?pos }} OPTIONAL {{ ?s <{V.text}> ?text }} "
            f"OPTIONAL {{ ?s <{V.inSection}> ?sec }} }}")


def sections_query(wanted: set[str] | None, lang: bool) -> str:
    """The sections of the plans wanted: IRI, plan, label, marker (with ``lang``, each followed by its
    language), depth, position, parent."""
    ll, lm = (" (LANG(?label) AS ?ll)", " (LANG(?marker) AS ?lm)") if lang else ("", "")
    return (f"SELECT ?s ?plan ?label{ll} ?marker{lm} ?depth ?pos ?parent "
            f"WHERE {{ {_in_plans(wanted)} ?s a <{V.Section}> . OPTIONAL {{ ?s <{V.label}> ?label }} "
            f"OPTIONAL {{ ?s <{V.marker}> ?marker }} OPTIONAL {{ ?s <{V.depth}> ?depth }} "
            f"OPTIONAL {{ ?s <{V.position}> ?pos }} OPTIONAL {{ ?s <{V.parentSection}> ?parent }} }}")


def rows_by_node(rows: list[tuple]) -> dict[str, list[tuple]]:
    """Rows whose first column is a node → that node's rows (one, unless it has several values of a
    column: then the rows multiply, as SPARQL's ``OPTIONAL`` makes them)."""
    out: dict[str, list[tuple]] = {}
    for r in rows:
        got = out.get(r[0])
        if got is None:
            out[r[0]] = [r]
        else:
            got.append(r)
    return out


def rows_read(src, query) -> dict[str, list[tuple]]:
    """Node → its rows of ``query(lang)``, read without the texts' languages: a node with one row (every
    node of a built graph) needs none. Where some node has several rows (several values of a property),
    the query runs again with them, and such nodes get those rows, to pick the value to show by language.
    The languages cost a tenth of the query, and a built graph never needs them."""
    rows = rows_by_node(select_values(src, query(False)))
    if any(len(r) > 1 for r in rows.values()):
        again = rows_by_node(select_values(src, query(True)))
        rows = {s: r if len(r) == 1 else again[s] for s, r in rows.items()}
    return rows


def read_plan_rows(src, wanted: set[str] | None = None, links: tuple[str, ...] = TASK_LINKS) -> PlanRows:
    """The rows of a graph's plans (every plan's properties; the tasks, sections and links of the plans
    ``wanted``, all when None), one SPARQL query per kind of node. The tasks' links are read in one scan
    of every such triple (cheaper than joining it with the tasks) when all plans are wanted."""
    out = PlanRows(links, plans=node_rows(src, f"?s a <{V.Plan}>", PLAN_PROPS))
    out.tasks = rows_read(src, lambda lang: tasks_query(wanted, lang))
    out.sections = rows_read(src, lambda lang: sections_query(wanted, lang))
    linked: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    of_tasks = f"{_in_plans(wanted)} ?s a <{V.Task}> . " if wanted else ""
    for s, p, o in select_values(src, f"SELECT ?s ?p ?o WHERE {{ {of_tasks}"
                                      f"VALUES ?p {{ {' '.join(f'<{p}>' for p in links)} }} ?s ?p ?o }}"):
        if s in out.tasks:
            linked[s][p].append(o)
    out.linked = linked
    return out


def plan_rows(triples: Iterable[tuple[str, str, str]], links: tuple[str, ...] = ROLES) -> PlanRows:
    """The rows :func:`read_plan_rows` reads of a graph holding ``triples`` (N-Triples terms, as
    ``graph.model.terms`` writes them: one plan's, as a build makes them), without a store."""
    nodes = by_node(dict.fromkeys(triples))  # a graph is a set
    out = PlanRows(links)
    kinds = {f"<{V.Plan}>": _plan, f"<{V.Task}>": _task, f"<{V.Section}>": _section}
    for s, props in nodes.items():
        for kind in props.get(T.RDF_TYPE, ()):
            make = kinds.get(kind)
            if make is not None:
                make(out, s[1:-1], props)
    wanted = {f"<{p}>" for p in links}
    for s, props in nodes.items():
        node = s[1:-1]
        if node in out.tasks:
            for p, objects in props.items():
                if p in wanted:
                    linked = out.linked.setdefault(node, {})
                    linked.setdefault(p[1:-1], []).extend(_value(o) for o in objects)
    return out


def _value(term: str) -> str:
    return T.value_of(term)[1]


def _term(term: str) -> Term:
    kind, value, lang, datatype = T.value_of(term)
    return Term("uri", value) if kind == "uri" else literal_term(value, lang, datatype)


def _plan(out: PlanRows, node: str, props: dict[str, list[str]]) -> None:
    got: dict[str, list[Term]] = {}
    for p in PLAN_PROPS:
        for o in props.get(f"<{p}>", ()):
            t, values = _term(o), got.setdefault(p, [])
            if t not in values:
                values.append(t)
    out.plans[node] = got


def _rows(node: str, props: dict[str, list[str]], cols: tuple[str, ...]) -> list[tuple]:
    """A node's rows: each of its plans, then each column's values (None when it has none), every
    combination, as SPARQL's OPTIONALs give them; with several, each text column followed by its
    language ("" for a plain literal), as the query with the languages gives them."""
    columns = [[_value(o) for o in props.get(f"<{V.inPlan}>", ())]]
    columns += [[T.value_of(o) for o in props.get(f"<{c}>", ())] or [None] for c in cols]
    combos = list(product(*columns))
    several = len(combos) > 1
    rows = []
    for plan, *values in combos:
        row: list = [node, plan]
        for c, v in zip(cols, values):
            row.append(None if v is None else v[1])
            if several and c in TEXT_COLS:  # LANG(): "" for a plain literal, unbound for none or an IRI
                row.append(None if v is None or v[0] == "uri" else (v[2] or ""))
        rows.append(tuple(row))
    return rows


def _task(out: PlanRows, node: str, props: dict[str, list[str]]) -> None:
    rows = _rows(node, props, TASK_COLS)
    if rows:
        out.tasks[node] = rows


def _section(out: PlanRows, node: str, props: dict[str, list[str]]) -> None:
    rows = _rows(node, props, SECTION_COLS)
    if rows:
        out.sections[node] = rows

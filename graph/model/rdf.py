"""Records → RDF in the policykg vocabulary, one graph for any number of plans.

Each plan's own nodes (the plan, its sections, tasks and targets) are written from its record
alone, given how the build resolves the documents it cites (a cited title that is a plan of the
same build links to that plan). Nodes shared between plans (departments of one region, department
types, cited documents, institutions, pairs) are written once by ``graph.model.shared`` from the small
``PlanSummary`` of every plan, so a build can stream plans one by one and cache each plan's triples.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_right

from rdflib import Graph

from extract.records import LEAD, SUPPORT, PlanRecord

from . import iris
from . import terms as T
from .terms import Triple
from .summary import DocIndex, summarize
from .written import DERIVED, ISSUED, LABEL, PREFIXES, PUBLISHER, SOURCE, TITLE, A
from .written import P as _P
from .written import w as _i

# --- one plan ----------------------------------------------------------------------------------


def plan_triples(r: PlanRecord, docs: DocIndex) -> list[Triple]:
    """The triples whose subjects belong to plan ``r``: plan, sections, tasks, targets."""
    i = r.info
    p = iris.term("plan", i.id)
    out = _plan(r, p, docs)
    out += _sections(r, p)
    task = iris.part_prefix("task", i.id)
    task_nodes = {t.index: f"{task}{t.index}>" for t in r.tasks}
    out += _tasks(r, p, task_nodes)
    out += _mentions(r, p, docs, task_nodes)
    out += _targets(r, p, task_nodes)
    return out


def plan_triples_alone(r: PlanRecord) -> list[Triple]:
    """Plan ``r``'s triples that do not depend on the rest of the build: all of :func:`plan_triples`
    but ``cites`` and ``implements``, whose objects are known only once every plan is read. The build
    draws its map from these while the other plans are still being extracted."""
    late = (_P["cites"], _P["implements"])
    return [t for t in plan_triples(r, DocIndex()) if t[1] not in late]


def _plan(r: PlanRecord, p: str, docs: DocIndex) -> list[Triple]:
    """The plan node: what its manifest row and text say, and the plans it implements."""
    i = r.info
    title = T.zh(i.title)
    out: list[Triple] = [(p, A, _P["Plan"]), (p, A, _P["PolicyDocument"]), (p, TITLE, title), (p, LABEL, title),
                         (p, _P["region"], T.lit(i.region)), (p, _P["sourceFile"], T.lit(i.source_file)),
                         (p, _P["textSha256"], T.lit(hashlib.sha256(r.text.encode("utf-8")).hexdigest()))]
    if i.level:
        out.append((p, _P["governmentLevel"], T.lit(i.level)))
    if i.issued:
        out.append((p, ISSUED, T.date(i.issued)))
    for key in i.publisher_keys:  # every body that issues the plan, several when issued jointly
        out.append((p, PUBLISHER, iris.department_term(key)))
    if i.number:
        out.append((p, _P["documentNumber"], T.lit(i.number)))
    if i.complete is not None:
        out.append((p, _P["complete"], T.boolean(i.complete)))
    if i.url:
        out.append((p, SOURCE, T.iri(i.url) if i.url.startswith(("http://", "https://")) else T.lit(i.url)))
    own = p[1:-1]
    for parent in implemented(r, docs):
        if parent != own:
            out.append((p, _P["implements"], T.iri(parent)))
            out.append((p, _P["cites"], T.iri(parent)))
    return out


def _sections(r: PlanRecord, p: str) -> list[Triple]:
    section = iris.part_prefix("section", r.info.id)
    a, in_plan, marker, depth, position, start, end, parent = (
        _P[k] for k in ("Section", "inPlan", "marker", "depth", "position", "sourceStart", "sourceEnd",
                        "parentSection"))
    out: list[Triple] = []
    for s in r.sections:
        node = f"{section}{s.index}>"
        out += [(node, A, a), (node, in_plan, p), (node, LABEL, T.zh(s.heading or s.marker)),
                (node, marker, T.lit(s.marker)), (node, depth, T.integer(s.depth)),
                (node, position, T.integer(s.index)), (node, start, T.integer(s.span[0])),
                (node, end, T.integer(s.span[1]))]
        if s.parent:
            out.append((node, parent, f"{section}{s.parent}>"))
    return out


def _tasks(r: PlanRecord, p: str, task_nodes: dict[int, str]) -> list[Triple]:
    section = iris.part_prefix("section", r.info.id)
    out: list[Triple] = []
    a, in_plan, text, position, start, end = (_P[k] for k in ("Task", "inPlan", "text", "position", "sourceStart",
                                                              "sourceEnd"))
    responsible, lead, support = _P["responsibleDepartment"], _P["leadDepartment"], _P["supportingDepartment"]
    for t in r.tasks:
        node = task_nodes[t.index]
        out += [(node, A, a), (node, in_plan, p), (node, text, T.zh(t.text)),
                (node, position, T.integer(t.index)), (node, start, T.integer(t.span[0])),
                (node, end, T.integer(t.span[1])), (node, DERIVED, p)]
        if t.section:
            out.append((node, _P["inSection"], f"{section}{t.section}>"))
        if t.annotation is not None and t.annotation.text:  # a table row without departments has none
            out.append((node, _P["annotation"], T.lit(t.annotation.text)))
        if t.marker:
            out.append((node, _P["marker"], T.lit(t.marker)))
        if t.deadline:
            out.append((node, _P["deadline"], T.lit(t.deadline)))
        for key, role in t.departments:
            d = iris.department_term(key)
            out.append((node, responsible, d))
            if role == LEAD:
                out.append((node, lead, d))
            elif role == SUPPORT:
                out.append((node, support, d))
    return out


def _mentions(r: PlanRecord, p: str, docs: DocIndex, task_nodes: dict[int, str]) -> list[Triple]:
    """What the plan and each task cite, and the institutions each task mentions."""
    out: list[Triple] = []
    own = p[1:-1]
    cites, mentions = _P["cites"], _P["mentions"]
    nodes = [task_nodes[t.index] for t in r.tasks]
    texts = _Spans([(t.span[0], t.span[1], n) for n, t in enumerate(r.tasks)])
    for c in r.citations:
        node = docs.resolve(c.title_key, c.number_key)
        if node == own:
            continue
        out.append((p, cites, T.iri(node)))
        out += [(nodes[n], cites, T.iri(node)) for n in texts.holding([c.span[0]])]
    if r.institutions:  # every mention counts: aliases (安中医), list members, annotations (适用范围:…)
        where = _Spans([(t.span[0], t.span[1], n) for n, t in enumerate(r.tasks)]
                       + [(t.annotation.span[0], t.annotation.span[1], n) for n, t in enumerate(r.tasks)
                          if t.annotation is not None])
        for inst in r.institutions:
            node = iris.term("inst", inst.key)
            out += [(nodes[n], mentions, node) for n in where.holding([s for s, _ in inst.spans])]
    return out


class _Spans:
    """Which tasks hold a source offset, in task order: by bisection when no two spans overlap (as
    extraction's tasks and annotations do not), else by looking at every span."""

    def __init__(self, spans: list[tuple[int, int, int]]):  # (start, end, the task's position in r.tasks)
        self.spans = sorted(x for x in spans if x[0] < x[1])
        self.starts = [a for a, _, _ in self.spans]
        self.disjoint = all(x[1] <= y[0] for x, y in zip(self.spans, self.spans[1:]))

    def holding(self, offsets: list[int]) -> list[int]:
        if not self.disjoint:
            return sorted({n for a, b, n in self.spans for x in offsets if a <= x < b})
        hit = set()
        for x in offsets:
            k = bisect_right(self.starts, x) - 1
            if k >= 0 and x < self.spans[k][1]:
                hit.add(self.spans[k][2])
        return sorted(hit)


def _targets(r: PlanRecord, p: str, task_nodes: dict[int, str]) -> list[Triple]:
    target = iris.part_prefix("target", r.info.id)
    out: list[Triple] = []
    for tg in r.targets:
        node = f"{target}{tg.index}>"
        out += [(node, A, _P["Target"]), (node, _P["inPlan"], p), (node, _P["indicator"], T.zh(tg.indicator)),
                (node, _P["indicatorKey"], T.lit(tg.indicator_key)),
                (node, _P["targetValue"], T.decimal(tg.value)), (node, _P["comparator"], T.lit(tg.comparator)),
                (node, _P["normalizedValue"], T.decimal(tg.normalized_value)),
                (node, _P["position"], T.integer(tg.index)), (node, _P["sourceStart"], T.integer(tg.span[0])),
                (node, _P["sourceEnd"], T.integer(tg.span[1]))]
        if tg.unit:
            out.append((node, _P["unit"], T.lit(tg.unit)))
        if tg.base_unit:
            out.append((node, _P["baseUnit"], T.lit(tg.base_unit)))
        if tg.year:
            out.append((node, _P["targetYear"], T.integer(tg.year)))
        if tg.text:
            out.append((node, LABEL, T.zh(tg.text)))
        if tg.upper_value is not None:
            out.append((node, _P["upperValue"], T.decimal(tg.upper_value)))
            if tg.normalized_upper is not None:
                out.append((node, _P["normalizedUpperValue"], T.decimal(tg.normalized_upper)))
        if tg.per:
            out.append((node, _P["perUnit"], T.zh(tg.per)))
        if tg.task:
            out.append((task_nodes[tg.task], _P["hasTarget"], node))
    return out


def implemented(r: PlanRecord, docs: DocIndex) -> list[str]:
    """The nodes plan ``r`` implements: the manifest's document and every citation marked so, in order."""
    nodes = [docs.resolve(r.info.implements_key, None)] if r.info.implements else []
    nodes += [docs.resolve(c.title_key, c.number_key) for c in r.citations if c.implements]
    return list(dict.fromkeys(nodes))


# --- rdflib views, for small corpora and tests -------------------------------------------------------


def all_triples(records: list[PlanRecord]) -> tuple[list[Triple], dict[str, list[Triple]]]:
    """Shared triples and each plan's own, for ``records``."""
    from .shared import SharedNodes

    with SharedNodes() as shared:
        shared.add_all(summarize(r) for r in records)
        docs = shared.doc_index()
        return list(shared.triples()), {r.info.id: plan_triples(r, docs) for r in records}


def _bind(g: Graph) -> Graph:
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True)
    return g


def build_graph(records: list[PlanRecord]) -> Graph:
    """All plans in one rdflib graph."""
    shared, per_plan = all_triples(records)
    data = T.ntriples(shared + [t for ts in per_plan.values() for t in ts])
    return _bind(Graph()).parse(data=data, format="nt")

"""Records → RDF in the policykg vocabulary, one graph for any number of plans.

Each plan's own nodes (the plan, its sections, tasks and targets) are written from its record
alone, given how the build resolves the documents it cites (a cited title that is a plan of the
same build links to that plan). Nodes shared between plans (departments of one region, department
types, cited documents, institutions, pairs) are written once by ``graph.model.shared`` from the small
``PlanSummary`` of every plan, so a build can stream plans one by one and cache each plan's triples.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable

from rdflib import Graph
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from extract.records import LEAD, SUPPORT, Citation, Department, Institution, PlanRecord

from . import iris
from . import terms as T
from .terms import Triple
from .vocab import ID_BASE, POL

SHARED_GRAPH = ID_BASE + "graph/shared"

_P = {name: T.iri(str(getattr(POL, name))) for name in (
    "Plan", "PolicyDocument", "Section", "Task", "Department", "Institution", "Target", "DepartmentType",
    "text", "inPlan", "inSection", "responsibleDepartment", "leadDepartment", "supportingDepartment",
    "mentions", "cites", "documentNumber", "implements", "hasTarget", "indicator", "indicatorKey",
    "targetValue", "unit", "comparator", "departmentType", "region", "sourceStart", "sourceEnd",
    "annotation", "position", "marker", "depth", "parentSection", "normalizedValue", "baseUnit",
    "targetYear", "governmentLevel", "complete", "sourceFile", "textSha256", "DepartmentPair",
    "firstDepartment", "secondDepartment", "sharedTask", "sharedTaskCount", "sharedTaskList")}
A = T.RDF_TYPE
LABEL = T.iri(str(RDFS.label))
ALT = T.iri(str(SKOS.altLabel))
PREF = T.iri(str(SKOS.prefLabel))
IN_SCHEME = T.iri(str(SKOS.inScheme))
CONCEPT = T.iri(str(SKOS.Concept))
ORGANIZATION = T.iri(str(ORG.Organization))
TITLE = T.iri(str(DCTERMS.title))
ISSUED = T.iri(str(DCTERMS.issued))
PUBLISHER = T.iri(str(DCTERMS.publisher))
SOURCE = T.iri(str(DCTERMS.source))
DERIVED = T.iri(str(PROV.wasDerivedFrom))

PREFIXES = {"pol": str(POL._NS), "dcterms": str(DCTERMS), "org": str(ORG), "skos": str(SKOS),
            "prov": str(PROV), "xsd": str(XSD), "rdfs": str(RDFS), "owl": str(OWL), "rdf": str(RDF),
            **{k: ID_BASE + k + "/" for k in ("plan", "section", "task", "target", "dept", "type", "inst", "doc",
                                              "pair")}}


def _i(u) -> str:
    return T.iri(str(u))


# --- what the whole build must know of each plan --------------------------------------------------


@dataclass(slots=True)
class PlanSummary:
    """The part of a plan record that other plans' triples and the shared nodes depend on."""

    id: str
    title_key: str
    number_key: str | None
    departments: list[Department]
    citations: list[Citation]
    institutions: list[Institution]
    responsible: list[str]  # keys of the departments named responsible for a task
    shared: list[tuple[int, tuple[str, ...], str]]  # tasks with 2+ departments: (position, keys, ref)


def summarize(r: PlanRecord) -> PlanSummary:
    cites = [Citation(span=c.span, title=c.title, number=c.number, publisher_keys=list(c.publisher_keys),
                      title_key=c.title_key, number_key=c.number_key) for c in r.citations]
    if r.info.implements:
        cites.append(Citation(span=(0, 0), title=r.info.implements, title_key=r.info.implements_key))
    insts = [Institution(name=x.name, spans=[], aliases=list(x.aliases), key=x.key) for x in r.institutions]
    responsible = sorted({k for t in r.tasks for k, _ in t.departments})
    shared = [(t.index, tuple(sorted({k for k, _ in t.departments})), task_ref(r.info.id, t.index, t.text))
              for t in r.tasks if len({k for k, _ in t.departments}) > 1]
    return PlanSummary(r.info.id, r.info.title_key, r.info.number_key, list(r.departments), cites, insts,
                       responsible, shared)


class DocIndex:
    """Resolves cited documents to one node each; plans of the build are their own nodes.

    Fed plan by plan in id order (``add_plan``) and citation by citation (``add_number``): the first
    plan with a title or number, and the first title printed beside a number, win.
    """

    def __init__(self) -> None:
        self.plan_by_title: dict[str, str] = {}
        self.plan_by_number: dict[str, str] = {}
        self.title_by_number: dict[str, str] = {}

    @classmethod
    def of(cls, summaries: Iterable[PlanSummary]) -> DocIndex:
        """The index of a few plans' summaries held in memory."""
        docs = cls()
        summaries = sorted(summaries, key=lambda s: s.id)
        for s in summaries:
            docs.add_plan(str(iris.plan(s.id)), s.title_key, s.number_key)
        for s in summaries:
            for c in s.citations:
                if c.number_key and c.title_key:
                    docs.add_number(c.number_key, c.title_key)
        return docs

    def add_plan(self, plan_iri: str, title_key: str | None, number_key: str | None) -> None:
        if title_key:
            self.plan_by_title.setdefault(title_key, plan_iri)
        if number_key:
            self.plan_by_number.setdefault(number_key, plan_iri)

    def add_number(self, number_key: str, title_key: str) -> None:
        self.title_by_number.setdefault(number_key, title_key)

    def resolve(self, title_key: str | None, number_key: str | None) -> str:
        if not title_key and number_key in self.title_by_number:
            title_key = self.title_by_number[number_key]
        if title_key and title_key in self.plan_by_title:
            return self.plan_by_title[title_key]
        if number_key and number_key in self.plan_by_number:
            return self.plan_by_number[number_key]
        return str(iris.document(title_key or number_key or "unknown"))

    def resolutions(self, keys: Iterable[tuple[str | None, str | None]]) -> list[tuple[str | None, str | None, str]]:
        """How a plan's citations (its implemented plan included), given as (title key, number key),
        resolve: the context its triples depend on, part of their cache key."""
        return [(t, n, self.resolve(t, n)) for t, n in keys]


# --- one plan ----------------------------------------------------------------------------------


def plan_triples(r: PlanRecord, docs: DocIndex) -> list[Triple]:
    """The triples whose subjects belong to plan ``r``: plan, sections, tasks, targets."""
    i = r.info
    p = _i(iris.plan(i.id))
    out: list[Triple] = [(p, A, _P["Plan"]), (p, A, _P["PolicyDocument"]), (p, TITLE, T.zh(i.title)),
                         (p, LABEL, T.zh(i.title)), (p, _P["region"], T.lit(i.region)),
                         (p, _P["sourceFile"], T.lit(i.source_file)),
                         (p, _P["textSha256"], T.lit(hashlib.sha256(r.text.encode("utf-8")).hexdigest()))]
    if i.level:
        out.append((p, _P["governmentLevel"], T.lit(i.level)))
    if i.issued:
        out.append((p, ISSUED, T.date(i.issued)))
    if i.publisher_key:
        out.append((p, PUBLISHER, _i(iris.department(i.publisher_key))))
    if i.number:
        out.append((p, _P["documentNumber"], T.lit(i.number)))
    if i.complete is not None:
        out.append((p, _P["complete"], T.boolean(i.complete)))
    if i.url:
        out.append((p, SOURCE, T.iri(i.url) if i.url.startswith(("http://", "https://")) else T.lit(i.url)))
    if i.implements:
        parent = docs.resolve(i.implements_key, None)
        if parent != str(iris.plan(i.id)):
            out.append((p, _P["implements"], T.iri(parent)))
            out.append((p, _P["cites"], T.iri(parent)))
    for s in r.sections:
        node = _i(iris.section(i.id, s.index))
        out += [(node, A, _P["Section"]), (node, _P["inPlan"], p), (node, LABEL, T.zh(s.heading or s.marker)),
                (node, _P["marker"], T.lit(s.marker)), (node, _P["depth"], T.integer(s.depth)),
                (node, _P["position"], T.integer(s.index)), (node, _P["sourceStart"], T.integer(s.span[0])),
                (node, _P["sourceEnd"], T.integer(s.span[1]))]
        if s.parent:
            out.append((node, _P["parentSection"], _i(iris.section(i.id, s.parent))))
    task_nodes = {t.index: _i(iris.task(i.id, t.index)) for t in r.tasks}
    for t in r.tasks:
        node = task_nodes[t.index]
        out += [(node, A, _P["Task"]), (node, _P["inPlan"], p), (node, _P["text"], T.zh(t.text)),
                (node, _P["position"], T.integer(t.index)), (node, _P["sourceStart"], T.integer(t.span[0])),
                (node, _P["sourceEnd"], T.integer(t.span[1])), (node, DERIVED, p)]
        if t.section:
            out.append((node, _P["inSection"], _i(iris.section(i.id, t.section))))
        if t.annotation is not None:
            out.append((node, _P["annotation"], T.lit(t.annotation.text)))
        for key, role in t.departments:
            d = _i(iris.department(key))
            out.append((node, _P["responsibleDepartment"], d))
            if role == LEAD:
                out.append((node, _P["leadDepartment"], d))
            elif role == SUPPORT:
                out.append((node, _P["supportingDepartment"], d))
    own = str(iris.plan(i.id))
    for c in r.citations:
        node = docs.resolve(c.title_key, c.number_key)
        if node == own:
            continue
        out.append((p, _P["cites"], T.iri(node)))
        for t in r.tasks:
            if t.span[0] <= c.span[0] < t.span[1]:
                out.append((task_nodes[t.index], _P["cites"], T.iri(node)))
    for inst in r.institutions:
        node = _i(iris.institution(inst.key))
        for t in r.tasks:
            if any(t.span[0] <= s < t.span[1] for s, _ in inst.spans):
                out.append((task_nodes[t.index], _P["mentions"], node))
    for tg in r.targets:
        node = _i(iris.target(i.id, tg.index))
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
        if tg.task:
            out.append((task_nodes[tg.task], _P["hasTarget"], node))
    return out


def task_ref(plan_id: str, position: int, text: str) -> str:
    """How a shared task is listed: ``plan#position`` and its first 16 characters."""
    plan = str(iris.plan(plan_id)).split("/id/plan/", 1)[1]
    return f"{plan}#{position} " + (text[:16] + "…" if len(text) > 16 else text)


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

"""Records → RDF in the policykg vocabulary, one graph for any number of plans.

Nodes shared between plans (departments of one region, department types, cited documents,
institutions) get one IRI each; a cited title that is a plan of the same build links to that plan.
Each plan's own triples can also be kept in a named graph (``build_dataset``) for TriG/N-Quads.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Iterable

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from extract.records import LEAD, SUPPORT, Department, PlanRecord

from . import iris
from .vocab import ID_BASE, POL

SHARED_GRAPH = URIRef(ID_BASE + "graph/shared")


def zh(s: str) -> Literal:
    return Literal(s, lang="zh")


def bind(g: Graph) -> Graph:
    """Prefixes for readable output; IRI prefixes end at the last ``/``."""
    g.bind("pol", POL._NS)
    for kind in ("plan", "section", "task", "target", "dept", "type", "inst", "doc"):
        g.bind(kind, ID_BASE + kind + "/")
    for p, ns in (("dcterms", DCTERMS), ("org", ORG), ("skos", SKOS), ("prov", PROV), ("xsd", XSD),
                  ("rdfs", RDFS), ("owl", OWL)):
        g.bind(p, ns)
    return g


class _DocIndex:
    """Cited documents of the whole build: one node per document, plans of the build included."""

    def __init__(self, records: list[PlanRecord]):
        self.plan_by_title = {r.info.title_key: iris.plan(r.info.id) for r in records if r.info.title_key}
        self.plan_by_number = {r.info.number_key: iris.plan(r.info.id) for r in records if r.info.number_key}
        self.title_by_number: dict[str, str] = {}
        for r in records:
            for c in r.citations:
                if c.number_key and c.title_key:
                    self.title_by_number.setdefault(c.number_key, c.title_key)

    def node(self, title_key: str | None, number_key: str | None) -> URIRef:
        if title_key and title_key in self.plan_by_title:
            return self.plan_by_title[title_key]
        if number_key and number_key in self.plan_by_number:
            return self.plan_by_number[number_key]
        if not title_key and number_key in self.title_by_number:
            title_key = self.title_by_number[number_key]
        if title_key and title_key in self.plan_by_title:
            return self.plan_by_title[title_key]
        return iris.document(title_key or number_key or "unknown")


def _merge_departments(records: Iterable[PlanRecord]) -> dict[str, Department]:
    """One record per department key across plans, spellings counted over all of them."""
    spell: dict[str, Counter] = defaultdict(Counter)
    prefixed: dict[str, set] = defaultdict(set)
    first: dict[str, Department] = {}
    for r in records:
        for d in r.departments:
            first.setdefault(d.key, d)
            spell[d.key].update(d.spellings or {d.label: 1})
            prefixed[d.key].update(d.prefixed)
    out = {}
    for key, d in first.items():
        sp = spell[key]
        label = min(sp, key=lambda s: (s not in prefixed[key], -sp[s], -len(s), s))
        out[key] = Department(key=key, label=label, region=d.region, type_key=d.type_key,
                              type_label=d.type_label, type_label_en=d.type_label_en,
                              aliases=sorted(s for s in sp if s != label), spellings=dict(sp),
                              prefixed=sorted(prefixed[key]))
    return out


def _add_department(g: Graph, d: Department) -> None:
    node = iris.department(d.key)
    g.add((node, RDF.type, POL.Department))
    g.add((node, RDF.type, ORG.Organization))
    g.add((node, RDFS.label, zh(d.label)))
    for a in d.aliases:
        g.add((node, SKOS.altLabel, zh(a)))
    g.add((node, POL.region, Literal(d.region)))
    t = iris.dept_type(d.type_key)
    g.add((node, POL.departmentType, t))
    g.add((t, RDF.type, SKOS.Concept))
    g.add((t, RDF.type, POL.DepartmentType))
    g.add((t, SKOS.prefLabel, zh(d.type_label)))
    if d.type_label_en:
        g.add((t, SKOS.prefLabel, Literal(d.type_label_en, lang="en")))
    g.add((t, SKOS.inScheme, iris.TYPE_SCHEME))


def _add_document(g: Graph, node: URIRef, title: str | None, number: str | None,
                  publisher_keys: list[str]) -> None:
    g.add((node, RDF.type, POL.PolicyDocument))
    if title and not any(True for _ in g.objects(node, RDFS.label)):
        g.add((node, RDFS.label, zh(title)))
    if number and not any(True for _ in g.objects(node, POL.documentNumber)):
        g.add((node, POL.documentNumber, Literal(number)))
    for k in publisher_keys:
        g.add((node, DCTERMS.publisher, iris.department(k)))


def _decimal(s: str) -> Literal:
    return Literal(Decimal(s), datatype=XSD.decimal)


def add_plan(g: Graph, r: PlanRecord, docs: _DocIndex) -> None:
    """The triples of one plan: metadata, outline, tasks, targets, citations, institutions."""
    i = r.info
    p = iris.plan(i.id)
    g.add((p, RDF.type, POL.Plan))
    g.add((p, RDF.type, POL.PolicyDocument))
    g.add((p, DCTERMS.title, zh(i.title)))
    g.add((p, RDFS.label, zh(i.title)))
    g.add((p, POL.region, Literal(i.region)))
    if i.level:
        g.add((p, POL.governmentLevel, Literal(i.level)))
    if i.issued:
        g.add((p, DCTERMS.issued, Literal(i.issued, datatype=XSD.date)))
    if i.publisher_key:
        g.add((p, DCTERMS.publisher, iris.department(i.publisher_key)))
    if i.number:
        g.add((p, POL.documentNumber, Literal(i.number)))
    if i.complete is not None:
        g.add((p, POL.complete, Literal(i.complete)))
    if i.url:
        g.add((p, DCTERMS.source, URIRef(i.url) if i.url.startswith(("http://", "https://")) else Literal(i.url)))
    g.add((p, POL.sourceFile, Literal(i.source_file)))
    g.add((p, POL.textSha256, Literal(hashlib.sha256(r.text.encode("utf-8")).hexdigest())))
    if i.implements:
        parent = docs.node(i.implements_key, None)
        if parent != p:
            g.add((p, POL.implements, parent))
            if (parent, RDF.type, POL.Plan) not in g:
                _add_document(g, parent, i.implements, None, [])
    for s in r.sections:
        node = iris.section(i.id, s.index)
        g.add((node, RDF.type, POL.Section))
        g.add((node, POL.inPlan, p))
        g.add((node, RDFS.label, zh(s.heading or s.marker)))
        g.add((node, POL.marker, Literal(s.marker)))
        g.add((node, POL.depth, Literal(s.depth)))
        g.add((node, POL.position, Literal(s.index)))
        g.add((node, POL.sourceStart, Literal(s.span[0])))
        g.add((node, POL.sourceEnd, Literal(s.span[1])))
        if s.parent:
            g.add((node, POL.parentSection, iris.section(i.id, s.parent)))
    task_nodes = {}
    for t in r.tasks:
        node = iris.task(i.id, t.index)
        task_nodes[t.index] = node
        g.add((node, RDF.type, POL.Task))
        g.add((node, POL.inPlan, p))
        g.add((node, POL.text, zh(t.text)))
        g.add((node, POL.position, Literal(t.index)))
        g.add((node, POL.sourceStart, Literal(t.span[0])))
        g.add((node, POL.sourceEnd, Literal(t.span[1])))
        g.add((node, PROV.wasDerivedFrom, p))
        if t.section:
            g.add((node, POL.inSection, iris.section(i.id, t.section)))
        if t.annotation is not None:
            g.add((node, POL.annotation, Literal(t.annotation.text)))
        for key, role in t.departments:
            d = iris.department(key)
            g.add((node, POL.responsibleDepartment, d))
            if role == LEAD:
                g.add((node, POL.leadDepartment, d))
            elif role == SUPPORT:
                g.add((node, POL.supportingDepartment, d))
    for c in r.citations:
        node = docs.node(c.title_key, c.number_key)
        if node == p:
            continue
        if (node, RDF.type, POL.Plan) not in g:
            _add_document(g, node, c.title, c.number, c.publisher_keys)
        g.add((p, POL.cites, node))
        for t in r.tasks:
            if t.span[0] <= c.span[0] < t.span[1]:
                g.add((task_nodes[t.index], POL.cites, node))
    for inst in r.institutions:
        node = iris.institution(inst.key)
        g.add((node, RDF.type, POL.Institution))
        g.add((node, RDF.type, ORG.Organization))
        if not any(True for _ in g.objects(node, RDFS.label)):
            g.add((node, RDFS.label, zh(inst.name)))
        for a in inst.aliases:
            g.add((node, SKOS.altLabel, zh(a)))
        for t in r.tasks:
            if any(t.span[0] <= s < t.span[1] for s, _ in inst.spans):
                g.add((task_nodes[t.index], POL.mentions, node))
    for tg in r.targets:
        node = iris.target(i.id, tg.index)
        g.add((node, RDF.type, POL.Target))
        g.add((node, POL.inPlan, p))
        g.add((node, POL.indicator, zh(tg.indicator)))
        g.add((node, POL.indicatorKey, Literal(tg.indicator_key)))
        g.add((node, POL.targetValue, _decimal(tg.value)))
        if tg.unit:
            g.add((node, POL.unit, Literal(tg.unit)))
        if tg.base_unit:
            g.add((node, POL.baseUnit, Literal(tg.base_unit)))
        g.add((node, POL.normalizedValue, _decimal(tg.normalized_value)))
        g.add((node, POL.comparator, Literal(tg.comparator)))
        g.add((node, POL.position, Literal(tg.index)))
        g.add((node, POL.sourceStart, Literal(tg.span[0])))
        g.add((node, POL.sourceEnd, Literal(tg.span[1])))
        if tg.year:
            g.add((node, POL.targetYear, Literal(tg.year)))
        if tg.task:
            g.add((task_nodes[tg.task], POL.hasTarget, node))


def _resolve_labels(g: Graph) -> None:
    """A document named by several plans keeps one label (the longest, then the first in order)."""
    for node in set(g.subjects(RDFS.label, None)):
        labels = sorted(set(g.objects(node, RDFS.label)), key=lambda l: (-len(str(l)), str(l)))
        if len(labels) > 1:
            for extra in labels[1:]:
                g.remove((node, RDFS.label, extra))
                g.add((node, SKOS.altLabel, extra))


def build_graph(records: list[PlanRecord]) -> Graph:
    """One graph for all plans (records in any order give the same triples)."""
    records = sorted(records, key=lambda r: r.info.id)
    g = bind(Graph())
    docs = _DocIndex(records)
    for d in sorted(_merge_departments(records).values(), key=lambda d: d.key):
        _add_department(g, d)
    for r in records:
        add_plan(g, r, docs)
    _resolve_labels(g)
    return g


def build_dataset(records: list[PlanRecord]) -> Dataset:
    """The same triples with each plan's own in its named graph (the plan's IRI), shared nodes apart."""
    full = build_graph(records)
    ds = Dataset()
    bind(ds)
    owner: dict[URIRef, URIRef] = {}
    for r in records:
        p = iris.plan(r.info.id)
        owner[p] = p
        for s in list(full.subjects(POL.inPlan, p)):
            owner[s] = p
    for s, pr, o in full:
        ctx = owner.get(s, SHARED_GRAPH)
        ds.graph(ctx).add((s, pr, o))
    return ds

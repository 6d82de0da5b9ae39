"""Records → RDF in the policykg vocabulary, one graph for any number of plans.

Each plan's own nodes (the plan, its sections, tasks and targets) are written from its record
alone, given how the build resolves the documents it cites (a cited title that is a plan of the
same build links to that plan). Nodes shared between plans (departments of one region, department
types, cited documents, institutions) are written once from the small ``PlanSummary`` of every
plan, so a build can stream plans one by one and cache each plan's triples.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator

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


def compact(s: PlanSummary) -> PlanSummary:
    """The same summary with its repeated strings interned: names, keys, regions and types recur
    across the plans of a corpus, and a build holds every plan's summary at once."""
    from sys import intern

    def i(x):
        return intern(x) if isinstance(x, str) else x

    for d in s.departments:
        d.key, d.label, d.region, d.type_key, d.type_label, d.type_label_en = map(
            i, (d.key, d.label, d.region, d.type_key, d.type_label, d.type_label_en))
        d.spellings = {i(k): v for k, v in d.spellings.items()}
        d.prefixed = [i(x) for x in d.prefixed]
        d.aliases = [i(x) for x in d.aliases]
    for c in s.citations:
        c.title, c.number, c.title_key, c.number_key = map(i, (c.title, c.number, c.title_key, c.number_key))
        c.publishers = [i(x) for x in c.publishers]
        c.publisher_keys = [i(x) for x in c.publisher_keys]
    for x in s.institutions:
        x.name, x.key = i(x.name), i(x.key)
        x.aliases = [i(a) for a in x.aliases]
    s.responsible = [i(k) for k in s.responsible]
    s.shared = [(pos, tuple(i(k) for k in keys), ref) for pos, keys, ref in s.shared]
    s.title_key, s.number_key = i(s.title_key), i(s.number_key)
    return s


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
    """Resolves cited documents to one node each; plans of the build are their own nodes."""

    def __init__(self, summaries: Iterable[PlanSummary]):
        summaries = sorted(summaries, key=lambda s: s.id)
        self.plan_by_title: dict[str, str] = {}
        self.plan_by_number: dict[str, str] = {}
        self.title_by_number: dict[str, str] = {}
        for s in summaries:
            if s.title_key:
                self.plan_by_title.setdefault(s.title_key, str(iris.plan(s.id)))
            if s.number_key:
                self.plan_by_number.setdefault(s.number_key, str(iris.plan(s.id)))
            for c in s.citations:
                if c.number_key and c.title_key:
                    self.title_by_number.setdefault(c.number_key, c.title_key)

    def resolve(self, title_key: str | None, number_key: str | None) -> str:
        if not title_key and number_key in self.title_by_number:
            title_key = self.title_by_number[number_key]
        if title_key and title_key in self.plan_by_title:
            return self.plan_by_title[title_key]
        if number_key and number_key in self.plan_by_number:
            return self.plan_by_number[number_key]
        return str(iris.document(title_key or number_key or "unknown"))

    def resolutions(self, summary: PlanSummary) -> list[tuple[str | None, str | None, str]]:
        """How a plan's citations (its implemented plan included) resolve: the context its triples
        depend on, part of their cache key."""
        return [(c.title_key, c.number_key, self.resolve(c.title_key, c.number_key)) for c in summary.citations]


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


def pair_triples(summaries: Iterable[PlanSummary]) -> Iterator[Triple]:
    """Departments that share tasks, one pol:DepartmentPair per pair over all plans.

    Derived at build time so that the shared-responsibilities query reads one node per pair: an
    on-disk store joins and sorts about 10^4-10^5 rows a second, too slow for thousands of plans.
    Shared tasks are listed in plan IRI order, then by position, as the query would order them.
    """
    shared: dict[tuple[str, str], list[tuple[str, int, str]]] = {}
    for s in summaries:
        plan = str(iris.plan(s.id))
        for pos, keys, ref in s.shared:
            depts = sorted(str(iris.department(k)) for k in keys)
            for a in range(len(depts)):
                for b in range(a + 1, len(depts)):
                    shared.setdefault((depts[a], depts[b]), []).append((plan, pos, ref, s.id))
    for (d1, d2), tasks in sorted(shared.items()):
        tasks.sort()
        node = _i(iris.pair(d1, d2))
        yield from [(node, A, _P["DepartmentPair"]),
                    (node, _P["firstDepartment"], T.iri(d1)), (node, _P["secondDepartment"], T.iri(d2)),
                    (node, _P["sharedTaskCount"], T.integer(len(tasks))),
                    (node, _P["sharedTaskList"], T.lit(" | ".join(ref for _, _, ref, _ in tasks)))]
        yield from [(node, _P["sharedTask"], _i(iris.task(pid, pos))) for _, pos, _, pid in tasks]


# --- nodes shared between plans --------------------------------------------------------------------


def _pick(names: Counter | dict, preferred: set[str] = frozenset()) -> str:
    """A canonical name: preferred (region-prefixed) first, then most used, longest, smallest."""
    return min(names, key=lambda s: (s not in preferred, -names[s], -len(s), s))


def shared_triples(summaries: Iterable[PlanSummary], docs: DocIndex) -> list[Triple]:
    """Departments, department types, cited documents, institutions and pairs of all plans, once each."""
    return list(iter_shared_triples(summaries, docs))


def iter_shared_triples(summaries: Iterable[PlanSummary], docs: DocIndex) -> Iterator[Triple]:
    """The shared triples one node at a time (all of a node's triples together), in a fixed order:
    a large corpus's shared nodes are written and loaded without holding them all as strings."""
    spell: dict[str, Counter] = defaultdict(Counter)
    prefixed: dict[str, set] = defaultdict(set)
    dept: dict[str, Department] = {}
    doc_titles: dict[str, Counter] = defaultdict(Counter)
    doc_numbers: dict[str, set] = defaultdict(set)
    doc_pubs: dict[str, set] = defaultdict(set)
    inst_names: dict[str, Counter] = defaultdict(Counter)
    plans = set()
    summaries = sorted(summaries, key=lambda s: s.id)
    for s in summaries:
        plans.add(str(iris.plan(s.id)))
        for d in s.departments:
            dept.setdefault(d.key, d)
            spell[d.key].update(d.spellings or {d.label: 1})
            prefixed[d.key].update(d.prefixed)
        for c in s.citations:
            node = docs.resolve(c.title_key, c.number_key)
            if c.title:
                doc_titles[node][c.title] += 1
            if c.number:
                doc_numbers[node].add(c.number)
            doc_pubs[node].update(c.publisher_keys)
        for x in s.institutions:
            inst_names[x.key][x.name] += 2
            for a in x.aliases:
                inst_names[x.key][a] += 1
    types: dict[str, Department] = {}
    for key in sorted(dept):
        d = dept[key]
        node = _i(iris.department(key))
        label = _pick(spell[key], prefixed[key])
        yield from [(node, A, _P["Department"]), (node, A, ORGANIZATION), (node, LABEL, T.zh(label)),
                    (node, _P["region"], T.lit(d.region)),
                    (node, _P["departmentType"], _i(iris.dept_type(d.type_key)))]
        yield from [(node, ALT, T.zh(a)) for a in spell[key] if a != label]
        types.setdefault(d.type_key, d)
    for tkey, d in sorted(types.items()):
        node = _i(iris.dept_type(tkey))
        yield from [(node, A, CONCEPT), (node, A, _P["DepartmentType"]), (node, PREF, T.zh(d.type_label)),
                    (node, IN_SCHEME, _i(iris.TYPE_SCHEME))]
        if d.type_label_en:
            yield (node, PREF, T.lit(d.type_label_en, "en"))
    for node in sorted(set(doc_titles) | set(doc_numbers) | set(doc_pubs)):
        if node in plans:
            continue
        n = T.iri(node)
        yield (n, A, _P["PolicyDocument"])
        titles = doc_titles.get(node)
        if titles:
            label = min(titles, key=lambda t: (-len(t), t))
            yield (n, LABEL, T.zh(label))
            yield from [(n, ALT, T.zh(t)) for t in titles if t != label]
        for num in sorted(doc_numbers.get(node, ()))[:1]:
            yield (n, _P["documentNumber"], T.lit(num))
        yield from [(n, PUBLISHER, _i(iris.department(k))) for k in sorted(doc_pubs.get(node, ()))]
    for key in sorted(inst_names):
        n = _i(iris.institution(key))
        label = min(inst_names[key], key=lambda t: (-inst_names[key][t], -len(t), t))
        yield from [(n, A, _P["Institution"]), (n, A, ORGANIZATION), (n, LABEL, T.zh(label))]
        yield from [(n, ALT, T.zh(a)) for a in inst_names[key] if a != label]
    yield from pair_triples(summaries)


# --- rdflib views, for small corpora and tests -------------------------------------------------------


def all_triples(records: list[PlanRecord]) -> tuple[list[Triple], dict[str, list[Triple]]]:
    """Shared triples and each plan's own, for ``records``."""
    summaries = [summarize(r) for r in records]
    docs = DocIndex(summaries)
    return shared_triples(summaries, docs), {r.info.id: plan_triples(r, docs) for r in records}


def _bind(g: Graph) -> Graph:
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True)
    return g


def build_graph(records: list[PlanRecord]) -> Graph:
    """All plans in one rdflib graph."""
    shared, per_plan = all_triples(records)
    data = T.ntriples(shared + [t for ts in per_plan.values() for t in ts])
    return _bind(Graph()).parse(data=data, format="nt")

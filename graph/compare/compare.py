"""Compare plans across districts and levels of government, from the graph alone.

``compare(graph, plans)`` gives a ``Comparison`` of plain dataclasses (no pandas):

- **targets**: the same indicator (``pol:indicatorKey``) in each plan, values normalised
  (``pol:normalizedValue`` in ``pol:baseUnit``) so they sort and chart; each plan's value beside
  its parent's, as a share (counts, amounts) or a difference in points (rates in %);
- **profiles**: for each department type, its share of each plan's tasks (a task with n
  responsible departments gives each 1/n, so shares sum to 100 % per plan) and of its lead roles;
- **pairs**: department types that share tasks in one plan and not in another;
- **keywords**: the themes each plan and each top-level section stress (jieba TF-IDF with a
  private tokenizer, stopwords from ``graph/compare/assets/stopwords.txt``);
- **matches**: for each task of a parent plan, the most similar tasks of each child plan, with a
  score and a verdict (``graph/compare/similarity.py``: taken up ≥ 0.25, related ≥ 0.15);
- **citations**: the documents cited by all plans, by some, by one.

The **parent** of a plan (the city plan a district plan carries out) is the plan of the graph it
``pol:implements``; failing that, a plan of the nearest enclosing region (天津市 for 天津市静海区)
that sets targets on the same indicators. Parents that were not asked for are added to the
comparison (``Plan.added``), since shares and task matching need them.

The graph ``g`` of every function is anything ``graph.query.engine.as_source`` takes (a ``Source``
from ``open_source``, a pyoxigraph ``Store``, an rdflib ``Graph``, a path); it is read by SPARQL,
one query per kind of node of the plans compared.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import combinations
from typing import Sequence

from . import similarity
from ..i18n import Messages
from ..model.vocab import ID_BASE
from ..query.engine import Source, Term, as_source, node_values, select
from ..query.vocab import V

PLAN_BASE = ID_BASE + "plan/"
RATE_UNITS = {"%", "‰", "个百分点", "百分点"}
LEVEL_COMPARATORS = {">=", ">", "<=", "<", "=", "~"}  # a level; "+" (新增, 增长) and "-" (下降, 减少) are changes


class CompareError(ValueError):
    """A comparison that cannot be made (unknown plan, empty graph); the message says why."""


# ---------------------------------------------------------------- records

@dataclass
class Plan:
    iri: str
    id: str
    title: str
    region: str
    level: str | None = None
    issued: str | None = None
    complete: bool | None = None
    parent: str | None = None  # id of the parent plan, when in the graph
    parent_via: str | None = None  # "implements" or "region"
    added: bool = False  # not asked for: included as the parent of a plan that was
    short: str = ""  # a short name for tables and charts (the region's last part)
    tasks: int = 0


@dataclass
class TargetCell:
    plan: str
    value: Decimal  # normalised (pol:normalizedValue), in the row's base unit
    printed: str  # value and unit as printed: 1.2万件
    comparator: str
    year: str | None = None
    indicator: str = ""  # as printed
    parent_value: Decimal | None = None
    share: float | None = None  # value / parent value (counts and amounts of the same kind)
    points: float | None = None  # value - parent value (rates)
    others: list[str] = field(default_factory=list)  # further targets of the key in the plan, printed

    @property
    def number(self) -> float:
        return float(self.value)


@dataclass
class TargetRow:
    key: str
    unit: str  # base unit ("" when none)
    cells: dict[str, TargetCell]  # plan id → cell

    @property
    def is_rate(self) -> bool:
        return self.unit in RATE_UNITS


@dataclass
class Profile:
    plan: str
    type: str  # department type label (科技局)
    type_iri: str
    departments: list[str]  # labels of the plan's departments of this type (区科技局)
    tasks: int  # tasks the type is responsible for
    work: float  # sum over its tasks of 1/n (n = departments on the task)
    task_share: float  # work / tasks with departments, 0..1 (sums to 1 per plan)
    leads: int
    lead_share: float | None  # leads / lead roles of the plan, None when the plan marks no lead


@dataclass
class PairStatus:
    plan: str
    status: str  # "together", "apart" (both named, never on one task), "absent" (one or both missing)
    tasks: int = 0


@dataclass
class Pair:
    a: str
    b: str
    plans: dict[str, PairStatus]

    @property
    def contrast(self) -> bool:
        """Together in one plan, apart in another where both are named."""
        s = {p.status for p in self.plans.values()}
        return "together" in s and "apart" in s


@dataclass
class Keywords:
    plan: str
    section: str | None  # None = the whole plan
    words: list[tuple[str, float]]  # jieba TF-IDF (idf of a general corpus)
    distinctive: list[tuple[str, float]] = field(default_factory=list)  # weighed down when other plans use them too


@dataclass
class TaskMatch:
    parent_plan: str
    parent_task: int
    parent_text: str
    child_plan: str
    child_task: int | None  # None: the child plan has no tasks
    child_text: str
    score: float
    rank: int
    verdict: str
    shared: list[str] = field(default_factory=list)


@dataclass
class Coverage:
    """How much of a parent plan's task list a child plan takes up."""

    parent_plan: str
    child_plan: str
    parent_tasks: int
    taken_up: int
    related: int
    not_found: int
    child_tasks: int
    own: int  # child tasks with no parent task scoring ≥ RELATED: the district's own additions
    child_complete: bool | None


@dataclass
class Citation:
    doc: str
    label: str
    number: str | None
    cited_by: list[str]
    group: str  # "all", "some", "one"


@dataclass
class Comparison:
    plans: list[Plan]
    targets: list[TargetRow]
    profiles: list[Profile]
    pairs: list[Pair]
    keywords: list[Keywords]
    matches: list[TaskMatch]
    coverage: list[Coverage]
    citations: list[Citation]
    note_keys: list[tuple[str, dict]] = field(default_factory=list)  # what the comparison noticed, as graph/i18n messages

    @property
    def notes(self) -> list[str]:
        """The notes in English, as the CLI prints them."""
        en = Messages("en")
        return [en(k, **v) for k, v in self.note_keys]

    def plan(self, id_: str) -> Plan:
        return next(p for p in self.plans if p.id == id_)

    def target(self, key: str) -> TargetRow | None:
        return next((r for r in self.targets if r.key == key), None)


# ---------------------------------------------------------------- helpers

def plan_id(iri: str) -> str:
    s = str(iri)
    return s[len(PLAN_BASE):] if s.startswith(PLAN_BASE) else s


def _one(props: dict, pred: str, lang: str | None = None) -> Term | None:
    """The value of ``pred`` in a node's ``props`` (``@lang`` ones first), the smallest text of several."""
    vals = props.get(pred) or []
    if lang:
        vals = [v for v in vals if v.lang == lang] or vals
    return min(vals, key=lambda t: t.value) if vals else None


def _str(v: Term | None) -> str | None:
    return None if v is None else v.value


def _iris(values: Sequence[str]) -> str:
    return " ".join(f"<{v}>" for v in values)


def _of_plans(plans: Sequence[Plan], kind: str, var: str = "?s") -> str:
    """A pattern binding ``var`` to the nodes of class ``kind`` in ``plans``."""
    return f"VALUES ?plan {{ {_iris([p.iri for p in plans])} }} {var} <{V.inPlan}> ?plan ; a <{kind}> ."


def _short(region: str, title: str) -> str:
    """静海区 for 天津市静海区, 天津市 for 天津市, 国务院 for 国务院."""
    m = re.match(r"^(.+?[省市])(.+[区县市旗])$", region or "")
    if m and m.group(2):
        return m.group(2)
    return region or title[:8]


def fmt_number(d: Decimal | float) -> str:
    """A number as a person writes it: 12000, 3.2, 0.875 (no trailing zeros, no exponent)."""
    d = Decimal(str(d)) if not isinstance(d, Decimal) else d
    s = format(d.normalize(), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s or "0"


def _printed(value, unit) -> str:
    return fmt_number(Decimal(str(value))) + (str(unit) if unit else "")


# ---------------------------------------------------------------- plans and parents

def all_plans(g) -> dict[str, Plan]:
    """Every plan of the graph by id, with its task count."""
    src = as_source(g)
    props = node_values(src, f"?s a <{V.Plan}>", (V.type, V.title, V.region, V.complete, V.governmentLevel,
                                                  V.issued))
    tasks = {r[0].value: int(r[1].value) for r in select(src, (
        f"SELECT ?p (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t <{V.inPlan}> ?p . ?t a <{V.Task}> }} GROUP BY ?p"))}
    out = {}
    for p in sorted(props):
        pp, pid = props[p], plan_id(p)
        title = _str(_one(pp, V.title, "zh")) or pid
        region = _str(_one(pp, V.region)) or ""
        complete = _one(pp, V.complete)
        out[pid] = Plan(iri=p, id=pid, title=title, region=region,
                        level=_str(_one(pp, V.governmentLevel)), issued=_str(_one(pp, V.issued)),
                        complete=None if complete is None else bool(complete.python()),
                        short=_short(region, title), tasks=tasks.get(p, 0))
    return out


def _indicator_keys(src: Source, plan_iri: str) -> set[str]:
    return {r[0].value for r in select(src, f"SELECT DISTINCT ?k WHERE {{ ?t <{V.inPlan}> <{plan_iri}> . "
                                            f"?t <{V.indicatorKey}> ?k }}")}


def _implements(src: Source, plan_iri: str) -> list[str]:
    """The documents a plan implements, sorted."""
    return sorted(r[0].value for r in select(src, f"SELECT DISTINCT ?d WHERE {{ <{plan_iri}> <{V.implements}> ?d }}"))


def find_parent(g, plan: Plan, plans: dict[str, Plan]) -> tuple[str | None, str | None]:
    """The parent plan's id and how it was found ("implements" or "region"), or (None, None)."""
    src = as_source(g)
    for doc in _implements(src, plan.iri):
        if plan_id(doc) in plans and plan_id(doc) != plan.id:
            return plan_id(doc), "implements"
    if not plan.region:
        return None, None
    enclosing = [p for p in plans.values() if p.id != plan.id and p.region and p.region != plan.region
                 and plan.region.startswith(p.region)]
    if not enclosing:
        return None, None
    nearest = max(len(p.region) for p in enclosing)
    cands = [p for p in enclosing if len(p.region) == nearest]
    mine = _indicator_keys(src, plan.iri)
    best = max(cands, key=lambda p: (len(mine & _indicator_keys(src, p.iri)), p.issued or "", p.id))
    return best.id, "region"


def resolve_plans(g, wanted: Sequence[str]) -> list[Plan]:
    """The plans asked for (ids or plan IRIs), in order, then their parents not asked for."""
    g = as_source(g)
    plans = all_plans(g)
    if not plans:
        raise CompareError("the graph has no plans (build one with `policykg build`)")
    out: list[Plan] = []
    for w in wanted:
        pid = plan_id(w.strip())
        if pid not in plans:
            close = [k for k in sorted(plans) if pid in k or k in pid]
            hint = f"; did you mean {', '.join(close)}?" if close else f"; plans in the graph: {', '.join(sorted(plans))}"
            raise CompareError(f"no plan '{w}' in the graph{hint}")
        if all(p.id != pid for p in out):
            out.append(plans[pid])
    i = 0
    while i < len(out):  # parents (and their parents) join the comparison
        p = out[i]
        p.parent, p.parent_via = find_parent(g, p, plans)
        if p.parent and all(q.id != p.parent for q in out):
            par = plans[p.parent]
            par.added = True
            out.append(par)
        i += 1
    seen = Counter(p.short for p in out)
    for p in out:  # names in tables and charts must tell plans apart
        if seen[p.short] > 1:
            p.short = f"{p.short}·{p.id}"
    return out


# ---------------------------------------------------------------- targets

def targets(g, plans: Sequence[Plan]) -> list[TargetRow]:
    """One row per (indicator key, base unit) set by at least one plan; parents' values beside."""
    ids = {p.id for p in plans}
    by_key: dict[tuple[str, str], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    found = node_values(as_source(g), _of_plans(plans, V.Target), (
        V.inPlan, V.indicatorKey, V.normalizedValue, V.baseUnit, V.position, V.targetValue, V.unit,
        V.comparator, V.targetYear, V.indicator))
    for t in sorted(found):
        tp = found[t]
        pid = plan_id(_str(_one(tp, V.inPlan)))
        if pid not in ids:
            continue
        key = _str(_one(tp, V.indicatorKey))
        norm = _one(tp, V.normalizedValue)
        if key is None or norm is None:
            continue
        unit = _str(_one(tp, V.baseUnit)) or ""
        pos = _one(tp, V.position)
        cell = TargetCell(plan=pid, value=Decimal(norm.value),
                          printed=_printed(_str(_one(tp, V.targetValue)), _str(_one(tp, V.unit))),
                          comparator=_str(_one(tp, V.comparator)) or "=",
                          year=_str(_one(tp, V.targetYear)), indicator=_str(_one(tp, V.indicator, "zh")) or key)
        by_key[(key, unit)][pid].append((int(pos.value) if pos is not None else 0, cell))
    parent = {p.id: p.parent for p in plans}
    rows = []
    for (key, unit), per_plan in by_key.items():
        cells = {}
        for pid, lst in per_plan.items():
            lst.sort(key=lambda x: x[0])
            first = lst[0][1]
            first.others = [c.printed for _, c in lst[1:]]
            cells[pid] = first
        row = TargetRow(key=key, unit=unit, cells=cells)
        for pid, c in cells.items():
            par = cells.get(parent.get(pid) or "")
            if par is None:
                continue
            c.parent_value = par.value
            if (c.comparator in LEVEL_COMPARATORS) != (par.comparator in LEVEL_COMPARATORS):
                continue  # a change (增长8%) is not set against a level (达到3%)
            if row.is_rate:
                c.points = float(c.value - par.value)
            elif par.value:
                c.share = float(c.value / par.value)
        rows.append(row)
    order = {p.id: i for i, p in enumerate(plans)}
    rows.sort(key=lambda r: (-len(r.cells), min(order[c] for c in r.cells), r.key, r.unit))
    return rows


# ---------------------------------------------------------------- responsibilities

def _assignments(g, plans: Sequence[Plan]):
    """plan id → list of (task position, [(type label, type iri, dept label, lead?), …]), in task order."""
    src = as_source(g)
    out: dict[str, list] = {p.id: [] for p in plans}
    by_iri = {p.iri: p.id for p in plans}
    tasks = node_values(src, _of_plans(plans, V.Task), (V.inPlan, V.position, V.responsibleDepartment,
                                                        V.leadDepartment))
    of_tasks = _of_plans(plans, V.Task, "?t")
    depts = node_values(src, f"{of_tasks} ?t <{V.responsibleDepartment}> ?s", (V.departmentType, V.label))
    types = node_values(src, f"{of_tasks} ?t <{V.responsibleDepartment}> ?d . ?d <{V.departmentType}> ?s",
                        (V.prefLabel,))
    found = []
    for t, tp in tasks.items():
        resp = sorted(v.value for v in tp.get(V.responsibleDepartment, ()))
        plan = next((by_iri[v.value] for v in tp.get(V.inPlan, ()) if v.value in by_iri), None)
        if not resp or plan is None:
            continue
        leads = {v.value for v in tp.get(V.leadDepartment, ())}
        rows = []
        for d in resp:
            dp = depts.get(d, {})
            ty = _str(_one(dp, V.departmentType))
            dlabel = _str(_one(dp, V.label, "zh")) or d
            tlabel = _str(_one(types.get(ty, {}), V.prefLabel, "zh")) if ty is not None else None
            rows.append((tlabel or dlabel, ty if ty is not None else d, dlabel, d in leads))
        pos = _one(tp, V.position)
        found.append((plan, int(pos.value) if pos is not None else 0, t, rows))
    for plan, pos, _, rows in sorted(found, key=lambda x: x[:3]):
        out[plan].append((pos, rows))
    return out


def profiles(g, plans: Sequence[Plan], _asg=None) -> list[Profile]:
    """Each department type's share of each plan's tasks and lead roles (see module docstring)."""
    asg = _asg or _assignments(g, plans)
    out = []
    for p in plans:
        tasks = asg[p.id]
        if not tasks:
            continue
        work: Counter = Counter()
        ntasks: Counter = Counter()
        leads: Counter = Counter()
        depts: dict[str, set] = defaultdict(set)
        iri: dict[str, str] = {}
        for _, rows in tasks:
            n = len(rows)
            for label, ty, dlabel, lead in rows:
                work[label] += 1 / n
                leads[label] += int(lead)
                depts[label].add(dlabel)
                iri[label] = ty
            for label in {r[0] for r in rows}:
                ntasks[label] += 1
        total_leads = sum(leads.values())
        for label in sorted(work, key=lambda k: (-work[k], k)):
            out.append(Profile(plan=p.id, type=label, type_iri=iri[label], departments=sorted(depts[label]),
                               tasks=ntasks[label], work=round(work[label], 6),
                               task_share=work[label] / len(tasks), leads=leads[label],
                               lead_share=(leads[label] / total_leads) if total_leads else None))
    return out


def pairs(g, plans: Sequence[Plan], _asg=None) -> list[Pair]:
    """Pairs of department types named on one task in at least one plan, with each plan's status."""
    asg = _asg or _assignments(g, plans)
    together: dict[str, Counter] = {}
    present: dict[str, set] = {}
    for p in plans:
        c: Counter = Counter()
        seen = set()
        for _, rows in asg[p.id]:
            types = sorted({r[0] for r in rows})
            seen.update(types)
            c.update(combinations(types, 2))
        together[p.id], present[p.id] = c, seen
    keys = sorted({k for c in together.values() for k in c})
    with_tasks = [p for p in plans if asg[p.id]]
    out = []
    for a, b in keys:
        st = {}
        for p in with_tasks:
            n = together[p.id].get((a, b), 0)
            if n:
                st[p.id] = PairStatus(p.id, "together", n)
            elif a in present[p.id] and b in present[p.id]:
                st[p.id] = PairStatus(p.id, "apart")
            else:
                st[p.id] = PairStatus(p.id, "absent")
        out.append(Pair(a, b, st))
    out.sort(key=lambda x: (not x.contrast, -sum(s.status == "together" for s in x.plans.values()),
                            -sum(s.tasks for s in x.plans.values()), x.a, x.b))
    return out


# ---------------------------------------------------------------- texts: keywords and matching

@dataclass
class _Task:
    plan: str
    position: int
    text: str
    top: str | None  # top-level section label


def _tasks(g, plan: Plan) -> list[_Task]:
    """The plan's tasks in order, each with its text and its top-level section's label."""
    src = as_source(g)
    found = node_values(src, _of_plans([plan], V.Task), (V.inSection, V.position, V.text))
    sections = node_values(src, f"?s <{V.inPlan}> <{plan.iri}> ; a <{V.Section}> .", (V.parentSection, V.label))
    out = []
    for t in sorted(found):
        tp = found[t]
        sec = _str(_one(tp, V.inSection))
        top = None
        seen = set()
        while sec is not None and sec not in seen:
            seen.add(sec)
            top = sec
            sec = _str(_one(sections.get(sec, {}), V.parentSection))
        pos = _one(tp, V.position)
        out.append(_Task(plan.id, int(pos.value) if pos is not None else 0, _str(_one(tp, V.text)) or "",
                         _str(_one(sections.get(top, {}), V.label)) if top is not None else None))
    out.sort(key=lambda t: t.position)
    return out


@lru_cache(maxsize=1)
def keyword_extractor():
    """jieba's TF-IDF extractor on a private tokenizer (never ``jieba.dt``), with our stopwords."""
    from extract.jieba_import import jieba as import_jieba

    import_jieba()  # without pkg_resources (extract/jieba_import.py)
    import jieba.analyse
    import jieba.posseg

    tk = similarity.tokenizer()
    ex = jieba.analyse.TFIDF()
    ex.tokenizer = tk
    ex.postokenizer = jieba.posseg.POSTokenizer(tk)
    ex.stop_words = set(ex.stop_words) | set(similarity.stopwords())
    return ex


_NOT_KEYWORD = re.compile(r"^[\d.%％,，\-—]+$|^[\d.]+[^\u4e00-\u9fff]*$|^\d")


def keywords_of(text: str, k: int | None = 10) -> list[tuple[str, float]]:
    """The ``k`` words of ``text`` that weigh most (jieba TF-IDF; numbers and stopwords dropped)."""
    if not text.strip():
        return []
    tags = keyword_extractor().extract_tags(similarity.simplified(text), topK=None, withWeight=True)
    out = [(w, round(float(s), 4)) for w, s in tags if not _NOT_KEYWORD.search(w)]
    return out[:k] if k else out


def _distinctive(weights: list[tuple[str, float]], df: Counter, n: int, k: int) -> list[tuple[str, float]]:
    """Re-weigh keywords by ``ln((1 + n) / (1 + df))``: words every compared plan uses drop out."""
    if n < 2:
        return weights[:k]
    out = [(w, round(s * math.log((1 + n) / (1 + df[w])), 4)) for w, s in weights]
    return sorted((x for x in out if x[1] > 0), key=lambda x: (-x[1], x[0]))[:k]


def keywords(plans: Sequence[Plan], tasks: dict[str, list[_Task]], k_plan: int = 12, k_section: int = 6) -> list[Keywords]:
    """Keywords of each plan and of each of its top-level sections (text = the tasks in it)."""
    texts = {p.id: "\n".join(t.text for t in tasks[p.id]) for p in plans if tasks[p.id]}
    full = {pid: keywords_of(text, None) for pid, text in texts.items()}
    df: Counter = Counter(w for ws in full.values() for w in {w for w, _ in ws})
    n = len(full)
    out = []
    for p in plans:
        if p.id not in full:
            continue
        out.append(Keywords(p.id, None, full[p.id][:k_plan], _distinctive(full[p.id], df, n, k_plan)))
        by_sec: dict[str, list[str]] = {}
        for t in tasks[p.id]:
            by_sec.setdefault(t.top or "", []).append(t.text)
        for sec, sec_texts in by_sec.items():
            if sec:
                ws = keywords_of("\n".join(sec_texts), None)
                out.append(Keywords(p.id, sec, ws[:k_section], _distinctive(ws, df, n, k_section)))
    return out


def match_tasks(plans: Sequence[Plan], tasks: dict[str, list[_Task]], k: int = 3) -> tuple[list[TaskMatch], list[Coverage]]:
    """For each parent plan's task, the ``k`` most similar tasks of each of its child plans (and any
    further ones that score as taken up), best first."""
    matches: list[TaskMatch] = []
    coverage: list[Coverage] = []
    by_id = {p.id: p for p in plans}
    children: dict[str, list[Plan]] = defaultdict(list)
    for p in plans:
        if p.parent in by_id:
            children[p.parent].append(p)
    for parent_id, kids in children.items():
        ptasks = tasks[parent_id]
        if not ptasks:
            continue
        corpus_plans = [parent_id] + [c.id for c in kids]
        corpus = [t.text for pid in corpus_plans for t in tasks[pid]]
        sim = similarity.Similarity(corpus)
        offset = {}
        n = 0
        for pid in corpus_plans:
            offset[pid] = n
            n += len(tasks[pid])
        for child in kids:
            ctasks = tasks[child.id]
            best_for_child = [0.0] * len(ctasks)
            counts = Counter()
            for i, pt in enumerate(ptasks):
                scored = sorted(((sim.score(offset[parent_id] + i, offset[child.id] + j), j) for j in range(len(ctasks))),
                                key=lambda x: (-x[0], x[1]))
                for s, j in scored:
                    best_for_child[j] = max(best_for_child[j], s)
                if not scored:
                    matches.append(TaskMatch(parent_id, pt.position, pt.text, child.id, None, "", 0.0, 1, "not found"))
                    counts["not found"] += 1
                    continue
                counts[similarity.verdict(scored[0][0])] += 1
                shown = [x for n_, x in enumerate(scored) if n_ < k or x[0] >= similarity.TAKEN_UP]
                for rank, (s, j) in enumerate(shown, 1):
                    ct = ctasks[j]
                    matches.append(TaskMatch(parent_id, pt.position, pt.text, child.id, ct.position, ct.text, s, rank,
                                             similarity.verdict(s),
                                             sim.shared_words(offset[parent_id] + i, offset[child.id] + j, 6)))
            coverage.append(Coverage(parent_id, child.id, len(ptasks), counts["taken up"], counts["related"],
                                     counts["not found"], len(ctasks),
                                     sum(1 for b in best_for_child if b < similarity.RELATED), child.complete))
    return matches, coverage


# ---------------------------------------------------------------- citations

def citations(g, plans: Sequence[Plan]) -> list[Citation]:
    """Documents cited by the plans (not the plans of the comparison themselves), grouped."""
    src = as_source(g)
    ids = [p.id for p in plans]
    own = {p.iri for p in plans}
    by_doc: dict[str, set] = defaultdict(set)
    by_iri = {p.iri: p.id for p in plans}
    for p, d in select(src, f"SELECT DISTINCT ?p ?d WHERE {{ VALUES ?p {{ {_iris(list(by_iri))} }} ?p <{V.cites}> ?d }}"):
        if d.value not in own:
            by_doc[d.value].add(by_iri[p.value])
    docs = node_values(src, f"VALUES ?s {{ {_iris(sorted(by_doc))} }}", (V.label, V.title, V.documentNumber)) \
        if by_doc else {}
    out = []
    for d, who in sorted(by_doc.items()):
        dp = docs.get(d, {})
        label = _str(_one(dp, V.label, "zh")) or _str(_one(dp, V.title, "zh")) or d
        group = "all" if len(who) == len(ids) and len(ids) > 1 else ("one" if len(who) == 1 else "some")
        out.append(Citation(d, label, _str(_one(dp, V.documentNumber)), [i for i in ids if i in who], group))
    rank = {"all": 0, "some": 1, "one": 2}
    out.sort(key=lambda c: (rank[c.group], -len(c.cited_by), c.label))
    return out


# ---------------------------------------------------------------- all together

def compare(g, wanted: Sequence[str], k: int = 3) -> Comparison:
    """Compare the plans ``wanted`` (ids or IRIs) of graph ``g``; see the module docstring."""
    if not wanted:
        raise CompareError("name at least one plan to compare")
    g = as_source(g)
    plans = resolve_plans(g, wanted)
    asg = _assignments(g, plans)
    tasks = {p.id: _tasks(g, p) for p in plans}
    matches, coverage = match_tasks(plans, tasks, k=k)
    known = all_plans(g)
    notes: list[tuple[str, dict]] = []
    for p in plans:
        if p.added:
            kids = [q.short for q in plans if q.parent == p.id]
            notes.append(("cmp.note.added_one" if len(kids) == 1 else "cmp.note.added_many",
                          {"short": p.short, "id": p.id, "kids": "、".join(kids)}))
        if not p.parent:
            docs = [d for d in _implements(g, p.iri) if not any(q.iri == d for q in known.values())]
            labels = node_values(g, f"VALUES ?s {{ {_iris(docs)} }}", (V.label,)) if docs else {}
            for d in docs:
                label = _str(_one(labels.get(d, {}), V.label, "zh")) or d
                notes.append(("cmp.note.not_in_graph", {"short": p.short, "label": label}))
        if p.parent and p.parent_via == "region":
            notes.append(("cmp.note.by_region", {"short": p.short, "parent": p.parent}))
        if p.complete is False:
            notes.append(("cmp.note.excerpt", {"short": p.short, "id": p.id}))
        if not tasks[p.id]:
            notes.append(("cmp.note.no_tasks", {"short": p.short, "id": p.id}))
    return Comparison(plans=plans, targets=targets(g, plans), profiles=profiles(g, plans, asg),
                      pairs=pairs(g, plans, asg), keywords=keywords(plans, tasks), matches=matches,
                      coverage=coverage, citations=citations(g, plans), note_keys=notes)


def default_plans(g) -> list[str]:
    """Plans to compare when none are named: every plan that implements a plan of the graph."""
    g = as_source(g)
    plans = all_plans(g)
    out = []
    for p in sorted(plans.values(), key=lambda p: p.id):
        if find_parent(g, p, plans)[1] == "implements":
            out.append(p.id)
    return out

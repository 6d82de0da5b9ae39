"""A short Markdown report of the network analysis, in Chinese or English, to paste into a paper.

The plans side by side, the ten most central departments, each plan's clusters and the bodies that
issue documents together. Every number is the one of the CSV files (same definitions,
:mod:`.metrics`), rounded to three decimals; the report names no path or date, so it is the same
bytes whether the graph came from a file or a store.
"""
from __future__ import annotations

from .issuers import IssuerPair
from .tables import Analysis

MAX_PLANS = 30  # plans listed side by side (those with most departments when there are more)
MAX_CLUSTER_PLANS = 10  # plans whose clusters are listed
MAX_MEMBERS = 12  # departments named per cluster
TOP = 10

TEXT = {
    "zh": {
        "title": "部门协同网络分析",
        "summary": "{plans} 个规划，{tasks} 个有责任部门的任务，{departments} 个部门（按规划计）。",
        "definitions": "定义（README“网络分析”一节）：节点为对规划中至少一项任务负责（pol:responsibleDepartment）"
                       "的部门；两个部门共同负责同一任务即相连，权重为共同任务数。密度 = 2E/(N(N−1))；连通分量含孤立部门；"
                       "度中心势为 Freeman 度中心势 Σ(最大度−度)/((N−1)(N−2))；协同率为两个及以上部门负责的任务占比；"
                       "中介中心性按无权最短路径计算，除以 (N−1)(N−2)/2；k-核为核数；社群为 Louvain 算法（固定随机种子）。",
        "plans": "各规划的网络",
        "plan_cols": ["规划", "地区", "发布日期", "任务", "部门", "部门对", "密度", "连通分量", "度中心势", "协同率"],
        "more_plans": "另有 {n} 个规划见 plans.csv（此处列出部门最多的 {shown} 个）。",
        "central": "最核心的十个部门",
        "central_note": "按度（合作部门数）排序，其次为中介中心性、加权度。",
        "central_cols": ["部门", "类型", "规划", "任务", "牵头", "度", "加权度", "中介中心性", "k-核", "社群"],
        "clusters": "社群",
        "clusters_note": "每个规划的 Louvain 社群（两个及以上部门），按规模排序。",
        "cluster": "社群 {k}（{n} 个部门）",
        "more_members": "等 {n} 个",
        "no_clusters": "没有两个及以上部门组成的社群。",
        "issuers": "联合发文网络",
        "issuers_note": "共同发布同一文件的机构对（规划及其引用的文件；发文机关取自标题开头或文号机关代字）。",
        "issuer_cols": ["机构", "机构", "文件数", "文件（示例）"],
        "no_issuers": "图中没有两个机构共同发布的文件。",
        "sep": "、",
    },
    "en": {
        "title": "Department network analysis",
        "summary": "{plans} plans, {tasks} tasks with a responsible department, {departments} departments (counted per plan).",
        "definitions": "Definitions (README, \"Network analysis\"): nodes are the departments responsible "
                       "(pol:responsibleDepartment) for at least one task of the plan; two departments are linked "
                       "when they are responsible for the same task, weighted by the number of such tasks. "
                       "Density = 2E/(N(N−1)); components count isolated departments; centralization = Freeman "
                       "degree centralisation Σ(max degree − degree)/((N−1)(N−2)); collaboration rate = share of "
                       "tasks with two or more departments; betweenness on the unweighted network, normalised by "
                       "(N−1)(N−2)/2; core = k-core number; community = Louvain with a fixed seed.",
        "plans": "The plans side by side",
        "plan_cols": ["Plan", "Region", "Issued", "Tasks", "Departments", "Pairs", "Density", "Components",
                      "Centralization", "Collaboration rate"],
        "more_plans": "{n} more plans are in plans.csv (the {shown} with most departments are listed).",
        "central": "The ten most central departments",
        "central_note": "By degree (distinct partners), then betweenness, then weighted degree.",
        "central_cols": ["Department", "Type", "Plan", "Tasks", "Lead", "Degree", "Weighted degree", "Betweenness",
                         "Core", "Community"],
        "clusters": "Clusters",
        "clusters_note": "Each plan's Louvain communities of two or more departments, largest first.",
        "cluster": "Community {k} ({n} departments)",
        "more_members": "and {n} more",
        "no_clusters": "No community of two or more departments.",
        "issuers": "Joint-issuing network",
        "issuers_note": "Bodies that issue the same document (plans and the documents they cite; issuers read "
                        "from the head of a title or from a 文号's issuer code).",
        "issuer_cols": ["Body", "Body", "Documents", "Documents (example)"],
        "no_issuers": "No document of the graph is issued by two bodies.",
        "sep": ", ",
    },
}


def _f(x: float) -> str:
    return f"{x:.3f}"


def _cell(s) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def _table(cols: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    out += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows]
    return out


def render(a: Analysis, pairs: list[IssuerPair], lang: str = "zh") -> str:
    """The report as Markdown text in ``lang`` (``zh`` or ``en``)."""
    t = TEXT[lang]
    ms = [pn.metrics for pn in a.plans]
    lines = [f"# {t['title']}", "",
             t["summary"].format(plans=len(a.plans), tasks=sum(m.tasks for m in ms),
                                 departments=sum(m.departments for m in ms)), "", t["definitions"], ""]
    lines += _plans(a, t) + _central(a, t) + _clusters(a, t) + _issuers(pairs, t)
    return "\n".join(lines).rstrip() + "\n"


def _largest(a: Analysis, n: int):
    """The ``n`` plans with most departments (then by IRI), in plan IRI order."""
    keep = sorted(a.plans, key=lambda pn: (-pn.metrics.departments, pn.plan.iri))[:n]
    return sorted(keep, key=lambda pn: pn.plan.iri)


def _plans(a: Analysis, t: dict) -> list[str]:
    shown = _largest(a, MAX_PLANS)
    rows = [[pn.plan.title or pn.plan.id, pn.plan.region, pn.plan.issued, pn.metrics.tasks, pn.metrics.departments,
             pn.metrics.pairs, _f(pn.metrics.density), pn.metrics.components, _f(pn.metrics.centralization),
             _f(pn.metrics.collaboration_rate)] for pn in shown]
    out = [f"## {t['plans']}", ""] + _table(t["plan_cols"], rows) + [""]
    if len(a.plans) > len(shown):
        out += [t["more_plans"].format(n=len(a.plans) - len(shown), shown=len(shown)), ""]
    return out


def _central(a: Analysis, t: dict) -> list[str]:
    rows = []
    for pn in a.plans:
        for d, m in pn.departments.items():
            dep = a.data.departments.get(d)
            rows.append((m, dep.label if dep else d, dep.type if dep else "", pn.plan, d))
    rows.sort(key=lambda r: (-r[0].degree, -r[0].betweenness, -r[0].weighted_degree, r[1], r[3].iri, r[4]))
    table = [[label, typ, plan.title or plan.id, m.tasks, m.lead_tasks, m.degree, m.weighted_degree,
              _f(m.betweenness), m.core, m.community] for m, label, typ, plan, _ in rows[:TOP]]
    return [f"## {t['central']}", "", t["central_note"], ""] + _table(t["central_cols"], table) + [""]


def _clusters(a: Analysis, t: dict) -> list[str]:
    out = [f"## {t['clusters']}", "", t["clusters_note"], ""]
    any_cluster = False
    for pn in _largest(a, MAX_CLUSTER_PLANS):
        groups: dict[int, list[str]] = {}
        for d, m in pn.departments.items():
            dep = a.data.departments.get(d)
            groups.setdefault(m.community, []).append(dep.label if dep else d)
        groups = {k: sorted(v) for k, v in sorted(groups.items()) if len(v) >= 2}
        if not groups:
            continue
        any_cluster = True
        out += [f"### {pn.plan.title or pn.plan.id}", ""]
        for k, members in groups.items():
            names = t["sep"].join(members[:MAX_MEMBERS])
            if len(members) > MAX_MEMBERS:
                names += " " + t["more_members"].format(n=len(members) - MAX_MEMBERS)
            out.append(f"- {t['cluster'].format(k=k, n=len(members))}: {names}")
        out.append("")
    if not any_cluster:
        out += [t["no_clusters"], ""]
    return out


def _issuers(pairs: list[IssuerPair], t: dict) -> list[str]:
    out = [f"## {t['issuers']}", "", t["issuers_note"], ""]
    if not pairs:
        return out + [t["no_issuers"], ""]
    rows = [[p.first_label, p.second_label, len(p.documents), p.titles[0]] for p in pairs[:TOP]]
    return out + _table(t["issuer_cols"], rows) + [""]

"""A short Markdown report of the network analysis, in Chinese or English, to paste into a paper.

The plans side by side, the ten most central departments, each plan's clusters and the bodies that
issue documents together. Every number is the one of the CSV files (same definitions,
:mod:`.metrics`), rounded to three decimals; the report names no path or date, so it is the same
bytes whether the graph came from a file or a store.
"""
from __future__ import annotations

from ..i18n import strings
from .issuers import IssuerPair
from .tables import Analysis

MAX_PLANS = 30  # plans listed side by side (those with most departments when there are more)
MAX_CLUSTER_PLANS = 10  # plans whose clusters are listed
MAX_MEMBERS = 12  # departments named per cluster
TOP = 10

COLUMNS = ("plan_cols", "central_cols", "issuer_cols")  # messages that hold a table's headers, "|"-separated


def words(lang: str) -> dict:
    """The report's words in ``lang``: the ``net.*`` messages of the pages' one table
    (``graph/i18n/strings.tsv``), so the report says what the map and the compare report say."""
    t = {k[len("net."):]: v for k, v in strings(lang).items() if k.startswith("net.")}
    for k in COLUMNS:
        t[k] = t[k].split("|")
    return t


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
    t = words(lang)
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

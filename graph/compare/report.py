"""A ``Comparison`` (graph/compare/compare.py) as files: one offline HTML page and CSV tables.

The page needs nothing but a browser: no script, no CDN, no web font; charts are inline SVG drawn
here; every text from the graph is HTML-escaped. CSV files are UTF-8 (no BOM), one header row,
numbers written plainly (12000, not 1.2E+4), shares as fractions (0.05 = 5 %).

Files (``write_report(comparison, out_dir)``): ``report.html``, ``plans.csv``, ``targets.csv``
(one row per plan and indicator), ``targets_wide.csv`` (one row per indicator, a column per plan),
``profiles.csv``, ``pairs.csv``, ``keywords.csv``, ``matches.csv``, ``coverage.csv``,
``citations.csv``.
"""
from __future__ import annotations

import csv
import io
from html import escape
from pathlib import Path
from typing import Iterable, Sequence

from ..i18n import Messages, resolve
from ..stores.files import spreadsheet_cell, write_text
from . import similarity
from .compare import Comparison, Plan, fmt_number

PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac", "#1f77b4", "#8c564b"]
OTHER_COLOR = "#d9d9d9"
PARENT_COLOR = "#9c755f"
VERDICT_COLOR = {"taken up": "#2e7d32", "related": "#b26a00", "not found": "#9e9e9e"}


def _e(s) -> str:
    return escape("" if s is None else str(s), quote=True)


def _pct(x: float | None, digits: int = 1) -> str:
    return "" if x is None else f"{x * 100:.{digits}f} %"


def _num(x) -> str:
    return "" if x is None else fmt_number(x)


def _grouped(x) -> str:
    """12000 → 12,000 (for reading; CSV files keep plain numbers)."""
    s = fmt_number(x)
    whole, _, frac = s.partition(".")
    neg = whole.startswith("-")
    whole = f"{int(whole.lstrip('-')):,}"
    return ("-" if neg else "") + whole + ("." + frac if frac else "")


def _frac(x: float | None) -> str:
    return "" if x is None else f"{x:.6g}"


# ---------------------------------------------------------------- CSV

def _csv(rows: Iterable[Sequence], header: Sequence[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else spreadsheet_cell(v) for v in r])
    return buf.getvalue()


def csv_tables(c: Comparison) -> dict[str, str]:
    """File name → CSV text of every table of the comparison."""
    short = {p.id: p.short for p in c.plans}
    out = {}
    out["plans.csv"] = _csv(
        ((p.id, p.short, p.title, p.region, p.level, p.issued, "" if p.complete is None else str(p.complete).lower(),
          p.parent, p.parent_via, str(p.added).lower(), p.tasks) for p in c.plans),
        ["plan", "name", "title", "region", "level", "issued", "complete", "parent", "parent_via", "added", "tasks"])
    rows = []
    for r in c.targets:
        for p in c.plans:
            cell = r.cells.get(p.id)
            if cell:
                rows.append((r.key, r.unit, p.id, p.short, cell.indicator, cell.printed, _num(cell.value),
                             cell.comparator, cell.year, p.parent if cell.parent_value is not None else None,
                             _num(cell.parent_value), _frac(cell.share),
                             None if cell.points is None else fmt_number(round(cell.points, 6)), " | ".join(cell.others)))
    out["targets.csv"] = _csv(rows, ["indicator_key", "base_unit", "plan", "name", "indicator", "printed", "value",
                                     "comparator", "year", "parent", "parent_value", "share_of_parent",
                                     "points_vs_parent", "other_targets_same_key"])
    out["targets_wide.csv"] = _csv(
        ([r.key, r.unit] + [_num(r.cells[p.id].value) if p.id in r.cells else "" for p in c.plans] for r in c.targets),
        ["indicator_key", "base_unit"] + [p.id for p in c.plans])
    out["profiles.csv"] = _csv(
        ((x.plan, short[x.plan], x.type, "、".join(x.departments), x.tasks, _frac(x.work), _frac(x.task_share),
          x.leads, _frac(x.lead_share)) for x in c.profiles),
        ["plan", "name", "department_type", "departments", "tasks", "work", "task_share", "leads", "lead_share"])
    out["pairs.csv"] = _csv(
        ((pr.a, pr.b, str(pr.contrast).lower(), s.plan, short[s.plan], s.status, s.tasks)
         for pr in c.pairs for s in pr.plans.values()),
        ["type_a", "type_b", "contrast", "plan", "name", "status", "tasks"])
    out["keywords.csv"] = _csv(
        ((k.plan, short[k.plan], k.section or "", kind, i, w, f"{s:.4f}")
         for k in c.keywords for kind, ws in (("tfidf", k.words), ("distinctive", k.distinctive))
         for i, (w, s) in enumerate(ws, 1)),
        ["plan", "name", "section", "kind", "rank", "word", "weight"])
    out["matches.csv"] = _csv(
        ((m.parent_plan, m.parent_task, m.child_plan, short[m.child_plan], m.child_task, m.rank, f"{m.score:.4f}",
          m.verdict, " ".join(m.shared), m.parent_text, m.child_text) for m in c.matches),
        ["parent_plan", "parent_task", "child_plan", "name", "child_task", "rank", "score", "verdict",
         "shared_words", "parent_text", "child_text"])
    out["coverage.csv"] = _csv(
        ((v.parent_plan, v.child_plan, short[v.child_plan], v.parent_tasks, v.taken_up, v.related, v.not_found,
          v.child_tasks, v.own, "" if v.child_complete is None else str(v.child_complete).lower()) for v in c.coverage),
        ["parent_plan", "child_plan", "name", "parent_tasks", "taken_up", "related", "not_found", "child_tasks",
         "own_tasks", "child_complete"])
    out["citations.csv"] = _csv(
        ((x.group, len(x.cited_by), x.label, x.number, " ".join(x.cited_by), x.doc) for x in c.citations),
        ["group", "plans", "label", "number", "cited_by", "document"])
    return out


# ---------------------------------------------------------------- SVG charts

def _text_width(s: str, size: int = 12) -> int:
    """Rough width in pixels of ``s`` at ``size`` px: CJK characters are square, others about half."""
    from unicodedata import east_asian_width

    return int(sum(size if east_asian_width(ch) in "WF" else size * 0.6 for ch in s))


def _svg_open(w: int, h: int, title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
            f'role="img" aria-label="{_e(title)}" font-family="sans-serif" font-size="12">'
            f"<title>{_e(title)}</title>")


def bar_chart(title: str, bars: Sequence[tuple[str, float, str]], width: int = 520, color: str = PALETTE[0],
              highlight: str | None = None) -> str:
    """Horizontal bars: (label, value ≥ 0, text shown at the bar's end); linear scale from 0."""
    bh, gap, top = 18, 6, 22
    left = 12 + max((_text_width(label) for label, _, _ in bars), default=40)
    right = 10 + max((_text_width(text) for _, _, text in bars), default=40)
    width = max(width, left + right + 120)
    h = top + len(bars) * (bh + gap) + 4
    vmax = max((v for _, v, _ in bars), default=0) or 1
    out = [_svg_open(width, h, title), f'<text x="0" y="14" font-weight="bold">{_e(title)}</text>']
    for i, (label, v, text) in enumerate(bars):
        y = top + i * (bh + gap)
        bw = max(1.0, (width - left - right) * max(v, 0) / vmax)
        fill = PARENT_COLOR if highlight and label == highlight else color
        out.append(f'<text x="{left - 6}" y="{y + bh - 5}" text-anchor="end">{_e(label)}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{bw:.1f}" height="{bh}" fill="{fill}"><title>{_e(label)}: {_e(text)}</title></rect>')
        out.append(f'<text x="{left + bw + 4:.1f}" y="{y + bh - 5}">{_e(text)}</text>')
    out.append("</svg>")
    return "".join(out)


def stacked_chart(title: str, rows: Sequence[tuple[str, list[tuple[str, float]]]], colors: dict[str, str],
                  width: int = 720) -> str:
    """100 % stacked horizontal bars: (row label, [(segment, fraction)]), with a legend below."""
    bh, gap, left, top = 22, 8, 90, 22
    plot_w = width - left - 10
    legend = list(colors)
    per_line = max(1, (width - 10) // 130)
    h = top + len(rows) * (bh + gap) + 10 + ((len(legend) + per_line - 1) // per_line) * 18
    out = [_svg_open(width, h, title), f'<text x="0" y="14" font-weight="bold">{_e(title)}</text>']
    for i, (label, segs) in enumerate(rows):
        y = top + i * (bh + gap)
        out.append(f'<text x="{left - 6}" y="{y + bh - 6}" text-anchor="end">{_e(label)}</text>')
        x = float(left)
        for name, frac in segs:
            w = plot_w * frac
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{max(w, 0):.1f}" height="{bh}" fill="{colors.get(name, OTHER_COLOR)}" '
                       f'stroke="#fff" stroke-width="0.5"><title>{_e(label)} · {_e(name)}: {_pct(frac)}</title></rect>')
            if w > 44:
                out.append(f'<text x="{x + 3:.1f}" y="{y + bh - 6}" fill="#fff" font-size="11">{_e(name)}</text>')
            x += w
    ly = top + len(rows) * (bh + gap) + 6
    for i, name in enumerate(legend):
        lx, row = (i % per_line) * 130, i // per_line
        out.append(f'<rect x="{lx}" y="{ly + row * 18}" width="12" height="12" fill="{colors[name]}"/>'
                   f'<text x="{lx + 16}" y="{ly + row * 18 + 10}">{_e(name)}</text>')
    out.append("</svg>")
    return "".join(out)


# ---------------------------------------------------------------- HTML

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
margin:2em auto;max-width:1200px;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{border-bottom:2px solid #4e79a7;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.92em}
th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}th{background:#f2f5f9;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.small{font-size:.85em;color:#555}.note{background:#fff8e1;border-left:4px solid #edc948;padding:.4em .8em;margin:.3em 0}
.charts{display:flex;flex-wrap:wrap;gap:1.5em}.v-taken{color:#2e7d32;font-weight:bold}
.v-related{color:#b26a00}.v-not{color:#9e9e9e}details{margin:.2em 0}
.task{max-width:38em}.kw span{display:inline-block;background:#eef3f8;border-radius:3px;padding:0 .35em;margin:.1em}
"""


def _verdict_class(v: str) -> str:
    return {"taken up": "v-taken", "related": "v-related"}.get(v, "v-not")


def _clip(s: str, n: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[:n] + "…"


def _plan_label(p: Plan, m: Messages) -> str:
    return f"{p.short}" + (m("cmp.excerpt_mark") if p.complete is False else "")


def _section_plans(c: Comparison, m: Messages) -> str:
    rows = []
    byid = {p.id: p for p in c.plans}
    for p in c.plans:
        parent = byid[p.parent].short if p.parent in byid else ""
        via = m("cmp.via." + p.parent_via) if p.parent_via in ("implements", "region") else ""
        rows.append(f"<tr><td>{_e(p.short)}</td><td>{_e(p.title)}<div class=small>{_e(p.id)}</div></td><td>{_e(p.region)}</td>"
                    f"<td>{_e(m.table.get('cmp.level.' + (p.level or ''), p.level or ''))}</td><td>{_e(p.issued or '')}</td>"
                    f"<td>{m('cmp.text.complete') if p.complete else (m('cmp.text.excerpt') if p.complete is False else '')}</td>"
                    f"<td class=n>{p.tasks}</td><td>{_e(parent)}{(' <span class=small>(' + via + ')</span>') if parent else ''}"
                    f"{' <span class=small>' + m('cmp.added_parent') + '</span>' if p.added else ''}</td></tr>")
    notes = "".join(f'<div class="note">{_e(m(k, **v))}</div>' for k, v in c.note_keys)
    head = "".join(f"<th>{m('cmp.col.' + k)}</th>" for k in ("name", "title", "region", "level", "issued", "text",
                                                              "tasks", "parent"))
    return f"<h2 id=plans>{m('cmp.plans')}</h2><table><tr>{head}</tr>" + "".join(rows) + "</table>" + notes


def _section_targets(c: Comparison, m: Messages) -> str:
    if not c.targets:
        return f"<h2 id=targets>{m('cmp.targets')}</h2><p>{m('cmp.targets.none')}</p>"
    head = "".join(f"<th>{_e(_plan_label(p, m))}</th>" for p in c.plans)
    rows = []
    for r in c.targets:
        tds = []
        for p in c.plans:
            cell = r.cells.get(p.id)
            if not cell:
                tds.append("<td></td>")
                continue
            extra = []
            if cell.share is not None:
                extra.append(m("cmp.share_of_parent", share=_pct(cell.share, 2 if cell.share < 0.1 else 1)))
            if cell.points is not None:
                extra.append(m("cmp.points_vs_parent", pts=f"{cell.points:+.2g}") if cell.points else m("cmp.same_as_parent"))
            if cell.comparator == "+":
                extra.append(m("cmp.increment"))
            elif cell.comparator == "-":
                extra.append(m("cmp.decrease"))
            if cell.others:
                extra.append(m("cmp.also", x=m("list.sep").join(cell.others)))
            tip = f"{cell.indicator}: {cell.printed} = {_num(cell.value)} {r.unit} ({cell.comparator})"
            tds.append(f'<td class=n title="{_e(tip)}">{_e(cell.printed)}'
                       f"<div class=small>{_e(_grouped(cell.value))} {_e(r.unit)}</div>"
                       + "".join(f"<div class=small>{_e(x)}</div>" for x in extra) + "</td>")
        rows.append(f"<tr><th>{_e(r.key)}<div class=small>{_e(r.unit)}</div></th>{''.join(tds)}</tr>")
    charts = []
    for r in c.targets:
        if len(r.cells) < 2:
            continue
        bars = [(p.short, r.cells[p.id].number, r.cells[p.id].printed) for p in c.plans if p.id in r.cells]
        parents = {p.parent for p in c.plans if p.parent}
        top = next((p.short for p in c.plans if p.id in parents and p.id in r.cells), None)
        charts.append(bar_chart(f"{r.key} ({r.unit})", bars, color=PALETTE[0], highlight=top))
    share_bars = []
    for r in c.targets:
        for p in c.plans:
            cell = r.cells.get(p.id)
            if cell and cell.share is not None:
                share_bars.append((f"{r.key} · {p.short}", cell.share * 100, _pct(cell.share, 2 if cell.share < 0.1 else 1)))
    if share_bars:
        charts.append(bar_chart(m("cmp.chart.share"), share_bars, width=620, color=PALETTE[1]))
    return (f"<h2 id=targets>{m('cmp.targets')}</h2>"
            f"<p class=small>{m('cmp.targets.about')}</p>"
            f"<table><tr><th>{m('cmp.col.indicator')}</th>{head}</tr>{''.join(rows)}</table>"
            f"<div class=charts>{''.join(charts)}</div>")


def _type_colors(c: Comparison, n: int = len(PALETTE), other: str = "other") -> dict[str, str]:
    total: dict[str, float] = {}
    for x in c.profiles:
        total[x.type] = total.get(x.type, 0) + x.task_share
    top = sorted(total, key=lambda t: (-total[t], t))[:n]
    colors = {t: PALETTE[i] for i, t in enumerate(top)}
    if len(total) > n:
        colors[other] = OTHER_COLOR
    return colors


def _section_profiles(c: Comparison, m: Messages) -> str:
    plans = [p for p in c.plans if any(x.plan == p.id for x in c.profiles)]
    if not plans:
        return f"<h2 id=profiles>{m('cmp.profiles')}</h2><p>{m('cmp.profiles.none')}</p>"
    total: dict[str, float] = {}
    for x in c.profiles:
        total[x.type] = total.get(x.type, 0) + x.task_share
    types = sorted(total, key=lambda t: (-total[t], t))
    prof = {(x.plan, x.type): x for x in c.profiles}
    head = "".join(f"<th colspan=2>{_e(_plan_label(p, m))}</th>" for p in plans)
    sub = "".join(f"<th>{m('cmp.col.tasks')}</th><th>{m('cmp.col.leads')}</th>" for _ in plans)
    rows = []
    for t in types:
        tds = []
        for p in plans:
            x = prof.get((p.id, t))
            if not x:
                tds.append("<td></td><td></td>")
                continue
            tip = m("cmp.tip.tasks_leads", depts="、".join(x.departments), tasks=x.tasks, leads=x.leads)
            tds.append(f'<td class=n title="{_e(tip)}">{_pct(x.task_share)}<div class=small>{x.tasks} · {_e("、".join(x.departments))}</div></td>'
                       f"<td class=n>{_pct(x.lead_share) if x.lead_share is not None else '<span class=small>' + m('cmp.no_leads') + '</span>'}</td>")
        rows.append(f"<tr><th>{_e(t)}</th>{''.join(tds)}</tr>")
    totals = "".join(f"<td class=n><b>{_pct(sum(x.task_share for x in c.profiles if x.plan == p.id))}</b></td>"
                     f"<td class=n><b>{_pct(sum(x.lead_share or 0 for x in c.profiles if x.plan == p.id)) if any(x.lead_share is not None for x in c.profiles if x.plan == p.id) else ''}</b></td>"
                     for p in plans)
    other = m("cmp.other")
    colors = _type_colors(c, other=other)
    stacks = []
    for p in plans:
        segs: dict[str, float] = {}
        for x in c.profiles:
            if x.plan == p.id:
                key = x.type if x.type in colors else other
                segs[key] = segs.get(key, 0) + x.task_share
        stacks.append((p.short, sorted(segs.items(), key=lambda kv: list(colors).index(kv[0]))))
    return (f"<h2 id=profiles>{m('cmp.profiles')}</h2>"
            f"<p class=small>{m('cmp.profiles.about')}</p>"
            f"<table><tr><th rowspan=2>{m('cmp.col.dept_type')}</th>{head}</tr><tr>{sub}</tr>{''.join(rows)}"
            f"<tr><th>{m('cmp.total')}</th>{totals}</tr></table>"
            + stacked_chart(m("cmp.chart.types"), stacks, colors))


def _section_pairs(c: Comparison, m: Messages) -> str:
    plans = [p for p in c.plans if any(p.id in pr.plans for pr in c.pairs)]
    if not c.pairs:
        return f"<h2 id=pairs>{m('cmp.pairs')}</h2><p>{m('cmp.pairs.none')}</p>"
    head = "".join(f"<th>{_e(p.short)}</th>" for p in plans)
    rows = []
    label = {"apart": m("cmp.pair.apart"), "absent": m("cmp.pair.absent")}
    for pr in c.pairs:
        tds = []
        for p in plans:
            s = pr.plans.get(p.id)
            if not s:
                tds.append("<td></td>")
            elif s.status == "together":
                tds.append(f"<td class=n>{m('cmp.pair.together_one' if s.tasks == 1 else 'cmp.pair.together_many', n=s.tasks)}</td>")
            else:
                tds.append(f"<td class=small>{_e(label[s.status])}</td>")
        rows.append(f"<tr><th>{_e(pr.a)} + {_e(pr.b)}{' <span class=small>' + m('cmp.contrast') + '</span>' if pr.contrast else ''}</th>{''.join(tds)}</tr>")
    return (f"<h2 id=pairs>{m('cmp.pairs')}</h2><p class=small>{m('cmp.pairs.about')}</p>"
            f"<table><tr><th>{m('cmp.col.pair')}</th>{head}</tr>{''.join(rows)}</table>")


def _kw(ws) -> str:
    return "<span class=kw>" + "".join(f'<span title="{s:.3f}">{_e(w)}</span>' for w, s in ws) + "</span>" if ws else "<span class=small>—</span>"


def _section_keywords(c: Comparison, m: Messages) -> str:
    short = {p.id: p.short for p in c.plans}
    plan_rows = "".join(f"<tr><th>{_e(short[k.plan])}</th><td>{_kw(k.words)}</td><td>{_kw(k.distinctive)}</td></tr>"
                        for k in c.keywords if k.section is None)
    sec_rows = "".join(f"<tr><td>{_e(short[k.plan])}</td><td>{_e(k.section)}</td><td>{_kw(k.words)}</td><td>{_kw(k.distinctive)}</td></tr>"
                       for k in c.keywords if k.section is not None)
    th = {k: f"<th>{m('cmp.col.' + k)}</th>" for k in ("plan", "section", "keywords", "distinctive")}
    return (f"<h2 id=themes>{m('cmp.themes')}</h2><p class=small>{m('cmp.themes.about')}</p>"
            f"<table><tr>{th['plan']}{th['keywords']}{th['distinctive']}</tr>{plan_rows}</table>"
            + (f"<table><tr>{th['plan']}{th['section']}{th['keywords']}{th['distinctive']}</tr>{sec_rows}</table>"
               if sec_rows else ""))


def _section_matches(c: Comparison, m: Messages) -> str:
    if not c.matches:
        return f"<h2 id=tasks>{m('cmp.tasks')}</h2><p>{m('cmp.tasks.none')}</p>"
    byid = {p.id: p for p in c.plans}
    parts = [f"<h2 id=tasks>{m('cmp.tasks')}</h2>",
             f"<p class=small>{m('cmp.tasks.about', taken=similarity.TAKEN_UP, related=similarity.RELATED)}</p>"]
    cov_rows = "".join(
        f"<tr><td>{_e(byid[v.parent_plan].short)}</td><td>{_e(_plan_label(byid[v.child_plan], m))}</td><td class=n>{v.parent_tasks}</td>"
        f"<td class=n>{v.taken_up}</td><td class=n>{v.related}</td><td class=n>{v.not_found}</td>"
        f"<td class=n>{v.child_tasks}</td><td class=n>{v.own}</td></tr>" for v in c.coverage)
    cov_head = "".join(f"<th>{m('cmp.col.' + k)}</th>" for k in ("parent_short", "child", "parent_tasks", "taken_up",
                                                                 "related", "not_found", "child_tasks", "own"))
    parts.append(f"<table><tr>{cov_head}</tr>{cov_rows}</table>")
    by_parent_task: dict[tuple[str, int], list] = {}
    for x in c.matches:
        by_parent_task.setdefault((x.parent_plan, x.parent_task), []).append(x)
    rows = []
    for (pp, pt), ms in by_parent_task.items():
        cells = []
        for child in [p for p in c.plans if p.parent == pp]:
            cm = [x for x in ms if x.child_plan == child.id]
            if not cm or cm[0].child_task is None:
                cells.append(f"<td class=small>{_e(m('cmp.no_tasks', child=child.short))}</td>")
                continue
            items = "".join(
                f'<details><summary><span class="{_verdict_class(x.verdict)}">{x.score:.2f} {_e(m("cmp.verdict." + x.verdict))}</span> '
                f"#{x.child_task} {_e(_clip(x.child_text, 40))}</summary><div class=task>{_e(x.child_text)}"
                f"<div class=small>{m('cmp.shared_words')}{_e(' '.join(x.shared) or '—')}</div></div></details>" for x in cm)
            cells.append(f"<td><b>{_e(child.short)}</b>{items}</td>")
        text = ms[0].parent_text
        rows.append(f"<tr><td class=task><b>{_e(byid[pp].short)} #{pt}</b> <details><summary>{_e(_clip(text, 50))}</summary>"
                    f"{_e(text)}</details></td>{''.join(cells)}</tr>")
    parts.append(f"<table><tr><th>{m('cmp.col.parent_task')}</th><th colspan=9>{m('cmp.col.best')}</th></tr>"
                 + "".join(rows) + "</table>")
    return "".join(parts)


def _section_citations(c: Comparison, m: Messages) -> str:
    if not c.citations:
        return f"<h2 id=citations>{m('cmp.citations')}</h2><p>{m('cmp.citations.none')}</p>"
    short = {p.id: p.short for p in c.plans}
    names = {k: m("cmp.group." + k) for k in ("all", "some", "one")}
    rows = "".join(f"<tr><td>{_e(names[x.group])}</td><td>{_e(x.label)}</td><td>{_e(x.number or '')}</td>"
                   f"<td>{_e('、'.join(short[i] for i in x.cited_by))}</td></tr>" for x in c.citations)
    head = "".join(f"<th>{m('cmp.col.' + k)}</th>" for k in ("group", "document", "number", "cited_by"))
    return (f"<h2 id=citations>{m('cmp.citations')}</h2><p class=small>{m('cmp.citations.about')}</p>"
            f"<table><tr>{head}</tr>{rows}</table>")


SECTIONS = ("plans", "targets", "profiles", "pairs", "themes", "tasks", "citations")


def html_report(c: Comparison, title: str | None = None, lang: str = "auto") -> str:
    """The comparison as one self-contained HTML page (UTF-8), in ``lang`` (``zh``, ``en``; ``auto``:
    Chinese when the plans' titles are)."""
    lang = resolve(lang, (p.title for p in c.plans))
    m = Messages(lang)
    title = title or m("cmp.title", plans=" · ".join(p.short for p in c.plans))
    nav = " · ".join(f'<a href="#{a}">{m("cmp.nav." + a)}</a>' for a in SECTIONS)
    body = "".join(f(c, m) for f in (_section_plans, _section_targets, _section_profiles, _section_pairs,
                                      _section_keywords, _section_matches, _section_citations))
    return (f"<!DOCTYPE html><html lang={'zh-CN' if lang == 'zh' else 'en'}><head><meta charset=utf-8>"
            "<meta name=viewport content=\"width=device-width,initial-scale=1\">"
            f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
            f"<h1>{_e(title)}</h1><p class=small>{nav} — {m('cmp.generated')}</p>{body}</body></html>\n")


def write_report(c: Comparison, out_dir: str | Path, title: str | None = None, lang: str = "auto") -> list[Path]:
    """Write ``report.html`` (in ``lang``) and the CSV files into ``out_dir`` (each written whole, then renamed)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = {"report.html": html_report(c, title, lang), **csv_tables(c)}
    written = []
    for name, text in files.items():
        written.append(write_text(out / name, text, newline=""))
    return written

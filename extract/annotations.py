"""Responsibility annotations in all the shapes plans write them.

Inline: ``(X、Y负责)``, ``(X、Y)``, ``(X牵头,Y、Z配合)``, ``(X牵头负责)``, ``(牵头单位:X;责任单位:Y)``,
``〔责任单位:X、Y按职责分工负责〕``, ``(负责部门:X;适用范围:…)``, ``(X会同Y负责)``. On lines of their
own: ``牵头单位:X`` / ``责任单位:Y``. In tables flattened into text: a header row naming 牵头单位 /
责任单位 / 协同配合单位 / 完成期限 columns, cells separated by tabs or ``|`` or one per line. A
convention stated once ("列第一位者为牵头单位", "排在第一位的部门为牵头部门,下同") marks the first
department of every annotation as lead. Labels and verbs live in ``data/annotation_labels.tsv`` and
``data/role_verbs.tsv``.

All matching runs on the normalised view; spans and printed names come from the original text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .departments import COLLECTIVE, DEPT, NOT_DEPT, classify, clean_item
from .records import LEAD, PLAIN, SUPPORT, Annotation, DepartmentRef, Span
from .resources import role_table

_ROLE = {"lead": LEAD, "support": SUPPORT, "plain": PLAIN}
CONVENTION = re.compile(
    r"(排在|列在|排|列|排名)?第一(位|个|顺位)?的?(部门|单位|者)?(为|是)(牵头|主要责任)(部门|单位)?"
)
_CONVENTION_TAIL = re.compile(r"^(下同|以下同|后同|下文同)$")


@dataclass
class AnnotationHit(Annotation):
    """An annotation and, for table rows, the span of the task cell it governs."""

    task_span: Span | None = None
    explicit_lead: bool = False


@lru_cache(maxsize=None)
def _labels() -> dict[str, str]:
    return role_table("annotation_labels.tsv")


@lru_cache(maxsize=None)
def _verbs() -> list[tuple[str, str]]:
    return sorted(role_table("role_verbs.tsv").items(), key=lambda kv: -len(kv[0]))


@lru_cache(maxsize=None)
def _label_rx() -> re.Pattern:
    alts = "|".join(re.escape(l) for l in sorted(_labels(), key=len, reverse=True))
    # 责任单位:X, and 【责任单位】X (brackets normalised to [])
    return re.compile(rf"\s*(?:[-—•·*]\s*)?\[?\s*({alts})\s*(?:\]\s*:?|:)\s*")


def has_convention(norm: str) -> bool:
    """True when the document states that the first-listed department leads."""
    return bool(CONVENTION.search(norm))


# --- splitting into items ----------------------------------------------------------------------


def _trim(norm: str, s: int, e: int) -> tuple[int, int]:
    while s < e and norm[s] in " \t\n":
        s += 1
    while e > s and norm[e - 1] in " \t\n":
        e -= 1
    return s, e


def _split(norm: str, s: int, e: int, seps: str) -> list[tuple[int, int]]:
    out, start = [], s
    depth = 0
    for i in range(s, e):
        c = norm[i]
        if c in "([":
            depth += 1
        elif c in ")]":
            depth = max(0, depth - 1)
        elif c in seps and depth == 0:
            out.append(_trim(norm, start, i))
            start = i + 1
    out.append(_trim(norm, start, e))
    return [(a, b) for a, b in out if b > a]


def _items(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    """Names in a list: split on 、 , / and on 和/及/与 where both sides are departments."""
    out = []
    for a, b in _split(norm, s, e, "、,/ "):
        out.extend(_split_conj(norm, a, b))
    return out


def _split_conj(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    seg = norm[s:e]
    for m in re.finditer(r"以及|和|及|与", seg):
        left, right = seg[: m.start()], seg[m.end():]
        if classify(clean_item(left)) == DEPT and classify(clean_item(right)) in (DEPT, COLLECTIVE):
            return [(s, s + m.start())] + _split_conj(norm, s + m.end(), e)
    return [(s, e)]


_ETC = re.compile(r"等(?:有关|相关|其他|各)?(?:部门|单位)?$")


def _clean_span(norm: str, s: int, e: int) -> tuple[int, int]:
    """Trim 由/和/及 before a name and 等/等部门 after it, so the span covers the name alone."""
    s, e = _trim(norm, s, e)
    m = re.match(r"(由|请|和|及|与|以及)", norm[s:e])
    if m and e - s - m.end() >= 2:
        s += m.end()
    m = _ETC.search(norm, s, e)
    if m and m.start() - s >= 2:
        e = m.start()
    return _trim(norm, s, e)


def _strip_verb(norm: str, s: int, e: int) -> tuple[int, str | None]:
    """If the text ends with a role verb, return the end without it and the verb's role."""
    seg = norm[s:e]
    for verb, role in _verbs():
        if seg.endswith(verb) and len(seg) > len(verb):
            return e - len(verb), _ROLE.get(role, PLAIN)
    return e, None


_MARKER = re.compile(r"\(\s*(牵头|牵头单位|牵头部门|主责|主责单位|主要责任单位|配合|配合单位|协办|参与)\s*\)\s*$")


def _strip_marker(norm: str, s: int, e: int) -> tuple[int, str | None]:
    """区科技局(牵头): the name without its bracketed role marker, and the role it marks."""
    m = _MARKER.search(norm, s, e)
    if not m or m.start() - s < 2:
        return e, None
    return m.start(), LEAD if m.group(1).startswith(("牵头", "主")) else SUPPORT


# --- parsing one annotation's content ------------------------------------------------------------


@dataclass
class _Parsed:
    refs: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, role)
    keyword: bool = False
    others: int = 0
    lead: bool = False


def parse_content(norm: str, s: int, e: int) -> _Parsed:
    """Parse the inside of an annotation (``norm[s:e]``): departments with their roles."""
    out = _Parsed()
    pending_responsible: list[int] = []
    for seg_s, seg_e in _split(norm, s, e, ";。"):
        ctx: str | None = None
        for cs, ce in _split(norm, seg_s, seg_e, ","):
            clause = norm[cs:ce]
            if CONVENTION.search(clause) or _CONVENTION_TAIL.match(clause):
                continue
            m = _label_rx().match(norm, cs, ce)
            if m:
                ctx = _labels()[norm[m.start(1):m.end(1)].replace(" ", "")]
                cs = m.end()
                out.keyword = True
            if ctx == "ignore":
                continue
            _parse_clause(norm, cs, ce, ctx, out, pending_responsible)
    if pending_responsible:
        role = SUPPORT if out.lead else PLAIN
        for i in pending_responsible:
            a, b, _ = out.refs[i]
            out.refs[i] = (a, b, role)
    return out


def _parse_clause(norm: str, s: int, e: int, ctx: str | None, out: _Parsed, pending: list[int]) -> None:
    """Names of one clause, each given the role its label, its own verb or the next verb marks."""
    e, clause_role = _strip_verb(norm, s, e)
    if clause_role is not None:
        out.keyword = True
    parts: list[tuple[int, int, str | None]] = []
    seg = norm[s:e]
    hui = seg.find("会同")
    if hui > 0:  # X会同Y: X leads, Y supports
        for a, b in _items(norm, s, s + hui):
            parts.append((a, b, LEAD))
        for a, b in _items(norm, s + hui + 2, e):
            parts.append((a, b, SUPPORT))
        out.keyword = True
    else:
        for a, b in _items(norm, s, e):
            b2, own = _strip_marker(norm, a, b)
            if own is None:
                b2, own = _strip_verb(norm, a, b)
            if own is not None:
                out.keyword = True
            parts.append((a, b2, own))
    carry = clause_role
    resolved: list[tuple[int, int, str | None]] = []
    for a, b, own in reversed(parts):
        if own is not None:
            carry = own
        resolved.append((a, b, own if own is not None else carry))
    for a, b, role in reversed(resolved):
        a, b = _clean_span(norm, a, b)
        name = clean_item(norm[a:b])
        kind = classify(name)
        if kind == DEPT:
            if ctx in ("lead", "support", "plain"):
                role = _ROLE[ctx]
            elif ctx == "responsible" and role is None:
                pending.append(len(out.refs))
            if role == LEAD:
                out.lead = True
            out.refs.append((a, b, role or PLAIN))
        elif kind not in (COLLECTIVE, NOT_DEPT):
            out.others += 1


def _accept(p: _Parsed) -> bool:
    """An annotation names at least one department; without any keyword it names nothing else."""
    if not p.refs:
        return False
    if p.keyword:
        return p.others <= len(p.refs)
    return p.others == 0


def _refs(text: str, p: _Parsed) -> list[DepartmentRef]:
    return [DepartmentRef(surface=text[a:b], span=(a, b), role=r) for a, b, r in p.refs]


# --- inline annotations ------------------------------------------------------------------------


def parentheticals(norm: str, max_len: int = 400) -> list[tuple[int, int]]:
    """Outermost balanced ``(...)`` and ``[...]`` spans (normalised 〔〕【】（）), brackets included."""
    out = []
    stack: list[int] = []
    for i, c in enumerate(norm):
        if c in "([":
            stack.append(i)
        elif c in ")]" and stack:
            start = stack.pop()
            if not stack and i - start <= max_len:
                out.append((start, i + 1))
        elif c == "\n":
            stack.clear()
    return out


def find_inline(text: str, norm: str) -> list[AnnotationHit]:
    """Bracketed annotations anywhere in the text."""
    hits = []
    for s, e in parentheticals(norm):
        p = parse_content(norm, s + 1, e - 1)
        if _accept(p):
            hits.append(AnnotationHit(span=(s, e), text=text[s:e], departments=_refs(text, p),
                                      form="inline", explicit_lead=p.lead))
    return hits


# --- annotations on lines of their own ---------------------------------------------------------


def find_lines(text: str, norm: str, taken: list[Span]) -> list[AnnotationHit]:
    """``牵头单位:X`` / ``责任单位:Y`` lines (or after a full stop), consecutive ones grouped."""
    rx = _label_rx()
    groups: list[list[tuple[int, int]]] = []
    pos, last_line_end = 0, -2
    n = len(norm)
    while pos < n:
        eol = norm.find("\n", pos)
        eol = n if eol < 0 else eol
        starts = [pos] + [pos + m.end() for m in re.finditer(r"[。;]\s*", norm[pos:eol])]
        for st in starts:
            m = rx.match(norm, st, eol)
            if m and not any(a <= m.start(1) < b for a, b in taken):
                start = m.start() + len(m.group()) - len(m.group().lstrip())  # at 【 or the label
                seg = (start, eol)
                if groups and last_line_end >= 0 and _only_space(norm, last_line_end, start):
                    groups[-1].append(seg)
                else:
                    groups.append([seg])
                last_line_end = eol
                break
        pos = eol + 1
    hits = []
    for g in groups:
        p = _Parsed()
        for s, e in g:
            sub = parse_content(norm, s, e)
            p.refs.extend(sub.refs)
            p.keyword |= sub.keyword
            p.others += sub.others
            p.lead |= sub.lead
        if p.lead:  # 责任单位 beside a 牵头单位 on another line supports it
            p.refs = [(a, b, SUPPORT if r == PLAIN and _label_role_at(norm, a, g) == "responsible" else r)
                      for a, b, r in p.refs]
        if p.refs and p.keyword:
            s, e = g[0][0], g[-1][1]
            hits.append(AnnotationHit(span=(s, e), text=text[s:e], departments=_refs(text, p),
                                      form="lines", explicit_lead=p.lead))
    return hits


def _only_space(norm: str, a: int, b: int) -> bool:
    return not norm[a:b].strip()


def _label_role_at(norm: str, pos: int, group: list[tuple[int, int]]) -> str | None:
    for s, e in group:
        if s <= pos < e:
            m = _label_rx().match(norm, s, e)
            return _labels().get(norm[m.start(1):m.end(1)].replace(" ", "")) if m else None
    return None


# --- tables flattened into text ------------------------------------------------------------------

_TASK_COL = re.compile(r"任务|内容|措施|事项|工作|举措|目标|要求")
_SEQ_COL = re.compile(r"^(序号|编号|序|No\.?)$")


def _col_kind(cell: str) -> str | None:
    c = cell.replace(" ", "")
    if c in _labels():
        return "label:" + _labels()[c]
    if _SEQ_COL.match(c):
        return "seq"
    if len(c) <= 12 and _TASK_COL.search(c):
        return "task"
    if c in ("备注", "领域", "类别", "分类", "板块"):
        return "other"
    return None


def _is_header(kinds: list[str | None]) -> bool:
    return (all(k is not None for k in kinds) and any(k and k.startswith("label:") and k != "label:ignore" for k in kinds)
            and any(k == "task" for k in kinds))


def _cells(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    line = norm[s:e]
    if "\t" in line:
        sep = "\t"
    elif line.count("|") >= 1:
        sep = "|"
    else:  # columns aligned with two or more spaces
        runs = _runs(line)
        return [(s + a, s + b) for a, b in runs] if len(runs) >= 2 else []
    return [_trim(norm, a, b) for a, b in _split_keep_empty(norm, s, e, sep)]


def _runs(line: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+(?: \S+)*", line)]


def _split_keep_empty(norm: str, s: int, e: int, sep: str) -> list[tuple[int, int]]:
    out, start = [], s
    for i in range(s, e):
        if norm[i] == sep:
            out.append((start, i))
            start = i + 1
    out.append((start, e))
    if sep == "|":
        out = [c for c in out if norm[c[0]:c[1]].strip() or (c[0] != s and c[1] != e)]
    return out


def _lines(norm: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in norm.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def find_tables(text: str, norm: str) -> list[AnnotationHit]:
    """Rows of responsibility tables: cell-separated rows, or one cell per line."""
    lines = [l for l in _lines(norm) if norm[l[0]:l[1]].strip()]
    hits: list[AnnotationHit] = []
    i = 0
    while i < len(lines):
        cells = _cells(norm, *lines[i])
        kinds = [_col_kind(norm[a:b]) for a, b in cells] if len(cells) >= 2 else []
        if kinds and _is_header(kinds):
            i = _table_rows(text, norm, lines, i + 1, kinds, hits)
            continue
        k = _vertical_header(norm, lines, i)
        if k:
            # a title or heading just above the header can look like a task column ("…工作方案"):
            # a header has one task column, so leading extra ones are not part of it
            kinds = [_col_kind(norm[a:b].strip()) for a, b in lines[i:i + k]]
            while k > 3 and kinds[0] == "task" and "task" in kinds[1:] and _is_header(kinds[1:]):
                i, k, kinds = i + 1, k - 1, kinds[1:]
            kinds = [_col_kind(norm[a:b]) for a, b in lines[i:i + k]]
            i = _vertical_rows(text, norm, lines, i + k, kinds, hits)
            continue
        i += 1
    return hits


def _vertical_header(norm: str, lines: list[tuple[int, int]], i: int) -> int:
    """Length of a header written one column name per line at ``lines[i]``, or 0."""
    k = 0
    while i + k < len(lines) and _col_kind(norm[lines[i + k][0]:lines[i + k][1]].strip()) is not None and k < 10:
        k += 1
    kinds = [_col_kind(norm[a:b].strip()) for a, b in lines[i:i + k]]
    return k if k >= 3 and _is_header(kinds) else 0


def _row_hit(text: str, norm: str, cells: list[tuple[int, int]], kinds: list[str | None]) -> AnnotationHit | None:
    if len(cells) < len(kinds):  # merged leading cells: align from the right
        kinds = kinds[len(kinds) - len(cells):]
    task_cells = [c for c, k in zip(cells, kinds) if k == "task"]
    if not task_cells:
        return None
    task = max(task_cells, key=lambda c: c[1] - c[0])
    p = _Parsed(keyword=True)
    pending: list[int] = []
    for (a, b), k in zip(cells, kinds):
        if k and k.startswith("label:") and k != "label:ignore":
            _parse_clause(norm, a, b, k[6:], p, pending)
    if pending:
        for j in pending:
            a, b, _ = p.refs[j]
            p.refs[j] = (a, b, SUPPORT if p.lead else PLAIN)
    if not p.refs and not norm[task[0]:task[1]].strip():
        return None
    s, e = cells[0][0], cells[-1][1]
    return AnnotationHit(span=(s, e), text=text[s:e], departments=_refs(text, p), form="table",
                         task_span=task, explicit_lead=p.lead)


def _table_rows(text, norm, lines, i, kinds, hits) -> int:
    while i < len(lines):
        cells = _cells(norm, *lines[i])
        if len(cells) < 2 or len(cells) > len(kinds):
            break
        hit = _row_hit(text, norm, cells, kinds)
        if hit and hit.departments:
            hits.append(hit)
        i += 1
    return i


def _vertical_rows(text, norm, lines, i, kinds, hits) -> int:
    k = len(kinds)
    seq = kinds[0] == "seq"
    while i + k <= len(lines):
        cells = [_trim(norm, *lines[j]) for j in range(i, i + k)]
        if seq and not re.fullmatch(r"\d{1,3}\.?", norm[cells[0][0]:cells[0][1]]):
            break
        hit = _row_hit(text, norm, cells, kinds)
        if not hit or not hit.departments:
            break
        hits.append(hit)
        i += k
    return i


# --- all forms ---------------------------------------------------------------------------------


def find_annotations(text: str, norm: str) -> tuple[list[AnnotationHit], bool]:
    """Every annotation in document order, and whether the first-listed-leads convention holds."""
    tables = find_tables(text, norm)
    table_spans = [h.span for h in tables]
    inline = [h for h in find_inline(text, norm) if not any(a <= h.span[0] < b for a, b in table_spans)]
    taken = table_spans + [h.span for h in inline]
    lines = find_lines(text, norm, taken)
    hits = sorted(tables + inline + lines, key=lambda h: h.span)
    convention = has_convention(norm)
    if convention:
        for h in hits:
            if h.departments and not h.explicit_lead:
                first = h.departments[0]
                h.departments[0] = DepartmentRef(first.surface, first.span, LEAD)
    return hits, convention

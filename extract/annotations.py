"""Responsibility annotations in all the shapes plans write them.

Inline: ``(X、Y负责)``, ``(X、Y)``, ``(X牵头,Y、Z配合)``, ``(X牵头负责)``, ``(牵头单位:X;责任单位:Y)``,
``〔责任单位:X、Y按职责分工负责〕``, ``(负责部门:X;适用范围:…)``, ``(X会同Y负责)``. On lines of their
own: ``牵头单位:X`` / ``责任单位:Y``. Task tables (recognised by ``tables.TableReader``): one annotation per
row, its departments from the unit columns (牵头单位, 责任单位, 配合单位 …), its task the work columns. A
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
from .listed_words import ListedWords
from .tables import UNIT_KINDS, Row, Table, dept_score, header_words, read_tables

# a task table's column kind (table_headers.tsv) → the role of an annotation label of the same word
_HEADER_ROLE = {"lead": "lead", "support": "support", "responsible": "responsible", "plain": "plain",
                "person": "ignore", "deadline": "deadline", "scope": "ignore"}

_HAN = re.compile(r"[\u3400-\u9fff]")
_ROLE = {"lead": LEAD, "support": SUPPORT, "plain": PLAIN}
CONVENTION = re.compile(  # (the look-ahead: only 排, 列 and 第 can start it, so the scan skips the rest fast)
    r"(?=[排列第])(排在|列在|排|列|排名)?第一(位|个|顺位)?的?(部门|单位|者)?(为|是)(牵头|主要责任)(部门|单位)?"
)
_CONVENTION_TAIL = re.compile(r"^(下同|以下同|后同|下文同)$")


@dataclass
class AnnotationHit(Annotation):
    """An annotation and, for table rows, the span of the task cell it governs."""

    task_span: Span | None = None
    explicit_lead: bool = False
    row_span: Span | None = None  # a table row's whole extent
    row: str | None = None  # a table row's number, as printed
    deadline: str | None = None  # as printed


@lru_cache(maxsize=None)
def _labels() -> dict[str, str]:
    """Label → role: annotation_labels.tsv, then every column word of task tables that names a role
    (table_headers.tsv: 责任主体, 牵头处室, 联系领导 …), so annotations and tables share one vocabulary."""
    labels = dict(role_table("annotation_labels.tsv"))
    for word, kind in header_words().items():
        role = _HEADER_ROLE.get(kind)
        if role is not None and len(word) >= 2:
            labels.setdefault(word, role)
    return labels


@lru_cache(maxsize=None)
def _label_rx() -> re.Pattern:
    alts = "|".join(re.escape(l) for l in sorted(_labels(), key=len, reverse=True))
    # the look-ahead: a match starts with a space, a bullet, [ or a label's first character, so a scan
    # skips every other character fast
    firsts = "".join(re.escape(c) for c in sorted({l[0] for l in _labels()}))
    # 责任单位:X, and 【责任单位】X (brackets normalised to [])
    return re.compile(rf"(?=[\s\-—•·*\[{firsts}])\s*(?:[-—•·*]\s*)?\[?\s*({alts})\s*(?:\]\s*:?|:)\s*")


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
    for m in _brackets_or(seps).finditer(norm, s, e):  # the characters that matter, not every character
        i = m.start()
        c = norm[i]
        if c in "([":
            depth += 1
        elif c in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:  # a separator
            out.append(_trim(norm, start, i))
            start = i + 1
    out.append(_trim(norm, start, e))
    return [(a, b) for a, b in out if b > a]


@lru_cache(maxsize=None)
def _brackets_or(seps: str) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(c) for c in "()[]" + seps) + "]")


def _items(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    """Names in a list: split on 、 , / and on 和/及/与 where both sides are departments."""
    out = []
    for a, b in _split(norm, s, e, "、,/ "):
        out.extend(_split_conj(norm, a, b))
    return out


_CONJ = re.compile(r"以及|和|及|与")
_LEADING_WORD = re.compile(r"(由|请|和|及|与|以及)")
_SENTENCE_END = re.compile(r"[。;]\s*")


def _split_conj(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    seg = norm[s:e]
    for m in _CONJ.finditer(seg):
        left, right = seg[: m.start()], seg[m.end():]
        if classify(clean_item(left)) == DEPT and classify(clean_item(right)) in (DEPT, COLLECTIVE):
            return [(s, s + m.start())] + _split_conj(norm, s + m.end(), e)
    return [(s, e)]


_ETC = re.compile(r"等(?:有关|相关|其他|各)?(?:部门|单位)?$")


def _clean_span(norm: str, s: int, e: int) -> tuple[int, int]:
    """Trim 由/和/及 before a name and 等/等部门 after it, so the span covers the name alone."""
    s, e = _trim(norm, s, e)
    m = _LEADING_WORD.match(norm[s:e])
    if m and e - s - m.end() >= 2:
        s += m.end()
    m = _ETC.search(norm, s, e)
    if m and m.start() - s >= 2:
        e = m.start()
    return _trim(norm, s, e)


def _strip_verb(norm: str, s: int, e: int) -> tuple[int, str | None]:
    """If the text ends with a role verb, return the end without it and the verb's role."""
    verb = _verb_endings().ending(norm[s:e], rest=1)
    if verb is None:
        return e, None
    return e - len(verb), _ROLE.get(role_table("role_verbs.tsv")[verb], PLAIN)


@lru_cache(maxsize=None)
def _verb_endings() -> ListedWords:
    return ListedWords(role_table("role_verbs.tsv"))


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
    deadline: Span | None = None  # the clause a 完成时限 label heads


def _label_breaks(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    """A segment cut where white space stands before a label: 分管领导:李四副区长  责任单位:区审计局."""
    cuts = [m.start() for m in _label_rx().finditer(norm, s, e) if m.start() > s and norm[m.start()].isspace()]
    bounds = [s] + cuts + [e]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def parse_content(norm: str, s: int, e: int) -> _Parsed:
    """Parse the inside of an annotation (``norm[s:e]``): departments with their roles."""
    out = _Parsed()
    pending_responsible: list[int] = []
    for seg_s, seg_e in (p for a, b in _split(norm, s, e, ";。") for p in _label_breaks(norm, a, b)):
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
            if ctx == "deadline" and out.deadline is None and ce > cs:
                out.deadline = (cs, ce)
            if ctx in ("ignore", "deadline"):
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


def _printed(text: str, span: Span | None) -> str | None:
    """A span's text as printed, its inner runs of white space made one space (None for no span)."""
    return (" ".join(text[span[0]:span[1]].split()) or None) if span else None


def _refs(text: str, p: _Parsed) -> list[DepartmentRef]:
    return [DepartmentRef(surface=text[a:b], span=(a, b), role=r) for a, b, r in p.refs]


# --- inline annotations ------------------------------------------------------------------------


def parentheticals(norm: str, max_len: int = 400) -> list[tuple[int, int]]:
    """Outermost balanced ``(...)`` and ``[...]`` spans (normalised 〔〕【】（）), brackets included."""
    out = []
    stack: list[int] = []
    for m in _BRACKET_OR_LINE.finditer(norm):  # the characters that matter, not every character
        c, i = m.group(), m.start()
        if c in "([":
            stack.append(i)
        elif c == "\n":
            stack.clear()
        elif stack:
            start = stack.pop()
            if not stack and i - start <= max_len:
                out.append((start, i + 1))
    return out


_BRACKET_OR_LINE = re.compile(r"[()\[\]\n]")


def find_inline(text: str, norm: str) -> list[AnnotationHit]:
    """Bracketed annotations anywhere in the text."""
    hits = []
    for s, e in parentheticals(norm):
        p = parse_content(norm, s + 1, e - 1)
        if _accept(p):
            hits.append(AnnotationHit(span=(s, e), text=text[s:e], departments=_refs(text, p),
                                      form="inline", explicit_lead=p.lead, deadline=_printed(text, p.deadline)))
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
        starts = [pos] + [pos + m.end() for m in _SENTENCE_END.finditer(norm[pos:eol])]
        for st in starts:
            m = rx.match(norm, st, eol)
            if m and not any(a <= m.start(1) < b for a, b in taken):
                start = m.start() + len(m.group()) - len(m.group().lstrip())  # at 【 or the label
                if not norm[m.end():eol].strip():  # 责任单位: alone, its departments on the next line
                    eol = _next_line_end(norm, eol, rx)
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
            p.deadline = p.deadline or sub.deadline
        if p.lead:  # 责任单位 beside a 牵头单位 on another line supports it
            p.refs = [(a, b, SUPPORT if r == PLAIN and _label_role_at(norm, a, g) == "responsible" else r)
                      for a, b, r in p.refs]
        if p.refs and p.keyword:
            s, e = g[0][0], g[-1][1]
            hits.append(AnnotationHit(span=(s, e), text=text[s:e], departments=_refs(text, p),
                                      form="lines", explicit_lead=p.lead, deadline=_printed(text, p.deadline)))
    return hits


def _next_line_end(norm: str, eol: int, rx: re.Pattern) -> int:
    """The end of the line after ``eol`` when it lists departments (and is no label line), else ``eol``."""
    if eol >= len(norm):
        return eol
    nxt = norm.find("\n", eol + 1)
    nxt = len(norm) if nxt < 0 else nxt
    line = norm[eol + 1:nxt]
    ok = line.strip() and len(line.strip()) <= 60 and not rx.match(line) and dept_score(line.strip()) >= 1.5
    return nxt if ok else eol


def _only_space(norm: str, a: int, b: int) -> bool:
    return not norm[a:b].strip()


def _label_role_at(norm: str, pos: int, group: list[tuple[int, int]]) -> str | None:
    for s, e in group:
        if s <= pos < e:
            m = _label_rx().match(norm, s, e)
            return _labels().get(norm[m.start(1):m.end(1)].replace(" ", "")) if m else None
    return None


# --- task tables ----------------------------------------------------------------------------------


def table_hits(text: str, norm: str, tables: list[Table]) -> list[AnnotationHit]:
    """One annotation per table row: departments from the unit columns, the task from the work columns."""
    hits = []
    for table in tables:
        for row in table.rows:
            hit = _row_hit(text, norm, table, row)
            if hit is not None:
                hits.append(hit)
    return hits


def _row_hit(text: str, norm: str, table: Table, row: Row) -> AnnotationHit | None:
    work, name = table.cell(row, "task"), table.cell(row, "name")
    if not work and not name:
        return None
    if not work or name and name[0][0] < work[0][0] and len(_HAN.findall(norm, work[0][0], work[-1][1])) < 6:
        work = name + work  # 地区生产总值 | 增长7%: the name says what the figure measures
    task = (work[0][0], work[-1][1])
    p = _Parsed(keyword=True)
    pending: list[int] = []
    units = [(c, k) for c, k in zip(row.cells, table.kinds) if c is not None and k in UNIT_KINDS]
    for (a, b), kind in units:
        if _label_rx().search(norm, a, b):  # 牵头单位:X;配合单位:Y inside the cell: its labels decide
            sub = parse_content(norm, a, b)
            p.refs.extend(sub.refs)
            p.lead |= sub.lead
        else:
            for sa, sb in _split(norm, a, b, ";。\n"):
                _parse_clause(norm, sa, sb, kind, p, pending)
    for j in pending:  # 责任单位 beside a 牵头单位 column supports it
        a, b, _ = p.refs[j]
        p.refs[j] = (a, b, SUPPORT if p.lead else PLAIN)
    s, e = (units[0][0][0], units[-1][0][1]) if units else (row.span[1], row.span[1])
    number = table.cell(row, "position")
    deadline = table.cell(row, "deadline")
    return AnnotationHit(span=(s, e), text=text[s:e], departments=_refs(text, p), form="table",
                         task_span=task, explicit_lead=p.lead, row_span=row.span,
                         row=text[number[0][0]:number[0][1]].strip() if number else None,
                         deadline=_printed(text, deadline[0]) if deadline else None)


# --- all forms ---------------------------------------------------------------------------------


def find_annotations(text: str, norm: str) -> tuple[list[AnnotationHit], bool]:
    """Every annotation in document order, and whether the first-listed-leads convention holds."""
    tables = table_hits(text, norm, read_tables(text, norm))
    table_spans = [h.row_span or h.span for h in tables]
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

"""Tasks: the text each responsibility annotation governs, plus the unassigned work of numbered items.

A task runs from the previous annotation, or from the start of its numbered item, to its own
annotation (table rows govern their task cell). The text of a numbered item that no annotation
governs becomes a task with no department, except in sections that state principles.
"""
from __future__ import annotations

import re

from bisect import bisect_left

from .annotations import AnnotationHit
from .outline import Innermost, OutlineItem
from .records import Span, Target
from .normalize import norm_key
from .resources import word_list
from .spans import Stab

_EDGE = " \t\n,;。、:)]!?-"
_HAN = re.compile(r"[\u3400-\u9fff]")
_EIGHT_HAN = re.compile(r"(?:[^\u3400-\u9fff]*[\u3400-\u9fff]){8}")
_MARKER_ONLY = re.compile(r"(?:\(?[0-9一二三四五六七八九十]{1,3}[)、.]?)?")  # nothing, or an item's number


def _trim(text: str, norm: str, s: int, e: int) -> tuple[int, int]:
    while s < e and norm[s] in _EDGE:
        s += 1
    while e > s and norm[e - 1] in " \t\n,;、:(":
        e -= 1
    return s, e


def _para_start(norm: str, pos: int) -> int:
    return norm.rfind("\n", 0, pos) + 1


def _item_start(item: OutlineItem | None, norm: str, pos: int) -> int:
    if item is None:
        return _para_start(norm, pos)
    head = item.section.span[0] + len(item.section.marker)
    return item.body_start if item.body_start <= pos else min(head, pos)


def segment(text: str, norm: str, outline: list[OutlineItem], hits: list[AnnotationHit]
            ) -> list[tuple[Span, AnnotationHit | None]]:
    """``(task span, annotation or None)`` in document order."""
    tasks: list[tuple[Span, AnnotationHit | None]] = []
    prev_end = 0
    innermost = Innermost(outline)
    for k, h in enumerate(hits):
        if h.task_span is not None:
            s, e = _trim(text, norm, *h.task_span)
        else:
            item = innermost(h.span[0])
            s = max(prev_end, _item_start(item, norm, h.span[0]))
            s, e = _trim(text, norm, s, h.span[0])
            if e <= s:
                nxt = hits[k + 1].span[0] if k + 1 < len(hits) else len(norm)
                s, e = _following(text, norm, h, nxt, prev_end) or \
                    _previous_paragraph(text, norm, h.span[0], prev_end)  # 责任单位: on the line after its task
        prev_end = max(prev_end, h.span[1], e)
        if e > s and _HAN.search(norm[s:e]):
            tasks.append(((s, e), h))
        elif tasks and tasks[-1][1] is not None and h.task_span is None:
            prev = tasks[-1][1]  # two annotations in a row govern the same text
            prev.departments.extend(h.departments)
    tasks.extend(_unassigned(text, norm, outline, tasks))
    tasks.sort(key=lambda t: t[0])
    return tasks


def _following(text: str, norm: str, h: AnnotationHit, nxt: int, prev_end: int
               ) -> Span | None:
    """An annotation that opens its item or line governs what follows it, to the line's end or the next
    annotation: 1.(市环保局牵头)城市建成区绿化覆盖率达到40%. None when it does not open its line (a second
    annotation after another) or its line goes on with no task."""
    line_start = _para_start(norm, h.span[0])
    if h.form != "inline" or prev_end > line_start or not _MARKER_ONLY.fullmatch(norm[line_start:h.span[0]].strip()):
        return None
    a = h.span[1]
    line_end = norm.find("\n", a)
    line_end = len(norm) if line_end < 0 else line_end
    if len(_HAN.findall(norm[a:min(line_end, nxt)])) < 4:
        return None
    s, e = _trim(text, norm, a, min(line_end, nxt))
    return (s, e) if e > s else None


def _previous_paragraph(text: str, norm: str, pos: int, floor: int) -> Span:
    """The paragraph just above the line at ``pos``, when no earlier annotation governs it."""
    line_start = _para_start(norm, pos)
    if norm[line_start:pos].strip() or line_start == 0:
        return pos, pos
    end = line_start - 1
    while end > 0 and not norm[_para_start(norm, end):end].strip():  # blank lines between
        end = _para_start(norm, end) - 1
    start = _para_start(norm, max(end, 0))
    if start < floor or end <= start:
        return pos, pos
    return _trim(text, norm, start, end)


def _is_principle(item: OutlineItem, by_index: dict[int, OutlineItem]) -> bool:
    words = word_list("principle_headings.txt")
    cur: OutlineItem | None = item
    while cur is not None:
        heading = norm_key(cur.section.heading)
        if any(w in heading for w in words):
            return True
        cur = by_index.get(cur.section.parent) if cur.section.parent else None
    return False


def _unassigned(text: str, norm: str, outline: list[OutlineItem],
                tasks: list[tuple[Span, AnnotationHit | None]]) -> list[tuple[Span, None]]:
    """Leaf items' text that no annotation governs."""
    parents = {it.section.parent for it in outline}
    by_index = {it.section.index: it for it in outline}
    covered = Stab(sorted(((s, e) for (s, e), h in tasks), key=lambda x: x[0]))
    # where each annotation stands (a table row covers all its cells), by start, with its place in ``tasks``
    marks = sorted(((h.row_span or h.span)[0], k, (h.row_span or h.span)[1]) for k, (_, h) in enumerate(tasks)
                   if h is not None)
    mark_starts = [m[0] for m in marks]
    out = []
    for it in outline:
        if it.section.index in parents or _is_principle(it, by_index):
            continue
        start, end = it.body_start, it.section.span[1]
        # the annotations standing in the item, in the order of ``tasks``: each moves its start past it
        inside = marks[bisect_left(mark_starts, start):bisect_left(mark_starts, end)]
        for at0, _, at1 in sorted(inside, key=lambda m: m[1]):
            if start <= at0 < end:
                start = max(start, at1)
        if start in covered:
            continue
        for ps, pe in _paragraphs(norm, start, end):  # each paragraph of unassigned work is a task
            s, e = _trim(text, norm, ps, pe)
            if _EIGHT_HAN.match(norm, s, e):  # eight Chinese characters or more
                out.append(((s, e), None))
    return out


def _paragraphs(norm: str, start: int, end: int) -> list[Span]:
    out, pos = [], start
    while pos < end:
        nl = norm.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append((pos, stop))
        pos = stop + 1
    return out


def fit_targets_to_cells(text: str, targets: list[Target], hits: list[AnnotationHit]) -> None:
    """A target read in a table row starts in the cell that holds its number (the task cell): an indicator
    never reaches back over the row number or the name cell (``1 地区生产总值 地区生产总值增长12%``)."""
    from .targets import indicator_key

    cells = sorted(h.task_span for h in hits if h.task_span is not None)
    starts = [c[0] for c in cells]
    for t in targets:
        k = bisect_left(starts, t.span[1]) - 1
        if k < 0:
            continue
        s, e = cells[k]
        if not (t.span[0] < s < t.span[1] <= e) or not text.startswith(t.indicator, t.span[0]):
            continue
        indicator = t.indicator[s - t.span[0]:].strip()
        if len(_HAN.findall(indicator)) >= 2:
            t.indicator, t.indicator_key, t.span = indicator, indicator_key(indicator), (s, t.span[1])
            t.text = "".join(text[s:t.span[1]].split())  # the statement as printed follows its span

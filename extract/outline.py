"""The outline of a document: 一、 / (一) / 1、 1. / (1) / ① and 第X章/节/条, with headings.

Levels are assigned by first appearance, as readers do: whichever kind of marker a document uses
first is the top level, the next new kind nests below it, and a kind seen again closes the deeper
ones. Markers count only at the start of a line.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .records import Section

_CN = "一二三四五六七八九十百零〇两"
_KINDS = [
    ("chapter", re.compile(rf"第[{_CN}\d]+章\s*")),
    ("jie", re.compile(rf"第[{_CN}\d]+节\s*")),
    ("article", re.compile(rf"第[{_CN}\d]+条\s*")),
    ("cn", re.compile(rf"[{_CN}]{{1,3}}\s*[、.,](?!\d)\s*")),
    ("pcn", re.compile(rf"\(\s*[{_CN}]{{1,3}}\s*\)[、.]?\s*")),
    ("num", re.compile(r"\d{1,2}\s*[、.,](?!\d)\s*")),
    ("pnum", re.compile(r"\(\s*\d{1,2}\s*\)[、.]?\s*")),
    ("circ", re.compile(r"[\u2460-\u2473\u2474-\u2487\u3220-\u3229]\s*")),
]
# the first character of every kind above
_MARKER_START = re.compile(rf"[第{_CN}(\d\u2460-\u2473\u2474-\u2487\u3220-\u3229]")
_SENTENCE_END = re.compile(r"[。;:!?]")


@dataclass
class OutlineItem:
    """A section plus where its body starts (after an own-line heading, or right after the marker)."""

    section: Section
    kind: str
    body_start: int


def _match_marker(norm: str, pos: int) -> tuple[str, re.Match] | None:
    if not _MARKER_START.match(norm, pos):  # most lines: no kind can match, none is tried
        return None
    for kind, rx in _KINDS:
        m = rx.match(norm, pos)
        if m and m.end() < len(norm) and norm[m.end()] not in "\n\t":
            return kind, m
    return None


def parse_outline(text: str, norm: str) -> list[OutlineItem]:
    """Find the outline items of ``text`` (``norm`` is its normalised view), in document order."""
    items: list[OutlineItem] = []
    stack: list[OutlineItem] = []
    pos = 0
    n = len(norm)
    while pos < n:
        eol = norm.find("\n", pos)
        eol = n if eol < 0 else eol
        lead = pos
        while lead < eol and norm[lead] in " \t":
            lead += 1
        found = _match_marker(norm, lead) if lead < eol else None
        if found:
            kind, m = found
            kinds = [it.kind for it in stack]
            if kind in kinds:
                while stack[-1].kind != kind:
                    _close(stack, lead)
                _close(stack, lead)
            parent = stack[-1].section.index if stack else None
            rest_start = m.end()
            rest = norm[rest_start:eol]
            cut = _SENTENCE_END.search(rest)
            heading = text[rest_start: rest_start + (cut.start() if cut else len(rest))].strip()
            heading = heading.rstrip("。;；:：,， ")[:80]
            body_start = rest_start if cut else min(eol + 1, n)
            sec = Section(index=len(items) + 1, marker=text[lead:m.end()].strip(), heading=heading,
                          depth=len(stack) + 1, span=(lead, n), parent=parent)
            item = OutlineItem(sec, kind, body_start)
            items.append(item)
            stack.append(item)
        pos = eol + 1
    return items


def _close(stack: list[OutlineItem], end: int) -> None:
    """Pop the innermost open item, ending it at ``end``."""
    item = stack.pop()
    item.section.span = (item.section.span[0], end)


class Innermost:
    """:func:`innermost` for many positions of one outline, each in logarithmic time.

    When the items' spans nest (any two are disjoint or one holds the other, deeper) the items holding
    a position form a chain, the deepest the last to start: the last item starting at or before it,
    else the nearest of its containers that holds it. Otherwise every position is answered by the scan."""

    def __init__(self, items: list[OutlineItem]):
        self.items = items
        self.starts = [it.section.span[0] for it in items]
        self.container: list[int | None] | None = _containers(items)

    def __call__(self, pos: int) -> OutlineItem | None:
        if self.container is None:
            return innermost(self.items, pos)
        k = bisect_right(self.starts, pos) - 1
        while k is not None and k >= 0:
            s, e = self.items[k].section.span
            if s <= pos < e:
                return self.items[k]
            k = self.container[k]
        return None


def _containers(items: list[OutlineItem]) -> list[int | None] | None:
    """Each item's smallest container (by index), or None when the spans do not nest as outlines do."""
    out: list[int | None] = []
    stack: list[int] = []
    last = None
    for i, it in enumerate(items):
        s, e = it.section.span
        if last is not None and s < last:
            return None  # not in order of start
        last = s
        while stack and items[stack[-1]].section.span[1] <= s:
            stack.pop()
        if stack:
            top = items[stack[-1]].section
            if e > top.span[1] or it.section.depth <= top.depth:
                return None  # overlapping, or not deeper than its container
        out.append(stack[-1] if stack else None)
        stack.append(i)
    return out


def innermost(items: list[OutlineItem], pos: int) -> OutlineItem | None:
    """The deepest outline item whose span contains ``pos``."""
    best = None
    for it in items:
        s, e = it.section.span
        if s <= pos < e and (best is None or it.section.depth > best.section.depth):
            best = it
    return best

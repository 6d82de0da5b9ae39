"""Cited policy documents: 《titles》, 文号 in every common shape, and the two printed together.

文号 shapes: 财税〔2018〕58号 (also [2018], (2018), 【2018】), 国家税务总局公告2018年第30号,
国令第707号, 中华人民共和国主席令第X号. A 《title》 followed by its 文号 in brackets is one
document. Issuing bodies are read from a standard title (财政部 税务总局 科技部关于…).
"""
from __future__ import annotations

import re

from .departments import DEPT, classify
from .normalize import norm_key
from .records import Citation, Span
from .resources import type_names_longest_first, word_list

_YEAR_NO = re.compile(r"(?P<code>[\u4e00-\u9fff]{1,12})\s*[\[(]\s*(?P<year>(?:19|20)\d{2})\s*[\])]\s*(?P<seq>\d{1,5})\s*号")
_GAZETTE = re.compile(r"(?P<code>[\u4e00-\u9fff]{2,16}?公告)\s*(?P<year>(?:19|20)\d{2})\s*年\s*第\s*(?P<seq>\d{1,4})\s*号")
_DECREE = re.compile(r"(?P<code>(?:中华人民共和国)?(?:国务院令|国令|主席令|[\u4e00-\u9fff]{1,10}令))\s*第\s*(?P<seq>\d{1,5})\s*号")
_TITLE = re.compile(r"《([^《》\n]{2,120})》")
_IMPLEMENT = re.compile(r"(贯彻落实|认真落实|全面落实|落实|依据|根据|按照|贯彻|对照|实施)$")


def _strip_code(code: str) -> str:
    """Drop leading words that are not part of the issuer code (依据国发 → 国发)."""
    stops = sorted(word_list("number_prefix_stopwords.txt"), key=len, reverse=True)
    # the tail of a preceding 文号 (…58号和国令第707号): an issuer code never contains 号
    code = code[code.rfind("号") + 1:] if "号" in code[:-1] else code
    changed = True
    while changed:
        changed = False
        for w in stops:
            if code.startswith(w) and len(code) > len(w):
                code, changed = code[len(w):], True
    return code


def find_numbers(text: str, norm: str) -> list[tuple[Span, str]]:
    """Every 文号 as ``(span, number)`` with the year bracketed 〔〕 as the standard prints it."""
    out: list[tuple[Span, str]] = []
    for m in _YEAR_NO.finditer(norm):
        code = _strip_code(m.group("code"))
        s = m.end("code") - len(code)
        code_orig = norm_key(text[s:m.end("code")])
        out.append(((s, m.end()), f"{code_orig}〔{m.group('year')}〕{m.group('seq')}号"))
    for m in _GAZETTE.finditer(norm):
        code = _strip_code(m.group("code"))
        s = m.end("code") - len(code)
        out.append(((s, m.end()), f"{norm_key(text[s:m.end('code')])}{m.group('year')}年第{m.group('seq')}号"))
    for m in _DECREE.finditer(norm):
        code = _strip_code(m.group("code"))
        s = m.end("code") - len(code)
        out.append(((s, m.end()), f"{norm_key(text[s:m.end('code')])}第{m.group('seq')}号"))
    out.sort()
    return [x for i, x in enumerate(out) if not any(o[0][0] <= x[0][0] < o[0][1] for o in out[:i])]


def publishers(title: str) -> list[str]:
    """Issuing bodies at the head of a standard title: 财政部税务总局科技部关于… → 财政部, 税务总局, 科技部."""
    t = norm_key(title)
    head = t.split("关于", 1)[0] if "关于" in t else ""
    if not head:
        return []
    parts = [p for p in re.split(r"[、,]", head) if p]
    out: list[str] = []
    for part in parts:
        got = _segment_bodies(part)
        if got is None:
            return []
        out.extend(got)
    return out


def _segment_bodies(s: str) -> list[str] | None:
    """Split a run-together list of bodies (财政部税务总局科技部) by known names, greedily."""
    names = type_names_longest_first()
    out, i = [], 0
    while i < len(s):
        for n in ("国家", "国务院", "中共中央", "中华人民共和国", ""):
            hit = None
            if s.startswith(n, i):
                j = i + len(n)
                for tn in names:
                    if s.startswith(tn, j):
                        hit = s[i:j + len(tn)]
                        break
            if hit:
                break
        if not hit:
            return [s] if not out and classify(s) == DEPT else None
        out.append(hit)
        i += len(hit)
    return out


def find_citations(text: str, norm: str, own_title: str | None, own_number: str | None,
                   preamble_end: int) -> list[Citation]:
    """Cited documents in order; the document's own title and 文号 are not citations of itself."""
    numbers = find_numbers(text, norm)
    used: set[int] = set()
    own_t = title_key(own_title) if own_title else None
    own_n = norm_key(own_number) if own_number else None
    out: list[Citation] = []
    for m in _TITLE.finditer(norm):
        title = text[m.start(1):m.end(1)].strip()
        span = (m.start(), m.end())
        number = None
        for i, ((s, e), num) in enumerate(numbers):
            gap = norm[m.end():s]
            if i not in used and re.fullmatch(r"\s*[(\[]?\s*", gap) and re.match(r"\s*[)\]]", norm[e:e + 3]):
                number, span = num, (m.start(), e)
                used.add(i)
                break
        if own_t and title_key(title) == own_t:
            continue
        before = norm[max(0, m.start() - 6):m.start()]
        implements = m.start() < preamble_end and bool(_IMPLEMENT.search(before))
        out.append(Citation(span=span, title=title, number=number, publishers=publishers(title),
                            implements=implements, title_key=title_key(title),
                            number_key=norm_key(number) if number else None))
    for i, (span, num) in enumerate(numbers):
        if i in used or (own_n and norm_key(num) == own_n):
            continue
        out.append(Citation(span=span, number=num, number_key=norm_key(num)))
    out.sort(key=lambda c: c.span)
    return out


def title_key(title: str) -> str:
    """A key that is equal for one document's title however it is printed.

    Brackets, dashes, spaces, 年 after the years and traditional characters do not matter:
    天津市科技创新三年行动计划(2020-2022) = 《天津市科技創新三年行動計劃（2020—2022年）》.
    """
    k = norm_key(title).strip("《》")
    k = re.sub(r"[()\[\]\"“”‘’'《》·・]", "", k)
    k = re.sub(r"(\d{4})年?-(\d{4})年?", r"\1-\2", k)
    return k

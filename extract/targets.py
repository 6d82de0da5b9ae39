"""Numeric targets: indicator, value, unit, comparator and year, from the shapes plans use.

Each number with a unit is an anchor; its indicator is read from around it:
``全区有效发明专利达到350件`` (indicator, verb, value), ``新建5家市级大学科技园`` (verb, value,
indicator), ``新建重大创新平台8个左右`` (verb, indicator, value), and
``“雏鹰”企业、“瞪羚”企业分别达到3500家、350家`` (lists paired in order). Chinese numerals are
read with cn2an; 万/亿 are kept in the printed unit and multiplied out in the normalised value.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .normalize import norm_key
from .records import Span, Target
from .resources import role_table, word_list

_CN_NUM = "零〇一二两三四五六七八九十百千"
_NUM = rf"(?:\d+(?:\.\d+)?|[{_CN_NUM}]+(?:点[{_CN_NUM}]+)?)"
_POST = r"(?P<post>以上|左右|以内|以下|上下)?"
_COMP = {"以上": ">=", "左右": "~", "上下": "~"}
_FILLER = re.compile(r"^(到|至|在)?(20\d\d|19\d\d)年(底|末|前)?|^(力争|争取|累计|全年|年均|同时|其中|并|且|和|及|总计|合计)+")
_STOP_IND = re.compile(r"[,;。:\n、]")
_VERB_FIRST = ("新建", "建成", "组织实施", "引进", "培育", "新认定", "打造", "新增", "认定", "实施", "建设")


@lru_cache(maxsize=None)
def _verbs() -> list[tuple[str, str]]:
    return sorted(role_table("target_verbs.tsv").items(), key=lambda kv: -len(kv[0]))


@lru_cache(maxsize=None)
def _anchor_rx() -> re.Pattern:
    units = sorted(word_list("target_units.txt"), key=len, reverse=True)
    u = "|".join(map(re.escape, units))
    return re.compile(rf"(?P<num>{_NUM})\s*(?P<mag>万亿|亿|万)?\s*(?P<unit>{u})?{_POST}")


def _value(num: str) -> str | None:
    """The number as a decimal string; Chinese numerals read with cn2an."""
    if re.fullmatch(r"\d+(?:\.\d+)?", num):
        return num
    try:
        import cn2an

        v = cn2an.cn2an(num, "smart")
    except Exception:  # cn2an raises ValueError and others on non-numerals
        return None
    d = Decimal(str(v))
    return format(d.normalize(), "f") if d != d.to_integral() else str(int(d))


def _fmt(d: Decimal) -> str:
    if d == d.to_integral():
        return str(int(d))
    return format(d.normalize(), "f")


def _verb_before(norm: str, pos: int) -> tuple[str, str] | None:
    for verb, comp in _verbs():
        if norm.endswith(verb, 0, pos):
            return verb, comp
    return None


def _clause_start(norm: str, pos: int) -> int:
    m = None
    for m in _STOP_IND.finditer(norm, max(0, pos - 60), pos):
        pass
    return m.end() if m else max(0, pos - 60)


def _clean_indicator(text: str, s: int, e: int) -> tuple[int, int]:
    seg = text[s:e]
    m = _FILLER.match(seg)
    while m and m.end() > 0:
        s += m.end()
        seg = text[s:e]
        m = _FILLER.match(seg)
    while s < e and text[s] in " ,，":
        s += 1
    return s, e


def _year(norm: str, pos: int) -> int | None:
    start = max(norm.rfind("。", 0, pos), norm.rfind("\n", 0, pos)) + 1
    years = re.findall(r"(?:到|至|在)?((?:20|19)\d\d)年", norm[start:pos])
    return int(years[-1]) if years else None


def find_targets(text: str, norm: str, skip: list[Span]) -> list[Target]:
    """Targets in document order (not inside the given spans, e.g. annotations or citations)."""
    out: list[Target] = []
    taken: list[Span] = []
    for t in _distributive(text, norm):
        out.append(t)
        taken.append(t.span)
    for m in _anchor_rx().finditer(norm):
        if not (m.group("unit") or m.group("mag")):
            continue
        if any(a <= m.start() < b for a, b in skip + taken):
            continue
        if m.start() > 0 and (norm[m.start() - 1].isdigit() or norm[m.start() - 1] in _CN_NUM + ".第"):
            continue
        t = _read(text, norm, m)
        if t:
            out.append(t)
    out.sort(key=lambda t: t.span)
    for i, t in enumerate(out, 1):
        t.index = i
    return out


def indicator_key(indicator: str) -> str:
    """What is measured, whoever measures it: 全区有效发明专利 and 全市有效發明專利 → 有效发明专利."""
    k = norm_key(indicator)
    k = re.sub(r"[“”\"'‘’「」]", "", k)
    k = re.sub(r"^(全区|全市|全省|全县|全国|本市|本区|本省|本县|我区|我市|我省|我县|全域)", "", k)
    return re.sub(r"^国家(?=高新技术企业)", "", k)  # 国家高新技术企业 = 高新技术企业 in every plan


def _unit_printed(text: str, m: re.Match) -> str:
    """The unit with its 万/亿 as the original prints it (萬件 stays 萬件)."""
    s = m.start("mag") if m.group("mag") else m.start("unit")
    e = m.end("unit") if m.group("unit") else m.end("mag")
    return "".join(text[s:e].split())


def _make(text, norm, span, ind_span, m: re.Match, comp) -> Target | None:
    num, mag, unit, post = m.group("num"), m.group("mag"), m.group("unit"), m.group("post")
    if num == "一" and not mag:  # 打造一支队伍, 建设一个平台: an article, not a quantity
        return None
    value = _value(num)
    if value is None:
        return None
    indicator = text[ind_span[0]:ind_span[1]].strip()
    if len(re.findall(r"[\u4e00-\u9fff]", indicator)) < 2:
        return None
    comp = _COMP.get(post or "", comp)
    mult = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12}.get(mag or "", Decimal(1))
    try:
        normalized = _fmt(Decimal(value) * mult)
    except InvalidOperation:
        return None
    return Target(index=0, span=span, indicator=indicator, indicator_key=indicator_key(indicator), value=value, unit=_unit_printed(text, m),
                  comparator=comp if comp in (">=", ">", "+", "~", "=") else "=",
                  normalized_value=normalized, base_unit=unit or "", year=_year(norm, span[0]))


def _read(text: str, norm: str, m: re.Match) -> Target | None:
    vb = _verb_before(norm, m.start())
    if vb:  # indicator verb value
        verb, comp = vb
        vstart = m.start() - len(verb)
        cs = _clause_start(norm, vstart)
        s, e = _clean_indicator(norm, cs, vstart)
        if len(re.findall(r"[\u4e00-\u9fff]", norm[s:e])) >= 2 and verb not in ("新建", "建成", "培育"):
            return _make(text, norm, (s, m.end()), (s, e), m, comp)
        if verb in _VERB_FIRST or verb in ("新增",):  # verb value indicator
            after = re.match(r"[^,;。:\n、()]{2,20}", norm[m.end():])
            if after:
                ie = m.end() + after.end()
                return _make(text, norm, (vstart, ie), (m.end(), ie), m, "+")
        return None
    cs = _clause_start(norm, m.start())
    seg = norm[cs:m.start()]
    for verb in _VERB_FIRST:  # verb value indicator
        if seg.endswith(verb):
            after = re.match(r"[^,;。:\n、()]{2,20}", norm[m.end():])
            if after:
                ie = m.end() + after.end()
                return _make(text, norm, (m.start() - len(verb), ie), (m.end(), ie), m,
                             "+" if m.group("post") is None else "=")
    for verb in _VERB_FIRST:  # verb indicator value
        i = seg.find(verb)
        if i >= 0 and len(seg) - i - len(verb) >= 2:
            s = cs + i + len(verb)
            return _make(text, norm, (cs + i, m.end()), (s, m.start()), m,
                         "+" if m.group("post") is None else "=")
    return None


def _distributive(text: str, norm: str) -> list[Target]:
    """``A、B和C分别达到x、y和z``: one target per indicator, paired in order."""
    units = sorted(word_list("target_units.txt"), key=len, reverse=True)
    nu = rf"{_NUM}\s*(?:万亿|亿|万)?\s*(?:{'|'.join(map(re.escape, units))})"
    rx = re.compile(rf"(?P<inds>[^,;。:\n]{{2,80}}?)分别(?P<verb>达到|为|突破|新增|增长|超过|提高到)(?P<vals>{nu}(?:\s*[、,和及]\s*{nu})+)")
    out = []
    for m in rx.finditer(norm):
        inds = _split_list(norm, m.start("inds"), m.end("inds"))
        vals = list(_anchor_rx().finditer(norm, m.start("vals"), m.end("vals")))
        vals = [v for v in vals if v.group("unit") or v.group("mag")]
        if len(inds) != len(vals):
            continue
        comp = dict(_verbs()).get(m.group("verb"), "=")
        for (s, e), v in zip(inds, vals):
            s, e = _clean_indicator(norm, s, e)
            t = _make(text, norm, (s, v.end()), (s, e), v, comp)
            if t:
                out.append(t)
    return out


def _split_list(norm: str, s: int, e: int) -> list[Span]:
    out, start = [], s
    for m in re.finditer(r"、|和|及", norm[s:e]):
        out.append((start, s + m.start()))
        start = s + m.end()
    out.append((start, e))
    return [(a, b) for a, b in out if b > a]

"""Indicators: the measured thing of a target, cut cleanly from the text around its quantity, and its key.

Before a verb (``(市环保局牵头)到2022年,全区城市建成区绿化覆盖率力争达到``) the indicator is what is left
when annotations, list numbers, dates, fillers (力争, 确保, 其中 …) and scope words (全区, 本市 …) are cut
from its start and modal words (一般, 原则上, 均 …) from its end: ``城市建成区绿化覆盖率``. After a
quantity (``建设50所高水平高等职业学校``) it is the counted thing up to the clause's end, from its last
的 on. The key (``pol:indicatorKey``) is equal across plans for one indicator: simplified, no quotes or
scope words, and one name per row of ``data/indicator_synonyms.tsv``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .normalize import norm_key
from .resources import role_table

Span = tuple[int, int]

_LIST_MARK = re.compile(r"(?:\d{1,3}(?:[.、)](?!\d)|\s+)|\(\d{1,3}\)|\([一二三四五六七八九十]{1,3}\)"
                        r"|[一二三四五六七八九十]{1,3}(?:、|是(?=\S))|[\u2460-\u24ff\u2776-\u2793\u3220-\u32ff])")
_TIME = re.compile(r"(?:到|至|在|于|截至|截止到?)?(?:\s*(?:19|20)\d\d\s*年(?:\d{1,2}月)?|十[一二三四五六七八九]五|今年|明年|当年"
                   r"|(?:今后|未来)?(?:\d{1,2}|[一二两三四五六七八九十])(?:年|个月)(?=内|之内|时间|期间))"
                   r"(?:年?底|年?末|期间|时期|以前|之前|前|内|之内|时间)*")
_PAREN = re.compile(r"\([^()]{0,40}\)")
_BASELINE_TAIL = re.compile(r"(?:比|较|与|同)(?:\s*(?:19|20)\d\d\s*年|上年|去年|上一年|前一年|同期|基期)(?:底|末)?(?:相比|同期)*$"
                            r"|(?:由|从)(?:现有|目前|现在)?的?[\d.一二两三四五六七八九十百千]+[^\d,;。]{0,6}$")  # 由20个工作日 (压缩至)
_PUNCT = " \t\u3000,，、:;。()“”\"'‘’-"
_HAN = re.compile(r"[\u4e00-\u9fffA-Za-z]")


@lru_cache(maxsize=None)
def context_words(role: str) -> tuple[str, ...]:
    """Words of one role in ``data/target_context.tsv`` (lead, trail, region, past, goal, doc, norm, stop),
    longest first."""
    words = [w for w, roles in role_table("target_context.tsv").items() if role in roles.split(",")]
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def _words_rx(*roles: str, end: bool = False) -> re.Pattern:
    """One pattern for the words of ``roles``, longest first, at the start (or ``end``) of a text."""
    words = sorted({w for r in roles for w in context_words(r)}, key=len, reverse=True)
    alt = "|".join(map(re.escape, words))
    return re.compile(f"(?:{alt})$" if end else f"(?:{alt})")


def meaningful(s: str) -> bool:
    """At least two Chinese characters or letters: enough to name what is measured."""
    return len(_HAN.findall(s)) >= 2


def _strip_head(norm: str, s: int, e: int) -> int:
    """Move ``s`` past what cannot begin an indicator: punctuation, list numbers, annotations, dates,
    fillers and scope words."""
    while s < e:
        seg = norm[s:e]
        if seg[0] in _PUNCT and seg[0] != "(" and not (seg[0] in "“\"" and re.search(r"[”\"]", seg[1:])):
            s += 1
            continue
        m = _LIST_MARK.match(seg) or _PAREN.match(seg) or _TIME.match(seg)
        if m and m.end() > 0:
            s += m.end()
            continue
        w = _words_rx("lead", "region").match(seg)
        if w:
            s += w.end()
            continue
        break
    return s


def _strip_tail(norm: str, s: int, e: int) -> int:
    """Move ``e`` back past modal words (一般, 原则上, 均 …), baselines (比2015年) and punctuation."""
    while e > s:
        seg = norm[s:e]
        if seg[-1] in _PUNCT and seg[-1] != ")":
            e -= 1
            continue
        m = _BASELINE_TAIL.search(seg)
        if m:
            e = s + m.start()
            continue
        w = _words_rx("trail", end=True).search(seg)
        if w and not (w.group() == "均" and seg.endswith(("人均", "平均"))):
            e -= len(w.group())
            continue
        break
    return e


def before(norm: str, s: int, e: int) -> Span:
    """The indicator in ``norm[s:e]``, text that comes before its verb: cut at both ends (see module doc).

    Where the text hands the indicator on with 将/把 (引导合作机构逐步将平均担保费率), it starts after them.
    """
    s = _strip_head(norm, s, e)
    cut = max(_handover(norm, s, e), s)
    if cut > s and meaningful(norm[cut:e]):
        s = _strip_head(norm, cut, e)
    e = _strip_tail(norm, s, e)
    return s, e


def _handover(norm: str, s: int, e: int) -> int:
    """Just after the last 将/把 that hands on an object (not 把握, 将来)."""
    best = -1
    for m in re.finditer(r"[将把](?![握来近军])", norm[s:e]):
        best = s + m.end()
    return best


def after(norm: str, s: int, e: int) -> Span:
    """The counted thing in ``norm[s:e]``, text that follows its quantity: up to a stop word or bracket,
    from its last 的 on (一家在……优势突出的龙头机构 → 龙头机构)."""
    seg = norm[s:e]
    cut = len(seg)
    for w in context_words("stop"):
        i = seg.find(w)
        if 0 < i < cut:
            cut = i
    i = seg.find("(")
    if 0 < i < cut:  # 150个骨干专业(群); but 10个省(区、市) keeps its bracket
        close = seg.find(")", i)
        cut = i if meaningful(seg[:i]) or close < 0 else min(cut, close + 1)
    e = s + cut
    d = norm.rfind("的", s, e)
    if d >= 0 and meaningful(norm[d + 1:e]):
        s = d + 1
    while e > s and norm[e - 1] in " \t,，、:;。的等了":
        e -= 1
    while s < e and norm[s] in _PUNCT and norm[s] not in "“\"":
        s += 1
    return s, e


@lru_cache(maxsize=None)
def action_rx() -> re.Pattern:
    """The verbs of ``data/target_actions.tsv`` (新建, 培育, 选择 …), longest first."""
    return re.compile("|".join(re.escape(v) for v in sorted(role_table("target_actions.tsv"), key=len, reverse=True)))


@lru_cache(maxsize=None)
def _synonyms() -> dict[str, str]:
    """Every name of ``data/indicator_synonyms.tsv`` (key and variants, as keys) → its row's key."""
    out: dict[str, str] = {}
    for canon, variants in role_table("indicator_synonyms.tsv").items():
        out[canon] = canon
        for v in variants.split("|"):
            if v.strip():
                out.setdefault(_bare(v), canon)
    return out


def _bare(indicator: str) -> str:
    k = re.sub(r"[“”\"'‘’「」]", "", norm_key(indicator))
    changed = True
    while changed:
        changed = False
        for w in context_words("region"):
            if k.startswith(w) and len(k) > len(w):
                k, changed = k[len(w):], True
    return k


def indicator_key(indicator: str) -> str:
    """What is measured, whoever measures it and however they name it: 全区有效发明专利, 全市有效發明專利 →
    有效发明专利; 技术合同交易额 → 技术合同成交额 (``data/indicator_synonyms.tsv``)."""
    k = _bare(indicator)
    return _synonyms().get(k, k)

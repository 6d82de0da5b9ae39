"""Which cited documents a plan says it carries out (``pol:implements``).

Candidates, strongest first (the cue words are in ``data/implements_cues.tsv``):

1. **the title**: a 《document》 or 文号 in the plan's own title (静海区落实《…》工作方案, 2016年《政府工作报告》
   量化指标任务分工), unless the title prints or changes it (关于印发《X》的通知, 关于修改《X》的决定);
   failing all below, a title that names it without 《》 (静海区落实天津市…行动计划工作方案, ``title_document``);
2. **carry verbs** in a purpose sentence of the preamble: 为贯彻落实《…》, …，落实《…》，制定本方案;
3. **basis verbs** there: 根据《…》, 按照《…》要求, 依据《…》;
4. **after forms** there: 为抓好《政府工作报告》的贯彻落实;
5. **carry verbs in a guiding section** (一、指导思想 … 深入贯彻落实《…》).

A preamble is the text before the outline: the notice's, and the printed plan's between its title
and its first outline item; the purpose sentence that opens the outline (第一条 根据《…》，制定本办法)
counts too. A purpose sentence starts with 为/根据/按照… or says 制定本…/提出如下意见.

Of the candidates, a list of plans and policies goes before a list of laws and regulations only (为贯彻
落实《…法》，根据《…行动计划》: the plan; a law is the basis more than the parent), then the strongest
kind, then the first in the text; every document listed under the same verb is carried out
(贯彻落实《A》(文号)和《B》精神: A and B). A notice that prints a plan does not implement it: the
printed plan is the document itself (see ``citations``), never a candidate.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .doc_titles import listed_publishers, title_key
from .normalize import normalize
from .records import Citation, Span
from .resources import table_rows

_SENTENCE_END = "。;!?\n"
TITLE, CARRY, BASIS, AFTER, GUIDING = 0, 1, 2, 3, 4


_AT_END = ("carry", "basis", "title")  # cues matched at the end of the text before 《


@lru_cache(maxsize=None)
def _cues() -> dict[str, re.Pattern]:
    out: dict[str, list[str]] = {}
    for kind, pattern in table_rows("implements_cues.tsv"):
        out.setdefault(kind.strip(), []).append(pattern.strip())
    rx = {k: re.compile("|".join(f"(?:{p})" for p in v)) for k, v in out.items()}
    rx.update({k + "$": re.compile("(?:" + rx[k].pattern + ")$") for k in _AT_END})
    return rx


def _sentence(norm: str, pos: int) -> tuple[int, int]:
    s = max(norm.rfind(c, 0, pos) for c in _SENTENCE_END) + 1
    ends = [i for i in (norm.find(c, pos) for c in _SENTENCE_END) if i >= 0]
    return s, min(ends, default=len(norm))


def _is_purpose(norm: str, pos: int) -> bool:
    s, e = _sentence(norm, pos)
    sent = norm[s:e].strip()
    return bool(_cues()["purpose"].search(sent) or _cues()["cue"].search(sent))


def _verb_before(norm: str, start: int) -> str | None:
    """``carry`` or ``basis`` when a cue verb stands right before ``start``, issuers allowed between."""
    clause_start = max(norm.rfind(c, 0, start) for c in _SENTENCE_END + ",") + 1
    before = norm[clause_start:start].rstrip()
    for kind in ("carry", "basis"):
        if _cues()[kind + "$"].search(before):
            return kind
    # 贯彻落实国务院《…》, 根据省委、省政府《…》: the verb, then the bodies that issued the document
    for kind in ("carry", "basis"):
        for m in _cues()[kind].finditer(before):
            between = before[m.end():]
            if between and listed_publishers(between):
                return kind
    return None


def _strength(norm: str, c: Citation) -> int | None:
    s, e = c.span
    kind = _verb_before(norm, s)
    if kind and _is_purpose(norm, s):
        return CARRY if kind == "carry" else BASIS
    if _cues()["after"].match(norm[e:e + 80]) and _is_purpose(norm, s):
        return AFTER
    return None


def _in_title(norm: str, c: Citation, title_spans: list[Span]) -> bool:
    s, e = c.span
    if not any(a <= s and e <= b for a, b in title_spans):
        return False
    return not _cues()["title$"].search(norm[max(0, s - 6):s])


def _lists(norm: str, cites: list[Citation]) -> list[list[Citation]]:
    """Citations grouped into the lists one verb governs (《A》(文号)要求和《B》…: A and B)."""
    groups: list[list[Citation]] = []
    for c in cites:
        if groups and c.title and _cues()["join"].match(norm[groups[-1][-1].span[1]:c.span[0]].replace(" ", "")):
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups


def _law_like(c: Citation) -> bool:
    """A law or regulation (…法, …条例), by its title: ``lawlike`` in the cue data."""
    return bool(c.title) and bool(_cues()["lawlike"].search(normalize(c.title).strip()))


def mark_implements(norm: str, cites: list[Citation], preambles: list[Span], title_spans: list[Span],
                    title: str | None = None, guiding: list[Span] = ()) -> list[Citation]:
    """Set ``implements`` on the documents the plan carries out, and return them (see the module doc).

    ``preambles`` are the texts before the outline (the notice's, and the printed plan's after its
    title); ``title_spans`` where the plan's own title is printed; ``title`` the title itself, for a
    《document》 in a title given by a manifest but not printed; ``guiding`` the sections whose heading
    says what the plan follows (``guiding_heading``).
    """
    for c in cites:
        c.implements = False
    chosen = [c for c in cites if _in_title(norm, c, title_spans)]
    if not chosen and title:
        named = {title_key(t) for t in re.findall(r"《([^《》]+)》", title)}
        chosen = [c for c in cites if c.title_key in named]
    if not chosen:
        ranked = []
        for n, group in enumerate(_lists(norm, cites)):
            k = _rank(norm, group[0], preambles, guiding)
            if k is not None:  # plans and policies before laws: a law is the basis more than the parent
                ranked.append((all(_law_like(c) for c in group), k, n, group))
        chosen = min(ranked, key=lambda r: r[:3])[3] if ranked else []
    for c in chosen:
        c.implements = True
    return chosen


def _rank(norm: str, c: Citation, preambles: list[Span], guiding: list[Span]) -> int | None:
    """How strongly ``c`` reads as carried out: CARRY, BASIS or AFTER in a preamble, GUIDING in a
    guiding section, or None."""
    s = c.span[0]
    if any(a <= s < b for a, b in preambles) or _opens_outline(norm, s, preambles):
        return _strength(norm, c)
    if any(a <= s < b for a, b in guiding) and _verb_before(norm, s) == "carry":
        return GUIDING
    return None


def _opens_outline(norm: str, pos: int, preambles: list[Span]) -> bool:
    """A purpose sentence right after a preamble (第一条 根据《…》，制定本办法)."""
    s, e = _sentence(norm, pos)
    return any(0 <= pos - b < 300 and s <= b + 40 for _, b in preambles) and bool(_cues()["cue"].search(norm[s:e]))


def title_document(title: str) -> str | None:
    """The document a plan's title names without 《》 as the one it carries out, or None:
    静海区落实天津市科技创新三年行动计划工作方案 → 天津市科技创新三年行动计划."""
    t = title.strip()
    m = _cues()["titleform"].search(normalize(t))
    return t[m.start("doc"):m.end("doc")] if m and "《" not in t else None


def guiding_heading(heading: str) -> bool:
    """True for the heading of a section that states what the plan follows (指导思想, 总体要求)."""
    return bool(_cues()["guiding"].search(heading))

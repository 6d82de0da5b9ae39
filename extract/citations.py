"""Cited policy documents: one record per mention, the document's own title and number left out.

A mention is a 《title》, a 文号, or both printed together (《国务院关于…的意见》(国发〔2015〕43号);
国务院关于…的通知(国办发〔2018〕58号), a title without 《》 before its bracketed 文号). Then:

- **aliases**: 《X》(以下简称《方案》) makes later 《方案》 the same document as X;
- **the document itself** is never cited: its own titles and numbers (``OwnDocument``), a title the
  text says it prints (现将《X》印发给你们, 《X》已经…同意，现印发给你们), and aliases of these;
- a **generic title** (《方案》, 《总体规划》) never defined as an alias stands for the plan itself when
  the plan is of that kind, else for the nearest document of that kind cited before it, else nothing;
- **forms** (《诉讼要素表》, 《清理整顿报告书》) are not policy documents.

Issuers: from the head of the title (财政部 税务总局 科技部关于…), else from the 文号's code
(``data/document_number_issuers.tsv``), else from the body printed just before 《 (国务院《关于…》).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .doc_numbers import find_numbers, number_issuers
from .doc_titles import (ends_as_title, is_generic, is_not_policy, listed_publishers, publishers, refers_to,
                         same_title, title_key)
from .normalize import norm_key
from .records import Citation, Span
from .resources import table_rows, word_list

__all__ = ["OwnDocument", "find_citations", "find_numbers", "title_key", "publishers"]

_MAX_TITLE = 160
_AFTER_NUMBER = re.compile(r"\s*(?:文件)?\s*(?:[)\]]|[,;、])")
_ALIAS = re.compile(r"\s*[(\[]?[^()\[\]。\n]{0,30}?以下(?:简称|称)\s*[《“\"]([^》”\"\n]{1,24})[》”\"]")
_CLAUSE_END = "。;!?\n"


@dataclass
class OwnDocument:
    """How a document names itself: its titles (plan, notice, attachment) and its 文号."""

    titles: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)  # its 文号, as printed or normalised

    def has_title(self, title: str) -> bool:
        return any(same_title(title, t) for t in self.titles)

    def has_number(self, number: str) -> bool:
        return norm_key(number) in {norm_key(n) for n in self.numbers}

    def is_referred_by(self, generic: str) -> bool:
        """True when a generic title (《方案》) can stand for the document itself."""
        return any(refers_to(generic, t) for t in self.titles)


@dataclass
class _Mention:
    """A citation while it is being resolved: its record, and what it stands for."""

    cite: Citation
    own: bool = False
    alias_of: _Mention | None = None  # the mention whose document this one names
    dropped: bool = False


@lru_cache(maxsize=None)
def _cues() -> dict[str, list[re.Pattern]]:
    out: dict[str, list[re.Pattern]] = {}
    for kind, pattern in table_rows("own_document_cues.tsv"):
        out.setdefault(kind.strip(), []).append(re.compile(pattern.strip()))
    return out


# --- finding mentions ------------------------------------------------------------------------------


_TITLE_MARKS = re.compile(r"[《》。;]")


def bracketed_titles(norm: str) -> list[tuple[int, int]]:
    """Outermost 《…》 spans, brackets included; nested 《》 or 〈〉 stay inside, a line break may too."""
    out, stack = [], []
    for m in _TITLE_MARKS.finditer(norm):
        i, c = m.start(), m.group()
        if c == "《":
            stack.append(i)
        elif c == "》" and stack:
            s = stack.pop()
            if not stack and 2 <= i - s - 1 <= _MAX_TITLE and norm.count("\n", s, i) <= 1:
                out.append((s, i + 1))
        elif c in "。;" and stack:
            stack.clear()
    return out


def _printed(text: str, s: int, e: int) -> str:
    """A title as printed, without the line breaks a web page put inside it."""
    return re.sub(r"\s*\n\s*", "", text[s:e]).strip()


def _number_after(norm: str, pos: int, numbers: dict[int, tuple[Span, str]]) -> tuple[Span, str] | None:
    """The 文号 printed in brackets right after ``pos`` (《X》(国发〔2015〕43号) or (…号,以下简称…))."""
    m = re.compile(r"\s*[(\[]\s*").match(norm, pos)
    if not m or m.end() not in numbers:
        return None
    (s, e), num = numbers[m.end()]
    return ((s, e), num) if _AFTER_NUMBER.match(norm, e) else None


@lru_cache(maxsize=None)
def _lead_rx() -> re.Pattern:
    words = sorted(word_list("title_lead_words.txt"), key=len, reverse=True)
    return re.compile("^(?:" + "|".join(re.escape(w) for w in words) + ")+")


def bare_title_before(norm: str, pos: int) -> int | None:
    """Start of a title printed without 《》 that ends at ``pos`` (before its bracketed 文号), or None.

    The title runs from the start of its clause, without the verbs and pronouns that lead into it
    (贯彻落实, 你们), and is a standard title: it has 关于 (or 印发/转发/批转) and ends with a kind
    of document (通知, 意见, 请示 …). Its head is kept only when it names issuers.
    """
    start = pos
    while start > 0 and norm[start - 1] not in _CLAUSE_END + ",:》“”\"" and pos - start < _MAX_TITLE:
        start -= 1
    seg = norm[start:pos].rstrip()
    lead = _lead_rx().match(seg)
    if lead:
        start, seg = start + lead.end(), seg[lead.end():]
    verb = re.search(r"关于|印发|转发|批转", seg)
    if not verb or not ends_as_title(seg):
        return None
    if verb.start() > 0 and not publishers(seg):  # the head names no issuer: the title starts at 关于
        if not seg.startswith("关于", verb.start()):
            return None
        start += verb.start()
    return start if pos - start >= 6 else None


def _mentions(text: str, norm: str) -> list[_Mention]:
    """Every 《title》, bare title with its 文号, and lone 文号, in order, each with its issuers."""
    nums = find_numbers(text, norm)
    by_start = {s: ((s, e), n) for (s, e), n in nums}
    used: set[int] = set()
    out: list[_Mention] = []
    for s, e in bracketed_titles(norm):
        title = _printed(text, s + 1, e - 1)
        span, number = (s, e), None
        got = _number_after(norm, e, by_start)
        if got:
            (ns, ne), number = got
            span = (s, ne)
            used.add(ns)
        pubs = publishers(title) or (number_issuers(number) if number else []) or _issuers_before(norm, s, title)
        out.append(_Mention(Citation(span=span, title=title, number=number, publishers=pubs,
                                     title_key=title_key(title), number_key=norm_key(number) if number else None)))
    for (s, e), num in nums:
        if s in used or any(m.cite.span[0] <= s < m.cite.span[1] for m in out):
            continue
        bracket = re.search(r"[(\[]\s*$", norm[max(0, s - 3):s])
        ts = bare_title_before(norm, s - len(bracket.group())) if bracket else None
        if ts is not None and _AFTER_NUMBER.match(norm, e):
            title = _printed(text, ts, s - len(bracket.group()))
            pubs = publishers(title) or number_issuers(num)
            out.append(_Mention(Citation(span=(ts, e), title=title, number=num, publishers=pubs,
                                         title_key=title_key(title), number_key=norm_key(num))))
        else:
            out.append(_Mention(Citation(span=(s, e), number=num, publishers=number_issuers(num),
                                         number_key=norm_key(num))))
    out.sort(key=lambda m: m.cite.span)
    return out


def _issuers_before(norm: str, start: int, title: str) -> list[str]:
    """国务院《关于…的意见》: the bodies printed right before a title that starts with 关于."""
    if not norm_key(title).startswith("关于"):
        return []
    s = start
    while s > 0 and (("\u4e00" <= norm[s - 1] <= "\u9fff") or norm[s - 1] in "、 ") and start - s < 24:
        s -= 1
    head = norm[s:start]
    lead = _lead_rx().match(head)
    head = head[lead.end():] if lead else head
    return listed_publishers(head) if head else []


# --- what each mention stands for ------------------------------------------------------------------


def _own_by_cue(norm: str, m: _Mention) -> bool:
    """现将《X》印发给你们, 《X》已经国务院同意，现印发给你们, 现将修订后的《X》公布: X is the document itself."""
    s, e = m.cite.span
    if not m.cite.title:
        return False
    end = min((norm.find(c, e) for c in "。\n" if norm.find(c, e) >= 0), default=len(norm))
    rest = norm[e:end]
    before = norm[max(0, s - 12):s]
    cues = _cues()
    if any(rx.search(rest) for rx in cues.get("after", [])):
        return True
    if any(rx.search(before) for rx in cues.get("before", [])):
        return True
    verb = cues.get("verb", [])
    return any(rx.search(before) for rx in cues.get("before+verb", [])) and any(
        rx.search(rest[:40]) for rx in verb)


_ATTACHMENT_LINE = re.compile(r"^\s*附件\s*\d*\s*[:.、]?")
_LIST_ITEM = re.compile(r"^\s*\d{1,2}\s*[.、]")


def attachment_lines(norm: str) -> list[Span]:
    """Lines that list the document's attachments: 附件：1.《X》 and the numbered lines under it."""
    out, pos, in_list = [], 0, False
    for line in norm.split("\n"):
        if _ATTACHMENT_LINE.match(line) or (in_list and _LIST_ITEM.match(line)):
            out.append((pos, pos + len(line)))
            in_list = True
        else:
            in_list = False
        pos += len(line) + 1
    return out


def _aliases(norm: str, mentions: list[_Mention]) -> None:
    """(以下简称《方案》): later mentions of the short name name the document defined before it."""
    defined: dict[str, _Mention] = {}
    for m in mentions:
        t = m.cite.title
        key = title_key(t) if t else None
        if key and key in defined and defined[key] is not m:
            m.alias_of = defined[key]
            continue
        a = _ALIAS.match(norm, m.cite.span[1])
        if a:
            defined[title_key(a.group(1))] = m.alias_of or m


def _root(m: _Mention) -> _Mention:
    while m.alias_of is not None:
        m = m.alias_of
    return m


def _resolve(norm: str, mentions: list[_Mention], own: OwnDocument) -> None:
    """Mark mentions of the document itself, resolve generic titles, drop forms."""
    attached = attachment_lines(norm)
    for m in mentions:  # titles the text says it prints or attaches count wherever they are mentioned
        if (_own_by_cue(norm, m) or any(a <= m.cite.span[0] < b for a, b in attached)) and m.cite.title \
                and not is_generic(m.cite.title):
            own.titles.append(m.cite.title)
    for m in mentions:
        c = m.cite
        m.own = bool((c.title and own.has_title(c.title)) or (c.number and own.has_number(c.number))
                     or _own_by_cue(norm, m))
    kept: list[_Mention] = []
    for m in mentions:
        c = m.cite
        if m.alias_of is None and c.title and is_generic(c.title):
            if own.is_referred_by(c.title):
                m.own = True
            else:
                m.alias_of = next((k for k in reversed(kept) if refers_to(c.title, k.cite.title or "")), None)
                m.dropped = m.alias_of is None
        if c.title and is_not_policy(c.title):
            m.dropped = True
        if not m.dropped and not _root(m).own and not m.own:
            kept.append(m)


_INNER = re.compile(r"[〈《<]([^〈〉《》<>]{2,120})[〉》>]")


def _inside_own(text: str, norm: str, m: _Mention, own: OwnDocument) -> list[Citation]:
    """The documents named inside the document's own title: 《静海区落实〈天津市…行动计划〉工作方案》."""
    s, e = m.cite.span
    out = []
    for x in _INNER.finditer(norm, s + 1, e - 1):
        title = _printed(text, x.start(1), x.end(1))
        if not own.has_title(title) and not is_generic(title):
            out.append(Citation(span=(x.start(), x.end()), title=title, publishers=publishers(title),
                                title_key=title_key(title)))
    return out


def find_citations(text: str, norm: str, own: OwnDocument | None = None) -> list[Citation]:
    """Cited documents in order of their mentions; the document itself and forms are left out.

    A mention that names a document defined before (an alias, a generic title) carries that
    document's keys, so that both are one node.
    """
    own = own or OwnDocument()
    own = OwnDocument(list(own.titles), list(own.numbers))
    mentions = _mentions(text, norm)
    _aliases(norm, mentions)
    _resolve(norm, mentions, own)
    out = []
    for m in mentions:
        root = _root(m)
        if m.own and not m.dropped:
            out += _inside_own(text, norm, m, own)
        if m.dropped or m.own or root.own:
            continue
        c = m.cite
        if root is not m:
            c.title_key, c.number_key = root.cite.title_key, root.cite.number_key
            c.publishers = list(root.cite.publishers)
        out.append(c)
    return out

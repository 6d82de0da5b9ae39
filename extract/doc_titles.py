"""Titles of documents: one key however a title is printed, kinds of documents, and issuers at the head.

``title_key`` makes 《天津市科技創新三年行動計劃（2020—2022年）》 and 天津市科技创新三年行动计划(2020-2022)
equal. A generic title (《方案》, 《总体规划》) names a kind, not a document; a form to fill in
(《诉讼要素表》) is not a policy. Issuers are read from the head of a standard title:
财政部 税务总局 科技部关于… → 财政部, 税务总局, 科技部; 国务院办公厅转发国家地震局关于… → 国务院办公厅.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .departments import DEPT, classify, type_names
from .listed_words import ListedWords
from .normalize import norm_key
from .resources import pattern_list, word_list

_YEARS = re.compile(r"\(?(?:19|20)\d\d年?(?:-(?:19|20)\d\d年?)?\)?$")
_HEAD_VERB = re.compile(r"关于|印发|转发|批转")
_OFFICES = ("办公厅", "办公室")  # after a body's name, its general office, not a body of its own


@lru_cache(maxsize=8192)
def title_key(title: str) -> str:
    """A key that is equal for one document's title however it is printed.

    Brackets (《》〈〉“”), dashes, spaces, 年 after the years and traditional characters do not matter:
    天津市科技创新三年行动计划(2020-2022) = 《天津市科技創新三年行動計劃（2020—2022年）》.
    """
    k = norm_key(title).strip("《》")
    k = _TITLE_MARKS.sub("", k)
    k = _YEAR_RANGE.sub(r"\1-\2", k)
    return k


_TITLE_MARKS = re.compile(r"[()\[\]\"“”‘’'《》〈〉<>·・]")
_YEAR_RANGE = re.compile(r"(\d{4})年?-(\d{4})年?")


def same_title(a: str, b: str) -> bool:
    """True when two titles name one document: equal keys, or equal but for punctuation, or one
    leaving off the years the other ends with (…三年行动计划 = …三年行动计划(2020—2022年))."""
    ka, kb = title_key(a), title_key(b)
    if not ka or not kb:
        return False
    if ka == kb or _bare(ka) == _bare(kb):
        return True
    sa, sb = _YEARS.sub("", ka), _YEARS.sub("", kb)
    return sa == sb and len(sa) >= 4


def title_stem(title: str) -> str:
    """The key without punctuation and without the years at its end: what ``same_title`` compares."""
    return _bare(_YEARS.sub("", title_key(title)))


def _bare(key: str) -> str:
    return re.sub(r"[^\w]", "", key)


def refers_to(generic: str, title: str) -> bool:
    """True when a generic title (《方案》, 《总体规划》) can stand for ``title`` (…实施方案, …总体规划(2018—2035年))."""
    g = re.sub(r"^(本|该|此|上述|前述)", "", title_key(generic))
    return bool(g) and _YEARS.sub("", title_key(title)).endswith(g)


@lru_cache(maxsize=None)
def document_types() -> tuple[str, ...]:
    """Words a title ends with (方案, 通知, 意见 …), longest first."""
    return tuple(sorted(word_list("document_types.txt"), key=len, reverse=True))


def ends_as_title(s: str) -> bool:
    """True when ``s`` (normalised) ends with a kind of document, years in brackets allowed after it."""
    return norm_key(_YEARS.sub("", norm_key(s))).endswith(document_types())


def is_generic(title: str) -> bool:
    """《方案》, 《总体规划》, 《实施意见》: a kind of document, not one document."""
    return bool(pattern_list("generic_document_titles.txt").search(title_key(title)))


def is_not_policy(title: str) -> bool:
    """Forms to fill in, certificates, newspapers: titles in 《》 that are not policy documents."""
    return bool(pattern_list("not_policy_titles.txt").search(title_key(title)))


# --- issuers at the head of a title ------------------------------------------------------------


def publishers(title: str) -> list[str]:
    """Issuing bodies at the head of a standard title, or [] when the head names none.

    The head ends at the first 关于/印发/转发/批转 (国务院批转外交部…关于… → 国务院); bodies are split on
    spaces, 、 and commas as printed, and run-together names by known names (财政部税务总局科技部).
    """
    m = _HEAD_VERB.search(title)
    if not m or m.start() == 0:
        return []
    out: list[str] = []
    for part in re.split(r"[\s\u3000、,，]+", title[: m.start()]):
        part = norm_key(part)
        if not part:
            continue
        got = _segment_bodies(part)
        if got is None:
            return []
        out.extend(got)
    return out


def listed_publishers(head: str) -> list[str]:
    """The bodies of a bare list of issuers (国务院办公厅、中央军委办公厅), read as the head of a title."""
    return publishers(head + "关于")


@lru_cache(maxsize=None)
def _issuing_bodies() -> ListedWords:
    return ListedWords(word_list("issuing_bodies.txt"))


def _segment_bodies(s: str) -> list[str] | None:
    """Split a run-together list of bodies (财政部税务总局科技部) by known names, greedily."""
    names = type_names()
    out, i = [], 0
    while i < len(s):
        hit = _issuing_bodies().starting_at(s, i)
        if hit is None:
            for n in ("国家", "国务院", "中共中央", "中华人民共和国", ""):
                if s.startswith(n, i):
                    tn = names.starting_at(s, i + len(n))
                    if tn:
                        hit = n + tn
                        break
        if not hit:
            rest = s[i:]
            return out + [rest] if classify(rest) == DEPT and (not out or len(rest) >= 4) else None
        if hit in _OFFICES and out:  # 国务院办公厅: the office of the body before it
            out[-1] += hit
        else:
            out.append(hit)
        i += len(hit)
    return out

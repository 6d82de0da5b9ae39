"""文号 (document numbers) in every common shape, and the issuers their codes stand for.

Shapes: 财税〔2018〕58号 (also [2018], (2018), 【2018】), 国家税务总局公告2018年第30号, 国令第707号,
中华人民共和国国务院令 第707号. The issuer code is the run of Chinese characters before the year, cut
after the last word that cannot belong to a code (按照国办发〔1993〕71号 → 国办发〔1993〕71号; the words
are in ``data/number_prefix_stopwords.txt``). Issuers come from ``data/document_number_issuers.tsv``
by the longest listed prefix of the code.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .normalize import norm_key
from .records import Span
from .resources import table_rows, word_list

# Each shape is found by what follows its issuer code (rare in text: the scan is fast); the code is
# then the run of Chinese characters just before it.
# (the look-ahead: a match starts with a space or a bracket, so the scan skips every other character fast)
_YEAR_NO = re.compile(r"(?=[\s\[(])\s*[\[(]\s*(?P<year>(?:19|20)\d{2})\s*[\])]\s*(?:第\s*)?(?P<seq>\d{1,5})\s*号")
_GAZETTE = re.compile(r"公告\s*(?P<year>(?:19|20)\d{2})\s*年\s*第\s*(?P<seq>\d{1,4})\s*号")
_DECREE = re.compile(r"令\s*第\s*(?P<seq>\d{1,5})\s*号")
_CODE_RUN = re.compile(r"[\u4e00-\u9fff]{1,16}$")


_UNCUT = ("中华人民共和国",)  # names that hold a stop word (和) and start a code: 中华人民共和国国务院令


@lru_cache(maxsize=None)
def _stop_rx() -> re.Pattern:
    words = sorted(word_list("number_prefix_stopwords.txt"), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def code_start(code: str) -> int:
    """Offset in ``code`` (a run of Chinese characters before a year) where the issuer code starts.

    After the tail of a preceding 文号 (…58号和国令…: a code never contains 号) and after the last
    stop word; what is left is the code, however long (民航总局〔2006〕80号).
    """
    start = code.rfind("号", 0, len(code) - 1) + 1
    masked = code
    for w in _UNCUT:
        masked = masked.replace(w, "\0" * len(w))
    for m in _stop_rx().finditer(masked, start):
        if m.end() < len(code):
            start = max(start, m.end())
    return start


def find_numbers(text: str, norm: str) -> list[tuple[Span, str]]:
    """Every 文号 as ``(span, number)``, the year bracketed 〔〕 as the standard prints it."""
    out: list[tuple[Span, str]] = []
    for rx, keep, fmt in ((_YEAR_NO, 0, "{code}〔{year}〕{seq}号"), (_GAZETTE, 2, "{code}{year}年第{seq}号"),
                          (_DECREE, 1, "{code}第{seq}号")):
        for m in rx.finditer(norm):
            code_end = m.start() + keep  # 公告 and 令 belong to the code
            run = _CODE_RUN.search(norm, max(0, code_end - 16), code_end)
            if not run or (rx is _GAZETTE and run.end() - run.start() < keep + 2):
                continue
            s = run.start() + code_start(run.group())
            if s >= code_end:
                continue
            code = norm_key(text[s:code_end])
            groups = m.groupdict()
            out.append(((s, m.end()), fmt.format(code=code, year=groups.get("year"), seq=groups["seq"])))
    out.sort()
    return [x for i, x in enumerate(out) if not any(o[0][0] <= x[0][0] < o[0][1] for o in out[:i])]


@lru_cache(maxsize=None)
def _issuer_table() -> tuple[tuple[str, tuple[str, ...]], ...]:
    rows = [(norm_key(r[0]), tuple(norm_key(x) for x in r[1].split("、") if x.strip()))
            for r in table_rows("document_number_issuers.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def number_code(number: str) -> str:
    """The issuer code of a 文号: 财税〔2018〕58号 → 财税, 国家税务总局公告2018年第30号 → 国家税务总局公告."""
    k = norm_key(number)
    m = re.match(r"(.*?)(?:\[(?:19|20)\d\d\]|(?:19|20)\d\d年第|第\d)", k)
    return m.group(1) if m else k


def number_issuers(number: str) -> list[str]:
    """Issuing bodies a 文号's code stands for (longest listed prefix), or [] when the code is not listed."""
    code = number_code(number)
    for prefix, issuers in _issuer_table():
        if code.startswith(prefix):
            return list(issuers)
    return []

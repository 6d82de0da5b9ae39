"""A document's own title, date, publisher, 文号 and region, from its head, its page and its signature.

A manifest row (see ``manifest.py``) overrides anything read here. A notice that publishes a plan
(关于印发X的通知) is titled by the plan X when X's own title line follows.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .citations import OwnDocument
from .doc_numbers import find_numbers
from .doc_titles import title_key
from .normalize import line_spans, norm_key, normalize

_DOC_TYPES = ("方案", "计划", "规划", "意见", "通知", "办法", "决定", "纲要", "措施", "细则", "分工",
              "清单", "条例", "规定", "批复", "复函", "函", "通报", "公告", "报告", "要点", "指南", "答复", "安排")
_DATE_CN = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = re.compile(r"((?:19|20)\d\d)[-./](\d{1,2})[-./](\d{1,2})")
# 二〇〇五年三月三日, 二○一一年三月十七日: signatures of official documents are often dated in Chinese numerals
_YEAR_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0", "O": "0", "o": "0"}
_DATE_NUMERALS = re.compile(r"([〇○零Oo一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
_NUMBER_YEAR = re.compile(r"[〔\[(（【]((?:19|20)\d\d)[〕\])）】]")
_YEARS_LINE = re.compile(r"^\(?\s*(?:19|20)\d\d\s*年?\s*-\s*(?:19|20)\d\d\s*年?\s*\)?$")
_REGION = re.compile(r"^((?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?(?:[\u4e00-\u9fff]{1,6}?市)?(?:[\u4e00-\u9fff]{1,5}?(?:新区|区|县|旗))?)")


def _lines(text: str, norm: str) -> list[tuple[int, int]]:
    return list(_line_spans(norm))


@lru_cache(maxsize=2)
def _line_spans(norm: str) -> tuple[tuple[int, int], ...]:
    """The document's lines, found once for the several readers of its head and signature."""
    return tuple(line_spans(norm))


def _small_numeral(s: str) -> int:
    """一 … 三十一 (a month or a day) as an int; 0 when it is none."""
    tens, _, units = s.rpartition("十")
    digits = "一二三四五六七八九"
    if "十" not in s:
        return digits.index(s) + 1 if len(s) == 1 else 0
    if len(tens) > 1 or len(units) > 1 or any(c not in digits for c in tens + units):  # 十十: no numeral
        return 0
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(units) + 1 if units else 0)


def iso_date(s: str) -> str | None:
    """``2021-9-8``, ``2021年9月8日``, ``二〇二一年九月八日`` → ``2021-09-08``."""
    m = _DATE_ISO.search(s) or _DATE_CN.search(s)
    if m:
        y, mo, d = (int(x) for x in m.groups())
    elif (m := _DATE_NUMERALS.search(s)):
        y = int("".join(_YEAR_DIGITS[c] for c in m[1]))
        mo, d = _small_numeral(m[2]), _small_numeral(m[3])
    else:
        return None
    if not (1900 <= y <= 2099):
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def title_block(text: str, norm: str) -> tuple[str, int]:
    """The document's title (head lines joined) and the offset where its title block ends."""
    lines = _lines(text, norm)
    parts: list[str] = []
    end = 0
    for s, e in lines[:5]:
        line = norm[s:e]
        if line.endswith(":") or "。" in line or len(line) > 80 or iso_date(line) or _is_number_line(text, norm, s, e):
            break
        if parts and parts_complete(parts) and not re.match(r"^[(的》]", line):
            break
        parts.append(text[s:e].strip())
        end = e
    return "".join(parts), end


def standalone_title(text: str, norm: str) -> str | None:
    """The first short line among the first lines that reads as a document title (with its years)."""
    lines = _lines(text, norm)[:15]
    for i, (s, e) in enumerate(lines):
        line = norm_key(norm[s:e])
        if len(line) <= 40 and line.endswith(_DOC_TYPES) and not re.search(r"[,:;。]", line):
            title = text[s:e].strip()
            if i + 1 < len(lines) and _YEARS_LINE.match(norm_key(norm[lines[i + 1][0]:lines[i + 1][1]])):
                title += text[lines[i + 1][0]:lines[i + 1][1]].strip()
            return title
    return None


def parts_complete(parts: list[str]) -> bool:
    joined = norm_key("".join(parts))
    return joined.endswith(_DOC_TYPES) or bool(re.search(r"\((?:19|20)\d\d.{0,8}\)$", joined))


def _is_number_line(text: str, norm: str, s: int, e: int) -> bool:
    nums = find_numbers(text[s:e], norm[s:e])
    return bool(nums) and nums[0][0][0] == 0 and nums[0][0][1] >= e - s - 1


def split_number(title: str) -> tuple[str, str | None]:
    """A title line that ends with its 文号 (…的通知 东丽政发〔2021〕5号) → (title, number)."""
    nums = find_numbers(title, normalize(title))
    if nums and nums[-1][0][1] >= len(title.rstrip()) - 1 and nums[-1][0][0] > 4:
        return title[: nums[-1][0][0]].strip(), nums[-1][1]
    return title, None


def printed_document(notice_title: str) -> str | None:
    """The document a notice prints or forwards: 关于印发X的通知, 转发X的通知, 批转X的通知 → X."""
    m = re.search(r"(?:关于印发|印发|转发|批转)(.+?)的(?:通知|函)$", norm_key(notice_title))
    return m.group(1).strip("《》") if m else None


def attachment_title(text: str, norm: str, notice_title: str, after: int = 0) -> tuple[str, int, int] | None:
    """For 关于印发X的通知, X's own title line later in the text (with its year line), its start and end.

    Only lines from ``after`` (the end of the notice's own title block) count: the notice's title
    can break its line right after 关于印发 and leave X on a line of its own.
    """
    m = re.search(r"关于印发(.+?)的通知", norm_key(notice_title))
    if not m:
        return None
    want = title_key(re.sub(r"\(.*?\)$", "", m.group(1)))
    lines = [(s, e) for s, e in _lines(text, norm) if s >= after]
    for i, (s, e) in enumerate(lines):
        if title_key(norm[s:e]) == want or (title_key(norm[s:e]).startswith(want) and e - s <= len(want) + 14):
            title = text[s:e].strip()
            end = e
            if i + 1 < len(lines) and _YEARS_LINE.match(norm[lines[i + 1][0]:lines[i + 1][1]].replace(" ", "")):
                title += text[lines[i + 1][0]:lines[i + 1][1]].strip()
                end = lines[i + 1][1]
            if s > 0:
                return title, s, end
    return None


def head_numbers(text: str, norm: str, limit: int = 1500) -> list[str]:
    """文号 printed as the document's own at its head, before the first sentence or addressee line.

    Own numbers stand on a line of their own (国发〔2019〕4号, (苏府〔2011〕57号), 文号: …, a decree's
    中华人民共和国国务院令 / 第707号 over two lines) or end the title line (…的通知 东丽政发〔2021〕5号).
    """
    body = _body_start(norm, limit)
    out = []
    for (a, b), num in find_numbers(text[:body], norm[:body]):
        ls = norm.rfind("\n", 0, a) + 1
        le = norm.find("\n", b)
        before, after = norm[ls:a].strip(), norm[b:len(norm) if le < 0 else le].strip()
        if after.strip(")] ") or "。" in before:
            continue
        if not before.strip("( [") or re.fullmatch(r"(文\s*号|发文字号)\s*:?\s*\(?", before) or len(before) > 4:
            out.append(num)
    return list(dict.fromkeys(out))


def _body_start(norm: str, limit: int) -> int:
    """Where the body starts: the first line with a full stop or ending with a colon (the addressees)."""
    for s, e in _lines(norm, norm):
        line = norm[s:e]
        if "。" in line or line.endswith(":"):
            return s
        if s > limit:
            return s
    return len(norm)


def own_document(titles: list[str | None], numbers: list[str | None]) -> OwnDocument:
    """The titles and numbers a document goes by, and the document each 印发/转发 title prints."""
    names: list[str] = []
    for t in titles:
        if not t:
            continue
        names.append(t)
        printed = printed_document(t)
        if printed:
            names.append(printed)
    return OwnDocument(titles=list(dict.fromkeys(names)),
                       numbers=list(dict.fromkeys(norm_key(n) for n in numbers if n)))


def signature(text: str, norm: str, limit: int) -> tuple[str | None, str | None]:
    """``(publisher, date)`` from a signature (an organisation line followed by a date line)."""
    lines = _lines(text, norm)
    for i, (s, e) in enumerate(lines):
        line = norm[s:e].replace(" ", "")
        if _DATE_CN.fullmatch(line) or (_DATE_CN.match(line) and len(line) <= 12) or _DATE_NUMERALS.fullmatch(line):
            pub = None
            if i > 0:
                ps, pe = lines[i - 1]
                prev = text[ps:pe].strip()
                if len(prev) <= 30 and re.search(r"(政府|办公厅|办公室|委员会|局|委|厅|部|院)$", norm[ps:pe]):
                    pub = prev
            return pub, iso_date(line)
    return None, None


def number_year(number: str | None) -> int | None:
    """The year a document number carries: 国办函〔2005〕21号 → 2005."""
    m = _NUMBER_YEAR.search(number or "")
    return int(m[1]) if m else None


def infer_region(*names: str | None) -> str | None:
    """The jurisdiction a publisher or title names at its head: 天津市滨海新区人民政府 → 天津市滨海新区."""
    for n in names:
        if not n:
            continue
        k = norm_key(n)
        if k.startswith(("国务院", "中共中央", "国家", "全国")):
            return "国务院"
        m = _REGION.match(k)
        if m and m.group(1):
            return m.group(1)
    return None


def level_of(region: str) -> str:
    """Level of government from a region name."""
    r = norm_key(region)
    if r == "国务院":
        return "national"
    if r.endswith(("区", "县", "旗")) and re.search(r"(市|省|自治区).+", r):
        return "district" if r.endswith("区") else "county"
    if r.endswith(("区", "县", "旗")):
        return "district" if r.endswith("区") else "county"
    if r.endswith("市"):
        return "city"
    if r.endswith(("省", "自治区")):
        return "province"
    return ""

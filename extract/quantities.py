"""Quantities in plan text: a number, its 万/亿 magnitude, a unit, a range and a qualifier.

Read on the normalised view (half-width, simplified, dashes as ``-``), so ``實際利用外資3億美元``, ``1.2万件``,
``1~2所``, ``5%—10%``, ``十万亩``, ``14个工作日`` and ``翻一番`` are each one ``Quantity`` whose offsets
are valid in the original text. Chinese numerals are read from a table (``cn_numerals``), else with
cn2an. Whether a quantity is a goal is decided by ``targets``; here only numbers that cannot be a
quantity at all are refused (第一批, 每十万人口, 5G, ×100%).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from . import cn_numerals
from .resources import role_table

CN_DIGITS = "零〇一二两三四五六七八九"
CN_NUM = CN_DIGITS + "十百千"
_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN = rf"[{CN_NUM}]+(?:点[{CN_DIGITS}]+)?"
_NUM = rf"(?:{_AR}|{_CN})"
_MAG = r"(?:万亿|亿|万)"
_POST = r"(?:及以上|及以下|以上|以下|以内|之内|左右|上下|内)"
_MULT = {"": Decimal(1), "万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12}
_BEFORE_REFUSED = "第每周×*/=.#+"  # 第一批, 每十万人口, 星期/周三, ×100%, 1+X


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity: ``start``–``end`` cover number, unit and qualifier (``以上``)."""

    start: int
    end: int
    value: str  # the (lower) number as a decimal string: 1.2 for 1.2万件, 1 for 1~2所
    upper: str | None  # the upper bound of a range, same unit
    magnitude: str  # 万, 亿, 万亿 or ""
    unit: str  # the unit a target records: 件, %, 个月, 工作日 (normalised)
    printed: tuple[int, int]  # span of magnitude + unit in the text (万件, 億美元), classifier 个 left out
    post: str  # 以上, 左右, 以内 … or ""
    chinese: bool  # written in Chinese numerals (三所, 两个, 十万亩)
    more: bool = False  # 1700多万吨, 100余家

    def normalized(self, number: str | None = None) -> str:
        """The number with 万/亿 multiplied out (1.2万 → 12000)."""
        return fmt(Decimal(number if number is not None else self.value) * _MULT[self.magnitude])


def fmt(d: Decimal) -> str:
    """A decimal as plain text: 12000, 3.2 (never 1.2E+4)."""
    if d == d.to_integral():
        return str(int(d))
    return format(d.normalize(), "f")


@lru_cache(maxsize=None)
def units() -> dict[str, str]:
    """Printed unit → recorded unit (``个工作日`` → ``工作日``), from ``data/target_units.tsv``."""
    return role_table("target_units.tsv")


@lru_cache(maxsize=None)
def _rx() -> re.Pattern:
    u = "|".join(map(re.escape, sorted(units(), key=len, reverse=True)))
    # every match starts with a digit, a Chinese numeral or 翻: the look-ahead lets the scan skip the rest fast
    return re.compile(
        rf"(?=[\d{CN_NUM}翻])(?:(?P<num>{_NUM})(?P<more>多|余)?\s*(?P<mag>{_MAG})?"
        rf"(?:\s*(?P<u1>{u})?\s*(?P<sep>-|~|至|到)\s*(?P<num2>{_NUM})\s*(?P<mag2>{_MAG})?)?"
        rf"\s*(?P<unit>{u})(?:\s*(?P<post>{_POST}))?"
        rf"|翻(?P<fan>[一两二三四五]|\d)番)")


@lru_cache(maxsize=4096)
def number(num: str) -> str | None:
    """A printed number as a decimal string; Chinese numerals from ``cn_numerals``' table, else through
    cn2an; None if it is none."""
    if re.fullmatch(_AR, num):
        return num.replace(",", "")
    if num[0] not in CN_DIGITS + "十":  # 百家争鸣, 千家万户: a magnitude alone is an idiom
        return None
    listed = cn_numerals.value(num)  # 三, 十五, 两百: without importing cn2an
    if listed is not None:
        return str(listed)
    try:
        import cn2an

        v = cn2an.cn2an(num, "smart")
    except Exception:  # cn2an raises ValueError and others on what is not a numeral
        return None
    try:
        return fmt(Decimal(str(v)))
    except InvalidOperation:
        return None


def find_quantities(text: str, norm: str) -> list[Quantity]:
    """Every quantity of the text, in order; numbers that are parts of names, ranks or rates per unit left out."""
    out = []
    for m in _rx().finditer(norm):
        q = _quantity(text, norm, m)
        if q is not None:
            out.append(q)
    return out


def _quantity(text: str, norm: str, m: re.Match) -> Quantity | None:
    s = m.start()
    prev = norm[s - 1] if s else ""
    if prev and (prev.isdigit() or prev in _BEFORE_REFUSED or (prev.isascii() and prev.isalpha())):
        return None
    if m.group("fan"):  # 翻一番: doubled, as a count of doublings
        n = number(m.group("fan"))
        return Quantity(s, m.end(), n, None, "", "番", (m.end() - 1, m.end()), "", not m.group("fan").isdigit()) if n else None
    num = m.group("num")
    if num[0] in CN_NUM and prev and prev in CN_NUM:  # inside a longer numeral word
        return None
    if "," in num and text[m.start("num"):m.end("num")].count(",") != num.count(","):
        return None  # a full-width comma between numbers separates, it does not group thousands
    end = m.end()
    if end < len(norm) and norm[end].isascii() and norm[end].isalpha():  # 5G, 4K
        return None
    value = number(num)
    if value is None:
        return None
    upper = None
    mag = m.group("mag") or ""
    if m.group("num2"):
        upper = number(m.group("num2"))
        if upper is None or (m.group("u1") and m.group("u1") != m.group("unit")):
            return None
        mag = mag or (m.group("mag2") or "")
        if (m.group("mag2") or mag) != mag or Decimal(upper) <= Decimal(value):
            return None
    unit_text = m.group("unit")
    recorded = units()[unit_text]
    ue = m.end("unit")
    us = ue - len(recorded)  # 个工作日 prints as 工作日
    ms = m.start("mag2") if m.group("mag2") else (m.start("mag") if m.group("mag") else us)
    printed = (min(ms, us), ue)
    return Quantity(start=s, end=end, value=value, upper=upper, magnitude=mag, unit=recorded, printed=printed,
                    post=m.group("post") or "", chinese=num[0] in CN_NUM, more=bool(m.group("more")))


def printed_unit(text: str, q: Quantity) -> str:
    """The unit with its 万/亿 as the original prints it (萬件 stays 萬件), spaces removed."""
    s, e = q.printed
    return "".join(text[s:e].split())

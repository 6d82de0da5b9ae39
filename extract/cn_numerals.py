"""The everyday Chinese numerals of plan text (三, 十五, 两百, 一千零二十) read without cn2an.

cn2an reads every other numeral, but importing it compiles its large patterns (about 0.15 s of CPU in
every build's main process); the numerals plans print are nearly all of these, so most builds
never import it. Read here: the standard spellings of 0–9999 (and 两 for a leading 二 before 百 or
千); a test checks that cn2an reads every one of them to the same number.
"""
from __future__ import annotations

_DIGITS = "一二三四五六七八九"
_UNITS = ("千", "百", "十", "")


def spellings(n: int) -> list[str]:
    """The standard spellings of ``n`` (0–9999): 一千零五, 十五 (not 一十五), 两百 beside 二百."""
    if n == 0:
        return ["零", "〇"]
    out, gap, started = "", False, False
    for d, unit in zip((n // 1000 % 10, n // 100 % 10, n // 10 % 10, n % 10), _UNITS):
        if d == 0:
            gap = gap or started
            continue
        if gap:
            out += "零"
            gap = False
        out += _DIGITS[d - 1] + unit
        started = True
    if 10 <= n <= 19:
        out = out[1:]  # 十五
    forms = [out]
    if out.startswith(("二千", "二百")) or out == "二":
        forms.append("两" + out[1:])
    return forms


_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000}


def value(numeral: str) -> int | None:
    """The number a standard spelling stands for (see ``spellings``), or None for any other string."""
    total, digit = 0, 0
    for c in numeral:
        if c in _VALUES:
            digit = _VALUES[c]
        elif c in _MULTIPLIERS:
            total += (digit or 1) * _MULTIPLIERS[c]
            digit = 0
        else:
            return None
    n = total + digit
    return n if n < 10000 and numeral in spellings(n) else None  # only the spellings listed, exactly


def _table() -> dict[str, int]:
    """Every standard spelling and its number (for the tests)."""
    return {s: n for n in range(10000) for s in spellings(n)}

"""A normalised view of a text, the same length as the original, for matching.

Rules match on the view; every offset they find is valid in the original, so printed text and
spans always refer to what the document says. Each character maps to exactly one character:
full-width forms become half-width (NFKC), dashes become ``-``, 〔〕【】 become ``[]``, and
traditional characters become simplified (OpenCC, character by character).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

_EXTRA = {
    "〔": "[", "〕": "]", "【": "[", "】": "]", "〖": "[", "〗": "]", "［": "[", "］": "]",
    "—": "-", "–": "-", "－": "-", "―": "-", "‐": "-", "‑": "-", "~": "-", "～": "-",
    "\u3000": " ", "\xa0": " ", "\u200b": " ", "\ufeff": " ",
    "︰": ":", "﹕": ":", "﹔": ";", "﹐": ",",
}


@lru_cache(maxsize=1)
def _t2s():
    """OpenCC's traditional→simplified converter, created once (it loads dictionaries)."""
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=None)
def normalize_char(ch: str) -> str:
    """Map one character to its normalised form, always exactly one character."""
    if ch in _EXTRA:
        return _EXTRA[ch]
    if "\u2460" <= ch <= "\u24ff" or "\u3220" <= ch <= "\u32ff":  # ① ⑴ ㈠: outline markers
        return ch
    n = unicodedata.normalize("NFKC", ch)
    if len(n) != 1:
        n = ch
    if n in _EXTRA:
        return _EXTRA[n]
    if "\u3400" <= n <= "\u9fff" or "\U00020000" <= n <= "\U0002ffff":
        s = _t2s().convert(n)
        if len(s) == 1:
            n = s
    return n


class _Table(dict):
    """A ``str.translate`` table that fills itself lazily from ``normalize_char``."""

    def __missing__(self, code: int) -> int:
        ch = chr(code)
        n = normalize_char(ch)
        self[code] = ord(n)
        return self[code]


_TABLE = _Table()


def normalize(text: str) -> str:
    """Return the normalised view of ``text``: same length, same offsets."""
    out = text.translate(_TABLE)
    assert len(out) == len(text)
    return out


def line_spans(norm: str, edge: str = " \t") -> list[tuple[int, int]]:
    """``(start, end)`` of each non-empty line of ``norm``, without the ``edge`` characters around it."""
    out, pos = [], 0
    for line in norm.split("\n"):
        inner = line.strip(edge)
        if inner:
            s = pos + len(line) - len(line.lstrip(edge))
            out.append((s, s + len(inner)))
        pos += len(line) + 1
    return out


@lru_cache(maxsize=16384)
def norm_key(text: str) -> str:
    """A comparison key: the normalised view without any whitespace (cached: names and headings recur)."""
    return "".join(normalize(text).split())

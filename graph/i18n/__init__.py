"""The words of every page policykg writes (map, compare report), in Chinese and English, from one file.

``strings.tsv`` holds one row per message: ``key``, ``zh``, ``en``; ``{name}`` marks a value filled in
(``{n} 个部门`` / ``{n} departments``); a key ending in ``.n1`` is the message for ``n`` = 1
(``{n} department``). The map passes the table of its language to its script, the
report formats its own; so a word is translated once, and the same in every page.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

LANGS = ("zh", "en")
DATA = Path(__file__).with_name("strings.tsv")
_CJK = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=None)
def strings(lang: str) -> dict[str, str]:
    """Every message in ``lang`` (``zh`` or ``en``), by key."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose from {', '.join(LANGS)}")
    with DATA.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return {r["key"]: r[lang] for r in rows}


class Messages:
    """The messages of one language: ``m("key", n=3)`` formats one (a missing key is an error, not a blank)."""

    def __init__(self, lang: str):
        self.lang = lang
        self.table = strings(lang)

    def __call__(self, key: str, **values) -> str:
        if values.get("n") == 1 and key + ".n1" in self.table:  # 1 plan, 2 plans
            key += ".n1"
        return self.table[key].format(**values) if values else self.table[key]


def detect(texts: Iterable[str]) -> str:
    """``zh`` when the texts (plan titles) are Chinese, else ``en``: the default language of a page."""
    texts = [t for t in texts if t]
    if not texts:
        return "zh"
    return "zh" if sum(1 for t in texts if _CJK.search(t)) * 2 >= len(texts) else "en"


def resolve(lang: str | None, texts: Iterable[str]) -> str:
    """``lang`` itself, or (``auto`` / ``None``) the language of the texts."""
    if lang in (None, "", "auto"):
        return detect(texts)
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose from auto, {', '.join(LANGS)}")
    return lang

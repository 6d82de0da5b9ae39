"""Reference lists of real names: institutions (``data/gazetteer/``) and places, loaded once.

The institution lists (universities, key laboratories, CAS and other research institutes, national
economic development zones) confirm names and fix their left edge: a listed name that ends where a
candidate ends is the name. The place list (administrative divisions and their short forms) tells the
place at the head of a name (乌鲁木齐, 谯城, 亳州), which jieba alone often splits or mistags. Each
file keeps its header naming its source and licence; lines are ``name`` or ``name<TAB>province``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .normalize import norm_key

# file → kind of institution it lists (see data/institution_suffixes.tsv for the kinds)
INSTITUTION_FILES = {
    "universities.txt": "university",
    "universities_adult.txt": "university",
    "national_key_labs.txt": "laboratory",
    "cas_institutes.txt": "institute",
    "research_institutes_other.txt": "institute",
    "national_econ_dev_zones.txt": "zone",
}
PLACES_FILE = "places.txt"
DESIGNATIONS = ("省部共建",)  # prefixes of listed names that plans often leave out


def _names(file: str) -> list[str]:
    """The first column of a gazetteer file, normalised; header lines (``#``) skipped."""
    text = resources.files("extract").joinpath("data", "gazetteer", file).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(norm_key(line.split("\t")[0]))
    return out


@dataclass(frozen=True)
class NameList:
    """A set of names with the lengths present, for "which listed name ends here?" lookups."""

    kinds: dict[str, str]  # name → kind
    lengths: tuple[int, ...]  # distinct name lengths, longest first
    # the lengths of the names (two characters or more) that end in each pair of characters, longest first
    by_last2: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)

    def ending_at(self, s: str, end: int, min_len: int = 2) -> str | None:
        """The longest listed name that ends at ``end`` in ``s``."""
        if min_len >= 2 and 2 <= end <= len(s):  # only the lengths of names ending in these two characters
            for n in self.by_last2.get(s[end - 2:end], ()):
                if n < min_len:
                    break
                if n <= end and s[end - n:end] in self.kinds:
                    return s[end - n:end]
            return None
        for n in self.lengths:
            if n < min_len:
                break
            if n <= end and s[end - n:end] in self.kinds:
                return s[end - n:end]
        return None

    def starting_at(self, s: str, start: int, end: int | None = None) -> str | None:
        """The longest listed name that starts at ``start`` (and ends at or before ``end``)."""
        end = len(s) if end is None else end
        for n in self.lengths:
            if start + n <= end and s[start:start + n] in self.kinds:
                return s[start:start + n]
        return None

    def __contains__(self, name: str) -> bool:
        return name in self.kinds


def _name_list(kinds: dict[str, str]) -> NameList:
    by_last2: dict[str, set[int]] = {}
    for k in kinds:
        if len(k) >= 2:
            by_last2.setdefault(k[-2:], set()).add(len(k))
    return NameList(kinds, tuple(sorted({len(k) for k in kinds}, reverse=True)),
                    {e: tuple(sorted(ns, reverse=True)) for e, ns in by_last2.items()})


@lru_cache(maxsize=1)
def institutions() -> NameList:
    """Every listed institution name → its kind."""
    kinds: dict[str, str] = {}
    for file, kind in INSTITUTION_FILES.items():
        for name in _names(file):
            kinds.setdefault(name, kind)
            for mark in DESIGNATIONS:  # 省部共建组分中药国家重点实验室 is printed 组分中药国家重点实验室
                if name.startswith(mark) and len(name) > len(mark) + 4:
                    kinds.setdefault(name[len(mark):], kind)
    return _name_list(kinds)


@lru_cache(maxsize=1)
def places() -> NameList:
    """Administrative divisions of China, full and short (天津市, 天津; 谯城区, 谯城)."""
    return _name_list({n: "place" for n in _names(PLACES_FILE)})

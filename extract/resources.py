"""Loaders for the data files in ``extract/data/``: dictionaries and patterns live there, not in code.

Every loader reads once and caches; files are UTF-8, ``#`` starts a comment line, TSV columns are
tab-separated. Entries are normalised (see ``normalize``) so that rules match on the normalised view.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .normalize import norm_key


def _lines(name: str) -> list[str]:
    text = resources.files("extract").joinpath("data", name).read_text(encoding="utf-8")
    return [l for l in text.splitlines() if l.strip() and not l.startswith("#")]


def _rows(name: str) -> list[list[str]]:
    return [l.split("\t") for l in _lines(name)]


def table_rows(name: str) -> list[list[str]]:
    """A TSV data file's rows, columns as written (comment lines dropped)."""
    return _rows(name)


@lru_cache(maxsize=None)
def word_list(name: str) -> tuple[str, ...]:
    """A one-column data file, normalised, in file order."""
    return tuple(norm_key(l) for l in _lines(name))


@lru_cache(maxsize=None)
def pattern_list(name: str) -> re.Pattern:
    """A data file of regular expressions, compiled into one alternation."""
    return re.compile("|".join(f"(?:{l.strip()})" for l in _lines(name)))


@lru_cache(maxsize=None)
def role_table(name: str) -> dict[str, str]:
    """A two-column ``word → role`` table (labels, verbs), normalised, in file order."""
    return {norm_key(r[0]): r[1].strip() for r in _rows(name)}


def boilerplate_labels() -> dict[str, str]:
    """Page-chrome label → metadata field (``-`` = drop)."""
    return role_table("boilerplate.tsv")


@lru_cache(maxsize=None)
def boilerplate_lines() -> frozenset[str]:
    return frozenset(word_list("boilerplate_lines.txt"))


@dataclass(frozen=True)
class DeptType:
    key: str
    label_en: str
    names: tuple[str, ...]


@lru_cache(maxsize=None)
def department_types() -> tuple[DeptType, ...]:
    return tuple(DeptType(norm_key(r[0]), r[1].strip(), tuple(norm_key(n) for n in r[2].split("|")))
                 for r in _rows("department_types.tsv"))


@lru_cache(maxsize=None)
def type_by_name() -> dict[str, DeptType]:
    """Every listed name (full or abbreviated, without region prefix) → its type."""
    out: dict[str, DeptType] = {}
    for t in department_types():
        for n in t.names:
            out.setdefault(n, t)
    return out


@lru_cache(maxsize=None)
def type_names_longest_first() -> tuple[str, ...]:
    return tuple(sorted(type_by_name(), key=lambda n: (-len(n), n)))

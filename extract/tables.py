"""Task tables written as text: rows and columns recovered from lines, whatever form they reached the text in.

Plans' task tables (任务分解表, 任务分工, 责任清单) reach us as text: copied from a page, exported from a PDF,
rendered from HTML ``<table>`` or handed over by the DOCX/XLSX/PDF readers. A table starts at a header whose
cells are all header words (``data/table_headers.tsv``), naming at least one column of work (task or name)
and one of departments. The header is written

* as one line, cells separated by tabs, ``|`` or runs of spaces (``序号 工 作 任 务 牵头负责部门`` too:
  a spaceless header line is cut into header words), or
* one cell per line (``序号`` / ``名称`` / ``工作任务`` / ``主要责任单位|``).

Rows follow the header's form: one row per line (tabs, ``|`` or spaces between cells; a row wrapped over
lines continues until the next row number), or one cell per line, each row starting at its number.
Lines between rows that head a group (``一、经济社会发展主要预期目标分解(11项)``) are skipped. Cells are
fitted to columns by what they hold (a number, departments, a date, a short name, text), so empty cells,
missing cells and multi-line cells still land in their column. ``TableReader`` is the stage; it knows
nothing of annotations: ``annotations.table_hits`` turns its rows into tasks and departments.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from .departments import COLLECTIVE, DEPT, classify, clean_item
from .normalize import line_spans, norm_key
from .records import Span
from .resources import table_rows

UNIT_KINDS = ("lead", "support", "responsible", "plain")
TEXT_KINDS = ("task", "name")
_MERGEABLE = ("task", "name", "other", "scope", "person", "deadline") + UNIT_KINDS
_NUMBER = re.compile(r"\s*\(?\s*(\d{1,4})\s*\)?\s*[.、．]?\s*")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.]|\(\s*[一二三四五六七八九十]{1,3}\s*\)|第[一二三四五六七八九十\d]+[章节部分])"
                      r"|[(]\s*(?:共)?\s*\d{1,3}\s*(?:项|条|个)\s*[)]\s*$")
_DATE = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|年底|年内|年末|季度|月底|上半年|下半年|长期|持续|常态|每年|逐年|前完成|之前|以前")
_YEAR = re.compile(r"^(?:19|20)\d\d年度?")
_NOTE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_HAN = re.compile(r"[\u3400-\u9fff]")
_NUMBER_START = re.compile(r"\d{1,4}[.、．]?[ \t]")
_HAN_ONLY = re.compile(r"[\u3400-\u9fff]+")
_ITEM_SEP = re.compile(r"[、,;/]|\s+")


# --- the header vocabulary -----------------------------------------------------------------------


@lru_cache(maxsize=None)
def _vocabulary() -> tuple[dict[str, str], tuple[tuple[re.Pattern, str], ...]]:
    words: dict[str, str] = {}
    patterns: list[tuple[re.Pattern, str]] = []
    for row in table_rows("table_headers.tsv"):
        word, kind = row[0].strip(), row[1].strip()
        if word.startswith("~"):
            patterns.append((re.compile(word[1:]), kind))
        else:
            words[norm_key(word)] = kind
    return words, tuple(patterns)


def header_words() -> dict[str, str]:
    """Every listed header word (normalised) → its column kind, as ``data/table_headers.tsv`` gives it."""
    return dict(_vocabulary()[0])


def _cell_key(cell: str, normalized: bool = False) -> str:
    """A header cell as looked up: spaceless, normalised, without a bracketed note (责任单位(列第一位者牵头))."""
    key = ("".join(cell.split()) if normalized else norm_key(cell)).strip("|:*#")
    return _NOTE.sub("", key).strip("|:*#[]()") or key.strip("|:*#[]()")


@lru_cache(maxsize=8192)  # a table's lines are asked again from each line above them
def header_kind(cell: str, normalized: bool = False) -> str | None:
    """The column kind a header cell names (``主 要 内 容`` → task, ``責任單位`` → responsible), or None.

    ``normalized``: the cell is a slice of the normalised view already (no second normalisation)."""
    key = _cell_key(cell, normalized)
    if not key:
        return None
    words, patterns = _vocabulary()
    key = _YEAR.sub("", key) or key  # 2021年目标, 2022年度工作任务
    if key in words:
        return words[key]
    if len(key) <= 10 and _HAN_ONLY.fullmatch(key):
        for rx, kind in patterns:
            if rx.search(key):
                return kind
    return None


@lru_cache(maxsize=None)
def _unit_hint() -> re.Pattern:
    """What every department column's header contains (单位, 部门): lines without it are never headers."""
    words, _ = _vocabulary()
    return re.compile("|".join(sorted({re.escape(w[-2:]) for w, k in words.items() if k in UNIT_KINDS})))


def is_header(kinds: list[str | None]) -> bool:
    """A header: every cell a header word, one column of work and one of departments."""
    return (len(kinds) >= 2 and all(kinds) and any(k in UNIT_KINDS for k in kinds)
            and any(k in TEXT_KINDS for k in kinds))


def _segment_header(key: str) -> list[str] | None:
    """A spaceless header line cut into header words (exact words preferred), or None."""
    words, _ = _vocabulary()
    n = len(key)
    if n < 4 or n > 40:
        return None
    best: list[tuple[float, list[str]] | None] = [None] * (n + 1)
    best[0] = (0.0, [])
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 1, min(n, i + 10) + 1):
            piece = key[i:j]
            kind = words.get(piece) or (header_kind(piece, True) if j - i >= 3 else None)
            if kind is None:
                continue
            score = best[i][0] + (2.0 if piece in words else 1.0)
            if best[j] is None or score > best[j][0]:
                best[j] = (score, best[i][1] + [piece])
    return best[n][1] if best[n] else None


# --- structures ------------------------------------------------------------------------------------


@dataclass
class Row:
    """One table row: the span of each column's cell (None when empty) and the row's whole extent."""

    cells: list[Span | None]
    span: Span


@dataclass
class Table:
    """A table found in the text: its columns' kinds, its header's span, its rows, how it was written."""

    kinds: list[str]
    header: Span
    rows: list[Row] = field(default_factory=list)
    layout: str = "lines"  # lines (one row per line) or cells (one cell per line)

    def cell(self, row: Row, kind: str) -> list[Span]:
        """The non-empty cells of ``row`` in columns of ``kind``."""
        return [c for c, k in zip(row.cells, self.kinds) if k == kind and c is not None]


# --- fitting cells to columns -----------------------------------------------------------------------


@lru_cache(maxsize=8192)
def dept_score(text: str) -> float:
    """How surely a cell lists departments: 3 when every item names one, 1.5 with collectives beside them,
    1 for collectives only, 0.5 with other words, -4 for none."""
    items = [clean_item(x) for x in _ITEM_SEP.split(text) if x.strip()]
    if not items:
        return 0.0
    kinds = [classify(i) for i in items]
    if all(k == DEPT for k in kinds):
        return 3.0
    if any(k == DEPT for k in kinds):
        return 1.5 if all(k in (DEPT, COLLECTIVE) for k in kinds) else 0.5
    if all(k == COLLECTIVE for k in kinds):
        return 1.0
    return -4.0


_LONG = 80  # characters: longer cells are text, whatever the column says


def _fit(kind: str, text: str) -> float | None:
    """How well a cell's text fits a column kind (None: it cannot be that column's)."""
    if len(text) > _LONG:  # only work or a note holds this much; no need to read it
        return 1.0 if kind in TEXT_KINDS else (0.0 if kind == "other" else None)
    t = text.strip()
    if not t:
        return 0.0
    if kind == "position":
        return 3.0 if _NUMBER.fullmatch(t) else None
    if kind in UNIT_KINDS:
        return dept_score(t)
    if kind == "deadline":
        return 2.0 if _DATE.search(t) and len(t) <= 30 else (None if len(t) > 30 else -2.0)
    if kind == "person":
        if len(t) > 20 or dept_score(t) >= 1.5:
            return None
        return 1.0
    if kind == "scope":
        return 1.0 if len(t) <= 20 else (None if len(t) > 40 else -1.0)
    if kind in TEXT_KINDS:
        return -1.0 if len(t) <= 20 and dept_score(t) >= 3 else 1.0
    return 0.0


def align(norm: str, cells: list[Span], kinds: list[str], exact: bool = False) -> list[Span | None]:
    """Cells (in order) fitted to columns (in order): empty columns allowed, several cells joined in text columns.

    A small dynamic programme over (columns used, cells used). With ``exact`` (cells that separators
    delimit, as tabs and ``|`` do), as many cells as columns are taken one to one.
    """
    if exact and len(cells) == len(kinds) and all(_fit(k, norm[a:b]) is not None for (a, b), k in zip(cells, kinds)):
        return [c if norm[c[0]:c[1]].strip() else None for c in cells]
    n = len(kinds)
    if len(cells) > 3 * n + 2:  # text split at every space (copies of PDFs): the middle can only be text
        k = n + 1
        cells = cells[:k] + [(cells[k][0], cells[-k - 1][1])] + cells[-k:]
    m = len(cells)
    unitish: dict[int, bool] = {}  # cell → names departments (asked only when departments are joined)

    def is_unit(j: int) -> bool:
        if j not in unitish:
            a, b = cells[j]
            unitish[j] = b - a <= _LONG and dept_score(norm[a:b]) >= 1.0
        return unitish[j]

    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[int]] = [[-1] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i, kind in enumerate(kinds):
        for j in range(m + 1):
            if best[i][j] == neg:
                continue
            # an empty column costs; an earlier one a little more (a lone department cell leads)
            empty = best[i][j] - (1.5 if kind in UNIT_KINDS or kind in TEXT_KINDS else 1.0) - 0.01 * (n - i)
            if empty > best[i + 1][j]:
                best[i + 1][j], back[i + 1][j] = empty, j
            top = m if kind in _MERGEABLE else min(m, j + 1)
            for j2 in range(j + 1, top + 1):
                if kind in UNIT_KINDS and j2 - j > 1 and not is_unit(j2 - 1):
                    break  # departments are joined only with departments
                s, e = cells[j][0], cells[j2 - 1][1]
                f = _fit(kind, norm[s:e]) if e - s <= _LONG else _fit(kind, " " * (_LONG + 1))
                if f is None:
                    continue
                score = best[i][j] + f - (0.0 if kind in UNIT_KINDS else 0.5) * (j2 - j - 1)
                if score > best[i + 1][j2]:
                    best[i + 1][j2], back[i + 1][j2] = score, j
    if best[n][m] == neg:
        return [None] * n
    out: list[Span | None] = [None] * n
    j = m
    for i in range(n, 0, -1):
        j0 = back[i][j]
        if j0 < j:
            out[i - 1] = (cells[j0][0], cells[j - 1][1])
        j = j0
    return out


# --- lines and cells --------------------------------------------------------------------------------


def _lines(norm: str) -> list[Span]:
    """Non-empty lines, without the spaces and table rules (``|``) around them."""
    return line_spans(norm, " \t|")


def _split(norm: str, s: int, e: int, sep: str) -> list[Span]:
    """Cells of ``norm[s:e]`` between ``sep`` characters, trimmed; empty cells kept (but not edge ``|``)."""
    out, start = [], s
    for i in range(s, e):
        if norm[i] == sep:
            out.append((start, i))
            start = i + 1
    out.append((start, e))
    if sep == "|":
        if out and not norm[out[0][0]:out[0][1]].strip():
            out = out[1:]
        if out and not norm[out[-1][0]:out[-1][1]].strip():
            out = out[:-1]
    return [_trim(norm, a, b) for a, b in out]


def _trim(norm: str, s: int, e: int) -> Span:
    while s < e and norm[s] in " \t\n":
        s += 1
    while e > s and norm[e - 1] in " \t\n":
        e -= 1
    return s, e


def _runs(norm: str, s: int, e: int, min_gap: int = 1) -> list[Span]:
    """Pieces of ``norm[s:e]`` between runs of at least ``min_gap`` spaces (or any tab or newline)."""
    gap = r"(?:[ ]{%d,}|\s*[\t\n]\s*)" % min_gap
    out, start = [], s
    for m in re.finditer(gap, norm[s:e]):
        a, b = s + m.start(), s + m.end()
        if a > start:
            out.append((start, a))
        start = b
    if e > start:
        out.append((start, e))
    return out


def _separator(norm: str, s: int, e: int) -> str | None:
    line = norm[s:e]
    if "\t" in line:
        return "\t"
    if "|" in line.strip("|"):
        return "|"
    return None


def _line_cells(norm: str, s: int, e: int) -> list[Span]:
    """A line's cells: by tab or ``|`` when it has them, else by runs of spaces."""
    sep = _separator(norm, s, e)
    if sep:
        return _split(norm, s, e, sep)
    return _runs(norm, s, e)


# --- headers ----------------------------------------------------------------------------------------


def _line_header(norm: str, s: int, e: int) -> tuple[list[str], list[Span]] | None:
    """Kinds and cell spans of a header written on one line, or None."""
    sep = _separator(norm, s, e)
    for cells in ([_split(norm, s, e, sep)] if sep else [_runs(norm, s, e, 2), _runs(norm, s, e, 1)]):
        cells = [c for c in cells if c[1] > c[0]]
        if len(cells) >= 2:
            kinds = [header_kind(norm[a:b], True) for a, b in cells]
            if kinds.count(None) == 1 and len(kinds) >= 3:  # one column the vocabulary does not know
                kinds = [k or _unknown_kind(kinds) for k in kinds]
            if is_header(kinds):
                return kinds, cells
    if sep:
        return None
    pieces = _segment_header(_cell_key(norm[s:e], True))
    if pieces:
        kinds = [header_kind(p, True) for p in pieces]
        if is_header(kinds):
            return kinds, [(s, e)] * len(kinds)
    return None


def _vertical_header(norm: str, lines: list[Span], i: int) -> list[str] | None:
    """Kinds of a header written one cell per line from ``lines[i]`` (at least three cells), or None."""
    kinds: list[str] = []
    unknown = False
    while i + len(kinds) < len(lines) and len(kinds) < 12:
        a, b = lines[i + len(kinds)]
        k = header_kind(norm[a:b], True) if b - a <= 16 else None
        if k is None and kinds and not unknown and b - a <= 8 and i + len(kinds) + 1 < len(lines):
            na, nb = lines[i + len(kinds) + 1]  # one column the vocabulary does not know, between known ones
            unknown, k = header_kind(norm[na:nb], True) is not None, "unknown"
            if not unknown:
                break
        if k is None:
            break
        kinds.append(k)
    kinds = [_unknown_kind(kinds) if k == "unknown" else k for k in kinds]
    while len(kinds) >= 3 and not is_header(kinds):
        kinds.pop()
    return kinds if len(kinds) >= 3 else None


def _unknown_kind(kinds: list) -> str:
    """An unknown column is the work when no other column is (序号 | 工作项目 | 责任单位), else other."""
    return "other" if any(k in TEXT_KINDS for k in kinds) else "task"


def _header_start(kinds: list[str]) -> int:
    """Cells to drop from the top of a one-cell-per-line header: a heading above it that reads like a
    column name (重点任务 above 序号 / 工作任务 / …): the row number comes first, and work is named once."""
    k = 0
    while len(kinds) - k > 3 and is_header(kinds[k + 1:]) and (
            "position" in kinds[k + 1:] or kinds[k] in TEXT_KINDS and kinds[k] in kinds[k + 1:]):
        k += 1
    return k


# --- rows -------------------------------------------------------------------------------------------


def _number(norm: str, s: int, e: int) -> int | None:
    m = _NUMBER.fullmatch(norm, s, e)
    return int(m.group(1)) if m else None


def _is_heading(norm: str, s: int, e: int) -> bool:
    """A line heading a group of rows: 一、…, (一)…, 第X部分…, or …(11项); or one cell spanning the row,
    repeated in every column it covers (as readers hand merged cells over)."""
    sep = _separator(norm, s, e)
    if sep:
        cells = {norm[a:b] for a, b in _split(norm, s, e, sep) if b > a}
        if len(cells) != 1:
            return False
        s, e = next((a, b) for a, b in _split(norm, s, e, sep) if b > a)
        if not _HEADING.search(norm[s:e]) and e - s <= 60:
            return True
    return bool(_HEADING.search(norm[s:e])) and e - s <= 60


def _leading_number(norm: str, s: int, e: int) -> tuple[int, int] | None:
    """``(number, end of the number)`` when a line starts with a row number followed by a cell break."""
    m = re.match(r"(\d{1,4})[.、．]?(?=[ \t|]|$)", norm[s:e])
    return (int(m.group(1)), s + m.end()) if m else None


_BARE_KINDS = ["position", "task", "responsible", "deadline"]


def _bare_row(norm: str, s: int, e: int) -> bool:
    """Kinds of a numbered row without a header: ``7 全社会固定资产投资额550亿元 发改委、经信委、科技局``
    (departments every item of its last cell, or of the one before a deadline cell)."""
    lead = _leading_number(norm, s, e)
    if lead is None or _separator(norm, s, e) == "|":
        return False
    cells = _runs(norm, lead[1], e)
    if len(cells) < 2 or len(_HAN.findall(norm[cells[0][0]:cells[-2][1]])) < 4:
        return False
    if dept_score(norm[cells[-1][0]:cells[-1][1]]) >= 3:
        return True
    return len(cells) >= 3 and bool(_DATE.search(norm, *cells[-1])) \
        and dept_score(norm[cells[-2][0]:cells[-2][1]]) >= 3


def _bare_kinds(norm: str, lines: list[Span], i: int) -> list[str] | None:
    """Two numbered rows in a row, ending alike in departments: a table whose header is missing."""
    if i + 1 >= len(lines) or not _NUMBER_START.match(norm, lines[i][0]):
        return None
    if _bare_row(norm, *lines[i]) and _bare_row(norm, *lines[i + 1]):
        n1, n2 = _leading_number(norm, *lines[i]), _leading_number(norm, *lines[i + 1])
        if n1 and n2 and n2[0] == n1[0] + 1:
            return list(_BARE_KINDS)
    return None


class TableReader:
    """The stage: ``reader(text, norm)`` → the task tables written in the text, in document order."""

    max_gap = 2  # lines that are neither rows nor group headings before a table is taken to end

    def __call__(self, text: str, norm: str) -> list[Table]:
        lines = _lines(norm)
        hints = [m.start() for m in _unit_hint().finditer(norm)]  # where a department column could be named
        tables: list[Table] = []
        i = 0
        while i < len(lines):
            a, b = lines[i]
            bare = _bare_kinds(norm, lines, i)
            if bare:  # numbered rows ending in departments, no header
                table = Table(bare, (a, a), layout="lines")
                i = max(i + 1, self._line_rows(norm, lines, i, table))
                if len(table.rows) >= 2:
                    tables.append(table)
                continue
            k = bisect_left(hints, a)
            if k == len(hints) or hints[k] >= lines[min(i + 12, len(lines) - 1)][1]:
                i += 1  # no department column named on this line or the next few: no header here
                continue
            found = _line_header(norm, a, b) if b - a <= 120 and _unit_hint().search(norm, a, b) else None
            if found:
                kinds, _ = found
                table = Table(kinds, (a, b), layout="lines")
                i = self._line_rows(norm, lines, i + 1, table)
            else:
                kinds_v = _vertical_header(norm, lines, i)
                if not kinds_v:
                    i += 1
                    continue
                drop = _header_start(kinds_v)
                i, kinds_v = i + drop, kinds_v[drop:]
                a, b = lines[i]
                table = Table(kinds_v, (a, lines[i + len(kinds_v) - 1][1]), layout="cells")
                i = self._cell_rows(norm, lines, i + len(kinds_v), table)
            if table.rows:
                tables.append(table)
        return tables

    # --- one row per line

    def _line_rows(self, norm: str, lines: list[Span], i: int, table: Table) -> int:
        numbered = table.kinds[0] == "position"
        pending: list[Span] = []  # the lines of the current row
        prev, gap = 0, 0
        while i < len(lines):
            a, b = lines[i]
            if b - a <= 120 and _unit_hint().search(norm, a, b) and _line_header(norm, a, b):  # on a new page
                self._add_line_row(norm, pending, table)
                pending, i = [], i + 1
                continue
            lead = _leading_number(norm, a, b) if numbered else None
            if lead and (prev < lead[0] <= prev + 10 or gap and lead[0] == 1 or not table.rows and not pending) \
                    or not numbered and self._is_row(norm, a, b, table):
                self._add_line_row(norm, pending, table)
                pending, gap = [(a, b)], 0
                prev = lead[0] if lead else prev
            elif pending and numbered and _separator(norm, a, b) is None and not _is_heading(norm, a, b) \
                    and not self._row_done(norm, pending, table):
                pending.append((a, b))  # a row wrapped over lines
            elif _is_heading(norm, a, b) or (b - a <= 40 and self._next_is_row(norm, lines, i + 1, table, prev)):
                self._add_line_row(norm, pending, table)
                pending, gap = [], gap + 1  # a group heading between rows
                if gap > self.max_gap:
                    break
            else:
                break
            i += 1
        self._add_line_row(norm, pending, table)
        return i

    def _is_row(self, norm: str, a: int, b: int, table: Table) -> bool:
        """A line of an unnumbered table: as many separated cells as the header, or cells naming departments."""
        cells = _line_cells(norm, a, b)
        if _separator(norm, a, b) and len(cells) == len(table.kinds):
            return True
        return len(cells) >= 2 and self._fits(norm, cells, table.kinds)

    def _next_is_row(self, norm: str, lines: list[Span], i: int, table: Table, prev: int) -> bool:
        if i >= len(lines):
            return False
        a, b = lines[i]
        if table.kinds[0] == "position":
            lead = _leading_number(norm, a, b)
            return bool(lead and (prev < lead[0] <= prev + 10 or lead[0] == 1))
        return self._is_row(norm, a, b, table)

    def _row_cells(self, norm: str, pending: list[Span]) -> list[Span]:
        s, e = pending[0][0], pending[-1][1]
        sep = _separator(norm, *pending[0])
        if sep:
            return [c for p in pending for c in _split(norm, p[0], p[1], sep)]
        return _runs(norm, s, e)

    def _row_done(self, norm: str, pending: list[Span], table: Table) -> bool:
        """A row whose last cell already fills the last column (what follows is not its continuation)."""
        cells = self._row_cells(norm, pending)
        if not cells:
            return False
        last, kind = norm[cells[-1][0]:cells[-1][1]], table.kinds[-1]
        if kind in UNIT_KINDS or kind == "deadline":
            return (_fit(kind, last) or 0.0) >= 1.5
        return len(cells) >= len(table.kinds)

    def _fits(self, norm: str, cells: list[Span], kinds: list[str]) -> bool:
        row = align(norm, cells, kinds)
        return any(c is not None and k in UNIT_KINDS and dept_score(norm[c[0]:c[1]]) >= 1.5
                   for c, k in zip(row, kinds))

    def _add_line_row(self, norm: str, pending: list[Span], table: Table) -> None:
        if not pending:
            return
        exact = _separator(norm, *pending[0]) is not None
        cells = [c for c in self._row_cells(norm, pending) if c[1] > c[0] or exact]
        row = align(norm, cells, table.kinds, exact)
        if any(c is not None for c, k in zip(row, table.kinds) if k in TEXT_KINDS):
            table.rows.append(Row(row, (pending[0][0], pending[-1][1])))

    # --- one cell per line

    def _cell_rows(self, norm: str, lines: list[Span], i: int, table: Table) -> int:
        kinds = table.kinds
        if kinds[0] != "position":
            return self._fixed_rows(norm, lines, i, table)
        width = len(kinds) - 1
        prev = 0
        row: list[Span] = []
        while i < len(lines):
            a, b = lines[i]
            n = _number(norm, a, b)
            starts = n is not None and (n == prev + 1 or (prev < n <= prev + 10 and len(row) >= width)
                                        or (not row and (n == 1 or prev < n <= prev + 10 or not table.rows and n <= 10)))
            if starts:
                if row:
                    self._add_cell_row(norm, row, table)
                row, prev = [(a, b)], n
            elif _is_heading(norm, a, b) and self._row_follows(norm, lines, i + 1, prev):
                if row:  # a group heading between rows; numbering may start again below it
                    self._add_cell_row(norm, row, table)
                row = []
            elif row and len(row) - 1 < width:
                row.append((a, b))  # the row's next cell
            elif row and self._row_follows(norm, lines, i + 1, prev) and not _is_heading(norm, a, b):
                row.append((a, b))  # a cell that runs over lines
            elif not row and not table.rows and self._row_follows(norm, lines, i + 1, prev):
                pass  # a group heading right below the header
            else:
                break
            i += 1
        if row:
            self._add_cell_row(norm, row, table)
        return i

    @staticmethod
    def _row_follows(norm: str, lines: list[Span], i: int, prev: int, window: int = 3) -> bool:
        """A row number (after ``prev``) within the next few lines, only group headings or cells before it."""
        for j in range(i, min(len(lines), i + window)):
            n = _number(norm, *lines[j])
            if n is not None and (prev < n <= prev + 10 or n == 1):
                return True
        return False

    def _add_cell_row(self, norm: str, row: list[Span], table: Table) -> None:
        cells = align(norm, row, table.kinds)
        if any(c is not None for c, k in zip(cells, table.kinds) if k in TEXT_KINDS):
            table.rows.append(Row(cells, (row[0][0], row[-1][1])))

    def _fixed_rows(self, norm: str, lines: list[Span], i: int, table: Table) -> int:
        """Rows of exactly one line per column (no row numbers to go by), while each names departments."""
        k = len(table.kinds)
        while i + k <= len(lines):
            cells = lines[i:i + k]
            if not self._fits(norm, cells, table.kinds):
                break
            table.rows.append(Row(align(norm, cells, table.kinds), (cells[0][0], cells[-1][1])))
            i += k
        return i


read_tables = TableReader()

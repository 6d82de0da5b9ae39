"""Tables of every source format rendered the one way the recognisers read them.

One row per line, cells separated by a tab; a merged cell's text repeated in every row and column
it covers; a cell's lines joined into one (no newline or tab inside a cell). Readers (HTML, DOCX,
XLSX/XLS, PDF) build a ``Grid`` from cells with spans and call ``lines()``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_SPACE = re.compile(r"[ \t\u00a0\u3000\r\f\v]+")
# a line ending with one of these, or the next starting with one, is joined without a space
_CLOSE = "。,，;；:：、!！?？)）]】」』”’》〉…—-"
_OPEN = "。,，;；:：、!！?？)）]】」』”’》〉(（[【「『“‘《〈"


def clean(text: str) -> str:
    """One line: runs of spaces, tabs and non-breaking spaces become one space, ends stripped."""
    return _SPACE.sub(" ", text).strip()


def _cjk(c: str) -> bool:
    return "\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\uff00" <= c <= "\uffef"


def join_lines(lines: list[str], wrapped: list[bool] | None = None) -> str:
    """A cell's (or paragraph's) lines as one line.

    A line that was wrapped by the layout (``wrapped[i]`` true: it ran to the cell's edge) joins
    the next one directly; so does one ending in, or followed by, punctuation. Lines broken on
    purpose (a list of departments, one per line) are joined with a space, which the annotation
    parser splits on, so 区科技局 / 区财政局 never run together into one name.
    """
    out = ""
    for i, raw in enumerate(lines):
        line = clean(raw)
        if not line:
            continue
        if out:
            soft = wrapped is not None and wrapped[i - 1]
            a, b = out[-1], line[0]
            if (soft and (_cjk(a) or _cjk(b))) or a in _CLOSE or b in _OPEN:
                out += line
            else:
                out += " " + line
        else:
            out = line
    return out


@dataclass
class Cell:
    """A cell at its top-left grid position, spanning ``rows`` × ``cols`` grid cells."""

    row: int
    col: int
    text: str
    rows: int = 1
    cols: int = 1


@dataclass
class Grid:
    """Cells placed on a grid; merged cells fill every position they cover."""

    cells: list[Cell] = field(default_factory=list)

    def add(self, row: int, col: int, text: str, rows: int = 1, cols: int = 1) -> None:
        self.cells.append(Cell(row, col, clean(text), max(1, rows), max(1, cols)))

    def matrix(self) -> list[list[str]]:
        """Rows of cell texts, merged cells repeated; positions no cell covers are empty."""
        if not self.cells:
            return []
        n_rows = max(c.row + c.rows for c in self.cells)
        n_cols = max(c.col + c.cols for c in self.cells)
        m = [[""] * n_cols for _ in range(n_rows)]
        for c in self.cells:
            for r in range(c.row, c.row + c.rows):
                for k in range(c.col, c.col + c.cols):
                    if not m[r][k]:
                        m[r][k] = c.text
        return m

    def lines(self) -> list[str]:
        """The table as text lines (see the module docstring).

        Rows and columns empty throughout are dropped (layout padding). Rows above the first row
        of two or more distinct cells that are one cell wide across the table (a title merged over
        all columns) are captions: their text is written once, as a line of its own.
        """
        m = self.matrix()
        m = [r for r in m if any(r)]
        if not m:
            return []
        keep = [k for k in range(len(m[0])) if any(r[k] for r in m)]
        m = [[r[k] for k in keep] for r in m]
        out: list[str] = []
        body = False
        for r in m:
            distinct = {c for c in r if c}
            if not body and len(distinct) == 1 and len(r) > 1:
                out.append(distinct.pop())
                continue
            body = True
            out.append("\t".join(r))
        return out

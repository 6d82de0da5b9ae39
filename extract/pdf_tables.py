"""Tables on PDF pages: cells from ruling lines, their text, and tables continued over pages.

Ruling lines are drawn lines and thin rectangles (``pdf._drawing``). Lines at one position are
snapped together and joined; a cell is the smallest rectangle whose four sides are drawn, so merged
cells come out as one tall or wide cell; cells sharing corners are one table. Characters are placed
into cells by bisecting the grid; a cell's lines are joined (``_cell_text``). Fragments of one table
on consecutive pages become one ``Grid`` (``grid_of``).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from .grid import Cell, Grid, join_lines

# in a cell: a line ending within this many widths of where the column's lines wrap, plus the
# characters line-breaking rules moved down (``_pushed``)
_CELL_WRAP = 1.2


@dataclass
class Line:
    """One line of text on a page, with its box and font size."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class TableBlock:
    """A table fragment on one page: its cells on a grid and its box."""

    cells: list[Cell]
    n_rows: int
    n_cols: int
    xs: list[float]
    top: float
    bottom: float


def within(c: dict, bbox) -> bool:
    x = (c["x0"] + c["x1"]) / 2
    y = (c["top"] + c["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def lines_of(chars: list[dict]) -> list[Line]:
    """Characters grouped into lines (vertical overlap), each read left to right."""
    rows: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        if rows:
            last = rows[-1]
            ref = last[0]
            h = min(c["bottom"] - c["top"], ref["bottom"] - ref["top"]) or 1.0
            overlap = min(c["bottom"], ref["bottom"]) - max(c["top"], ref["top"])
            if overlap >= 0.5 * h:
                last.append(c)
                continue
        rows.append([c])
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        text, prev = "", None
        for c in row:
            if prev is not None:
                if c["text"] == prev["text"] and abs(c["x0"] - prev["x0"]) < 1.0:
                    continue  # overprinted (fake bold) character
                gap = c["x0"] - prev["x1"]
                if gap > 0.6 * max(c["size"], 1.0):
                    text += " "
            text += c["text"]
            prev = c
        sizes = sorted(c["size"] for c in row)
        out.append(Line(text=text, x0=row[0]["x0"], x1=max(c["x1"] for c in row),
                        top=min(c["top"] for c in row), bottom=max(c["bottom"] for c in row),
                        size=sizes[len(sizes) // 2]))
    return out


# --- cells from ruling lines ----------------------------------------------------------------------

_SNAP = 3.0  # lines this close are one line; gaps this short are joined


def _merge(segments: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Lines at (nearly) one position snapped together, touching or overlapping pieces joined."""
    out: list[tuple[float, float, float]] = []
    segments = sorted(segments)
    groups: list[list[tuple[float, float, float]]] = []
    for seg in segments:
        if groups and seg[0] - groups[-1][0][0] <= _SNAP:
            groups[-1].append(seg)
        else:
            groups.append([seg])
    for g in groups:
        pos = sum(s[0] for s in g) / len(g)
        runs: list[list[float]] = []
        for _, a, b in sorted(g, key=lambda s: s[1]):
            if runs and a <= runs[-1][1] + _SNAP:
                runs[-1][1] = max(runs[-1][1], b)
            else:
                runs.append([a, b])
        out += [(pos, a, b) for a, b in runs]
    return out


def tables_on(hs: list, vs: list) -> list[list[tuple[float, float, float, float]]]:
    """Cells (x0, top, x1, bottom) enclosed by ruling lines, grouped into tables (cells sharing corners)."""
    hs, vs = _merge(hs), _merge(vs)
    if len(hs) < 2 or len(vs) < 2:
        return []
    points: dict[tuple[float, float], tuple[int, int]] = {}  # corner → (vertical line, horizontal line)
    for vi, (x, top, bottom) in enumerate(vs):
        for hi, (y, left, right) in enumerate(hs):
            if top - _SNAP <= y <= bottom + _SNAP and left - _SNAP <= x <= right + _SNAP:
                points[(x, y)] = (vi, hi)
    below: dict[float, list[float]] = {}
    right: dict[float, list[float]] = {}
    for x, y in sorted(points):
        below.setdefault(x, []).append(y)
        right.setdefault(y, []).append(x)
    cells = []
    for (x, y), (vi, hi) in sorted(points.items()):
        cell = None
        for y2 in (v for v in below[x] if v > y and points[(x, v)][0] == vi):
            for x2 in (u for u in right[y] if u > x and points[(u, y)][1] == hi):
                corner = points.get((x2, y2))
                if corner and corner[0] == points[(x2, y)][0] and corner[1] == points[(x, y2)][1]:
                    cell = (x, y, x2, y2)
                    break
            if cell:
                break
        if cell:
            cells.append(cell)
    return _group(cells)


def _group(cells: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float, float, float]]]:
    """Cells that share a corner belong to one table."""
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, y0, x1, y1) in enumerate(cells):
        for corner in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
            if corner in owner:
                parent[find(i)] = find(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list] = {}
    for i, c in enumerate(cells):
        groups.setdefault(find(i), []).append(c)
    return sorted(groups.values(), key=lambda g: (min(c[1] for c in g), min(c[0] for c in g)))


# --- tables --------------------------------------------------------------------------------------


def _cluster(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - v))


def table_block(boxes: list[tuple[float, float, float, float]], chars: list[dict]) -> TableBlock | None:
    """A table's cells on a grid, each cell's text read from the characters inside it."""
    if len(boxes) < 2:
        return None
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    if len(xs) < 3 or len(ys) < 2:  # one column: a frame around text, not a table
        return None
    placed = []
    owner: dict[tuple[int, int], int] = {}  # grid position → the cell covering it
    for b in boxes:
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        if c1 <= c0 or r1 <= r0:
            continue
        for r in range(r0, r1):
            for k in range(c0, c1):
                owner.setdefault((r, k), len(placed))
        placed.append((b, r0, c0, r1, c1))
    mine: list[list[dict]] = [[] for _ in placed]
    for c in chars:
        x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if xs[0] <= x <= xs[-1] and ys[0] <= y <= ys[-1]:
            hit = owner.get((min(bisect.bisect(ys, y), len(ys) - 1) - 1, min(bisect.bisect(xs, x), len(xs) - 1) - 1))
            if hit is not None:
                mine[hit].append(c)
    lines = [lines_of(m) for m in mine]
    full: dict[int, float] = {}  # column → right end of its fullest line: where wrapped lines end
    for (b, r0, c0, r1, c1), ls in zip(placed, lines):
        for l in ls:
            full[c1] = max(full.get(c1, 0.0), l.x1)
    cells = [Cell(r0, c0, _cell_text(ls, b, full.get(c1)), rows=r1 - r0, cols=c1 - c0)
             for (b, r0, c0, r1, c1), ls in zip(placed, lines)]
    if not cells or not any(c.text for c in cells):
        return None
    return TableBlock(cells=cells, n_rows=len(ys) - 1, n_cols=len(xs) - 1, xs=xs, top=ys[0], bottom=ys[-1])


def _cell_text(lines: list[Line], box, full: float | None = None) -> str:
    """A cell's lines joined: a line that ends where the layout wraps was wrapped; one that stops
    short was broken on purpose (a list of departments, one per line) and keeps a space."""
    if not lines:
        return ""
    pad = max(0.0, min(l.x0 - box[0] for l in lines))
    inner = (box[2] - pad) - (box[0] + pad)
    size = sorted(l.size for l in lines)[len(lines) // 2]
    right = box[2] - pad
    if full and right - full <= _CELL_WRAP * size:  # the column's fullest line: where wrapping happens
        right = full
    wrapped = []
    for i, l in enumerate(lines):
        allow = (_CELL_WRAP + _pushed(lines[i + 1].text if i + 1 < len(lines) else "")) * l.size
        wrapped.append(right - l.x1 <= allow or (l.x1 - l.x0) >= inner - allow)
    return join_lines([l.text for l in lines], wrapped)


_CLOSING = "，。、；：！？）】」』”’》〉…,.;:!?)"
_OPENING = "（【「『“‘《〈("


def _pushed(following: str) -> int:
    """Characters line-breaking rules moved down to the next line: the one or two before a closing
    mark (况， / 报）), or an opening mark that may not end a line."""
    for k in (1, 2):
        if len(following) > k and following[k] in _CLOSING and not any(c in _CLOSING for c in following[:k]):
            return k
    return 1 if following[:1] in _OPENING else 0


def continues(a: TableBlock, b: TableBlock) -> bool:
    """``b`` (at the top of a page) continues ``a`` (at the bottom of the previous one)."""
    return a.n_cols == b.n_cols and all(abs(x - y) <= 3.0 for x, y in zip(a.xs, b.xs))


def grid_of(fragments: list[TableBlock]) -> Grid:
    """One grid from a table's fragments on consecutive pages."""
    grid = Grid()
    offset = 0
    header: list[str] | None = None
    prev: TableBlock | None = None
    for frag in fragments:
        cells = sorted(frag.cells, key=lambda c: (c.row, c.col))
        rows = _row_texts(cells, frag.n_rows, frag.n_cols)
        skip = 0
        if header is None:
            header = rows[0] if rows else None
        elif rows and rows[0] == header:
            skip = 1  # the header row repeated on the new page
        cells = [c for c in cells if c.row >= skip]
        for c in cells:
            c.row -= skip
        if prev is not None and cells:
            offset = _join_fragment(grid, offset, cells, frag.n_cols)
        else:
            offset_cells = [Cell(c.row + offset, c.col, c.text, c.rows, c.cols) for c in cells]
            grid.cells.extend(offset_cells)
        offset = max((c.row + c.rows for c in grid.cells), default=0)
        prev = frag
    return grid


def _row_texts(cells: list[Cell], n_rows: int, n_cols: int) -> list[list[str]]:
    m = [[""] * n_cols for _ in range(n_rows)]
    for c in cells:
        for r in range(c.row, min(n_rows, c.row + c.rows)):
            for k in range(c.col, min(n_cols, c.col + c.cols)):
                m[r][k] = c.text
    return m


def _join_fragment(grid: Grid, offset: int, cells: list[Cell], n_cols: int) -> int:
    """Add a continuation fragment: a cut row (empty first cell) joins the last row; a cell cut by
    the page break (one side empty, one side spanning several rows) covers both sides."""
    last_row = offset - 1
    bottom = {k: c for c in grid.cells for k in range(c.col, c.col + c.cols) if c.row + c.rows - 1 == last_row}
    top = {k: c for c in cells for k in range(c.col, c.col + c.cols) if c.row == 0}
    first_empty = 0 in top and not top[0].text and bottom.get(0) is not None and bottom[0].text
    shift = offset
    if first_empty:  # the row was cut by the page break: its rest joins it
        for k, c in list(top.items()):
            if c.rows == 1 and k == c.col and k in bottom:
                if c.text:
                    bottom[k].text = join_lines([bottom[k].text, c.text], [True])
                cells.remove(c)
        for c in cells:  # a taller cell starting on the cut row: a merged cell cut by the page break
            a = bottom.get(c.col) if c.row == 0 and c.rows > 1 else None
            if a is not None and a.col == c.col and bool(a.text) != bool(c.text):
                a.text = c.text = a.text or c.text
        shift = offset - 1  # the taller cell covers the joined row too
    else:
        for k in range(n_cols):
            a, b = bottom.get(k), top.get(k)
            if a is None or b is None or k != a.col or k != b.col:
                continue
            if (a.text and not b.text and (a.rows > 1 or b.rows > 1)) or (b.text and not a.text and (a.rows > 1 or b.rows > 1)):
                a.text = a.text or b.text
                a.rows += b.rows
                cells.remove(b)
    for c in cells:
        c.row += shift
    grid.cells.extend(cells)
    return shift

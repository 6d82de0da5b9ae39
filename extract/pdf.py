"""PDFs with a text layer → text: lines in reading order, paragraphs rejoined, tables from ruling lines.

pypdfium2 (Apache-2.0/BSD-3-Clause, on Google's PDFium, BSD-3-Clause) gives each page's characters
(with their boxes and sizes) and its drawn lines and thin rectangles; the ruling lines enclose cells,
found here as the smallest rectangles whose four sides are drawn (merged cells come out as one tall
or wide cell and are repeated over the rows and columns they cover). Around them:

- running headers and footers are dropped: page numbers (``— 3 —``, ``第3页 共9页``, ``3/9``) at the
  top or bottom of a page, and any line at the top or bottom that recurs on most pages (digits aside);
- lines wrapped by the layout are joined into their paragraph, also across a page break: a new
  paragraph starts at an indented line, after a line that stops short of the right margin, at a
  change of font size or a wider gap, or at an outline marker after a full stop;
- a table continued on the next page is one table: its repeated header row is dropped, a row cut
  by the page break is joined again, and a merged cell cut by it covers its rows on both pages.

Read one column at a time (top to bottom, left to right within a line): multi-column layouts are
not separated. A PDF without characters is refused as scanned (no OCR); an encrypted one as such.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from .grid import Cell, Grid, join_lines

_PAGE_NO = re.compile(
    r"^[-—–_·\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?\s*(?:页)?[-—–_·\s]*$"
    r"|^[-—–\s]*(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-—–\s]*$", re.I)
_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}\s*[、.](?!\d)"
                     r"|第[一二三四五六七八九十百\d]+[章节条])")
_SENTENCE_END = "。!！?？;；:：”"
# a paragraph line ending within this many character widths of the right margin was wrapped by the
# layout (line-breaking rules move up to two characters, 况， or 部、, to the next line)
_WRAP = 2.5
# in a cell: a line ending within this many widths of where the column's lines wrap, plus the
# characters line-breaking rules moved down (``_pushed``)
_CELL_WRAP = 1.2
_BAND = 0.12  # share of the page height at top and bottom where running heads and page numbers sit


class PdfError(ValueError):
    """A PDF that cannot be read; the message is one line for the user."""


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


@dataclass
class Page:
    lines: list[Line] = field(default_factory=list)
    items: list = field(default_factory=list)  # Line and TableBlock in reading order
    height: float = 0.0
    width: float = 0.0


def read_pdf(data: bytes) -> str:
    """The text of a PDF (see the module docstring)."""
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - a declared dependency
        raise PdfError("reading PDF needs pypdfium2 (pip install pypdfium2)") from None
    pages: list[Page] = []
    images = unmapped = 0
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == 4 or "password" in str(e).lower():
            raise PdfError("encrypted PDF (password protected); decrypt it first (e.g. qpdf --decrypt)") from None
        reason = re.sub(r"^Failed to load document \(PDFium: (.*)\)\.?$", r"\1", str(e))
        raise PdfError(f"corrupt PDF file ({reason[:80]})") from None
    try:
        for i in range(len(doc)):
            page = doc[i]
            try:
                pg, n_images, n_unmapped = _read_page(page)
            finally:
                page.close()
            pages.append(pg)
            images += n_images
            unmapped += n_unmapped
    except pdfium.PdfiumError as e:
        raise PdfError(f"corrupt PDF file ({str(e)[:80]})") from None
    finally:
        doc.close()
    n_chars = sum(len(l.text) for pg in pages for l in pg.lines) + sum(
        len(c.text) for pg in pages for it in pg.items if isinstance(it, TableBlock) for c in it.cells)
    if not pages:
        raise PdfError("corrupt PDF file (no pages)")
    if n_chars == 0:
        if images:
            raise PdfError(f"scanned PDF: {len(pages)} page(s) of images and no text layer; OCR is not supported")
        raise PdfError("PDF without text: no characters on any page")
    if unmapped * 2 > n_chars:
        raise PdfError("PDF text layer cannot be decoded (fonts without Unicode maps); OCR is not supported")
    _drop_running_lines(pages)
    return "\n".join(_flow(pages))


# --- one page ------------------------------------------------------------------------------------


def _read_page(page) -> tuple[Page, int, int]:
    """A page's lines and tables, with how many images and undecodable characters it has."""
    width, height = page.get_size()
    out = Page(height=float(height), width=float(width))
    chars, unmapped = _chars(page, height)
    edges_h, edges_v, images = _drawing(page, height)
    blocks = [b for b in (_table_block(cells, chars) for cells in _tables(edges_h, edges_v)) if b is not None]
    inside = [(b.xs[0], b.top, b.xs[-1], b.bottom) for b in blocks]
    free = [c for c in chars if not any(_within(c, box) for box in inside)]
    out.lines = _lines(free)
    out.items = sorted([*out.lines, *blocks], key=lambda it: (it.top, getattr(it, "x0", 0)))
    return out, images, unmapped


def _chars(page, height: float) -> tuple[list[dict], int]:
    """Upright, visible characters with boxes in top-down coordinates and their size in points."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    tp = page.get_textpage()
    try:
        raw = tp.raw
        out, unmapped = [], 0
        rect = pdfium_c.FS_RECTF()
        m = pdfium_c.FS_MATRIX()
        for i in range(pdfium_c.FPDFText_CountChars(raw)):
            if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
                continue
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if code <= 32 or 0xD800 <= code <= 0xDFFF or code in (0xA0, 0x3000, 0xFFFE, 0xFEFF):
                continue
            if pdfium_c.FPDFText_HasUnicodeMapError(raw, i) == 1:
                unmapped += 1
                continue
            angle = pdfium_c.FPDFText_GetCharAngle(raw, i) % 6.2832
            if 0.01 < angle < 6.27:
                continue  # rotated: stamps, watermarks, vertical side notes
            if not pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect):
                continue
            size = pdfium_c.FPDFText_GetFontSize(raw, i)
            if pdfium_c.FPDFText_GetMatrix(raw, i, ctypes.byref(m)):
                size *= abs(m.a * m.d - m.b * m.c) ** 0.5 or 1.0
            out.append({"text": chr(code), "x0": rect.left, "x1": rect.right, "top": height - rect.top,
                        "bottom": height - rect.bottom, "size": size})
        return out, unmapped
    finally:
        tp.close()


_THIN = 2.0  # a filled or stroked shape thinner than this (points) is a ruling line


def _drawing(page, height: float) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]], int]:
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) ruling lines, and the number of images."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    images = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
            continue
        left, bottom, right, top = obj.get_bounds()
        if right - left < _THIN and top - bottom > _THIN:
            vs.append(((left + right) / 2, height - top, height - bottom))
            continue
        if top - bottom < _THIN and right - left > _THIN:
            hs.append((height - (top + bottom) / 2, left, right))
            continue
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        if not pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill, stroke) or not stroke.value:
            continue
        mx = obj.get_matrix()
        x0 = y0 = sx = sy = None
        n = pdfium_c.FPDFPath_CountSegments(obj.raw)
        fx, fy = ctypes.c_float(), ctypes.c_float()
        for k in range(n):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj.raw, k)
            if not pdfium_c.FPDFPathSegment_GetPoint(seg, fx, fy):
                continue
            x = mx.a * fx.value + mx.c * fy.value + mx.e
            y = mx.b * fx.value + mx.d * fy.value + mx.f
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            if kind == pdfium_c.FPDF_SEGMENT_LINETO and x0 is not None:
                _segment(x0, y0, x, y, height, hs, vs)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                sx, sy = x, y
            x0, y0 = x, y
            if pdfium_c.FPDFPathSegment_GetClose(seg) and sx is not None:
                _segment(x, y, sx, sy, height, hs, vs)
                x0, y0 = sx, sy
    return hs, vs, images


def _segment(x0: float, y0: float, x1: float, y1: float, height: float, hs: list, vs: list) -> None:
    if abs(y1 - y0) < 0.5 and abs(x1 - x0) > _THIN:
        hs.append((height - y0, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) < 0.5 and abs(y1 - y0) > _THIN:
        vs.append((x0, height - max(y0, y1), height - min(y0, y1)))


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


def _tables(hs: list, vs: list) -> list[list[tuple[float, float, float, float]]]:
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


def _within(c: dict, bbox) -> bool:
    x = (c["x0"] + c["x1"]) / 2
    y = (c["top"] + c["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _lines(chars: list[dict]) -> list[Line]:
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


# --- tables --------------------------------------------------------------------------------------


def _cluster(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - v))


def _table_block(boxes: list[tuple[float, float, float, float]], chars: list[dict]) -> TableBlock | None:
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
    lines = [_lines(m) for m in mine]
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


def _continues(a: TableBlock, b: TableBlock) -> bool:
    """``b`` (at the top of a page) continues ``a`` (at the bottom of the previous one)."""
    return a.n_cols == b.n_cols and all(abs(x - y) <= 3.0 for x, y in zip(a.xs, b.xs))


def _grid_of(fragments: list[TableBlock]) -> Grid:
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


# --- running heads, page numbers, paragraphs ------------------------------------------------------


def _drop_running_lines(pages: list[Page]) -> None:
    """Remove page numbers and lines repeated at the top or bottom of most pages."""
    def key(l: Line) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", l.text))

    def band(pg: Page) -> list[Line]:
        return [l for l in pg.lines if l.bottom <= pg.height * _BAND or l.top >= pg.height * (1 - _BAND)]

    counts = Counter(k for pg in pages for k in {key(l) for l in band(pg)})
    need = max(2, (len(pages) + 1) // 2)
    for pg in pages:
        drop = set()
        for l in band(pg):
            if _PAGE_NO.match(l.text) or (len(pages) >= 2 and counts[key(l)] >= need):
                drop.add(id(l))
        if drop:
            pg.lines = [l for l in pg.lines if id(l) not in drop]
            pg.items = [it for it in pg.items if id(it) not in drop]


def _flow(pages: list[Page]) -> list[str]:
    """Lines and tables of all pages as text lines: paragraphs rejoined, tables continued."""
    body = [l for pg in pages for l in pg.lines]
    if body:
        left = Counter(round(l.x0) for l in body).most_common(1)[0][0]
        rights = sorted(l.x1 for l in body)
        right = rights[int(len(rights) * 0.9)]
    else:
        left = right = 0.0
    out: list[str] = []
    para: list[Line] = []
    fragments: list[TableBlock] = []

    def close_para() -> None:
        if para:
            out.append(join_lines([l.text for l in para], [True] * len(para)))
            para.clear()

    def close_table() -> None:
        if fragments:
            out.extend(_grid_of(fragments).lines())
            fragments.clear()

    for pg in pages:
        here = {id(l) for l in pg.lines}
        for i, it in enumerate(pg.items):
            if isinstance(it, TableBlock):
                close_para()
                if fragments and not (i == 0 and _continues(fragments[-1], it)):
                    close_table()
                fragments.append(it)
                continue
            if fragments:
                close_table()
            if para and _new_paragraph(para[-1], it, left, right, same_page=id(para[-1]) in here):
                close_para()
            para.append(it)
    close_para()
    close_table()
    return [l for l in out if l.strip()]


def _new_paragraph(prev: Line, line: Line, left: float, right: float, same_page: bool) -> bool:
    size = max(prev.size, 1.0)
    if prev.x1 < right - _WRAP * size:  # the previous line stopped short of the margin
        return True
    if line.x0 > left + 0.8 * size:  # an indented first line, unless a centred title wraps onto it
        centre = (left + right) / 2
        centred = abs((line.x0 + line.x1) / 2 - centre) <= size and abs((prev.x0 + prev.x1) / 2 - centre) <= size
        return not (centred and same_page and abs(line.size - prev.size) <= 1.0)
    if abs(line.size - prev.size) > 1.0:
        return True
    if same_page and line.top - prev.bottom > 1.2 * size:
        return True
    return prev.text.rstrip()[-1:] in _SENTENCE_END and bool(_MARKER.match(line.text))

"""PDFs with a text layer → text: lines in reading order, paragraphs rejoined, tables from ruling lines.

pdfplumber (MIT, on pdfminer.six, MIT) gives each page's characters and ruling lines; tables are the
cells its line-based finder draws (merged cells come out as one tall or wide cell and are repeated
over the rows and columns they cover). Around them:

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

import io
import logging
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
# a line ending within this many character widths of its right edge was wrapped by the layout
# (line-breaking rules move up to two characters, 况， or 部、, to the next line)
_WRAP = 2.5
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
        import pdfplumber
    except ImportError:  # pragma: no cover - a declared dependency
        raise PdfError("reading PDF needs pdfplumber (pip install pdfplumber)") from None
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    pages: list[Page] = []
    images = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for p in pdf.pages:
                pages.append(_read_page(p))
                images += len(p.images)
                p.flush_cache()
    except PdfError:
        raise
    except Exception as e:  # pdfminer wraps its errors in pdfplumber's PdfminerException
        raise _pdf_error(e) from None
    n_chars = sum(len(l.text) for pg in pages for l in pg.lines) + sum(
        len(c.text) for pg in pages for it in pg.items if isinstance(it, TableBlock) for c in it.cells)
    if not pages:
        raise PdfError("corrupt PDF file (no pages)")
    if n_chars == 0:
        if images:
            raise PdfError(f"scanned PDF: {len(pages)} page(s) of images and no text layer; OCR is not supported")
        raise PdfError("PDF without text: no characters on any page")
    cid = sum(l.text.count("(cid:") for pg in pages for l in pg.lines)
    if cid * 6 > n_chars / 2:
        raise PdfError("PDF text layer cannot be decoded (fonts without Unicode maps); OCR is not supported")
    _drop_running_lines(pages)
    return "\n".join(_flow(pages))


def _pdf_error(e: Exception) -> PdfError:
    inner = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
    name = type(inner).__name__
    if "Password" in name or "Encryption" in name:
        return PdfError("encrypted PDF (password protected); decrypt it first (e.g. qpdf --decrypt)")
    return PdfError(f"corrupt PDF file ({name}: {str(inner)[:80]})".replace(": )", ")"))


# --- one page ------------------------------------------------------------------------------------


def _read_page(p) -> Page:
    page = Page(height=float(p.height), width=float(p.width))
    chars = [c for c in p.chars if c.get("upright", True) and c["text"].strip()]
    tables = []
    if p.lines or p.rects or p.curves:
        try:
            tables = p.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
        except Exception:  # a degenerate drawing: read the page as text
            tables = []
    blocks = []
    for t in tables:
        block = _table_block(t, chars)
        if block is not None:
            blocks.append((t.bbox, block))
    inside = [bbox for bbox, _ in blocks]
    free = [c for c in chars if not any(_within(c, b) for b in inside)]
    page.lines = _lines(free)
    page.items = sorted([*page.lines, *(b for _, b in blocks)], key=lambda it: (it.top, getattr(it, "x0", 0)))
    return page


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


def _table_block(t, chars: list[dict]) -> TableBlock | None:
    """A pdfplumber table as cells on a grid, each cell's text read from the characters inside it."""
    boxes = [tuple(map(float, c)) for c in t.cells]
    if len(boxes) < 2:
        return None
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    if len(xs) < 3 or len(ys) < 2:  # one column: a frame around text, not a table
        return None
    inner = [c for c in chars if _within(c, t.bbox)]
    cells = []
    for b in boxes:
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        if c1 <= c0 or r1 <= r0:
            continue
        mine = [c for c in inner if _within(c, b)]
        cells.append(Cell(r0, c0, _cell_text(_lines(mine), b), rows=r1 - r0, cols=c1 - c0))
    if not cells:
        return None
    return TableBlock(cells=cells, n_rows=len(ys) - 1, n_cols=len(xs) - 1, xs=xs,
                      top=float(t.bbox[1]), bottom=float(t.bbox[3]))


def _cell_text(lines: list[Line], box) -> str:
    """A cell's lines joined: lines that run to the cell's right padding were wrapped by the layout."""
    if not lines:
        return ""
    pad = max(0.0, min(l.x0 - box[0] for l in lines))
    inner = (box[2] - pad) - (box[0] + pad)
    wrapped = [(box[2] - pad) - l.x1 <= _WRAP * l.size or (l.x1 - l.x0) >= inner - _WRAP * l.size for l in lines]
    return join_lines([l.text for l in lines], wrapped)


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
        shift = offset - 1  # a taller cell starting on the cut row covers the joined row too
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

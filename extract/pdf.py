"""PDFs with a text layer → text: lines in reading order, paragraphs rejoined, tables from ruling lines.

pypdfium2 (Apache-2.0/BSD-3-Clause, on Google's PDFium, BSD-3-Clause) gives each page's characters
(with their boxes and sizes) and its drawn lines and thin rectangles; the ruling lines enclose the
cells of tables (``pdf_tables``; merged cells are repeated over the rows and columns they cover).
Around them:

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

import re
from collections import Counter
from dataclasses import dataclass, field

from .grid import join_lines
from .pdf_tables import Line, TableBlock, continues, grid_of, lines_of, table_block, tables_on, within

_PAGE_NO = re.compile(
    r"^[-—–_·\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?\s*(?:页)?[-—–_·\s]*$"
    r"|^[-—–\s]*(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-—–\s]*$", re.I)
_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}\s*[、.](?!\d)"
                     r"|第[一二三四五六七八九十百\d]+[章节条])")
_SENTENCE_END = "。!！?？;；:：”"
# a paragraph line ending within this many character widths of the right margin was wrapped by the
# layout (line-breaking rules move up to two characters, 况， or 部、, to the next line)
_WRAP = 2.5
_BAND = 0.12  # share of the page height at top and bottom where running heads and page numbers sit


class PdfError(ValueError):
    """A PDF that cannot be read; the message is one line for the user."""


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
    _drop_runninglines_of(pages)
    return "\n".join(_flow(pages))


# --- one page ------------------------------------------------------------------------------------


def _read_page(page) -> tuple[Page, int, int]:
    """A page's lines and tables, with how many images and undecodable characters it has."""
    width, height = page.get_size()
    out = Page(height=float(height), width=float(width))
    chars, unmapped = _chars(page, height)
    edges_h, edges_v, images = _drawing(page, height)
    blocks = [b for b in (table_block(cells, chars) for cells in tables_on(edges_h, edges_v)) if b is not None]
    inside = [(b.xs[0], b.top, b.xs[-1], b.bottom) for b in blocks]
    free = [c for c in chars if not any(within(c, box) for box in inside)]
    out.lines = lines_of(free)
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


# --- running heads, page numbers, paragraphs ------------------------------------------------------


def _drop_runninglines_of(pages: list[Page]) -> None:
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
            out.extend(grid_of(fragments).lines())
            fragments.clear()

    for pg in pages:
        here = {id(l) for l in pg.lines}
        for i, it in enumerate(pg.items):
            if isinstance(it, TableBlock):
                close_para()
                if fragments and not (i == 0 and continues(fragments[-1], it)):
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

"""DOCX documents → text: paragraphs in body order with their list numbers, tables as grids.

python-docx (MIT) opens the package; the body is walked as XML so that paragraphs, tables and
content controls come in document order. Word's automatic numbering is not in the text: it is
rebuilt from ``w:numPr`` (on the paragraph or its style) and ``numbering.xml`` (``lvlText`` such as
``%1、`` or ``（%1）``, ``numFmt`` such as ``chineseCounting`` or ``decimal``, ``start``), counting per
abstract list and resetting deeper levels, as Word does for ordinary lists. Not rebuilt: ``lvlRestart``
variants, legal numbering across styles (``isLgl`` is read), and numbers inside table cells'
nested lists beyond the same rule. Headers, footers, footnotes, comments and deleted revisions are
not read. Tables: ``gridSpan`` and ``vMerge`` merged cells fill every position they cover.
"""
from __future__ import annotations

import io
import zipfile

import cn2an

from .grid import Grid, clean, join_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


class WordError(ValueError):
    """A DOCX that cannot be read; the message is one line for the user."""


def read_docx(data: bytes) -> str:
    """The text of a DOCX file (see the module docstring)."""
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - a declared dependency
        raise WordError("reading DOCX needs python-docx (pip install python-docx)") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as e:
        raise WordError(f"corrupt DOCX file ({type(e).__name__}: {str(e)[:80]})") from None
    except Exception as e:  # lxml syntax errors and the like in a damaged part
        raise WordError(f"corrupt DOCX file ({type(e).__name__})") from None
    numbers = Numbering(document)
    lines: list[str] = []
    for block in _blocks(document.element.body):
        if block.tag == W + "p":
            text = numbers.label(block) + _paragraph_text(block)
            lines.extend(l for l in (clean(x) for x in text.split("\n")) if l)
        else:
            lines.extend(_table_lines(block, numbers))
    return "\n".join(lines)


def _blocks(parent):
    """Paragraphs and tables in document order, through content controls and custom XML."""
    for child in parent:
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in (W + "sdt", W + "customXml", W + "sdtContent", W + "smartTag"):
            yield from _blocks(child)


def _paragraph_text(p) -> str:
    """A paragraph's visible text: runs, hyperlinks and insertions; tabs as spaces, breaks as newlines."""
    parts: list[str] = []
    stack = [iter([p])]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        tag = el.tag
        if tag == MC_FALLBACK or tag in (W + "del", W + "instrText", W + "delText", W + "txbxContent"):
            continue
        if tag == W + "t":
            parts.append(el.text or "")
        elif tag in (W + "tab", W + "ptab"):
            parts.append(" ")
        elif tag in (W + "br", W + "cr"):
            if el.get(W + "type") not in ("page", "column"):
                parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag == W + "tbl":  # never inside a paragraph, but be safe
            continue
        else:
            stack.append(iter(el))
    return "".join(parts)


# --- tables ------------------------------------------------------------------------------------


def _table_lines(tbl, numbers: "Numbering") -> list[str]:
    """A table as grid lines; a one-column table (a layout frame) as its paragraphs."""
    grid = Grid()
    above: dict[int, object] = {}  # column → the cell a vMerge continues
    cell_lines: dict[int, list[str]] = {}
    for r, tr in enumerate(tbl.iterchildren(W + "tr")):
        col = _int(tr.find(f"{W}trPr/{W}gridBefore"), 0)
        for tc in _row_cells(tr):
            span = _int(tc.find(f"{W}tcPr/{W}gridSpan"), 1)
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            if vmerge is not None and vmerge.get(W + "val") in (None, "continue") and col in above:
                above[col].rows = r - above[col].row + 1
            else:
                lines = _cell_lines(tc, numbers)
                grid.add(r, col, join_lines(lines), cols=span)
                cell = grid.cells[-1]
                cell_lines[id(cell)] = lines
                for k in range(col, col + span):
                    above[k] = cell
            col += span
    n_cols = max((c.col + c.cols for c in grid.cells), default=0)
    if n_cols == 1 or all(c.cols == n_cols for c in grid.cells):
        return [l for c in grid.cells for l in cell_lines[id(c)]]
    return grid.lines()


def _row_cells(tr):
    for child in tr:
        if child.tag == W + "tc":
            yield child
        elif child.tag in (W + "sdt", W + "customXml", W + "sdtContent"):
            yield from _row_cells(child)


def _cell_lines(tc, numbers: "Numbering") -> list[str]:
    lines: list[str] = []
    for block in _blocks(tc):
        if block.tag == W + "p":
            text = numbers.label(block) + _paragraph_text(block)
            lines.extend(l for l in (clean(x) for x in text.split("\n")) if l)
        else:  # a nested table: its rows become lines of this cell
            lines.extend(l.replace("\t", " ") for l in _table_lines(block, numbers))
    return lines


def _int(el, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(W + "val"))
    except (TypeError, ValueError):
        return default


# --- list numbering ------------------------------------------------------------------------------

_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def format_number(n: int, fmt: str) -> str:
    """``n`` written in a ``w:numFmt`` style (decimal, chineseCounting, lowerLetter, …)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital", "chineseLegalSimplified"):
        s = cn2an.an2cn(n)
        return s if fmt != "chineseLegalSimplified" else cn2an.an2cn(n, "up")
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s if fmt == "lowerLetter" else s.upper()
    if fmt in ("lowerRoman", "upperRoman") and n >= 1:
        s = _roman(n)
        return s if fmt == "upperRoman" else s.lower()
    if fmt == "decimalFullWidth":
        return str(n).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


class Numbering:
    """The list numbers Word would print before each numbered paragraph, counted in body order."""

    def __init__(self, document) -> None:
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.levels: dict[str, dict[int, tuple[int, str, str, bool]]] = {}  # abstract → lvl → (start, fmt, text, isLgl)
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            self._read_numbering(root)
        try:
            styles = document.part.styles.element
        except (KeyError, AttributeError):
            styles = None
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root) -> None:
        for a in root.iterchildren(W + "abstractNum"):
            lv = {}
            for lvl in a.iterchildren(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl", "0"))
                start = _int(lvl.find(W + "start"), 1)
                fmt_el = lvl.find(W + "numFmt")
                text_el = lvl.find(W + "lvlText")
                lv[ilvl] = (start, fmt_el.get(W + "val", "decimal") if fmt_el is not None else "decimal",
                            text_el.get(W + "val", "") if text_el is not None else "",
                            lvl.find(W + "isLgl") is not None)
            self.levels[a.get(W + "abstractNumId")] = lv
        for n in root.iterchildren(W + "num"):
            aid = n.find(W + "abstractNumId")
            overrides = {}
            for o in n.iterchildren(W + "lvlOverride"):
                so = o.find(W + "startOverride")
                if so is not None:
                    overrides[int(o.get(W + "ilvl", "0"))] = _int(so, 1)
            self.nums[n.get(W + "numId")] = (aid.get(W + "val") if aid is not None else "", overrides)

    def _read_styles(self, styles) -> None:
        raw: dict[str, tuple[str | None, int | None, str | None]] = {}
        for s in styles.iterchildren(W + "style"):
            num = s.find(f"{W}pPr/{W}numPr")
            based = s.find(W + "basedOn")
            num_id = ilvl = None
            if num is not None:
                nid = num.find(W + "numId")
                num_id = nid.get(W + "val") if nid is not None else None
                lv = num.find(W + "ilvl")
                ilvl = _int(lv, 0) if lv is not None else None
            raw[s.get(W + "styleId")] = (num_id, ilvl, based.get(W + "val") if based is not None else None)
        for sid in raw:
            num_id, ilvl, seen, cur = None, None, set(), sid
            while cur in raw and cur not in seen:
                seen.add(cur)
                n, lv, based = raw[cur]
                num_id = num_id if num_id is not None else n
                ilvl = ilvl if ilvl is not None else lv
                cur = based
            self.style_num[sid] = (num_id, ilvl)

    def label(self, p) -> str:
        """The number label of paragraph ``p`` (e.g. ``一、``, ``（二）``, ``3.``), or ``""``."""
        ppr = p.find(W + "pPr")
        num_id = ilvl = None
        if ppr is not None:
            st = ppr.find(W + "pStyle")
            if st is not None:
                num_id, ilvl = self.style_num.get(st.get(W + "val"), (None, None))
            num = ppr.find(W + "numPr")
            if num is not None:
                nid = num.find(W + "numId")
                if nid is not None:
                    num_id = nid.get(W + "val")
                lv = num.find(W + "ilvl")
                if lv is not None:
                    ilvl = _int(lv, 0)
        if num_id in (None, "0") or num_id not in self.nums:
            return ""
        ilvl = ilvl or 0
        aid, overrides = self.nums[num_id]
        levels = self.levels.get(aid, {})
        if ilvl not in levels:
            return ""
        counts = self.counters.setdefault(aid, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lv, start in overrides.items():  # a list that restarts its numbering
                counts[lv] = start - 1
                for deeper in [k for k in counts if k > lv]:
                    del counts[deeper]
        counts[ilvl] = counts.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        start, fmt, text, legal = levels[ilvl]
        if fmt == "bullet" or not text:
            return ""
        out = text
        for k in range(9):
            if f"%{k + 1}" in out:
                kstart, kfmt = levels.get(k, (1, "decimal", "", False))[:2]
                value = counts.get(k, kstart)
                out = out.replace(f"%{k + 1}", format_number(value, "decimal" if legal and k != ilvl else kfmt))
        out = clean(out)
        if out and out[-1] not in "、.．,，)）:：":
            out += " "
        return out

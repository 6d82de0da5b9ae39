"""Reading sources: bytes → the document's text, with page boilerplate taken out as metadata.

The format is told by the content first (``formats.sniff``: PDF, a ZIP with ``word/`` or ``xl/``,
an OLE2 container), the suffix second. DOCX, XLSX/XLS and PDF have readers of their own
(``word``, ``sheets``, ``pdf``); .doc/.wps/.rtf/.odt are converted to DOCX by LibreOffice when it is
installed. Everything else is text: encodings are detected, never guessed silently: UTF-8 (with or
without BOM), UTF-16 with BOM, GB18030/GBK and Big5 are tried strictly and the candidate whose Han
characters are most plausible wins; anything else is refused with a reason. HTML pages give their
article's text (scripts, styles and navigation dropped). Tables of every format come out alike
(``grid``): one row per line, cells separated by tabs, merged cells repeated.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from . import formats, html_events
from .grid import join_lines
from .resources import boilerplate_labels, boilerplate_lines

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
SOURCE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | set(formats.BINARY_SUFFIXES)


class SourceError(ValueError):
    """A source that cannot be read as a plan; ``reason`` is one line for the user."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class Source:
    """One document's extracted text and what its page said about it."""

    path: str
    text: str
    encoding: str  # the text's encoding, or the format it was read from (docx, xlsx, xls, pdf)
    meta: dict[str, str] = field(default_factory=dict)
    is_html: bool = False


# --- decoding -------------------------------------------------------------------------------

_MAGIC = {
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (DOCX/XLSX?)",
    b"\xd0\xcf\x11\xe0": "an OLE document (DOC/XLS?)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}


_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))  # not in text: tab, LF, FF, CR, ESC are


def _han_plausibility(text: str) -> float:
    """Share of Han characters that are common (GB2312 or Big5 level 1); mis-decodings score low."""
    hans = [c for c in text if "\u3400" <= c <= "\u9fff"]
    if not hans:
        return 1.0
    common = 0
    for c in hans:
        if _is_common(c):
            common += 1
    return common / len(hans)


_COMMON_CACHE: dict[str, bool] = {}


def _is_common(c: str) -> bool:
    hit = _COMMON_CACHE.get(c)
    if hit is None:
        hit = False
        try:
            c.encode("gb2312")
            hit = True
        except UnicodeEncodeError:
            try:
                b = c.encode("big5")
                hit = len(b) == 2 and 0xA440 <= int.from_bytes(b, "big") <= 0xC67E
            except UnicodeEncodeError:
                pass
        _COMMON_CACHE[c] = hit
    return hit


def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` and name the encoding; raise ``SourceError`` when it is not text."""
    if not data.strip():
        raise SourceError(path, "empty file")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as e:
                raise SourceError(path, f"undecodable: invalid {enc} at byte {e.start}") from None
            if not text.strip():
                raise SourceError(path, "empty file")
            return text, enc
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise SourceError(path, f"binary file ({what}); convert it to text or HTML first")
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    if b"\x00" in sample or controls > len(sample) * 0.01:
        raise SourceError(path, "binary file (control bytes); not a text or HTML document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_han_plausibility(text), enc, text))
    if candidates:
        score, enc, text = max(candidates, key=lambda c: c[0])
        if score >= 0.6:
            return text, enc
    raise SourceError(path, "undecodable: not valid UTF-8, GB18030/GBK or Big5 text")


# --- HTML -----------------------------------------------------------------------------------

_SKIP = {"script", "style", "noscript", "template", "head", "nav", "footer", "header", "form",
         "button", "select", "option", "iframe", "svg", "object", "aside", "menu"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source",
         "track", "wbr", "param"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr",
          "section", "article", "blockquote", "pre", "hr", "dd", "dt", "dl", "center", "tbody",
          "thead", "tfoot", "caption", "figure", "figcaption", "main", "address"}
_CHROME_ATTRS = ("id", "class", "role")  # the attributes that name page chrome
_BLANKS = re.compile(r"[ \t\r\n\f]+")
_CHROME = re.compile(r"(^|[\s_-])(nav|menu|footer|breadcrumb|crumb|share|toolbar|sidebar|topbar|"
                     r"header|copyright|login|search)([\s_-]|$)", re.I)


class _TextParser(HTMLParser):
    """Collects visible text; table cells become tab-separated, block elements newlines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.open: dict[str, int] = {}  # tag -> how many are on the stack: a stray end tag costs no scan
        self.title: list[str] = []
        self.in_title = False
        self.cell_open = False
        self.tables: list[_TableState] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _VOID:
            if (tag == "br" or tag == "hr") and not self.skip_depth:
                self.parts.append("\n")
            return
        skip = tag in _SKIP  # "head" among them
        if attrs and not skip:
            attr = " ".join(v or "" for k, v in attrs if k in _CHROME_ATTRS)
            skip = bool(attr and _CHROME.search(attr))
        self.stack.append((tag, skip))
        self.open[tag] = self.open.get(tag, 0) + 1
        if skip:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag in ("td", "th"):
            table = self.tables[-1] if self.tables else None
            if table:
                self._end_cell(table)
                self._carried(table, table.col)
            if self.cell_open:
                self.parts.append("\t")
            self.cell_open = True
            if table and attrs:
                span = dict(attrs)
                table.open_cell = [len(self.parts), _span(span.get("rowspan")), _span(span.get("colspan"))]
            elif table:
                table.open_cell = [len(self.parts), 1, 1]
        elif tag == "tr":
            if self.tables:
                self._end_row(self.tables[-1])
                self.tables[-1].row += 1
                self.tables[-1].row_open = True
            self.parts.append("\n")
            self.cell_open = False
        elif tag in _BLOCK:
            if tag == "table":
                self.tables.append(_TableState())
            self.parts.append("\n")

    def _end_cell(self, table: "_TableState") -> None:
        if table.open_cell is not None:
            start, rows, cols = table.open_cell
            table.cells.append([start, len(self.parts), rows, cols, table.col])
            table.col += cols
            table.open_cell = None

    def _carried(self, table: "_TableState", upto: int | None) -> None:
        """Write the cells merged down from rows above (rowspan) that stand at the current column."""
        while True:
            col = table.col
            if upto is None:
                col = min((c for c, (last, _, _) in table.carry.items() if c >= table.col and last >= table.row),
                          default=None)
                if col is None:
                    return
                while table.col < col:  # an empty cell before it
                    self.parts.append("\t" if self.cell_open else "")
                    self.cell_open = True
                    table.col += 1
            hit = table.carry.get(col)
            if hit is None or hit[0] < table.row:
                return
            _, text, cols = hit
            for _ in range(cols):
                self.parts.append(("\t" if self.cell_open else "") + text)
                self.cell_open = True
            table.col += cols
            table.carried += bool(text)

    def _end_row(self, table: "_TableState") -> None:
        """A data row (two or more cells with text, or a section row spanning columns below them)
        gets each cell on one line, colspan and rowspan cells repeated; a layout row (one cell of
        text: a page in a table) or a caption row above the data is left as it is."""
        if not table.row_open:
            return
        self._end_cell(table)
        self._carried(table, None)
        texts = ["".join(self.parts[a:b]) for a, b, _, _, _ in table.cells]
        filled = sum(1 for t in texts if t.strip()) + table.carried
        # one cell spanning columns below data rows: a section row of the table, repeated like any merge
        section = filled == 1 and len(table.cells) == 1 and table.cells[0][3] >= 2 and table.data_rows > 0
        table.data_rows += filled >= 2
        if filled >= 2 or section:
            for (a, b, rows, cols, col), raw in reversed(list(zip(table.cells, texts))):
                text = join_lines(raw.split("\n"))
                self.parts[a:b] = [text + ("\t" + text) * (cols - 1)]
                if rows > 1:
                    table.carry[col] = (table.row + rows - 1, text, cols)
        table.cells, table.carried, table.col, table.row_open = [], 0, 0, False

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _VOID:
            return
        # pop to the matching open tag (tolerates unclosed tags); what is popped was pushed once, and an
        # end tag with no open tag (a stray </span>) is known at once: linear in the page's size
        if not self.open.get(tag):
            return
        stack = self.stack
        if stack[-1][0] == tag:  # the usual case: the last tag opened is closed
            if stack.pop()[1]:
                self.skip_depth -= 1
            self.open[tag] -= 1
        else:
            for i in range(len(stack) - 2, -1, -1):
                if stack[i][0] == tag:
                    for t, skip in stack[i:]:
                        self.open[t] -= 1
                        if skip:
                            self.skip_depth -= 1
                    del stack[i:]
                    break
        if self.skip_depth:
            return
        if tag == "tr":
            if self.tables:
                self._end_row(self.tables[-1])
            self.parts.append("\n")
            self.cell_open = False
        elif tag in ("td", "th"):
            if self.tables:
                self._end_cell(self.tables[-1])
        elif tag in _BLOCK:
            if tag == "table" and self.tables:
                self._end_row(self.tables.pop())
            self.parts.append("\n")

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """``<![ …`` with no keyword html.parser knows: a comment up to ``>``, as browsers read it
        (html.parser of Python 3.11 raises AssertionError, which stopped the whole build)."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            return self.parse_bogus_comment(i, report)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.skip_depth:
            self.parts.append(_BLANKS.sub(" ", data))


# what _TextParser reads of attributes, and tags it only pushes and pops (a pair around text is that text)
_SCANNER = html_events.Scanner(wanted=_CHROME_ATTRS + ("rowspan", "colspan"),
                               inert=("span", "o:p", "font", "a", "b", "strong", "em", "i", "u", "sup", "sub"))


@dataclass
class _TableState:
    """Where an HTML table's parser is: row, column, cells merged down from above, this row's cells."""

    row: int = -1
    col: int = 0
    carry: dict[int, tuple[int, str, int]] = field(default_factory=dict)  # column → (last row, text, colspan)
    cells: list[list[int]] = field(default_factory=list)  # [start part, end part, rowspan, colspan, column]
    open_cell: list[int] | None = None
    carried: int = 0
    row_open: bool = False
    data_rows: int = 0


def _span(value: str | None) -> int:
    try:
        return max(1, min(int((value or "1").strip()), 1000))
    except ValueError:
        return 1


def looks_like_html(text: str) -> bool:
    """True when ``text`` is an HTML page or fragment rather than plain text."""
    head = text[:4096].lower()
    return bool(re.search(r"<(!doctype html|html|body|p|div|table|td|span|br)[\s>/]", head))


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """The visible text of an HTML page and its ``<title>``; tags, scripts and styles dropped."""
    parser = _TextParser()
    try:  # the usual markup at C speed, the same events as html.parser's
        _SCANNER.feed(parser, html)
    except html_events.Unusual:  # markup html.parser repairs in its own ways: it reads the page
        parser = _TextParser()
        parser.feed(html)
        parser.close()
    lines = [line.strip() if "\t" not in line else _row(line) for line in "".join(parser.parts).split("\n")]
    meta = {}
    title = " ".join("".join(parser.title).split())
    if title:
        meta["html_title"] = unescape(title)
    return "\n".join(filter(None, lines)), meta


def _row(line: str) -> str:
    """A line with tabs: cells trimmed of spaces; a row keeps its empty cells; empty when no text."""
    cells = [c.strip(" ") for c in line.split("\t")]
    line = "\t".join(cells)
    line = line.strip(" ") if sum(1 for c in cells if c) >= 2 else line.strip()
    return line if line.strip("\t ") else ""


# --- boilerplate ----------------------------------------------------------------------------

_BULLET_CHARS = "-•·*>|"
_BULLET = re.compile(rf"^[\s{re.escape(_BULLET_CHARS)}]+")
_COUNT = re.compile(r"[\d,.次人]*")  # a view count's value
_TAGS_ONLY = re.compile(r"(【[^】]{1,6}】)+")  # 【打印】【关闭】
_LABELLED = re.compile(r"^([^:]{1,8}):(.*)$")
_AFTER_COLON = re.compile(r"[:：]\s*(.*)$")


def strip_boilerplate(text: str) -> tuple[str, dict[str, str]]:
    """Drop page chrome lines (发布时间, 浏览量, 字体:大 / 中 / 小, 打印, 关闭 …), keeping values as metadata."""
    labels = boilerplate_labels()
    chrome = boilerplate_lines()
    meta: dict[str, str] = {}
    out: list[str] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    pending: str | None = None  # a label whose value is on the next line
    for line in lines:
        bare = _BULLET.sub("", line) if line[:1] in _BULLET_CHARS or line[:1].isspace() else line
        compact = "".join(bare.split())  # no whitespace (str.split's is re's \s, U+3000 among it)
        compact_n = compact.replace("：", ":")
        if not compact:
            out.append(line) if out and out[-1].strip() else None
            continue
        if pending is not None:
            field_ = labels[pending]
            fits = _COUNT.fullmatch(compact_n) if field_ == "-" else len(compact) <= 40
            if fits and not _label_of(compact_n, labels):
                if field_ != "-":
                    meta.setdefault(field_, compact_n)
                pending = None
                continue
            pending = None
        if compact_n.strip("【】[]") in chrome or _TAGS_ONLY.fullmatch(compact):
            continue
        if len(compact) <= 80:
            found = _label_of(compact_n, labels)
            if found:
                label, value = found
                if value:
                    if labels[label] != "-":
                        meta.setdefault(labels[label], _value_of(bare, value))
                else:
                    pending = label
                continue
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out), meta


def _label_of(compact: str, labels: dict[str, str]) -> tuple[str, str] | None:
    """``(label, value)`` when a spaceless line starts with a boilerplate label and a colon."""
    m = _LABELLED.match(compact)
    if m and m.group(1) in labels:
        return m.group(1), m.group(2)
    if compact in labels and labels[compact] == "-":
        return compact, ""
    if compact.startswith("字体") and set(compact[2:]) <= set(":：大中小 /|"):
        return "字体", "-"
    return None


def _value_of(line: str, compact_value: str) -> str:
    """The value after the label's colon, keeping its inner spaces when it had any."""
    m = _AFTER_COLON.search(line)
    value = m.group(1).strip() if m else compact_value
    return value or compact_value


# --- entry point ----------------------------------------------------------------------------


def read_document(data: bytes, path: str, kind: str) -> str:
    """The text of a DOCX, XLSX, XLS or PDF file, or of a legacy one converted by LibreOffice."""
    from . import pdf, sheets, word

    name = formats.NAMES.get(kind, kind)
    if kind in formats.CONVERTED:
        if formats.soffice() is None:
            raise SourceError(path, f"{name} file: LibreOffice is not installed to convert it; run "
                                    f"soffice --headless --convert-to docx '{Path(path).name}' and build the .docx")
        try:
            data = formats.convert_with_soffice(data, kind, "docx")
        except RuntimeError as e:
            raise SourceError(path, f"{name} file not converted: {e}") from None
        kind = "docx"
    readers = {"docx": word.read_docx, "xlsx": sheets.read_xlsx, "xls": sheets.read_xls, "pdf": pdf.read_pdf}
    try:
        return readers[kind](data)
    except (word.WordError, sheets.SheetError, pdf.PdfError) as e:
        raise SourceError(path, str(e)) from None
    except Exception as e:  # a damaged file the library trips over: one line, never a traceback
        raise SourceError(path, f"unreadable {name} file ({type(e).__name__}: {str(e)[:80]})") from None


def _refusal(kind: str) -> str | None:
    if kind == "ole-encrypted":
        return "encrypted Office file (password protected); save it without a password"
    if kind == "zip":
        return "a ZIP archive that is not a Word or Excel document; unpack it and build its files"
    if kind == "ole":
        return "an OLE document that is neither Word nor Excel; save it as DOCX, XLSX or PDF"
    return None


def read_bytes(data: bytes, path: str = "<bytes>", html: bool | None = None) -> Source:
    """Read any supported format, strip HTML and boilerplate; the result's ``text`` is what spans refer to."""
    kind = formats.sniff(data, path) if data.strip() else None
    meta: dict[str, str] = {}
    if kind is not None:
        reason = _refusal(kind)
        if reason:
            raise SourceError(path, reason)
        text = read_document(data, path, kind)
        encoding, is_html = ("docx" if kind in formats.CONVERTED else kind), False
    else:
        try:
            text, encoding = decode(data, path)
        except SourceError as e:
            expected = formats.BINARY_SUFFIXES.get(Path(path).suffix.lower())
            if expected and "binary" in e.reason:
                raise SourceError(path, f"corrupt {formats.NAMES[expected]} file (not in its format)") from None
            raise
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        is_html = looks_like_html(text) if html is None else html
        if is_html:
            text, meta = html_to_text(text)
    text, more = strip_boilerplate(text)
    meta.update({k: v for k, v in more.items() if k not in meta})
    text = "\n".join([_tidy(l) if "\t" in l else l.rstrip() for l in text.split("\n")]).strip("\n")
    if not text.strip():
        raise SourceError(path, "no text left after removing markup and page boilerplate")
    return Source(path=path, text=text, encoding=encoding, meta=meta, is_html=is_html)


def _tidy(line: str) -> str:
    """Trailing spaces off; a table row (two or more cells with text) keeps its empty last cells."""
    if "\t" in line and sum(1 for c in line.split("\t") if c.strip()) >= 2:
        return line.rstrip(" \u3000\r\f\v")
    return line.rstrip()


def read_source(path: str | Path) -> Source:
    """Read one file; HTML is recognised by its suffix or its content."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise SourceError(str(path), "is a directory") from None
    except OSError as e:
        raise SourceError(str(path), f"cannot read: {e.strerror}") from None
    html = True if p.suffix.lower() in HTML_SUFFIXES else None
    return read_bytes(data, str(path), html=html)

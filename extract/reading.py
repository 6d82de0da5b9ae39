"""Reading sources: bytes → the document's text, with page boilerplate taken out as metadata.

Encodings are detected, never guessed silently: UTF-8 (with or without BOM), UTF-16 with BOM,
GB18030/GBK and Big5 are tried strictly and the candidate whose Han characters are most plausible
wins; anything else is refused with a reason. HTML pages give their article's text (scripts,
styles and navigation dropped; table cells separated by tabs, rows by newlines).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from .resources import boilerplate_labels, boilerplate_lines

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}


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
    encoding: str
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
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
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
_CHROME = re.compile(r"(^|[\s_-])(nav|menu|footer|breadcrumb|crumb|share|toolbar|sidebar|topbar|"
                     r"header|copyright|login|search)([\s_-]|$)", re.I)


class _TextParser(HTMLParser):
    """Collects visible text; table cells become tab-separated, block elements newlines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.title: list[str] = []
        self.in_title = False
        self.cell_open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _VOID:
            if tag in ("br", "hr") and not self.skip_depth:
                self.parts.append("\n")
            return
        attr = " ".join(v or "" for k, v in attrs if k in ("id", "class", "role"))
        skip = tag in _SKIP or bool(attr and _CHROME.search(attr))
        if tag == "head":
            skip = True
        self.stack.append((tag, skip))
        if skip:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag in ("td", "th"):
            if self.cell_open:
                self.parts.append("\t")
            self.cell_open = True
        elif tag == "tr":
            self.parts.append("\n")
            self.cell_open = False
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _VOID:
            return
        # pop to the matching open tag (tolerates unclosed tags)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _, skip in self.stack[i:]:
                    if skip:
                        self.skip_depth -= 1
                del self.stack[i:]
                break
        else:
            return
        if self.skip_depth:
            return
        if tag == "tr":
            self.parts.append("\n")
            self.cell_open = False
        elif tag in ("td", "th"):
            pass
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.skip_depth:
            return
        data = re.sub(r"[ \t\r\n\f]+", " ", data)
        self.parts.append(data.replace("\t", " "))


def looks_like_html(text: str) -> bool:
    """True when ``text`` is an HTML page or fragment rather than plain text."""
    head = text[:4096].lower()
    return bool(re.search(r"<(!doctype html|html|body|p|div|table|td|span|br)[\s>/]", head))


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """The visible text of an HTML page and its ``<title>``; tags, scripts and styles dropped."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    raw = "".join(parser.parts)
    lines = []
    for line in raw.split("\n"):
        cells = [c.strip(" ") for c in line.split("\t")]
        line = "\t".join(cells).strip()
        if line.strip("\t "):
            lines.append(line)
    meta = {}
    title = " ".join("".join(parser.title).split())
    if title:
        meta["html_title"] = unescape(title)
    return "\n".join(lines), meta


# --- boilerplate ----------------------------------------------------------------------------

_BULLET = re.compile(r"^[\s\-•·*>|]+")
_SPACES = re.compile(r"[\s\u3000]+")


def strip_boilerplate(text: str) -> tuple[str, dict[str, str]]:
    """Drop page chrome lines (发布时间, 浏览量, 字体:大 / 中 / 小, 打印, 关闭 …), keeping values as metadata."""
    labels = boilerplate_labels()
    chrome = boilerplate_lines()
    meta: dict[str, str] = {}
    out: list[str] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    pending: str | None = None  # a label whose value is on the next line
    for line in lines:
        bare = _BULLET.sub("", line)
        compact = _SPACES.sub("", bare)
        compact_n = compact.replace("：", ":")
        if not compact:
            out.append(line) if out and out[-1].strip() else None
            continue
        if pending is not None:
            field_ = labels[pending]
            fits = re.fullmatch(r"[\d,.次人]*", compact_n) if field_ == "-" else len(compact) <= 40
            if fits and not _label_of(compact_n, labels):
                if field_ != "-":
                    meta.setdefault(field_, compact_n)
                pending = None
                continue
            pending = None
        if compact_n.strip("【】[]") in chrome or re.fullmatch(r"(【[^】]{1,6}】)+", compact):
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
    m = re.match(r"^([^:]{1,8}):(.*)$", compact)
    if m and m.group(1) in labels:
        return m.group(1), m.group(2)
    if compact in labels and labels[compact] == "-":
        return compact, ""
    if compact.startswith("字体") and set(compact[2:]) <= set(":：大中小 /|"):
        return "字体", "-"
    return None


def _value_of(line: str, compact_value: str) -> str:
    """The value after the label's colon, keeping its inner spaces when it had any."""
    m = re.search(r"[:：]\s*(.*)$", line)
    value = m.group(1).strip() if m else compact_value
    return value or compact_value


# --- entry point ----------------------------------------------------------------------------


def read_bytes(data: bytes, path: str = "<bytes>", html: bool | None = None) -> Source:
    """Decode, strip HTML and boilerplate; the result's ``text`` is what spans refer to."""
    text, encoding = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    is_html = looks_like_html(text) if html is None else html
    meta: dict[str, str] = {}
    if is_html:
        text, meta = html_to_text(text)
    text, more = strip_boilerplate(text)
    meta.update({k: v for k, v in more.items() if k not in meta})
    text = "\n".join(l.rstrip() for l in text.split("\n")).strip("\n")
    if not text.strip():
        raise SourceError(path, "no text left after removing markup and page boilerplate")
    return Source(path=path, text=text, encoding=encoding, meta=meta, is_html=is_html)


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

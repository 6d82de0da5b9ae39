"""The regex scanner of HTML pages gives html.parser's events exactly, or hands the page to html.parser."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from extract import html_events, reading
from extract.reading import html_to_text


class _Events:
    """Records events as html_events.Scanner.feed gives them (and, mixed into an HTMLParser, as
    html.parser gives them)."""

    def __init__(self) -> None:
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, attrs))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        self.events.append(("data", data))


class _ParserEvents(_Events, HTMLParser):
    """Records events as html.parser gives them."""

    def __init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)
        _Events.__init__(self)


def _parser_events(html: str) -> list[tuple]:
    p = _ParserEvents()
    p.feed(html)
    p.close()
    return p.events


def _scanned(html: str) -> list[tuple] | None:
    """The scanner's events (every attribute read), None when it hands the page to html.parser."""
    e = _Events()
    try:
        html_events.Scanner().feed(e, html)
    except html_events.Unusual:
        return None
    return e.events


def _by_html_parser(html: str, monkeypatch) -> tuple[str, dict[str, str]]:
    """html_to_text as it reads a page with html.parser alone."""
    with monkeypatch.context() as m:
        m.setattr(reading._SCANNER, "feed", _refuse)
        return html_to_text(html)


def _refuse(handler, html):
    raise html_events.Unusual(0)


def _pages(shared: Path) -> list[Path]:
    return sorted((shared / "corpus").rglob("*.html")) + sorted(Path("sources").glob("*.html"))


def test_corpus_pages_scanned_with_html_parsers_events(shared):
    pages = _pages(shared)
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert _scanned(html) == _parser_events(html), page.name  # not None: these pages need no html.parser


def test_corpus_pages_read_as_html_parser_reads_them(shared, monkeypatch):
    for page in _pages(shared):
        html = page.read_text(encoding="utf-8")
        assert html_to_text(html) == _by_html_parser(html, monkeypatch), page.name


PARA = "<p class=\"content\">一、总体要求</p><p>以习近平新时代中国特色社会主义思想为指导，<span style='x'>全面贯彻</span>党的十九大精神。</p>"

TABLE = ("<table border=1><tr><td rowspan=\"2\">序号</td><td colspan='2' nowrap>牵头单位</td></tr>"
         "<tr><td>区科技局&nbsp;&amp;</td><td>区财政局</td></tr></table>")
CHROME = "<SPAN CLASS=\"Share\">分享到</SPAN><Span>正文</Span><span id=x>" + PARA + "</span>"
# markup the scanner reads itself (same events as html.parser)
SCANNED = [
    "<!DOCTYPE html><html><head><title>关于印发方案的通知</title><!-- 注释 <p>不是正文</p> -->"
    "<script type=\"text/javascript\">if (a < b && c > d) { document.write('<p>脚本</p>'); }</script>"
    "<STYLE>p { margin: 0 }</STYLE ></head><body>" + PARA + "</body></html>",
    "<div id=\"nav\"><a href=/index.html>首页</a></div><div ROLE=main>" + PARA + "</div>",
    "<a href=/plan/1/>正文</a><a href=/list?page=2&amp;size=20 target=_blank>下一页</a>" + PARA,
    TABLE,
    "<p>3 < 5 而 a&lt;b</p><br/><hr /><img src=\"a.png\" alt=\"&quot;图&quot;\"><o:p></o:p>" + PARA,
    "<p>未闭合的脚本<script>var x = 1;",
    "<script>x</scriptx></script>" + PARA,
    CHROME,
]
# markup html.parser repairs in its own ways: the scanner hands the page to it
UNUSUAL = [
    "<![if !supportLists]>1.<![endif]>" + PARA,
    "<?xml version=\"1.0\"?>" + PARA,
    "<p\xa0class=nav>导航</p>" + PARA,
    "<a href=javascript:x(\"1\")>正文</a>" + PARA,
    "<p class=\"a\"id=\"b\">相连的属性</p>" + PARA,
    PARA + "<!-- 未闭合的注释 <p>不是正文</p>",
    "</ p>" + PARA + "<p =x>",
    "<script>x</\u017fcript></script>" + PARA,  # re.I takes U+017F for 's': html.parser's end of script, not its end tag
]


@pytest.mark.parametrize("html", SCANNED)
def test_usual_markup_scanned_with_html_parsers_events(html, monkeypatch):
    assert _scanned(html) == _parser_events(html)
    assert html_to_text(html) == _by_html_parser(html, monkeypatch)


@pytest.mark.parametrize("html", UNUSUAL)
def test_unusual_markup_read_by_html_parser(html, monkeypatch):
    assert _scanned(html) is None
    text, meta = html_to_text(html)
    assert (text, meta) == _by_html_parser(html, monkeypatch)
    assert "党的十九大精神" in text


def test_inert_pairs_and_unread_attributes_change_nothing(monkeypatch):
    """The text parser's scanner gives <span>…</span> as its text and attributes it does not read as []."""
    html = CHROME + TABLE
    assert html_to_text(html) == _by_html_parser(html, monkeypatch)
    assert "分享到" not in html_to_text(html)[0]  # class="Share" is still seen
    assert "序号\t牵头单位\t牵头单位" in html_to_text(html)[0]  # colspan still read


def test_marked_section_without_keyword_is_a_comment_not_a_crash(guowuyuan):
    """html.parser raises AssertionError on ``<![ endif ]>`` (a space before the keyword): the page is read."""
    page = guowuyuan / "01.html"
    html = page.read_text(encoding="utf-8")
    broken = html.replace("</p>", "</p><![ endif ]>", 3)
    assert broken != html and _scanned(broken) is None
    assert reading.read_bytes(broken.encode("utf-8"), "x.html", html=True).text == \
        reading.read_bytes(html.encode("utf-8"), "x.html", html=True).text

"""Plans as they are published: DOCX, XLSX, XLS and PDF readers, refusals, the same graph from every format.

Fixtures are in ``tests/fixtures/published`` (made by ``make_fixtures.py`` there from the reference
plan and State Council document 57 of the corpus).
"""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extract import formats
from extract.reading import SourceError, read_bytes, read_source

FIX = Path(__file__).parent / "fixtures" / "published"
TABLES = ("docx", "xlsx", "pdf", "html")


def table_rows(text: str) -> list[str]:
    """The tab-separated rows of a text (its tables)."""
    return [l for l in text.split("\n") if "\t" in l]


def compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


# --- format by content ---------------------------------------------------------------------------


@pytest.mark.parametrize("name,kind", [("reference-table.docx", "docx"), ("reference-table.xlsx", "xlsx"),
                                       ("heldout-table.xls", "xls"), ("reference-table.pdf", "pdf"),
                                       ("ole-word.doc", "doc"), ("legacy.doc", "docx"),
                                       ("reference-table.html", None)])
def test_format_is_told_by_content(name, kind):
    assert formats.sniff((FIX / name).read_bytes(), name) == kind


def test_text_that_mentions_a_format_is_text():
    src = read_bytes("一、总体要求\n附件格式为%PDF-1.4或PK压缩包(区科技局负责)。\n".encode("utf-8"), "plan.txt")
    assert src.encoding == "utf-8" and "%PDF-1.4" in src.text


def test_docx_named_doc_is_read_as_docx():
    src = read_source(FIX / "legacy.doc")
    assert src.encoding == "docx"
    assert src.text == read_source(FIX / "reference-prose.docx").text


def test_html_table_named_xls_is_read_as_html(tmp_path):
    p = tmp_path / "tasks.xls"
    p.write_bytes((FIX / "reference-table.html").read_bytes())
    src = read_source(p)
    assert src.is_html and table_rows(src.text) == table_rows(read_source(FIX / "reference-table.html").text)


# --- HTML tables -----------------------------------------------------------------------------------


def test_html_table_cells_with_paragraphs_are_one_row_per_line(guowuyuan):
    """10.html's measures table writes each cell as <p>s: one row per line, section rows repeated."""
    lines = read_source(guowuyuan / "10.html").text.split("\n")
    assert "序号\t改革举措\t主 要 内 容\t指导部门\t推广范围" in lines
    row = next(l for l in lines if l.startswith("1\t")).split("\t")
    assert row[1] == "知识产权民事、刑事、行政案件“三合一”审判" and row[3] == "最高人民法院、最高人民检察院、国家知识产权局"
    assert "\t".join(["一、知识产权保护方面（共5项）"] * 5) in lines
    assert lines[0] and all("\t" not in l for l in lines[:15])  # the page around it is not a table


def test_html_rowspan_repeated_in_each_row(guowuyuan):
    lines = read_source(guowuyuan / "04.html").text.split("\n")
    rows = [l.split("\t") for l in lines if l.startswith("一、医疗质量\t")]
    assert len(rows) > 10 and all(len(r) == 5 for r in rows)
    assert rows[0][1] == rows[2][1] == "（一）功能定位"


# --- DOCX ------------------------------------------------------------------------------------------


def test_docx_paragraphs_in_order_with_list_numbers_rebuilt(tianjin):
    """The prose DOCX carries 一、/（一）/1、 as Word list numbering, not as text: rebuilt, the text is the plan's."""
    plan = read_source(tianjin / "jinghai-2021-keji-sannian.txt").text
    src = read_source(FIX / "reference-prose.docx")
    assert src.text.replace("（", "(").replace("）", ")") == plan
    assert "静海区人民政府办公室文件" not in src.text  # the running header is not body text


def _numbered_docx(paragraphs: list[tuple[str, int | None, str]], styles: bool = False) -> bytes:
    """A DOCX with paragraphs (text, ilvl, numId); numIds 1 and 2 share one abstract list, 2 restarts it."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        "</w:abstractNum>"))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="71"><w:abstractNumId w:val="77"/></w:num>'))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="72"><w:abstractNumId w:val="77"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    for text, ilvl, num in paragraphs:
        p = d.add_paragraph(text)
        if ilvl is not None:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_numbering_counts_levels_and_restarts():
    paras = [("总体要求", 0, "71"), ("细则", 1, "71"), ("细则", 1, "71"), ("重点任务", 0, "71"), ("细则", 1, "71")]
    paras += [(f"第{i}项", 0, "71") for i in range(3, 12)]
    paras += [("另一份清单", 0, "72"), ("无编号", None, "")]
    lines = read_bytes(_numbered_docx(paras), "n.docx").text.split("\n")
    assert lines[:5] == ["一、总体要求", "（一）细则", "（二）细则", "二、重点任务", "（一）细则"]
    assert lines[13] == "十一、第11项"
    assert lines[14:] == ["一、另一份清单", "无编号"]  # startOverride restarts the shared list


def test_docx_numbering_from_paragraph_style():
    import docx

    d = docx.Document()
    for text in ("甲", "乙", "丙"):
        d.add_paragraph(text, style="List Number")
    buf = io.BytesIO()
    d.save(buf)
    assert read_bytes(buf.getvalue(), "s.docx").text.split("\n") == ["1.甲", "2.乙", "3.丙"]


def test_docx_table_merged_cells_repeat():
    """A 牵头单位 cell merged over four rows (vMerge) applies to each; gridSpan fills both columns."""
    rows = table_rows(read_source(FIX / "reference-table.docx").text)
    by_seq = {r.split("\t")[0]: r.split("\t") for r in rows}
    assert [by_seq[str(i)][2] for i in (29, 30, 31, 32)] == ["区委组织部"] * 4
    assert by_seq["33"][2] == "区人社局"
    assert all(len(r.split("\t")) == 5 for r in rows)


def test_docx_cell_paragraphs_join_into_one_line():
    """Supporters written one per paragraph in a cell stay apart (a space) and on the row's line."""
    rows = table_rows(read_source(FIX / "reference-table.docx").text)
    row12 = next(r for r in rows if r.startswith("12\t")).split("\t")
    assert row12[3] == "区发改委 区网信办 区科技局"


def test_docx_gridspan_and_layout_table():
    import docx

    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "重点任务"
    t.cell(0, 2).text = "牵头单位"
    t.cell(1, 0).text, t.cell(1, 1).text, t.cell(1, 2).text = "1", "建设平台", "区科技局"
    frame = d.add_table(rows=1, cols=1)  # a one-cell frame around body text: its paragraphs stay lines
    frame.cell(0, 0).text = "一、总体要求"
    frame.cell(0, 0).add_paragraph("二、重点任务")
    buf = io.BytesIO()
    d.save(buf)
    assert read_bytes(buf.getvalue(), "t.docx").text.split("\n") == [
        "重点任务\t重点任务\t牵头单位", "1\t建设平台\t区科技局", "一、总体要求", "二、重点任务"]


# --- spreadsheets ----------------------------------------------------------------------------------


def test_xlsx_caption_once_merged_cells_repeated():
    lines = read_source(FIX / "reference-table.xlsx").text.split("\n")
    assert lines[0].startswith("静海区落实") and "\t" not in lines[0]  # the title merged over all columns
    assert lines[1] == "序号\t重点任务\t牵头单位\t配合单位\t完成时限"
    rows = {r.split("\t")[0]: r.split("\t") for r in lines[2:]}
    assert [rows[str(i)][2] for i in (29, 30, 31, 32)] == ["区委组织部"] * 4
    assert rows["2"][4] == rows["1"][4] == "2022年底前"  # a merged deadline too


def test_xlsx_every_visible_sheet_values_as_read(tmp_path):
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "分工表"
    ws.append(["序号", "重点任务", "牵头单位", "完成时限"])
    ws.append([1.0, "建设平台\n培育企业", "区科技局", dt.datetime(2022, 12, 31)])
    hidden = wb.create_sheet("下拉选项")
    hidden.append(["区科技局", "区财政局"])
    hidden.sheet_state = "hidden"
    other = wb.create_sheet("附表")
    other.append(["序号", "工作内容", "责任单位"])
    other.append([2, "开展评估", "区财政局"])
    p = tmp_path / "book.xlsx"
    wb.save(p)
    assert read_source(p).text.split("\n") == [
        "分工表", "序号\t重点任务\t牵头单位\t完成时限", "1\t建设平台 培育企业\t区科技局\t2022-12-31",
        "附表", "序号\t工作内容\t责任单位", "2\t开展评估\t区财政局"]


def test_xls_merged_cells_repeated():
    lines = read_source(FIX / "heldout-table.xls").text.split("\n")
    assert lines[0] == "国务院关于支持自由贸易试验区深化改革创新若干措施重点任务分工表"
    rows = {r.split("\t")[0]: r.split("\t") for r in lines[2:]}
    assert [rows[str(i)][2] for i in range(3, 9)] == ["住房城乡建设部"] * 6
    assert rows["21"][4] == "持续推进"


# --- PDF ---------------------------------------------------------------------------------------------


def test_pdf_prose_rejoined_across_lines_and_pages(tianjin):
    """Wrapped lines and sentences cut by a page break are one line again; header and page numbers gone."""
    plan = read_source(tianjin / "jinghai-2021-keji-sannian.txt").text.split("\n")
    text = read_source(FIX / "reference-prose.pdf").text
    lines = text.split("\n")
    assert [compact(l) for l in lines] == [compact(l) for l in plan]
    assert "静海区人民政府办公室文件" not in text and "—" not in text.replace("2020—2022", "")


def test_pdf_page_break_inside_a_sentence():
    import pypdfium2

    def body(page) -> list[str]:  # the page's lines without its running header and page number
        lines = page.get_textpage().get_text_range().splitlines()
        return [l for l in lines if l.strip() and l != "静海区人民政府办公室文件" and not re.match(r"— \d+ —", l)]

    doc = pypdfium2.PdfDocument(FIX / "reference-prose.pdf")
    last, first = body(doc[0])[-1], body(doc[1])[0]
    assert not last.endswith("。")  # the fixture does cut a sentence at the page break
    text = read_source(FIX / "reference-prose.pdf").text
    assert any(compact(last) + compact(first) in compact(l) for l in text.split("\n"))


def test_pdf_table_from_ruling_lines_across_pages():
    """Four pages of table: the header repeated on each page is read once, merged cells cover their rows."""
    lines = read_source(FIX / "reference-table.pdf").text.split("\n")
    rows = table_rows("\n".join(lines))
    assert rows.count("序号\t重点任务\t牵头单位\t配合单位\t完成时限") == 1
    assert [r.split("\t")[0] for r in rows[1:]] == [str(i) for i in range(1, 40)]


def test_pdf_chromium_printed_table_wrapped_cells_joined():
    rows = {r.split("\t")[0]: r.split("\t") for r in table_rows(read_source(FIX / "heldout-table.pdf").text)}
    assert rows["1"][2] == "人力资源社会保障部"  # wrapped over three lines in a narrow column
    assert rows["17"][3] == "海关总署、财政部、税务总局"
    assert [rows[str(i)][2] for i in (13, 14, 15)] == ["知识产权局"] * 3


def test_running_heads_and_page_numbers_are_recognised():
    from extract.pdf import _PAGE_NO

    for s in ("— 3 —", "- 12 -", "第3页", "第 3 页 共 9 页", "3/9", "Page 4 of 10", "7"):
        assert _PAGE_NO.match(s), s
    for s in ("2、加快科技创新人才培养。", "一、总体要求", "3.2%"):
        assert not _PAGE_NO.match(s), s


# --- the same rows, the same graph ---------------------------------------------------------------------


@pytest.mark.parametrize("stem", ["reference-table", "heldout-table", "heldout2-table"])
def test_every_format_gives_the_same_rows(stem):
    texts = {fmt: read_source(FIX / f"{stem}.{fmt}").text for fmt in TABLES}
    rows = {fmt: [compact(c) for r in table_rows(t) for c in r.split("\t")] for fmt, t in texts.items()}
    assert rows["docx"] and rows["xlsx"] == rows["pdf"] == rows["html"]
    # DOCX writes several supporters one per paragraph: the same names, a space between them
    assert [c.replace("、", "") for c in rows["docx"]] == [c.replace("、", "") for c in rows["html"]]


def _graph_facts(ttl: Path) -> set[tuple[str, str, str]]:
    import rdflib

    pol = rdflib.Namespace("https://w3id.org/policykg#")
    g = rdflib.Graph().parse(ttl)
    out = set()
    for task in g.subjects(rdflib.RDF.type, pol.Task):
        text = compact(str(g.value(task, pol.text)))
        for role, p in (("lead", pol.leadDepartment), ("any", pol.responsibleDepartment)):
            for d in g.objects(task, p):
                out.add((text, str(d), role))
    return out


@pytest.fixture(scope="module")
def table_builds(tmp_path_factory):
    from policykg.build import build

    out = {}
    for stem in ("reference-table", "heldout-table", "heldout2-table"):
        for fmt in TABLES + (("xls",) if stem == "heldout-table" else ()):
            d = tmp_path_factory.mktemp(f"{stem}-{fmt}")
            build([FIX / f"{stem}.{fmt}"], d, cache=False, jobs=1)
            out[stem, fmt] = d
    return out


@pytest.mark.parametrize("stem", ["reference-table", "heldout-table", "heldout2-table"])
def test_same_graph_whatever_the_format(table_builds, stem):
    """Tasks, departments and roles are the same from DOCX, XLSX, PDF and HTML (XLS too)."""
    facts = {fmt: _graph_facts(d / "graph.ttl") for (s, fmt), d in table_builds.items() if s == stem}
    assert len(facts["html"]) > 40
    assert all(f == facts["html"] for f in facts.values())


def _score(ttl: Path, gold: Path, shared: Path) -> dict:
    res = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(ttl), str(gold)],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout[: res.stdout.rindex("}") + 1])


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_reference_task_table_scores(table_builds, shared, fmt):
    """The reference plan as a task table: every responsibility of its gold (which marks no leads)."""
    gold = shared / "eval" / "gold" / "jinghai-2021-keji-sannian.json"
    s = _score(table_builds["reference-table", fmt] / "graph.ttl", gold, shared)
    assert s["responsibility"]["f1"] == 1.0 and s["departments"]["f1"] == 1.0


@pytest.mark.parametrize("stem,fmt", [("heldout-table", f) for f in ("docx", "xlsx", "xls", "pdf", "html")]
                         + [("heldout2-table", f) for f in TABLES])
def test_heldout_task_table_scores(table_builds, shared, stem, fmt):
    """21 measures of 57.html (and, in another layout, of 37.html) as task tables: leads from the lead column."""
    gold = FIX / stem.replace("-table", "-gold.json")
    s = _score(table_builds[stem, fmt] / "graph.ttl", gold, shared)
    assert s["responsibility"]["f1"] >= 0.95 and s["lead"]["f1"] >= 0.95, s


def test_libreoffice_pdf_row_and_merged_cell_cut_by_a_page_break():
    """LibreOffice splits row 3 over two pages; its 主要责任单位 cell is merged with row 4's across the break."""
    rows = {r.split("\t")[0]: r.split("\t") for r in table_rows(read_source(FIX / "heldout2-table.pdf").text)}
    assert "" not in rows and rows["3"][1].endswith("发挥企业债券促投资、稳增长的积极作用。")
    assert rows["3"][2] == rows["4"][2] == "国家发展改革委"
    assert " " not in rows["3"][1]  # lines pushed short by line-breaking rules (转 / 报）) join without a space


def test_spans_index_the_extracted_text(table_builds):
    """OUT/texts/ID.txt is the reader's text, and every task's span indexes it."""
    import rdflib

    pol = rdflib.Namespace("https://w3id.org/policykg#")
    out = table_builds["reference-table", "pdf"]
    text = (out / "texts" / "reference-table.txt").read_text(encoding="utf-8")
    assert text == read_source(FIX / "reference-table.pdf").text
    g = rdflib.Graph().parse(out / "graph.ttl")
    tasks = list(g.subjects(rdflib.RDF.type, pol.Task))
    assert len(tasks) == 39
    for t in tasks:
        s, e = int(g.value(t, pol.sourceStart)), int(g.value(t, pol.sourceEnd))
        assert text[s:e] == str(g.value(t, pol.text))


def test_manifest_row_names_a_docx(tmp_path):
    from policykg.build import build

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(FIX / "reference-table.xlsx", src / "jinghai-tasks.xlsx")
    (src / "manifest.csv").write_text(
        "file,id,title,region\njinghai-tasks.xlsx,jinghai-tasks,静海区科技创新重点任务分解表,天津市静海区\n",
        encoding="utf-8")
    res = build([src], tmp_path / "out", cache=False, jobs=1)
    assert res.counts["plans"] == 1 and not res.skipped
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "jinghai-tasks" in ttl and "静海区科技创新重点任务分解表" in ttl


# --- refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name,reason", [
    ("encrypted.pdf", r"^encrypted PDF \(password protected\)"),
    ("scanned.pdf", r"^scanned PDF: 1 page\(s\) of images and no text layer; OCR is not supported$"),
    ("corrupt.docx", r"^corrupt DOCX file"),
])
def test_refusals_say_why_in_one_line(name, reason):
    with pytest.raises(SourceError) as ei:
        read_source(FIX / name)
    assert re.search(reason, ei.value.reason) and "\n" not in ei.value.reason


def test_truncated_pdf_and_non_office_zip_are_refused(tmp_path):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes((FIX / "reference-table.pdf").read_bytes()[:20000])
    with pytest.raises(SourceError, match="corrupt PDF"):
        read_source(cut)
    z = tmp_path / "bundle.docx"
    import zipfile

    with zipfile.ZipFile(z, "w") as f:
        f.writestr("readme.txt", "x")
    with pytest.raises(SourceError, match="ZIP archive that is not a Word or Excel"):
        read_source(z)
    bad = tmp_path / "plan.pdf"
    bad.write_bytes(b"\x00\x01binary junk" * 50)
    with pytest.raises(SourceError, match="corrupt PDF file"):
        read_source(bad)


def test_doc_without_libreoffice_names_the_command(monkeypatch):
    monkeypatch.setattr(formats, "soffice", lambda: None)
    with pytest.raises(SourceError) as ei:
        read_source(FIX / "ole-word.doc")
    assert "Word 97-2003 (.doc)" in ei.value.reason
    assert "soffice --headless --convert-to docx 'ole-word.doc'" in ei.value.reason


def test_a_docx_with_damaged_parts_is_one_line(tmp_path):
    """A DOCX whose numbering part is not XML: the reader's library fails, the build gets one line."""
    import zipfile

    src = zipfile.ZipFile(FIX / "reference-prose.docx")
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(bad, "w") as z:
        for info in src.infolist():
            data = src.read(info.filename)
            z.writestr(info, b"<w:numbering" if info.filename == "word/numbering.xml" else data)
    with pytest.raises(SourceError) as ei:
        read_source(bad)
    assert "DOCX" in ei.value.reason and "\n" not in ei.value.reason


def test_encrypted_office_file_is_refused():
    data = formats.OLE2 + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(100)
    with pytest.raises(SourceError, match="encrypted Office file"):
        read_bytes(data, "plan.docx")


@pytest.mark.skipif(formats.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_doc_converted_with_libreoffice(tmp_path):
    """A real Word 97 .doc (made by LibreOffice from the prose DOCX) reads as the DOCX does."""
    subprocess.run([formats.soffice(), "--headless", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(FIX / "reference-prose.docx")],
                   check=True, capture_output=True, timeout=180)
    doc = tmp_path / "reference-prose.doc"
    assert formats.sniff(doc.read_bytes(), doc.name) == "doc"
    lines = read_source(doc).text.split("\n")
    assert [compact(l) for l in lines] == [compact(l) for l in read_source(FIX / "reference-prose.docx").text.split("\n")]
    with pytest.raises(SourceError, match="not converted"):
        read_source(FIX / "ole-word.doc")  # a WordDocument stream with nothing in it


def test_build_goes_on_past_unreadable_files(tmp_path, monkeypatch):
    from policykg.build import build

    src = tmp_path / "src"
    src.mkdir()
    for name in ("encrypted.pdf", "scanned.pdf", "corrupt.docx", "ole-word.doc", "reference-table.docx"):
        shutil.copy(FIX / name, src / name)
    monkeypatch.setattr(formats, "soffice", lambda: None)
    res = build([src], tmp_path / "out", cache=False, jobs=1)
    assert res.counts["plans"] == 1
    assert sorted(Path(p).name for p, _ in res.skipped) == ["corrupt.docx", "encrypted.pdf", "ole-word.doc",
                                                          "scanned.pdf"]

"""Reading sources: encodings, HTML, boilerplate, and refusing what is not a plan."""
from __future__ import annotations

import zipfile
from io import BytesIO

import pytest

from extract.pipeline import Extractor, NotAPlan
from extract.reading import SourceError, read_bytes, read_source

PARA = ("为深入贯彻落实《天津市科技创新三年行动计划(2020-2022)》,加快推进我区科技创新工作,"
        "结合静海区实际,制定本方案。")


def test_utf8_and_bom_decode_identically():
    a = read_bytes(PARA.encode("utf-8"))
    b = read_bytes(b"\xef\xbb\xbf" + PARA.encode("utf-8"))
    assert a.text.strip() == PARA
    assert b.text == a.text
    assert not b.text.startswith("\ufeff")


def test_gb18030_decodes_to_identical_text(reference_text):
    para = next(p for p in reference_text.splitlines() if len(p) > 60)
    src = read_bytes(para.encode("gb18030"))
    assert src.text.strip() == para.strip()
    assert src.encoding.lower().replace("-", "") in ("gb18030", "gbk")


def test_gbk_bytes_decode():
    src = read_bytes(PARA.encode("gbk"))
    assert src.text.strip() == PARA


def test_big5_traditional_decodes(tianjin):
    trad = (tianjin / "tianjin-2020-keji-sannian-excerpt-traditional.txt").read_text(encoding="utf-8")
    para = next(p for p in trad.splitlines() if "貫徹落實" in p)
    src = read_bytes(para.encode("big5"))
    assert src.text.strip() == para.strip()
    assert src.encoding == "big5"


def test_html_script_style_dropped_and_cells_tabbed():
    html = ("<html><head><title>关于印发方案的通知</title><style>.x{color:red}</style></head><body>"
            "<script>var secret = '脚本内容';</script><div class='content'><p>一、重点任务</p>"
            "<table><tr><td>序号</td><td>工作任务</td><td>牵头单位</td></tr>"
            "<tr><td>1</td><td>建设创新平台</td><td>区科技局</td></tr></table>"
            "<style>p{margin:0}</style></div></body></html>")
    src = read_bytes(html.encode("utf-8"), "x.html", html=True)
    assert "脚本内容" not in src.text and "secret" not in src.text
    assert "color" not in src.text and "margin" not in src.text
    assert "序号\t工作任务\t牵头单位" in src.text
    assert "1\t建设创新平台\t区科技局" in src.text


@pytest.mark.parametrize("line", ["发布时间:2021-09-08", "来源:静海区科技局", "浏览量:1234",
                                  "字体:大 中 小", "打印", "关闭"])
def test_boilerplate_not_in_text(line):
    html = ("<html><body><div><p>" + line + "</p><p>一、重点任务</p>"
            "<p>加快建设创新平台(区科技局负责)。</p><p>" + line + "</p></div></body></html>")
    src = read_bytes(html.encode("utf-8"), "x.html", html=True)
    assert line not in src.text
    assert "加快建设创新平台(区科技局负责)。" in src.text


def test_boilerplate_publish_time_kept_as_metadata():
    html = "<html><body><p>发布时间:2021-09-08</p><p>来源:静海区科技局</p><p>一、重点任务</p></body></html>"
    src = read_bytes(html.encode("utf-8"), "x.html", html=True)
    assert "2021-09-08" in " ".join(src.meta.values())
    assert "2021-09-08" not in src.text


def _zip_bytes() -> bytes:
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize("name,data", [
    ("empty.txt", b""),
    ("blank.txt", b"  \n\t\r\n  "),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(40))),
    ("random.txt", bytes([7, 0, 200, 13, 0, 0, 255, 1, 2, 3]) * 50),
    ("plan.txt", _zip_bytes()),
    ("bad.txt", b"\xff\xfe\xfd\x80\x81" * 1 + b"\xc3\x28\xa0\xa1\xe2\x28\xa1" + b"\x81\x30\x81" * 3),
])
def test_bad_input_raises_source_error_naming_file(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(SourceError) as ei:
        Extractor()(read_source(p))
    msg = str(ei.value)
    assert name in msg
    assert "\n" not in msg
    assert ei.value.reason and "\n" not in ei.value.reason


def test_empty_file_reason():
    with pytest.raises(SourceError, match="empty"):
        read_bytes(b"", "e.txt")


def test_png_reason():
    with pytest.raises(SourceError, match="PNG"):
        read_bytes(b"\x89PNG\r\n\x1a\n....", "p.txt")


def test_non_plan_is_not_a_plan(guowuyuan):
    with pytest.raises(NotAPlan) as ei:
        Extractor()(read_source(guowuyuan / "11.html"))
    assert "11.html" in str(ei.value)


def test_directory_is_source_error(tmp_path):
    with pytest.raises(SourceError, match="directory"):
        read_source(tmp_path)


# --- normalisation: one view for widths, brackets and scripts, offsets kept --------------------

from extract.normalize import norm_key, normalize  # noqa: E402


def test_normalize_keeps_length():
    for s in ["（区科技局、区发改委负责）。", "財稅〔2018〕58號", "到２０２２年，達到３．２％"]:
        assert len(normalize(s)) == len(s)


@pytest.mark.parametrize("a,b", [
    ("（区科技局负责）", "(区科技局负责)"),
    ("３．２％", "3.2%"),
    ("區科技局", "区科技局"),
    ("靜海區發改委", "静海区发改委"),
])
def test_norm_key_equal(a, b):
    assert norm_key(a) == norm_key(b)


def test_year_brackets_give_same_number():
    from extract.citations import find_numbers
    got = {n for t in ("财税〔2018〕58号", "财税[2018]58号", "财税(2018)58号", "财税（2018）58号", "財稅〔2018〕58號")
           for _, n in find_numbers(t, normalize(t))}
    assert {norm_key(n) for n in got} == {norm_key("财税〔2018〕58号")}

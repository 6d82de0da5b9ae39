"""The pages' words in Chinese and English: one table (graph/i18n/strings.tsv), used by the map and the report."""
from __future__ import annotations

import csv
import re
from html import unescape

import pytest

from conftest import REPO
from graph import i18n
from graph.map import network as gn
from graph.map import page as mapview

CJK = re.compile(r"[\u3400-\u9fff]")


def rows() -> list[dict]:
    with i18n.DATA.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_every_message_in_both_languages_with_the_same_placeholders():
    rs = rows()
    keys = [r["key"] for r in rs]
    assert len(keys) == len(set(keys)) and len(keys) > 150
    for r in rs:
        assert set(r) == {"key", "zh", "en"} and r["zh"].strip() and r["en"].strip(), r
        assert set(re.findall(r"\{(\w+)\}", r["zh"])) <= set(re.findall(r"\{(\w+)\}", r["en"])) | {"n"}, r
        assert not CJK.search(r["en"]) or any(w in r["en"] for w in ("新增", "下降", "推进", "《", "文号", "科技局", "万/亿", "牵头")), r
    assert i18n.strings("zh")["map.fit"] == "全图" and i18n.strings("en")["map.fit"] == "Fit"
    with pytest.raises(ValueError, match="unknown language"):
        i18n.strings("fr")
    assert all(k[:-3] in set(keys) for k in keys if k.endswith(".n1"))  # a singular beside its plural
    en = i18n.Messages("en")
    assert (en("map.count.department", n=1), en("map.count.department", n=2)) == ("1 department", "2 departments")
    assert i18n.Messages("zh")("map.count.department", n=1) == "1 个部门"


def _used_keys() -> set[str]:
    """Every message key the code names literally, and the keys its prefixes build."""
    used = set()
    for path in ("graph/map/assets/map.js",):
        used |= {k for k in re.findall(r'tr\("([a-z_.:]+)"', (REPO / path).read_text(encoding="utf-8"))
                 if not k.endswith(".")}
    used |= set(re.findall(r"%%T:([a-z_.]+)%%", (REPO / "graph/map/assets/map.html").read_text(encoding="utf-8")))
    for path in ("graph/map/page.py", "graph/compare/report.py", "graph/compare/compare.py"):
        used |= {k for k in re.findall(r'''m\(\s*["']([a-z_.]+)["']''', (REPO / path).read_text(encoding="utf-8"))
                 if not k.endswith(".")}
    used |= {f"map.view.{v}" for v in gn.VIEWS} | {f"map.kind.{k}" for k in (*mapview.KINDS, "region")}
    used |= {f"map.count.{k}" for k in mapview.KINDS} | {f"map.edge.{k}" for k in mapview.EDGE_STYLES}
    used |= {f"map.mode.{k}" for k in ("community", "lead", "type", "region")}
    used |= {f"map.weight.{k}" for k in mapview.WEIGHTS} | {f"map.role.{k}" for k in ("all", "lead", "support", "responsible")}
    used |= {f"cmp.verdict.{k}" for k in ("taken up", "related", "not found")}
    used |= {f"cmp.nav.{k}" for k in ("plans", "targets", "profiles", "pairs", "themes", "tasks", "citations")}
    return used


def test_every_key_the_code_uses_is_in_the_table():
    used = _used_keys()
    table = set(i18n.strings("en"))
    assert len(used) > 100
    assert used - table == set()


def test_language_follows_the_plans_unless_asked():
    assert i18n.detect(["静海区落实《天津市科技创新三年行动计划》工作方案"]) == "zh"
    assert i18n.detect(["Science and technology plan 2021", "Action plan"]) == "en"
    assert i18n.resolve("auto", ["Action plan"]) == "en" and i18n.resolve("zh", ["Action plan"]) == "zh"
    with pytest.raises(ValueError):
        i18n.resolve("de", [])


def _chrome(html: str) -> str:
    """A map page without its data and scripts: the words of the page itself."""
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_page_in_each_language(ref_ttl, tmp_path, lang):
    G = gn.department_graph(ref_ttl)
    path = mapview.write_html(G, tmp_path / "m.html", lang=lang)
    html = path.read_text(encoding="utf-8")
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in html
    chrome = _chrome(html)
    title = G.graph["plans"][next(iter(G.graph["plans"]))]["title"]
    if lang == "en":
        assert not CJK.search(chrome.replace(title, "")), chrome
        assert "Find a department" in html and "Legend" in chrome
    else:
        assert "图例" in chrome and "Legend" not in chrome
    d = mapview.map_data(G, lang=lang)
    assert d["lang"] == lang and d["strings"] == mapview.page_strings(lang)
    notes = " ".join(d["legend"]["notes"])
    assert (CJK.search(notes) is None) == (lang == "en")
    assert d["title"].startswith("Departments working together" if lang == "en" else "部门协同网络")


def test_map_defaults_to_the_plans_language(ref_ttl):
    G = gn.department_graph(ref_ttl)
    assert mapview.map_data(G)["lang"] == "zh"
    for p in G.graph["plans"].values():
        p["title"] = "Science and technology innovation plan"
    assert mapview.map_data(G)["lang"] == "en"


def test_cli_lang_for_map_and_compare(tmp_path):
    from policykg.cli import main
    from policykg.build import build
    out = tmp_path / "out"
    build([REPO / "sources"], out, warn=lambda m: None)
    for lang, marker in (("en", '<html lang="en">'), ("zh", '<html lang="zh-CN">')):
        assert main(["map", str(out / "graph.ttl"), "--lang", lang, "-o", str(tmp_path / f"map-{lang}.html")]) == 0
        assert marker in (tmp_path / f"map-{lang}.html").read_text(encoding="utf-8")
        assert main(["compare", "--graph", str(out / "graph.ttl"), "--lang", lang, "-q", "-o", str(tmp_path / f"c-{lang}")]) == 0
        report = (tmp_path / f"c-{lang}" / "report.html").read_text(encoding="utf-8")
        assert report.startswith(f"<!DOCTYPE html><html lang={'en' if lang == 'en' else 'zh-CN'}>")
        heads = re.findall(r"<h2 id=\w+>([^<]*)", report)
        assert len(heads) == 7
        if lang == "en":
            assert heads[0] == "Plans" and not any(CJK.search(h) for h in heads)
        else:
            assert heads[0] == "规划" and all(CJK.search(h) for h in heads)
            # no English sentence of the report's own in the Chinese page (ids, levels' data and names aside)
            text = _chrome(re.sub(r'title="[^"]*"', "", report))
            words = {w for w in re.findall(r"[A-Za-z]{4,}", text)}
            assert words <= {"guowuyuan", "keji", "sannian", "excerpt", "binhai", "dongli", "tianjin", "jinghai",
                             "traditional", "policykg", "compare", "jieba", "sources"}, words
    # the build's own map follows --lang too
    assert main(["build", str(REPO / "sources"), "-o", str(tmp_path / "b"), "--lang", "en", "-q"]) == 0
    assert '<html lang="en">' in (tmp_path / "b" / "map.html").read_text(encoding="utf-8")


def test_the_network_report_speaks_from_the_same_table():
    from graph.analysis.report import COLUMNS, words
    for lang in i18n.LANGS:
        t, table = words(lang), i18n.strings(lang)
        assert t["title"] == table["net.title"] and t["sep"] == table["net.sep"]
        assert all(len(t[k]) == len(words("zh")[k]) > 1 for k in COLUMNS)  # the same columns in both
    assert words("zh")["plan_cols"][0] == "规划" and words("en")["sep"] == ", "

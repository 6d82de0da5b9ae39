"""Citations: 《titles》, 文号 in every bracket shape, publishers, and self-citation."""
from __future__ import annotations

import pytest

from extract.citations import OwnDocument, find_citations, find_numbers
from extract.normalize import normalize


def cites(text, title=None, number=None):
    return find_citations(text, normalize(text), OwnDocument([title] if title else [], [number] if number else []))


@pytest.mark.parametrize("printed,expected", [
    ("财税〔2018〕58号", "财税〔2018〕58号"),
    ("财税[2018]58号", "财税〔2018〕58号"),
    ("财税(2018)58号", "财税〔2018〕58号"),
    ("财税（2018）58号", "财税〔2018〕58号"),
    ("国家税务总局公告2018年第30号", "国家税务总局公告2018年第30号"),
    ("国令第707号", "国令第707号"),
    ("津滨政发〔2020〕32号", "津滨政发〔2020〕32号"),
])
def test_document_numbers(printed, expected):
    text = "按照" + printed + "文件要求执行。"
    (c,) = cites(text)
    assert c.number == expected
    assert c.title is None
    assert text[c.span[0]:c.span[1]].startswith(printed[:2])


def test_title_with_number_is_one_citation():
    text = "落实《财政部 税务总局 科技部关于提高研究开发费用税前加计扣除比例的通知》(财税〔2018〕99号)要求。"
    (c,) = cites(text)
    assert c.title == "财政部 税务总局 科技部关于提高研究开发费用税前加计扣除比例的通知"
    assert c.number == "财税〔2018〕99号"
    assert c.publishers == ["财政部", "税务总局", "科技部"]


def test_publishers_run_together():
    (c,) = cites("落实《财政部税务总局科技部关于企业委托境外研究开发费用税前加计扣除有关政策问题的通知》。")
    assert c.publishers == ["财政部", "税务总局", "科技部"]
    assert c.number is None


def test_own_title_and_number_not_cited():
    title = "静海区落实《天津市科技创新三年行动计划(2020-2022)》工作方案"
    text = "关于印发" + title + "的通知\n静科发〔2021〕5号\n落实《天津市科技创新三年行动计划(2020-2022)》。"
    cs = cites(text, title, "静科发〔2021〕5号")
    assert all(c.number != "静科发〔2021〕5号" for c in cs)
    assert all(c.title != title for c in cs)
    assert any(c.title == "天津市科技创新三年行动计划(2020-2022)" for c in cs)


def test_find_numbers_spans():
    text = "依据财税[2018]58号和国令第707号。"
    nums = find_numbers(text, normalize(text))
    assert [n for _, n in nums] == ["财税〔2018〕58号", "国令第707号"]


def test_reference_plan_implements(reference_record):
    assert "天津市科技创新三年行动计划" in (reference_record.info.implements or "")
    titles = [c.title for c in reference_record.citations if c.title]
    assert reference_record.info.title not in titles

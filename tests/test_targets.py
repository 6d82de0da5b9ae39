"""Quantified targets: values, units, comparators, normalisation and their tasks."""
from __future__ import annotations

from extract.normalize import normalize
from extract.targets import find_targets


def targets(text):
    return [(t.indicator, t.value, t.unit, t.comparator, t.normalized_value, t.base_unit)
            for t in find_targets(text, normalize(text), [])]


def test_jinghai_sentence():
    ts = find_targets(s := "到2022年,全区有效发明专利达到350件,研发投入强度达到3.2%,国家高新技术企业超过260家,"
                      "技术合同成交额达到26亿元。", normalize(s), [])
    got = [(t.indicator, t.value, t.unit, t.comparator, t.normalized_value, t.base_unit, t.year) for t in ts]
    assert got == [("全区有效发明专利", "350", "件", ">=", "350", "件", 2022),
                   ("研发投入强度", "3.2", "%", ">=", "3.2", "%", 2022),
                   ("国家高新技术企业", "260", "家", ">", "260", "家", 2022),
                   ("技术合同成交额", "26", "亿元", ">=", "2600000000", "元", 2022)]
    for t in ts:
        assert s[t.span[0]:t.span[1]]


def test_wan_multiplied_out():
    assert targets("专利授权量达到1.2万件") == [("专利授权量", "1.2", "万件", ">=", "12000", "件")]


def test_traditional_wan():
    assert targets("專利授權量達到4萬件") == [("專利授權量", "4", "萬件", ">=", "40000", "件")]


def test_chinese_numeral():
    (t,) = targets("新增十家市级企业技术中心")
    assert t[1] == "10" and t[2] == "家" and t[4] == "10"


def test_fenbie_daodao_list():
    assert targets("高新技术企业、科技型中小企业分别达到300家、500家") == [
        ("高新技术企业", "300", "家", ">=", "300", "家"),
        ("科技型中小企业", "500", "家", ">=", "500", "家")]


def test_reference_targets_linked_to_tasks(reference_record):
    r = reference_record
    by_value = {(t.value, t.unit): t for t in r.targets}
    for key in [("3.2", "%"), ("350", "件"), ("260", "家"), ("26", "亿元")]:
        assert key in by_value
    assert by_value[("260", "家")].comparator == ">"
    assert by_value[("26", "亿元")].normalized_value == "2600000000"
    for t in r.targets:
        if t.task is not None:
            task = r.tasks[t.task - 1]
            assert task.index == t.task
            assert task.span[0] <= t.span[0] < task.span[1]
    assert sum(t.task is not None for t in r.targets) >= len(r.targets) // 2

"""Named institutions: the reference plan's, and generic words that are not names."""
from __future__ import annotations

import pytest

from extract.institutions import find_institutions
from extract.normalize import norm_key, normalize

GOLD = ["天津中医药大学", "中国医学科学院血液病研究所", "天津协和博精医学诊断技术有限公司", "中国中医科学院天津分院",
        "中国医学科学院天津分院", "组分中药国家重点实验室", "天津中医药大学科技园"]


def test_gold_institutions_found(reference_record):
    names = {i.name for i in reference_record.institutions} | {a for i in reference_record.institutions
                                                             for a in i.aliases}
    missing = [g for g in GOLD if g not in names]
    assert missing == []


def test_institution_spans_are_source_slices(reference_record):
    r = reference_record
    for inst in r.institutions:
        assert inst.spans
        for s, e in inst.spans:
            assert norm_key(r.text[s:e]) in {norm_key(x) for x in [inst.name] + inst.aliases}


@pytest.mark.parametrize("word", ["企业", "高校", "科研院所", "大学科技园", "联合实验室"])
def test_generic_words_not_institutions(word):
    text = f"支持{word}与{word}开展合作,鼓励{word}建设研发平台。"
    assert [i.name for i in find_institutions(text, normalize(text), [])] == []


def test_named_university_in_sentence():
    text = "支持天津中医药大学与静海区企业共建联合实验室。"
    names = [i.name for i in find_institutions(text, normalize(text), [])]
    assert names == ["天津中医药大学"]

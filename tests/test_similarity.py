"""Task matching (graph/compare/similarity.py) checked on pairs judged by hand.

The texts are the tasks of the Tianjin plans as printed (sources/, same as the shared corpus): the
city plan 天津市科技创新三年行动计划 (an excerpt, traditional characters: its two 工作目標),
静海区's complete implementation plan, and the first part of 东丽区's plan. The idf is fitted, as in
``policykg compare``, on all tasks of these plans. Each pair carries the reason for the judgement.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.compare import similarity as sim

REPO = Path(__file__).resolve().parents[1]
TIANJIN_FILES = ["tianjin-2020-keji-sannian-excerpt-traditional.txt", "jinghai-2021-keji-sannian.txt",
                 "dongli-2021-keji-sannian-excerpt.txt", "binhai-2020-keji-sannian-excerpt.txt"]

# the city plan (traditional characters, as served): its 工作目標 are two paragraphs, two tasks
CITY_GOAL_1 = ("科技創新能力明顯增強。到2022年,全社會研發投入強度力爭達到3.2%以上;全市有效發明專利達到4萬件;新建重大創新"
               "平臺和科技基礎設施8個左右,組織實施10個左右重大科技創新專項,突破一批“卡脖子”關鍵核心技術。")
CITY_GOAL_2 = ("科技成果轉化能力明顯提升。到2022年,全市高新技術企業總量突破9000家,“雛鷹”企業、“瞪羚”企業、科技領軍(領軍"
               "培育)企業分別達到3500家、350家和250家,“獨角獸”企業達到6家。全市技術合同成交額達到1400億元,占GDP比重位居"
               "全國前列。力爭新建5家市級大學科技園,2家獲批國家級大學科技園。")
# 滨海新区 (the excerpt ends inside its first goal)
BINHAI_1 = "科技创新能力明显增强。到2022年,全社会研发投入强度力争达到3.4%以上;全区有效发明专利达到1.2万件;新建"
# 东丽区
DONGLI_1 = "科技创新能力明显增强。到2022年,全社会研发投入强度力争达到3.2%以上;全区有效发明专利达到2000件。"
DONGLI_2 = "科技成果转化能力明显提升。到2022年,全区高新技术企业总量达到500家"
# 静海区
JINGHAI_1 = "科技创新能力明显增强。全社会研发投入强度力争达到3.2%以上"
JINGHAI_2 = "全区有效发明专利达到350件"
JINGHAI_3 = ("科技成果转化能力明显提升。全区国家高新技术企业总量突破260 家,雏鹰企业新增51家,瞪羚企业新增27家,科技领军"
             "(领军培育)企业累计达到12家。全区技术合同交易额达到26亿元")
JINGHAI_PARK = "建立健全大学科技园建设体制机制。探索“多校一园”建设模式。推动校区、园区、社区三区协同发展"
JINGHAI_HIGHTECH = ("大力培养高新技术企业。推动高新技术企业培育库与企业登记信息库、知识产权数据库多库联动,构建遴选、入库、"
                    "培育、认定“四个一批”工作机制。对首次认定、整体迁入、再认定、入库培育企业给予财政奖励")
JINGHAI_AUDIT = ("落实尽职免责制度,对科技成果转化过程中存在的问题进行综合研判,对履职尽责人员坚持“三个区分开来”原则,"
                 "依规进行审计容错纠错免责认定")
JINGHAI_SKILLS = "支持企业申请备案职业技能等级自主评级机构,开展职业技能等级认定工作"
JINGHAI_PLEDGE = "鼓励企业进行知识产权质押贷款,落实市知识产权局知识产权质押贷款评估费用补贴政策"
JINGHAI_BROKERS = "构建高水平技术转移体系。推动工程技术系列经纪人专业职称申报,打造一支技术转移专业技术队伍"
JINGHAI_FUND = ("充分发挥静海区产业发展母基金作用,扶持符合我区产业发展方向的早期科技型企业及重大产业项目的招商落地;突出科技"
                "母基金市场化运作优点,合理利用政府财政资金的引导作用,促进产业升级和发展。积极利用重点上市企业资源库,对入库"
                "企业培育期间产生的上市费用、贷款利息、贷款担保费用等给予的补贴,“一企一策”服务培育企业")
JINGHAI_INTEGRITY = "优化创新环境培养创新文化。推进科研诚信体系建设。推进全域科普,在全社会营造崇尚科学、鼓励创新的良好氛围"

# (a, b, why): a person reading the plans says these correspond
CORRESPOND = [
    (CITY_GOAL_1, JINGHAI_1, "same goal (科技创新能力明显增强) and the same 研发投入强度 target of 3.2%"),
    (CITY_GOAL_1, JINGHAI_2, "静海区's part of the city's 有效发明专利 target (350 of 4万件)"),
    (CITY_GOAL_2, JINGHAI_3, "same goal (科技成果转化能力明显提升), the same enterprise counts and 技术合同 value"),
    (CITY_GOAL_1, DONGLI_1, "东丽区 restates the city's first goal with its own numbers"),
    (CITY_GOAL_2, DONGLI_2, "东丽区 restates the city's second goal (高新技术企业总量)"),
    (CITY_GOAL_1, BINHAI_1, "滨海新区 restates the city's first goal with its own numbers (3.4%, 1.2万件)"),
    (CITY_GOAL_2, JINGHAI_PARK, "the city's new 大学科技园 target; 静海区 builds its university science park"),
    (DONGLI_2, JINGHAI_HIGHTECH, "a count of 高新技术企业 and the measure that grows it"),
    (DONGLI_1, JINGHAI_1, "two districts, the same goal sentence"),
]
# (a, b, why): clearly not the same work
UNRELATED = [
    (CITY_GOAL_1, JINGHAI_PLEDGE, "R&D, patent and platform targets vs a loan-appraisal subsidy"),
    (CITY_GOAL_1, JINGHAI_BROKERS, "R&D, patent and platform targets vs professional titles for technology brokers"),
    (CITY_GOAL_1, JINGHAI_AUDIT, "innovation targets vs audit leniency for officials"),
    (CITY_GOAL_2, JINGHAI_SKILLS, "enterprise and contract targets vs vocational skill rating bodies"),
    (DONGLI_1, JINGHAI_FUND, "R&D and patent targets vs an industrial guidance fund"),
    (DONGLI_2, JINGHAI_INTEGRITY, "high-tech enterprise count vs research integrity and popular science"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    """Every task text of the Tianjin plans, built from sources/ as `policykg build` does."""
    from policykg.build import build

    from graph.stores.store import load_graph
    from graph.model.vocab import POL

    out = tmp_path_factory.mktemp("tj")
    build([REPO / "sources" / f for f in TIANJIN_FILES], out)
    g = load_graph(out / "graph.ttl")
    return sorted(str(o) for o in g.objects(None, POL.text))


def _score(a: str, b: str, corpus: list[str]) -> float:
    return sim.score_pair(a, b, corpus)


def test_hand_pairs_are_texts_of_the_corpus(corpus):
    """The judged texts are tasks the extractor really produces (else the test judges fiction)."""
    texts = set(corpus)
    for a, b, _ in CORRESPOND + UNRELATED:
        for t in (a, b):
            assert t in texts or t.replace("\n", "") in {x.replace("\n", "") for x in texts}, t[:30]


@pytest.mark.parametrize("a,b,why", CORRESPOND, ids=[w for _, _, w in CORRESPOND])
def test_corresponding_tasks_are_taken_up(a, b, why, corpus):
    s = _score(a, b, corpus)
    assert s >= sim.TAKEN_UP, f"{s:.3f} < {sim.TAKEN_UP}: {why}"
    assert sim.verdict(s) == "taken up"


@pytest.mark.parametrize("a,b,why", UNRELATED, ids=[w for _, _, w in UNRELATED])
def test_unrelated_tasks_are_not_found(a, b, why, corpus):
    s = _score(a, b, corpus)
    assert s < sim.RELATED, f"{s:.3f} >= {sim.RELATED}: {why}"
    assert sim.verdict(s) == "not found"


def test_margin_between_judged_groups(corpus):
    """The thresholds sit in a real gap: every judged match beats every judged non-match by a margin."""
    lo = min(_score(a, b, corpus) for a, b, _ in CORRESPOND)
    hi = max(_score(a, b, corpus) for a, b, _ in UNRELATED)
    assert lo - hi > 0.15, (lo, hi)


def test_best_match_of_each_district_task(corpus):
    """Among all 静海区 tasks, the best match of each 东丽区 goal is the same goal in 静海区."""
    jinghai = [t for t in corpus if t not in (DONGLI_1, DONGLI_2, CITY_GOAL_1, CITY_GOAL_2, BINHAI_1)]
    jinghai = [(str(i), t) for i, t in enumerate(jinghai)]
    ms = sim.best_matches([("d1", DONGLI_1), ("d2", DONGLI_2)], jinghai, k=1, corpus=corpus)
    best = {m.parent: dict(jinghai)[m.child] for m in ms}
    assert best["d1"] == JINGHAI_1
    assert best["d2"] == JINGHAI_3


def test_script_and_width_do_not_matter():
    trad = "全市有效發明專利達到4萬件"
    simp = "全市有效发明专利达到4万件"
    assert sim.score_pair(trad, simp) == pytest.approx(1.0)
    assert sim.score_pair("科技创新能力明显增强", "科技创新能力明显增强") == pytest.approx(1.0)


def test_score_is_symmetric_and_bounded(corpus):
    s = sim.Similarity([CITY_GOAL_1, JINGHAI_2, JINGHAI_AUDIT, "", *corpus])
    for i in range(3):
        for j in range(3):
            assert s.score(i, j) == s.score(j, i)
            assert 0 <= s.score(i, j) <= 1.0001
    assert s.score(0, 3) == 0  # an empty text matches nothing


def test_words_drop_stopwords_numbers_and_single_characters():
    ws = sim.words("积极推进全区有效发明专利达到350件")
    assert "积极" not in ws and "推进" not in ws and "350" not in ws and "件" not in ws
    assert "发明专利" in ws


def test_private_tokenizer_not_global():
    import jieba

    assert sim.tokenizer() is not jieba.dt
    assert isinstance(sim.tokenizer(), jieba.Tokenizer)


def test_stopwords_are_a_data_file():
    assert (sim.ASSETS / "stopwords.txt").is_file()
    assert "推进" in sim.stopwords() and "#" not in "".join(sim.stopwords())

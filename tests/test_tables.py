"""Task tables written as text: each form plans reach us in, real plans' sentences, and text that is no table.

Forms (issue 15): one cell per line; one row per line (spaces, tabs, ``|``); rows grouped under headings;
a person column beside the unit column; a 列第一位 rule stated once, traditional script; 责任单位 on the
line after its task. The rows are sentences of the corpus (the tables of ``corpus/tables/``, the State
Council documents, the reference plan) laid out as these tables lay them out.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.normalize import normalize
from extract.tables import align, header_kind, header_words, read_tables

DATA = Path(__file__).parent / "data"
SUZHOU = "suzhou-2011-zhengfu-gongzuo-renwu-fenjiebiao.txt"
GWY2016 = "guowuyuan-2016-gongzuo-baogao-lianghua-zhibiao-fengong.txt"
KINDS = {"position", "name", "task", "lead", "support", "responsible", "plain", "person", "deadline", "scope",
         "other"}


def roles(record):
    """[[(department label, role), ...] per task with departments], in document order."""
    label = {d.key: d.label for d in record.departments}
    return [[(label[k], role) for k, role in t.departments] for t in record.tasks if t.departments]


def tasks_with_departments(record):
    return [t for t in record.tasks if t.departments]


# --- the header vocabulary ---------------------------------------------------------------------------


def test_header_vocabulary_is_data_with_known_kinds():
    words = header_words()
    assert len(words) > 50
    assert set(words.values()) <= KINDS
    assert words["工作任务"] == "task" and words["主要责任单位"] == "lead" and words["配合单位"] == "support"


@pytest.mark.parametrize("cell,kind", [
    ("序号", "position"), ("序 号|", "position"), ("名称", "name"), ("工 作 任 务", "task"), ("主 要 内 容", "task"),
    ("改革举措", "task"), ("具体措施", "task"), ("主要责任单位|", "lead"), ("牵头负责部门", "lead"),
    ("責任單位", "responsible"), ("指导部门", "responsible"), ("协同配合单位", "support"), ("责任领导", "person"),
    ("分管领导", "person"), ("完成时限：", "deadline"), ("时间节点", "deadline"), ("推广范围", "scope"),
])
def test_header_words(cell, kind):
    assert header_kind(cell) == kind


@pytest.mark.parametrize("cell", ["苏州市2011年政府工作任务分解表", "一、重点任务", "各有关部门", "市发改委", "2021年底", ""])
def test_not_header_words(cell):
    assert header_kind(cell) is None


# --- form 1: one cell per line -----------------------------------------------------------------------


def test_one_cell_per_line_real_table(tables_dir, extractor):
    """苏州市 2011: 序号 / 名称 / 工作任务 / 主要责任单位 each on a line, a group heading before the rows."""
    from extract.manifest import read_manifest
    from extract.reading import read_source
    row = read_manifest(tables_dir / "manifest.csv")[SUZHOU]
    r = extractor(read_source(tables_dir / SUZHOU), row)
    ts = tasks_with_departments(r)
    assert [t.text for t in ts][:2] == ["地区生产总值增长12%", "地方财政一般预算收入增长12%以上"]
    assert len(ts) == 8 and sum(len(t.departments) for t in ts) == 17
    assert all(role == "lead" for t in ts for _, role in t.departments)  # 主要责任单位
    assert [t.marker for t in ts][:3] == ["1", "2", "3"]
    assert not any("预期目标分解" in t.text for t in r.tasks)  # the group heading is no task
    labels = {d.label: d.aliases for d in r.departments}
    assert "发改委" in labels["市发改委"]  # 市经信委、发改委: the bare name is the city's commission


ONE_CELL = ("某市2021年政府工作任务分解表\n序号|\n工作任务|\n牵头单位|\n配合单位|\n"
            "1\n深化“放管服”改革，压缩企业开办时间至2个工作日\n市行政审批局\n市市场监管局、市税务局\n"
            "2\n推进政务服务“一网通办”，\n政务服务事项网上可办率达到95%以上\n市大数据局\n"
            "3\n新建5G基站2000个\n市工信局\n市住建局\n")


def test_one_cell_per_line_multiline_and_missing_cells(extract_text):
    r = extract_text(ONE_CELL)
    assert roles(r) == [[("市行政审批局", "lead"), ("市市场监管局", "support"), ("市税务局", "support")],
                        [("市大数据局", "lead")],  # a cell over two lines, the 配合单位 cell empty
                        [("市工信局", "lead"), ("市住建局", "support")]]
    assert tasks_with_departments(r)[1].text == "推进政务服务“一网通办”，\n政务服务事项网上可办率达到95%以上"


def test_html_table_guidance_column_and_spanning_headings(guowuyuan, extractor):
    """State Council document 10: a 推广清单 whose 指导部门 names who answers for each row; its group headings
    span the row (repeated in every column by the HTML reader)."""
    from extract.reading import read_source
    r = extractor(read_source(guowuyuan / "10.html"))
    ts = tasks_with_departments(r)
    assert len(ts) == 17 and sum(len(t.departments) for t in ts) == 43
    assert all(role == "plain" for t in ts for _, role in t.departments)  # no 牵头, no 列第一位
    assert ts[0].text.startswith("知识产权民事、刑事、行政案件“三合一”审判\t整合分散的审判资源")
    labels = {d.label for d in r.departments}
    assert {"中国银保监会", "中科院", "最高人民法院"} <= labels
    assert not labels & {"全国", "8个改革试验区域"}  # 推广范围 is scope
    assert not any(t.text.startswith(("一、", "二、")) for t in ts)


# --- form 2: one row per line ------------------------------------------------------------------------


SPACED = ("苏州市2011年政府工作任务分解表\n序号  工作任务  责任单位\n"
          "1  地区生产总值增长12%  市发改委、统计局\n"
          "2  全社会固定资产投资额550亿元,新开工重大项目100个  发改委、经信委、科技局\n"
          "3  进出口总额增长10%  商务局、苏州海关\n")


def test_one_row_per_line_bare_trailing_departments(extract_text):
    r = extract_text(SPACED)
    assert roles(r) == [[("市发改委", "plain"), ("统计局", "plain")],
                        [("市发改委", "plain"), ("经信委", "plain"), ("科技局", "plain")],
                        [("商务局", "plain"), ("苏州海关", "plain")]]
    assert [t.text for t in tasks_with_departments(r)][1] == "全社会固定资产投资额550亿元,新开工重大项目100个"
    dev = next(d for d in r.departments if d.label == "市发改委")
    assert dev.region == "苏州市" and "发改委" in dev.aliases


def test_one_row_per_line_single_spaces_real_table(tables_dir, extractor):
    """国务院办公厅 2016: ``序号 工 作 任 务 牵头负责部门``, then ``1 居民消费价格涨幅3%左右 发展改革委``."""
    from extract.manifest import read_manifest
    from extract.reading import read_source
    row = read_manifest(tables_dir / "manifest.csv")[GWY2016]
    r = extractor(read_source(tables_dir / GWY2016), row)
    ts = tasks_with_departments(r)
    assert len(ts) == 9
    assert ts[0].text == "居民消费价格涨幅3%左右" and ts[0].marker == "1"
    assert roles(r)[0] == [("发展改革委", "lead")]
    cut = next(t for t in r.tasks if t.text.startswith("中央预算内投资"))  # its department cell is cut off
    assert cut.departments == [] and cut.marker == "10"
    assert sum("中央预算内投资" in t.text for t in r.tasks) == 1  # the row is one task, never also a paragraph


def test_numbered_rows_without_header(extract_text):
    """Form 2 as pages often keep it: the header lost, each row a number, its task and its departments."""
    r = extract_text("苏州市2011年政府工作任务\n一、经济社会发展主要预期目标\n"
                     "6 社会消费品零售总额增长17% 商务局、统计局\n"
                     "7 全社会固定资产投资额550亿元,新开工重大项目100个 发改委、经信委、科技局\n"
                     "二、重点工作\n1. 加快建设创新平台，支持企业建立研发机构 市科技局 2011年底\n"
                     "2. 完善科技金融服务体系 市金融局、人行苏州中心支行 2011年12月\n")
    ts = tasks_with_departments(r)
    assert [t.text for t in ts] == ["社会消费品零售总额增长17%", "全社会固定资产投资额550亿元,新开工重大项目100个",
                                    "加快建设创新平台，支持企业建立研发机构", "完善科技金融服务体系"]
    assert [t.deadline for t in ts][2:] == ["2011年底", "2011年12月"]
    assert roles(r)[3] == [("市金融局", "plain"), ("人行苏州中心支行", "plain")]


def test_numbered_prose_ending_in_a_department_is_not_a_row(extract_text):
    r = extract_text("静海区科技创新工作方案\n一、重点任务\n1. 加快建设创新平台，支持企业建立研发机构。\n"
                     "2. 完善科技金融服务体系，由区金融局统筹。\n")
    assert roles(r) == []


def test_labelled_unit_cells(extract_text):
    r = extract_text("某市2021年重点任务分工\n序号\t重点任务\t责任单位\t完成时限\n"
                     "1\t深化“放管服”改革，压缩企业开办时间至2个工作日\t牵头单位：市行政审批局；配合单位：市市场监管局、市税务局\t2021年6月\n"
                     "2\t推进政务服务“一网通办”\t市大数据局（牵头）、市行政审批局\t2021年底\n"
                     "3\t新建5G基站2000个\t市工信局牵头，市住建局配合\t2021年底\n"
                     "4\t推进全域科普\t市科协；市科技局\t长期\n")
    assert roles(r) == [[("市行政审批局", "lead"), ("市市场监管局", "support"), ("市税务局", "support")],
                        [("市大数据局", "lead"), ("市行政审批局", "support")],
                        [("市工信局", "lead"), ("市住建局", "support")], [("市科协", "plain"), ("市科技局", "plain")]]


@pytest.mark.parametrize("unit", ["市妇联", "市残联", "中国银保监会", "市消防救援支队", "市供销社", "团市委"])
def test_bare_unit_cells_by_suffix(extract_text, unit):
    r = extract_text("某市2021年重点任务分工\n序号\t重点任务\t责任单位\n"
                     f"1\t推进全域科普，在全社会营造崇尚科学、鼓励创新的良好氛围\t{unit}、市科协\n")
    assert roles(r) == [[(unit, "plain"), ("市科协", "plain")]]


TABBED = ("苏州市2011年政府工作任务分解表\n序号\t工作任务\t责任单位\t完成时限\n"
          "1\t地区生产总值增长12%\t市发改委、统计局\t2011年12月\n"
          "2\t社会消费品零售总额增长17%\t商务局、统计局\t\n"
          "3\t进出口总额增长10%\t商务局、苏州海关\t全年\n")


def test_tab_separated_rows_keep_deadlines(extract_text):
    r = extract_text(TABBED)
    ts = tasks_with_departments(r)
    assert [t.text for t in ts] == ["地区生产总值增长12%", "社会消费品零售总额增长17%", "进出口总额增长10%"]
    assert [t.deadline for t in ts] == ["2011年12月", None, "全年"]
    assert not any("2011年12月" in d.label for d in r.departments)


def test_reader_tables_merged_cells_repeated(extract_text):
    """What the DOCX/XLSX readers hand over: a merged 类别 cell repeated in every row it covers."""
    r = extract_text("国务院2019年重点工作分工\n序号\t类别\t重点任务\t牵头单位\t配合单位\n"
                     "1\t金融开放\t允许自贸试验区内银行业金融机构按相关规定向台湾地区金融同业跨境拆出短期人民币资金\t人民银行\t外汇局\n"
                     "2\t金融开放\t允许自贸试验区创新推出与国际接轨的税收服务举措\t税务总局\t\n")
    assert roles(r) == [[("人民银行", "lead"), ("外汇局", "support")], [("税务总局", "lead")]]
    assert not any(t.text.startswith("金融开放") for t in r.tasks)


def test_reader_table_without_numbers_header_repeated_on_a_new_page(extract_text):
    r = extract_text("某市2021年重点任务分工\n类别\t重点任务\t牵头单位\t配合单位\n"
                     "营商环境\t深化“放管服”改革，压缩企业开办时间至2个工作日\t市行政审批局\t市市场监管局、市税务局\n"
                     "营商环境\t推进政务服务“一网通办”\t\t市大数据局\n"
                     "类别\t重点任务\t牵头单位\t配合单位\n"
                     "数字经济\t新建5G基站2000个\t市工信局\t市住建局\n")
    assert roles(r) == [[("市行政审批局", "lead"), ("市市场监管局", "support"), ("市税务局", "support")],
                        [("市大数据局", "support")], [("市工信局", "lead"), ("市住建局", "support")]]
    assert not any(t.text == "重点任务" for t in r.tasks)


def test_html_table_rows_tab_separated(extractor):
    from extract.reading import read_bytes
    html = ("<html><body><p>国务院办公厅关于体育竞赛表演产业重点任务分工的通知</p><table>"
            "<tr><th>序号</th><th>重点任务</th><th>责任单位</th></tr>"
            "<tr><td>1</td><td>大力发展职业赛事。着力发展足球、篮球、排球等职业联赛</td><td>体育总局、人力资源社会保障部</td></tr>"
            "<tr><td>2</td><td>培育中介机构。积极发展体育竞赛表演行业组织</td><td>体育总局、民政部</td></tr>"
            "</table></body></html>")
    r = extractor(read_bytes(html.encode("utf-8"), "plan.html"))
    assert roles(r) == [[("体育总局", "plain"), ("人力资源社会保障部", "plain")],
                        [("体育总局", "plain"), ("民政部", "plain")]]


# --- form 3: rows grouped under headings, quantified goals as tasks --------------------------------------


GROUPED = ("苏州市2011年政府工作任务分解表\n序号 名称 工作任务 主要责任单位\n"
           "一、经济社会发展主要预期目标分解(2项)\n"
           "1 地区生产总值 地区生产总值增长12% 市发改委、统计局\n"
           "2 服务业 服务业增加值占地区生产总值的比重提高1.5个百分点 市发改委、统计局\n"
           "二、重点工作任务(1项)\n"
           "3 外贸 进出口总额增长10% 市商务局、苏州海关\n")


def test_rows_grouped_under_headings(extract_text):
    r = extract_text(GROUPED)
    ts = tasks_with_departments(r)
    assert [t.text for t in ts] == ["地区生产总值增长12%", "服务业增加值占地区生产总值的比重提高1.5个百分点", "进出口总额增长10%"]
    assert all(role == "lead" for t in ts for _, role in t.departments)


def test_numbering_starts_again_under_each_heading(extract_text):
    r = extract_text("苏州市2011年政府工作任务分解表\n序号\n名称\n工作任务\n主要责任单位\n"
                     "一、经济社会发展主要预期目标分解(2项)\n1\n地区生产总值\n地区生产总值增长12%\n市发改委、统计局\n"
                     "2\n财政收入\n地方财政一般预算收入增长12%以上\n市财政局、国税局、\n地税局\n"
                     "二、工作任务分解(1项)\n1\n新兴产业\n新兴产业产值占规模以上工业总产值的比重提高5个百分点\n市经信委、发改委\n")
    assert [(t.marker, t.text) for t in tasks_with_departments(r)] == [
        ("1", "地区生产总值增长12%"), ("2", "地方财政一般预算收入增长12%以上"),
        ("1", "新兴产业产值占规模以上工业总产值的比重提高5个百分点")]
    assert roles(r)[1] == [("市财政局", "lead"), ("国税局", "lead"), ("地税局", "lead")]  # a cell over two lines


def test_targets_of_a_row_are_linked_to_its_task(extract_text):
    r = extract_text(GROUPED)
    by_index = {t.index: t for t in r.tasks}
    got = [(t.indicator, t.value, t.unit, by_index[t.task].text) for t in r.targets if t.task]
    assert ("地区生产总值", "12", "%", "地区生产总值增长12%") in got
    assert ("进出口总额", "10", "%", "进出口总额增长10%") in got
    assert all(not t.indicator.startswith(("1 ", "3 外贸")) for t in r.targets)  # never across a cell


def test_indicator_table_name_says_what_the_figure_measures(extract_text):
    """序号 | 指标 | 2021年目标 | 责任单位: the short goal cell is read with its indicator's name."""
    r = extract_text("某市2021年经济社会发展主要指标任务分解\n序号\t指标\t2021年目标\t责任单位\n"
                     "1\t地区生产总值\t增长7%\t市发改委、市统计局\n"
                     "2\t一般公共预算收入\t增长5%以上\t市财政局、市税务局\n")
    ts = tasks_with_departments(r)
    assert [t.text for t in ts] == ["地区生产总值\t增长7%", "一般公共预算收入\t增长5%以上"]
    by_index = {t.index: t for t in r.tasks}
    assert [(t.indicator, t.value, by_index[t.task].text) for t in r.targets] == [
        ("地区生产总值", "7", "地区生产总值\t增长7%"), ("一般公共预算收入", "5", "一般公共预算收入\t增长5%以上")]


# --- form 4: a person column beside the unit column -----------------------------------------------------


def test_person_column_is_never_a_department(extract_text):
    r = extract_text("静海区2021年政府工作报告重点任务分解表\n序号 | 工作任务 | 责任领导 | 责任单位 | 完成时限\n"
                     "1 | 优化技术创新平台布局，培育建设企业重点实验室等研发平台 | 张志刚 | 区科技局、区工信局 | 2021年底\n"
                     "2 | 优化科技人才发展生态，优化整合市、区两级人才工作政策 | 副区长 王明 | 区人社局、区委组织部 | 长期\n"
                     "3 | 推进全域科普，在全社会营造崇尚科学、鼓励创新的良好氛围 | 李  平 | 区科协 | 2021年12月\n")
    assert roles(r) == [[("区科技局", "plain"), ("区工信局", "plain")], [("区人社局", "plain"), ("区委组织部", "plain")],
                        [("区科协", "plain")]]
    labels = " ".join(d.label for d in r.departments)
    assert "张志刚" not in labels and "区长" not in labels and "李" not in labels


def test_person_column_spaced_rows(extract_text):
    r = extract_text("静海区2021年重点任务分解表\n序号  重点任务  责任领导  牵头单位  配合单位\n"
                     "1  推进科研诚信体系建设  副区长  区科协  区科技局\n"
                     "2  以生物技术赋能生物医药、智能制造为重点,加强技术研发  王  明  区科技局  合作示范区管委会\n")
    assert roles(r) == [[("区科协", "lead"), ("区科技局", "support")], [("区科技局", "lead"), ("合作示范区管委会", "support")]]


# --- form 5: a 列第一位 rule in the preamble; traditional script -------------------------------------------


TRADITIONAL = ("天津市2021年重點工作任務分工\n各區人民政府，市政府各委、局：\n"
               "現將重點工作任務分工印發給你們。責任單位中列第一位者為牽頭單位。\n"
               "序號\n工作任務\n責任單位\n完成時限\n"
               "1\n優化技術創新平台佈局，培育建設企業重點實驗室等研發平台\n市科技局、市工業和信息化局\n2021年底\n"
               "2\n推進全域科普，在全社會營造崇尚科學、鼓勵創新的良好氛圍\n市科協、市科技局、市教委\n長期堅持\n")


def test_first_listed_rule_and_traditional_script(extract_text):
    r = extract_text(TRADITIONAL)
    assert roles(r) == [[("市科技局", "lead"), ("市工業和信息化局", "plain")],
                        [("市科協", "lead"), ("市科技局", "plain"), ("市教委", "plain")]]
    assert r.conventions == ["first-listed-leads"]
    assert [t.deadline for t in tasks_with_departments(r)] == ["2021年底", "長期堅持"]


def test_no_rule_no_lead_in_responsible_column(extract_text):
    r = extract_text(TRADITIONAL.replace("責任單位中列第一位者為牽頭單位。", ""))
    assert all(role == "plain" for t in r.tasks for _, role in t.departments)


# --- form 6: 责任单位 on the line after its task -------------------------------------------------------


def test_unit_line_after_unnumbered_task(extract_text):
    r = extract_text("苏州市2021年重点工作任务分工方案\n加快建设创新平台，支持企业建立研发机构。\n责任单位：市科技局、市发改委\n"
                     "完善科技金融服务体系，新增科技贷款50亿元。\n\n责任单位：市金融局\n")
    assert [t.text for t in tasks_with_departments(r)] == ["加快建设创新平台，支持企业建立研发机构。",
                                                             "完善科技金融服务体系，新增科技贷款50亿元。"]
    assert roles(r) == [[("市科技局", "plain"), ("市发改委", "plain")], [("市金融局", "plain")]]
    assert r.targets[0].task == tasks_with_departments(r)[1].index


def test_unit_lines_after_task_with_lead_and_support(extract_text):
    r = extract_text("苏州市2021年重点工作任务分工方案\n深化“放管服”改革，压缩企业开办时间至2个工作日。\n"
                     "牵头单位：市行政审批局\n配合单位：市市场监管局、市税务局\n推进政务服务“一网通办”。\n责任单位：市大数据局\n")
    assert roles(r) == [[("市行政审批局", "lead"), ("市市场监管局", "support"), ("市税务局", "support")],
                        [("市大数据局", "plain")]]


def test_unit_label_alone_departments_on_next_line(extract_text):
    r = extract_text("苏州市2021年重点工作任务分工方案\n加快建设创新平台，支持企业建立研发机构。\n责任单位：\n市科技局、市发改委\n"
                     "完成时限：2021年底\n完善科技金融服务体系，新增科技贷款50亿元。\n牵头单位：\n市金融局\n配合单位：\n人行苏州中心支行\n")
    assert roles(r) == [[("市科技局", "plain"), ("市发改委", "plain")], [("市金融局", "lead"), ("人行苏州中心支行", "support")]]
    assert tasks_with_departments(r)[1].text == "完善科技金融服务体系，新增科技贷款50亿元。"


def test_unit_label_alone_never_takes_a_sentence(extract_text):
    r = extract_text("静海区科技创新工作方案\n一、保障措施\n（一）加强组织领导。\n责任单位：\n区科技局、区发改委要加强协调配合。\n")
    assert roles(r) == []


# --- headers the vocabulary only partly knows ----------------------------------------------------------


def test_header_note_states_the_first_listed_rule(extract_text):
    r = extract_text("国务院2019年重点工作分工\n序号\t重点任务\t责任单位（列第一位者为牵头单位）\t完成时限（年月）\t备注\n"
                     "1\t允许自贸试验区内银行业金融机构按相关规定为境外机构办理人民币衍生产品等业务\t人民银行、外汇局、银保监会\t2019年12月\t已部署\n"
                     "2\t允许自贸试验区创新推出与国际接轨的税收服务举措\t税务总局\t持续推进\t\n")
    assert roles(r) == [[("人民银行", "lead"), ("外汇局", "plain"), ("银保监会", "plain")], [("税务总局", "lead")]]
    assert [t.deadline for t in tasks_with_departments(r)] == ["2019年12月", "持续推进"]


@pytest.mark.parametrize("header", ["序号\n工作任务\n进展情况\n牵头单位\n", "序号 工作任务 2021年进度 牵头单位\n"],
                         ids=["one-cell-per-line", "single-spaces"])
def test_one_unknown_column_between_known_ones(extract_text, header):
    body = ("1\n推进科研诚信体系建设\n已启动\n区科协\n2\n推进全域科普\n持续推进\n区科技局\n" if "\n工作任务" in header
            else "1 推进科研诚信体系建设 已启动 区科协\n2 推进全域科普 持续推进 区科技局\n")
    r = extract_text("静海区2021年重点任务分解表\n" + header + body)
    assert roles(r) == [[("区科协", "lead")], [("区科技局", "lead")]]
    assert [t.text for t in tasks_with_departments(r)] == ["推进科研诚信体系建设", "推进全域科普"]


@pytest.mark.parametrize("header", ["序号\n工作安排\n责任单位\n完成时间\n", "序号\t工作安排\t责任单位\t完成时间\n",
                                    "序号\n工作项目\n责任单位\n完成时间\n"], ids=["cells", "tabs", "name-pattern"])
def test_unknown_column_is_the_work_when_no_other_is(extract_text, header):
    rows = [("1", "推进科研诚信体系建设", "县科协", "2021年底"), ("2", "推进全域科普", "县科技局", "长期")]
    sep = "\t" if "\t" in header else "\n"
    r = extract_text("某县2021年重点工作任务分解表\n" + header + "".join(sep.join(c) + "\n" for c in rows))
    assert [(t.text, t.deadline) for t in tasks_with_departments(r)] == [("推进科研诚信体系建设", "2021年底"), ("推进全域科普", "长期")]
    assert roles(r) == [[("县科协", "plain")], [("县科技局", "plain")]]


@pytest.mark.parametrize("body", [
    "1.加快建设创新平台(牵头领导:张三;牵头单位:区科技局;责任单位:区财政局;完成时限:2022年12月)。\n",
    "1.加快建设创新平台。\n【牵头单位】区科技局\n【完成时限】2022年12月\n",
    "1.加快建设创新平台。\n牵头单位：区科技局\n时间节点：2022年12月\n",
], ids=["inline", "bracketed-lines", "lines"])
def test_deadline_labels_outside_tables(extract_text, body):
    r = extract_text("静海区科技创新工作方案\n一、重点任务\n" + body)
    (task,) = tasks_with_departments(r)
    assert task.deadline == "2022年12月" and task.text.startswith("加快建设创新平台")


# --- fitting cells to columns -----------------------------------------------------------------------------


def _cells(text: str) -> tuple[str, list[tuple[int, int]]]:
    norm, out, pos = normalize(text), [], 0
    for part in text.split("\n"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 1
    return norm, out


def test_align_empty_and_joined_cells():
    norm, cells = _cells("3\n新建5G基站2000个，\n实现重点区域全覆盖\n市工信局")
    got = align(norm, cells, ["position", "task", "lead", "support", "deadline"])
    assert [norm[c[0]:c[1]] if c else None for c in got] == \
        ["3", normalize("新建5G基站2000个，\n实现重点区域全覆盖"), "市工信局", None, None]


def test_align_exact_cells_one_to_one():
    norm, cells = _cells("1\n推进全域科普\n\n区科协")
    got = align(norm, cells, ["position", "task", "lead", "support"], exact=True)
    assert got == [cells[0], cells[1], None, cells[3]]


# --- text that is not a table ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "静海区科技创新工作方案\n一、重点任务\n1.加快建设创新平台。\n各责任单位要加强协调，牵头单位要切实负起责任。\n",
    "静海区科技创新工作方案\n工作任务\n责任单位\n各责任单位要明确工作任务，按时完成。\n",
    "序号 名称\n1 区科技局\n2 区财政局\n",
])
def test_prose_is_not_a_table(text):
    assert read_tables(text, normalize(text)) == []


def test_corpus_responsibilities_unchanged_but_where_gold_says(shared, extractor):
    """Every corpus document yields the responsibilities of the snapshot made from main (see its script);
    only documents whose gold file proves the change were regenerated."""
    import sys
    sys.path.insert(0, str(DATA))
    try:
        from make_responsibility_snapshot import documents, responsibilities
    finally:
        sys.path.remove(str(DATA))
    snap = json.loads((DATA / "responsibility_snapshot.json").read_text(encoding="utf-8"))
    gold = {json.loads(p.read_text(encoding="utf-8"))["source"] for p in (shared / "eval" / "gold").glob("*.json")}
    for name in snap["regenerated"]:
        assert Path(name).name + (".html" if name.startswith("guowuyuan/") else ".txt") in gold, name
    docs = documents(shared / "corpus")
    assert {n for n, _, _ in docs} == set(snap["documents"])
    changed = [n for n, path, row in docs if responsibilities(extractor, path, row) != snap["documents"][n]]
    assert changed == []


@pytest.fixture(scope="session")
def tables_dir(shared) -> Path:
    return shared / "corpus" / "tables"


# --- the graph: row number and deadline ------------------------------------------------------------------


def test_table_rows_in_the_graph(tmp_path):
    """A row's number is its task's pol:marker, its 完成时限 cell pol:deadline, literal as printed; SHACL holds."""
    from rdflib import Graph, Literal

    from graph.model.vocab import POL
    from policykg.build import build
    from conftest import REPO
    (tmp_path / "plan.txt").write_text(TABBED, encoding="utf-8")
    build([tmp_path / "plan.txt"], tmp_path / "out")
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    rows = {str(g.value(t, POL.marker)): g.value(t, POL.deadline) for t in g.subjects(POL.text, None)
            if g.value(t, POL.marker) is not None}
    assert rows == {"1": Literal("2011年12月"), "2": None, "3": Literal("全年")}
    pyshacl = pytest.importorskip("pyshacl")
    conforms, _, report = pyshacl.validate(g, shacl_graph=Graph().parse(REPO / "graph" / "model" / "shapes.ttl"),
                                           ont_graph=Graph().parse(REPO / "ontology.ttl"), inference="none",
                                           advanced=True)
    assert conforms, report


def test_any_mix_of_table_like_lines_is_read_without_error():
    """Headers, numbers, departments, headings and prose in random order (fixed seed): the reader ends,
    and every cell it returns lies inside its row and the text."""
    import random
    pool = ["序号", "工作任务", "责任单位|", "牵头单位", "完成时限", "序号\t工作任务\t责任单位", "序号 工 作 任 务 牵头负责部门",
            "1", "2", "3", "12", "1 地区生产总值增长12% 市发改委、统计局", "2\t推进全域科普\t区科协\t2021年底",
            "市发改委、统计局", "区科技局", "2021年底", "一、经济社会发展主要预期目标分解(11项)", "",
            "加快建设创新平台，支持企业建立研发机构。", "责任单位：", "| 3 | 新建5G基站2000个 | 市工信局 |",
            "15 社会消费品零售总额增长17% 商务局、统计局", "16 进出口总额增长10%  商务局、苏州海关"]
    rng = random.Random(15)
    for _ in range(300):
        text = "\n".join(rng.choice(pool) for _ in range(rng.randint(1, 40)))
        for table in read_tables(text, normalize(text)):
            for row in table.rows:
                assert len(row.cells) == len(table.kinds)
                assert all(row.span[0] <= c[0] <= c[1] <= row.span[1] <= len(text) for c in row.cells if c)

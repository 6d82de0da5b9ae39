"""Responsibility annotations in each form the plans use."""
from __future__ import annotations

import pytest

HEAD = "静海区科技创新工作方案\n一、重点任务\n"
TASK = "1.加快建设创新平台,支持企业建立研发机构"


def roles(record):
    """[(task text tail, [(department label, role), ...]), ...] for tasks with departments."""
    label = {d.key: d.label for d in record.departments}
    return [[(label[k], role) for k, role in t.departments] for t in record.tasks if t.departments]


@pytest.mark.parametrize("body,expected", [
    (TASK + "(区科技局、区发改委负责)。\n", [("区科技局", "plain"), ("区发改委", "plain")]),
    (TASK + "(区科技局、区发改委)。\n", [("区科技局", "plain"), ("区发改委", "plain")]),
    (TASK + "(区科技局牵头,区发改委、区财政局配合)。\n",
     [("区科技局", "lead"), ("区发改委", "support"), ("区财政局", "support")]),
    (TASK + "(区科技局牵头负责)。\n", [("区科技局", "lead")]),
    (TASK + "(牵头单位:区科技局;责任单位:区财政局)。\n", [("区科技局", "lead"), ("区财政局", "support")]),
    (TASK + "。〔责任单位:区科技局、区财政局按职责分工负责〕\n", [("区科技局", "plain"), ("区财政局", "plain")]),
    (TASK + "（区科技局、区发改委负责）。\n", [("区科技局", "plain"), ("区发改委", "plain")]),
    (TASK + "（牵头单位：区科技局；责任单位：区财政局）。\n", [("区科技局", "lead"), ("区财政局", "support")]),
    (TASK + "(责任单位:区科技局(牵头)、区财政局、区教育局)。\n",
     [("区科技局", "lead"), ("区财政局", "support"), ("区教育局", "support")]),
    (TASK + "（区人社局（牵头），区财政局）。\n", [("区人社局", "lead"), ("区财政局", "plain")]),
    (TASK + "(牵头领导:张三;牵头单位:区科技局;责任单位:区财政局;完成时限:2022年12月)。\n",
     [("区科技局", "lead"), ("区财政局", "support")]),
    (TASK + "(区科技局、区发改委等部门负责)。\n", [("区科技局", "plain"), ("区发改委", "plain")]),
], ids=["fuze", "bare", "qiantou-peihe", "qiantou-fuze", "labels", "lenticular", "fullwidth", "fullwidth-labels",
        "inner-lead-marker", "inner-lead-bare", "leader-and-deadline-labels", "deng-bumen"])
def test_inline_forms(extract_text, body, expected):
    r = extract_text(HEAD + body)
    assert roles(r) == [expected]
    task = next(t for t in r.tasks if t.departments)
    assert "加快建设创新平台" in task.text
    assert "区科技局" not in task.text


def test_annotation_lines_of_their_own(extract_text):
    r = extract_text(HEAD + TASK + "。\n牵头单位:区科技局\n责任单位:区财政局、区发改委\n"
                     "2.完善科技金融服务体系。\n责任单位:区金融局\n")
    assert roles(r) == [[("区科技局", "lead"), ("区财政局", "support"), ("区发改委", "support")],
                        [("区金融局", "plain")]]
    tasks = [t for t in r.tasks if t.departments]
    assert "建立研发机构" in tasks[0].text and "科技金融" in tasks[1].text
    assert tasks[0].annotation.form == "lines"


TABLE_EXPECTED = [[("区科技局", "lead"), ("区财政局", "support"), ("区发改委", "support")],
                  [("区金融局", "lead"), ("区财政局", "support")]]


def test_bracketed_label_lines(extract_text):
    """【责任单位】X lines, as many 任务分工 pages print them, grouped with the lines that follow."""
    r = extract_text(HEAD + TASK + "。\n【责任单位】区科技局、区发改委\n【完成时限】2022年底\n"
                     "2.推进成果转化。\n【牵头单位】区科技局\n【配合单位】区财政局\n")
    assert roles(r) == [[("区科技局", "plain"), ("区发改委", "plain")],
                        [("区科技局", "lead"), ("区财政局", "support")]]
    assert [t.text for t in r.tasks] == ["加快建设创新平台,支持企业建立研发机构。", "推进成果转化。"]


def test_table_tab_separated(extract_text):
    r = extract_text(HEAD + "序号\t工作任务\t牵头单位\t责任单位\t完成时限\n"
                     "1\t加快建设创新平台\t区科技局\t区财政局、区发改委\t2022年底前\n"
                     "2\t完善科技金融服务\t区金融局\t区财政局\t2021年底\n")
    assert roles(r) == TABLE_EXPECTED
    tasks = [t for t in r.tasks if t.departments]
    assert [t.text for t in tasks] == ["加快建设创新平台", "完善科技金融服务"]
    assert tasks[0].annotation.form == "table"


def test_table_one_cell_per_line(extract_text):
    # regression: a title ending in 工作方案 above the header was taken as a header cell
    r = extract_text(HEAD + "序号\n工作任务\n牵头单位\n责任单位\n完成时限\n"
                     "1\n加快建设创新平台\n区科技局\n区财政局、区发改委\n2022年底前\n"
                     "2\n完善科技金融服务\n区金融局\n区财政局\n2021年底\n")
    assert roles(r) == TABLE_EXPECTED
    assert [t.text for t in r.tasks if t.departments] == ["加快建设创新平台", "完善科技金融服务"]


def test_convention_first_listed_leads(extract_text):
    r = extract_text(HEAD + "排在第一位的部门为牵头部门,下同。\n" + TASK + "(区科技局、区发改委、区财政局负责)。\n")
    assert roles(r) == [[("区科技局", "lead"), ("区发改委", "plain"), ("区财政局", "plain")]]
    assert r.conventions == ["first-listed-leads"]


def test_convention_stated_inside_first_annotation(extract_text):
    r = extract_text(HEAD + TASK + "（区科技局、区发改委负责，列第一位者为牵头单位）。\n"
                     "2.完善科技金融服务体系（区金融局、区财政局负责）。\n")
    assert roles(r) == [[("区科技局", "lead"), ("区发改委", "plain")], [("区金融局", "lead"), ("区财政局", "plain")]]


def test_no_convention_no_lead(extract_text):
    r = extract_text(HEAD + TASK + "(区科技局、区发改委负责)。\n")
    assert r.conventions == []
    assert all(role != "lead" for t in r.tasks for _, role in t.departments)


def test_several_annotations_in_one_sentence(extract_text):
    r = extract_text(HEAD + "1.加快建设创新平台(区科技局负责),完善科技金融服务体系(区金融局负责)。\n")
    assert roles(r) == [[("区科技局", "plain")], [("区金融局", "plain")]]
    tasks = [t for t in r.tasks if t.departments]
    assert "加快建设创新平台" in tasks[0].text and "科技金融" not in tasks[0].text
    assert "完善科技金融服务体系" in tasks[1].text


def test_annotation_after_full_stop(extract_text):
    r = extract_text(HEAD + TASK + "。(区科技局负责)\n")
    assert roles(r) == [[("区科技局", "plain")]]
    assert "建立研发机构" in next(t for t in r.tasks if t.departments).text


def test_collectives_are_not_departments(extract_text):
    r = extract_text(HEAD + TASK + "(区科技局、各街道、区级相关部门、各有关单位、市政府各部门负责)。\n")
    assert roles(r) == [[("区科技局", "plain")]]
    labels = {d.label for d in r.departments}
    for w in ("各街道", "区级相关部门", "各有关单位", "市政府各部门"):
        assert w not in labels


def test_person_post_deadline_not_departments(extract_text):
    r = extract_text(HEAD + TASK + "(责任单位:区科技局;责任人:张三;牵头领导:李四;完成时限:2022年底前)。\n")
    assert roles(r) == [[("区科技局", "plain")]]
    labels = " ".join(d.label for d in r.departments)
    for w in ("张三", "李四", "2022", "牵头领导"):
        assert w not in labels


@pytest.mark.parametrize("paren", ["(2020—2022年)", "(以下简称自贸试验区)", "(试行)", "(领军培育)"])
def test_ordinary_parentheses_are_not_annotations(extract_text, paren):
    r = extract_text(HEAD + "1.落实三年行动计划" + paren + ",加快建设创新平台(区科技局负责)。\n")
    assert roles(r) == [[("区科技局", "plain")]]
    assert len([t for t in r.tasks if t.departments]) == 1


def test_only_ordinary_parentheses_give_no_departments(extract_text):
    r = extract_text(HEAD + "1.落实三年行动计划(2020—2022年),建设自由贸易试验区(以下简称自贸试验区),"
                     "出台管理办法(试行),实施领军企业培育工程(领军培育)。\n")
    assert r.departments == []
    assert all(not t.departments for t in r.tasks)


def test_task_text_is_source_slice(extract_text):
    text = HEAD + TASK + "（区科技局、区发改委负责）。\n2.完善科技金融服务体系(区金融局负责)。\n"
    r = extract_text(text)
    for t in r.tasks:
        assert t.text == r.text[t.span[0]:t.span[1]]
        if t.annotation:
            a = t.annotation
            assert a.text == r.text[a.span[0]:a.span[1]]
            for d in a.departments:
                assert d.surface == r.text[d.span[0]:d.span[1]]


def test_traditional_and_halfwidth_give_same_results(extract_text):
    simp = extract_text(HEAD + TASK + "(区科技局牵头,区发改委、区财政局配合)。\n")
    trad = extract_text("靜海區科技創新工作方案\n一、重點任務\n1.加快建設創新平臺,支持企業建立研發機構"
                        "（區科技局牽頭，區發改委、區財政局配合）。\n")
    assert [t.departments for t in trad.tasks if t.departments] == \
        [t.departments for t in simp.tasks if t.departments]
    assert [t.departments for t in simp.tasks if t.departments][0][0][1] == "lead"


def test_reference_plan_offsets(reference_record):
    r = reference_record
    assert len([t for t in r.tasks if t.departments]) >= 20
    for t in r.tasks:
        assert t.text == r.text[t.span[0]:t.span[1]]

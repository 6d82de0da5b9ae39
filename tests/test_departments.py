"""Departments: one body per region however it is spelled, units of a bureau, lists ending in a
collective, and tasks whose only doers are collectives."""
from __future__ import annotations

import pytest

from extract.departments import COLLECTIVE, DEPT, OTHER, build_departments, classify

JH = "天津市静海区"


def test_short_and_prefixed_spellings_are_one_body():
    deps, key_of = build_departments(["工信局", "区工信局"], JH)
    assert key_of["工信局"] == key_of["区工信局"] == "天津市静海区/工信局"
    assert len(deps) == 1
    assert deps[0].label == "区工信局"
    assert set(deps[0].aliases) | {deps[0].label} >= {"工信局", "区工信局"}


def test_tax_bureau_spellings():
    deps, key_of = build_departments(["税务局", "区税务局"], JH)
    assert key_of["税务局"] == key_of["区税务局"]
    assert len(deps) == 1


def test_full_and_abbreviated_names_share_key():
    deps, key_of = build_departments(["区发展和改革委员会", "区发改委"], JH)
    assert key_of["区发展和改革委员会"] == key_of["区发改委"] == "天津市静海区/发改委"
    assert len(deps) == 1


def test_same_type_different_regions():
    (jh,), _ = build_departments(["区科技局"], JH)
    (dl,), _ = build_departments(["区科技局"], "天津市东丽区")
    assert jh.type_key == dl.type_key == "科技局"
    assert jh.key != dl.key
    assert (jh.region, dl.region) == ("天津市静海区", "天津市东丽区")


def test_ministries_run_together_split(extract_text):
    r = extract_text("静海区科技创新工作方案\n一、重点任务\n"
                     "1.推进开放合作(国家发展改革委、财政部、商务部、海关总署、税务总局负责)。\n")
    (task,) = [t for t in r.tasks if t.departments]
    label = {d.key: d.label for d in r.departments}
    assert sorted(label[k] for k, _ in task.departments) == sorted(
        ["国家发展改革委", "财政部", "商务部", "海关总署", "税务总局"])
    # ministries named in a district plan are national bodies, not the district's own
    region = {d.key: d.region for d in r.departments}
    assert {region[k] for k, _ in task.departments} == {"国务院"}


def test_reference_plan_departments(reference_record):
    labels = {d.label for d in reference_record.departments}
    assert {"区科技局", "区发改委", "区工信局", "区税务局", "区知识产权局"} <= labels
    keys = [d.key for d in reference_record.departments]
    assert len(keys) == len(set(keys))
    gx = next(d for d in reference_record.departments if d.label == "区工信局")
    assert gx.region == "天津市静海区" and gx.type_key == "工信局"


# --- units of one bureau -------------------------------------------------------------------------
# The corpus has no unit in an annotation; the task sentences are 37's, the annotations written the
# way bureau plans name their sections.

TASK = "对按时完成高标准农田建设任务且成效显著的省（区、市），根据高标准农田建设考核结果，在分配年度中央财政资金时予以适当倾斜。"


def test_unit_named_with_its_bureau_is_a_unit_of_it():
    deps, key_of = build_departments(["区教育局基教科", "区财政局"], JH)
    unit = next(d for d in deps if d.label == "区教育局基教科")
    assert unit.key == "天津市静海区/教育局·基教科" and unit.parent == "天津市静海区/教育局"
    bureau = next(d for d in deps if d.key == unit.parent)
    assert bureau.label == "区教育局" and bureau.spellings == {"区教育局": 0}  # a node, not a mention


def test_bare_unit_belongs_to_the_bureau_that_publishes_the_plan():
    deps, key_of = build_departments(["计划科", "区财政局"], JH, owner="静海区教育局")
    assert key_of["计划科"] == "天津市静海区/教育局·计划科"


def test_bare_unit_named_elsewhere_with_its_bureau_is_that_unit():
    deps, key_of = build_departments(["区教育局基教科", "基教科"], JH, owner="天津市静海区人民政府")
    assert key_of["基教科"] == key_of["区教育局基教科"] == "天津市静海区/教育局·基教科"


def test_bare_unit_of_a_government_plan_has_no_bureau():
    deps, key_of = build_departments(["计划科"], JH, owner="天津市静海区人民政府")
    (d,) = deps
    assert d.key == "天津市静海区/计划科" and d.parent is None


@pytest.mark.parametrize("name,kind", [
    ("计划科", DEPT), ("区教育局基教科", DEPT), ("市场监管局登记注册处", DEPT), ("财务股", DEPT),
    ("街道办事处", DEPT), ("青山街道办事处", DEPT),
    ("学科", OTHER), ("跨学科", OTHER), ("新工科", OTHER), ("眼科", OTHER), ("各科", COLLECTIVE),  # fields and collectives
])
def test_unit_endings(name, kind):
    assert classify(name) == kind


SIGNED = "\n静海区教育局\n2021年3月1日\n"  # the bureau that publishes the plan


def test_units_in_an_annotation(extract_text):
    r = extract_text("静海区教育局2021年工作要点\n一、重点工作\n1." + TASK + "（区教育局基教科、计划科负责）" + SIGNED)
    (task,) = [t for t in r.tasks if t.departments]
    by_key = {d.key: d for d in r.departments}
    assert sorted(by_key[k].label for k, _ in task.departments) == ["区教育局基教科", "计划科"]
    assert {by_key[by_key[k].parent].label for k, _ in task.departments} == {"静海区教育局"}


def test_unit_is_org_unit_of_its_bureau_in_the_graph(extract_text):
    from graph.model.rdf import build_graph
    from rdflib import Namespace, URIRef
    org = Namespace("http://www.w3.org/ns/org#")
    r = extract_text("静海区教育局2021年工作要点\n一、重点工作\n1." + TASK + "（区教育局基教科负责）" + SIGNED)
    g = build_graph([r])
    unit = URIRef("https://w3id.org/policykg/id/dept/静海区/教育局·基教科")
    assert (unit, org.unitOf, URIRef("https://w3id.org/policykg/id/dept/静海区/教育局")) in g
    assert (unit, None, org.OrganizationalUnit) in g


# --- lists that end in a collective ---------------------------------------------------------------


@pytest.mark.parametrize("annotation,expected", [
    # suzhou's addressees (tables/suzhou…): 各市、区人民政府 is each city's and district's government
    ("（市发改委、市经信委，各市、区人民政府，苏州工业园区、苏州高新区管委会负责）",
     ["市发改委", "市经信委", "苏州工业园区", "苏州高新区管委会"]),
    ("（市发改委、市财政局，各区、县级市政府负责）", ["市发改委", "市财政局"]),
    ("（市科技局、市教育局等有关部门负责）", ["市科技局", "市教育局"]),
    ("（牵头单位：市科技局；配合单位：市教育局、市财政局，各有关单位）", ["市科技局", "市教育局", "市财政局"]),
    ("（市商务局；各区县人民政府、管委会）", ["市商务局"]),
    ("（各市、区教育局负责）", []),
    ("（市发改委、市财政局，各市、区）", ["市发改委", "市财政局"]),  # 区 alone: the rest of 各市、区
])
def test_list_ending_in_a_collective_keeps_its_members(extract_text, annotation, expected):
    r = extract_text("苏州市2011年政府工作任务\n一、重点工作\n1." + TASK + annotation + "\n")
    label = {d.key: d.label for d in r.departments}
    got = [label[k] for t in r.tasks for k, _ in t.departments]
    assert sorted(got) == sorted(expected)


# --- tasks whose only doers are collectives ----------------------------------------------------------


def test_tasks_of_collectives_are_a_plan(extract_text):
    """No outline, only collectives: the tasks and their targets stay, and the document is a plan."""
    r = extract_text("2016年量化指标任务分工\n城镇新增就业1000万人以上（各地区各部门负责）。\n"
                     "推进5万个行政村通光纤（市政府各部门负责）。\n")
    assert [t.text for t in r.tasks] == ["城镇新增就业1000万人以上", "推进5万个行政村通光纤"]
    assert all(not t.departments for t in r.tasks)
    assert r.targets and r.targets[0].task == 1


def test_collective_annotation_ends_its_task(extract_text):
    r = extract_text("静海区工作方案\n一、重点任务\n1.统筹推进。" + TASK + "（各区县人民政府负责）"
                     "加强组织实施（区科技局负责）。\n")
    texts = {t.text: t.departments for t in r.tasks}
    assert texts["加强组织实施"] and not any("倾斜" in t for t, d in texts.items() if d)

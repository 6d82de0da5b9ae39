"""Department resolution: one body per region however it is spelled."""
from __future__ import annotations

from extract.departments import build_departments

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

"""Comparing plans across districts and levels: the graph (one graph, named graphs per plan,
departments by region and type, plans linked to the plan they implement), ``graph.compare.compare``,
the report, the ``policykg compare`` command, the compare-* queries, and adding a district.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph.model.vocab import ID_BASE, POL

REPO = Path(__file__).resolve().parents[1]
CITY = "tianjin-2020-keji-sannian-excerpt-traditional"
JINGHAI = "jinghai-2021-keji-sannian"
DONGLI = "dongli-2021-keji-sannian-excerpt"
BINHAI = "binhai-2020-keji-sannian-excerpt"
DISTRICTS = [JINGHAI, DONGLI, BINHAI]
TIANJIN_FILES = [f"{CITY}.txt", f"{JINGHAI}.txt", f"{DONGLI}.txt", f"{BINHAI}.txt"]


def plan(pid: str) -> URIRef:
    return URIRef(ID_BASE + "plan/" + pid)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The four Tianjin plans of sources/ built as `policykg build --format ttl,nq,trig` does."""
    from policykg.build import build

    out = tmp_path_factory.mktemp("tianjin")
    build([REPO / "sources" / f for f in TIANJIN_FILES], out, formats=["ttl", "nq", "trig"])
    return out


@pytest.fixture(scope="module")
def g(built):
    from graph.stores.store import load_graph
    return load_graph(built / "graph.ttl")


@pytest.fixture(scope="module")
def comparison(g):
    from graph.compare.compare import compare
    return compare(g, DISTRICTS)


# ---------------------------------------------------------------- one graph, many plans

@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own parsers use its deprecated names
@pytest.mark.parametrize("fmt,name", [("nquads", "graph.nq"), ("trig", "graph.trig")])
def test_each_plan_is_its_own_named_graph(built, g, fmt, name):
    ds = Dataset()
    ds.parse(built / name, format=fmt)
    contexts = {str(c.identifier) for c in ds.graphs()}
    for pid in [CITY, *DISTRICTS]:
        assert str(plan(pid)) in contexts
    jinghai = ds.graph(plan(JINGHAI))
    tasks = set(jinghai.subjects(RDF.type, POL.Task))
    assert len(tasks) == len(set(g.subjects(POL.inPlan, plan(JINGHAI))) & set(g.subjects(RDF.type, POL.Task))) > 30
    assert all((t, POL.inPlan, plan(JINGHAI)) in jinghai for t in tasks)  # only its own tasks
    assert not any(True for _ in jinghai.triples((None, POL.inPlan, plan(DONGLI))))
    # departments (shared between plans) live outside the plans' graphs; the union is the ttl graph
    assert not any(True for _ in jinghai.subjects(RDF.type, POL.Department))
    quads = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    assert len(quads) == len(g)


def test_departments_apart_by_region_linked_by_type(g):
    kj = [d for d in g.subjects(RDF.type, POL.Department) if str(g.value(d, RDFS.label)) == "区科技局"]
    regions = {str(g.value(d, POL.region)) for d in kj}
    assert {"天津市静海区", "天津市东丽区"} <= regions
    assert len(kj) == len(regions)  # one node per region
    types = {g.value(d, POL.departmentType) for d in kj}
    assert types == {URIRef(ID_BASE + "type/科技局")}


def test_district_plans_implement_the_city_plan(g):
    for pid in DISTRICTS:
        assert (plan(pid), POL.implements, plan(CITY)) in g, pid
    assert (plan(CITY), RDF.type, POL.Plan) in g
    assert not any(True for _ in g.objects(plan(CITY), POL.implements))


# ---------------------------------------------------------------- targets

def _row(c, key):
    r = c.target(key)
    assert r is not None, key
    return [r.cells[pid].value if pid in r.cells else None for pid in [*DISTRICTS, CITY]], r


def test_patent_targets_side_by_side(comparison):
    values, row = _row(comparison, "有效发明专利")
    assert values == [350, 2000, 12000, 40000]
    assert all(isinstance(v, Decimal) for v in values)
    assert row.unit == "件"
    assert [row.cells[p].printed for p in [*DISTRICTS, CITY]] == ["350件", "2000件", "1.2万件", "4萬件"]
    shares = [row.cells[p].share for p in DISTRICTS]
    assert shares == pytest.approx([0.00875, 0.05, 0.3])
    assert row.cells[CITY].share is None  # the city has no parent


def test_rd_intensity_targets_side_by_side(comparison):
    values, row = _row(comparison, "全社会研发投入强度")
    assert values == [Decimal("3.2"), Decimal("3.2"), Decimal("3.4"), Decimal("3.2")]
    assert row.unit == "%" and row.is_rate
    # a rate is compared in points, never as a share
    assert [row.cells[p].share for p in DISTRICTS] == [None, None, None]
    assert [row.cells[p].points for p in DISTRICTS] == pytest.approx([0, 0, 0.2])


def test_increment_is_not_a_share_of_a_level(comparison):
    row = comparison.target("瞪羚企业")  # 静海区 新增27家 vs the city's 350家 in total
    assert row.cells[JINGHAI].comparator == "+" and row.cells[JINGHAI].share is None
    lead = comparison.target("科技领军(领军培育)企业")  # 累计达到12家 vs 250家: both levels
    assert lead.cells[JINGHAI].share == pytest.approx(12 / 250)


def test_target_rows_sort_by_how_many_plans_set_them(comparison):
    counts = [len(r.cells) for r in comparison.targets]
    assert counts == sorted(counts, reverse=True)
    assert {comparison.targets[0].key, comparison.targets[1].key} == {"有效发明专利", "全社会研发投入强度"}


# ---------------------------------------------------------------- responsibilities

def test_profiles_sum_to_one_per_plan(comparison):
    plans = {p.plan for p in comparison.profiles}
    assert {JINGHAI, DONGLI} <= plans
    for pid in plans:
        rows = [p for p in comparison.profiles if p.plan == pid]
        assert sum(p.task_share for p in rows) == pytest.approx(1.0)
        leads = [p.lead_share for p in rows if p.lead_share is not None]
        if leads:
            assert sum(leads) == pytest.approx(1.0)


def test_profiles_align_department_types_across_districts(comparison):
    kj = {p.plan: p for p in comparison.profiles if p.type == "科技局"}
    assert set(kj) >= {JINGHAI, DONGLI}
    assert kj[JINGHAI].departments == ["区科技局"] and kj[DONGLI].departments == ["区科技局"]
    assert kj[JINGHAI].type_iri == kj[DONGLI].type_iri
    # 静海区: 区科技局 is on most tasks and carries the largest share; 东丽区 marks it as lead (牵头单位)
    top = max((p for p in comparison.profiles if p.plan == JINGHAI), key=lambda p: p.task_share)
    assert top.type == "科技局" and kj[JINGHAI].tasks >= 20
    assert kj[DONGLI].leads == 1 and kj[DONGLI].lead_share == 1.0
    assert kj[JINGHAI].lead_share is None  # 静海区 marks no lead: not 0 %


def test_pairs_status_per_plan(comparison):
    pairs = {(p.a, p.b): p for p in comparison.pairs}
    both = pairs[("知识产权局", "科技局")]
    assert both.plans[JINGHAI].status == "together" and both.plans[DONGLI].status == "together"
    mgmt = pairs[("科技局", "管委会")]
    assert mgmt.plans[JINGHAI].status == "together" and mgmt.plans[JINGHAI].tasks == 7
    assert mgmt.plans[DONGLI].status == "absent"


def test_pair_contrast(g):
    """Two types together in one plan, both named but apart in another: a contrast."""
    from graph.compare.compare import Plan, pairs
    g2 = g.__class__()
    for t in g:
        g2.add(t)
    # give 东丽区's second task to 区工信局 alone: 工信局 and 科技局 are now both named in 东丽区, never together
    gx = URIRef(ID_BASE + "dept/天津市东丽区/工信局")
    g2.add((gx, RDF.type, POL.Department))
    g2.add((gx, RDFS.label, Literal("区工信局", lang="zh")))
    g2.add((gx, POL.departmentType, URIRef(ID_BASE + "type/工信局")))
    g2.add((URIRef(ID_BASE + "task/" + DONGLI + "/2"), POL.responsibleDepartment, gx))
    ps = [Plan(str(plan(p)), p, p, "") for p in (JINGHAI, DONGLI)]
    res = {(p.a, p.b): p for p in pairs(g2, ps)}
    assert res[("工信局", "科技局")].plans[DONGLI].status == "apart"
    assert res[("工信局", "科技局")].contrast
    assert pairs(g2, ps)[0].contrast  # contrasts first


# ---------------------------------------------------------------- themes and tasks

def test_keywords_per_plan_and_section(comparison):
    from graph.compare.similarity import stopwords
    kw = {(k.plan, k.section): k for k in comparison.keywords}
    assert (JINGHAI, None) in kw and (CITY, None) in kw and (DONGLI, None) in kw
    assert (JINGHAI, "重点任务") in kw and (JINGHAI, "保障措施") in kw
    for k in comparison.keywords:
        for w, s in k.words + k.distinctive:
            assert w not in stopwords() and not re.match(r"^\d", w) and len(w) >= 2 and s > 0
    # the city plan is in traditional characters: its keywords come out simplified
    assert "创新" in [w for w, _ in kw[(CITY, None)].words]
    # 静海区 stresses talent (人才) beyond what the other plans say
    assert "人才" in [w for w, _ in kw[(JINGHAI, None)].distinctive][:3]


def test_keyword_extractor_uses_private_tokenizer():
    import jieba
    from graph.compare.compare import keyword_extractor
    from graph.compare.similarity import tokenizer
    ex = keyword_extractor()
    assert ex.tokenizer is tokenizer() and ex.tokenizer is not jieba.dt
    assert ex.postokenizer.tokenizer is tokenizer()


def test_city_tasks_taken_up_by_districts(comparison):
    ms = [m for m in comparison.matches if m.parent_plan == CITY]
    # the city excerpt's 工作目標 are two paragraphs, two tasks: 1 科技創新能力 (研发投入, 专利), 2 成果轉化
    best = {(m.parent_task, m.child_plan): m for m in ms if m.rank == 1}
    jinghai_1 = [m for m in ms if m.parent_task == 1 and m.child_plan == JINGHAI]
    # 静海区's goals 1 (研发投入强度) and 2 (有效发明专利) take up the city's goal 1
    assert {m.child_task for m in jinghai_1[:2]} == {1, 2}
    assert all(m.verdict == "taken up" for m in jinghai_1[:2])
    assert [m.rank for m in jinghai_1] == list(range(1, len(jinghai_1) + 1))
    # 静海区's goal 3 (科技成果转化能力明显提升, 高新技术企业) takes up the city's goal 2
    assert best[(2, JINGHAI)].child_task == 3 and best[(2, JINGHAI)].verdict == "taken up"
    # 东丽区's two goal paragraphs are the city's two, in order
    assert best[(1, DONGLI)].child_task == 1 and best[(2, DONGLI)].child_task == 2
    assert best[(1, DONGLI)].verdict == best[(2, DONGLI)].verdict == "taken up"
    # 滨海新区's excerpt stops inside its first goal: the second is not found there
    assert best[(1, BINHAI)].verdict == "taken up" and best[(2, BINHAI)].verdict == "not found"
    cov = {v.child_plan: v for v in comparison.coverage}
    assert cov[JINGHAI].taken_up == 2 and cov[JINGHAI].parent_tasks == 2
    assert cov[BINHAI].child_tasks == 1 and cov[BINHAI].taken_up == 1 and cov[BINHAI].not_found == 1


def test_plans_and_notes(comparison):
    ids = [p.id for p in comparison.plans]
    assert ids == [*DISTRICTS, CITY]  # the parent joins the comparison
    city = comparison.plan(CITY)
    assert city.added and city.short == "天津市" and city.complete is False
    assert [comparison.plan(p).short for p in DISTRICTS] == ["静海区", "东丽区", "滨海新区"]
    assert all(comparison.plan(p).parent == CITY and comparison.plan(p).parent_via == "implements" for p in DISTRICTS)
    assert any("excerpt" in n and "东丽区" in n for n in comparison.notes)


def test_parent_found_by_region_without_implements(g):
    from graph.compare.compare import compare
    g2 = g.__class__()
    for t in g:
        if not (t[0] == plan(DONGLI) and t[1] == POL.implements):
            g2.add(t)
    c = compare(g2, [DONGLI])
    p = c.plan(DONGLI)
    assert p.parent == CITY and p.parent_via == "region"
    assert c.target("有效发明专利").cells[DONGLI].share == pytest.approx(0.05)


def test_citations_grouped(g):
    from graph.compare.compare import compare
    c = compare(g, [JINGHAI, DONGLI])
    docs = {x.number: x for x in c.citations}
    assert docs["财税〔2018〕58号"].group == "one" and docs["财税〔2018〕58号"].cited_by == [JINGHAI]
    assert all(x.doc != str(plan(CITY)) for x in c.citations)  # the compared (parent) plan is not a citation
    g2 = g.__class__()
    for t in g:
        g2.add(t)
    doc = URIRef(docs["财税〔2018〕58号"].doc)
    g2.add((plan(DONGLI), POL.cites, doc))
    g2.add((plan(CITY), POL.cites, doc))
    c2 = compare(g2, [JINGHAI, DONGLI])
    groups = {x.number: x.group for x in c2.citations}
    assert groups["财税〔2018〕58号"] == "all" and groups["国家税务总局公告2018年第30号"] == "one"
    g2.remove((plan(CITY), POL.cites, doc))
    c3 = compare(g2, [JINGHAI, DONGLI])
    assert {x.number: x.group for x in c3.citations}["财税〔2018〕58号"] == "some"


def test_unknown_plan_is_an_error_that_names_the_plans(g):
    from graph.compare.compare import CompareError, compare
    with pytest.raises(CompareError, match="no plan 'jinghai'.*jinghai-2021-keji-sannian"):
        compare(g, ["jinghai"])


# ---------------------------------------------------------------- report and command

def _read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_command_with_ids(built, tmp_path, capsys):
    from policykg.cli import main
    out = tmp_path / "rep"
    assert main(["compare", *DISTRICTS, "--graph", str(built / "graph.ttl"), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert re.search(r"有效发明专利\s+静海区 350\s+东丽区 2000\s+滨海新区 12000\s+天津市 40000", printed)
    assert re.search(r"全社会研发投入强度\s+静海区 3.2\s+东丽区 3.2\s+滨海新区 3.4\s+天津市 3.2", printed)
    wide = {r["indicator_key"]: r for r in _read_csv(out / "targets_wide.csv")}
    assert [wide["有效发明专利"][p] for p in [*DISTRICTS, CITY]] == ["350", "2000", "12000", "40000"]
    assert [wide["全社会研发投入强度"][p] for p in [*DISTRICTS, CITY]] == ["3.2", "3.2", "3.4", "3.2"]
    prof = _read_csv(out / "profiles.csv")
    for pid in (JINGHAI, DONGLI):
        assert sum(float(r["task_share"]) for r in prof if r["plan"] == pid) == pytest.approx(1.0, abs=1e-4)
    for name in ("plans", "targets", "pairs", "keywords", "matches", "coverage", "citations"):
        assert (out / f"{name}.csv").is_file()
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "有效发明专利" in html and "1.2万件" in html and "12,000" in html


def test_report_is_offline_and_escaped(g, tmp_path):
    from graph.compare.compare import compare
    from graph.compare.report import write_report
    g2 = g.__class__()
    for t in g:
        g2.add(t)
    evil = '<script>alert("x")</script>&'
    task = URIRef(ID_BASE + "task/" + DONGLI + "/1")
    g2.set((task, POL.text, Literal(evil + "科技创新能力明显增强", lang="zh")))
    for d in g2.objects(task, POL.responsibleDepartment):
        g2.set((d, RDFS.label, Literal(evil, lang="zh")))
    write_report(compare(g2, DISTRICTS), tmp_path)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in html
    # nothing fetched from anywhere: no scripts, stylesheets, images or fonts by URL
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert not re.search(r"(src|href)\s*=\s*\"?(https?:)?//", html)
    assert "@import" not in html and "url(" not in html
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) >= 3
    for s in svgs:
        ET.fromstring(s)  # well-formed inline SVG


def test_command_with_files(tmp_path, capsys):
    from policykg.cli import main
    out = tmp_path / "rep"
    files = [str(REPO / "sources" / f) for f in TIANJIN_FILES]
    assert main(["compare", *files, "-o", str(out), "-q"]) == 0
    wide = {r["indicator_key"]: r for r in _read_csv(out / "targets_wide.csv")}
    assert wide["有效发明专利"][JINGHAI] == "350" and wide["有效发明专利"][CITY] == "40000"
    plans = [r["plan"] for r in _read_csv(out / "plans.csv")]
    assert plans == [CITY, JINGHAI, DONGLI, BINHAI]  # in the order given


def test_command_errors(built, tmp_path, capsys):
    from policykg.cli import main
    assert main(["compare", "nosuchplan", "--graph", str(built / "graph.ttl"), "-o", str(tmp_path)]) == 2
    assert "no plan 'nosuchplan'" in capsys.readouterr().err
    assert main(["compare", JINGHAI, "--graph", str(tmp_path / "missing.ttl"), "-o", str(tmp_path)]) == 2
    assert "no such graph file" in capsys.readouterr().err


# ---------------------------------------------------------------- queries

QUERIES = sorted((REPO / "graph" / "query" / "queries").glob("compare-*.rq"))


def _store(built):
    import pyoxigraph as ox
    st = ox.Store()
    st.bulk_load(path=str(built / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    return st


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_compare_queries_documented_and_run(path, built):
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# ") and len(lines[0]) > 10  # title
    header = [ln for ln in lines if ln.startswith("#")]
    assert len(header) >= 3
    declared = {m.group(1) for ln in header for m in [re.match(r"# param (\w+)", ln)] if m}
    used = set(re.findall(r"\$(\w+)", "\n".join(ln for ln in lines if not ln.startswith("#"))))
    assert used == declared
    for name in declared:
        default = next(ln for ln in header if ln.startswith(f"# param {name}")).split("=", 1)[1].strip()
        text = text.replace(f"${name}", '"' + default + '"')
    rows = list(_store(built).query(text))
    assert rows, path.name


def test_profiles_query_agrees_with_compare(built, comparison):
    text = (REPO / "graph" / "query" / "queries" / "compare-profiles.rq").read_text(encoding="utf-8")
    got = {(r["plan"].value, r["typeLabel"].value): float(r["taskShare"].value) for r in _store(built).query(text)}
    for p in comparison.profiles:
        assert got[(p.plan, p.type)] == pytest.approx(p.task_share, abs=1e-9)


def test_indicator_query_gives_shares(built):
    text = (REPO / "graph" / "query" / "queries" / "compare-indicator.rq").read_text(encoding="utf-8")
    text = text.replace("$indicator", '"有效发明专利"')
    rows = {r["plan"].value: r for r in _store(built).query(text)}
    assert [p for p in rows] == [CITY, BINHAI, DONGLI, JINGHAI]  # boldest first
    assert float(rows[DONGLI]["share"].value) == pytest.approx(0.05)
    assert rows[CITY]["share"] is None


# ---------------------------------------------------------------- adding a district

XIQING = """西青区落实《天津市科技创新三年行动计划(2020—2022年)》工作方案
按照《天津市科技创新三年行动计划(2020—2022年)》有关任务分工,结合我区实际,制定本方案。
一、工作目标
1、科技创新能力明显增强。全社会研发投入强度力争达到3.5%以上(区科技局、区发改委负责)。全区有效发明专利达到1500件(区知识产权局负责)。
二、重点任务
1、推进大学科技园建设。支持高校建设大学科技园,出台专项支持政策(区科技局牵头,区教育局配合)。
2、大力培养高新技术企业。完善高新技术企业培育库,对首次认定企业给予奖励(区科技局、区财政局负责)。
"""


def test_adding_a_district_is_one_step(tmp_path):
    """Drop the plan (with a manifest row) into the sources folder, rebuild, compare."""
    from graph.compare.compare import compare, default_plans
    from graph.stores.store import load_graph
    from policykg.build import build

    src = tmp_path / "sources"
    src.mkdir()
    for f in TIANJIN_FILES:
        shutil.copy(REPO / "sources" / f, src / f)
    manifest = (REPO / "sources" / "manifest.csv").read_text(encoding="utf-8").splitlines()
    rows = [manifest[0]] + [r for r in manifest[1:] if r.split(",", 1)[0] in TIANJIN_FILES]
    rows.append("xiqing-2021-keji.txt,xiqing-2021-keji,西青区落实《天津市科技创新三年行动计划(2020—2022年)》工作方案,"
                "西青区科技局,district,天津市西青区,2021-06-01,,天津市科技创新三年行动计划(2020—2022年),yes,")
    (src / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (src / "xiqing-2021-keji.txt").write_text(XIQING, encoding="utf-8")

    build([src], tmp_path / "out")
    g = load_graph(tmp_path / "out" / "graph.ttl")
    assert "xiqing-2021-keji" in default_plans(g)
    c = compare(g, default_plans(g))
    row = c.target("有效发明专利")
    assert row.cells["xiqing-2021-keji"].value == 1500
    assert row.cells["xiqing-2021-keji"].share == pytest.approx(1500 / 40000)
    assert c.target("全社会研发投入强度").cells["xiqing-2021-keji"].points == pytest.approx(0.3)
    kj = {p.plan for p in c.profiles if p.type == "科技局"}
    assert {"xiqing-2021-keji", JINGHAI, DONGLI} <= kj
    taken = {m.child_task for m in c.matches if m.child_plan == "xiqing-2021-keji" and m.verdict == "taken up"}
    assert taken  # the city's goals meet 西青区's


def test_command_without_plans_compares_every_implementing_plan(built, tmp_path, capsys):
    from policykg.cli import main
    assert main(["compare", "--graph", str(built / "graph.ttl"), "-o", str(tmp_path), "-q"]) == 0
    assert [r["plan"] for r in _read_csv(tmp_path / "plans.csv")] == [BINHAI, DONGLI, JINGHAI, CITY]


def test_plan_names_stay_apart(g):
    """Two plans of one region get names that still tell them apart in tables and charts."""
    from graph.compare.compare import compare
    g2 = g.__class__()
    for t in g:
        g2.add(t)
    g2.set((plan(DONGLI), POL.region, Literal("天津市静海区")))
    c = compare(g2, [JINGHAI, DONGLI])
    shorts = [p.short for p in c.plans]
    assert len(set(shorts)) == len(shorts)
    assert c.plan(DONGLI).short == f"静海区·{DONGLI}"


def test_missing_parent_plan_is_named(tmp_path):
    """Built without the city plan: no shares, and the report says which plan to add."""
    from graph.compare.compare import compare
    from graph.stores.store import load_graph
    from policykg.build import build
    build([REPO / "sources" / f"{JINGHAI}.txt"], tmp_path)
    c = compare(load_graph(tmp_path / "graph.ttl"), [JINGHAI])
    assert [p.id for p in c.plans] == [JINGHAI] and c.plan(JINGHAI).parent is None
    assert c.target("有效发明专利").cells[JINGHAI].share is None
    assert any("天津市科技创新三年行动计划" in n and "not a plan of the graph" in n for n in c.notes)
    assert c.matches == [] and c.coverage == []

"""``policykg network`` (issue 17): every number checked against an independent computation.

The independent side reads the graph's triples with rdflib (not Oxigraph, not SPARQL) and computes with
igraph (not networkx); communities are compared by modularity with igraph's multilevel (Louvain)
partition. The Tianjin plans and the State Council corpus are built once per module.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, Graph, URIRef

from graph.analysis import metrics as M
from graph.model.vocab import POL
from policykg.cli import main

igraph = pytest.importorskip("igraph")

ROLES = (POL.responsibleDepartment, POL.leadDepartment, POL.supportingDepartment)
TOL = 1e-6


def _build(src: Path, out: Path, store: Path | None = None) -> Path:
    from policykg.build import build
    build([src], out, store=store)
    return out


@pytest.fixture(scope="module")
def tianjin_net(tianjin, tmp_path_factory):
    """The Tianjin plans built (graph.ttl and a store), and `policykg network` run on each."""
    tmp = tmp_path_factory.mktemp("net-tianjin")
    out = _build(tianjin, tmp / "out", tmp / "store")
    for name, args in (("g", ["--graph", str(out / "graph.ttl")]), ("s", ["--store", str(tmp / "store")]),
                       ("g2", ["--graph", str(out / "graph.ttl")])):
        assert main(["network", *args, "-o", str(tmp / name), "-q"]) == 0
    return tmp


@pytest.fixture(scope="module")
def guowuyuan_net(guowuyuan, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("net-guowuyuan")
    out = _build(guowuyuan, tmp / "out")
    assert main(["network", "--graph", str(out / "graph.ttl"), "-o", str(tmp / "g"), "-q", "--lang", "en"]) == 0
    return tmp


def _rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


# ---------------------------------------------------------------- the independent computation

def _independent(ttl: Path) -> dict[str, dict]:
    """Per plan IRI, from rdflib's triples and igraph: the plan's numbers and each department's."""
    g = Graph().parse(ttl)
    tasks: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    leads: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for t in g.subjects(RDF.type, POL.Task):
        for plan in g.objects(t, POL.inPlan):
            ds = tasks[str(plan)][str(t)]
            for role in ROLES:
                ds.update(str(d) for d in g.objects(t, role))
            for d in set(g.objects(t, POL.leadDepartment)):
                leads[str(plan)][str(d)] += 1
    out = {}
    for plan in map(str, g.subjects(RDF.type, POL.Plan)):
        assigned = {t: ds for t, ds in tasks.get(plan, {}).items() if ds}
        names = sorted({d for ds in assigned.values() for d in ds})
        index = {d: i for i, d in enumerate(names)}
        weights: dict[tuple[int, int], int] = defaultdict(int)
        for ds in assigned.values():
            ds = sorted(ds)
            for i, a in enumerate(ds):
                for b in ds[i + 1:]:
                    weights[(index[a], index[b])] += 1
        edges = sorted(weights)
        ig = igraph.Graph(n=len(names), edges=edges)
        ig.es["weight"] = [weights[e] for e in edges]
        n = len(names)
        deg = ig.degree()
        btw = ig.betweenness(directed=False)
        depts = {}
        for d, i in index.items():
            depts[d] = {"tasks": sum(1 for ds in assigned.values() if d in ds), "lead_tasks": leads[plan].get(d, 0),
                        "degree": deg[i], "weighted_degree": ig.strength(i, weights="weight"),
                        "betweenness": btw[i] / ((n - 1) * (n - 2) / 2) if n > 2 else 0.0,
                        "core": ig.coreness()[i]}
        louvain = ig.community_multilevel(weights="weight") if edges else None
        out[plan] = {
            "tasks": len(assigned), "departments": n, "pairs": ig.ecount(),
            "density": ig.density() if n > 1 else 0.0,
            "components": len(ig.connected_components()) if n else 0,
            "centralization": sum(max(deg) - x for x in deg) / ((n - 1) * (n - 2)) if n > 2 else 0.0,
            "collaboration_rate": sum(1 for ds in assigned.values() if len(ds) >= 2) / len(assigned) if assigned else 0.0,
            "tasks_without_department": len(tasks.get(plan, {})) - len(assigned),
            "graph": ig, "index": index, "departments_": depts,
            "louvain_q": louvain.modularity if louvain is not None else 0.0,
        }
    return out


def _check_against_independent(ttl: Path, outdir: Path) -> int:
    """Assert every number of plans.csv and departments.csv; return how many numbers were compared."""
    ref = _independent(ttl)
    plans = _rows(outdir / "plans.csv")
    assert sorted(r["plan"] for r in plans) == sorted(ref)
    checked = 0
    for r in plans:
        x = ref[r["plan"]]
        for k in M.PLAN_METRICS + ("tasks_without_department",):
            assert float(r[k]) == pytest.approx(x[k], abs=TOL), (r["plan"], k)
            checked += 1
    by_plan: dict[str, dict[str, dict]] = defaultdict(dict)
    for r in _rows(outdir / "departments.csv"):
        by_plan[r["plan"]][r["department"]] = r
    for plan, x in ref.items():
        rows = by_plan.get(plan, {})
        assert sorted(rows) == sorted(x["departments_"]), plan
        for d, want in x["departments_"].items():
            for k, v in want.items():
                assert float(rows[d][k]) == pytest.approx(v, abs=TOL), (plan, d, k)
                checked += 1
        if x["pairs"]:  # our communities, scored by igraph, against igraph's own multilevel partition
            membership = [0] * x["graph"].vcount()
            for d, i in x["index"].items():
                membership[i] = int(rows[d]["community"])
            ours = x["graph"].modularity(membership, weights="weight")
            assert ours >= 0.9 * x["louvain_q"] - TOL, (plan, ours, x["louvain_q"])
            checked += 1
    return checked


def test_tianjin_numbers_equal_an_independent_computation(tianjin_net):
    n = _check_against_independent(tianjin_net / "out" / "graph.ttl", tianjin_net / "g")
    plans = _rows(tianjin_net / "g" / "plans.csv")
    assert len(plans) == 4
    jinghai = next(r for r in plans if r["plan"].endswith("/jinghai-2021-keji-sannian"))
    assert (jinghai["departments"], jinghai["pairs"]) == ("17", "23")  # 23 pairs, as `shared-responsibilities`
    assert n > 100


def test_state_council_numbers_equal_an_independent_computation(guowuyuan_net):
    """47 plans, networks of up to about thirty departments with leads marked: a harder check."""
    n = _check_against_independent(guowuyuan_net / "out" / "graph.ttl", guowuyuan_net / "g")
    rows = _rows(guowuyuan_net / "g" / "departments.csv")
    assert any(int(r["lead_tasks"]) > 0 for r in rows)
    assert any(int(r["community"]) > 1 for r in rows)
    assert n > 500


def test_graph_and_store_give_identical_files_and_runs_repeat(tianjin_net):
    from graph.analysis.exports import FILES
    for name in FILES:
        first = (tianjin_net / "g" / name).read_bytes()
        assert first == (tianjin_net / "s" / name).read_bytes(), name
        assert first == (tianjin_net / "g2" / name).read_bytes(), name


def test_exports_read_back_with_networkx_metrics_included(tianjin_net):
    rows = {(r["plan"], r["department"]): r for r in _rows(tianjin_net / "g" / "departments.csv")}
    d = tianjin_net / "g"
    for G in (nx.read_gexf(d / "network.gexf"), nx.read_graphml(d / "network.graphml"), nx.read_pajek(d / "network.net")):
        assert G.number_of_nodes() == len(rows)
        seen = set()
        for _, a in G.nodes(data=True):
            r = rows[(a["plan"], a["department"])]
            seen.add((a["plan"], a["department"]))
            assert a["label"] == r["label"]
            for k in M.DEPARTMENT_METRICS:
                assert float(a[k]) == pytest.approx(float(r[k]), abs=TOL), k
        assert len(seen) == len(rows)
        weights = sorted(float(w) for *_, w in G.edges(data="weight"))
        assert sum(weights) == sum(float(r["weighted_degree"]) for r in rows.values()) / 2
    gexf = (d / "network.gexf").read_text(encoding="utf-8")
    assert "lastmodifieddate" not in gexf  # networkx stamps today's date: removed for identical bytes


def test_issuers_hold_the_state_council_and_military_commission_offices(guowuyuan_net):
    rows = _rows(guowuyuan_net / "g" / "issuers.csv")
    pairs = {frozenset((r["first_label"], r["second_label"])): r for r in rows}
    r = pairs[frozenset(("国务院办公厅", "中央军委办公厅"))]
    assert "国务院办公厅、中央军委办公厅关于加强对侵华日军遗弃化学武器调查和管理工作的通知" in r["titles"]
    assert int(r["documents"]) == len(r["document_iris"].split()) >= 1
    # a cited document's issuers read from its title: 中共中央办公厅 国务院办公厅关于…
    assert frozenset(("中共中央办公厅", "国务院办公厅")) in pairs
    assert all(r["first"] < r["second"] for r in rows)


def test_report_in_both_languages(tianjin_net, tmp_path):
    zh = (tianjin_net / "g" / "report.md").read_text(encoding="utf-8")
    assert zh.startswith("# 部门协同网络分析") and "区科技局" in zh and "最核心的十个部门" in zh
    out = tmp_path / "en"
    assert main(["network", "--graph", str(tianjin_net / "out" / "graph.ttl"), "-o", str(out), "-q", "--lang", "en"]) == 0
    en = (out / "report.md").read_text(encoding="utf-8")
    assert en.startswith("# Department network analysis") and "The ten most central departments" in en
    assert (out / "plans.csv").read_bytes() == (tianjin_net / "g" / "plans.csv").read_bytes()


def test_plan_option_keeps_one_plan(tianjin_net, tmp_path):
    out = tmp_path / "one"
    assert main(["network", "--graph", str(tianjin_net / "out" / "graph.ttl"), "-o", str(out), "-q",
                 "--plan", "jinghai-2021-keji-sannian"]) == 0
    assert [r["plan"].rsplit("/", 1)[1] for r in _rows(out / "plans.csv")] == ["jinghai-2021-keji-sannian"]
    full = [r for r in _rows(tianjin_net / "g" / "departments.csv") if r["plan"].endswith("/jinghai-2021-keji-sannian")]
    assert _rows(out / "departments.csv") == full


# ---------------------------------------------------------------- bad input: one line, non-zero exit

def _fails(capsys, args: list[str], expect: str) -> None:
    assert main(["network", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and err.startswith("policykg: error: "), err
    assert expect in err, err


def test_bad_input_one_line_error(tianjin_net, tmp_path, capsys):
    ttl = str(tianjin_net / "out" / "graph.ttl")
    _fails(capsys, ["--graph", ttl, "-o", str(tmp_path / "x"), "--plan", "no-such-plan"], "no plan no-such-plan")
    no_tasks = tmp_path / "plans-only.ttl"
    no_tasks.write_text("<https://w3id.org/policykg/id/plan/p> a <https://w3id.org/policykg#Plan> .\n", encoding="utf-8")
    _fails(capsys, ["--graph", str(no_tasks), "-o", str(tmp_path / "x")], "no tasks")
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    _fails(capsys, ["--graph", str(empty), "-o", str(tmp_path / "x")], "no plan")
    garbage = tmp_path / "garbage.ttl"
    garbage.write_bytes(b"\x00\xff this is not turtle {{{")
    _fails(capsys, ["--graph", str(garbage), "-o", str(tmp_path / "x")], "garbage.ttl")
    _fails(capsys, ["--graph", str(tmp_path / "missing.ttl"), "-o", str(tmp_path / "x")], "missing.ttl")
    _fails(capsys, ["--store", str(tmp_path / "no-store"), "-o", str(tmp_path / "x")], "no-store")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    _fails(capsys, ["--graph", ttl, "-o", str(blocker / "sub")], "cannot write")
    assert not (tmp_path / "x").exists()


# ---------------------------------------------------------------- the definitions on small networks

def test_metrics_on_a_star_a_clique_and_a_path():
    star = M.department_network({"t1": ["hub", "a"], "t2": ["hub", "b"], "t3": ["hub", "c"], "t4": ["hub"]})
    assert M.centralization(star) == 1.0 and M.density(star) == 0.5
    assert M.betweenness(star)["hub"] == 1.0 and M.weighted_degrees(star)["hub"] == 3
    assert M.collaboration_rate({"t1": ["hub", "a"], "t2": ["hub"], "t3": []}) == 0.5
    clique = M.department_network({"t": ["a", "b", "c", "d"], "u": ["a", "b"]})
    assert M.centralization(clique) == 0.0 and M.density(clique) == 1.0 and M.cores(clique)["a"] == 3
    assert clique["a"]["b"]["weight"] == 2
    path = M.department_network({"1": ["a", "b"], "2": ["b", "c"], "3": ["d"]})
    assert M.components(path) == 2 and M.betweenness(path)["b"] == pytest.approx(1 / 3)
    two = M.department_network({"1": ["a", "b"], "2": ["c", "d"]})
    assert M.communities(two) == {"a": 1, "b": 1, "c": 2, "d": 2}
    empty = M.department_network({})
    assert (M.density(empty), M.components(empty), M.centralization(empty)) == (0.0, 0, 0.0)


def test_network_does_not_depend_on_row_order():
    rows = {f"t{i}": [f"d{(i * 7) % 11}", f"d{(i * 3) % 11}", f"d{i % 5}"] for i in range(40)}
    a = M.department_metrics(M.department_network(rows))
    b = M.department_metrics(M.department_network(dict(reversed(list(rows.items())))))
    assert a == b


def test_same_network_as_the_map(ref_ttl):
    """The map's department view of one plan and the analysis's network are the same nodes, links and
    weights (the map will size and colour nodes by these metrics)."""
    from graph.analysis.tables import analyse
    from graph.map.network import department_graph
    from graph.query.engine import open_source

    src = open_source(graph=ref_ttl)
    (pn,) = analyse(src).plans
    mapped = department_graph(src)
    assert sorted(pn.graph.nodes) == sorted(mapped.nodes)
    assert {frozenset((u, v)): w for u, v, w in pn.graph.edges(data="weight")} == \
        {frozenset((u, v)): w for u, v, w in mapped.edges(data="weight")}
    assert {d: m.tasks for d, m in pn.departments.items()} == {d: a["n_tasks"] for d, a in mapped.nodes(data=True)}


def test_analysis_imports_one_way():
    """graph.analysis → graph.query → graph.stores → graph.model: never the map, compare or the CLI
    (the map imports the analysis)."""
    import ast

    from conftest import REPO
    for f in sorted((REPO / "graph" / "analysis").glob("*.py")):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                mod = ("." * node.level) + (node.module or "")
                assert not mod.lstrip(".").startswith(("map", "compare", "graph.map", "graph.compare", "policykg")), (f.name, mod)
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith(("graph.map", "graph.compare", "policykg")) for a in node.names), f.name

"""Network views, the map page's data and HTML, exports and ``policykg map`` (no browser needed)."""
from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from itertools import combinations

import networkx as nx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graph.map import exports, page as mapview
from graph.map import network as gn
from graph.model.vocab import ID_BASE, POL

from conftest import REPO

KEJI = ID_BASE + "dept/天津市静海区/科技局"
HEZUO = ID_BASE + "dept/天津市静海区/合作示范区-管委会"
REF_ID = "jinghai-2021-keji-sannian"


@pytest.fixture(scope="module")
def ref_graph(reference_build) -> Graph:
    out, _ = reference_build
    return Graph().parse(out / "graph.ttl")


@pytest.fixture(scope="module")
def sources_build(tmp_path_factory):
    from policykg.build import build
    out = tmp_path_factory.mktemp("map-sources")
    build([REPO / "sources"], out)
    return out


@pytest.fixture(scope="module")
def sources_graph(sources_build) -> Graph:
    return Graph().parse(sources_build / "graph.ttl")


@pytest.fixture(scope="module")
def ref_depts(ref_graph) -> nx.Graph:
    return gn.department_graph(ref_graph)


def _shared_tasks_by_sparql(g: Graph, a: str, b: str) -> set[str]:
    q = """SELECT ?t WHERE { ?t a pol:Task ; pol:responsibleDepartment ?a, ?b . }"""
    return {str(r.t) for r in g.query(q, initNs={"pol": POL._NS}, initBindings={"a": URIRef(a), "b": URIRef(b)})}


# ---- departments view ----

def test_reference_departments_and_pairs(ref_graph, ref_depts):
    depts = {str(d) for d in ref_graph.objects(None, POL.responsibleDepartment)}
    assert set(ref_depts.nodes) == depts and len(depts) == 17
    pairs = set()
    for t in set(ref_graph.subjects(RDF.type, POL.Task)):
        ds = sorted(str(d) for d in ref_graph.objects(t, POL.responsibleDepartment))
        pairs |= set(combinations(ds, 2))
    assert {tuple(sorted(e)) for e in ref_depts.edges} == pairs and len(pairs) == 23


def test_keji_hezuo_edge_has_weight_7_and_lists_its_tasks(ref_graph, ref_depts):
    e = ref_depts.edges[KEJI, HEZUO]
    assert e["weight"] == 7
    assert set(e["tasks"]) == _shared_tasks_by_sparql(ref_graph, KEJI, HEZUO)
    assert len(e["tasks"]) == 7
    positions = [ref_depts.graph["tasks"][t]["position"] for t in e["tasks"]]
    assert positions == sorted(positions)  # in plan order
    assert max(w for *_, w in ref_depts.edges(data="weight")) == 7


def test_jaccard_and_newman_weights(ref_depts):
    G = ref_depts
    a, b = set(G.nodes[KEJI]["tasks"]), set(G.nodes[HEZUO]["tasks"])
    e = G.edges[KEJI, HEZUO]
    assert e["jaccard"] == pytest.approx(len(a & b) / len(a | b))
    tasks = G.graph["tasks"]
    assert e["newman"] == pytest.approx(sum(1 / (tasks[t]["departments"] - 1) for t in a & b))


def test_projection_weights_are_networkx_bipartite_projections(sources_graph):
    """The pairs, counts, Jaccard and Newman weights are those of networkx's bipartite projections."""
    from networkx.algorithms import bipartite as nxb
    G = gn.department_graph(sources_graph)
    B = nx.Graph()
    for d, a in G.nodes(data=True):
        B.add_node(d, bipartite=0)
        B.add_edges_from((d, ("task", t)) for t in a["tasks"])
    depts = list(G)
    counts = nxb.weighted_projected_graph(B, depts)
    jaccard = nxb.overlap_weighted_projected_graph(B, depts, jaccard=True)
    newman = nxb.collaboration_weighted_projected_graph(B, depts)
    assert G.number_of_edges() == counts.number_of_edges() > 20
    for u, v, a in G.edges(data=True):
        assert a["weight"] == counts[u][v]["weight"] == len(a["tasks"])
        assert a["jaccard"] == jaccard[u][v]["weight"]
        assert a["newman"] == round(newman[u][v]["weight"], 9)
        assert a["tasks"] == [t for t in G.nodes[u]["tasks"] if t in set(G.nodes[v]["tasks"])]


def test_several_values_are_picked_as_before(ref_graph):
    """A node with several values of one property (rows multiply): ``@zh`` or plain values first, then the
    smallest; a second plan that is not in the graph is ignored; an ``@en`` label never wins over ``@zh``."""
    from rdflib import Literal
    g = Graph()
    for t in ref_graph:
        g.add(t)
    task = sorted(str(t) for t in ref_graph.subjects(RDF.type, POL.Task))[0]
    section = sorted(str(s) for s in ref_graph.subjects(RDF.type, POL.Section))[0]
    text = str(next(ref_graph.objects(URIRef(task), POL.text)))
    before = gn.department_graph(ref_graph)
    g.add((URIRef(task), POL.text, Literal("0 an English text that sorts first", lang="en")))
    g.add((URIRef(task), POL.text, Literal("一" + text)))  # plain: competes with the @zh text
    g.add((URIRef(task), POL.inPlan, URIRef(ID_BASE + "plan/not-in-the-graph")))
    g.add((URIRef(section), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("0 first", lang="en")))
    G = gn.department_graph(g)
    assert G.graph["tasks"][task]["text"] == min(text, "一" + text)
    assert G.graph["tasks"][task]["plan"] == before.graph["tasks"][task]["plan"]
    assert G.graph["sections"][section] == before.graph["sections"][section]
    assert G.graph["tasks"].keys() == before.graph["tasks"].keys()


def test_department_attributes(ref_depts):
    keji = ref_depts.nodes[KEJI]
    assert keji["label"] == "区科技局" and keji["region"] == "天津市静海区" and keji["type"] == "科技局"
    assert keji["n_tasks"] == len(keji["tasks"]) == max(a["n_tasks"] for _, a in ref_depts.nodes(data=True))
    assert keji["n_lead"] == 0 and keji["lead_share"] == 0.0  # the reference plan marks no leads
    assert keji["plans"] == [REF_ID]


def test_lead_roles_counted(sources_graph):
    G = gn.department_graph(sources_graph)
    leads = {}
    for t, d in sources_graph.subject_objects(POL.leadDepartment):
        leads[str(d)] = leads.get(str(d), 0) + 1
    assert leads, "the sources are expected to mark lead departments"
    for d, n in leads.items():
        assert G.nodes[d]["n_lead"] == n
        assert G.nodes[d]["lead_share"] == pytest.approx(n / G.nodes[d]["n_tasks"])


def test_plan_filter(sources_graph, ref_depts):
    G = gn.department_graph(sources_graph, plans=[REF_ID])
    assert set(G.nodes) == set(ref_depts.nodes)
    assert {tuple(sorted(e)) for e in G.edges} == {tuple(sorted(e)) for e in ref_depts.edges}
    assert list(G.graph["plans"]) == [ID_BASE + "plan/" + REF_ID]
    with pytest.raises(ValueError, match="no plan nope"):
        gn.department_graph(sources_graph, plans=["nope"])


# ---- bipartite and plans views ----

def test_bipartite_roles(sources_graph):
    B = gn.bipartite_graph(sources_graph)
    roles = {(str(d), str(t)): r for r, p in (("lead", POL.leadDepartment), ("support", POL.supportingDepartment))
             for t, d in sources_graph.subject_objects(p)}
    assert roles
    for (d, t), r in roles.items():
        assert B.edges[d, t]["role"] == r
    n_resp = len(set(sources_graph.subject_objects(POL.responsibleDepartment)))
    assert sum(1 for *_, k in B.edges(data="kind") if k == "role") == n_resp
    assert nx.is_bipartite(B)
    kinds = {k for _, k in B.nodes(data="kind")}
    assert kinds == {"department", "task"}


def test_bipartite_optional_kinds(ref_graph):
    B = gn.bipartite_graph(ref_graph, include=gn.EXTRAS)
    kinds = {k for _, k in B.nodes(data="kind")}
    assert kinds == {"department", "task", "policy", "institution", "target"}
    n_targets = len(set(ref_graph.subjects(RDF.type, POL.Target)))
    assert sum(1 for _, k in B.nodes(data="kind") if k == "target") == n_targets
    with pytest.raises(ValueError, match="unknown node kind"):
        gn.bipartite_graph(ref_graph, include=["people"])


def test_plans_view_aligns_types(sources_graph):
    P = gn.plans_graph(sources_graph)
    pos = gn.aligned_layout(P)
    keji = [n for n, a in P.nodes(data=True) if a["type"] == "科技局"]
    assert len({P.nodes[n]["region"] for n in keji}) >= 2
    assert len({pos[n][1] for n in keji}) == 1  # same row
    assert len({pos[n][0] for n in keji}) == len(keji)  # different columns
    same = [(u, v) for u, v, k in P.edges(data="kind") if k == "same_type"]
    assert same and all(P.nodes[u]["type"] == P.nodes[v]["type"] and P.nodes[u]["region"] != P.nodes[v]["region"]
                        for u, v in same)
    assert P.graph["regions"][0] == "国务院"
    shared = [(u, v) for u, v, k in P.edges(data="kind") if k == "shared"]
    assert len(shared) == gn.department_graph(sources_graph).number_of_edges()


def test_layout_is_deterministic_and_spread():
    G = nx.connected_watts_strogatz_graph(600, 4, 0.1, seed=1)  # one component above networkx's numpy limit
    G.add_edges_from([("a", "b"), ("c", "d")])
    p1, p2 = gn.layout(G), gn.layout(G)
    assert p1 == p2
    pts = {(round(x, 1), round(y, 1)) for x, y in p1.values()}
    assert len(pts) > 0.95 * len(p1)


# ---- page data and HTML ----

def test_script_json_escapes():
    s = "</script><script>alert(1)</script> <!-- & \u2028\u2029 <img src=x onerror=alert(1)>"
    out = mapview.script_json({"t": s})
    assert not re.search("[<>&\u2028\u2029]", out)
    assert json.loads(out) == {"t": s}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained(ref_depts, tmp_path):
    html = mapview.render_html(mapview.map_data(ref_depts))
    p = _Tags()
    p.feed(html)
    scripts = [a for t, a in p.tags if t == "script"]
    assert len(scripts) == 3 and scripts[0] == {"type": "application/json", "id": "pkg-data"}  # data, vis, ours
    assert not [t for t, a in p.tags if t in ("link", "img", "iframe", "object", "embed", "base")]
    assert not [a for _, a in p.tags if {"src", "href", "srcset"} & set(a)]
    assert not re.search(r"@import|url\(\s*['\"]?https?:", html, re.I)
    assert "sourceMappingURL" not in html
    assert "cdn" not in html.lower().replace("cdnresources", "")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp
    for body in re.findall(r"<script>(.*?)</script>", html, re.S):
        assert mapview._sha256(body) in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_map_data_reference(ref_depts):
    d = mapview.map_data(ref_depts)
    assert len(d["nodes"]) == 17 and len(d["edges"]) == 23
    assert d["options"]["physics"]["enabled"] is True  # small: settles, then the page turns physics off
    assert d["defaultColor"] == "community"  # clusters of departments (Louvain) first
    assert [m for m, _ in d["colorModes"]] == ["community", "lead", "type"]
    assert d["initialPlan"] == -1 and d["notice"] == ""
    idx = {n["id"]: i for i, n in enumerate(d["nodes"])}
    e = next(e for e in d["edges"] if {e["from"], e["to"]} == {idx[KEJI], idx[HEZUO]})
    assert len(e["tasks"]) == 7


def test_large_map_opens_filtered(sources_graph):
    G = gn.department_graph(sources_graph)
    d = mapview.map_data(G, max_nodes=10)
    assert d["initialPlan"] >= 0 and "图较大" in d["notice"]
    assert d["options"]["physics"]["enabled"] is True
    d = mapview.map_data(G)
    assert d["initialPlan"] == -1


def test_big_graph_has_no_physics(monkeypatch, sources_graph):
    monkeypatch.setattr(mapview, "PHYSICS_MAX_NODES", 10)
    d = mapview.map_data(gn.department_graph(sources_graph))
    assert d["options"]["physics"]["enabled"] is False
    assert d["options"]["interaction"]["hideEdgesOnDrag"] is True


# ---- exports ----

def _pyvis_options(n_nodes: int, physics: bool, view: str) -> dict:
    """The options as the map once had pyvis set them up (the reference for ``page._options``)."""
    from pyvis.network import Network
    net = Network(directed=False, cdn_resources="remote")
    net.barnes_hut(gravity=-5000, central_gravity=0.25, spring_length=140, spring_strength=0.03,
                   damping=0.4, overlap=0.2)
    net.toggle_physics(physics)
    net.options.interaction.hideEdgesOnDrag = n_nodes > mapview.PHYSICS_MAX_NODES
    opts = json.loads(net.options.to_json())
    opts.pop("configure", None)
    opts["physics"]["stabilization"] = {"enabled": physics, "iterations": 200 if n_nodes <= 100 else 100,
                                        "updateInterval": 25, "fit": True}
    opts["physics"]["minVelocity"] = 1.0
    opts["edges"] = {"smooth": False, "color": {"inherit": False}, "selectionWidth": 1.5, "hoverWidth": 1,
                     "scaling": {"min": 1, "max": 10}}
    opts["nodes"] = {"shape": "dot", "borderWidth": 1, "scaling": {"min": 10, "max": 28 if view == "plans" else 42,
                                                                   "label": {"enabled": False}},
                     "font": {"face": mapview.FONT, "size": 15, "color": "#1f2933", "strokeWidth": 4,
                              "strokeColor": "#ffffff"}}
    opts["interaction"].update({"hover": True, "tooltipDelay": 100,
                                "hideEdgesOnZoom": n_nodes > mapview.PHYSICS_MAX_NODES, "navigationButtons": False,
                                "keyboard": {"enabled": True, "bindToWindow": False}, "zoomSpeed": 0.6})
    opts["layout"] = {"improvedLayout": False, "randomSeed": 7}
    return opts


@pytest.mark.parametrize("n_nodes,physics,view", [(10, True, "departments"), (100, True, "bipartite"),
                                                  (101, True, "departments"), (301, False, "departments"),
                                                  (50, False, "plans"), (5000, False, "plans")])
def test_options_are_those_pyvis_sets_up(n_nodes, physics, view):
    """The options are written out (importing pyvis costs more than drawing a map): same JSON, byte for byte."""
    mine = json.dumps(mapview._options(n_nodes, physics, view))
    assert mine == json.dumps(_pyvis_options(n_nodes, physics, view))


def test_drawing_a_map_does_not_import_pyvis(ref_graph, tmp_path):
    """pyvis pulls in IPython and Jinja; the map needs only its bundled vis-network file."""
    import subprocess
    import sys
    ttl = tmp_path / "g.ttl"
    ref_graph.serialize(ttl, format="turtle")
    code = ("import sys; from graph.map.page import write_map; "
            f"write_map({str(ttl)!r}, {str(tmp_path / 'm.html')!r}); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyvis', 'IPython', 'jinja2')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert (tmp_path / "m.html").stat().st_size > 100_000


def test_drawing_a_map_imports_nothing_its_module_did_not(ref_graph, tmp_path):
    """A build imports graph.map.page while its workers extract, so that drawing the map at the end loads no
    module (networkx imports numpy.random on a layout's first call: the map's module imports it ahead)."""
    import subprocess
    import sys
    ttl = tmp_path / "g.ttl"
    ref_graph.serialize(ttl, format="turtle")
    code = ("import sys, pyoxigraph as ox; from graph.map.page import write_map; "
            f"s = ox.Store(); s.bulk_load(path={str(ttl)!r}, format=ox.RdfFormat.TURTLE); "
            f"before = set(sys.modules); write_map(s, {str(tmp_path / 'm.html')!r}); "
            "print(sorted(set(sys.modules) - before))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_exports_round_trip(ref_depts, tmp_path):
    gexf = exports.write_gexf(ref_depts, tmp_path / "m.gexf")
    graphml = exports.write_graphml(ref_depts, tmp_path / "m.graphml")
    for G in (nx.read_gexf(gexf), nx.read_graphml(graphml)):
        assert G.number_of_nodes() == 17 and G.number_of_edges() == 23
        assert int(G.edges[KEJI, HEZUO]["weight"]) == 7
        assert G.nodes[KEJI]["label"] == "区科技局"
    assert "<viz:position" in gexf.read_text(encoding="utf-8")
    rows = list(csv.DictReader(open(exports.write_csv(ref_depts, tmp_path / "m.csv"), encoding="utf-8-sig")))
    assert len(rows) == 23
    assert (rows[0]["source_label"], rows[0]["target_label"], rows[0]["weight"]) == ("区科技局", "合作示范区管委会", "7")
    assert len(rows[0]["tasks"].split("; ")) == 7 and len(rows[0]["task_texts"].split(exports.SEP)) == 7


def test_cli_map(reference_build, tmp_path, capsys):
    from policykg.cli import main
    out, _ = reference_build
    files = [tmp_path / n for n in ("m.html", "m.gexf", "m.csv")]
    assert main(["map", str(out), *[a for f in files for a in ("-o", str(f))]]) == 0
    assert all(f.is_file() for f in files)
    assert main(["map", str(out / "graph.ttl"), "--view", "bipartite", "--include", "targets",
                 "-o", str(tmp_path / "b.html")]) == 0
    assert main(["map", str(out), "--plan", "nope", "-o", str(tmp_path / "x.html")]) == 2
    assert main(["map", str(out), "-o", str(tmp_path / "x.png")]) == 2
    assert main(["map", str(out), "--include", "targets", "-o", str(tmp_path / "x.html")]) == 2
    assert not (tmp_path / "x.html").exists()
    assert "no plan nope" in capsys.readouterr().err


def test_write_map_api(ref_graph, tmp_path):
    p = mapview.write_map(ref_graph, tmp_path / "sub" / "map.html")
    assert p.is_file() and p.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [f.name for f in p.parent.iterdir()] == ["map.html"]  # no temporary files, no lib/ folder


def test_write_map_gives_the_garbage_collector_back(ref_graph, tmp_path):
    """The collector paused while drawing is running again after the map, also after a failure, and stays
    off for a caller who had switched it off."""
    import gc
    assert gc.isenabled()
    mapview.write_map(ref_graph, tmp_path / "map.html")
    assert gc.isenabled()
    with pytest.raises(ValueError, match="no plan nope"):
        mapview.write_map(ref_graph, tmp_path / "map.html", plans=["nope"])
    assert gc.isenabled()
    gc.disable()
    try:
        mapview.write_map(ref_graph, tmp_path / "map.html")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_same_graph_same_files_whatever_the_hash_seed(sources_build, tmp_path):
    """Builds are byte-identical: positions, orders and weights must not follow set order."""
    import subprocess
    import sys
    out = sources_build
    files = []
    for seed in ("1", "2"):
        outs = [tmp_path / f"{seed}.{ext}" for ext in ("html", "gexf", "graphml", "csv")]
        subprocess.run([sys.executable, "-m", "policykg", "map", str(out), *[a for o in outs for a in ("-o", str(o))]],
                       check=True, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, cwd=REPO,
                       capture_output=True)
        files.append([o.read_bytes() for o in outs])
    assert files[0] == files[1]


def test_same_name_in_two_regions_is_told_apart_on_the_map(sources_graph):
    d = mapview.map_data(gn.department_graph(sources_graph))
    keji = [n for n in d["nodes"] if n["label"] == "区科技局"]
    assert len(keji) == 2
    assert sorted(n["display"] for n in keji) == ["区科技局\n天津市东丽区", "区科技局\n天津市静海区"]
    assert all("display" not in n for n in d["nodes"] if n["label"] == "财政部")


def test_target_labels_print_values_as_written(ref_graph):
    B = gn.bipartite_graph(ref_graph, include=["targets"])
    labels = [a["label"] for _, a in B.nodes(data=True) if a["kind"] == "target"]
    assert labels and not [l for l in labels if re.search(r"\d\.0(?!\d)", l)]
    assert any("3.2%" in l for l in labels)


def test_initial_edge_weight(ref_depts):
    assert mapview.map_data(ref_depts, weight="newman")["defaultWeight"] == "newman"
    with pytest.raises(ValueError, match="unknown edge weight"):
        mapview.map_data(ref_depts, weight="pagerank")


def test_metrics_are_those_of_graph_analysis_per_plan_and_over_the_map(sources_graph, monkeypatch, tmp_path):
    """Each department carries the numbers of graph/analysis/metrics.py: over the map, and plan by plan."""
    from collections import defaultdict
    from graph.analysis import metrics as M
    G = gn.department_graph(sources_graph)
    td = defaultdict(list)
    for n, a in G.nodes(data=True):
        for t in a["tasks"]:
            td[t].append(n)
    want = M.department_metrics(M.department_network(td))
    for n, a in G.nodes(data=True):
        m = a["metrics"]
        assert (m["degree"], m["weighted_degree"], m["core"], m["community"]) == (
            want[n].degree, want[n].weighted_degree, want[n].core, want[n].community)
        assert m["betweenness"] == pytest.approx(want[n].betweenness, abs=1e-9)
        assert set(a["plan_metrics"]) <= set(G.graph["plans"])
    # above BETWEENNESS_MAX_NODES departments, the whole map's betweenness is left out, each plan keeps its own
    monkeypatch.setattr(gn, "BETWEENNESS_MAX_NODES", 10)
    G = gn.department_graph(sources_graph)
    assert all(a["metrics"]["betweenness"] is None for _, a in G.nodes(data=True))
    assert all(isinstance(m["betweenness"], float) for _, a in G.nodes(data=True) for m in a["plan_metrics"].values())
    d = mapview.map_data(G)
    assert all(n["m"][gn.METRICS.index("betweenness")] is None for n in d["nodes"] if n["kind"] == "department")
    out = exports.export(sources_graph, [tmp_path / "m.gexf"])  # exports skip what is not there
    H = nx.read_gexf(out[0])
    assert all("metric_degree" in a for _, a in H.nodes(data=True))


@pytest.mark.parametrize("which", ["reference", "sources"])
def test_map_of_the_predicates_it_reads_is_the_whole_graphs_map(which, reference_build, sources_build, tmp_path):
    """``policykg build`` draws its map from its plans' rows beside a store of the shared nodes' triples
    whose predicates are in graph.map.reads.DEPARTMENTS_MAP; the page of a graph of those predicates
    alone must be the one drawn from the whole graph."""
    import pyoxigraph as ox

    from graph.map.reads import DEPARTMENTS_MAP

    out = reference_build[0] if which == "reference" else sources_build
    whole = ox.Store()
    whole.bulk_load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    part = ox.Store()
    part.extend(q for q in whole if q.predicate.value in DEPARTMENTS_MAP)
    assert 0 < len(part) < len(whole)
    mapview.write_map(whole, tmp_path / "whole.html", view="departments")
    mapview.write_map(part, tmp_path / "part.html", view="departments")
    assert (tmp_path / "whole.html").read_bytes() == (tmp_path / "part.html").read_bytes()


# ---- the plans' rows: read by SPARQL, or made from a plan's triples by a build ----


def _records(extractor, tianjin, guowuyuan):
    from extract.pipeline import NotAPlan
    from extract.reading import read_source

    recs = []
    for p in sorted(tianjin.glob("*.txt")) + sorted(guowuyuan.glob("*.html"))[:12]:
        try:
            recs.append(extractor(read_source(p)))
        except NotAPlan:
            pass
    assert len(recs) >= 10
    return recs


def _plain(rows):
    """PlanRows as plain data to compare: a node's rows and links in any order (the views pick among a
    node's several rows by value and language, never by order)."""
    def some(part):
        return {s: sorted(r, key=repr) for s, r in part.items()}

    return (rows.links, rows.plans, some(rows.tasks), some(rows.sections),
            {s: {p: sorted(o) for p, o in v.items()} for s, v in rows.linked.items()})


def _both_ways(triples, links):
    import pyoxigraph as ox

    from graph.map import rows as R
    from graph.model import terms as T

    store = ox.Store()
    store.load(input=T.ntriples(triples).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return R.plan_rows(triples, links), R.read_plan_rows(store, None, links)


@pytest.mark.parametrize("which", ["roles", "all links"])
def test_plan_rows_made_from_triples_are_the_rows_sparql_reads(which, extractor, tianjin, guowuyuan):
    """What a build makes of each plan's triples is what the queries read of a store holding them, plan
    by plan or all at once: the plans' properties as terms, one row per task and section, the links."""
    from graph.map import rows as R
    from graph.model.rdf import plan_triples_alone

    links = R.ROLES if which == "roles" else R.TASK_LINKS
    merged = R.PlanRows(links)
    every = []
    for rec in _records(extractor, tianjin, guowuyuan):
        triples = plan_triples_alone(rec)
        made, read = _both_ways(triples, links)
        assert _plain(made) == _plain(read)
        merged.merge(made)
        every += triples
    _, read = _both_ways(every, links)
    assert _plain(merged) == _plain(read)
    assert len(merged.tasks) > 300 and len(merged.sections) > 100 and sum(map(len, merged.linked.values())) > 100


def test_plan_rows_of_nodes_with_several_values_carry_their_languages(extractor, tianjin):
    """A task with several texts or plans, a section with several labels: every combination, each text
    followed by its language, as the query that asks for the languages gives them; escaped text too."""
    from extract.reading import read_source
    from graph.map import rows as R
    from graph.model import terms as T
    from graph.model.rdf import plan_triples_alone

    rec = extractor(read_source(tianjin / f"{REF_ID}.txt"))
    triples = plan_triples_alone(rec)
    task = next(s for s, p, o in triples if o == f"<{POL.Task}>")
    section = next(s for s, p, o in triples if o == f"<{POL.Section}>")
    triples += [(task, f"<{POL.text}>", T.lit("an English text", "en")), (task, f"<{POL.text}>", T.lit('引号"与\\斜杠\n换行')),
                (task, f"<{POL.inPlan}>", T.iri(ID_BASE + "plan/another")),
                (section, "<http://www.w3.org/2000/01/rdf-schema#label>", T.lit("first", "en"))]
    made, read = _both_ways(triples, R.ROLES)
    assert len(made.tasks[task[1:-1]]) == 2 * 3 and len(made.tasks[task[1:-1]][0]) == 6  # with the text's language
    assert len(made.sections[section[1:-1]]) == 2
    assert _plain(made) == _plain(read)


def test_a_map_of_known_rows_is_the_map_of_the_graph(reference_build, tmp_path):
    """What ``policykg build`` hands the map (its plans' rows beside a store of the shared nodes) draws
    the page drawn from the whole graph; the rows are for a view of every plan with their links."""
    import pyoxigraph as ox

    from graph.map import rows as R

    out, _ = reference_build
    whole = ox.Store()
    whole.bulk_load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    rows = R.read_plan_rows(whole, None, R.ROLES)
    shared = ox.Store()
    shared.extend(q for q in whole if "/id/dept/" in q.subject.value or "/id/type/" in q.subject.value)
    known = R.KnownRows(shared, rows)
    mapview.write_map(whole, tmp_path / "whole.html", view="departments")
    mapview.write_map(known, tmp_path / "known.html", view="departments")
    assert (tmp_path / "whole.html").read_bytes() == (tmp_path / "known.html").read_bytes()
    with pytest.raises(ValueError, match="every plan"):
        gn.department_graph(known, plans=[REF_ID])
    with pytest.raises(ValueError, match="every plan"):
        gn.bipartite_graph(known)

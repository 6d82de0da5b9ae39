"""Are the maps of many plans readable? Measured from the drawn page in headless Chromium.

Every text the page draws on the map's canvas is caught as it is drawn (``fillText`` wrapped for one
redraw) and its box computed from the canvas's own font metrics and transform: this counts what a
reader sees, whoever drew it (the page's label layer or vis-network), not what the page says it did.
One browser for the module; the maps are those of the plans in ``sources/``, built once.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import REPO
from test_map_browser import Chromium, assert_clean, chromium_path

from graph.analysis import metrics as M
from graph.map import network as gn
from graph.map import page as mapview

# every text drawn on the map canvas during one redraw, as boxes in canvas pixels
DRAWN_TEXT = """(() => {
  const canvas = document.querySelector('#network canvas'), boxes = [];
  const proto = CanvasRenderingContext2D.prototype, orig = proto.fillText;
  proto.fillText = function (text, x, y) {
    if (this.canvas === canvas && String(text).trim()) {
      const m = this.measureText(text), t = this.getTransform();
      const x0 = x - m.actualBoundingBoxLeft, x1 = x + m.actualBoundingBoxRight;
      const y0 = y - m.fontBoundingBoxAscent, y1 = y + m.fontBoundingBoxDescent;
      const xs = [t.a * x0 + t.c * y0 + t.e, t.a * x1 + t.c * y1 + t.e].sort((a, b) => a - b);
      const ys = [t.b * x0 + t.d * y0 + t.f, t.b * x1 + t.d * y1 + t.f].sort((a, b) => a - b);
      boxes.push({text: String(text), box: [xs[0], ys[0], xs[1], ys[1]], px: parseFloat(this.font) * t.d});
    }
    return orig.apply(this, arguments);
  };
  try { pkgMap.network.redraw(); } finally { proto.fillText = orig; }
  return {width: canvas.width, height: canvas.height,
          boxes: boxes.filter(b => b.box[2] > 0 && b.box[3] > 0 && b.box[0] < canvas.width && b.box[1] < canvas.height)};
})()"""


def overlaps(boxes: list[dict], tolerance: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes overlap by more than ``tolerance`` pixels both ways."""
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            ax0, ay0, ax1, ay1 = a["box"]
            bx0, by0, bx1, by1 = b["box"]
            if min(ax1, bx1) - max(ax0, bx0) > tolerance and min(ay1, by1) - max(ay0, by0) > tolerance:
                out.append((a["text"], b["text"]))
    return out


@pytest.fixture(scope="module")
def browser():
    if not chromium_path():
        pytest.skip("chromium is not installed (apt-get install chromium fonts-wqy-microhei)")
    with Chromium() as c:
        yield c


@pytest.fixture(scope="module")
def sources_out(tmp_path_factory):
    """The plans of ``sources/`` built once, without the build's own map."""
    from policykg.build import build
    out = tmp_path_factory.mktemp("sources")
    build([REPO / "sources"], out, warn=lambda m: None)
    return out


@pytest.fixture(scope="module")
def views(sources_out):
    """Each view's graph and page, written once."""
    g = sources_out / "graph.ttl"
    out = {}
    for view in gn.VIEWS:
        G = gn.view_graph(g, view)
        out[view] = (G, mapview.write_html(G, sources_out / f"map-{view}.html"))
    return out


def first_view(browser, path: Path) -> dict:
    browser.reset_events()
    browser.open(path, timeout=60)
    drawn = browser.eval(DRAWN_TEXT)
    drawn["labels"] = browser.eval("pkgMap.labels()")
    drawn["overlaps"] = overlaps(drawn["boxes"])
    assert_clean(browser, path.resolve().as_uri())
    return drawn


MEASURED: dict[str, dict] = {}


@pytest.mark.parametrize("view", [*gn.VIEWS, "plans-en"])
def test_first_view_has_no_overlapping_labels(browser, views, view):
    if view == "plans-en":  # English headers are longer
        G, path = views["plans"]
        path = mapview.write_html(G, Path(path).with_name("map-plans-en.html"), lang="en")
        view = "plans"
    else:
        G, path = views[view]
    d = first_view(browser, path)
    depts = [n for n, a in G.nodes(data=True) if a.get("kind", "department") == "department"]
    MEASURED[view] = {"texts": len(d["boxes"]), "overlaps": len(d["overlaps"]),
                      "placed": len(d["labels"]["placed"]), "of": d["labels"]["total"]}
    print(f"\n{view}: {MEASURED[view]}")
    assert d["overlaps"] == [], d["overlaps"][:10]
    assert all(b["px"] >= 11.5 for b in d["boxes"]), "labels are at least 12 px on screen"
    placed = set(d["labels"]["placed"])
    texts = {b["text"] for b in d["boxes"]}
    if view != "bipartite":  # most departments are named at once; the others appear on zoom
        assert len(placed & set(depts)) >= 0.9 * len(depts), (len(placed), len(depts))
    else:  # departments first; task labels fill what room is left, in words, not ids
        assert len(placed & set(depts)) >= 0.8 * len(depts)
        tasks = [a["label"] for n, a in G.nodes(data=True) if a["kind"] == "task" and n in placed]
        assert len(tasks) >= 50 and all("#" not in t and "任务" != t[:2] for t in tasks)
        assert set(tasks) <= texts
    # the most loaded department is always named
    top = max(depts, key=lambda n: (G.nodes[n]["n_tasks"], n))
    assert top in placed
    if view == "plans":  # every plan's region has its column header, also plans that name no department
        heads = d["labels"]["headers"]
        assert all(0 <= b["box"][0] and b["box"][2] <= d["width"] for b in d["boxes"] if b["text"] in
                   {h.split("\n")[0] for h in heads}), "headers are inside the map"
        regions = {p["region"] for p in G.graph["plans"].values()}
        assert {h.split("\n")[0] for h in heads} == regions and {"天津市滨海新区", "天津市"} <= regions
        assert any("未标注责任部门" in h or "no department named" in h for h in heads)
        assert {r for r in regions} <= texts


def test_a_label_left_out_appears_when_zooming_in(browser, views):
    G, path = views["bipartite"]  # the densest first view: most task labels wait for the zoom
    first_view(browser, path)
    shown = browser.eval("pkgMap.labels()")
    hidden = [n for n in G if n not in set(shown["placed"]) and G.nodes[n]["kind"] == "task"]
    assert hidden
    i = browser.eval(f"pkgMap.data.nodes.findIndex(n => n.id === {json.dumps(hidden[0])})")
    browser.eval(f"pkgMap.network.moveTo({{position: pkgMap.network.getPositions([{i}])[{i}], scale: 3}}); true")
    d = browser.eval(DRAWN_TEXT)
    assert overlaps(d["boxes"]) == []
    assert hidden[0] in browser.eval("pkgMap.labels()")["placed"]
    assert G.nodes[hidden[0]]["label"] in {b["text"] for b in d["boxes"]}


def test_slider_prunes_edges_by_shared_tasks(browser, views):
    G, path = views["departments"]
    first_view(browser, path)
    weights = {tuple(sorted((u, v))): w for u, v, w in G.edges(data="weight")}
    data = mapview.map_data(G)
    assert data["maxShared"] == max(weights.values())
    assert data["minShared"] >= 1
    for k in (1, 2, 3, data["maxShared"]):
        browser.eval(f"pkgMap.setMinShared({k}); true")
        drawn = browser.eval("pkgMap.selfCheck().edges")
        want = {p for p, w in weights.items() if w >= k}
        assert {tuple(sorted((e["from"], e["to"]))) for e in drawn} == want, k
        assert all(e["weight"] >= k for e in drawn)
        assert browser.eval("document.getElementById('min-shared-value').textContent") == str(k)
    assert len(weights) > sum(1 for w in weights.values() if w >= 2) > 0
    browser.eval("pkgMap.setMinShared(1); true")
    assert len(browser.eval("pkgMap.selfCheck().edges")) == len(weights)


def test_colours_follow_louvain_communities(browser, views):
    G, path = views["departments"]
    first_view(browser, path)
    assert browser.eval("document.getElementById('color-mode').value") == "community"
    comm = gn.communities(G)
    td = defaultdict(list)  # the departments of each task, as policykg network reads them
    for n, a in G.nodes(data=True):
        for t in a["tasks"]:
            td[t].append(n)
    # each department's community is that of networkx's Louvain (fixed seed) on the same weights, recomputed
    assert comm == M.communities(M.department_network(td))
    colour = browser.eval("Object.fromEntries(pkgMap.nodes.get().map(v => [pkgMap.data.nodes[v.id].id, v.color.background]))")
    by_comm: dict[int, set] = {}
    for n, c in comm.items():
        by_comm.setdefault(c, set()).add(colour[n])
    clusters = [c for c in by_comm if sum(1 for x in comm.values() if x == c) > 1]
    assert len(clusters) >= 3
    for c in clusters[:len(mapview.PALETTE)]:  # one colour per cluster, a different one for each
        assert len(by_comm[c]) == 1
    assert len({next(iter(by_comm[c])) for c in clusters[:len(mapview.PALETTE)]}) == len(clusters[:len(mapview.PALETTE)])
    legend = browser.eval("[...document.querySelectorAll('#legend-body .legend-row')].map(r => r.textContent)")
    assert any("个部门" in row for row in legend)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_speaks_the_language_asked(browser, views, lang):
    G, _ = views["departments"]
    path = mapview.write_html(G, Path(views["departments"][1]).with_name(f"map-{lang}.html"), lang=lang)
    first_view(browser, path)
    page = browser.eval("""({stats: document.getElementById('stats').textContent,
        bar: document.getElementById('bar').innerText, side: document.getElementById('side').innerText,
        lang: document.documentElement.lang,
        node: pkgMap.describe('node', 0), edge: pkgMap.describe('edge', 0)})""")
    n, e = G.number_of_nodes(), G.number_of_edges()
    data = mapview.map_data(G, lang=lang)
    shown = sum(1 for *_, w in G.edges(data="weight") if w >= data["minShared"])
    if lang == "en":
        assert page["lang"] == "en"
        assert page["stats"] == f"{n} departments · {e} department pairs (showing the {shown} sharing ≥ {data['minShared']})"
        assert "Shared at least" in page["bar"] and "Legend" in page["side"]
        assert re.fullmatch(r"\d+ tasks( \(lead \d+ · supporting \d+\))?", page["node"]["meta"][1])
        assert re.match(r"\d+ shared tasks · Jaccard ", page["edge"]["meta"][0])
    else:
        assert page["lang"] == "zh-CN"
        assert page["stats"] == f"{n} 个部门 · {e} 对协同部门（显示共同 ≥ {data['minShared']} 项的 {shown} 对）"
        assert "至少共同" in page["bar"] and "图例" in page["side"]
        assert re.fullmatch(r"\d+ 项任务(（牵头 \d+ · 配合 \d+）)?", page["node"]["meta"][1])
        assert re.match(r"共同任务 \d+ 项 · Jaccard ", page["edge"]["meta"][0])
    assert browser.eval("pkgMap.state.errors") == []  # no message key missing


def _departments_csv(graph: Path, out: Path) -> dict[tuple[str, str], dict]:
    """``policykg network``'s departments.csv of ``graph``: (plan, department) → row."""
    import csv
    from policykg.cli import main
    assert main(["network", "--graph", str(graph), "-o", str(out)]) == 0
    with (out / "departments.csv").open(encoding="utf-8-sig", newline="") as f:
        return {(r["plan"], r["department"]): r for r in csv.DictReader(f)}


def test_the_metrics_table_shows_the_numbers_of_policykg_network(browser, views, sources_out, tmp_path):
    """Item 3 of issue 17: the map's numbers are those of `policykg network`, plan by plan."""
    G, path = views["departments"]
    rows = _departments_csv(sources_out / "graph.ttl", tmp_path / "net")
    first_view(browser, path)
    cols = ["tasks", "lead_tasks", "degree", "weighted_degree", "betweenness", "core", "community"]
    plans = browser.eval("pkgMap.data.plans.map(p => p.id)")
    checked = 0
    for i, pid in enumerate(plans):
        iri = gn.PLAN_BASE + pid
        want = {d: r for (p, d), r in rows.items() if p == iri}
        browser.eval(f"pkgMap.setPlan({i}); pkgMap.setMinShared(1); true")
        table = browser.eval("pkgMap.metricsTable()")
        assert table["head"] == ["department", *cols]
        got = {r[0]: r[1:] for r in table["rows"]}
        assert set(got) == set(want), pid
        for d, r in want.items():
            expect = [r[c] if c != "betweenness" else f"{float(r[c]):.3f}" for c in cols]
            assert got[d] == expect, (pid, d)
            checked += 1
    assert checked == len(rows) > 50
    # all plans: the numbers of the whole map's network, by the same function
    browser.eval("pkgMap.setPlan(-1); true")
    got = {r[0]: r[1:] for r in browser.eval("pkgMap.metricsTable()")["rows"]}
    assert {d: v[cols.index("community")] for d, v in got.items()} == {n: str(c) for n, c in gn.communities(G).items()}
    assert {d: v[cols.index("degree")] for d, v in got.items()} == {n: str(G.degree(n)) for n in G}


def test_node_size_follows_the_chosen_metric(browser, views):
    G, path = views["departments"]
    first_view(browser, path)
    options = browser.eval("[...document.querySelectorAll('#size-mode option')].map(o => o.value)")
    assert options == ["tasks", "lead_tasks", "degree", "weighted_degree", "betweenness", "core"]
    for metric in ("betweenness", "degree", "tasks"):
        browser.eval(f"pkgMap.setSize('{metric}'); pkgMap.network.redraw(); true")
        sizes = browser.eval("Object.fromEntries(pkgMap.nodes.getIds().map(i => [pkgMap.data.nodes[i].id, pkgMap.network.body.nodes[i].options.size]))")
        value = {n: G.nodes[n]["metrics"][metric] for n in G}
        top = max(value.values())
        assert {n for n in G if sizes[n] == max(sizes.values())} == {n for n in G if value[n] == top}, metric
        low = min(value.values())
        assert all(sizes[n] == min(sizes.values()) for n in G if value[n] == low), metric
        head = browser.eval("document.querySelector('#metrics th.sorted').dataset.key")
        assert head == metric  # the table sorts by the size shown


def test_labels_move_with_the_map_when_panned(browser, views):
    G, path = views["departments"]
    first_view(browser, path)
    top = max(G, key=lambda n: (G.nodes[n]["n_tasks"], n))
    label = G.nodes[top]["label"]
    where = ("(() => { const i = pkgMap.data.nodes.findIndex(n => n.id === " + json.dumps(top) + ");"
             " return pkgMap.network.canvasToDOM(pkgMap.network.getPositions([i])[i]); })()")

    def box():
        return next(b["box"] for b in browser.eval(DRAWN_TEXT)["boxes"] if b["text"] == label)
    b0, p0 = box(), browser.eval(where)
    browser.eval("{ const n = pkgMap.network, c = n.getViewPosition(); n.moveTo({position: {x: c.x + 80 / n.getScale(), "
                 "y: c.y + 50 / n.getScale()}, scale: n.getScale()}); } true")
    b1, p1 = box(), browser.eval(where)
    assert (p1["x"] - p0["x"], p1["y"] - p0["y"]) == pytest.approx((-80, -50), abs=1)
    assert (b1[0] - b0[0], b1[1] - b0[1]) == pytest.approx((p1["x"] - p0["x"], p1["y"] - p0["y"]), abs=1)


def test_hundreds_of_departments_no_overlap(browser, tmp_path):
    """400 departments in 20 plans (bench/map_open.py's synthetic corpus): none of the labels drawn overlap."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("map_open", REPO / "bench" / "map_open.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    g = bench.synthetic_graph(400)
    for view in ("departments", "plans"):
        G = gn.view_graph(g, view)
        d = first_view(browser, mapview.write_html(G, tmp_path / f"{view}.html"))
        print(f"\n400 departments, {view}: {len(d['labels']['placed'])} of {d['labels']['total']} named, "
              f"{len(d['overlaps'])} overlapping")
        assert d["overlaps"] == []
        assert len(d["labels"]["placed"]) >= 80  # the busiest ones; the rest on zoom

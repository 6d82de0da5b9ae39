"""How long a large network map takes to build, open and settle in headless Chromium.

    python bench/map_open.py [--departments 5000] [--runs 3]

A synthetic corpus (one plan per region, 20 departments and 40 tasks per plan, 1–4 departments per
task, a lead in half of the plans) is built straight into an rdflib graph; its departments map is
written with ``graph.map.page`` and opened offline in Debian's chromium over the DevTools protocol
(the client in ``tests/test_map_browser.py``). Reported: graph → networkx view, layout + HTML, file
size, time from navigation to the page's ready flag (drawn and physics off), the page's own
settle time, and the time a plan filter and a search take in the open page. Two maps: the
default (above ``MAX_NODES`` nodes it opens filtered to one plan) and every node shown.
"""
from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from graph.model.vocab import ID_BASE, POL  # noqa: E402

BODIES = ["科技局", "发改委", "工信局", "财政局", "人社局", "教育局", "商务局", "农业农村委", "市场监管局", "统计局",
          "税务局", "卫健委", "生态环境局", "住建委", "交通局", "公安局", "司法局", "审计局", "网信办", "知识产权局"]


def synthetic_graph(n_departments: int = 5000, per_plan: int = 20, tasks_per_plan: int = 40, seed: int = 1) -> Graph:
    """A corpus graph with ``n_departments`` departments: one plan per region, ``per_plan`` departments each."""
    rng = random.Random(seed)
    g = Graph()
    n_plans = -(-n_departments // per_plan)
    for p in range(n_plans):
        region = f"测试市第{p + 1}区"
        pid = f"plan-{p:04d}"
        plan = URIRef(ID_BASE + "plan/" + pid)
        g.add((plan, RDF.type, POL.Plan))
        g.add((plan, DCTERMS.title, Literal(f"{region}科技创新行动方案", lang="zh")))
        g.add((plan, POL.region, Literal(region)))
        k = min(per_plan, n_departments - p * per_plan)
        depts = []
        for i in range(k):
            d = URIRef(ID_BASE + f"dept/{region}/{BODIES[i % len(BODIES)]}{i // len(BODIES) or ''}")
            depts.append(d)
            t = URIRef(ID_BASE + f"type/{BODIES[i % len(BODIES)]}")
            g.add((d, RDF.type, POL.Department))
            g.add((d, RDFS.label, Literal("区" + BODIES[i % len(BODIES)] + str(i // len(BODIES) or ""), lang="zh")))
            g.add((d, POL.region, Literal(region)))
            g.add((d, POL.departmentType, t))
            g.add((t, SKOS.prefLabel, Literal(BODIES[i % len(BODIES)], lang="zh")))
        sections = []
        for s in range(1, 6):
            sec = URIRef(ID_BASE + f"section/{pid}/{s}")
            sections.append(sec)
            for pr, o in ((RDF.type, POL.Section), (POL.inPlan, plan), (RDFS.label, Literal(f"第{s}部分")),
                          (POL.marker, Literal(f"{s}、")), (POL.depth, Literal(1)), (POL.position, Literal(s))):
                g.add((sec, pr, o))
        weights = [1 / (1 + i) for i in range(k)]  # a few departments carry most tasks, as in real plans
        for n in range(1, tasks_per_plan + 1):
            task = URIRef(ID_BASE + f"task/{pid}/{n}")
            g.add((task, RDF.type, POL.Task))
            g.add((task, POL.inPlan, plan))
            g.add((task, POL.position, Literal(n)))
            g.add((task, POL.inSection, sections[(n - 1) * 5 // tasks_per_plan]))
            g.add((task, POL.text, Literal(f"第{n}项任务：推进科技创新平台建设，完善成果转化机制", lang="zh")))
            chosen = set()
            for _ in range(rng.randint(1, 4)):
                chosen.add(rng.choices(range(k), weights)[0])
            if n <= k:  # every department has at least one task
                chosen.add(n - 1)
            for j, i in enumerate(sorted(chosen)):
                g.add((task, POL.responsibleDepartment, depts[i]))
                if p % 2 == 0:
                    g.add((task, POL.leadDepartment if j == 0 else POL.supportingDepartment, depts[i]))
    return g


def _chromium():
    spec = importlib.util.spec_from_file_location("test_map_browser", REPO / "tests" / "test_map_browser.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.Chromium


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--departments", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    from graph.map import page as mapview
    from graph.map import network as gn

    t = time.perf_counter()
    g = synthetic_graph(args.departments)
    print(f"synthetic graph: {len(g):,} triples in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    G = gn.department_graph(g)
    t_view = time.perf_counter() - t
    print(f"department view: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges in {t_view:.2f} s")
    tmp = Path(tempfile.mkdtemp(prefix="map-bench-"))
    Chromium = _chromium()
    for name, max_nodes in (("default", mapview.MAX_NODES), ("all nodes shown", 10 ** 9)):
        t = time.perf_counter()
        path = mapview.write_html(G, tmp / f"map-{max_nodes}.html", max_nodes=max_nodes)
        t_write = time.perf_counter() - t
        opens, settles, filters, alls, searches, marks = [], [], [], [], [], []
        for _ in range(args.runs):
            with Chromium() as c:
                opens.append(c.open(path, timeout=300))
                st = c.eval("pkgMap.state")
                settles.append(st["settleMs"] / 1000)
                marks.append(st["marks"])
                shown = c.eval("pkgMap.nodes.length")
                start = c.eval("+document.getElementById('plan-filter').value")
                t = time.perf_counter()
                c.eval("pkgMap.setPlan(7); pkgMap.setPlan(8); true")
                while c.eval("!!pkgMap.state.busy"):
                    time.sleep(0.02)
                filters.append((time.perf_counter() - t) / 2)
                t = time.perf_counter()
                c.eval("document.getElementById('search-input').value = '区科技局'; "
                       "document.getElementById('search').requestSubmit(); true")
                searches.append(time.perf_counter() - t)
                t = time.perf_counter()
                c.eval("pkgMap.setPlan(-1); true")
                while c.eval("!!pkgMap.state.busy"):
                    time.sleep(0.02)
                alls.append(time.perf_counter() - t)
                c.eval(f"pkgMap.setPlan({start}); true")
                assert st["errors"] == [] and c.events["exceptions"] == [], (st["errors"], c.events)
        med = statistics.median
        print(f"\n[{name}] {path.stat().st_size / 1e6:.1f} MB HTML, layout + write {t_write:.2f} s, "
              f"{shown:,} of {G.number_of_nodes():,} nodes shown on opening")
        print(f"  open → ready (drawn, physics off): median {med(opens):.2f} s  (runs: "
              + ", ".join(f"{x:.2f}" for x in opens) + ")")
        print(f"  page's own settle time:            median {med(settles):.2f} s  (ms after script start: "
              + ", ".join(f"{k} {v}" for k, v in marks[len(marks) // 2].items()) + ")")
        print(f"  switch to another plan:            median {med(filters):.3f} s")
        print(f"  search + focus:                    median {med(searches):.3f} s")
        print(f"  show all plans:                    median {med(alls):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

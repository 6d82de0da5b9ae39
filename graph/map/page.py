"""Interactive network maps as one self-contained, offline HTML file.

The vis-network options are those pyvis sets up (written out here: importing pyvis costs more than a
map); the page itself is written from ``graph/map/assets/map.html`` with vis-network's JavaScript
inlined from the copy bundled in the pyvis wheel, so that nothing is
fetched from a CDN (pyvis's own templates link Bootstrap and vis-network from CDNs in every mode,
and switch tooltips to ``innerHTML`` when a title contains ``href``). A Content-Security-Policy
allows only the page's own two scripts (by hash) and no network access at all.

Text from documents reaches the page only as JSON data (``<``, ``>``, ``&``, U+2028, U+2029
escaped) read with ``JSON.parse`` and set with ``textContent``; labels are drawn on a canvas.

Positions are computed here (networkx, deterministic); small graphs then settle for a few hundred
physics iterations in the browser and physics is switched off; large graphs open with physics off.
Maps with more than ``max_nodes`` nodes open filtered to their largest plan.

Readable when large: the page draws node labels itself, each where it covers no other label (more
appear on zoom); dense maps open with the weakest ties pruned (a "shared at least N tasks" slider);
departments are coloured by Louvain community and carry the metrics of ``graph.analysis.metrics``
(size by a chosen metric, a table beside the map). Every word of the page comes from
``graph/i18n/strings.tsv`` in the page's language (``lang``: ``zh``, ``en``, or the plans').
"""
from __future__ import annotations

import base64
import gc
import hashlib
import html
import importlib.util
import json
import re
from collections import Counter, defaultdict
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import networkx as nx

from ..i18n import Messages, resolve, strings
from ..stores.files import write_text
from . import network as gn

ASSETS = Path(__file__).with_name("assets")
VIS_VERSION = "9.1.2"
EDGES_PER_NODE = 4  # above this many pair edges per department the map opens with the weakest pruned
PHYSICS_MAX_NODES = 300  # above this, positions are final (no in-browser physics)
MAX_NODES = 2000  # above this, the map opens filtered to its largest plan
FONT = ('"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", '
        '"PingFang SC", "Hiragino Sans GB", sans-serif')
# Kelly's colours of maximum contrast (without white, black and grey)
PALETTE = ["#0067a5", "#f38400", "#be0032", "#008856", "#875692", "#f3c300", "#a1caf1", "#e68fac",
           "#882d17", "#8db600", "#604e97", "#f99379", "#c2b280", "#b3446c", "#dcd300", "#654522",
           "#e25822", "#2b3d26", "#f6a600"]
# vis-network's Barnes–Hut physics (keys in pyvis's sorted order; pyvis's barnes_hut() arguments:
# gravity, central_gravity, spring_length, spring_strength, damping, overlap)
BARNES_HUT = {"avoidOverlap": 0.2, "centralGravity": 0.25, "damping": 0.4, "gravitationalConstant": -5000,
              "springConstant": 0.03, "springLength": 140}
OTHER = "#c3c9d0"
NO_ROLE = "#9aa5b1"
LEAD_LOW, LEAD_HIGH = (0xfd, 0xe0, 0xc5), (0xb3, 0x00, 0x00)
KIND_STYLE = {  # non-department nodes: colour, shape, size
    "task": ("#cbd2d9", "square", 7),
    "policy": ("#8e6cc0", "diamond", 12),
    "institution": ("#2a9d8f", "triangle", 11),
    "target": ("#e9a23b", "star", 12),
}
KINDS = ("department", "task", "policy", "institution", "target")  # in the order the page counts them
EDGE_STYLES = {
    "shared": {"color": "#7b8794", "opacity": 0.75, "highlight": "#1f2933"},
    "same_type": {"color": "#c9ced4", "dashes": [2, 6], "width": 1, "smooth": False},
    "role:lead": {"color": "#c0392b", "width": 3.5, "arrows": "to"},
    "role:support": {"color": "#2e86c1", "width": 1.5, "dashes": [6, 4], "arrows": "to"},
    "role:responsible": {"color": "#9aa5b1", "width": 1.2},
    "cites": {"color": "#8e6cc0", "width": 1, "dashes": [2, 3]},
    "mentions": {"color": "#2a9d8f", "width": 1, "dashes": [2, 3]},
    "target": {"color": "#e9a23b", "width": 1.5},
}



# ---------------------------------------------------------------------------------------------
# colours and legend


def _hex(rgb) -> str:
    return "#%02x%02x%02x" % tuple(int(round(c)) for c in rgb)


def lead_color(share: float | None) -> str:
    """The colour of a lead share in [0, 1]; ``None`` (no role marked) is grey."""
    if share is None:
        return NO_ROLE
    return _hex(a + (b - a) * share for a, b in zip(LEAD_LOW, LEAD_HIGH))


def _ranked(values: Iterable[str]) -> list[str]:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return sorted(counts, key=lambda v: (-counts[v], v))


def node_colors(G: nx.Graph, lang: str = "zh") -> tuple[dict[str, dict[str, str]], dict[str, list]]:
    """Per department node, its colour by ``lead`` share, department ``type`` and ``region``; and the legend.

    Returns
    -------
    (dict, dict)
        Node → ``{"lead": c, "type": c, "region": c, "community": c}``, and mode → list of
        ``[label, colour]`` rows (in ``lang``).
    """
    m = Messages(lang)
    depts = [(n, a) for n, a in G.nodes(data=True) if a.get("kind") == "department"]
    types = _ranked(a["type"] for _, a in depts)
    present = _ranked(a["region"] for _, a in depts)
    regions = [r for r in G.graph.get("regions", []) if r in present] or present
    tcol = {t: PALETTE[i] if i < len(PALETTE) else OTHER for i, t in enumerate(types)}
    rcol = {r: PALETTE[i] if i < len(PALETTE) else OTHER for i, r in enumerate(regions)}
    comm: dict[int, list] = defaultdict(list)
    for n, a in depts:
        comm[a.get("community", 0)].append(a)
    groups = [c for c in sorted(comm) if len(comm[c]) > 1]  # a department alone is no cluster: grey
    ccol = {c: PALETTE[i] if i < len(PALETTE) else OTHER for i, c in enumerate(groups)}
    out = {}
    for n, a in depts:
        marked = a["n_lead"] + a["n_support"] > 0
        out[n] = {"lead": lead_color(a["lead_share"] if marked else None), "type": tcol[a["type"]],
                  "region": rcol.get(a["region"], OTHER), "community": ccol.get(a.get("community", 0), OTHER)}

    regions_of: dict[str, set] = defaultdict(set)
    for _, a in depts:
        regions_of[a["label"]].add(a["region"])

    def community_name(c: int) -> str:  # named by its department with most tasks (and its region, if needed)
        top = min(comm[c], key=lambda a: (-a["n_tasks"], a["label"], a["region"]))
        label = top["label"] if len(regions_of[top["label"]]) < 2 else f"{top['label']} · {top['region']}"
        n = len(comm[c])
        return m("map.legend.community", label=label, n=n, m=n - 1) if n > 1 else label
    legend = {
        "lead": [[m("map.legend.lead", p="100%"), lead_color(1.0)], [m("map.legend.lead", p="50%"), lead_color(0.5)],
                 [m("map.legend.lead_none"), lead_color(0.0)], [m("map.legend.no_role"), NO_ROLE]],
        "type": [[t, tcol[t]] for t in types[:len(PALETTE)]]
        + ([[m("map.legend.other_types"), OTHER]] if len(types) > len(PALETTE) else []),
        "region": [[r, rcol[r]] for r in regions[:len(PALETTE)]]
        + ([[m("map.legend.other_regions"), OTHER]] if len(regions) > len(PALETTE) else []),
        "community": [[community_name(c), ccol[c]] for c in groups[:len(PALETTE)]]
        + ([[m("map.legend.other_communities"), OTHER]] if len(comm) > min(len(groups), len(PALETTE)) else []),
    }
    return out, legend


def positions(G: nx.Graph, scale: float = 110.0) -> dict[str, tuple[float, float]]:
    """Pixel positions of a view graph (aligned columns and rows for the plans view)."""
    if G.graph.get("view") == "plans":
        return gn.aligned_layout(G)
    return {n: (round(x * scale, 1), round(y * scale, 1)) for n, (x, y) in gn.layout(G).items()}


# ---------------------------------------------------------------------------------------------
# page data


def _options(n_nodes: int, physics: bool, view: str = "departments") -> dict:
    """vis-network options for this page: what pyvis's ``Network`` gives after ``barnes_hut(...)`` and
    ``toggle_physics`` (same keys, same order: ``tests/test_network.py`` compares them), completed for this
    page. Written out rather than asked of pyvis, which pulls in IPython and Jinja (≈0.1–0.2 s a map)."""
    stabilization = {"enabled": physics, "iterations": 200 if n_nodes <= 100 else 100, "updateInterval": 25,
                     "fit": True}
    return {
        "edges": {"smooth": False, "color": {"inherit": False}, "selectionWidth": 1.5, "hoverWidth": 1,
                  "scaling": {"min": 1, "max": 10}},
        "interaction": {"dragNodes": True, "hideEdgesOnDrag": n_nodes > PHYSICS_MAX_NODES, "hideNodesOnDrag": False,
                        "hover": True, "tooltipDelay": 100, "hideEdgesOnZoom": n_nodes > PHYSICS_MAX_NODES,
                        "navigationButtons": False, "keyboard": {"enabled": True, "bindToWindow": False},
                        "zoomSpeed": 0.6},
        "physics": {"barnesHut": dict(BARNES_HUT), "enabled": physics, "stabilization": stabilization,
                    "minVelocity": 1.0},
        "nodes": {"shape": "dot", "borderWidth": 1, "scaling": {"min": 10, "max": 28 if view == "plans" else 42,
                                                               "label": {"enabled": False}},
                  "font": {"face": FONT, "size": 15, "color": "#1f2933", "strokeWidth": 4,
                           "strokeColor": "#ffffff"}},
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }


WEIGHTS = ("weight", "jaccard", "newman")
SIZES = ("tasks", "lead_tasks", "degree", "weighted_degree", "betweenness", "core")  # node size: a chosen metric


def _metric_row(m: dict) -> list:
    """A department's metrics in :data:`graph.map.network.METRICS` order (betweenness to 6 places)."""
    return [round(m[k], 6) if k == "betweenness" and m[k] is not None else m[k] for k in gn.METRICS]


def map_data(G: nx.Graph, title: str | None = None, color: str = "auto", max_nodes: int = MAX_NODES,
             pos: dict | None = None, weight: str = "weight", lang: str = "auto") -> dict:
    """Everything the page shows, as JSON-ready data (see ``assets/map.js`` for its use).

    ``weight`` is the edge width the page opens with: ``weight`` (shared tasks), ``jaccard`` or
    ``newman``; the page can switch. ``lang`` is the page's language, ``zh`` or ``en`` (``auto``:
    Chinese when the plans' titles are).
    """
    if weight not in WEIGHTS:
        raise ValueError(f"unknown edge weight {weight!r}; choose from {', '.join(WEIGHTS)}")
    view = G.graph.get("view", "departments")
    plans = list(G.graph.get("plans", {}).items())
    plan_idx = {p: i for i, (p, _) in enumerate(plans)}
    sections = list(G.graph.get("sections", {}).items())
    sec_idx = {s: i for i, (s, _) in enumerate(sections)}
    tasks = list(G.graph.get("tasks", {}).items())
    task_idx = {t: i for i, (t, _) in enumerate(tasks)}
    lang = resolve(lang, (p["title"] for _, p in plans))
    m = Messages(lang)
    colors, legend_nodes = node_colors(G, lang)
    if pos is None:
        pos = positions(G)
    physics = view != "plans" and G.number_of_nodes() <= PHYSICS_MAX_NODES
    has_roles = any(a.get("n_lead", 0) + a.get("n_support", 0) for _, a in G.nodes(data=True))
    modes = [(k, m("map.mode." + k)) for k in ("community", "lead", "type", "region")]
    regions = {a["region"] for _, a in G.nodes(data=True) if a.get("kind") == "department"}
    if len(regions) < 2:
        modes = modes[:3]
    sizes = Counter(a.get("community") for _, a in G.nodes(data=True) if a.get("kind") == "department")
    groups = sum(1 for c, k in sizes.items() if c is not None and k > 1)  # communities of two or more
    if color == "auto":
        color = ("region" if view == "plans" and len(regions) > 1 else "community" if groups >= 2
                 else "lead" if has_roles else "type")
    if color not in dict(modes):
        raise ValueError(f"unknown colour mode {color!r}; choose from {', '.join(m for m, _ in modes)}")

    order = list(G.nodes)
    nidx = {n: i for i, n in enumerate(order)}
    regions_of: dict[str, set] = {}
    for _, a in G.nodes(data=True):
        if a.get("kind") == "department":
            regions_of.setdefault(a["label"], set()).add(a["region"])
    nodes = []
    for n in order:
        a = G.nodes[n]
        x, y = pos[n]
        item = {"id": n, "label": a.get("label", n), "kind": a.get("kind", "department"),
                "tasks": [task_idx[t] for t in a.get("tasks", []) if t in task_idx], "x": x, "y": y}
        if item["kind"] == "department":
            item.update(region=a["region"], type=a["type"], c=colors[n],
                        L=[task_idx[t] for t in a.get("lead_tasks", [])],
                        S=[task_idx[t] for t in a.get("support_tasks", [])])
            if a.get("aliases"):
                item["aliases"] = a["aliases"]
            if a.get("metrics"):  # the numbers of `policykg network`, over all plans and per plan
                item["m"] = _metric_row(a["metrics"])
                item["pm"] = {str(plan_idx[p]): _metric_row(v) for p, v in a.get("plan_metrics", {}).items()
                              if p in plan_idx}
            if len(regions_of[a["label"]]) > 1 and view != "plans":  # 区科技局 of two districts: say which
                item["display"] = f"{a['label']}\n{a['region']}"
        else:
            c, shape, size = KIND_STYLE[item["kind"]]
            item.update(color=c, shape=shape)
            if item["kind"] == "task":
                item.update(size=size)
        nodes.append(item)
    if view == "plans":  # a header above each region's column, also for plans that name no department
        # each region's plans, tasks and nodes, grouped once (not searched again for every region)
        region_of = {p: v["region"] for p, v in plans}
        plans_in: dict[str, list[int]] = defaultdict(list)
        for p, v in plans:
            plans_in[v["region"]].append(plan_idx[p])
        tasks_in: dict[str, set[int]] = defaultdict(set)
        for i, (_, t) in enumerate(tasks):
            if t["plan"] in region_of:
                tasks_in[region_of[t["plan"]]].add(i)
        items_in: dict[str, list[dict]] = defaultdict(list)
        for i in nodes:
            items_in[i.get("region")].append(i)
        for region in G.graph.get("regions", []):
            items = items_in.get(region, [])
            sub = m("map.header.plans", n=len(plans_in.get(region, []))) + (
                m("map.header.depts", n=len(items)) if items else m("map.header.no_depts"))
            x, y = pos.get(gn.HEADER + region, (0.0, -90.0))
            nodes.append({"id": gn.HEADER + region, "label": f"{region}\n{sub}", "kind": "region", "shape": "square",
                          "color": "#9aa5b1", "size": 3, "region": region,
                          "x": x, "y": y, "plans": list(plans_in.get(region, [])),
                          "tasks": sorted({t for i in items for t in i["tasks"]} | tasks_in.get(region, set()))})
    edges = []
    for u, v, a in G.edges(data=True):
        e = {"from": nidx[u], "to": nidx[v], "kind": a.get("kind", "shared"),
             "tasks": [task_idx[t] for t in a.get("tasks", []) if t in task_idx]}
        if a.get("role"):
            e["role"] = a["role"]
        if G.nodes[u].get("kind") == "task" and G.nodes[v].get("kind") == "department":
            e["from"], e["to"] = e["to"], e["from"]  # department → task, so that role arrows point at tasks
        edges.append(e)
    edge_kinds = sorted({e["kind"] + (":" + e["role"] if e.get("role") else "") for e in edges},
                        key=list(EDGE_STYLES).index)
    styles = {k: dict(EDGE_STYLES[k]) for k in edge_kinds}
    if view == "plans" and "shared" in styles:
        styles["shared"]["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.3}
    kind_counts: dict[str, int] = {}
    for e in edges:
        k = e["kind"] + (":" + e["role"] if e.get("role") else "")
        kind_counts[k] = kind_counts.get(k, 0) + 1
    base_edge = max(kind_counts, key=lambda k: (kind_counts[k], k)) if kind_counts else "shared"
    legend_edges = [[m("map.edge." + k), EDGE_STYLES[k]["color"],
                     {"width": min(EDGE_STYLES[k].get("width", 3), 4), "dashes": bool(EDGE_STYLES[k].get("dashes"))}]
                    for k in edge_kinds]
    kinds_present = {a.get("kind") for _, a in G.nodes(data=True)}
    legend_kinds = [[m("map.kind." + k), KIND_STYLE[k][0]] for k in KIND_STYLE if k in kinds_present]
    notes = [m("map.note.size") + m("map.note.width" if view != "bipartite" else "map.note.roles")]
    if not has_roles:
        notes.append(m("map.note.no_roles"))

    shared_w = sorted((len(e["tasks"]) for e in edges if e["kind"] == "shared"), reverse=True)
    min_shared = 1  # dense maps open with the weakest ties pruned: at most EDGES_PER_NODE edges a node
    n_depts = sum(1 for i in nodes if i["kind"] == "department")
    while sum(1 for w in shared_w if w >= min_shared) > EDGES_PER_NODE * max(n_depts, 1) and min_shared < shared_w[0]:
        min_shared += 1
    initial, notice = -1, ""
    if G.number_of_nodes() > max_nodes and len(plans) > 1:
        counts = [0] * len(plans)
        for _, t in tasks:
            counts[plan_idx[t["plan"]]] += 1
        initial = max(range(len(plans)), key=lambda i: (counts[i], -i))
        notice = m("map.notice.big", n=f"{G.number_of_nodes():,}", title=plans[initial][1]["title"])
    if not any(a.get("kind") == "department" for _, a in G.nodes(data=True)):
        notice = m("map.notice.empty_many" if len(plans) != 1 else "map.notice.empty_one")
    if title is None:
        name = m("map.view." + view)
        title = (m("map.title.one", name=name, title=plans[0][1]["title"]) if len(plans) == 1
                 else m("map.title.many", name=name, n=len(plans)))
    options = _options(G.number_of_nodes(), physics, view)
    if base_edge in styles:  # the commonest edge kind is styled once, in the options, not per edge
        st = styles[base_edge]
        options["edges"]["color"] = {"color": st["color"], "opacity": st.get("opacity", 1),
                                     "highlight": st.get("highlight", st["color"]),
                                     "hover": st.get("highlight", st["color"]), "inherit": False}
    return {
        "view": view, "title": title, "options": options, "baseEdge": base_edge,
        "colorModes": [list(m) for m in modes], "defaultColor": color, "defaultWeight": weight,
        "weightModes": [] if view == "bipartite" else [[k, m("map.weight." + k)] for k in WEIGHTS],
        "plans": [{"id": p["id"], "title": p["title"], "region": p["region"]} for _, p in plans],
        "sections": [{"p": plan_idx[s["plan"]], "label": f"{s['marker']}{s['label']}"
                      if s["label"] != s["marker"] else s["label"], "d": s["depth"]} for _, s in sections],
        "tasks": [{"t": t["text"], "p": plan_idx[t["plan"]], "n": t["position"],
                   "s": [sec_idx[s] for s in t["sections"] if s in sec_idx], "k": t["departments"]} for _, t in tasks],
        "nodes": nodes, "edges": edges, "edgeStyles": styles,
        "legend": {"nodes": legend_nodes, "kinds": legend_kinds, "edges": legend_edges, "notes": notes},
        "kinds": list(KINDS), "lang": lang, "strings": page_strings(lang),
        "edgeCount": "map.count.edges" if view == "bipartite" else "map.count.pairs",
        "initialPlan": initial, "notice": notice,
        "minShared": min_shared, "maxShared": shared_w[0] if shared_w else 0,
        "metrics": list(gn.METRICS), "sizes": [[k, m("map.metric." + k)] for k in SIZES],
        "allNote": m("map.all_note", n=f"{G.number_of_nodes():,}") if initial >= 0 else "",
    }


# ---------------------------------------------------------------------------------------------
# HTML


_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def page_strings(lang: str) -> dict[str, str]:
    """The messages the map's script shows (those of ``strings.tsv`` under ``map.`` and ``list.``)."""
    return {k: v for k, v in strings(lang).items() if k.startswith(("map.", "list."))}


def script_json(data) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>``, ``<!--``, entity or line separator."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, escaped in _JSON_ESCAPES.items():  # str.replace: a tenth of a re.sub's time on a map's megabytes
        if ch in text:
            text = text.replace(ch, escaped)
    return text


@lru_cache(maxsize=1)
def vis_js() -> str:
    """vis-network's standalone build as bundled in the pyvis wheel, without its source-map comment."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.origin:
        raise RuntimeError("pyvis is not installed (it bundles vis-network)")
    path = Path(spec.origin).parent / "lib" / f"vis-{VIS_VERSION}" / "vis-network.min.js"
    # bytes decoded, then newlines as read_text gives them (it takes four times as long, 3 ms, a build's map)
    js = path.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    js = re.sub(r"//# sourceMappingURL=\S*", "", js)
    if re.search(r"</script|<!--", js, re.I):
        raise RuntimeError(f"{path}: cannot be inlined (contains </script or <!--)")
    return js


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _sha256(s: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"


def render_html(data: dict) -> str:
    """The page for ``data`` (from :func:`map_data`): one file, every script and style inline."""
    vis, app = vis_js(), _asset("map.js")
    csp = (f"default-src 'none'; script-src {_sha256(vis)} {_sha256(app)}; style-src 'unsafe-inline'; "
           "img-src data: blob:; base-uri 'none'; form-action 'none'")
    table = strings(data.get("lang", "zh"))
    parts = {"CSP": csp, "TITLE": html.escape(data["title"]), "CSS": _asset("map.css"),
             "DATA": script_json(data), "VIS_JS": vis, "APP_JS": app,
             "LANG": "zh-CN" if data.get("lang", "zh") == "zh" else "en"}
    # one pass over the template only: inserted text is never scanned for placeholders
    return re.sub(r"%%(T:[a-z_.]+|[A-Z_]+)%%", lambda m: html.escape(table[m.group(1)[2:]])
                  if m.group(1).startswith("T:") else parts[m.group(1)], _asset("map.html"))


def write_html(G: nx.Graph, path: str | Path, title: str | None = None, color: str = "auto",
               max_nodes: int = MAX_NODES, weight: str = "weight", lang: str = "auto") -> Path:
    """Write the map of a view graph (from :mod:`graph.map.network`) to ``path``."""
    return write_text(Path(path), render_html(map_data(G, title=title, color=color, max_nodes=max_nodes,
                                                             weight=weight, lang=lang)))


@contextmanager
def collector_paused():
    """No cyclic garbage collection inside: drawing a map allocates some hundred thousand dicts, lists and
    tuples that live until the page is written and form no cycles, and the collections they set off find
    nothing (a full one walks every object of the process: 0.05–0.1 s CPU of a 300-plan map, more in a
    process holding more). Reference counting still frees everything; the collector resumes after."""
    if not gc.isenabled():  # the caller paused it: leave it to them
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def write_map(g, path: str | Path, view: str = "departments", plans: Iterable[str] | None = None,
              include: Iterable[str] = (), title: str | None = None, color: str = "auto",
              max_nodes: int = MAX_NODES, weight: str = "weight", lang: str = "auto") -> Path:
    """Write the ``view`` map of a graph ``g`` to ``path`` (one offline HTML file).

    Parameters
    ----------
    g : Source, pyoxigraph.Store, rdflib.Graph or path
        A graph in the policykg vocabulary (see ``graph.query.engine.as_source``).
    path : str or Path
        The HTML file to write (written to a temporary name, then renamed).
    view : {"departments", "bipartite", "plans"}
        Which network: see :mod:`graph.map.network`.
    plans : iterable of str, optional
        Plan ids or IRIs to keep.
    include : iterable of str
        Extra node kinds of the bipartite view: ``policies``, ``institutions``, ``targets``.
    title : str, optional
        The page title; by default the view's name and the plan's title or number of plans.
    color : {"auto", "lead", "type", "region"}
        The initial colouring of departments (the page can switch).
    max_nodes : int
        Above this many nodes the page opens filtered to the plan with most tasks.
    weight : {"weight", "jaccard", "newman"}
        The initial edge width: shared tasks, Jaccard overlap or Newman's collaboration weight.
    lang : {"auto", "zh", "en"}
        The page's language (``auto``: Chinese when the plans' titles are Chinese).

    Returns
    -------
    Path
        The file written.
    """
    with collector_paused():
        G = gn.view_graph(g, view, plans=plans, include=include)
        return write_html(G, path, title=title, color=color, max_nodes=max_nodes, weight=weight, lang=lang)

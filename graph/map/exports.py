"""The map's networks for other tools: GEXF (Gephi), GraphML and CSV edge lists.

The files hold the same view graphs as the HTML maps (:mod:`graph.map.network`): the same nodes, edges
and weights (``weight``, ``jaccard``, ``newman``), with the shared tasks' IRIs and texts flattened
to strings (GEXF and GraphML allow only scalar attributes). GEXF files also carry the map's
positions, sizes and colours (``viz``), so Gephi opens them as the page shows them.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable

import networkx as nx

from ..stores.files import spreadsheet_cell, write_text
from . import page as mapview
from . import network as gn

FORMATS = {".gexf": "gexf", ".graphml": "graphml", ".csv": "csv", ".html": "html", ".htm": "html"}
SEP = " | "  # between task texts (task texts contain commas and semicolons)
LIST_NODE_ATTRS = ("tasks", "lead_tasks", "support_tasks", "plans", "aliases")
CSV_COLUMNS = ["source", "target", "source_label", "target_label", "kind", "role", "weight", "jaccard", "newman",
               "n_tasks", "tasks", "task_texts"]


def export_format(path: str | Path) -> str:
    """``gexf``, ``graphml``, ``csv`` or ``html``, by the file's suffix."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if not fmt:
        raise ValueError(f"{path}: unknown map file type (use .html, .gexf, .graphml or .csv)")
    return fmt


def flat_graph(G: nx.Graph, viz: bool = False) -> nx.Graph:
    """A copy of a view graph with scalar attributes only (lists joined, ``G.graph`` metadata dropped).

    Node attributes gain ``task_texts``; edges gain ``n_tasks`` and ``task_texts``. With ``viz``,
    nodes get GEXF ``viz`` positions, sizes and colours (department type colours).
    """
    tasks = G.graph.get("tasks", {})
    H = nx.Graph(view=G.graph.get("view", ""))
    pos = mapview.positions(G) if viz else {}
    colors = mapview.node_colors(G)[0] if viz else {}
    for n, a in G.nodes(data=True):
        out = {}
        for k, v in a.items():
            if k == "metrics":  # the network metrics as attributes of their own (degree, betweenness, …)
                out.update({f"metric_{m}": x for m, x in v.items() if x is not None})
            elif isinstance(v, dict):  # per-plan metrics: in departments.csv of `policykg network`
                continue
            elif k in LIST_NODE_ATTRS or isinstance(v, (list, tuple, set)):
                out[k] = "; ".join(map(str, v))
            elif v is None:
                continue
            else:
                out[k] = v
        ts = a.get("tasks", [])
        out["n_tasks"] = a.get("n_tasks", len(ts))
        out["task_texts"] = SEP.join(tasks[t]["text"] for t in ts if t in tasks)
        if viz:
            c = colors.get(n) or {}
            hexc = c.get("type") or mapview.KIND_STYLE.get(a.get("kind"), ("#9aa5b1",))[0]
            x, y = pos[n]
            out["viz"] = {"position": {"x": float(x), "y": float(-y), "z": 0.0},
                          "size": float(6 + 3 * min(out["n_tasks"], 12)),
                          "color": {"r": int(hexc[1:3], 16), "g": int(hexc[3:5], 16), "b": int(hexc[5:7], 16), "a": 1.0}}
        H.add_node(n, **out)
    for u, v, a in G.edges(data=True):
        ts = a.get("tasks", [])
        out = {k: v2 for k, v2 in a.items() if k != "tasks" and v2 is not None}
        out["n_tasks"] = len(ts)
        out["tasks"] = "; ".join(ts)
        out["task_texts"] = SEP.join(tasks[t]["text"] for t in ts if t in tasks)
        if "weight" not in out:
            out["weight"] = 1
        H.add_edge(u, v, **out)
    return H


def write_gexf(G: nx.Graph, path: str | Path) -> Path:
    """GEXF 1.2 for Gephi, with the map's positions, sizes and colours."""
    buf = io.BytesIO()
    nx.write_gexf(flat_graph(G, viz=True), buf, encoding="utf-8", prettyprint=True)
    return write_text(Path(path), buf.getvalue().decode("utf-8"))


def write_graphml(G: nx.Graph, path: str | Path) -> Path:
    """GraphML (yEd, Cytoscape, igraph, networkx)."""
    buf = io.BytesIO()
    nx.write_graphml(flat_graph(G), buf, encoding="utf-8", prettyprint=True)
    return write_text(Path(path), buf.getvalue().decode("utf-8"))


def edge_rows(G: nx.Graph) -> list[dict]:
    """One row per edge, columns :data:`CSV_COLUMNS`, heaviest edges first."""
    H = flat_graph(G)
    rows = []
    for u, v, a in H.edges(data=True):
        rows.append({"source": u, "target": v, "source_label": H.nodes[u].get("label", ""),
                     "target_label": H.nodes[v].get("label", ""), "kind": a.get("kind", ""),
                     "role": a.get("role", ""), "weight": a.get("weight", 1),
                     "jaccard": "" if "jaccard" not in a else round(a["jaccard"], 6),
                     "newman": "" if "newman" not in a else round(a["newman"], 6),
                     "n_tasks": a["n_tasks"], "tasks": a["tasks"], "task_texts": a["task_texts"]})
    rows.sort(key=lambda r: (-float(r["weight"] or 0), r["source_label"], r["target_label"], r["source"], r["target"]))
    return rows


def write_csv(G: nx.Graph, path: str | Path) -> Path:
    """A CSV edge list (UTF-8 with BOM, so that spreadsheet programs read the Chinese right)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows({k: spreadsheet_cell(v) for k, v in row.items()} for row in edge_rows(G))
    return write_text(Path(path), "\ufeff" + buf.getvalue())


def write_view(G: nx.Graph, path: str | Path, **html_options) -> Path:
    """Write a view graph to ``path`` in the format its suffix names (.html, .gexf, .graphml, .csv)."""
    fmt = export_format(path)
    if fmt == "html":
        return mapview.write_html(G, path, **html_options)
    return {"gexf": write_gexf, "graphml": write_graphml, "csv": write_csv}[fmt](G, path)


def export(g, paths: Iterable[str | Path], view: str = "departments", plans: Iterable[str] | None = None,
           include: Iterable[str] = (), **html_options) -> list[Path]:
    """Build the ``view`` of the rdflib graph ``g`` once and write it to every path (format by suffix)."""
    paths = list(paths)
    for p in paths:
        export_format(p)
    with mapview.collector_paused():  # as write_map: the view's many short-lived containers, no cycles
        G = gn.view_graph(g, view, plans=plans, include=include)
        return [write_view(G, p, **html_options) for p in paths]

"""The analysis written out: CSV tables and the department networks for Gephi, yEd, Pajek and UCINET.

- ``plans.csv``, ``departments.csv``, ``issuers.csv``: UTF-8 with a byte-order mark (spreadsheet
  programs then read the Chinese right), ``\\n`` line ends, rows sorted, numbers written the same way
  on every run (:func:`number`: integers as is, other numbers with at most 9 decimals).
- ``report.md``: :mod:`.report`, in Chinese or English.
- ``network.gexf`` (Gephi), ``network.graphml``, ``network.net`` (Pajek; UCINET imports it): every
  plan's department network in one file, a plan's departments apart from another's (a department of
  two plans is two nodes), each node carrying its row of ``departments.csv`` as attributes (typed in
  GEXF and GraphML; text in Pajek, which has no other kind), each link its ``weight`` (shared tasks)
  and plan. Node ids are ``{plan id}/{department IRI after dept/}``; Pajek's vertex names are the
  department's label and its plan id, as UCINET and Pajek show names.

Every file is written to a temporary name and renamed when complete, with the mode the umask gives; CSV
cells that a spreadsheet would run as a formula (``= + - @``) start with ``'``; the bytes depend only
on the graph.
"""
from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape as xml_escape
from pathlib import Path
from typing import Iterable, Sequence

import networkx as nx

from . import metrics as M
from ..stores.files import spreadsheet_cell, write_text
from .data import DEPT_BASE
from .issuers import ISSUER_COLUMNS, IssuerPair
from .report import render
from .tables import DEPARTMENT_COLUMNS, PLAN_COLUMNS, Analysis

DESCRIPTION = ("Department networks of plans: a node is a department of one plan (responsible for at least one "
               "of its tasks), a link two departments responsible for the same task, weight = such tasks. Node "
               "attributes as in departments.csv; definitions in policykg's README, 'Network analysis'.")
FILES = ("plans.csv", "departments.csv", "issuers.csv", "network.gexf", "network.graphml", "network.net",
         "report.md")


def number(v) -> str:
    """A cell as text: integers as is, floats with at most 9 decimals and no trailing zeros."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        s = f"{v:.9f}".rstrip("0").rstrip(".")
        return "0" if s in ("-0", "") else s
    return str(v)


def write_file(path: Path, data: bytes) -> Path:
    """Write ``data`` (UTF-8) to ``path`` whole or not at all, with the mode the user's umask gives."""
    return write_text(path, data.decode("utf-8"), newline="")


def csv_bytes(columns: Sequence[str], rows: Iterable[dict]) -> bytes:
    """A CSV table (UTF-8 with BOM, ``\\n`` line ends) of ``rows`` under ``columns``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([spreadsheet_cell(number(r.get(c, ""))) for c in columns])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def node_id(plan_id: str, department: str) -> str:
    """The id of a department of a plan in the exported network."""
    tail = department[len(DEPT_BASE):] if department.startswith(DEPT_BASE) else department
    return f"{plan_id}/{tail}"


def combined_network(a: Analysis) -> nx.Graph:
    """Every plan's network in one graph, nodes ``{plan id}/{department}`` with their metrics."""
    H = nx.Graph()
    for pn in a.plans:
        pid = pn.plan.id
        for d, m in sorted(pn.departments.items()):
            dep = a.data.departments.get(d)
            H.add_node(node_id(pid, d), label=dep.label if dep else d, plan=pn.plan.iri, plan_id=pid,
                       region=pn.plan.region, department=d, department_type=dep.type if dep else "",
                       **{k: getattr(m, k) for k in M.DEPARTMENT_METRICS})
        for u, v, w in sorted(pn.graph.edges(data="weight"), key=lambda e: tuple(sorted(e[:2]))):
            u, v = sorted((u, v))
            H.add_edge(node_id(pid, u), node_id(pid, v), weight=int(w), plan=pn.plan.iri)
    return H


def _attr_types(items: Iterable[dict]) -> dict[str, type]:
    """The attributes of nodes (or edges) and their type, in first-seen order: ``int``, ``float`` or ``str``."""
    out: dict[str, type] = {}
    for a in items:
        for k, v in a.items():
            t = bool if isinstance(v, bool) else int if isinstance(v, int) else float if isinstance(v, float) else str
            if out.get(k, t) is not t:
                t = float if {out[k], t} == {int, float} else str
            out[k] = t
    return out


def _xml_value(v) -> str:
    return xml_escape(repr(v) if isinstance(v, float) else str(v), {'"': "&quot;"})


GEXF_TYPES = {int: "integer", float: "double", str: "string", bool: "boolean"}
GRAPHML_TYPES = {int: "int", float: "double", str: "string", bool: "boolean"}


def gexf_bytes(H: nx.Graph) -> bytes:
    """GEXF 1.2 (as networkx writes it, without its date stamp: the same bytes every day), typed node
    attributes; written directly, ten times faster than networkx's ElementTree writer on 30,000 nodes."""
    node_types = _attr_types(a for _, a in H.nodes(data=True))
    edge_types = _attr_types({k: v for k, v in a.items() if k != "weight"} for *_, a in H.edges(data=True))
    nid = {k: str(i) for i, k in enumerate(node_types)}
    eid = {k: str(i + len(nid)) for i, k in enumerate(edge_types)}
    out = ["<?xml version='1.0' encoding='utf-8'?>",
           '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">',
           "  <meta>", "    <creator>policykg network</creator>", f"    <description>{_xml_value(DESCRIPTION)}</description>",
           "  </meta>",
           '  <graph defaultedgetype="undirected" mode="static" name="">']
    for cls, types, ids in (("node", node_types, nid), ("edge", edge_types, eid)):
        out.append(f'    <attributes mode="static" class="{cls}">')
        out += [f'      <attribute id="{ids[k]}" title="{_xml_value(k)}" type="{GEXF_TYPES[t]}" />'
                for k, t in types.items()]
        out.append("    </attributes>")
    out.append("    <nodes>")
    for n, a in H.nodes(data=True):
        out.append(f'      <node id="{_xml_value(n)}" label="{_xml_value(a.get("label", n))}">')
        out.append("        <attvalues>")
        out += [f'          <attvalue for="{nid[k]}" value="{_xml_value(v)}" />' for k, v in a.items()]
        out += ["        </attvalues>", "      </node>"]
    out += ["    </nodes>", "    <edges>"]
    for i, (u, v, a) in enumerate(H.edges(data=True)):
        w = f' weight="{_xml_value(a["weight"])}"' if "weight" in a else ""
        rest = [(k, x) for k, x in a.items() if k != "weight"]
        out.append(f'      <edge source="{_xml_value(u)}" target="{_xml_value(v)}" id="{i}"{w}>')
        if rest:
            out.append("        <attvalues>")
            out += [f'          <attvalue for="{eid[k]}" value="{_xml_value(x)}" />' for k, x in rest]
            out.append("        </attvalues>")
        out.append("      </edge>")
    out += ["    </edges>", "  </graph>", "</gexf>"]
    return ("\n".join(out) + "\n").encode("utf-8")


def graphml_bytes(H: nx.Graph) -> bytes:
    """GraphML with typed node and edge attributes, written directly (as :func:`gexf_bytes`)."""
    node_types = _attr_types(a for _, a in H.nodes(data=True))
    edge_types = _attr_types(a for *_, a in H.edges(data=True))
    nkey = {k: f"d{i}" for i, k in enumerate(node_types)}
    ekey = {k: f"d{i + len(nkey)}" for i, k in enumerate(edge_types)}
    out = ['<?xml version=\'1.0\' encoding=\'utf-8\'?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    for cls, types, keys in (("node", node_types, nkey), ("edge", edge_types, ekey)):
        out += [f'  <key id="{keys[k]}" for="{cls}" attr.name="{_xml_value(k)}" attr.type="{GRAPHML_TYPES[t]}" />'
                for k, t in types.items()]
    out.append('  <graph edgedefault="undirected">')
    for n, a in H.nodes(data=True):
        out.append(f'    <node id="{_xml_value(n)}">')
        out += [f'      <data key="{nkey[k]}">{_xml_value(v)}</data>' for k, v in a.items()]
        out.append("    </node>")
    for u, v, a in H.edges(data=True):
        out.append(f'    <edge source="{_xml_value(u)}" target="{_xml_value(v)}">')
        out += [f'      <data key="{ekey[k]}">{_xml_value(x)}</data>' for k, x in a.items()]
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>"]
    return ("\n".join(out) + "\n").encode("utf-8")


def _pajek_str(v) -> str:
    """A Pajek token: quoted when it holds a space (as networkx writes it); a double quote becomes ''."""
    t = number(v).replace('"', "''")
    return f'"{t}"' if (" " in t or not t) else t


def pajek_bytes(H: nx.Graph) -> bytes:
    """Pajek ``.net`` (networkx's dialect, which UCINET and Pajek read): vertices named ``label [plan id]``
    (made unique), placed at 0 0, then every attribute as a ``key value`` pair of text; edges with
    their weight and plan."""
    index: dict[str, int] = {}
    used: set[str] = set()
    lines = [f"*vertices {H.number_of_nodes()}"]
    for i, (n, a) in enumerate(H.nodes(data=True), 1):
        name = f"{a.get('label', n)} [{a.get('plan_id', '')}]"
        if name in used:
            name = f"{a.get('label', n)} [{n}]"
        used.add(name)
        index[n] = i
        attrs = " ".join(f"{k} {_pajek_str(v)}" for k, v in a.items() if number(v).strip())
        lines.append(f"{i} {_pajek_str(name)} 0.0 0.0 ellipse {attrs}".rstrip())
    lines.append("*edges")
    for u, v, a in H.edges(data=True):
        lines.append(f"{index[u]} {index[v]} {number(a.get('weight', 1))} plan {_pajek_str(a.get('plan', ''))}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_outputs(a: Analysis, pairs: list[IssuerPair], out: str | Path, lang: str = "zh") -> list[Path]:
    """Write the CSV tables, network files and report (in ``lang``) of :data:`FILES` into ``out``."""
    d = Path(out)
    d.mkdir(parents=True, exist_ok=True)
    H = combined_network(a)
    data = {
        "plans.csv": csv_bytes(PLAN_COLUMNS, a.plan_rows()),
        "departments.csv": csv_bytes(DEPARTMENT_COLUMNS, a.department_rows()),
        "issuers.csv": csv_bytes(ISSUER_COLUMNS, (p.row() for p in pairs)),
        "network.gexf": gexf_bytes(H),
        "network.graphml": graphml_bytes(H),
        "network.net": pajek_bytes(H),
        "report.md": render(a, pairs, lang).encode("utf-8"),
    }
    return [write_file(d / name, data[name]) for name in FILES]

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

Every file is written to a temporary name and renamed when complete; the bytes depend only on the graph.
"""
from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from typing import Iterable, Sequence

import networkx as nx

from . import metrics as M
from .data import DEPT_BASE
from .issuers import ISSUER_COLUMNS, IssuerPair
from .report import render
from .tables import DEPARTMENT_COLUMNS, PLAN_COLUMNS, Analysis

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
    """Write ``data`` to ``path`` through a temporary name in the same folder (never half a file)."""
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


def csv_bytes(columns: Sequence[str], rows: Iterable[dict]) -> bytes:
    """A CSV table (UTF-8 with BOM, ``\\n`` line ends) of ``rows`` under ``columns``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([number(r.get(c, "")) for c in columns])
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


_GEXF_DATE = re.compile(rb' lastmodifieddate="[^"]*"')


def gexf_bytes(H: nx.Graph) -> bytes:
    """GEXF 1.2 with typed node attributes; networkx's date stamp removed (same bytes every day)."""
    buf = io.BytesIO()
    nx.write_gexf(H, buf, encoding="utf-8", prettyprint=True)
    return _GEXF_DATE.sub(b"", buf.getvalue(), count=1)


def graphml_bytes(H: nx.Graph) -> bytes:
    """GraphML with typed node attributes."""
    buf = io.BytesIO()
    nx.write_graphml(H, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def pajek_bytes(H: nx.Graph) -> bytes:
    """Pajek ``.net``: vertices named ``label [plan id]`` (made unique), every attribute as text."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for n, a in H.nodes(data=True):
        name = f"{a.get('label', n)} [{a.get('plan_id', '')}]"
        if name in used:
            name = f"{a.get('label', n)} [{n}]"
        used.add(name)
        names[n] = name
    P = nx.Graph()
    for n, a in H.nodes(data=True):
        P.add_node(names[n], **{k: number(v) for k, v in a.items() if number(v).strip()})
    for u, v, a in H.edges(data=True):
        P.add_edge(names[u], names[v], weight=a["weight"], plan=a["plan"])
    buf = io.BytesIO()
    nx.write_pajek(P, buf, encoding="utf-8")
    return buf.getvalue()


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

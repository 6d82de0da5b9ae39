"""CPU time of drawing the departments map from an in-memory Oxigraph store, as ``policykg build`` does.

A graph file (``graph.ttl`` of a build) is bulk-loaded into a pyoxigraph ``Store`` (not timed), then
``graph.map.page.write_map(store, path, view="departments", lang="auto")`` runs; each round is a fresh
process, so the imports the map needs (networkx, numpy, …) count as they do in a build. Reported: the
CPU time (``time.process_time``) of importing ``graph.map.page``, of ``write_map``, of both, and with
``--phases`` of each step (reading by SPARQL, the projection, the metrics, the layout, the page data,
the HTML; with the garbage collector paused, as ``write_map`` pauses it), best of ``--rounds``. CPU time rather than wall time: the machine is shared.

Usage: ``python bench/map_speed.py GRAPH.ttl [--rounds 5] [--phases] [--out map.html]``
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

ROUND = r"""
import json, sys, time
import pyoxigraph as ox
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TURTLE)
T = time.process_time
t0 = T()
from graph.map import network as gn, page
t1 = T()
out = {"import": t1 - t0}
if sys.argv[3] == "phases":
    with page.collector_paused():  # as in write_map
        c = gn._read(store, links=gn._ROLES); t2 = T(); out["read"] = t2 - t1
        G = gn._project(c); t3 = T(); out["project"] = t3 - t2
        gn._set_metrics(G, c); gn._graph_meta(G, c, "departments"); t4 = T(); out["metrics"] = t4 - t3
        pos = page.positions(G); t5 = T(); out["layout"] = t5 - t4
        data = page.map_data(G, pos=pos, lang="auto"); t6 = T(); out["map_data"] = t6 - t5
        html = page.render_html(data); t7 = T(); out["html"] = t7 - t6
        page.write_text(__import__("pathlib").Path(sys.argv[2]), html); t8 = T(); out["write"] = t8 - t7
    out["write_map"] = t8 - t1
else:
    page.write_map(store, sys.argv[2], view="departments", lang="auto")
    out["write_map"] = T() - t1
out["total"] = out["import"] + out["write_map"]
print(json.dumps(out))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph", type=Path)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--phases", action="store_true", help="time each step (the same work, split up)")
    ap.add_argument("--out", type=Path, help="keep the map written (to compare with another branch's)")
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp()) / "map.html"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        res = subprocess.run([sys.executable, "-c", ROUND, str(args.graph), str(out),
                              "phases" if args.phases else "whole"],
                             cwd=REPO, env=env, capture_output=True, text=True, check=True)
        for k, v in json.loads(res.stdout).items():
            best[k] = min(best.get(k, v), v)
    load = os.getloadavg()[0]
    print(f"{args.graph}: best of {args.rounds} rounds, CPU seconds (load average {load:.1f})")
    for k, v in best.items():
        print(f"  {k:10s} {v:.3f}")
    print(f"map: {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()

"""``policykg map GRAPH``: the interactive network map (one offline HTML file) and its exports."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .args import add_lang, positive_int

VIEWS = ("departments", "bipartite", "plans")


def register(sub: argparse._SubParsersAction) -> None:
    m = sub.add_parser(
        "map", help="write the network map of a graph (HTML; or GEXF, GraphML, CSV edge list)",
        description="Write an interactive network map of a built graph: one self-contained HTML file that "
                    "opens offline in any browser. The suffix of each -o file chooses the format: .html "
                    "(the map), .gexf (Gephi), .graphml, .csv (edge list).")
    m.add_argument("graph", help="an RDF graph file (graph.ttl, .nt, .nq, .trig, .jsonld, .rdf) or a build folder")
    m.add_argument("--view", choices=VIEWS, default="departments",
                   help="departments: who shares tasks with whom (default); bipartite: departments and their "
                        "tasks, lead and supporting roles apart; plans: several plans side by side, "
                        "same department types aligned")
    m.add_argument("--plan", action="append", metavar="ID",
                   help="only this plan (id or IRI; repeat or comma-separate for several)")
    m.add_argument("--include", default="",
                   help="bipartite view: also show policies, institutions, targets (comma-separated)")
    m.add_argument("--color", choices=("auto", "lead", "type", "region"), default="auto",
                   help="initial colouring of departments: share of lead roles, department type or region "
                        "(default: lead share when the plans mark leads, else type; region for --view plans)")
    m.add_argument("--weight", choices=("count", "jaccard", "newman"), default="count",
                   help="initial edge width: number of shared tasks (default), Jaccard overlap or Newman's "
                        "collaboration weight (the page can switch; exports carry all three)")
    m.add_argument("--max-nodes", type=positive_int, default=None, metavar="N",
                   help="maps with more nodes open filtered to the plan with most tasks (default 2000)")
    m.add_argument("--title", help="page title")
    add_lang(m, "the page")
    m.add_argument("-o", "--out", action="append", metavar="FILE",
                   help="output file, format by suffix (.html, .gexf, .graphml, .csv); repeatable "
                        "(default: map-VIEW.html)")
    m.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from graph.map import page as mapview
    from graph.map.exports import export, export_format
    from graph.query.engine import open_source
    from graph.stores.store import StoreError

    outs = args.out or [f"map-{args.view}.html"]
    plans = [p.strip() for item in (args.plan or []) for p in item.split(",") if p.strip()] or None
    include = [k.strip() for k in args.include.split(",") if k.strip()]
    if include and args.view != "bipartite":
        print("policykg: error: --include applies to --view bipartite only", file=sys.stderr)
        return 2
    try:
        for o in outs:
            export_format(o)
        g = open_source(graph=args.graph)
        html_opts = {"title": args.title, "color": args.color, "lang": args.lang,
                     "weight": "weight" if args.weight == "count" else args.weight,
                     "max_nodes": args.max_nodes if args.max_nodes is not None else mapview.MAX_NODES}
        written = export(g, outs, view=args.view, plans=plans, include=include, **html_opts)
    except (StoreError, ValueError) as e:
        print(f"policykg: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"policykg: error: {e.filename or ''}: cannot write: {e.strerror or e}", file=sys.stderr)
        return 2
    for p in written:
        print(f"wrote {p}")
    return 0

"""``policykg network``: the department networks of a graph's plans as researchers publish them.

Reads a built graph (``--graph FILE``, loaded into memory, or ``--store DIR``; the same engine and
the same answers as ``policykg query``) and writes into ``-o DIR``: plans.csv (one row per plan),
departments.csv (one row per department of each plan), issuers.csv (bodies that issue documents
together), network.gexf / network.graphml / network.net (Pajek; UCINET imports it) with every metric
as node attributes, and report.md. The definitions are in the README ("Network analysis") and
``graph/analysis/metrics.py``.
"""
from __future__ import annotations

import argparse
import sys

from graph.i18n import LANGS


def register(sub: argparse._SubParsersAction) -> None:
    n = sub.add_parser("network", help="network analysis of the plans' departments: CSV tables, GEXF, GraphML, "
                                       "Pajek and a report",
                       description=__doc__.split("\n\n", 1)[1] if __doc__ else None)
    src = n.add_mutually_exclusive_group()
    src.add_argument("--graph", metavar="FILE", help="an RDF file or build folder (default: out/graph.ttl)")
    src.add_argument("--store", metavar="DIR", help="an Oxigraph store folder (policykg build --store)")
    n.add_argument("-o", "--out", default="network", metavar="DIR", help="output folder (default: network)")
    n.add_argument("--plan", action="append", metavar="ID",
                   help="only this plan (id or IRI; repeat or comma-separate for several)")
    n.add_argument("--lang", choices=LANGS, default="zh", help="language of the report: zh (default) or en")
    n.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    n.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from graph.analysis.data import AnalysisError
    from graph.analysis.exports import write_outputs
    from graph.analysis.issuers import issuer_pairs
    from graph.analysis.tables import analyse
    from graph.query.engine import QueryError, open_source
    from graph.stores.store import StoreError

    plans = [p.strip() for item in (args.plan or []) for p in item.split(",") if p.strip()] or None
    try:
        source = open_source(args.graph, args.store)
        a = analyse(source, plans)
        pairs = issuer_pairs(source, plans)
        written = write_outputs(a, pairs, args.out, args.lang)
    except (AnalysisError, StoreError, QueryError) as e:
        print(f"policykg: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"policykg: error: cannot write {args.out}: {e.strerror or e}", file=sys.stderr)
        return 2
    if not args.quiet:
        m = [pn.metrics for pn in a.plans]
        print(f"plans {len(a.plans)}, tasks {sum(x.tasks for x in m)}, departments {sum(x.departments for x in m)}, "
              f"pairs {sum(x.pairs for x in m)}; joint issuers {len(pairs)} pairs")
        for p in written:
            print(f"wrote {p}")
    return 0

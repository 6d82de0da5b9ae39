"""``policykg query NAME|FILE.rq``: run a named query of the library (or the user's) on a graph or store."""
from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    q = sub.add_parser(
        "query", help="run a named SPARQL query or a .rq file",
        description="Run a named query of the library (graph/query/queries/NAME.rq) or a SPARQL file on a "
                    "built graph (--graph, read into memory) or an Oxigraph store (--store). "
                    "Without NAME, list the named queries and their parameters.")
    q.add_argument("name", nargs="?", metavar="NAME|FILE.rq", help="a named query or a .rq file")
    src = q.add_mutually_exclusive_group()
    src.add_argument("--graph", metavar="FILE", help="an RDF file (default: out/graph.ttl)")
    src.add_argument("--store", metavar="DIR", help="an Oxigraph store folder (policykg build --store)")
    q.add_argument("--format", default="table",
                   choices=("table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld", "rdfxml"),
                   help="table (aligned, for people; default); SELECT/ASK: csv, tsv, json, xml (SPARQL 1.1 "
                        "results); CONSTRUCT/DESCRIBE: turtle, ntriples, jsonld (or json), rdfxml (or xml). "
                        "All but table are written by Oxigraph's serialisers")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="a query parameter (repeatable), e.g. --param dept=区科技局")
    q.add_argument("--max-width", type=int, default=60, metavar="N",
                   help="table: cut cells wider than N terminal columns (0 = never; default 60)")
    q.add_argument("--show", action="store_true", help="print the query with its parameters bound, do not run it")
    q.set_defaults(func=run)


def _list() -> int:
    from graph.query.engine import named_queries
    for name, nq in named_queries().items():
        params = " ".join(f"--param {p.name}={p.default}" if p.default else f"--param {p.name}=…"
                          for p in nq.params.values())
        print(f"{name}\n    {nq.title}" + (f"\n    {params}" if params else ""))
    return 0


def run(args: argparse.Namespace) -> int:
    from graph.query.engine import (QueryError, bind_params, format_result, load_query, open_source, parse_params,
                                    write_query)
    from graph.stores.store import StoreError

    if not args.name:
        return _list()
    try:
        q = load_query(args.name)
        text = bind_params(q, parse_params(args.param))
        if args.show:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            return 0
        check = not q.builtin  # the library's own queries are checked by its tests; parameters are escaped terms
        if check:
            from graph.query.engine import check_query
            check_query(text)  # before loading a big graph
        source = open_source(args.graph, args.store)
        if args.format != "table":  # Oxigraph's own serialisers, bytes as it writes them
            data = write_query(source, text, args.format, check=check)
            sys.stdout.flush()
            out_bytes = getattr(sys.stdout, "buffer", None)
            if out_bytes is None:
                sys.stdout.write(data.decode("utf-8"))
            else:
                out_bytes.write(data)
                out_bytes.flush()
            return 0
        res = source.run(text, check=check)
        out = format_result(res, "table", max_width=args.max_width or None)
    except (QueryError, StoreError) as e:
        print(f"policykg: {e}", file=sys.stderr)
        return 2
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return 0

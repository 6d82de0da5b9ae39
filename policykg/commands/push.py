"""``policykg push GRAPH --endpoint URL``: load a built graph into a Graph Store Protocol server."""
from __future__ import annotations

import argparse
import os
import sys

from .args import seconds


TIMEOUT = 60.0  # as graph.stores.push.TIMEOUT (not imported here: registering stays cheap)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "push", help="load a built graph into a SPARQL server (Graph Store Protocol)",
        description="Send a built graph to any SPARQL 1.1 Graph Store Protocol server: Oxigraph "
                    "(http://HOST:7878/store), Fuseki (http://HOST:3030/DATASET/data), GraphDB "
                    "(http://HOST:7200/repositories/REPO/rdf-graphs/service) … By default the target "
                    "graph is replaced (PUT); --append adds (POST).")
    p.add_argument("graph", metavar="GRAPH", help="the graph file (OUT/graph.ttl, .nt, .nq, .trig, .jsonld, .rdf)")
    p.add_argument("--endpoint", required=True, metavar="URL", help="the server's Graph Store Protocol URL")
    p.add_argument("--graph-iri", metavar="IRI",
                   help="load into this named graph (default: the default graph); N-Quads/TriG graphs are merged into it")
    p.add_argument("--append", action="store_true", help="add to the graph (POST) instead of replacing it (PUT)")
    p.add_argument("--user", metavar="NAME", help="HTTP basic auth user; password from $POLICYKG_PASSWORD")
    p.add_argument("--timeout", type=seconds, default=TIMEOUT, metavar="SECONDS",
                   help=f"give up when the server has not answered for this long (default {TIMEOUT:g})")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from graph.stores.push import PushError, push
    password = None
    if args.user is not None:
        password = os.environ.get("POLICYKG_PASSWORD")
        if password is None and sys.stdin.isatty():
            import getpass
            password = getpass.getpass(f"password for {args.user}: ")
    try:
        r = push(args.graph, args.endpoint, graph_iri=args.graph_iri, append=args.append,
                 user=args.user, password=password, timeout=args.timeout)
    except PushError as e:
        print(f"policykg: {e}", file=sys.stderr)
        return 2
    what = f"graph <{args.graph_iri}>" if args.graph_iri else "the default graph"
    verb = "added to" if args.append else "replaced"
    print(f"{verb} {what}: {r.method} {r.url} → HTTP {r.status}, {r.bytes:,} bytes of {r.content_type} "
          f"in {r.seconds:.2f} s")
    return 0

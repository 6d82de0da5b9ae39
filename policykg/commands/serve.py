"""``policykg serve``: a read-only SPARQL 1.1 Protocol endpoint (/sparql) and an offline query page (/)."""
from __future__ import annotations

import argparse
import ipaddress
import sys

from .args import port


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser(
        "serve", help="a read-only SPARQL endpoint at /sparql and a query page at /",
        description="Serve a built graph (--graph, loaded into memory by Oxigraph) or an Oxigraph store "
                    "(--store) as a read-only SPARQL 1.1 Protocol endpoint at /sparql, with a query page at /. "
                    "Updates and SERVICE are refused (403), and the query processes cannot open network "
                    "sockets; a query past --timeout is stopped (503); results stop at --max-rows.")
    src = s.add_mutually_exclusive_group()
    src.add_argument("--graph", metavar="FILE",
                     help="an RDF file or a build folder (default: out/graph.ttl); .nq/.trig keep their named graphs")
    src.add_argument("--store", metavar="DIR", help="an Oxigraph store folder (policykg build --store)")
    s.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1, this machine only; 0.0.0.0 = every interface)")
    s.add_argument("--port", type=port, default=8000, help="port (default 8000; 0 = any free port)")
    s.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="stop a query after this long and answer 503 (default 30)")
    s.add_argument("--max-rows", type=int, default=10000, metavar="N",
                   help="return at most N rows (default 10000; header X-Policykg-Truncated when cut)")
    s.add_argument("--workers", type=int, default=2, metavar="N",
                   help="query processes kept ready (default 2)")
    s.add_argument("--max-workers", type=int, default=None, metavar="N",
                   help="queries run at once at most (default: 2 per core, at least 4); a slow query never "
                        "holds the others back while fewer are running")
    s.add_argument("-q", "--quiet", action="store_true", help="no request log")
    s.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from graph.query.engine import QueryError
    from graph.query.endpoint import QueryService, make_server
    from graph.stores.store import StoreError

    if args.timeout <= 0 or args.max_rows <= 0 or args.workers < 0 or (args.max_workers or 1) <= 0:
        print("policykg: --timeout, --max-rows and --max-workers must be positive (--workers at least 0)",
              file=sys.stderr)
        return 2
    graph = args.graph
    if not graph and not args.store:
        graph = Path("out") / "graph.ttl"
    try:
        service = QueryService(graph=graph, store=args.store, timeout=args.timeout,
                               max_rows=args.max_rows, workers=args.workers, max_workers=args.max_workers)
    except (StoreError, QueryError) as e:
        print(f"policykg: {e}", file=sys.stderr)
        return 2
    try:
        server = make_server(service, args.host, args.port, quiet=args.quiet)
    except OSError as e:
        service.close()
        print(f"policykg: cannot listen on {args.host}:{args.port}: {e.strerror or e}", file=sys.stderr)
        return 2
    try:
        loopback = ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = args.host == "localhost"
    if not loopback:
        print(f"policykg: warning: listening on {args.host}, reachable from other machines", file=sys.stderr)
    pool = service.pool
    print(f"serving {service.name} ({service.engine}, {service.where}, {service.triples} triples), read-only\n"
          f"  SPARQL endpoint {server.url}/sparql\n  query page      {server.url}/\n"
          f"  time limit {args.timeout:g} s, row cap {args.max_rows}, up to {pool.max_workers} queries at once"
          f"{'' if pool.sandboxed else ' (no network sandbox on this system)'}; Ctrl+C stops", flush=True)
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0

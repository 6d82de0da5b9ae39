"""Named queries on rdflib (memory) and Oxigraph (memory and disk), same queries, same run, same rows.

The graph is replicated to a larger size by renaming its IRIs per copy (every ``…/id/…`` IRI gets a
``~cK`` suffix, so copy K has its own plans, tasks and departments and every answer grows K-fold);
literals stay, so label-based parameters (``dept=区科技局``) match in every copy.

    python bench/query_stores.py                       # the sources/ plans, 10 copies
    python bench/query_stores.py --graph out/graph.ttl --copies 50 --engines oxigraph,oxigraph-disk

Prints load time per engine, then one line per query: seconds on each engine, rows, and whether
every engine gave the same rows.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from graph.query.engine import bind_params, load_query, named_queries, run_query  # noqa: E402
from graph.model.vocab import ID_BASE  # noqa: E402

PARAMS = {"plan-targets": {"plan": ""}}  # every plan: ids get a copy suffix, the default plan has none
LIBRARY = ["plans", "department-tasks", "department-workload", "shared-responsibilities",
           "tasks-without-department", "plan-citations", "shared-citations", "plan-targets", "department-types"]


def replicate(src: Path, copies: int, dest: Path) -> int:
    """Write ``copies`` renamed copies of the graph at ``src`` to ``dest`` (N-Triples); the triple count."""
    import pyoxigraph as ox
    from graph.stores.store import OX_MEDIA, rdf_format
    fmt = ox.RdfFormat.from_media_type(OX_MEDIA[rdf_format(src)])
    triples = [(q.subject, q.predicate, q.object) for q in ox.parse(path=str(src), format=fmt)]

    def rename(t, k):
        if isinstance(t, ox.NamedNode) and t.value.startswith(ID_BASE) and t.value != ID_BASE + "type/":
            return ox.NamedNode(f"{t.value}~c{k}")
        return t

    out = set()
    for k in range(copies):
        for s, p, o in triples:
            out.add(ox.Triple(rename(s, k), p, rename(o, k)))
    ox.serialize(sorted(out, key=str), output=str(dest), format=ox.RdfFormat.N_TRIPLES)
    return len(out)


def load(engine: str, nt: Path, tmp: Path):
    import pyoxigraph as ox
    if engine == "rdflib":
        from rdflib import Graph
        return Graph().parse(nt, format="nt")
    if engine == "oxigraph":
        store = ox.Store()
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        return store
    from graph.stores.store import bulk_load_file, open_store
    store = open_store(tmp / "store", create=True)
    bulk_load_file(store, nt)
    return store


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--graph", help="a built graph (default: build sources/ into a temporary folder)")
    ap.add_argument("--copies", type=int, default=10, help="copies of the graph (default 10)")
    ap.add_argument("--engines", default="rdflib,oxigraph,oxigraph-disk",
                    help="comma-separated: rdflib, oxigraph (memory), oxigraph-disk")
    ap.add_argument("--queries", default=",".join(LIBRARY), help="named queries (default: the library's)")
    args = ap.parse_args(argv)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    names = [q.strip() for q in args.queries.split(",") if q.strip()]
    unknown = [n for n in names if n not in named_queries()]
    if unknown:
        ap.error(f"unknown queries: {', '.join(unknown)}")
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as d:
        tmp = Path(d)
        src = Path(args.graph) if args.graph else None
        if src is None:
            from policykg.build import build
            build([REPO / "sources"], tmp / "out")
            src = tmp / "out" / "graph.ttl"
        nt = tmp / "big.nt"
        t0 = time.perf_counter()
        n = replicate(src, args.copies, nt)
        print(f"graph: {src} × {args.copies} copies = {n:,} triples (replicated in {time.perf_counter() - t0:.1f} s)")
        backends = {}
        for e in engines:
            t0 = time.perf_counter()
            backends[e] = load(e, nt, tmp)
            print(f"load {e:14} {time.perf_counter() - t0:8.2f} s")
        head = "".join(f"{e:>15}" for e in engines)
        print(f"\n{'query':26}{head}{'rows':>8}  same")
        totals = dict.fromkeys(engines, 0.0)
        for name in names:
            text = bind_params(load_query(name), PARAMS.get(name))
            times, results = [], []
            for e in engines:
                t0 = time.perf_counter()
                res = run_query(backends[e], text)
                dt = time.perf_counter() - t0
                totals[e] += dt
                times.append(f"{dt:14.3f}s")
                results.append(res.rows)
            same = all(r == results[0] for r in results)
            print(f"{name:26}{''.join(times)}{len(results[0]):>8}  {'yes' if same else 'NO'}", flush=True)
        print(f"{'total':26}" + "".join(f"{totals[e]:14.3f}s" for e in engines))
        for b in backends.values():
            del b
    return 0


if __name__ == "__main__":
    sys.exit(main())

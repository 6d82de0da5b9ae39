"""``policykg compare PLAN... [-o DIR] [--graph FILE]``: compare plans across districts and levels.

PLANs are plan ids of a built graph (--graph, default out/graph.ttl) or plan files and folders, which
are built first (with their folder's manifest.csv) into a temporary folder. The plan each one
implements joins the comparison. With no PLAN, every plan of the graph that implements another plan
of the graph is compared. Writes OUT/report.html (offline, one file) and CSV tables beside it.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .args import add_lang, positive_int


def register(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("compare", help="compare plans: targets, responsibilities, themes, tasks taken up, citations",
                       description=__doc__.split("\n\n", 1)[1] if __doc__ else None)
    c.add_argument("plans", nargs="*", metavar="PLAN", help="plan ids of the graph, or plan files/folders to build first")
    c.add_argument("-o", "--out", default="compare", help="report folder (default: compare)")
    c.add_argument("--graph", default=None, help="graph file for plan ids (default: out/graph.ttl)")
    c.add_argument("-k", type=positive_int, default=3, help="matches shown per parent task and child plan (default: 3)")
    add_lang(c, "report.html")
    c.add_argument("-q", "--quiet", action="store_true", help="print only the files written")
    c.set_defaults(func=run)


def _err(msg: str) -> int:
    print(f"policykg: error: {msg}", file=sys.stderr)
    return 2


def _load(args, tmp: str):
    """(graph, plan ids): from files built into ``tmp``, or from the graph file (an in-memory Oxigraph
    ``Source``)."""
    from graph.query.engine import open_source
    from graph.stores.store import StoreError

    files = [p for p in args.plans if Path(p).exists()]
    ids = [p for p in args.plans if not Path(p).exists()]
    if files:  # build the files (ids given beside them name plans of the same build)
        from ..build import BuildError, build

        try:
            build(files, tmp, warn=lambda m: print(f"policykg: {m}", file=sys.stderr))
        except BuildError as e:
            raise StoreError(str(e)) from None
        g = open_source(graph=Path(tmp) / "graph.ttl")
        from graph.compare.compare import all_plans

        by_file: dict[str, list[str]] = {}
        for x in all_plans(g).values():
            by_file.setdefault(_source_file(g, x.iri) or "", []).append(x.id)
        wanted = []
        for f in files:  # a file's plan, or every plan of a folder, in the order given
            p = Path(f)
            names = sorted(q.name for q in p.rglob("*") if q.is_file()) if p.is_dir() else [p.name]
            for n in names:
                wanted += sorted(by_file.get(n, []))
        return g, list(dict.fromkeys(wanted + ids))
    gpath = Path(args.graph or "out/graph.ttl")
    if not gpath.is_file():
        raise StoreError(f"{gpath}: no such graph file (build one with `policykg build SOURCES -o {gpath.parent}`, "
                         "or pass plan files)")
    return open_source(graph=gpath), ids


def _source_file(g, plan_iri: str) -> str | None:
    from graph.query.engine import select
    from graph.query.vocab import V
    rows = select(g, f"SELECT ?f WHERE {{ <{plan_iri}> <{V.sourceFile}> ?f }} ORDER BY ?f LIMIT 1")
    return rows[0][0].value if rows else None


def run(args: argparse.Namespace) -> int:
    from graph.compare.compare import CompareError, compare, default_plans, fmt_number
    from graph.compare.report import write_report
    from graph.stores.store import StoreError

    from ..cleanup import scratch_dir

    if Path(args.out).exists() and not Path(args.out).is_dir():
        return _err(f"{args.out}: exists and is not a folder; -o names the report's folder")
    with scratch_dir("policykg-compare-") as tmp:
        try:
            g, wanted = _load(args, tmp)
            if not wanted:
                wanted = default_plans(g)
                if not wanted:
                    return _err("no PLAN given and no plan of the graph implements another; name the plans to compare")
            c = compare(g, wanted, k=args.k)
        except (StoreError, CompareError) as e:
            return _err(str(e))
    try:
        written = write_report(c, args.out, lang=args.lang)
    except OSError as e:
        return _err(f"{e.filename or args.out}: cannot write the report: {e.strerror or e}")
    if not args.quiet:
        print("plans: " + ", ".join(f"{p.short} ({p.id}{', parent' if p.added else ''})" for p in c.plans))
        shared = [r for r in c.targets if len(r.cells) > 1]
        if shared:
            from unicodedata import east_asian_width

            def pad(s: str, w: int) -> str:
                return s + " " * max(0, w - sum(2 if east_asian_width(ch) in "WF" else 1 for ch in s))

            width = max(sum(2 if east_asian_width(ch) in "WF" else 1 for ch in r.key) for r in shared)
            print("targets set by more than one plan (normalised values):")
            for r in shared:
                vals = "  ".join(f"{c.plan(p.id).short} {fmt_number(r.cells[p.id].value)}" for p in c.plans if p.id in r.cells)
                print(f"  {pad(r.key, width)}  {vals}" + (f"  ({r.unit})" if r.unit else ""))
        for v in c.coverage:
            print(f"tasks of {c.plan(v.parent_plan).short} taken up by {c.plan(v.child_plan).short}: "
                  f"{v.taken_up} of {v.parent_tasks} (related {v.related})")
    for p in written:
        if p.suffix == ".html" or not args.quiet:
            print(f"wrote {p}")
    return 0

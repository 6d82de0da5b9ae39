"""``policykg build SOURCES... -o OUT``: extract plans and write the graph."""
from __future__ import annotations

import argparse
import sys

from .args import add_lang, positive_int, seconds_or_none

SKIPPED = 1  # exit status: built, but some sources or manifest rows were skipped (each said in one line)


def register(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser("build", help="extract plans and write the graph")
    b.add_argument("sources", nargs="+", help="plan files or folders (.txt, .html, .docx, .xlsx, .xls, .pdf; .doc/.wps with LibreOffice); a folder's manifest.csv is read; README*, manifest.csv, hidden files and files inside OUT or the store are never sources")
    b.add_argument("-o", "--out", default="out", help="output folder (default: out)")
    b.add_argument("--format", default="ttl",
                   help="comma-separated: ttl, nt, nq, trig, jsonld, xml (default: ttl)")
    b.add_argument("--on-error", choices=("skip", "fail"), default="skip",
                   help="on a bad source or manifest row: skip it with a one-line warning and exit with status 1 "
                        "once the rest is built (default), or fail the build (status 2, nothing written)")
    b.add_argument("-j", "--jobs", type=positive_int, default=None,
                   help="extraction processes (default: all cores); output is the same for any number")
    b.add_argument("--store", metavar="DIR", help="also load the graph into a persistent Oxigraph store")
    b.add_argument("--no-cache", action="store_true",
                   help="do not keep or use the incremental cache (OUT/.cache); a scratch folder in the "
                        "system temp folder holds the extraction during the build")
    b.add_argument("--file-timeout", type=seconds_or_none, default=None, metavar="SECONDS",
                   help="time allowed to read and extract one file; a file that takes longer is skipped with "
                        "one line (default: 120; 0 = no limit)")
    b.add_argument("--no-map", action="store_true", help="do not draw OUT/map.html")
    add_lang(b, "OUT/map.html")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar or progress lines (warnings are still printed)")
    b.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..build import BuildError, build
    from ..progress import Progress

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    with Progress() as bar:  # a bar on a terminal, a line every few seconds in a log; warnings above it
        try:
            res = build(args.sources, args.out, formats=formats, on_error=args.on_error,
                        progress=None if args.quiet else bar, warn=bar.warn, jobs=args.jobs,
                        cache=not args.no_cache, store=args.store, draw_map=not args.no_map, map_lang=args.lang,
                        **({} if args.file_timeout is None else {"file_timeout": args.file_timeout or None}))
        except BuildError as e:
            bar.close()
            print(f"policykg: error: {e}", file=sys.stderr)
            return 2
        except OSError as e:  # OUT, the store or the cache cannot be written (permissions, a file in the way, disk full)
            bar.close()
            print(f"policykg: error: {e.filename or args.out}: cannot write: {e.strerror or e}", file=sys.stderr)
            return 2
    s = res.summary()
    if res.up_to_date:
        print(f"up to date: {args.out}")
    print(f"plans {s['plans']}, tasks {s['tasks']} ({s['tasks_with_departments']} with departments), "
          f"departments {s['departments']}, citations {s['citations']}, institutions {s['institutions']}, "
          f"targets {s['targets']}" + (f", skipped {s['skipped']}" if s["skipped"] else ""))
    for p in res.written:
        if p.parent.name != "texts":
            print(f"wrote {p}")
    if args.store:
        print(f"store {args.store}")
    return SKIPPED if res.skipped else 0

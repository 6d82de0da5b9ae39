"""Extraction speed of policykg beside plain jieba word segmentation, on the same text.

What: reads the shared corpus (``shared/corpus/tianjin/*.txt`` and ``guowuyuan/*.html``) with
``extract.reading.read_source``, then times, in one process on one core,

* policykg's full extraction (``extract.pipeline.Extractor()(source)``), and
* ``jieba.Tokenizer().lcut(source.text)`` (default mode, HMM on),

over the same extracted texts repeated ``--repeat`` times, best of ``--rounds``. It prints
characters, seconds and characters per second for each, and ``ratio = policykg / jieba``.

Why: plain jieba segmentation is a familiar, machine-independent yardstick for Chinese text
processing. Reporting policykg's throughput as a ratio to it gives a figure that can be compared
across machines and over time, so that slowdowns in the extractor show up as a falling ratio.

Reading and decoding are outside the timed region; both sides are warmed up first (jieba builds
its dictionary on first use; the Extractor's private tokenizer likewise).

Usage (from the repo root)::

    python bench/extract_speed.py [--repeat 5] [--rounds 3] [--json report.json]
    python -m bench.extract_speed ...
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import logging
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from extract.pipeline import Extractor, NotAPlan  # noqa: E402
from extract.reading import Source, SourceError, read_source  # noqa: E402


def corpus_dir() -> Path:
    """The shared corpus: ``<parent of repo>/shared/corpus``, else ``/work/shared/corpus``."""
    shared = Path(__file__).resolve().parents[2] / "shared"
    if not (shared / "corpus").is_dir():
        shared = Path("/work/shared")
    return shared / "corpus"


def load_sources(corpus: Path) -> list[Source]:
    """The corpus documents' extracted texts; unreadable ones are skipped."""
    paths = sorted((corpus / "tianjin").glob("*.txt")) + sorted((corpus / "guowuyuan").glob("*.html"))
    sources: list[Source] = []
    for p in paths:
        try:
            sources.append(read_source(p))
        except SourceError:
            continue
    return sources


def run_policykg(ex: Extractor, sources: Sequence[Source]) -> int:
    """Extract every source; a ``NotAPlan`` still counts (the work was done)."""
    chars = 0
    for s in sources:
        try:
            ex(s)
        except NotAPlan:
            pass
        chars += len(s.text)
    return chars


def run_jieba(tk: object, sources: Sequence[Source]) -> int:
    """Segment every source with jieba's default mode (HMM on)."""
    chars = 0
    for s in sources:
        tk.lcut(s.text)  # type: ignore[attr-defined]
        chars += len(s.text)
    return chars


def best_of(rounds: int, fn: Callable[[], int]) -> tuple[int, float]:
    """Characters processed and the best wall time over ``rounds`` runs."""
    best = float("inf")
    chars = 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        chars = fn()
        best = min(best, time.perf_counter() - t0)
    return chars, best


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="times the document set is repeated (default 5)")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds; the best is kept (default 3)")
    ap.add_argument("--json", metavar="FILE", type=Path, help="also write a JSON report here")
    ap.add_argument("--corpus", type=Path, default=None, help="corpus directory (default: shared/corpus)")
    args = ap.parse_args(argv)

    import os

    if hasattr(os, "sched_setaffinity"):  # one core: keep the process on the CPU it started on
        try:
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        except OSError:
            pass

    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.setLogLevel(logging.WARNING)

    docs = load_sources(args.corpus or corpus_dir())
    if not docs:
        print("no readable documents found", file=sys.stderr)
        return 1
    sources = docs * args.repeat

    # warm-up, outside the timed region
    ex = Extractor()
    run_policykg(ex, docs[:1])
    tk = jieba.Tokenizer()
    tk.initialize()
    tk.lcut(docs[0].text)

    p_chars, p_secs = best_of(args.rounds, lambda: run_policykg(ex, sources))
    j_chars, j_secs = best_of(args.rounds, lambda: run_jieba(tk, sources))
    p_cps = p_chars / p_secs
    j_cps = j_chars / j_secs
    ratio = p_cps / j_cps

    print(f"{len(docs)} documents x {args.repeat} repeats, best of {args.rounds} rounds")
    print(f"{'':10} {'chars':>10} {'seconds':>9} {'chars/s':>12}")
    print(f"{'policykg':10} {p_chars:>10,} {p_secs:>9.3f} {p_cps:>12,.0f}")
    print(f"{'jieba':10} {j_chars:>10,} {j_secs:>9.3f} {j_cps:>12,.0f}")
    print(f"ratio = policykg / jieba = {ratio:.3f}")

    if args.json:
        report = {
            "chars": p_chars,
            "docs": len(docs),
            "repeat": args.repeat,
            "policykg_cps": round(p_cps, 1),
            "jieba_cps": round(j_cps, 1),
            "ratio": round(ratio, 4),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "jieba_version": getattr(jieba, "__version__", "unknown"),
            "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        }
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

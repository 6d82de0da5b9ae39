#!/usr/bin/env python3
"""Score policykg on the hand-annotated holdout plans (tests/data/holdout/) with ../shared/eval/score.py.

A proxy for the plans in unseen styles that issues 11 and 15 measure: corpus documents that have no gold file
in ../shared/eval/gold, annotated by hand from their text (not from policykg's output), and text tables written
from real plans' sentences. See tests/data/holdout/README.md for which documents and the rules followed.

    python bench/holdout.py [--only 07,34] [--show] [--json report.json] [--code /work/main]

Each document is extracted alone, as ``policykg build FILE`` does (no manifest), turned into RDF, and scored;
the last line gives micro-averaged P/R/F1 per type, and implements as linked/expected. A refused document
(not a plan) scores as an empty graph and is named. ``--code DIR`` scores another checkout's extraction
(``extract/``, ``graph/`` of DIR) on this holdout: the figures before a change beside those after it.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOLDOUT = REPO / "tests" / "data" / "holdout"
CATS = ("responsibility", "lead", "departments", "policies", "institutions", "targets")


def shared_dir() -> Path:
    """../shared beside the repository (a worktree or main), else /work/shared."""
    for p in (REPO.parent / "shared", Path("/work/shared")):
        if (p / "eval" / "score.py").is_file():
            return p
    raise SystemExit("shared folder with eval/score.py not found")


def source_of(gold: dict, shared: Path) -> Path:
    """The document a gold file names: beside the gold files, else in the shared corpus."""
    for d in (HOLDOUT, *(shared / "corpus" / k for k in ("guowuyuan", "tianjin", "tables"))):
        if (d / gold["source"]).is_file():
            return d / gold["source"]
    raise FileNotFoundError(gold["source"])


def golds(only: set[str] | None = None) -> list[tuple[str, dict]]:
    """(stem, gold) for every holdout gold file, sorted by name."""
    out = []
    for f in sorted(HOLDOUT.glob("*.json")):
        if not only or f.stem in only:
            out.append((f.stem, json.loads(f.read_text(encoding="utf-8"))))
    return out


def score_one(gold: dict, shared: Path) -> tuple[dict, bool]:
    """Extract the gold's document alone, build its graph, score it; (scores, refused)."""
    import rdflib

    from extract.pipeline import Extractor, NotAPlan
    from extract.reading import read_source
    from graph.model.rdf import build_graph

    sys.path.insert(0, str(shared / "eval"))
    from score import score

    refused = False
    try:
        g = build_graph([Extractor()(read_source(source_of(gold, shared)))])
    except NotAPlan:
        g, refused = rdflib.Graph(), True
    return score(g, gold), refused


def score_all(only: set[str] | None = None, show: bool = False) -> dict:
    """Micro-averaged tp/sys/gold and P/R/F1 per type over the holdout, implements linked/expected, refusals."""
    shared = shared_dir()
    tot = {c: [0, 0, 0] for c in CATS}
    impl = [0, 0]
    refused = []
    per_doc = {}
    for stem, gold in golds(only):
        r, ref = score_one(gold, shared)
        if ref:
            refused.append(stem)
        for c in CATS:
            if c in r:
                for k, key in enumerate(("tp", "sys", "gold")):
                    tot[c][k] += r[c][key]
        if gold["plan"].get("implements_contains"):
            impl[1] += 1
            impl[0] += bool(r["plan"]["implements_linked"])
        per_doc[stem] = r
        if show:
            print(stem, json.dumps({c: r[c] for c in CATS if c in r}, ensure_ascii=False))
        else:
            print(stem, ("REFUSED " if ref else "") + " ".join(
                f"{c[:4]}={r[c]['tp']}/{r[c]['sys']}/{r[c]['gold']}" for c in CATS if c in r))
    out = {"implements": impl, "refused": refused, "docs": per_doc}
    for c, (tp, ns, ng) in tot.items():
        p, rc = (tp / ns if ns else 0.0), (tp / ng if ng else 0.0)
        out[c] = {"tp": tp, "sys": ns, "gold": ng, "p": p, "r": rc, "f1": 2 * p * rc / (p + rc) if p + rc else 0.0}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="comma-separated gold file stems")
    ap.add_argument("--show", action="store_true", help="print each document's full score (misses, false positives)")
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--code", default=str(REPO), help="checkout whose extract/ and graph/ are scored")
    a = ap.parse_args()
    sys.path.insert(0, str(Path(a.code).resolve()))
    res = score_all(set(filter(None, a.only.split(","))) or None, a.show)
    print("holdout " + " ".join(f"{c[:4]}_f1={res[c]['f1']:.3f}(p{res[c]['p']:.2f},r{res[c]['r']:.2f})" for c in CATS)
          + f" implements={res['implements'][0]}/{res['implements'][1]} refused={len(res['refused'])}")
    if a.json:
        Path(a.json).write_text(json.dumps({k: v for k, v in res.items() if k != "docs"}, ensure_ascii=False, indent=1),
                                encoding="utf-8")


if __name__ == "__main__":
    main()

"""CPU time of turning records into RDF text, the formatting half of ``policykg build``, in one process.

Extraction is done once (a cached ``policykg build`` of the corpus; its records are pickled to
``--records`` and reused by later runs), then each round times, over all plans, with
``time.process_time``: ``summarize``, ``SharedNodes.add`` of every summary (SQLite on disk, as in a
build), the shared triples, ``plan_triples``, and the text in each of Turtle, N-Triples and N-Quads
(the shared nodes in runs as ``policykg.build.slices`` cuts them, then plan by plan, each through
``policykg.build.format_chunk``). Each round runs in a fresh process, as a build does, so that no
memo (IRI segments, Turtle names) is warm from the round before; the best round of each stage is kept. A digest of every text is
printed so that two branches can be compared for identical output in the same run.

Usage: ``python bench/format_speed.py [--corpus DIR] [--records FILE] [--rounds 3] [--formats ttl,nt,nq]``
"""
from __future__ import annotations

import argparse
import gc
import glob
import hashlib
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def load_records(corpus: str, path: str, repo: Path) -> list:
    """The corpus's records, from ``path`` or extracted once by a cached build and saved there."""
    if not os.path.isfile(path):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "policykg.cli", "build", corpus, "-o", tmp + "/out", "-q",
                            "--no-map", "-j", "2"], cwd=repo, check=False, stderr=subprocess.DEVNULL)
            recs = [pickle.load(open(f, "rb")) for f in glob.glob(tmp + "/out/.cache/record/*/*.pkl")]
        with open(path, "wb") as f:
            pickle.dump(sorted(recs, key=lambda r: r.info.id), f, protocol=pickle.HIGHEST_PROTOCOL)
    with open(path, "rb") as f:
        return pickle.load(f)


def one_round(records: list, formats: list[str], scratch: str) -> tuple[dict[str, float], str]:
    """Each stage's CPU seconds over all plans, and a digest of all the texts."""
    from graph.model import iris
    from graph.model.rdf import plan_triples
    from graph.model.shared import SharedNodes
    from graph.model.summary import summarize
    from graph.model.written import SHARED_GRAPH
    from policykg.build import format_chunk, slices

    t: dict[str, float] = {}
    clock = time.process_time
    c = clock()
    summaries = [summarize(r) for r in records]
    t["summarize"] = clock() - c
    digest = hashlib.sha256()
    with SharedNodes(os.path.join(scratch, "shared.sqlite")) as shared:
        c = clock()
        for s in summaries:
            shared.add(s)
        t["shared add"] = clock() - c
        c = clock()
        docs = shared.doc_index()
        parts = list(slices(shared.triples()))
        t["shared triples"] = clock() - c
        c = clock()
        per_plan = [(str(iris.plan(r.info.id)), plan_triples(r, docs)) for r in records]
        t["plan_triples"] = clock() - c
        for fmt in formats:
            c = clock()
            texts = [format_chunk(fmt, p, SHARED_GRAPH) for p in parts]
            texts += [format_chunk(fmt, ts, g) for g, ts in per_plan]
            t[fmt] = clock() - c
            for x in texts:
                digest.update(x.encode())
    t["total"] = sum(t.values())
    return t, digest.hexdigest()[:16]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default="/tmp/policykg-bench-engine/corpus-300")
    ap.add_argument("--records", default="/tmp/policykg-format-records.pkl")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--formats", default="ttl,nt,nq")
    ap.add_argument("--repo", nargs="+", default=[str(REPO)],
                    help="checkouts to time, rounds interleaved (e.g. this one and main's)")
    ap.add_argument("--one-round", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    sys.path.insert(0, a.repo[0])
    records = load_records(a.corpus, a.records, Path(a.repo[0]))
    formats = a.formats.split(",")
    if a.one_round:
        with tempfile.TemporaryDirectory() as scratch:
            gc.collect()
            print(json.dumps(one_round(records, formats, scratch)))
        return
    best: dict[str, dict[str, float]] = {r: {} for r in a.repo}
    digests: dict[str, set[str]] = {r: set() for r in a.repo}
    for _ in range(a.rounds):
        for repo in a.repo:
            out = subprocess.run([sys.executable, __file__, "--one-round", "--records", a.records, "--formats",
                                  a.formats, "--repo", repo], check=True, capture_output=True, text=True).stdout
            t, d = json.loads(out)
            digests[repo].add(d)
            best[repo] = {k: min(v, best[repo].get(k, v)) for k, v in t.items()}
    print(f"{len(records)} plans, best of {a.rounds} rounds, each in a fresh process (CPU seconds)")
    print(f"  {'stage':16s}" + "".join(f" {Path(r).name[:10]:>10s}" for r in a.repo))
    for k in best[a.repo[0]]:
        print(f"  {k:16s}" + "".join(f" {best[r][k]:10.3f}" for r in a.repo))
    print(f"  {'output digest':16s}" + "".join(f" {','.join(sorted(digests[r])):>10s}" for r in a.repo))


if __name__ == "__main__":
    main()

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
sys.path.insert(0, str(REPO))

from graph.model.rdf import plan_triples  # noqa: E402
from graph.model.shared import SharedNodes  # noqa: E402
from graph.model.summary import summarize  # noqa: E402
from graph.model.written import SHARED_GRAPH  # noqa: E402
from graph.model import iris  # noqa: E402
from policykg.build import format_chunk, slices  # noqa: E402


def load_records(corpus: str, path: str) -> list:
    """The corpus's records, from ``path`` or extracted once by a cached build and saved there."""
    if not os.path.isfile(path):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "policykg.cli", "build", corpus, "-o", tmp + "/out", "-q",
                            "--no-map", "-j", "2"], cwd=REPO, check=False, stderr=subprocess.DEVNULL)
            recs = [pickle.load(open(f, "rb")) for f in glob.glob(tmp + "/out/.cache/record/*/*.pkl")]
        with open(path, "wb") as f:
            pickle.dump(sorted(recs, key=lambda r: r.info.id), f, protocol=pickle.HIGHEST_PROTOCOL)
    with open(path, "rb") as f:
        return pickle.load(f)


def one_round(records: list, formats: list[str], scratch: str) -> tuple[dict[str, float], str]:
    """Each stage's CPU seconds over all plans, and a digest of all the texts."""
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
    ap.add_argument("--one-round", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    records = load_records(a.corpus, a.records)
    formats = a.formats.split(",")
    if a.one_round:
        with tempfile.TemporaryDirectory() as scratch:
            gc.collect()
            print(json.dumps(one_round(records, formats, scratch)))
        return
    best: dict[str, float] = {}
    digests = set()
    for _ in range(a.rounds):
        out = subprocess.run([sys.executable, __file__, "--one-round", "--records", a.records, "--formats",
                              a.formats], check=True, capture_output=True, text=True).stdout
        t, d = json.loads(out)
        digests.add(d)
        best = {k: min(v, best.get(k, v)) for k, v in t.items()}
    print(f"{len(records)} plans, best of {a.rounds} rounds, each in a fresh process (CPU seconds), "
          f"output digest {', '.join(sorted(digests))}")
    for k, v in best.items():
        print(f"  {k:16s} {v:7.3f}")


if __name__ == "__main__":
    main()

"""How policykg scales from 100 to 10,000 documents: one command, one JSON report, one table.

For each size N it makes a corpus of N documents replicated from ../shared/corpus (distinct ids and
regions; see bench/corpus.py — the text is real but repeated, and every report says so), then
measures in the same run:

- extraction speed (characters/s) of the full pipeline beside bare ``jieba.lcut`` on the same text,
  one core, and their ratio;
- ``policykg build --jobs J --store`` end to end: wall time, documents/s, peak memory of the main
  process and of the largest worker, store size on disk;
- the same build again with nothing changed (the incremental path), and the speed-up;
- the same build after one plan got one more department in one annotation (one plan's work: one
  extraction, its graph and the shared nodes that differ), the file then put back;
- every named query on the Oxigraph store, on graph.ttl loaded into an in-memory Oxigraph store (what
  ``policykg query --graph``, ``map`` and ``compare`` do), and on rdflib's in-memory graph (parsed from graph.ttl):
  all of them up to ``--rdflib-all-max`` documents, shared-responsibilities alone up to
  ``--rdflib-max`` (rdflib needs minutes per million triples and ~1.4 kB a triple).

Usage: ``python bench/scale.py --sizes 100,1000,10000 --jobs 2 --json bench/scale.json``
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from corpus import make_corpus  # noqa: E402

# cross-plan comparison queries pair every plan with every other; they are not part of this benchmark
SKIP_PREFIXES = ("compare-",)


def _peak_kb() -> int:
    """This process's peak RSS since it started (VmHWM). Not ru_maxrss: Linux keeps that across
    exec, so a build started from a big parent (this benchmark, after loading an rdflib graph)
    would report the parent's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child_build(argv: list[str]) -> None:
    """Run one build in this process and print its peak memory (self and largest worker) as JSON."""
    from policykg.cli import main

    t = time.perf_counter()
    rc = main(argv)
    wall = time.perf_counter() - t
    self_kb = _peak_kb()
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # workers: forked by the build
    print(json.dumps({"rc": rc, "wall": wall, "peak_main_mb": self_kb / 1024, "peak_worker_mb": child_kb / 1024}))


def run_build(corpus: Path, out: Path, store: Path, jobs: int) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child-build", "build", str(corpus), "-o", str(out),
           "--store", str(store), "--jobs", str(jobs), "--no-map", "-q"]
    t = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - t
    if res.returncode != 0:
        raise SystemExit(f"build failed:\n{res.stderr[-2000:]}")
    info = json.loads(res.stdout.strip().splitlines()[-1])
    info["wall_total"] = wall
    info["summary"] = next((l for l in res.stdout.splitlines() if l.startswith(("plans", "up to date"))), "")
    return info


def change_one(corpus: Path) -> tuple[Path, bytes]:
    """Give one plan of the corpus a new department in its first annotation (X负责) → (X、区统计局负责);
    return the file and its bytes before, to put back."""
    for f in sorted(corpus.glob("*.txt")):
        data = f.read_bytes()
        text = data.decode("utf-8", errors="replace")
        i = text.find("负责)")
        if i > 0:
            f.write_text(text[:i] + "、区统计局" + text[i:], encoding="utf-8")
            return f, data
    raise SystemExit(f"{corpus}: no annotation to change")


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def extraction_speed(corpus: Path, max_docs: int = 200) -> dict:
    """chars/s of Extractor vs jieba.lcut on (up to) ``max_docs`` documents of the corpus, one core."""
    import jieba

    from extract.pipeline import Extractor, NotAPlan
    from extract.reading import SourceError, read_source

    sources = []
    for f in sorted(corpus.iterdir())[:max_docs]:
        if f.suffix in (".txt", ".html"):
            try:
                sources.append(read_source(f))
            except SourceError:
                pass
    chars = sum(len(s.text) for s in sources)
    ex = Extractor()
    ex(sources[0])
    tk = jieba.Tokenizer()
    tk.initialize()
    best_x = best_j = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for s in sources:
            try:
                ex(s)
            except NotAPlan:
                pass
        best_x = min(best_x, time.perf_counter() - t)
        t = time.perf_counter()
        for s in sources:
            tk.lcut(s.text)
        best_j = min(best_j, time.perf_counter() - t)
    return {"chars": chars, "policykg_cps": chars / best_x, "jieba_cps": chars / best_j,
            "ratio": (chars / best_x) / (chars / best_j)}


def query_times(backend, names: list[str]) -> dict[str, float]:
    from graph.query.engine import run_named

    from graph.query.engine import QueryError

    out: dict[str, float | str] = {}
    for name in names:
        t = time.perf_counter()
        try:
            run_named(backend, name)
        except QueryError as e:  # reported, not hidden: the table shows which query failed
            out[name] = f"error: {e}"
            continue
        out[name] = time.perf_counter() - t
    return out


def measure(n: int, work: Path, jobs: int, rdflib_max: int, rdflib_all_max: int) -> dict:
    corpus = make_corpus(n, work / f"corpus-{n}")
    out, store = work / f"out-{n}", work / f"store-{n}"
    for p in (out, store):
        shutil.rmtree(p, ignore_errors=True)
    first = run_build(corpus, out, store, jobs)
    again = run_build(corpus, out, store, jobs)
    path, original = change_one(corpus)
    try:
        changed = run_build(corpus, out, store, jobs)
    finally:
        path.write_bytes(original)
    report = {"documents": n, "first_build": first, "unchanged_rebuild": again, "one_changed_plan": changed,
              "changed_file": path.name,
              "docs_per_s": n / first["wall"], "rebuild_speedup": first["wall"] / again["wall"],
              "store_mb": du(store) / 2**20, "graph_ttl_mb": (out / "graph.ttl").stat().st_size / 2**20}
    from graph.query.engine import named_queries
    from graph.stores.store import load_graph, load_memory_store, open_store

    names = sorted(q for q in named_queries() if not q.startswith(SKIP_PREFIXES))
    st = open_store(store)
    report["oxigraph_query_s"] = query_times(st, names)
    del st
    t = time.perf_counter()
    mem = load_memory_store(out / "graph.ttl")
    report["memory_load_s"] = time.perf_counter() - t
    report["memory_query_s"] = query_times(mem, names)
    del mem
    if n <= rdflib_max:
        t = time.perf_counter()
        g = load_graph(out / "graph.ttl")
        report["rdflib_load_s"] = time.perf_counter() - t
        report["rdflib_query_s"] = query_times(g, names if n <= rdflib_all_max else ["shared-responsibilities"])
        report["triples"] = len(g)
        del g
    return report


def table(reports: list[dict], speed: dict) -> str:
    lines = [f"extraction: policykg {speed['policykg_cps']:,.0f} chars/s, jieba.lcut {speed['jieba_cps']:,.0f} "
             f"chars/s, ratio {speed['ratio']:.2f} (one core, {speed['chars']:,} chars)",
             "corpus: real documents of ../shared/corpus replicated to N with distinct ids and regions",
             f"{'docs':>7} {'build s':>8} {'docs/s':>7} {'rebuild s':>9} {'speed-up':>8} {'1-change s':>10} "
             f"{'main MB':>8} "
             f"{'worker MB':>9} {'store MB':>8} {'shared-resp ox s':>16} {'ox memory s':>11} {'rdflib s':>9} {'×':>6}"
             f" {'file load: ox memory / rdflib s':>32}"]
    for r in reports:
        ox = r["oxigraph_query_s"].get("shared-responsibilities", float("nan"))
        rl = r.get("rdflib_query_s", {}).get("shared-responsibilities")
        ox = ox if isinstance(ox, float) else float("nan")
        rl = rl if isinstance(rl, float) else None
        mq = r.get("memory_query_s", {}).get("shared-responsibilities")
        mq = mq if isinstance(mq, float) else float("nan")
        loads = f"{r.get('memory_load_s', float('nan')):.2f} / " + (f"{r['rdflib_load_s']:.1f}" if "rdflib_load_s" in r
                                                                    else "-")
        lines.append(f"{r['documents']:>7} {r['first_build']['wall']:>8.1f} {r['docs_per_s']:>7.1f} "
                     f"{r['unchanged_rebuild']['wall']:>9.2f} {r['rebuild_speedup']:>8.0f} "
                     f"{r['one_changed_plan']['wall']:>10.1f} "
                     f"{r['first_build']['peak_main_mb']:>8.0f} {r['first_build']['peak_worker_mb']:>9.0f} "
                     f"{r['store_mb']:>8.1f} {ox:>16.3f} {mq:>11.3f} "
                     + (f"{rl:>9.3f} {rl / ox:>6.1f}" if rl else f"{'-':>9} {'-':>6}") + f" {loads:>32}")
    for a, b in zip(reports, reports[1:]):
        lines.append(f"growth {a['documents']:,} -> {b['documents']:,} documents "
                     f"(x{b['documents'] / a['documents']:g}): " + ", ".join(
                         f"{name} x{b_v / a_v:.2f}" for name, a_v, b_v in _growth(a, b) if a_v))
    return "\n".join(lines)


def _growth(a: dict, b: dict) -> list[tuple[str, float, float]]:
    """The figures whose growth the report states, for two sizes."""
    ox = lambda r: r["oxigraph_query_s"].get("shared-responsibilities")  # noqa: E731
    pairs = [("build s", a["first_build"]["wall"], b["first_build"]["wall"]),
             ("main MB", a["first_build"]["peak_main_mb"], b["first_build"]["peak_main_mb"]),
             ("worker MB", a["first_build"]["peak_worker_mb"], b["first_build"]["peak_worker_mb"]),
             ("store MB", a["store_mb"], b["store_mb"]),
             ("rebuild s", a["unchanged_rebuild"]["wall"], b["unchanged_rebuild"]["wall"]),
             ("1-change s", a["one_changed_plan"]["wall"], b["one_changed_plan"]["wall"])]
    if isinstance(ox(a), float) and isinstance(ox(b), float):
        pairs.append(("shared-resp Oxigraph s", ox(a), ox(b)))
    return pairs


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-build":
        _child_build(sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description="policykg at 100 … 10,000 documents")
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--work", type=Path, default=Path("/tmp/policykg-scale"))
    ap.add_argument("--rdflib-max", type=int, default=10000,
                    help="largest size whose graph.ttl is also loaded into rdflib memory and queried there")
    ap.add_argument("--rdflib-all-max", type=int, default=1000,
                    help="largest size at which every named query runs in rdflib memory; above it only "
                         "shared-responsibilities (the others take minutes each there)")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in a.sizes.split(",")]
    speed = extraction_speed(make_corpus(max(100, min(sizes)), a.work / f"corpus-{max(100, min(sizes))}"))
    reports = []
    for n in sizes:
        reports.append(measure(n, a.work, a.jobs, a.rdflib_max, a.rdflib_all_max))
        print(f"... {n} documents done", file=sys.stderr)
    text = table(reports, speed)
    print(text)
    if a.json:
        a.json.write_text(json.dumps({"corpus": "replicated from ../shared/corpus with distinct ids and regions",
                                      "jobs": a.jobs, "extraction": speed, "sizes": reports,
                                      "python": platform.python_version(), "platform": platform.platform(),
                                      "cores": os.cpu_count(),
                                      "date": datetime.now(timezone.utc).isoformat(timespec="seconds")},
                                     ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

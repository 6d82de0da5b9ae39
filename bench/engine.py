"""One engine, end to end: issue 12's table on N plans of the replicated corpus, in one run.

Each row is measured beside the limit it should approach, on the same machine, in the same run,
rounds interleaved so that a busy machine slows both sides alike (the best round of each is kept):

- ``policykg build`` with its map (``--no-cache``, ``--jobs J`` for each J) beside bare
  ``jieba.Tokenizer().lcut`` on the same texts (one core; the dictionary loaded beforehand, as in
  ``extract_speed.py``; its load time is reported apart). ``ratio = jieba time / build time``:
  ≥ 1.0 means the whole build, Python's start-up and the map included, takes no longer than jieba
  alone takes to segment the texts. Each build's CPU time (workers included) is reported beside its
  wall time: on a busy machine ``--jobs N`` cannot shorten the wall time, and the CPU time shows
  whether the work itself grew;
- ``policykg map GRAPH`` end to end beside a bare Oxigraph load of the same file;
- ``policykg query shared-responsibilities --graph graph.ttl`` end to end beside a bare Oxigraph
  load + query of the same file (in one process: no Python start-up);
- ``GRAPH ?g { … }`` on ``graph.nq`` with ``policykg query --graph``: one row per named graph;
- with ``--rdflib``, rdflib's parse of ``graph.ttl`` (what ``map`` and ``query`` paid before).

The ``serve --graph`` and SPARQLWrapper rows of the issue belong to the endpoint's benchmark.

Usage: ``python bench/engine.py [--plans 300] [--jobs 1,2] [--rounds 3] [--rdflib] [--json FILE]``
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from corpus import make_corpus  # noqa: E402
from policykg.commands.build import SKIPPED  # noqa: E402

GRAPH_QUERY = "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g\n"


CPU: dict[str, float] = {}  # CPU seconds (user + system, workers included) of the last run of each command


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def policykg(*args: str) -> float:
    """Wall time of one ``policykg`` command in a fresh process (Python's start-up included); its CPU
    time, worker processes included, goes to ``CPU[args[0]]``."""
    t, c = time.perf_counter(), _cpu()
    res = subprocess.run([sys.executable, "-m", "policykg.cli", *args], capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - t
    CPU[args[0]] = _cpu() - c
    if res.returncode not in (0, SKIPPED):  # built, perhaps with some sources skipped (pages without tasks)
        raise SystemExit(f"policykg {' '.join(args)} failed:\n{res.stderr[-2000:]}")
    return wall


def texts_of(corpus: Path) -> list[str]:
    """The extracted text of every readable source (what jieba gets; reading is not timed)."""
    from extract.reading import SourceError, read_source

    out = []
    for f in sorted(corpus.iterdir()):
        if f.suffix in (".txt", ".html"):
            try:
                out.append(read_source(f).text)
            except SourceError:
                pass
    return out


def bare_load(path: Path) -> float:
    import pyoxigraph as ox

    t = time.perf_counter()
    ox.Store().bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return time.perf_counter() - t


def bare_load_query(path: Path, query: str) -> float:
    import pyoxigraph as ox

    t = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    list(store.query(query, use_default_graph_as_union=True))
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=300, help="documents of the replicated corpus (default 300)")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to build with (default 1,2)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the best of each is kept")
    ap.add_argument("--rdflib", action="store_true", help="also time rdflib's parse of graph.ttl")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "policykg-bench-engine")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the report as JSON")
    a = ap.parse_args(argv)
    jobs = [int(j) for j in a.jobs.split(",") if j.strip()]
    corpus = make_corpus(a.plans, a.work / f"corpus-{a.plans}")
    out = a.work / f"out-{a.plans}"
    load_before = os.getloadavg()

    import jieba

    from graph.query.engine import bind_params, load_query

    jieba.setLogLevel(logging.WARNING)
    texts = texts_of(corpus)
    tk = jieba.Tokenizer()
    t = time.perf_counter()
    tk.initialize()
    jieba_init = time.perf_counter() - t
    tk.lcut(texts[0])
    query = bind_params(load_query("shared-responsibilities"))
    nq = a.work / f"out-{a.plans}-nq"
    best: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def keep(name: str, secs: float, cpu_of: str | None = None) -> None:
        if secs < best.get(name, float("inf")):
            best[name] = secs
            if cpu_of:
                cpu[name] = CPU[cpu_of]

    shutil.rmtree(nq, ignore_errors=True)
    policykg("build", str(corpus), "-o", str(nq), "--format", "nq", "--no-map", "--no-cache", "-q")
    for _ in range(a.rounds):
        t = time.perf_counter()
        for x in texts:
            tk.lcut(x)
        keep("jieba", time.perf_counter() - t)
        for j in jobs:
            shutil.rmtree(out / f"j{j}", ignore_errors=True)  # else the build finds itself up to date
            keep(f"build_jobs{j}", policykg("build", str(corpus), "-o", str(out / f"j{j}"), "--no-cache", "-q",
                                            "--jobs", str(j)), "build")
        graph = out / f"j{jobs[0]}" / "graph.ttl"
        keep("map", policykg("map", str(graph.parent), "-o", str(out / "map.html")))
        keep("bare_load", bare_load(graph))
        keep("query", policykg("query", "shared-responsibilities", "--graph", str(graph)))
        keep("bare_load_query", bare_load_query(graph, query))
        keep("graph_query_nq", policykg("query", str(_graph_query_file(a.work)), "--graph", str(nq / "graph.nq")))
    rows = subprocess.run([sys.executable, "-m", "policykg.cli", "query", str(_graph_query_file(a.work)),
                           "--graph", str(nq / "graph.nq"), "--format", "csv"], capture_output=True, text=True,
                          cwd=REPO).stdout.strip().splitlines()[1:]
    if a.rdflib:
        from rdflib import Graph
        t = time.perf_counter()
        Graph().parse(graph, format="turtle")
        best["rdflib_parse"] = time.perf_counter() - t
    import pyoxigraph as ox
    store = ox.Store()
    store.bulk_load(path=str(graph), format=ox.RdfFormat.TURTLE)
    report = {
        "plans": a.plans, "texts": len(texts), "chars": sum(map(len, texts)), "triples": len(store),
        "graph_ttl_bytes": graph.stat().st_size, "rounds": a.rounds, "jieba_init": round(jieba_init, 3),
        "seconds": {k: round(v, 3) for k, v in best.items()},
        "cpu_seconds": {k: round(v, 3) for k, v in cpu.items()},
        "build_ratio": {f"jobs{j}": round(best["jieba"] / best[f"build_jobs{j}"], 3) for j in jobs},
        "query_ratio": round(best["query"] / best["bare_load_query"], 2),
        "map_ratio": round(best["map"] / best["bare_load"], 2),
        "named_graphs_in_nq": len(rows),
        "cores": os.cpu_count(), "loadavg_before": load_before, "loadavg_after": os.getloadavg(),
        "python": platform.python_version(), "platform": platform.platform(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "corpus": "../shared/corpus replicated (bench/corpus.py): real text, repeated",
    }
    _print(report, jobs)
    if a.json:
        a.json.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def _graph_query_file(work: Path) -> Path:
    p = work / "graphs.rq"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(GRAPH_QUERY, encoding="utf-8")
    return p


def _print(r: dict, jobs: list[int]) -> None:
    s = r["seconds"]
    print(f"{r['plans']} documents ({r['texts']} readable, {r['chars']:,} characters; {r['triples']:,} triples, "
          f"graph.ttl {r['graph_ttl_bytes'] / 1e6:.1f} MB), best of {r['rounds']} interleaved rounds, "
          f"{r['cores']} cores, load average {r['loadavg_before'][0]:.1f} → {r['loadavg_after'][0]:.1f}")
    print(f"{'step':58} {'seconds':>8}  {'limit':>8}  ratio")
    print(f"{'bare jieba.Tokenizer().lcut, same texts, one core':58} {s['jieba']:>8.3f}"
          f"  (dictionary load {r['jieba_init']:.2f} s apart)")
    for j in jobs:
        print(f"{f'policykg build with map, --jobs {j} (end to end)':58} {s[f'build_jobs{j}']:>8.3f}  "
              f"{s['jieba']:>8.3f}  {r['build_ratio'][f'jobs{j}']:.2f}x jieba's speed (bar: >= 1.0); "
              f"CPU {r['cpu_seconds'][f'build_jobs{j}']:.1f} s")
    print(f"{'policykg map GRAPH (end to end)':58} {s['map']:>8.3f}  {s['bare_load']:>8.3f}  "
          f"{r['map_ratio']:.1f}x a bare Oxigraph load")
    print(f"{'policykg query shared-responsibilities --graph (end to end)':58} {s['query']:>8.3f}  "
          f"{s['bare_load_query']:>8.3f}  {r['query_ratio']:.2f}x a bare load + query (bar: <= 2.5)")
    print(f"{'policykg query GRAPH ?g {…} --graph graph.nq (end to end)':58} {s['graph_query_nq']:>8.3f}"
          f"  {r['named_graphs_in_nq']} named graphs")
    if "rdflib_parse" in s:
        print(f"{'rdflib parse of graph.ttl (what map and query paid before)':58} {s['rdflib_parse']:>8.3f}")


if __name__ == "__main__":
    sys.exit(main())

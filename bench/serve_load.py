"""``policykg serve`` under concurrent clients: requests/s and latency, ``--graph`` beside ``--store``.

Makes (or reuses) a corpus of N plans (``corpus.py``: the shared corpus replicated, distinct ids and
regions), builds it once with ``policykg build … --no-map --store``, then for each server in turn
(``serve --graph OUT/graph.ttl``, ``serve --store STORE``; one at a time, so they do not share the
processors) runs C client threads for D seconds. Each client keeps one HTTP/1.1 connection alive and
sends the same named queries in turn (GET, JSON results). Reported per server: requests/s, p50 and
p99 latency, answers other than 200, connection errors (resets); and the ratio graph/store.

    python bench/serve_load.py                       # 300 plans, 20 clients, 10 s each
    python bench/serve_load.py --plans 300 --clients 20 --seconds 10 --json bench/results/serve-load.json
    python bench/serve_load.py --repo /path/to/other/checkout   # the same load on another version's server
    python bench/serve_load.py --clients 4 --slow 2 --serve-args "--timeout 5"   # quick queries beside runaways

Clients run in this process (threads, ~0.2 ms of Python per request); the server gets the rest of
the machine. Figures taken on a shared machine are noisy: compare the ratio within one run.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path
from policykg.commands.build import SKIPPED  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

QUERIES = ["shared-responsibilities", "department-tasks", "shared-citations", "plan-citations"]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # never ends


def build(plans: int, work: Path) -> tuple[Path, Path]:
    """The corpus of ``plans`` documents built to ``work/out/graph.ttl`` and ``work/store`` (reused)."""
    from corpus import make_corpus
    corpus = make_corpus(plans, work / f"corpus-{plans}")
    out, store = work / f"out-{plans}", work / f"store-{plans}"
    if not (out / "graph.ttl").is_file() or not store.is_dir():
        rc = subprocess.run([sys.executable, "-m", "policykg", "build", str(corpus), "-o", str(out), "--no-map",
                             "--store", str(store), "-q"], cwd=REPO).returncode
        if rc not in (0, SKIPPED):  # built, perhaps with some sources skipped (pages without tasks)
            raise SystemExit(f"build of {corpus} failed ({rc})")
    return out / "graph.ttl", store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args: list[str], repo: Path) -> tuple[subprocess.Popen, int, float]:
    """``policykg serve ARGS`` from ``repo`` on a free port; (process, port, seconds until it answered)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(repo), "PYTHONUNBUFFERED": "1"}
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "policykg", "serve", *args, "--port", str(port), "-q"],
                            cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line.startswith("serving"):
        proc.kill()
        raise SystemExit(f"serve {' '.join(args)} did not start: {line}{proc.stderr.read()}")
    return proc, port, time.monotonic() - t0


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def hog(port: int, stop_at: float) -> None:
    """A client that sends a runaway query again and again (each ends at the server's time limit)."""
    conn = HTTPConnection("127.0.0.1", port, timeout=600)
    while time.monotonic() < stop_at:
        try:
            conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": RUNAWAY}))
            conn.getresponse().read()
        except OSError:
            conn.close()
            conn = HTTPConnection("127.0.0.1", port, timeout=600)
    conn.close()


def load(port: int, texts: list[str], clients: int, seconds: float) -> dict:
    """C clients for ``seconds``, each on its own kept-alive connection, queries in turn."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []
    lock = threading.Lock()
    start_at = time.monotonic() + 0.2
    end_at = start_at + seconds

    def client(k: int) -> None:
        conn = HTTPConnection("127.0.0.1", port, timeout=max(60.0, seconds * 2))
        mine, codes, errs = [], {}, []
        i = k
        while time.monotonic() < start_at:
            time.sleep(0.005)
        while time.monotonic() < end_at:
            path = "/sparql?" + urllib.parse.urlencode({"query": texts[i % len(texts)]})
            i += 1
            t0 = time.monotonic()
            try:
                conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
                r = conn.getresponse()
                r.read()
            except (OSError, ConnectionError) as e:
                errs.append(type(e).__name__)
                conn.close()
                conn = HTTPConnection("127.0.0.1", port, timeout=max(60.0, seconds * 2))
                continue
            if time.monotonic() <= end_at:
                mine.append(time.monotonic() - t0)
                codes[r.status] = codes.get(r.status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for c, n in codes.items():
                statuses[c] = statuses.get(c, 0) + n
            errors.extend(errs)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("nan")
    return {"requests": len(latencies), "requests_per_s": round(len(latencies) / seconds, 1),
            "p50_ms": round(pct(0.50) * 1000, 1), "p99_ms": round(pct(0.99) * 1000, 1),
            "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
            "statuses": statuses, "errors": len(errors), "error_kinds": sorted(set(errors))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=300)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--queries", default=",".join(QUERIES), help="named queries, comma-separated")
    ap.add_argument("--work", type=Path, default=Path("/tmp/policykg-bench-serve"),
                    help="where the corpus, graph and store are made (reused)")
    ap.add_argument("--repo", type=Path, default=REPO, help="the checkout whose `policykg serve` is measured")
    ap.add_argument("--servers", default="graph,store")
    ap.add_argument("--serve-args", default="", help="more arguments for serve, e.g. '--max-workers 8'")
    ap.add_argument("--slow", type=int, default=0,
                    help="also run N clients sending a runaway query over and over (give serve a short --timeout)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    sys.path.insert(0, str(REPO / "bench"))
    from graph.query.engine import bind_params, load_query

    args.work.mkdir(parents=True, exist_ok=True)
    graph, store = build(args.plans, args.work)
    texts = [bind_params(load_query(n)) for n in args.queries.split(",")]
    report = {"plans": args.plans, "clients": args.clients, "slow_clients": args.slow, "seconds": args.seconds,
              "queries": args.queries, "serve_args": args.serve_args,
              "repo": str(args.repo), "cores": os.cpu_count(), "servers": {}}
    for name in args.servers.split(","):
        serve_args = (["--graph", str(graph)] if name == "graph" else ["--store", str(store)]) + args.serve_args.split()
        proc, port, started = start(serve_args, args.repo)
        hogs = [threading.Thread(target=hog, args=(port, time.monotonic() + args.seconds + 1.5), daemon=True)
                for _ in range(args.slow)]
        try:
            load(port, texts, min(4, args.clients), 1.0)  # warm up
            for h in hogs:
                h.start()
            time.sleep(0.3 if hogs else 0)
            r = load(port, texts, args.clients, args.seconds)
        finally:
            stop(proc)
        r["start_s"] = round(started, 2)
        report["servers"][name] = r
        print(f"serve --{name:5s} {r['requests_per_s']:7.1f} req/s  p50 {r['p50_ms']:7.1f} ms  p99 {r['p99_ms']:7.1f} ms"
              f"  statuses {r['statuses']}  connection errors {r['errors']}  (ready in {started:.1f} s)", flush=True)
    s = report["servers"]
    if "graph" in s and "store" in s and s["store"]["requests_per_s"]:
        report["graph_over_store"] = round(s["graph"]["requests_per_s"] / s["store"]["requests_per_s"], 2)
        print(f"graph / store throughput: {report['graph_over_store']}x")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""``policykg network`` beside the build of the same plans (issue 17: at most a fifth of the build time).

Makes the replicated corpus of N plans (``corpus.py``: real text, distinct ids and regions), then in
interleaved rounds (the best of each side kept, so a busy machine slows both alike):

- ``policykg build CORPUS -o OUT --no-cache`` (``--jobs J``; its default map included, as a user runs it);
- ``policykg network --graph OUT/graph.ttl -o DIR`` and, with ``--store``, ``policykg network --store``
  on a store built once beforehand;

each a fresh process, Python's start-up included, with its peak memory (the process's own ``ru_maxrss``; a build's workers are not counted).
``ratio = network / build``; the issue's bar is ≤ 0.2. It also prints what the analysis found
(plans, departments, pairs), so a run on a wrong graph shows.

Usage: ``python bench/network.py [--plans 300] [--jobs 2] [--rounds 3] [--store] [--json FILE]``
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
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


def run(*args: str) -> tuple[float, float]:
    """Wall time and peak memory (MB, this process alone: ``wait4``) of one ``policykg`` command in a
    fresh process."""
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "policykg.cli", *args], stdout=subprocess.DEVNULL,
                                stderr=err, cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, SKIPPED):  # built, perhaps with some sources skipped (pages without tasks)
            err.seek(0)
            raise SystemExit(f"policykg {' '.join(args)} failed:\n{err.read().decode('utf-8', 'replace')[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--store", action="store_true", help="also time `network --store` on a store built once")
    ap.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed)")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    work = a.work or Path(tempfile.mkdtemp(prefix="policykg-bench-network-"))
    try:
        corpus = make_corpus(a.plans, work / f"corpus-{a.plans}")
        out, net = work / "out", work / "net"
        best: dict[str, float] = {}
        mem: dict[str, float] = {}
        loads = [load_average()]
        if a.store:
            for d in ("store", "out-store"):  # both: a build whose OUT is up to date leaves a new store empty
                shutil.rmtree(work / d, ignore_errors=True)
            run("build", str(corpus), "-o", str(work / "out-store"), "--store", str(work / "store"),
                "--no-map", "--no-cache", "--jobs", str(a.jobs), "-q")
        for r in range(a.rounds):
            shutil.rmtree(out, ignore_errors=True)
            cmds = {"build": ("build", str(corpus), "-o", str(out), "--no-cache", "--jobs", str(a.jobs), "-q"),
                    "network --graph": ("network", "--graph", str(out / "graph.ttl"), "-o", str(net), "-q")}
            if a.store:
                cmds["network --store"] = ("network", "--store", str(work / "store"), "-o", str(net) + "-s", "-q")
            for name, cmd in cmds.items():
                wall, peak = run(*cmd)
                best[name] = min(best.get(name, wall), wall)
                mem[name] = max(mem.get(name, 0.0), peak)
                print(f"round {r + 1}: {name:16s} {wall:7.2f} s  (load {load_average()})", flush=True)
            loads.append(load_average())
        plans = list(csv.DictReader(io.StringIO((net / "plans.csv").read_text(encoding="utf-8-sig"))))
        found = {"plans": len(plans), "departments": sum(int(p["departments"]) for p in plans),
                 "pairs": sum(int(p["pairs"]) for p in plans),
                 "graph_ttl_mb": round((out / "graph.ttl").stat().st_size / 2**20, 1)}
        if a.store:
            same = all((net / f).read_bytes() == (Path(str(net) + "-s") / f).read_bytes()
                       for f in ("plans.csv", "departments.csv", "issuers.csv"))
            found["graph_and_store_csv_identical"] = same
        ratio = best["network --graph"] / best["build"]
        print(f"\n{a.plans} plans (replicated corpus), best of {a.rounds}: build {best['build']:.2f} s, "
              f"network --graph {best['network --graph']:.2f} s = {ratio:.3f}x the build (bar <= 0.2)"
              + (f", network --store {best['network --store']:.2f} s" if a.store else ""))
        print(f"peak memory MB: " + ", ".join(f"{k} {v:.0f}" for k, v in mem.items()))
        print(f"analysis: {found}; load averages {loads}")
        if a.json:
            a.json.write_text(json.dumps({
                "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": platform.platform(),
                "cpus": os.cpu_count(), "plans": a.plans, "jobs": a.jobs, "rounds": a.rounds, "best_seconds": best,
                "peak_mb": mem, "ratio_network_to_build": ratio, "found": found, "load_averages": loads,
                "corpus": "replicated from ../shared/corpus (bench/corpus.py)"}, indent=1, ensure_ascii=False) + "\n")
    finally:
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

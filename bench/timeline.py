"""Where one ``policykg build`` spends its time: a timeline of the build with its map, per process.

Runs ``policykg build --no-cache`` of N plans of the replicated corpus (``corpus.py``) in a fresh process
whose build functions are wrapped to log when they start and end and the CPU they take, in the build's
process, in every worker and in the child that draws the map. Printed per round, in seconds from the
start of the process (Python's start-up included):

- ``extraction``: the parent's whole extraction step (dictionaries, read-ahead, the workers' results);
- ``workers extract``: the first worker's first file to the last file, and the workers' CPU;
- ``map child``: the forked child that draws ``map.html`` (wall and CPU);
- ``workers format``: the plans formatted by the workers while the map is drawn;
- ``written``: the parent's writing of every file; ``end``: the command done.

The wrapped names are the build's own functions (``policykg.build.extract_sources``, ``_extract_one``,
``_format_one``, ``_write_all``, ``policykg.build_map._child``): rename them there, rename them here.
The machine's speed drifts from minute to minute here: compare rounds of one run, not runs.

Usage: ``python bench/timeline.py [--plans 300] [--jobs 2] [--rounds 3]``
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _wrap(mod, name: str, logs: str, t0: float) -> None:
    """Replace ``mod.name`` by a function that appends (name, start, end, cpu) to this process's log."""
    f = getattr(mod, name)

    def logged(*a, **k):
        start, cpu = time.time(), time.process_time()
        try:
            return f(*a, **k)
        finally:
            with open(os.path.join(logs, f"{os.getpid()}.log"), "a") as out:
                out.write(f"{name} {start - t0:.4f} {time.time() - t0:.4f} {time.process_time() - cpu:.4f}\n")

    logged.__qualname__, logged.__module__ = f.__qualname__, f.__module__  # workers unpickle it by name
    setattr(mod, name, logged)


def child(argv: list[str]) -> None:
    """In the process timed: wrap the build's functions, run the command, log its end."""
    logs, t0 = os.environ["TIMELINE_LOGS"], float(os.environ["TIMELINE_T0"])
    sys.path.insert(0, str(REPO))
    from policykg import build, build_map, cli

    for mod, name in ((build, "extract_sources"), (build, "_extract_one"), (build, "_format_one"),
                      (build, "_write_all"), (build_map, "_child")):
        _wrap(mod, name, logs, t0)
    code = cli.main(argv)
    with open(os.path.join(logs, f"{os.getpid()}.log"), "a") as out:
        out.write(f"end 0 {time.time() - t0:.4f} {time.process_time():.4f}\n")
    sys.stdout.flush()
    os._exit(code or 0)


def _span(rows: list[tuple], name: str) -> str:
    got = [r for r in rows if r[0] == name]
    if not got:
        return "-"
    return f"{min(r[1] for r in got):.2f}–{max(r[2] for r in got):.2f} (CPU {sum(r[3] for r in got):.2f})"


def one_round(corpus: Path, jobs: int) -> dict[str, str]:
    logs = tempfile.mkdtemp(prefix="policykg-timeline-")
    out = Path(logs) / "out"
    try:
        env = dict(os.environ, TIMELINE_LOGS=logs, TIMELINE_T0=repr(time.time()))
        subprocess.run([sys.executable, __file__, "--child", "build", str(corpus), "-o", str(out), "--no-cache",
                        "-q", "--jobs", str(jobs)], env=env, cwd=REPO, check=False, capture_output=True)
        rows = []
        for f in Path(logs).glob("*.log"):
            for line in f.read_text().splitlines():
                name, a, b, c = line.split()
                rows.append((name, float(a), float(b), float(c)))
    finally:
        shutil.rmtree(logs, ignore_errors=True)
    end = [r for r in rows if r[0] == "end"]
    return {"extraction": _span(rows, "extract_sources"), "workers extract": _span(rows, "_extract_one"),
            "map child": _span(rows, "_child"), "workers format": _span(rows, "_format_one"),
            "written": _span(rows, "_write_all"),
            "end": f"{end[0][2]:.2f} (parent's CPU {end[0][3]:.2f})" if end else "-"}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return child(sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, str(REPO / "bench"))
    from corpus import make_corpus

    corpus = make_corpus(args.plans, Path(tempfile.gettempdir()) / "policykg-bench-engine" / f"corpus-{args.plans}")
    print(f"{args.plans} documents, --jobs {args.jobs}, seconds from the process's start "
          f"(load average {os.getloadavg()[0]:.1f})")
    for n in range(args.rounds):
        print(f"round {n + 1}")
        for step, text in one_round(corpus, args.jobs).items():
            print(f"  {step:16s} {text}")


if __name__ == "__main__":
    main()

"""The build's worker processes: they end when their parent is killed (issue 10.7)."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


def _children(pid: int) -> set[int]:
    """Live processes whose parent is ``pid`` (zombies count as gone)."""
    out = set()
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                out.add(int(d.name))
    return out


def _descendants(pid: int) -> set[int]:
    """Live processes below ``pid``: its children, theirs, and so on."""
    out, todo = set(), [pid]
    while todo:
        for c in _children(todo.pop()):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def _wait(cond, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.05)
    return cond()


def test_workers_end_when_the_build_is_killed(shared, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for folder in ("tianjin", "guowuyuan"):
        for f in sorted((shared / "corpus" / folder).iterdir()):
            if f.suffix in (".txt", ".html"):
                for k in range(3):  # enough work for the workers to be busy when the parent dies
                    shutil.copy(f, src / f"{k}-{folder}-{f.name}")
    proc = subprocess.Popen([sys.executable, "-m", "policykg.cli", "build", str(src), "-o", str(tmp_path / "out"),
                             "--no-cache", "--jobs", "2", "-q"], cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        # the command forks its workers from a fork server, a child of the build: the workers are the
        # build's grandchildren, and all of them must end with the build
        assert _wait(lambda: any(_children(c) for c in _children(proc.pid)) and len(_descendants(proc.pid)) >= 3,
                     60), "the build never started its workers"
        workers = _descendants(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert _wait(lambda: not any(map(_alive, workers)), 20), \
            f"processes still alive after the build was killed: {[w for w in workers if _alive(w)]}"
    finally:
        for w in workers | _descendants(proc.pid):  # none should be left; never leave one to the next test
            if _alive(w):
                os.kill(w, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()


# --- the fork server ---------------------------------------------------------------------------------


def _copies(shared: Path, dest: Path, n: int = 2) -> Path:
    dest.mkdir()
    for folder in ("tianjin", "guowuyuan"):
        for f in sorted((shared / "corpus" / folder).iterdir()):
            if f.suffix in (".txt", ".html"):
                for k in range(n):
                    shutil.copy(f, dest / f"{k}-{folder}-{f.name}")
    return dest


def test_the_command_builds_from_its_fork_server_what_one_process_builds(shared, tmp_path):
    """``policykg build --jobs 2`` (workers forked from the fork server) writes the bytes of ``--jobs 1``."""
    src = _copies(shared, tmp_path / "src")
    for jobs in ("1", "2"):
        res = subprocess.run([sys.executable, "-m", "policykg.cli", "build", str(src), "-o", str(tmp_path / jobs),
                              "--no-cache", "--jobs", jobs, "-q", "--format", "ttl,nq"], cwd=REPO,
                             capture_output=True, text=True)
        assert res.returncode in (0, 1), res.stderr  # 1: some State Council pages are no plans
    for name in ("graph.ttl", "graph.nq", "map.html"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name
    assert sorted(p.name for p in (tmp_path / "2" / "texts").iterdir()) == \
        sorted(p.name for p in (tmp_path / "1" / "texts").iterdir())


SERVED = """
import sys
from policykg import cli, workers
import extract.institution_lexicon as L
workers.allow_server()  # as the policykg command does
code = cli.main(["build", sys.argv[1], "-o", sys.argv[2], "--no-cache", "--jobs", "2", "-q"])
print(code, workers.serving(), L.lexicon.cache_info().currsize)
"""


def test_the_build_process_never_loads_the_dictionaries(shared, tmp_path):
    """With the fork server the build's own process does not hold the extractor's dictionaries
    (hundreds of MB on a large corpus): the server and its workers do."""
    src = _copies(shared, tmp_path / "src", n=1)
    res = subprocess.run([sys.executable, "-c", SERVED, str(src), str(tmp_path / "out")], cwd=REPO,
                         capture_output=True, text=True)
    code, serving, loaded = res.stdout.splitlines()[-1].split()
    assert code in ("0", "1") and serving == "True", res.stderr
    assert loaded == "0"
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 100_000


def test_without_the_command_the_workers_are_forked_here(tianjin, tmp_path):
    """A library caller starts no server (its workers would not see what it changes later)."""
    from policykg import workers
    from policykg.build import build

    build([tianjin], tmp_path / "out", jobs=2, cache=False)
    assert not workers.serving()

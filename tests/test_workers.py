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
        assert _wait(lambda: len(_children(proc.pid)) >= 2, 60), "the build never started its workers"
        workers = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert _wait(lambda: not any(map(_alive, workers)), 20), \
            f"workers still alive after their parent was killed: {[w for w in workers if _alive(w)]}"
    finally:
        for w in workers | _children(proc.pid):  # none should be left; never leave one to the next test
            if _alive(w):
                os.kill(w, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()

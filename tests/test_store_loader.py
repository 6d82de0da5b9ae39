"""The build's store loader (its own process) and how a build knows the store is as it left it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, store_held
from policykg.build import BuildError, build
from policykg.store_loader import LoaderError, StoreLoader, serve

GOOD = ('<https://w3id.org/policykg/id/dept/a> <http://www.w3.org/2000/01/rdf-schema#label> "区科技局"@zh '
        '<https://w3id.org/policykg/id/plan/p> .\n')


def _quads(store: Path) -> int:
    import pyoxigraph

    s = pyoxigraph.Store.read_only(str(store))
    try:
        return len(s)
    finally:
        del s


# --- the loader process ---------------------------------------------------------------------------------------


def test_loader_loads_removes_and_counts(tmp_path):
    loader = StoreLoader(tmp_path / "st", scratch=tmp_path)
    loader.add(GOOD)
    assert loader.count() == 1
    loader.remove_graph("https://w3id.org/policykg/id/plan/p")
    assert loader.count() == 0
    loader.add(GOOD)
    loader.flush()
    assert loader.remove_lines([GOOD]) == 1
    loader.add(GOOD.replace("区科技局", "区财政局"))
    loader.remove_graph("https://w3id.org/policykg/id/plan/other")  # sent ahead of the line queued
    assert loader.count() == 1
    loader.close()
    assert loader.proc.returncode == 0
    assert _quads(tmp_path / "st") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["st"]  # every chunk file handed over is gone


def test_loader_error_is_one_line_and_the_loader_ends(tmp_path):
    """A chunk the loader cannot read: the build gets the loader's one-line reason, and no process is left."""
    loader = StoreLoader(tmp_path / "st", scratch=tmp_path)
    loader.add("<not an iri> <p> <o> .\n")
    with pytest.raises(LoaderError) as err:
        loader.count()
    assert "\n" not in str(err.value) and "SyntaxError" in str(err.value)
    assert loader.proc.poll() is not None


def test_loader_that_died_is_said_in_one_line(tmp_path):
    loader = StoreLoader(tmp_path / "st", scratch=tmp_path)
    loader.add(GOOD)
    loader.proc.kill()
    loader.proc.wait()
    with pytest.raises(LoaderError, match="stopped"):
        loader.count()
    loader.abort()  # idempotent after the failure


def test_serve_answers_each_command_in_order(tmp_path):
    chunk = tmp_path / "c.nq"
    chunk.write_text(GOOD, encoding="utf-8")
    answers: list[str] = []
    serve(tmp_path / "st", ['["load", "%s"]' % chunk, '["count", null]', '["clear", null]', '["count", null]',
                            '["close", null]', '["count", null]'], answers.append)
    assert answers == ["ok", "count 1", "ok", "count 0", "ok"]  # nothing after close
    assert not chunk.exists()


def test_store_in_use_reaches_the_build_as_store_in_use(tmp_path):
    from policykg.store_sync import StoreInUse

    st = tmp_path / "st"
    with store_held(st):
        loader = StoreLoader(st, scratch=tmp_path)
        with pytest.raises(StoreInUse, match="in use by another process"):
            loader.count()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_loader_dies_with_a_killed_build(tmp_path):
    """kill -9 of the build's process alone (not its group): its loader does not stay behind holding the store."""
    src = tmp_path / "src"
    src.mkdir()
    for f in (REPO / "sources").iterdir():
        (src / f.name).write_bytes(f.read_bytes())
    p = subprocess.Popen([sys.executable, "-m", "policykg", "build", str(src), "-o", str(tmp_path / "out"),
                          "--store", str(tmp_path / "st"), "-q", "-j", "1", "--no-map"], cwd=REPO,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    loader = None
    deadline = time.monotonic() + 120
    while loader is None and p.poll() is None and time.monotonic() < deadline:
        loader = next((c for c in _children(p.pid) if "store_loader" in _cmdline(c)), None)
        time.sleep(0.005)
    if loader is None:
        p.wait()
        pytest.fail("the build ended before its loader was seen")
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    deadline = time.monotonic() + 10
    while _alive(loader) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(loader)
    res = build([src], tmp_path / "out", store=tmp_path / "st", draw_map=False)  # the store is free again
    assert not res.up_to_date and _quads(tmp_path / "st") > 0


def _children(pid: int) -> list[int]:
    kids = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            kids += [int(c) for c in Path(f"/proc/{pid}/task/{tid}/children").read_text().split()]
    except OSError:
        pass
    return kids


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


# --- is the store as the last build left it? -------------------------------------------------------------------


def test_unchanged_rebuild_does_not_open_the_store(tianjin, tmp_path, monkeypatch):
    """The store's files are as the last build left them: known without opening it (an open replays and
    rewrites files, and waits on the disk)."""
    import policykg.store_sync as S

    src = tianjin / "binhai-2020-keji-sannian-excerpt.txt"
    build([src], tmp_path / "out", store=tmp_path / "st")

    def refuse(store_dir):
        raise AssertionError("the store was opened")

    monkeypatch.setattr(S, "open_for_writing", refuse)
    assert build([src], tmp_path / "out", store=tmp_path / "st").up_to_date


def test_store_written_by_another_program_is_loaded_again(tianjin, tmp_path):
    """A quad added (its files change and so does its count): loaded again in full. A store only opened
    and closed again by a program that could write (its files may change): its count says it holds
    what was built, and the rebuild is up to date."""
    import pyoxigraph as ox

    src, out, st = tianjin / "binhai-2020-keji-sannian-excerpt.txt", tmp_path / "out", tmp_path / "st"
    build([src], out, store=st)
    n = _quads(st)
    s = ox.Store(str(st))
    s.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("x")))
    del s
    res = build([src], out, store=st)
    assert not res.up_to_date and _quads(st) == n
    s = ox.Store(str(st))
    assert len(s) == n
    s.flush()
    del s
    assert build([src], out, store=st).up_to_date


def test_build_reports_a_loader_error_in_one_line(tianjin, tmp_path, monkeypatch):
    """The loader fails on the build's N-Quads: one line, no store state that claims what is not there."""
    import json

    from policykg.store_loader import StoreLoader as L

    src, out, st = tianjin / "binhai-2020-keji-sannian-excerpt.txt", tmp_path / "out", tmp_path / "st"
    add = L.add
    monkeypatch.setattr(L, "add", lambda self, nq: add(self, "<broken\n" + nq))
    with pytest.raises(BuildError, match="SyntaxError") as err:
        build([src], out, store=st)
    assert "\n" not in str(err.value)
    assert json.loads((out / ".policykg-build.json").read_text()) == {}  # the next build loads it in full
    monkeypatch.undo()
    res = build([src], out, store=st)
    assert not res.up_to_date and _quads(st) > 0

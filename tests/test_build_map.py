"""The map ``policykg build`` draws while it writes its files (policykg.build_map): drawn by a forked
child, it is the page drawn in the build's own process; the child's error is the build's error, and a
child stopped or killed leaves no process and no file behind."""
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from policykg import build_map
from policykg.build import BuildError, _Outputs, build

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the map is drawn apart on Linux")


@pytest.fixture(scope="module")
def ref_store(ref_ttl):
    store = ox.Store()
    store.bulk_load(path=str(ref_ttl), format=ox.RdfFormat.TURTLE)
    return store


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_map_drawn_apart_is_the_map_drawn_here(ref_store, tmp_path):
    outputs = _Outputs()
    drawing = build_map.start_map(tmp_path / "apart", outputs, ref_store, "auto")
    assert drawing.pid is not None  # a child draws it
    drawing.wait()
    [(apart, _)] = outputs.temps
    here = tmp_path / "here.html"
    build_map._draw(here, ref_store, "auto")
    assert Path(apart).read_bytes() == here.read_bytes()
    assert b"vis-network" in here.read_bytes()


def test_the_childs_error_is_raised_by_wait(ref_store, tmp_path, monkeypatch):
    def broken(path, store, lang):
        raise ValueError("no such language: xx")

    monkeypatch.setattr(build_map, "_draw", broken)  # the forked child has it too
    drawing = build_map.start_map(tmp_path, _Outputs(), ref_store, "auto")
    pid = drawing.pid
    with pytest.raises(ValueError, match="no such language: xx"):
        drawing.wait()
    assert _gone(pid)


def test_an_error_that_cannot_be_pickled_keeps_its_type_and_message(ref_store, tmp_path, monkeypatch):
    class Local(Exception):  # defined in a function: pickle cannot find it again
        pass

    def broken(path, store, lang):
        raise Local("the layout failed")

    monkeypatch.setattr(build_map, "_draw", broken)
    with pytest.raises(RuntimeError, match="Local: the layout failed"):
        build_map.start_map(tmp_path, _Outputs(), ref_store, "auto").wait()


def test_a_child_killed_is_an_error_not_a_missing_map(ref_store, tmp_path, monkeypatch):
    monkeypatch.setattr(build_map, "_draw", lambda path, store, lang: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(RuntimeError, match="status -9"):
        build_map.start_map(tmp_path, _Outputs(), ref_store, "auto").wait()


def test_abort_stops_the_child(ref_store, tmp_path, monkeypatch):
    monkeypatch.setattr(build_map, "_draw", lambda path, store, lang: time.sleep(60))
    drawing = build_map.start_map(tmp_path, _Outputs(), ref_store, "auto")
    pid = drawing.pid
    started = time.monotonic()
    drawing.abort()
    assert time.monotonic() - started < 30 and _gone(pid)
    drawing.wait()  # nothing left to wait for


def test_a_failing_map_fails_the_build_and_writes_nothing(tianjin, tmp_path, monkeypatch):
    def broken(path, store, lang):
        raise BuildError("the map cannot be drawn")

    monkeypatch.setattr(build_map, "_draw", broken)
    out = tmp_path / "out"
    with pytest.raises(BuildError, match="the map cannot be drawn"):
        build([tianjin], out, draw_map=True, jobs=1, cache=False)
    assert not [p.name for p in out.rglob("*") if "graph." in p.name or "map.html" in p.name]


def test_an_interrupted_wait_can_still_abort(ref_store, tmp_path, monkeypatch):
    """Ctrl-C while the build waits for the map: the build's cleanup stops the child without an error
    of its own hiding the interrupt."""
    monkeypatch.setattr(build_map, "_draw", lambda path, store, lang: time.sleep(60))
    drawing = build_map.start_map(tmp_path, _Outputs(), ref_store, "auto")
    pid = drawing.pid

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    try:
        with pytest.raises(KeyboardInterrupt):
            drawing.wait()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    drawing.abort()
    assert _gone(pid)


def test_a_long_error_arrives_whole(ref_store, tmp_path, monkeypatch):
    """An error message longer than a pipe holds at once (64 KB) is not cut."""
    long = "无法绘制" * 50_000

    def broken(path, store, lang):
        raise ValueError(long)

    monkeypatch.setattr(build_map, "_draw", broken)
    with pytest.raises(ValueError) as got:
        build_map.start_map(tmp_path, _Outputs(), ref_store, "auto").wait()
    assert str(got.value) == long

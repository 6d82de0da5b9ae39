"""Sources read ahead while the build loads its dictionaries (policykg.prereading): the same texts as
the workers would read, bad files and slow files reported alike, and the same graph however much of
the corpus was read ahead."""
from __future__ import annotations

import shutil
import time

import pytest

from conftest import REPO
from extract.reading import read_source
from policykg import prereading
from policykg.cli import main
from policykg.prereading import ReadAhead

SOURCES = sorted(p for p in (REPO / "sources").iterdir() if p.suffix in (".txt", ".html"))


def _items(paths) -> list[tuple[str, str]]:
    return [(f"k{i}", str(p)) for i, p in enumerate(paths)]


def _finish(ahead: ReadAhead) -> None:
    """Let the reader read everything before it is collected."""
    ahead.proc.join(60)


def test_everything_read_ahead_is_what_the_workers_would_read(tmp_path):
    assert len(SOURCES) >= 8
    ahead = ReadAhead(_items(SOURCES), 60, tmp_path / "ahead")
    _finish(ahead)
    got = ahead.collect()
    assert set(got) == {k for k, _ in _items(SOURCES)}
    for key, path in _items(SOURCES):
        kind, text, secs = got[key]
        assert kind == "read" and secs >= 0
        assert text == read_source(path)
    assert not (tmp_path / "ahead").exists()


def test_collect_stops_the_reader_wherever_it_is(tmp_path):
    many = SOURCES * 200  # far more than it reads in a tenth of a second
    ahead = ReadAhead(_items(many), 60, tmp_path / "ahead")
    time.sleep(0.1)
    proc = ahead.proc
    got = ahead.collect()
    assert not proc.is_alive()
    assert len(got) < len(many) and len(got) % prereading.CHUNK == 0  # whole chunks only
    for key, path in _items(many):
        if key in got:
            assert got[key][1] == read_source(path)
    assert ahead.collect() == {}  # once only
    ahead.stop()  # nothing left to stop


def test_stop_ends_the_reader_and_removes_what_it_read(tmp_path):
    """A build that fails before extracting stops the reader it started: no process, no folder left."""
    ahead = ReadAhead(_items(SOURCES * 200), 60, tmp_path / "ahead")
    time.sleep(0.1)
    proc = ahead.proc
    assert proc.is_alive() and any((tmp_path / "ahead").glob("read-*.pkl"))
    ahead.stop()
    assert not proc.is_alive() and not (tmp_path / "ahead").exists()
    assert ahead.collect() == {}


def test_bad_and_slow_files(tmp_path, monkeypatch):
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    slow = tmp_path / "slow.txt"
    slow.write_text(SOURCES[0].read_text(encoding="utf-8"), encoding="utf-8")
    import extract.reading as reading

    real = reading.read_bytes

    def sleepy(data, path, *a, **kw):
        if str(path).endswith("slow.txt"):
            time.sleep(30)  # the limit's timer interrupts it
        return real(data, path, *a, **kw)

    monkeypatch.setattr(reading, "read_bytes", sleepy)  # the forked reader inherits it
    ahead = ReadAhead([("bad", str(bad)), ("slow", str(slow)), ("good", str(SOURCES[1]))], 0.5, tmp_path / "a")
    _finish(ahead)
    got = ahead.collect()
    assert got["bad"][0] == "error" and "binary" in got["bad"][1]
    assert got["slow"][0] == "timeout" and got["slow"][2] >= 0.5
    assert got["good"][0] == "read"


@pytest.fixture
def read_all_ahead(monkeypatch):
    """Builds whose reader reads every source before the workers start."""
    real = ReadAhead.collect

    def collect(self):
        _finish(self)
        return real(self)

    monkeypatch.setattr(ReadAhead, "collect", collect)


def test_graph_is_the_same_read_ahead_or_not(tmp_path, read_all_ahead, capsys):
    src = tmp_path / "src"
    shutil.copytree(REPO / "sources", src)
    (src / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")  # skipped alike
    outs = {}
    for jobs in ("1", "2"):  # one job reads in its own process; two read ahead, all of it here
        out = tmp_path / f"out{jobs}"
        assert main(["build", str(src), "-o", str(out), "--no-map", "--no-cache", "-q", "--jobs", jobs]) == 1
        outs[jobs] = (out / "graph.ttl").read_bytes()
        err = capsys.readouterr().err
        assert err.count("scan.txt") == 1 and "binary" in err
    assert outs["1"] == outs["2"]


def test_the_build_module_loads_neither_the_model_nor_the_extractor():
    """``policykg build`` forks its reader before it loads rdflib, the pipeline and the word lists;
    importing the build module itself must not pull them in (they would delay the reader)."""
    import subprocess
    import sys
    from pathlib import Path

    probe = ("import sys, policykg.build\n"
             "print(sorted(m for m in ('rdflib', 'extract.pipeline', 'jieba', 'networkx', 'pyoxigraph') "
             "if m in sys.modules))\n")
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[1])
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"

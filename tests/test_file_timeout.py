"""A per-file time limit turns a file that takes too long into a one-line skip (issue 10.8)."""
from __future__ import annotations

import os
import shutil
import time

import pytest
from rdflib import Graph

from conftest import REFERENCE, REPO
from policykg.cli import main


def _folder(tianjin, tmp_path, many: bool = False):
    """The reference plan (or, ``many``, the nine plans of sources/ with their manifest: 8 or more
    sources, so the build uses its workers) and huge.txt, a million characters."""
    src = tmp_path / "src"
    if many:
        shutil.copytree(REPO / "sources", src)
    else:
        src.mkdir()
        (src / REFERENCE).write_bytes((tianjin / REFERENCE).read_bytes())
    plan = (tianjin / REFERENCE).read_text(encoding="utf-8")
    (src / "huge.txt").write_text(plan * (1_000_000 // len(plan)), encoding="utf-8")  # a million characters
    return src


@pytest.fixture
def huge_is_slow(monkeypatch, tmp_path):
    """Reading huge.txt takes 30 s, whatever the machine's speed (the limit's timer signal interrupts the
    sleep; forked workers inherit the patch)."""
    import extract.reading as b

    real = b.read_bytes

    def slow(data, path, *args, **kw):
        if str(path).endswith("huge.txt"):
            (tmp_path / "reader.pid").write_text(str(os.getpid()))  # which process read it
            time.sleep(30)
        return real(data, path, *args, **kw)

    monkeypatch.setattr(b, "read_bytes", slow)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_past_the_limit_is_skipped_in_one_line(tianjin, tmp_path, capsys, jobs, huge_is_slow):
    src = _folder(tianjin, tmp_path, many=jobs != "1")
    out = tmp_path / "out"
    rc = main(["build", str(src), "-o", str(out), "--no-map", "--file-timeout", "1", "--jobs", jobs, "-q"])
    reader = int((tmp_path / "reader.pid").read_text())
    assert (reader == os.getpid()) == (jobs == "1")  # with 2 jobs, the limit works in a forked process
    assert rc == 1  # built, with a skip
    std = capsys.readouterr()
    err = [l for l in std.err.splitlines() if l.strip()]
    assert len(err) == 1, err
    assert "huge.txt" in err[0] and "--file-timeout" in err[0] and "Traceback" not in std.err
    assert "skipped 1" in std.out
    g = Graph().parse(out / "graph.ttl")
    assert len(g) > 500
    assert not (out / "texts" / "huge.txt").exists()


def test_no_limit_reads_the_file(tianjin, tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    plan = (tianjin / REFERENCE).read_text(encoding="utf-8")
    (src / "long.txt").write_text(plan * 20, encoding="utf-8")
    assert main(["build", str(src), "-o", str(tmp_path / "out"), "--no-map", "--file-timeout", "0", "-q"]) == 0
    assert "skipped" not in capsys.readouterr().out

"""A per-file time limit turns a file that takes too long into a one-line skip (issue 10.8)."""
from __future__ import annotations

import pytest
from rdflib import Graph

from conftest import REFERENCE
from policykg.cli import main


def _folder(tianjin, tmp_path, copies: int = 1):
    src = tmp_path / "src"
    src.mkdir()
    plan = (tianjin / REFERENCE).read_text(encoding="utf-8")
    others = [p for p in sorted(tianjin.glob("*.txt")) if p.name != REFERENCE]
    for f in [tianjin / REFERENCE] + others[:copies - 1]:  # distinct plans (copies of one text are skipped)
        (src / f.name).write_bytes(f.read_bytes())
    (src / "huge.txt").write_text(plan * (1_000_000 // len(plan)), encoding="utf-8")  # a million characters
    return src


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_past_the_limit_is_skipped_in_one_line(tianjin, tmp_path, capsys, jobs):
    src = _folder(tianjin, tmp_path, copies=1 if jobs == "1" else 8)  # 8 or more files use the workers
    out = tmp_path / "out"
    rc = main(["build", str(src), "-o", str(out), "--no-map", "--file-timeout", "1", "--jobs", jobs, "-q"])
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

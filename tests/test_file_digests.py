"""Unchanged sources are not read again (policykg.file_digests): a file is known by its stat signature,
as git's index knows it; any rewrite, a rewrite that keeps size and modification time included, is
read and built, and so is a file changed just before a build recorded it."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from policykg import file_digests
from policykg.build import build
from policykg.cleanup import DIGESTS_FILE

PLAN = "jinghai-2021-keji-sannian.txt"


@pytest.fixture()
def corpus(tmp_path, tianjin) -> Path:
    src = tmp_path / "src"
    shutil.copytree(tianjin, src)
    return src


@pytest.fixture()
def reads(monkeypatch) -> list[str]:
    """The sources a build reads (names), as they are read."""
    got: list[str] = []
    real = file_digests.FileDigests.read
    monkeypatch.setattr(file_digests.FileDigests, "read", lambda self, path: got.append(Path(path).name)
                        or real(self, path))
    return got


@pytest.fixture()
def not_racy(monkeypatch):
    """Files written by the test a moment ago count as old enough to be trusted."""
    monkeypatch.setattr(file_digests, "RACY_NS", -10**12)


def test_an_unchanged_rebuild_reads_no_source(corpus, tmp_path, reads, not_racy):
    out = tmp_path / "out"
    build([corpus], out)
    assert sorted(reads) == sorted(p.name for p in corpus.glob("*.txt"))
    reads.clear()
    again = build([corpus], out)
    assert again.up_to_date and reads == []


def test_a_rewrite_keeping_size_and_modification_time_is_read_and_built(corpus, tmp_path, reads, not_racy):
    """Same byte count, modification time put back (as ``touch -r`` or ``rsync -t`` leave it): the change
    time still differs, and the plan's new department reaches the graph."""
    out = tmp_path / "out"
    build([corpus], out)
    assert "区教育局" not in (out / "graph.ttl").read_text(encoding="utf-8")
    f = corpus / PLAN
    st = f.stat()
    text = f.read_text(encoding="utf-8")
    changed = text.replace("(区科技局负责)", "(区教育局负责)", 1)
    assert changed != text and len(changed.encode()) == st.st_size
    f.write_text(changed, encoding="utf-8")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert f.stat().st_size == st.st_size and f.stat().st_mtime_ns == st.st_mtime_ns
    reads.clear()
    res = build([corpus], out)
    assert reads == [PLAN] and not res.up_to_date and res.extracted == 1
    assert "区教育局" in (out / "graph.ttl").read_text(encoding="utf-8")


def test_a_file_changed_just_before_it_was_recorded_is_read_again(corpus, tmp_path, reads):
    """The racy case: a change in the same clock tick as the reading would leave the times unchanged,
    so a file younger than RACY_NS when recorded is not trusted; one older is."""
    old = os.stat(corpus / PLAN).st_mtime_ns - 10 * file_digests.RACY_NS
    for f in corpus.iterdir():
        if f.name != PLAN:
            os.utime(f, ns=(old, old))  # (the change time stays now: these are racy too)
    out = tmp_path / "out"
    build([corpus], out)
    reads.clear()
    build([corpus], out)
    assert sorted(reads) == sorted(p.name for p in corpus.glob("*.txt"))  # all changed < 2 s before


def test_a_damaged_record_means_every_file_is_read(corpus, tmp_path, reads, not_racy):
    out = tmp_path / "out"
    build([corpus], out)
    record = out / ".cache" / DIGESTS_FILE
    data = json.loads(record.read_text(encoding="utf-8"))
    n = len(list(corpus.glob("*.txt")))
    assert data["format"] == file_digests.FORMAT and len(data["files"]) == n
    for bad in ["{not json", json.dumps({"format": file_digests.FORMAT, "files": [1, 2]}),
                json.dumps({"format": file_digests.FORMAT,
                            "files": {k: v[:5] + ["zz", "zz", 0] for k, v in data["files"].items()}})]:
        record.write_text(bad, encoding="utf-8")
        reads.clear()
        res = build([corpus], out)
        assert sorted(reads) == sorted(p.name for p in corpus.glob("*.txt")) and res.up_to_date
    anew = json.loads(record.read_text(encoding="utf-8"))["files"]  # written anew (when read: the last item)
    assert {k: v[:7] for k, v in anew.items()} == {k: v[:7] for k, v in data["files"].items()}


def test_no_cache_keeps_no_record(corpus, tmp_path, reads, not_racy):
    out = tmp_path / "out"
    build([corpus], out, cache=False)
    build([corpus], out, cache=False)
    assert not (out / ".cache" / DIGESTS_FILE).exists()
    assert len(reads) == 2 * len(list(corpus.glob("*.txt")))


def test_the_record_a_killed_build_was_writing_is_swept(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out)
    left = out / ".cache" / f".{DIGESTS_FILE}.1a2b3c4d"
    left.write_text('{"format": "policykg-file', encoding="utf-8")
    build([corpus], out)
    assert not left.exists() and (out / ".cache" / DIGESTS_FILE).is_file()

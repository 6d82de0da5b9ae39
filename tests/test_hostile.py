"""Hostile inputs and faults (issue 10, and the data problems of issue 14): one test per item, each of
which failed before the fix.

Items tested elsewhere: 10.1 (SERVICE, LOAD and updates refused on the parsed algebra, a local listener
sees nothing) in ``test_query.py::test_service_and_updates_read_off_the_parse_tree`` and
``test_server.py::test_service_load_and_updates_never_reach_the_network``; 10.9 (slow queries do not
starve quick ones; idle and half-sent connections closed; a negative Content-Length) in
``test_server.py``. Worker processes ending with their parent (10.7, second half) and linear time in a
document's size (10.8) belong to the build's worker pool.
"""
from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policykg.build import BuildError, build
from policykg.cli import main

from conftest import REFERENCE, REPO, store_held

SMALL = ["binhai-2020-keji-sannian-excerpt.txt", "dongli-2021-keji-sannian-excerpt.txt"]


def _folder(tmp_path: Path, tianjin: Path, manifest: str | None = None, names=(REFERENCE,)) -> Path:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    for name in names:
        (src / name).write_bytes((tianjin / name).read_bytes())
    if manifest is not None:
        (src / "manifest.csv").write_text(manifest, encoding="utf-8")
    return src


def _files(root: Path, but: Path | None = None) -> set[str]:
    return {str(p) for p in root.rglob("*") if but is None or not p.is_relative_to(but)}


def _stderr_lines(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.strip()]


# --- 10.2: no path is built from input without a check --------------------------------------------------


def test_manifest_ids_never_write_outside_out(tianjin, tmp_path, capsys):
    absolute = tmp_path / "abs-escape"
    src = _folder(tmp_path, tianjin, "file,id\n"
                  f"{REFERENCE},../../escaped\n"
                  f"{SMALL[0]},{absolute}\n"
                  f"{SMALL[1]},sub/dir\n", names=[REFERENCE, *SMALL])
    out = tmp_path / "work" / "out"
    out.parent.mkdir()
    before = _files(tmp_path)
    rc = main(["build", str(src), "-o", str(out), "-q", "--no-map"])
    err = _stderr_lines(capsys)
    assert _files(tmp_path, but=out) == before  # nothing new outside OUT
    assert not list(Path(tmp_path.anchor).glob("escaped*")) and not absolute.with_suffix(".txt").exists()
    assert rc == 2  # every source refused: nothing to build
    for name, sid in ((REFERENCE, "../../escaped"), (SMALL[0], str(absolute)), (SMALL[1], "sub/dir")):
        line = next(line for line in err if name in line)
        assert repr(sid) in line and "manifest.csv:" in line  # one line naming the file, the id and the row


def test_a_safe_id_is_kept_and_the_rest_built(tianjin, tmp_path, capsys):
    src = _folder(tmp_path, tianjin, f"file,id\n{REFERENCE},../x\n{SMALL[0]},bh-2020\n", names=[REFERENCE, SMALL[0]])
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "-q", "--no-map"]) == 1
    assert sorted(p.name for p in (out / "texts").iterdir()) == ["bh-2020.txt"]
    assert len([line for line in _stderr_lines(capsys) if "skipped" in line]) == 1


# --- 10.3: the store never lies ------------------------------------------------------------------------------


def _triples(path: Path) -> set:
    import pyoxigraph as ox

    fmt = ox.RdfFormat.TURTLE
    return {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=fmt)}


def _store_triples(store: Path) -> set:
    import pyoxigraph as ox

    s = ox.Store.read_only(str(store))
    try:
        return {(q.subject, q.predicate, q.object) for q in s}
    finally:
        del s


def test_store_deleted_or_emptied_is_loaded_again(tianjin, tmp_path):
    import shutil

    import pyoxigraph as ox

    out, st = tmp_path / "out", tmp_path / "st"
    build([tianjin / SMALL[0]], out, store=st)
    graph = _triples(out / "graph.ttl")
    assert _store_triples(st) == graph
    shutil.rmtree(st)
    res = build([tianjin / SMALL[0]], out, store=st)
    assert not res.up_to_date and _store_triples(st) == graph
    s = ox.Store(str(st))
    s.clear()
    del s
    res = build([tianjin / SMALL[0]], out, store=st)
    assert not res.up_to_date and _store_triples(st) == graph
    assert build([tianjin / SMALL[0]], out, store=st).up_to_date


# --- 10.4 and issue 14: each bad row or file is one line; the rest is built -----------------------------------


def test_bad_rows_and_files_each_one_line_rest_built(tianjin, tmp_path, capsys, monkeypatch):
    src = _folder(tmp_path, tianjin, "file,id,title\n"
                  "missing.txt,m,\n"
                  f"{SMALL[0]},first,\n"
                  f"{SMALL[0]},again,\n"
                  'broken.txt,b,"unterminated\n'
                  f"{REFERENCE},ref-after-the-quote,\n", names=[REFERENCE, *SMALL])
    (src / "broken.txt").write_bytes((tianjin / SMALL[1]).read_bytes().replace("东丽".encode(), "西青".encode()))
    locked = src / "locked.txt"
    locked.write_bytes((tianjin / SMALL[1]).read_bytes().replace("东丽".encode(), "北辰".encode()))
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: the permission error is made as the kernel would give it
        real = Path.read_bytes

        def read_bytes(self):
            if self.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)
        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "-q", "--no-map", "-j", "1"]) == 1
    err = _stderr_lines(capsys)
    said = {what: [line for line in err if what in line] for what in
            ("missing.txt", "listed twice", "unterminated quote", "locked.txt")}
    assert all(len(lines) == 1 for lines in said.values()), err
    assert "no such file" in said["missing.txt"][0] and "manifest.csv:2" in said["missing.txt"][0]
    assert SMALL[0] in said["listed twice"][0]
    assert "broken.txt" in said["unterminated quote"][0] and "manifest.csv:5" in said["unterminated quote"][0]
    assert "Permission denied" in said["locked.txt"][0]
    assert len(err) == 4, err
    built = sorted(p.stem for p in (out / "texts").iterdir())
    assert built == [SMALL[1].removesuffix(".txt"), "ref-after-the-quote"]  # the row after the quote is read
    locked.chmod(0o644)


def test_on_error_fail_stops_at_a_bad_row(tianjin, tmp_path, capsys):
    src = _folder(tmp_path, tianjin, f"file,id\n{REFERENCE},ref\nmissing.txt,m\n")
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "-q", "--on-error", "fail"]) == 2
    err = _stderr_lines(capsys)
    assert len(err) == 1 and "missing.txt" in err[0]
    assert not (out / "graph.ttl").exists()


def test_same_plan_in_two_encodings_is_built_once(tianjin, tmp_path, capsys):
    text = (tianjin / SMALL[1]).read_text(encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "a-utf8.txt").write_text(text, encoding="utf-8")
    (src / "b-gb18030.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "-q", "--no-map"]) == 1
    err = _stderr_lines(capsys)
    assert len(err) == 1 and "b-gb18030.txt" in err[0] and "same text as" in err[0] and "a-utf8.txt" in err[0]
    assert [p.name for p in (out / "texts").iterdir()] == ["a-utf8.txt"]
    # copies the manifest gives ids of their own are documents of their own (bench/corpus.py makes them)
    (src / "manifest.csv").write_text("file,id\na-utf8.txt,a\nb-gb18030.txt,b\n", encoding="utf-8")
    assert main(["build", str(src), "-o", str(out), "-q", "--no-map"]) == 0
    assert sorted(p.name for p in (out / "texts").iterdir()) == ["a.txt", "b.txt"]


def test_one_rule_for_sources_named_or_in_a_folder(tianjin, tmp_path, capsys):
    """README.md is no plan whether named or found in a folder; a plan saved as .md is one either way."""
    src = _folder(tmp_path, tianjin)
    (src / "README.md").write_bytes((REPO / "README.md").read_bytes())
    (src / "plan.md").write_bytes((tianjin / SMALL[0]).read_bytes())
    (src / "notes.csv").write_text("a,b\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "-q", "--no-map"]) == 0  # a folder's other files: silence
    assert sorted(p.name for p in (out / "texts").iterdir()) == ["jinghai-2021-keji-sannian.txt", "plan.txt"]
    capsys.readouterr()
    assert main(["build", str(src / "README.md"), str(src / "plan.md"), str(src / "notes.csv"),
                 "-o", str(tmp_path / "o2"), "-q", "--no-map"]) == 1
    err = _stderr_lines(capsys)
    assert len(err) == 2 and "README.md: a README, not a plan" in err[0] and "notes.csv: not a source type" in err[1]
    assert [p.name for p in (tmp_path / "o2" / "texts").iterdir()] == ["plan.txt"]


def test_a_file_name_with_a_newline_is_still_one_line(tianjin, tmp_path, capsys):
    src = _folder(tmp_path, tianjin)
    (src / "bad\nname.txt").write_bytes((tianjin / REFERENCE).read_bytes())  # same text: skipped, named
    assert main(["build", str(src), "-o", str(tmp_path / "out"), "-q", "--no-map"]) == 1
    err = _stderr_lines(capsys)
    assert len(err) == 1 and "bad\\nname.txt" in err[0]


def test_build_never_reads_its_own_output(tianjin, tmp_path, capsys):
    src = _folder(tmp_path, tianjin)
    assert main(["build", str(src), "-o", str(src / "out"), "-q"]) == 0
    assert main(["build", str(src), "-o", str(src / "out"), "-q"]) == 0  # texts/*.txt and map.html are not sources
    assert "skipped" not in capsys.readouterr().err


# --- 10.5 ----------------------------------------------------------------------------------------------------


def test_on_error_fail_fails_when_up_to_date(tianjin, tmp_path, capsys):
    src = _folder(tmp_path, tianjin)
    (src / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    out = tmp_path / "out"
    assert main(["build", str(src), "-o", str(out), "-q"]) == 1
    assert main(["build", str(src), "-o", str(out), "-q"]) == 1  # up to date: still says it
    assert "scan.txt" in capsys.readouterr().err
    assert main(["build", str(src), "-o", str(out), "-q", "--on-error", "fail"]) == 2
    assert "scan.txt" in capsys.readouterr().err


# --- 10.6: the store in use ----------------------------------------------------------------------------------


def test_a_store_in_use_is_said_in_one_line(tianjin, tmp_path):
    import pyoxigraph as ox

    st = tmp_path / "st"
    with store_held(st):
        with pytest.raises(BuildError, match="in use"):
            build([tianjin / SMALL[0]], tmp_path / "out", store=st)
    build([tianjin / SMALL[0]], tmp_path / "out", store=st)  # free again: the build goes through
    assert len(ox.Store.read_only(str(st))) > 0


def test_two_builds_on_one_out_say_so(tianjin, tmp_path):
    from policykg.cleanup import out_lock

    out = tmp_path / "out"
    with out_lock(out):
        with pytest.raises(BuildError, match="another build"):
            build([tianjin / SMALL[0]], out)


# --- 10.7: what a killed build leaves --------------------------------------------------------------------------


def _cli(*args: str, env=None, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "policykg", *args], cwd=REPO, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


def _leftovers(out: Path, tmp: Path) -> list[str]:
    from policykg.cleanup import TEMP

    junk = [p for p in out.rglob("*") if TEMP.fullmatch(p.name)]
    junk += [p for p in tmp.iterdir() if p.name != "jieba.cache"]  # jieba's dictionary cache is meant to stay
    return sorted(map(str, junk))


KILL_POINTS = {  # when to kill: something of the build's is there to be left behind
    "extracting": lambda out, st, tmp: any(tmp.glob("policykg-*")),
    "cached": lambda out, st, tmp: len(list((out / ".cache").glob("record/*/*.pkl"))) >= 1,
    "store open": lambda out, st, tmp: (st / "CURRENT").is_file(),
    "writing": lambda out, st, tmp: any(out.glob(".graph.ttl.*")) or any(out.glob("texts/.*")),
}


def test_killed_build_leaves_nothing_after_the_next(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for f in ("dongli-2021-keji-sannian-excerpt.txt", "binhai-2020-keji-sannian-excerpt.txt", "guowuyuan-07.html",
              "tianjin-2020-keji-sannian-excerpt-traditional.txt", "manifest.csv"):
        (src / f).write_bytes((REPO / "sources" / f).read_bytes())
    clean = tmp_path / "clean"
    assert build([src], clean, jobs=1).counts["plans"] == 4
    out, st, tmp = tmp_path / "out", tmp_path / "st", tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    args = ("build", str(src), "-o", str(out), "--store", str(st), "-q", "-j", "2")
    killed = []
    for name, ready in KILL_POINTS.items():
        p = _cli(*args, env=env)
        while p.poll() is None and not ready(out, st, tmp):
            time.sleep(0.002)
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)  # the build and its workers, as kill -9 of the group
            killed.append(name)
        p.wait()
    assert len(killed) >= 2, killed  # the build was stopped part-way at least twice
    assert _leftovers(out, tmp)  # and left something behind to clean
    print("killed while", ", ".join(killed), "; left", len(_leftovers(out, tmp)))
    p = _cli(*args, env=env)
    assert p.wait(300) in (0, 1), p.stderr.read()
    assert (out / "graph.ttl").read_bytes() == (clean / "graph.ttl").read_bytes()
    assert _store_triples(st) == _triples(clean / "graph.ttl")
    assert _leftovers(out, tmp) == []


def test_sweep_keeps_a_live_builds_scratch(tmp_path):
    from policykg.cleanup import scratch_dir, sweep_scratch

    dead = tmp_path / "policykg-deadbeef"
    dead.mkdir()
    (dead / ".alive").touch()  # its build is gone: no one holds the lock
    other = tmp_path / "policykg-nb01-x1y2z3w4"  # not a build's scratch folder
    other.mkdir()
    os.environ["TMPDIR"], old = str(tmp_path), os.environ.get("TMPDIR")
    import tempfile
    tempfile.tempdir = None
    try:
        with scratch_dir() as live:
            assert sweep_scratch(tmp_path) == [dead]
            assert live.is_dir() and other.is_dir()
    finally:
        os.environ.pop("TMPDIR") if old is None else os.environ.__setitem__("TMPDIR", old)
        tempfile.tempdir = None


# --- 10.10 and issue 14: files for people --------------------------------------------------------------------


def test_csv_cells_cannot_be_formulas():
    from graph.stores.files import spreadsheet_cell

    assert [spreadsheet_cell(v) for v in ("=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx")] == \
        ["'=HYPERLINK(\"http://x\")", "'+1+1", "'-2+3", "'@SUM(A1)", "'\tx"]
    assert [spreadsheet_cell(v) for v in ("-0.25", "+3", "-1e5", "12%", "区科技局", 3, None)] == \
        ["-0.25", "+3", "-1e5", "12%", "区科技局", 3, None]


def test_compare_csv_escapes_a_hostile_title(tianjin, tmp_path):
    src = _folder(tmp_path, tianjin, f'file,title\n{REFERENCE},"=HYPERLINK(""http://evil"",""x"")"\n')
    out = tmp_path / "cmp"
    assert main(["compare", str(src / REFERENCE), "-o", str(out), "-q"]) == 0
    rows = list(csv.DictReader((out / "plans.csv").open(encoding="utf-8")))
    titles = [r["title"] for r in rows]
    assert any(t.startswith("'=HYPERLINK") for t in titles) and not any(t.startswith("=") for t in titles)


def test_map_and_compare_files_follow_the_umask(ref_ttl, tianjin, tmp_path):
    old = os.umask(0o022)
    try:
        assert main(["map", str(ref_ttl), "-o", str(tmp_path / "m.html"), "-o", str(tmp_path / "m.csv")]) == 0
        assert main(["compare", str(tianjin / REFERENCE), "-o", str(tmp_path / "cmp"), "-q"]) == 0
    finally:
        os.umask(old)
    files = [tmp_path / "m.html", tmp_path / "m.csv", *(tmp_path / "cmp").iterdir()]
    assert len(files) > 3 and {oct(p.stat().st_mode & 0o777) for p in files} == {"0o644"}


# --- 10.6: push gives up on a server that never answers ------------------------------------------------------


def test_push_gives_up_on_a_silent_server(ref_ttl):
    """A server that accepts the connection and never answers: one PushError line after ``timeout``
    seconds without an answer; the command's default is a minute, not ten."""
    import socket
    import threading

    from graph.stores.push import PushError, push
    from policykg.cli import parser

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)
    held = []
    threading.Thread(target=lambda: held.append(silent.accept()), daemon=True).start()
    try:
        with pytest.raises(PushError) as e:
            push(ref_ttl, f"http://127.0.0.1:{silent.getsockname()[1]}/store", timeout=0.5)
        assert "\n" not in str(e.value) and "timed out" in str(e.value)
    finally:
        silent.close()
    assert parser().parse_args(["push", str(ref_ttl), "--endpoint", "http://x/store"]).timeout == 60

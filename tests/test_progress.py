"""Build progress: a bar on a terminal, periodic lines in a log, warnings on lines of their own, -q."""
from __future__ import annotations

import io
import logging
import re
import shutil

from policykg import progress as P
from policykg.cli import main

LINE = re.compile(r"^policykg: (\d+)/(\d+) sources \(\d+%\), [\d.]+/s, \S+ so far, (about \S+ left|done)$")


def _corpus(shared, tmp_path):
    """The Tianjin plans and State Council pages, and one file that is not a plan."""
    src = tmp_path / "src"
    src.mkdir()
    for folder in ("tianjin", "guowuyuan"):
        for f in sorted((shared / "corpus" / folder).iterdir()):
            if f.suffix in (".txt", ".html"):
                shutil.copy(f, src / f"{folder}-{f.name}")
    (src / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return src, len(list(src.iterdir()))


def test_a_log_gets_progress_lines_and_whole_warnings(shared, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("POLICYKG_PROGRESS_EVERY", "0")  # a line at every source: the periodic line's form
    src, n = _corpus(shared, tmp_path)
    assert main(["build", str(src), "-o", str(tmp_path / "out"), "--no-map", "--jobs", "2"]) == 1  # built, one file skipped
    err = capsys.readouterr().err.splitlines()
    assert not any("\r" in l or "\x1b" in l for l in err)  # no bar drawn into a log
    counts = [int(m.group(1)) for m in map(LINE.match, err) if m]
    assert counts == list(range(1, n + 1))
    assert [l for l in err if LINE.match(l)][-1].endswith(", done")
    warnings = [l for l in err if not LINE.match(l)]
    assert any(re.fullmatch(r"policykg: skipped \S+scan\.txt: .*PNG.*", l) for l in warnings), warnings
    assert all(l.startswith("policykg: skipped ") for l in warnings)


def test_quiet_prints_warnings_only(shared, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("POLICYKG_PROGRESS_EVERY", "0")
    src, _ = _corpus(shared, tmp_path)
    assert main(["build", str(src), "-o", str(tmp_path / "out"), "--no-map", "-q"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err and all(l.startswith("policykg: skipped ") for l in err)
    assert any("scan.txt" in l for l in err)


def test_lines_come_every_few_seconds(monkeypatch):
    clock = iter(range(0, 1000, 2))  # each source takes two seconds
    monkeypatch.setattr(P.time, "monotonic", lambda: next(clock))
    out = io.StringIO()
    p = P.Progress(out, every=5, tty=False)
    for n in range(1, 13):
        p(n, 12, f"f{n}.txt")
    lines = out.getvalue().splitlines()
    assert [LINE.match(l).group(1) for l in lines] == ["3", "6", "9", "12"]
    assert lines[-1].endswith("done") and "about" in lines[0]


def test_a_short_build_in_a_log_prints_no_progress():
    out = io.StringIO()
    p = P.Progress(out, every=5, tty=False)
    for n in range(1, 4):
        p(n, 3, f"f{n}.txt")
    p.warn("skipped x.txt: empty file")
    assert out.getvalue() == "policykg: skipped x.txt: empty file\n"


def test_a_terminal_gets_a_bar_with_warnings_and_logging_above_it(monkeypatch):
    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # as in the command: logging not configured
    out = io.StringIO()
    with P.Progress(out, tty=True) as p:
        p(1, 50, "a.txt")
        p.warn("skipped b.txt: not a plan")
        logging.getLogger("policykg.test").warning("a library's warning")
        for n in range(2, 51):
            p(n, 50, f"{n}.txt")
    text = out.getvalue()
    pieces = [s.strip() for s in re.split(r"[\r\n]", text) if s.strip()]
    assert "policykg: skipped b.txt: not a plan" in pieces  # whole, on its own line
    assert any(s.endswith("a library's warning") for s in pieces)
    bars = [s for s in pieces if "extracting" in s]
    assert bars and "50/50" in bars[-1] and "file/s" in bars[-1]  # count and rate
    assert any(re.search(r"<\d\d:\d\d", s) for s in bars)  # time left

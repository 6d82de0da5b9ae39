"""Building: the CLI and the library, bad sources, atomic output, formats, determinism, corpus."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from policykg.build import BuildError, build
from policykg.cli import main

from conftest import REFERENCE, REPO

ANNOTATED = {"07", "09", "34", "37", "57", "10"}  # 10: a task table whose 指导部门 column names them (gold/10.json)


def test_reference_plan_scores(reference_build, shared):
    out, _ = reference_build
    gold = shared / "eval" / "gold" / "jinghai-2021-keji-sannian.json"
    res = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(out / "graph.ttl"), str(gold)],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    scores = dict(kv.split("=") for kv in res.stdout.strip().splitlines()[-1].split())
    for k in ("resp_f1", "dept_f1", "policy_f1", "inst_f1"):
        assert float(scores[k]) == 1.0, (k, scores)
    assert float(scores["target_f1"]) >= 0.95
    assert scores["implements"] == "True"


def test_library_build_result(reference_build, reference_record):
    out, result = reference_build
    assert [p.name for p in result.written if p.parent == out] == ["graph.ttl"]
    # the extracted text that spans refer to is written beside the graph
    assert (out / "texts" / "jinghai-2021-keji-sannian.txt").read_text(encoding="utf-8") == reference_record.text
    s = result.summary()
    assert s["plans"] == 1 and s["skipped"] == 0
    assert s["tasks_with_departments"] == 39 and s["departments"] == 17


def test_cli_build_reports(tianjin, tmp_path, capsys):
    assert main(["build", str(tianjin / REFERENCE), "-o", str(tmp_path), "-q"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("plans 1, tasks ")
    assert f"wrote {tmp_path / 'graph.ttl'}" in out
    assert len(Graph().parse(tmp_path / "graph.ttl")) > 500


def _folder_with_bad_file(tianjin, tmp_path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / REFERENCE).write_bytes((tianjin / REFERENCE).read_bytes())
    (src / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return src


def test_cli_skips_bad_file_with_one_line(tianjin, tmp_path, capsys):
    src = _folder_with_bad_file(tianjin, tmp_path)
    assert main(["build", str(src), "-o", str(tmp_path / "out"), "-q"]) == 1  # built, something skipped
    err = [l for l in capsys.readouterr().err.splitlines() if l.strip()]
    assert len(err) == 1
    assert "scan.txt" in err[0] and "PNG" in err[0]
    assert (tmp_path / "out" / "graph.ttl").is_file()


def test_cli_on_error_fail_writes_nothing(tianjin, tmp_path, capsys):
    src = _folder_with_bad_file(tianjin, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["build", str(src), "-o", str(out), "-q", "--on-error", "fail"]) != 0
    err = capsys.readouterr().err
    assert "scan.txt" in err
    assert _outputs(out) == []  # no graph, no temp file; only the reusable cache may remain


def test_failed_build_keeps_existing_graph(tianjin, tmp_path):
    src = _folder_with_bad_file(tianjin, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# previous graph\n", encoding="utf-8")
    with pytest.raises(BuildError, match="scan.txt"):
        build([src], out, on_error="fail")
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "# previous graph\n"
    assert _outputs(out) == ["graph.ttl"]


def test_no_plan_at_all_is_an_error(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    with pytest.raises(BuildError, match="nothing written"):
        build([tmp_path], tmp_path / "out")
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_unknown_format(tianjin, tmp_path, capsys):
    assert main(["build", str(tianjin / REFERENCE), "-o", str(tmp_path), "--format", "ttl,docx"]) == 2
    assert "docx" in capsys.readouterr().err
    assert not (tmp_path / "graph.ttl").exists()


def test_missing_path(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nope"), "-o", str(tmp_path / "o")]) == 2
    assert "nope" in capsys.readouterr().err


def test_multiple_formats_parse(tianjin, tmp_path):
    assert main(["build", str(tianjin / REFERENCE), "-o", str(tmp_path), "-q", "--format", "ttl,nt,nq"]) == 0
    ttl = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    nt = Graph().parse(tmp_path / "graph.nt", format="nt")
    nq = Dataset()
    nq.parse(tmp_path / "graph.nq", format="nquads")
    assert len(ttl) == len(nt) > 500
    assert sum(1 for _ in nq.quads()) >= len(ttl)
    assert _outputs(tmp_path) == ["graph.nq", "graph.nt", "graph.ttl", "map.html", "texts"]


def _outputs(out: Path) -> list[str]:
    """What a build left in ``out`` besides its cache and state file (temp files included)."""
    return sorted(p.name for p in out.iterdir() if p.name not in (".cache", ".policykg-build.json"))


def test_build_is_deterministic_across_hash_seeds(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build([REPO / "sources"], a, formats=["ttl", "jsonld", "xml"])
    env = dict(os.environ, PYTHONHASHSEED="12345")
    res = subprocess.run([sys.executable, "-m", "policykg", "build", str(REPO / "sources"), "-o", str(b), "-q",
                          "--format", "ttl,jsonld,xml"], cwd=REPO, env=env, capture_output=True, text=True, timeout=150)
    assert res.returncode == 0, res.stderr
    for name in ("graph.ttl", "graph.jsonld", "graph.rdf"):  # JSON-LD and RDF/XML too (rdflib's were not)
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    # the command ends with os._exit (policykg.cli.run): what it printed to a pipe is flushed first
    assert res.stdout.startswith("plans 9, tasks ") and f"wrote {b / 'map.html'}" in res.stdout


def test_command_exit_status_and_streams_survive_the_quick_exit(tmp_path):
    res = subprocess.run([sys.executable, "-m", "policykg", "build", str(tmp_path / "none"), "-o", str(tmp_path / "o")],
                         cwd=REPO, capture_output=True, text=True, timeout=150)
    assert res.returncode == 2 and res.stderr.startswith("policykg: error: ") and "none" in res.stderr


def test_guowuyuan_departments_only_where_annotated(guowuyuan, extractor):
    from extract.pipeline import NotAPlan
    from extract.reading import read_source
    with_deps = set()
    for f in sorted(guowuyuan.glob("*.html")):
        try:
            r = extractor(read_source(f))
        except NotAPlan:
            continue
        if any(t.departments for t in r.tasks):
            with_deps.add(f.stem)
    assert with_deps == ANNOTATED


def test_guowuyuan_07_leads(guowuyuan, extractor):
    from extract.reading import read_source
    r = extractor(read_source(guowuyuan / "07.html"))
    label = {d.key: d.label for d in r.departments}
    leads = {label[k] for t in r.tasks for k, role in t.departments if role == "lead"}
    assert "生态环境部" in leads
    assert r.conventions == ["first-listed-leads"] or any(
        role == "support" for t in r.tasks for _, role in t.departments)


def test_many_plans_by_workers_write_the_same_texts_and_graph(tmp_path):
    """More plans than the formatting window (64 per worker): the workers write the plans' texts
    themselves (temp files renamed with the other outputs); the outputs equal a one-process build's."""
    src = tmp_path / "src"
    src.mkdir()
    files = [p for p in sorted((REPO / "sources").iterdir()) if p.suffix in (".txt", ".html")]
    for n in range(150 // len(files) + 1):
        for p in files:
            (src / f"c{n:02d}-{p.name}").write_bytes(p.read_bytes() + b"\n" * (n + 1))  # not copies of each other
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        assert main(["build", str(src), "-o", str(out), "--no-map", "-q", "--jobs", jobs]) in (0, 1)
        outs[jobs] = out
    texts = sorted(p.name for p in (outs["2"] / "texts").iterdir())
    assert len(texts) >= 150 and texts == sorted(p.name for p in (outs["1"] / "texts").iterdir())
    for name in texts:
        assert (outs["2"] / "texts" / name).read_bytes() == (outs["1"] / "texts" / name).read_bytes()
    assert (outs["2"] / "graph.ttl").read_bytes() == (outs["1"] / "graph.ttl").read_bytes()

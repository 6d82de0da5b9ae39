"""Bad input and bad invocations of every command: one clear line on stderr and a non-zero exit, never a
traceback (issue 10.6). ``{ref}`` is a built reference graph's folder, ``{plan}`` the reference plan,
``{file}`` a plain file, ``{bad}`` a broken Turtle file, ``{empty}`` an empty folder, ``{tmp}`` a fresh
folder."""
from __future__ import annotations

import shlex
import traceback

import pytest

from policykg.cli import main

from conftest import REFERENCE

CLOSED = "http://127.0.0.1:1/store"  # nothing listens on port 1

BAD = {
    "build": [
        "build {tmp}/nope -o {tmp}/o",
        "build {plan} -o {file}",  # OUT is a file
        "build {plan} -o {file}/sub",
        "build {plan} -o {tmp}/o --format docx",
        "build {plan} -o {tmp}/o -j 0",
        "build {plan} -o {tmp}/o --store {file}",
        "build {plan} -o {tmp}/o --store {tmp}/o",
        "build {plan} -o {tmp}/o --store {ref}",  # a folder that is not a store
        "build {plan} -o {tmp}/o --on-error maybe",
        "build {empty} -o {tmp}/o",
        "build {plan} -o /proc/policykg-out",
        "build",
    ],
    "map": [
        "map {tmp}/nope.ttl",
        "map {bad}",
        "map {file}",
        "map {empty}",
        "map {ref} --view nope",
        "map {ref} -o {tmp}/m.docx",
        "map {ref} -o {file}/m.html",
        "map {ref} --max-nodes -5",
        "map {ref} --plan nosuchplan -o {tmp}/m.html",
    ],
    "query": [
        "query nosuch --graph {ref}",
        "query {tmp}/q.rq --graph {ref}",  # SELECT * WHERE {
        "query plans --graph {bad}",
        "query plans --store {tmp}/nope",
        "query plans --store {file}",
        "query plans --store {empty}",
        "query plans --graph {ref} --format yaml",
    ],
    "serve": [
        "serve --graph {tmp}/nope.ttl --port 0",
        "serve --graph {bad} --port 0",
        "serve --store {tmp}/nope --port 0",
        "serve --store {empty} --port 0",
        "serve --graph {ref} --port 99999",
        "serve --graph {ref} --port -1",
        "serve --graph {ref} --timeout -1 --port 0",
        "serve --graph {ref} --max-rows -1 --port 0",
    ],
    "push": [
        "push {ref}/graph.ttl --endpoint http://[::1",
        f"push {{ref}}/graph.ttl --endpoint {CLOSED} --timeout -1",
        f"push {{ref}}/graph.ttl --endpoint {CLOSED} --timeout nan",
        "push {ref}/graph.ttl --endpoint http://127.0.0.1:99999/store",
        "push {ref}/graph.ttl --endpoint ftp://x/store",
        f"push {{ref}}/graph.ttl --endpoint {CLOSED}",
        f"push {{tmp}}/nope.ttl --endpoint {CLOSED}",
        f"push {{bad}} --endpoint {CLOSED}",
        f"push {{file}} --endpoint {CLOSED}",
        f"push {{ref}}/graph.ttl --endpoint {CLOSED} --graph-iri 'not an iri'",
        "push {ref}/graph.ttl",
    ],
    "compare": [
        "compare nope --graph {tmp}/nope.ttl",
        "compare --graph {bad}",
        "compare nosuchid --graph {ref}/graph.ttl -o {tmp}/c",
        "compare {plan} -o {file}",
        "compare {plan} -o {file}/sub -q",
        "compare {plan} -k -1 -o {tmp}/c",
        "compare {empty} -o {tmp}/c",
        "compare {file} -o {tmp}/c",
    ],
    "network": [
        "network",  # no out/graph.ttl here
        "network --graph {tmp}/nope.ttl -o {tmp}/n",
        "network --graph {bad} -o {tmp}/n",
        "network --graph {file} -o {tmp}/n",
        "network --graph {empty} -o {tmp}/n",
        "network --store {tmp}/nope -o {tmp}/n",
        "network --store {file} -o {tmp}/n",
        "network --store {empty} -o {tmp}/n",
        "network --graph {ref} --plan nosuchplan -o {tmp}/n",
        "network --graph {ref} -o {file}",
        "network --graph {ref} -o {file}/sub",
        "network --graph {ref} --lang fr -o {tmp}/n",
        "network --graph {ref} --store {empty} -o {tmp}/n",
    ],
}
CASES = [(cmd, line) for cmd, lines in BAD.items() for line in lines]


@pytest.fixture(scope="module")
def places(reference_build, tianjin, tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    (root / "file.txt").write_text("hello\n", encoding="utf-8")
    (root / "bad.ttl").write_text("@prefix x: <", encoding="utf-8")
    (root / "q.rq").write_text("SELECT * WHERE {", encoding="utf-8")
    (root / "empty").mkdir()
    return {"ref": str(reference_build[0]), "plan": str(tianjin / REFERENCE), "file": str(root / "file.txt"),
            "bad": str(root / "bad.ttl"), "empty": str(root / "empty"), "root": root}


@pytest.mark.parametrize("cmd,line", CASES, ids=[line.split(" ", 1)[0] + ":" + line for _, line in CASES])
def test_bad_invocation_is_one_line(cmd, line, places, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # defaults such as out/graph.ttl find nothing
    argv = shlex.split(line.format(tmp=tmp_path, **{k: v for k, v in places.items() if k != "root"}))
    try:
        rc = main(argv)
    except SystemExit as e:  # argparse
        rc = e.code
    except Exception:  # noqa: BLE001 - the test's point: no exception reaches the user
        pytest.fail(f"{line}: traceback\n{traceback.format_exc()}")
    err = capsys.readouterr().err
    lines = [x for x in err.splitlines() if x.strip()]
    assert rc not in (0, None), (line, err)
    assert "Traceback" not in err
    assert lines and lines[0].startswith("policykg"), err
    if len(lines) == 3 and lines[2].strip() == "^":
        return  # a SPARQL syntax error: the line, then the query's line and a caret under the position
    # one line; a build that read nothing first says why each source was skipped (here one)
    assert len(lines) == 1 or (len(lines) == 2 and "skipped" in lines[0] and "error" in lines[1]), err

"""The notebooks run from top to bottom (nbclient), as from a fresh clone: one test per notebook.

Each runs in a copy of the repository's files in a temporary folder, where ``../shared`` does not
exist and the copy's own packages come first on the kernel's path: a notebook that reached for the
shared corpus, a machine path or a file that is not in the repository fails here. A second run
passes a folder of plans in (``POLICYKG_PLANS``), as a researcher would with their own plans. The
network notebook's State Council part runs when ``POLICYKG_GUOWUYUAN`` names that corpus (here the
shared one, when this machine has it), and says it is skipped otherwise.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO

NOTEBOOKS = [
    "01-responsibilities.ipynb",
    "02-compare-districts.ipynb",
    "03_department_networks.ipynb",
]


def repo_files() -> list[str]:
    """The files a clone would have: tracked or new, not ignored (the working tree's versions)."""
    out = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         capture_output=True, check=True).stdout.decode()
    return sorted(f for f in out.split("\0") if f and (REPO / f).is_file())


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A copy of the repository's files under ``tmp/clone``, with no ``shared`` folder beside it."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    root = tmp_path_factory.mktemp("fresh") / "clone"
    for f in repo_files():
        dest = root / f
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / f, dest)
    assert not (root.parent / "shared").exists()
    return root


def run_notebook(path: Path, env: dict[str, str], monkeypatch) -> list:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=240, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on any failing cell
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_names_no_path_outside_the_repository(name):
    """On this machine /work/shared exists, so running alone would not catch a notebook reaching for it."""
    import json
    import re
    cells = json.loads((REPO / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert not re.search(r'/\s*"shared"|shared/corpus|"/work|"/home/|\.\./|\.parent\s*/', code), name


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_from_a_fresh_clone(name, clone, monkeypatch):
    monkeypatch.delenv("POLICYKG_PLANS", raising=False)
    monkeypatch.delenv("POLICYKG_GUOWUYUAN", raising=False)
    outputs = run_notebook(clone / "notebooks" / name, {"PYTHONPATH": str(clone)}, monkeypatch)
    assert [o for o in outputs if o.get("output_type") == "error"] == []
    assert any("image/png" in o.get("data", {}) for o in outputs), "the notebook draws its chart"
    text = "".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "/work/" not in text and str(REPO) not in text  # no machine path reached
    if name.startswith("03"):  # the Tianjin part on sources/; the State Council part says it is skipped
        assert "State Council corpus not found" in text and "skipped" in text
        assert "静海区: 17 departments share 23 pairs" in text


def test_network_notebook_on_the_state_council_corpus(clone, shared, monkeypatch):
    """The State Council part of the network notebook, given the corpus: its joint-issuing pair is listed."""
    monkeypatch.delenv("POLICYKG_PLANS", raising=False)
    outputs = run_notebook(clone / "notebooks" / "03_department_networks.ipynb",
                           {"PYTHONPATH": str(clone), "POLICYKG_GUOWUYUAN": str(shared / "corpus" / "guowuyuan")},
                           monkeypatch)
    assert [o for o in outputs if o.get("output_type") == "error"] == []
    text = "".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "中央军委办公厅" in text


def test_notebook_runs_on_a_folder_passed_in(clone, tmp_path, monkeypatch):
    """``POLICYKG_PLANS`` points the notebooks at another folder: here the Tianjin plans alone, renamed."""
    mine = tmp_path / "my plans"
    mine.mkdir()
    for f in (clone / "sources").glob("*-keji-*.txt"):
        shutil.copy2(f, mine / f.name)
    shutil.copy2(clone / "sources" / "manifest.csv", mine / "manifest.csv")
    outputs = run_notebook(clone / "notebooks" / NOTEBOOKS[0], {"PYTHONPATH": str(clone), "POLICYKG_PLANS": str(mine)},
                           monkeypatch)
    text = "".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "'plans': 4" in text and "guowuyuan" not in text  # built from the folder given, not sources/

"""The notebooks run from top to bottom (nbclient), so that they never rot: one test per notebook."""
from __future__ import annotations

import pytest

from conftest import REPO

NOTEBOOKS = [
    "01-responsibilities.ipynb",
    "02-compare-districts.ipynb",
    "03_department_networks.ipynb",
]


def _run(name: str):
    """Execute a notebook; return it with its outputs."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    path = REPO / "notebooks" / name
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on any failing cell
    return nb


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs(name, shared, monkeypatch):
    monkeypatch.setenv("POLICYKG_TIANJIN", str(shared / "corpus" / "tianjin"))
    nb = _run(name)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors == []
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if "image/png" in o.get("data", {})]
    assert images, "the notebook draws its chart"
    if name.startswith("03"):  # the State Council part ran: its joint-issuing pair is listed
        assert "中央军委办公厅" in _text(nb)


def _text(nb) -> str:
    return "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "")
                   for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_network_notebook_without_the_state_council_corpus(monkeypatch, tmp_path):
    """A fresh clone without ../shared: the Tianjin part runs on sources/, the State Council part says
    it is skipped."""
    monkeypatch.setenv("POLICYKG_GUOWUYUAN", str(tmp_path / "absent"))
    nb = _run("03_department_networks.ipynb")
    text = _text(nb)
    assert "State Council corpus not found" in text and "skipped" in text
    assert "静海区: 17 departments share 23 pairs" in text

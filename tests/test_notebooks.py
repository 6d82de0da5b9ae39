"""The notebooks run from top to bottom (nbclient), so that they never rot: one test per notebook."""
from __future__ import annotations

import pytest

from conftest import REPO

NOTEBOOKS = [
    "01-responsibilities.ipynb",
    "02-compare-districts.ipynb",
]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs(name, shared, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("POLICYKG_TIANJIN", str(shared / "corpus" / "tianjin"))
    path = REPO / "notebooks" / name
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on any failing cell
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors == []
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if "image/png" in o.get("data", {})]
    assert images, "the notebook draws its chart"

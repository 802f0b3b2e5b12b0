"""notebooks/explore.ipynb runs top to bottom in a real IPython kernel of this interpreter.

The kernel is this venv's Python (a kernelspec written to a temporary JUPYTER_PATH), so the test
needs no ``ipykernel install``: ``.venv/bin/pytest`` from a clean venv with ``.[test]`` is enough.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat is in the test extras: pip install -e '.[test]'")
nbclient = pytest.importorskip("nbclient", reason="nbclient is in the test extras: pip install -e '.[test]'")
pytest.importorskip("ipykernel", reason="ipykernel is in the test extras: pip install -e '.[test]'")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
CORPUS = ROOT.parent / "shared" / "corpus"
KERNEL = "kg-test-venv"


def _by_tag(nb) -> dict[str, dict]:
    return {tag: cell for cell in nb.cells for tag in cell.get("metadata", {}).get("tags", [])}


def _html(cell) -> str:
    return "\n".join(o.get("data", {}).get("text/html", "") for o in cell.get("outputs", [])
                     if o.get("output_type") in ("execute_result", "display_data"))


def _table_rows(html: str) -> int:
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    return body.group(1).count("<tr") if body else 0


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{cell.id} has outputs"


@pytest.fixture
def venv_kernel(tmp_path, monkeypatch):
    """A kernelspec that starts an IPython kernel with this very interpreter."""
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "kg test (this venv)", "language": "python",
    }), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("MPLBACKEND", "agg")
    return KERNEL


def test_notebook_extra_brings_its_imports():
    """`pip install -e '.[notebook]'` brings every package the notebook imports."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    have = {re.split(r"[<>=\[ ]", d)[0].lower() for d in
            [*project["dependencies"], *project["optional-dependencies"]["notebook"]]}
    nb = nbformat.read(NOTEBOOK, as_version=4)
    imported = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            imported |= set(re.findall(r"^(?:from|import) ([a-z_]+)", cell.source, re.M))
    stdlib = set(sys.stdlib_module_names)
    provided = {"IPython": "ipykernel", "kg": "kg"}
    for mod in sorted(imported - stdlib):
        assert provided.get(mod, mod).lower() in have | {"kg"}, f"the notebook imports {mod}, no extra brings it"
    assert "matplotlib" in have and "pandas" in have


def test_notebook_runs(venv_kernel, built, monkeypatch):
    """The notebook opens the session's build (KG_OUT), it does not rebuild the corpus."""
    monkeypatch.setenv("KG_OUT", str(built))
    before = (built / "report.json").stat().st_mtime_ns
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=venv_kernel, timeout=600, allow_errors=False,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError (with the cell's traceback) on any error

    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", cell.source
    cells = _by_tag(nb)
    assert (built / "report.json").stat().st_mtime_ns == before, "the notebook rebuilt the corpus"
    # the demo entities are picked by facts: each has some
    picks = _html(cells["picks"])
    assert _table_rows(picks) == 5 and "None" not in picks.split("<tbody>")[1]
    # the verbs: list, compare, figures with a plot, gaps
    assert _table_rows(_html(cells["list"])) > 0
    assert _table_rows(_html(cells["compare"])) > 0
    assert any("image/png" in o.get("data", {}) for o in cells["figures"].outputs)
    assert _table_rows(_html(cells["figures"])) > 0
    assert _table_rows(_html(cells["gaps"])) > 0
    # the build's entity counts and the Cypher label counts are tables with rows
    assert _table_rows(_html(cells["build"])) >= 5
    assert _table_rows(_html(cells["counts"])) >= 5
    # a question answered with facts and their evidence
    region = _html(cells["region"])
    assert _table_rows(region) > 0 and "evidence" in region
    # the networkx analysis: top 10 by degree centrality
    centrality = _html(cells["centrality"])
    assert _table_rows(centrality) == 10 and "centrality" in centrality
    # the pyvis view is inline, self-contained
    view = _html(cells["view"])
    assert "<iframe srcdoc=" in view and "vis.Network" in view
    assert "http://" not in view.split("srcdoc=")[0]
    pages = "".join(o.get("data", {}).get("text/plain", "") for o in cells["views"].outputs)
    assert "'pages'" in pages

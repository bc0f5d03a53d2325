"""The quick-start notebook runs top to bottom, as a reader would run it."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "quickstart.ipynb"


@pytest.mark.slow
def test_quickstart_notebook_runs_top_to_bottom(tmp_path, default_store, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    # The kernel uses the same store as the tests, and writes its outputs in a scratch folder.
    monkeypatch.setenv("MAPPER_CACHE_DIR", str(Path(default_store.path).parent))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("EventMapKit" in h for h in html), "the map did not display inline"
    assert any("image/png" in o.get("data", {}) for o in outputs), "the chart did not draw"
    assert (tmp_path / "example_map.html").stat().st_size > 100_000

"""The example notebook runs end to end and produces its plots, so it never rots."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("pandas")
pytest.importorskip("matplotlib")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOTEBOOK = EXAMPLES / "postings-analysis.ipynb"
KERNEL = "cvmatch-test-python3"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
FIGURES = {"skill-demand-by-role.png", "skill-cooccurrence.png", "salary-by-skill.png"}


@pytest.fixture()
def kernel_from_this_interpreter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernelspec that runs ipykernel with the interpreter running the tests."""
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "cvmatch tests",
                "language": "python",
            }
        )
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return KERNEL


def test_notebook_runs_and_saves_its_plots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel_from_this_interpreter: str
) -> None:
    """It runs on its default sample, the postings shipped in examples/postings/."""
    figures = tmp_path / "figures"
    monkeypatch.delenv("CVMATCH_POSTINGS", raising=False)
    monkeypatch.setenv("CVMATCH_FIGURES", str(figures))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=180,
        kernel_name=kernel_from_this_interpreter,
        resources={"metadata": {"path": str(EXAMPLES)}},
    )
    client.reset_execution_trackers()
    kernel = client.setup_kernel()
    try:
        kernel.__enter__()
    except Exception as exc:  # no kernel can start here (sandbox, no ZMQ sockets, ...)
        pytest.skip(f"no Jupyter kernel could start: {type(exc).__name__}: {exc}")
    try:
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)  # raises CellExecutionError on any error
    finally:
        kernel.__exit__(None, None, None)

    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3  # the three figures are displayed inline
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    # the default sample is the shipped postings, read from their folder (no written ads)
    shipped = len(list((EXAMPLES / "postings").iterdir()))
    assert shipped >= 2
    assert any("Postings analysis" in h and f"{shipped} postings read" in h for h in html)
    assert "POSTINGS = " in notebook.cells[1].source  # the parameter cell a user edits
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    assert "What you'll do" not in code and "Requirements\n" not in code  # no written ads
    saved = {p.name for p in figures.glob("*.png")}
    assert saved == FIGURES
    for name in FIGURES:
        data = (figures / name).read_bytes()
        assert data.startswith(PNG_MAGIC) and len(data) > 10_000
    last = notebook.cells[-1].outputs[0]["data"]["text/plain"]
    assert all(name in last for name in FIGURES)

"""The committed notebooks are what a fresh execution gives, and what a reader's Jupyter runs.

The session's build of the repository's release (``built_book``, tests/conftest.py)
executes every chapter anew, on fresh kernels, in another folder. Each code
cell's outputs must equal the committed notebook's, byte for byte once
serialised (execution counters aside): no sanitizer is needed, because nothing
in an output depends on the run (chart ids derive from the chart's specification).

The build gives each chapter its release folder as a papermill parameter; a
reader who opens a committed notebook runs it with the defaults of its
parameters cell. Those defaults name the repository's own release folder, so
the two runs read the same inputs (the tables the build writes are the committed
ones: tests/test_changes.py). Together these replace re-executing the notebooks
with nbval.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _outputs(path) -> dict[str, str]:
    notebook = nbformat.read(path, as_version=4)
    # execution_count is left out: papermill's injected parameters cell shifts the counter by one.
    return {cell.id: json.dumps([{k: v for k, v in output.items() if k != "execution_count"}
                                 for output in cell.get("outputs", [])], sort_keys=True)
            for cell in notebook.cells
            if cell.cell_type == "code" and "injected-parameters" not in cell.metadata.get("tags", [])}


@pytest.mark.slow
@pytest.mark.parametrize("committed", NOTEBOOKS, ids=lambda path: path.stem)
def test_fresh_execution_reproduces_committed_outputs(built_book, committed):
    executed = built_book.parent / "executed" / committed.name
    assert executed.exists(), f"the build did not execute {committed.name}"
    fresh, kept = _outputs(executed), _outputs(committed)
    assert fresh.keys() == kept.keys()
    differing = [cell_id for cell_id in kept if fresh[cell_id] != kept[cell_id]]
    assert not differing, (f"{committed.name}: cells {differing} give different outputs on a fresh run; "
                           "re-run `make notebooks` if the change is intended, else find what is not deterministic")


@pytest.mark.parametrize("committed", NOTEBOOKS, ids=lambda path: path.stem)
def test_a_committed_notebook_run_as_it_is_reads_the_repository_release(committed):
    """Its parameters cell sets both folders to None, which means data/; no other cell sets them."""
    from release_figures.book.notebook_folders import resolve_dirs

    cells = nbformat.read(committed, as_version=4).cells
    code = [cell for cell in cells if cell.cell_type == "code"]
    parameters = [cell for cell in code if "parameters" in cell.metadata.get("tags", [])]
    assert len(parameters) == 1, "one parameters cell"
    defaults: dict = {}
    exec(parameters[0].source, {}, defaults)  # noqa: S102 - the committed cell: two assignments
    assert defaults == {"release_dir": None, "output_dir": None}
    assigned = [cell.id for cell in code if cell is not parameters[0]
                and re.search(r"(?m)^\s*(release_dir|output_dir)\s*=", cell.source)]
    assert assigned == []
    assert not [cell.id for cell in code if "injected-parameters" in cell.metadata.get("tags", [])]
    assert resolve_dirs(None, None) == (REPO_ROOT / "data", REPO_ROOT / "data")

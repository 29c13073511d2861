"""A fresh execution in another folder gives exactly the committed notebooks' outputs.

The browser tests' book is built from scratch into a temporary folder
(``built_book``), which executes every notebook anew on fresh kernels. Each
code cell's outputs must equal the committed notebook's, byte for byte once
serialised (execution counters aside): no sanitizer is needed, because nothing in an output depends on
the run (chart ids derive from the chart's specification).
"""

from __future__ import annotations

import json

import nbformat
import pytest

from browser_helpers import REPO_ROOT

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

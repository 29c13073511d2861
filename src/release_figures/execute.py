"""Execute the book's notebooks with papermill: the one way notebooks are run.

``make book``, ``make notebooks`` and ``python -m release_figures run`` all
come through :func:`execute_notebook`. After execution, metadata that
changes on every run (papermill's timestamps and durations) is removed so
that re-executing an unchanged notebook gives identical bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat

__all__ = ["NOTEBOOKS_DIR", "notebook_paths", "execute_notebook", "strip_volatile_metadata"]

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"


def notebook_paths(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The chapters, in reading order (``NN_name.ipynb``)."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def strip_volatile_metadata(notebook) -> None:
    """Drop run-dependent metadata (timings, papermill's run record) in place."""
    notebook.metadata.pop("papermill", None)
    for cell in notebook.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                output.get("metadata", {}).pop("papermill", None)


def execute_notebook(source: Path, target: Path, parameters: dict, progress_bar: bool = True) -> Path:
    """Run ``source`` with papermill into ``target`` with the given parameters.

    The kernel starts in the notebook's own folder; the notebooks resolve
    their paths through the package, so results do not depend on it.
    A failing cell raises papermill's PapermillExecutionError.
    """
    import papermill

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp.ipynb")
    env_before = os.environ.get("PYDEVD_DISABLE_FILE_VALIDATION")
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # silences a debugger warning in outputs
    try:
        papermill.execute_notebook(
            str(source), str(temporary), parameters=parameters, kernel_name="python3",
            cwd=str(Path(source).parent), progress_bar=progress_bar, log_output=False,
        )
        notebook = nbformat.read(temporary, as_version=4)
        strip_volatile_metadata(notebook)
        nbformat.write(notebook, temporary)
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()
        if env_before is None:
            os.environ.pop("PYDEVD_DISABLE_FILE_VALIDATION", None)
    return target

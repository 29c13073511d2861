"""Execute the book's notebooks with papermill: the one way notebooks are run.

``make book``, ``make notebooks`` and ``python -m release_figures run`` all
come through :func:`execute_notebook`; the book builds go through
:func:`execute_chapters`, which skips a notebook whose inputs are unchanged
(see :mod:`release_figures.depcache`). After execution, metadata that
changes on every run (papermill's timestamps and durations) is removed, and
papermill's injected-parameters cell gets a fixed id and the ``remove-cell``
tag, so re-executing an unchanged notebook gives identical bytes and the
book never shows the parameters' paths.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import depcache

__all__ = [
    "NOTEBOOKS_DIR", "notebook_paths", "execute_notebook", "strip_volatile_metadata",
    "ChapterRun", "execute_chapters",
]

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
INJECTED_CELL_ID = "injected-parameters"
# Kernel options: quiet the kernel's own log on stderr (the warning about TCP
# transport at start-up, a KeyboardInterrupt note at shut-down). A failing
# cell is still reported, through the notebook, by papermill.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]


def notebook_paths(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The chapters, in reading order (``NN_name.ipynb``)."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def strip_volatile_metadata(notebook) -> None:
    """Drop run-dependent metadata in place and hide papermill's injected cell.

    Removes timings and papermill's run record; gives the injected-parameters
    cell (whose id papermill draws at random) a fixed id and the
    ``remove-cell`` tag, so the built page never shows its paths.
    """
    notebook.metadata.pop("papermill", None)
    for cell in notebook.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = INJECTED_CELL_ID
            if "remove-cell" not in tags:
                cell.metadata["tags"] = [*tags, "remove-cell"]
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                output.get("metadata", {}).pop("papermill", None)


def execute_notebook(source: Path, target: Path, parameters: dict, progress_bar: bool = True,
                     cwd: Path | None = None) -> Path:
    """Run ``source`` with papermill into ``target`` with the given parameters.

    The kernel starts in ``cwd`` (default: the notebook's own folder);
    relative paths in ``parameters`` are read from there. A failing cell
    raises papermill's PapermillExecutionError and leaves ``target`` as it was.
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
            cwd=str(cwd or Path(source).parent), progress_bar=progress_bar, log_output=False,
            extra_arguments=KERNEL_ARGUMENTS,
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


@dataclass(frozen=True)
class ChapterRun:
    """One notebook of a build: where its result is, how long it took, whether it ran."""

    notebook: str
    executed: Path
    seconds: float
    status: str  # "ok" (executed now) or "cached" (inputs unchanged; previous result used)


def execute_chapters(release, executed_dir: Path, tables_dir: Path, parameters: dict, cwd: Path,
                     notebooks: list[Path] | None = None, log=None) -> list[ChapterRun]:
    """Execute, in order, every notebook whose inputs changed since its last run here.

    ``release`` is the loaded release folder; tables (CSVs) are read from and
    written to ``tables_dir``; executed notebooks and the manifest live in
    ``executed_dir``. Returns one ChapterRun per notebook, in order.
    """
    log = log or (lambda message: print(message, file=sys.stderr, flush=True))
    manifest = depcache.Manifest(Path(executed_dir) / "manifest.json")
    common = {
        "package": depcache.package_digest(),
        "environment": depcache.sha256_of_json(depcache.environment()),
        "parameters": depcache.sha256_of_json(parameters),
    }
    runs, earlier_writes = [], ()
    for source in notebooks if notebooks is not None else notebook_paths():
        name = source.stem
        target = Path(executed_dir) / source.name
        deps = depcache.declared_dependencies(source, earlier_writes)
        inputs = {"notebook": depcache.sha256_of_file(source), **common,
                  **depcache.input_hashes(release, deps.reads, tables_dir)}
        entry = manifest.get(name)
        reasons = depcache.stale_reasons(entry, inputs, target, depcache.output_hashes(deps.writes, tables_dir))
        if not reasons:
            log(f"{name}: inputs unchanged, using the previous execution")
            runs.append(ChapterRun(name, target, entry["seconds"], "cached"))
        else:
            log(f"{name}: executing ({'; '.join(reasons)})")
            manifest.forget(name)
            start = time.perf_counter()
            execute_notebook(source, target, parameters=parameters, cwd=cwd)
            seconds = time.perf_counter() - start
            manifest.record(name, inputs, target, depcache.output_hashes(deps.writes, tables_dir), seconds)
            runs.append(ChapterRun(name, target, round(seconds, 2), "ok"))
        earlier_writes += deps.writes
    return runs

"""Execute the book's notebooks with papermill: the one way notebooks are run.

``make book``, ``make notebooks`` and ``python -m release_figures run`` all
come through :func:`execute_notebook`; the book builds go through
:func:`execute_chapters`, which skips a notebook whose inputs are unchanged
(see :mod:`release_figures.book.execution_cache`) and runs notebooks that do not depend
on each other at the same time, one kernel per core (a notebook starts once
every earlier notebook whose tables it reads has finished). After execution, metadata that
changes on every run (papermill's timestamps and durations) is removed, and
papermill's injected-parameters cell gets a fixed id and the ``remove-cell``
tag, so re-executing an unchanged notebook gives identical bytes and the
book never shows the parameters' paths.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import nbformat

from release_figures.book import execution_cache

__all__ = [
    "NOTEBOOKS_DIR", "notebook_paths", "execute_notebook", "strip_volatile_metadata",
    "ChapterRun", "default_jobs", "execute_chapters",
]

NOTEBOOKS_DIR = Path(__file__).resolve().parents[3] / "notebooks"
INJECTED_CELL_ID = "injected-parameters"
# Kernel options: quiet the kernel's own log on stderr (the warning about TCP
# transport at start-up, a KeyboardInterrupt note at shut-down). A failing
# cell is still reported, through the notebook, by papermill.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
# Set while any notebook runs (kernels inherit it); counted, as notebooks may run in threads.
QUIET_DEBUGGER = "PYDEVD_DISABLE_FILE_VALIDATION"
_env_lock = threading.Lock()
_env_users = [0, None]  # [notebooks running, the variable's value before the first]


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
                     cwd: Path | None = None, change_directory: bool = True) -> Path:
    """Run ``source`` with papermill into ``target`` with the given parameters.

    The kernel starts in ``cwd`` (default: the notebook's own folder);
    relative paths in ``parameters`` are read from there. A failing cell
    raises papermill's PapermillExecutionError and leaves ``target`` as it was.
    papermill changes the whole process's directory to start the kernel, which
    races when notebooks run in threads: parallel callers set the directory
    once themselves and pass ``change_directory=False``.
    """
    import papermill

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp.ipynb")
    _quiet_debugger(True)  # silences a debugger warning in outputs
    try:
        papermill.execute_notebook(
            str(source), str(temporary), parameters=parameters, kernel_name="python3",
            cwd=str(cwd or Path(source).parent) if change_directory else None,
            progress_bar=progress_bar, log_output=False,
            extra_arguments=KERNEL_ARGUMENTS,
        )
        notebook = nbformat.read(temporary, as_version=4)
        strip_volatile_metadata(notebook)
        nbformat.write(notebook, temporary)
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()
        _quiet_debugger(False)
    return target


def _quiet_debugger(start: bool) -> None:
    """Set QUIET_DEBUGGER for the first notebook that starts; restore it after the last ends."""
    with _env_lock:
        if start:
            if _env_users[0] == 0:
                _env_users[1] = os.environ.get(QUIET_DEBUGGER)
                os.environ[QUIET_DEBUGGER] = "1"
            _env_users[0] += 1
            return
        _env_users[0] -= 1
        if _env_users[0] == 0:
            if _env_users[1] is None:
                os.environ.pop(QUIET_DEBUGGER, None)
            else:
                os.environ[QUIET_DEBUGGER] = _env_users[1]


@dataclass(frozen=True)
class ChapterRun:
    """One notebook of a build: where its result is, how long it took, whether it ran."""

    notebook: str
    executed: Path
    seconds: float
    status: str  # "ok" (executed now) or "cached" (inputs unchanged; previous result used)


def default_jobs() -> int:
    """How many notebooks run at once: one per core available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # platforms without sched_getaffinity
        return max(1, os.cpu_count() or 1)


def execute_chapters(release, executed_dir: Path, tables_dir: Path, parameters: dict, cwd: Path,
                     notebooks: list[Path] | None = None, log=None, jobs: int | None = None) -> list[ChapterRun]:
    """Execute every notebook whose inputs changed since its last run here.

    ``release`` is the loaded release folder; tables (CSVs) are read from and
    written to ``tables_dir``; executed notebooks and the manifest live in
    ``executed_dir``. A notebook is considered (cached or executed) once
    every earlier notebook it must follow (:func:`execution_cache.must_follow`) is
    done; up to ``jobs`` notebooks execute at once (default: one per core).
    A failing notebook stops new ones from starting; those running finish,
    then its error is raised. Returns one ChapterRun per notebook, in order.
    """
    log = log or (lambda message: print(message, file=sys.stderr, flush=True))
    jobs = jobs or default_jobs()
    manifest = execution_cache.Manifest(Path(executed_dir) / "manifest.json")
    common = {
        "package": execution_cache.package_digest(),
        "environment": execution_cache.sha256_of_json(execution_cache.environment()),
        "parameters": execution_cache.sha256_of_json(parameters),
    }
    sources = list(notebooks if notebooks is not None else notebook_paths())
    deps, earlier_writes = [], ()
    for source in sources:
        deps.append(execution_cache.declared_dependencies(source, earlier_writes))
        earlier_writes += deps[-1].writes
    waits_for = [{j for j in range(i) if execution_cache.must_follow(deps[j], deps[i])} for i in range(len(sources))]
    runs: dict[int, ChapterRun] = {}
    running: dict = {}  # future -> (index, inputs, started)
    failure = None

    def consider(i: int) -> None:
        """Use the cached result of notebook i, or start executing it."""
        source = sources[i]
        name, target = source.stem, Path(executed_dir) / source.name
        inputs = {"notebook": execution_cache.sha256_of_file(source), **common,
                  **execution_cache.input_hashes(release, deps[i].reads, tables_dir)}
        entry = manifest.get(name)
        reasons = execution_cache.stale_reasons(entry, inputs, target, execution_cache.output_hashes(deps[i].writes, tables_dir))
        if not reasons:
            log(f"{name}: inputs unchanged, using the previous execution")
            runs[i] = ChapterRun(name, target, entry["seconds"], "cached")
            return
        log(f"{name}: executing ({'; '.join(reasons)})")
        manifest.forget(name)
        future = pool.submit(execute_notebook, source, target, parameters=parameters,
                             progress_bar=jobs == 1, change_directory=False)
        running[future] = (i, inputs, time.perf_counter())

    # Every kernel starts in one folder, set once for the whole process: papermill's own
    # per-notebook chdir would let one thread's restore move another thread's kernel.
    kernel_dir = Path(cwd) if cwd else (sources[0].parent if sources else Path.cwd())
    previous_dir = Path.cwd()
    os.chdir(kernel_dir)
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            while len(runs) < len(sources):
                if failure is None:
                    started = {index for index, _, _ in running.values()}
                    for i in range(len(sources)):
                        # In reading order, so cached notebooks are settled before later ones are considered.
                        if i not in runs and i not in started and waits_for[i] <= set(runs) and len(running) < jobs:
                            consider(i)
                if not running:
                    if failure is not None:
                        break
                    continue
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: running[f][0]):
                    i, inputs, started_at = running.pop(future)
                    if future.exception() is not None:
                        failure = failure or future.exception()
                        continue
                    seconds = time.perf_counter() - started_at
                    target = future.result()
                    manifest.record(sources[i].stem, inputs, target,
                                    execution_cache.output_hashes(deps[i].writes, tables_dir), seconds)
                    runs[i] = ChapterRun(sources[i].stem, target, round(seconds, 2), "ok")
                if failure is not None and not running:
                    break
    finally:
        os.chdir(previous_dir)
    if failure is not None:
        raise failure
    return [runs[i] for i in range(len(sources))]

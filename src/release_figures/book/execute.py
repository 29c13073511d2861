"""Execute the book's chapters with papermill: the one way notebooks are run.

``make book``, ``make notebooks`` and ``python -m release_figures run`` all
come through :func:`execute_notebook`. Every table is built before any
chapter starts (:func:`release_figures.tables.build.build_tables`), and a
chapter only reads tables, so no chapter waits for another:
:func:`execute_chapters` runs every chapter whose inputs changed at the same
time, each in a process of its own (a :class:`~concurrent.futures.ProcessPoolExecutor`
around papermill). A process of its own is what makes this safe:
papermill changes the working folder of its process to start a kernel, and
the kernel inherits its process's environment; in separate processes
neither can touch another chapter's, so nothing here changes the caller's
folder or environment. A chapter whose inputs are unchanged is not run
(:mod:`release_figures.book.execution_cache`).

After execution, metadata that changes on every run (papermill's
timestamps and durations) is removed, and papermill's injected-parameters
cell gets a fixed id and the ``remove-cell`` tag, so re-executing an
unchanged notebook gives identical bytes and the book never shows the
parameters' paths.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import nbformat

from release_figures.book import execution_cache
from release_figures.book.files import MANIFEST_NAME

__all__ = [
    "NOTEBOOKS_DIR", "notebook_paths", "execute_notebook", "strip_volatile_metadata",
    "ChapterRun", "default_jobs", "warm_kernels", "execute_chapters", "execute_in_place",
]

NOTEBOOKS_DIR = Path(__file__).resolve().parents[3] / "notebooks"
INJECTED_CELL_ID = "injected-parameters"
# Kernel options: quiet the kernel's own log on stderr (the warning about TCP
# transport at start-up, a KeyboardInterrupt note at shut-down). A failing
# cell is still reported, through the notebook, by papermill.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
# Set in the executing process (kernels inherit it): silences a debugger warning in outputs.
QUIET_DEBUGGER = {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}


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
                     cwd: Path | None = None, kernel_server: str | None = None) -> Path:
    """Run ``source`` with papermill into ``target`` with the given parameters.

    The kernel starts in ``cwd`` (default: the notebook's own folder);
    relative paths in ``parameters`` are read from there. With
    ``kernel_server`` (a :class:`~release_figures.book.warm_kernels.KernelServer`'s
    address) the kernel is forked from that server, its imports done
    (:mod:`release_figures.book.warm_kernels`). papermill changes
    this process's folder while it starts the kernel: call this from a
    process of its own when chapters run side by side (:func:`execute_chapters`
    does). A failing cell raises papermill's PapermillExecutionError and
    leaves ``target`` as it was.
    """
    import papermill

    from release_figures.reading.output_folder import refuse_links

    target = Path(target)
    temporary = target.with_name(f".{target.name}.tmp.ipynb")
    # papermill and nbformat write to a path as they find it: a link there (or above) is refused first.
    refuse_links(target)
    refuse_links(temporary)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.environ.update(QUIET_DEBUGGER)
    warm = {}
    if kernel_server:
        from release_figures.book.warm_kernels import kernel_manager_class

        warm["kernel_manager_class"] = kernel_manager_class(kernel_server)
    try:
        papermill.execute_notebook(
            str(source), str(temporary), parameters=parameters, kernel_name="python3",
            cwd=str(cwd or Path(source).parent), progress_bar=progress_bar, log_output=False,
            extra_arguments=KERNEL_ARGUMENTS, **warm,
        )
        notebook = nbformat.read(temporary, as_version=4)
        strip_volatile_metadata(notebook)
        nbformat.write(notebook, temporary)
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()
    return target


def _execute_in_own_process(source: str, target: str, parameters: dict, cwd: str,
                            kernel_server: str | None = None) -> tuple[str, float]:
    """The pool's task: one chapter in a fresh process; returns (executed path, seconds)."""
    started = time.perf_counter()
    execute_notebook(Path(source), Path(target), parameters, progress_bar=False, cwd=Path(cwd),
                     kernel_server=kernel_server)
    return target, time.perf_counter() - started


@dataclass(frozen=True)
class ChapterRun:
    """One notebook of a build: where its result is, how long it took, whether it ran."""

    notebook: str
    executed: Path
    seconds: float
    status: str  # "ok" (executed now) or "cached" (inputs unchanged; previous result used)


def default_jobs() -> int:
    """How many chapters run at once: one per core available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # platforms without sched_getaffinity
        return max(1, os.cpu_count() or 1)


def warm_kernels(cwd: Path, notebooks: list[Path] | None = None):
    """A kernel server (not yet started) for chapters whose kernels start in ``cwd``.

    Its kernels get the environment this process's chapters would give them
    (this process's, with the debugger quieted): see
    :class:`release_figures.book.warm_kernels.KernelServer`.
    """
    from release_figures.book.warm_kernels import KernelServer

    return KernelServer(notebooks if notebooks is not None else notebook_paths(), cwd,
                        {**os.environ, **QUIET_DEBUGGER})


def execute_chapters(release, executed_dir: Path, tables_dir: Path, parameters: dict, cwd: Path,
                     notebooks: list[Path] | None = None, log=None, jobs: int | None = None,
                     task=_execute_in_own_process, kernels=None) -> list[ChapterRun]:
    """Execute, all at once, every chapter whose inputs changed since its last run here.

    ``release`` is the loaded release folder; the tables a chapter reads
    are in ``tables_dir`` (built before this is called); executed notebooks
    and the manifest live in ``executed_dir``. Up to ``jobs`` chapters
    execute at once (default: one per core), each in its own process, its
    kernel started in ``cwd``. Every chapter is tried; if any fails, the
    first failure (in reading order) is raised once all have finished, and
    the chapters that succeeded are recorded. ``task`` runs one chapter in
    the pool (tests pass a stand-in). ``kernels`` is a
    :class:`~release_figures.book.warm_kernels.KernelServer` for ``cwd``
    (:func:`warm_kernels`), started or not: when more than one chapter runs,
    their kernels are forked from it (it is started here if it was not);
    the caller stops it. Returns one ChapterRun per notebook, in reading order.
    """
    log = log or (lambda message: print(message, file=sys.stderr, flush=True))
    sources = list(notebooks if notebooks is not None else notebook_paths())
    manifest = execution_cache.Manifest(Path(executed_dir) / MANIFEST_NAME)
    common = execution_cache.common_inputs(parameters)
    runs: dict[int, ChapterRun] = {}
    pending: dict[int, dict] = {}
    for i, source in enumerate(sources):
        target = Path(executed_dir) / source.name
        inputs = execution_cache.chapter_inputs(source, release, tables_dir, common)
        entry = manifest.get(source.stem)
        reasons = execution_cache.stale_reasons(entry, inputs, target)
        if reasons:
            log(f"{source.stem}: executing ({'; '.join(reasons)})")
            manifest.forget(source.stem)
            pending[i] = inputs
        else:
            log(f"{source.stem}: inputs unchanged, using the previous execution")
            runs[i] = ChapterRun(source.stem, target, entry["seconds"], "cached")
    failures: dict[int, BaseException] = {}
    if kernels is not None and kernels.address is None and len(pending) > 1:
        kernels.start()  # one chapter alone gains nothing: the server's imports are the kernel's
    if pending and kernels is not None and kernels.address is not None:
        task = partial(task, kernel_server=kernels.address)
    if pending:
        # A fresh interpreter per worker ("spawn"): nothing of this process's state, threads
        # or folder is shared with a chapter.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(jobs or default_jobs(), len(pending)), mp_context=context) as pool:
            futures = {i: pool.submit(task, str(sources[i]), str(Path(executed_dir) / sources[i].name),
                                      parameters, str(cwd)) for i in pending}
            for i, future in futures.items():
                try:
                    target, seconds = future.result()
                except BaseException as error:  # noqa: BLE001 - re-raised below, after every chapter ends
                    failures[i] = error
                    continue
                manifest.record(sources[i].stem, pending[i], Path(target), seconds)
                runs[i] = ChapterRun(sources[i].stem, Path(target), round(seconds, 2), "ok")
    if failures:
        raise failures[min(failures)]
    return [runs[i] for i in range(len(sources))]


def execute_in_place(notebooks: list[Path], cwd: Path, jobs: int | None = None) -> None:
    """Re-execute notebooks in place, all at once, each in its own process (``make notebooks``).

    The tables they read must have been built first. The first failure, in
    reading order, is raised once every notebook has finished.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs or default_jobs(), len(notebooks) or 1), mp_context=context) as pool:
        futures = [pool.submit(_execute_in_own_process, str(path), str(path), {}, str(cwd)) for path in notebooks]
        errors = [future.exception() for future in futures]
    failures = [error for error in errors if error is not None]
    if failures:
        raise failures[0]

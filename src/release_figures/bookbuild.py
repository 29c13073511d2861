"""Stage and build the HTML book with Jupyter Book 1.x (Sphinx).

The book is built from a staging folder holding the pages of ``book/``,
the executed notebooks and the data files readers download. Notebooks are
executed before staging (see :mod:`release_figures.execute`), so Jupyter
Book itself executes nothing; warnings are errors (``-W -n --keep-going``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["REPO_ROOT", "BOOK_DIR", "stage_book", "build_html"]

REPO_ROOT = Path(__file__).resolve().parents[2]
BOOK_DIR = REPO_ROOT / "book"


def stage_book(executed_notebooks: list[Path], data_dir: Path, stage_dir: Path, book_dir: Path = BOOK_DIR) -> Path:
    """Copy pages, executed notebooks and data into ``stage_dir``; return it.

    Files are copied only when their bytes differ, so Sphinx's own
    incremental build sees unchanged sources as unchanged.
    """
    stage_dir.mkdir(parents=True, exist_ok=True)
    wanted: dict[Path, Path] = {}
    for path in sorted(book_dir.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            wanted[stage_dir / path.relative_to(book_dir)] = path
    for notebook in executed_notebooks:
        wanted[stage_dir / "notebooks" / notebook.name] = notebook
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and path.suffix in {".csv", ".json", ".yaml", ".txt"}:
            wanted[stage_dir / "data" / path.relative_to(data_dir)] = path
    for target, source in wanted.items():
        if not target.exists() or target.read_bytes() != source.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    for path in sorted(stage_dir.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted and "_build" not in path.parts:
            path.unlink()
    return stage_dir


def build_html(stage_dir: Path, output_root: Path) -> Path:
    """Run ``jupyter-book build`` on the staged book; HTML lands in output_root/_build/html."""
    command = [
        str(Path(sys.executable).with_name("jupyter-book")), "build", str(stage_dir),
        "--path-output", str(output_root), "-W", "-n", "--keep-going",
    ]
    result = subprocess.run(command, cwd=stage_dir)
    if result.returncode != 0:
        raise RuntimeError(f"jupyter-book build failed (exit {result.returncode}); see the log above")
    return output_root / "_build" / "html"


def build_release_book(release_dir: Path, output_root: Path, csv_dir: Path | None = None) -> Path:
    """Execute every notebook on a release folder and build its HTML book.

    Notebooks run with papermill into ``output_root/_build/executed``; their
    CSVs go to ``csv_dir`` (default: the release folder itself); the site is
    staged in ``output_root/_build/site-src`` and built into
    ``output_root/_build/html``, which is returned. The release's raw-file
    checksums are verified first, so a changed source stops the build
    before any notebook runs.
    """
    from .datapackage import write_datapackage
    from .execute import execute_notebook, notebook_paths
    from .release import REPO_DATA_DIR, load_release

    release_dir = Path(release_dir).resolve()
    output_root = Path(output_root).resolve()
    csv_dir = Path(csv_dir).resolve() if csv_dir else release_dir
    release = load_release(release_dir)
    release.verify_checksums()
    executed_dir = output_root / "_build" / "executed"
    parameters = {} if (release_dir == REPO_DATA_DIR and csv_dir == release_dir) else {
        "release_dir": str(release_dir), "output_dir": str(csv_dir)}
    executed = [execute_notebook(nb, executed_dir / nb.name, parameters=parameters) for nb in notebook_paths()]
    write_datapackage(release.record, csv_dir)
    stage = stage_book(executed, csv_dir, output_root / "_build" / "site-src")
    return build_html(stage, output_root)

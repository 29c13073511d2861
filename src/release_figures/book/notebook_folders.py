"""Resolve a notebook's parameters to a release folder and an output folder.

Notebooks take ``release_dir`` and ``output_dir`` as papermill parameters;
``None`` means the repository's own release folder (``data/``). Paths are
resolved here, not in notebooks, so a notebook's output never depends on
the directory it was started from.
"""

from __future__ import annotations

from pathlib import Path

from release_figures.reading.release_folder import REPO_DATA_DIR

__all__ = ["resolve_dirs"]


def resolve_dirs(release_dir: str | Path | None, output_dir: str | Path | None) -> tuple[Path, Path]:
    """Absolute (release folder, output folder); the output defaults to the release folder."""
    release = Path(release_dir).resolve() if release_dir else REPO_DATA_DIR
    output = Path(output_dir).resolve() if output_dir else release
    output.mkdir(parents=True, exist_ok=True)
    return release, output

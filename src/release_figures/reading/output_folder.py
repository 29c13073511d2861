"""The output folder: a folder that can be written, and writes that never follow a symbolic link.

A run writes only inside its output folder. A symbolic link already there
(``OUT/data/figures.csv -> /tmp/elsewhere.csv``, ``OUT/data -> elsewhere``,
a file of ``OUT/_build``) would carry a write to wherever it points, so:

* :func:`validate_output_folder` refuses, before anything runs, an output
  folder that is not a folder that can be written, or that holds a
  symbolic link where the run writes (``OUT/data``, ``OUT/_build`` and
  everything under them), naming the link and where it leads;
* :func:`refuse_links` is the one rule every write of the package applies
  to its target just before writing (the atomic writers of
  ``tables/atomic.py``, the book build's copies, stamps and staged pages,
  the data package, the executed notebooks): no component of the target's
  path may be a symbolic link. A link is refused by name, never replaced:
  it may be someone's on purpose, and removing it is theirs to decide.

The command line resolves the output folder it is given once (so a link
the user names as ``--out`` is taken as the folder it leads to); every
path the run writes is built below that resolved folder.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from release_figures.errors import ReleaseError

__all__ = ["OutputFolderError", "validate_output_folder", "refuse_links", "links_under", "WRITTEN_FOLDERS"]

# The folders under OUT that a run writes into (tables and copied inputs; the book's build).
WRITTEN_FOLDERS = ("data", "_build")


class OutputFolderError(ReleaseError):
    """The output folder given on the command line is not a folder that can be written, or a write would follow a link."""


def _link_problem(link: Path) -> str:
    try:
        target = os.readlink(link)
    except OSError:
        target = "?"
    return (f"{link}: a symbolic link (to {target}) where this run writes; expected no symbolic links in the "
            "output folder's data/ and _build/, so that nothing is written outside it (remove the link)")


def refuse_links(target: str | os.PathLike) -> Path:
    """``target`` as an absolute path, refused (OutputFolderError) if it or any folder above it is a symbolic link.

    Checked just before each write (the folders are then created without
    links, by the writer itself). Returns the absolute path.
    """
    path = Path(os.path.abspath(target))
    for part in (path, *path.parents):
        if part.is_symlink():
            raise OutputFolderError(_link_problem(part))
    return path


def links_under(folder: Path) -> list[Path]:
    """Every symbolic link at or under ``folder`` (links are listed, never followed), in walking order."""
    if folder.is_symlink():
        return [folder]
    found = []
    for parent, folders, files in os.walk(folder):
        for name in sorted(folders + files):
            if (Path(parent) / name).is_symlink():
                found.append(Path(parent) / name)
    return found


def validate_output_folder(out_dir: str | Path) -> Path:
    """The output folder, refused (OutputFolderError) unless it is, or can be made, a folder that can be written.

    An existing file, a path under a file, or a folder that cannot be
    written (tried by creating and removing a file in it) is refused
    before anything runs. A folder that does not exist yet is fine when
    its nearest existing parent is a writable folder. A symbolic link
    where the run writes (``OUT/data``, ``OUT/_build``, anything under them)
    is refused by name: a write would follow it out of the folder.
    """
    out = Path(out_dir)
    if out.is_symlink() and not out.exists():
        raise OutputFolderError(f"{out}: a symbolic link to nothing ({os.readlink(out)}); expected an output folder")
    if out.exists() and not out.is_dir():
        raise OutputFolderError(f"{out}: an existing file, not a folder; expected an output folder (new or existing)")
    existing = out
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if not existing.is_dir():
        raise OutputFolderError(f"{out}: {existing} is a file, so no folder can be made under it; "
                                "expected an output folder whose parent is a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputFolderError(f"{out}: {existing} cannot be written; expected a folder you may write into")
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as error:
        raise OutputFolderError(f"{out}: {existing} cannot be written ({error.strerror or error}); "
                                "expected a folder you may write into") from None
    links = [link for name in WRITTEN_FOLDERS if out.is_dir() and os.path.lexists(out / name)
             for link in links_under(out / name)]
    if len(links) == 1:
        raise OutputFolderError(_link_problem(links[0]))
    if links:
        error = OutputFolderError(f"{out}: {len(links)} symbolic links where this run writes:\n  - "
                                  + "\n  - ".join(_link_problem(link) for link in links))
        error.problems = [_link_problem(link) for link in links]
        raise error
    return out

"""Write output files atomically, so a failure never leaves a half-written table, and never through a link.

Each writer writes to a temporary file in the target's folder, flushes it
to disk, then renames it over the target: readers see the old file or the
new one, never a mix. A failure before the rename leaves the old file.

Before anything is written, the target's path is checked by
:func:`release_figures.reading.output_folder.refuse_links`: a symbolic link
at the target or at any folder above it is refused by name
(OutputFolderError), so no write lands outside the output folder. Every
file the package writes goes through these writers.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from release_figures.csv_form import csv_text  # the one CSV form; written here, read back by the pipeline
from release_figures.reading.output_folder import refuse_links

# A written file is readable by all, as a file written directly would be (a temporary file is private).
FILE_MODE = 0o644

__all__ = ["write_text_atomic", "write_texts_atomic", "write_bytes_atomic", "write_json_atomic",
           "csv_text"]


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8, LF line ends) to ``path`` by temp file and rename; a link on the path is refused."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` byte for byte by temp file and rename; a symbolic link on the path is refused
    (OutputFolderError)."""
    target = Path(path)
    refuse_links(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(handle, FILE_MODE)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, target)
    except BaseException:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
        raise
    return target


def write_texts_atomic(texts: dict) -> list[Path]:
    """Write several files as one step: every temp file first, then every rename.

    If writing any of them fails, none of the targets is touched and every
    temp file is removed, so a set of tables that belong together (a figures
    table and its token table) is never left half old, half new.
    """
    staged: list[tuple[str, Path]] = []
    for path in texts:
        refuse_links(path)  # every target first: a refusal writes nothing at all
    try:
        for path, text in texts.items():
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((temp_name, target))
            os.fchmod(handle, FILE_MODE)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
        for temp_name, target in staged:
            os.replace(temp_name, target)
    except BaseException:
        for temp_name, _ in staged:
            if os.path.exists(temp_name):
                os.unlink(temp_name)
        raise
    return [target for _, target in staged]




def write_json_atomic(path: str | os.PathLike, data) -> Path:
    """Write JSON with sorted keys and two-space indent, atomically."""
    return write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n")

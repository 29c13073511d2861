"""Write output files atomically, so a failure never leaves a half-written table.

Each writer writes to a temporary file in the target's folder, flushes it
to disk, then renames it over the target: readers see the old file or the
new one, never a mix. A failure before the rename leaves the old file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Iterable, Sequence

__all__ = ["write_text_atomic", "write_texts_atomic", "write_csv_atomic", "write_json_atomic", "csv_text"]


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8, LF line ends) to ``path`` by temp file and rename."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
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
    try:
        for path, text in texts.items():
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((temp_name, target))
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


def csv_text(columns: Sequence[str], rows: Iterable[dict]) -> str:
    """Render rows as CSV text: fixed column order, LF line ends, minimal quoting."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: "" if row.get(column) is None else row[column] for column in columns})
    return buffer.getvalue()


def write_csv_atomic(path: str | os.PathLike, columns: Sequence[str], rows: Iterable[dict]) -> Path:
    """Write rows to a CSV file atomically (see :func:`csv_text` for the format)."""
    return write_text_atomic(path, csv_text(columns, rows))


def write_json_atomic(path: str | os.PathLike, data) -> Path:
    """Write JSON with sorted keys and two-space indent, atomically."""
    return write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n")

"""The one form every table is written in: CSV text with a fixed column order, LF line ends, minimal quoting.

Used to write every table (:mod:`release_figures.tables.atomic`) and to
read rows back exactly as a reader of the CSV sees them
(:func:`release_figures.pipeline.run.figures_as_read`); it sits below both.
"""

from __future__ import annotations

import csv
import io
from typing import Iterable, Sequence

__all__ = ["csv_text"]


def csv_text(columns: Sequence[str], rows: Iterable[dict]) -> str:
    """Render rows as CSV text: fixed column order, LF line ends, minimal quoting (None is empty)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: "" if row.get(column) is None else row[column] for column in columns})
    return buffer.getvalue()

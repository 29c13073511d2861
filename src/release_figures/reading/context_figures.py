"""Load the context figures: official figures from other statements.

Each row's printed form (``stated``, e.g. ``37万余``) is read with the same
number reader as the release, and must give the row's ``value`` and
``qualifier``; a row that contradicts its own printed form is an error,
because every later comparison would inherit it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from release_figures.errors import ContextDataError
from release_figures.reading.limits import MAX_CSV_BYTES
from release_figures.reading.numbers import NumberFormatError, PrintedNumber, read_number
from release_figures.reading.schema import refuse
from release_figures.reading.text_files import read_text_file

__all__ = ["ContextFigure", "load_context", "load_release_context", "CONTEXT_COLUMNS"]

# The data dictionary's number (contracts/context-figures.yaml, column value): a plain decimal number,
# an optional leading minus; no thousands separators, exponent, plus sign or spaces.
PLAIN_NUMBER_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
CONTEXT_COLUMNS = (
    "context_id", "indicator", "period", "value", "unit", "stated", "qualifier",
    "source", "url", "published", "quote", "reliability", "note",
)


@dataclass(frozen=True)
class ContextFigure:
    """One context row, with its printed form read (``printed``)."""

    context_id: str
    indicator: str
    period: str
    value: Decimal
    unit: str
    stated: str
    qualifier: str
    source: str
    url: str
    published: str
    quote: str
    reliability: str
    note: str
    printed: PrintedNumber
    precision: Decimal
    precision_rule: str

    def as_printed(self) -> PrintedNumber:
        """The printed number with the rounding unit in force (the register may override the printed one)."""
        return PrintedNumber(stated=self.stated, value=self.value, precision=self.precision,
                             qualifier=self.qualifier, percent=self.unit == "percent",
                             points=self.unit == "percentage points")


def load_context(path: str | Path, precision_overrides: dict | None = None,
                 language: str = "en") -> dict[str, ContextFigure]:
    """Context figures by id, each checked against its own printed form.

    ``precision_overrides`` maps a context_id to ``(precision, reason)``
    (from the register's ``context_precision`` section) where the printed
    form's trailing zeros are not rounding, e.g. a casualty count of 3420.
    ``language`` is the release's reader language (full-width digits are read in ``"zh"``).
    """
    path = Path(path)
    overrides = dict(precision_overrides or {})
    figures: dict[str, ContextFigure] = {}
    first_lines: dict[str, int] = {}
    problems: list[str] = []
    for line, row in _rows(path):
        where = f"{path}, line {line} ({row['context_id']!r})"
        if row["context_id"] in first_lines:
            problems.append(f"{where}: duplicate context_id (first at line {first_lines[row['context_id']]}); "
                            "expected each id once")
            continue
        first_lines[row["context_id"]] = line
        try:
            figure = _figure(row, where, overrides, language)
        except ContextDataError as error:
            problems.append(str(error))
            continue
        figures[row["context_id"]] = figure
    refuse(ContextDataError, problems, path)
    if overrides:
        raise ContextDataError(f"{path}: precision overrides name unknown context_id(s): {', '.join(sorted(overrides))}")
    return figures


def load_release_context(release, register=None) -> dict[str, ContextFigure]:
    """A release folder's context figures with its register's precision overrides (empty if it has none).

    ``register`` is the release's loaded register, when the caller has it already.
    """
    from release_figures.reading.register import load_register

    paths = [path for path in release.context_paths if path.exists()]
    if not paths:
        return {}
    register = register or load_register(release.register_path)
    overrides = dict(register.context_precision)
    figures: dict[str, ContextFigure] = {}
    for path in paths:
        own_ids = _ids_in(path)
        loaded = load_context(path, {key: value for key, value in overrides.items() if key in own_ids},
                              release.language)
        clash = sorted(set(loaded) & set(figures))
        if clash:
            raise ContextDataError(f"{path}: context_id(s) {', '.join(clash)} already defined in another context file")
        figures.update(loaded)
    unknown = sorted(set(overrides) - set(figures))
    if unknown:
        raise ContextDataError(f"{release.register_path}: precision overrides name unknown context_id(s): {', '.join(unknown)}")
    missing = sorted(set(release.original_language_context) - set(figures))
    if missing:
        raise ContextDataError(f"{release.root / 'release.yaml'}: original_language_context names unknown "
                               f"context_id(s): {', '.join(missing)}")
    return figures


def _rows(path: Path):
    """``(line, row)`` for each row of a context file, its columns checked; the line is where the row starts.

    The file is read as text first (strict UTF-8, no control characters: see reading.text_files).
    """
    reader = csv.DictReader(io.StringIO(read_text_file(path, ContextDataError, MAX_CSV_BYTES), newline=""))
    if tuple(reader.fieldnames or ()) != CONTEXT_COLUMNS:
        raise ContextDataError(f"{path}, line 1: columns are {reader.fieldnames}, expected {list(CONTEXT_COLUMNS)}")
    line = reader.line_num + 1
    for row in reader:
        if None in row or None in row.values():
            raise ContextDataError(f"{path}, line {line}: {'more' if None in row else 'fewer'} cells than columns; "
                                   f"expected {len(CONTEXT_COLUMNS)} cells, one a column")
        yield line, row
        line = reader.line_num + 1


def _figure(row: dict, where: str, overrides: dict, language: str) -> ContextFigure:
    """One row checked against the data dictionary and its own printed form (ContextDataError if not)."""
    if not PLAIN_NUMBER_RE.fullmatch(row["value"]):
        raise ContextDataError(
            f"{where}: value: expected a plain decimal number (digits, an optional leading minus and decimal "
            f"point; no thousands separators, exponent or spaces), got {row['value']!r}")
    value = Decimal(row["value"])
    try:
        printed = read_number(row["stated"], language)
    except NumberFormatError as error:
        raise ContextDataError(f"{where}: stated: {error}") from None
    if printed.value != value:
        raise ContextDataError(f"{where}: stated {row['stated']!r} reads as {printed.value}, but value is {row['value']}")
    if printed.qualifier != row["qualifier"]:
        raise ContextDataError(
            f"{where}: stated {row['stated']!r} reads as {printed.qualifier}, but qualifier is {row['qualifier']!r}")
    if row["context_id"] in overrides:
        precision, reason = overrides.pop(row["context_id"])
        rule = f"override: {reason}"
    else:
        precision, rule = printed.precision, "printed"
    return ContextFigure(**{column: row[column] for column in CONTEXT_COLUMNS if column != "value"},
                         value=value, printed=printed, precision=precision, precision_rule=rule)


def _ids_in(path: Path) -> set[str]:
    """The context_id column of a context file."""
    return {row["context_id"] for _, row in _rows(path)}

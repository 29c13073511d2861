"""Load the context figures: official figures from other statements.

Every field of a row is checked against the contract that documents it
(``contracts/context-figures.yaml``) before anything is computed,
by a declarative schema (:class:`ContextRow`, pydantic): a period is a
calendar period in one of the forms the comparisons align (2022,
2022-01/2022-11, ...; "Jan-Nov 2022" or a month 13 is refused), the value
is a plain decimal number of at most limits.MAX_NUMBER_DIGITS digits, the
unit is one of the register's units, the qualifier and the reliability
grade are among the contract's values, the publication date is a date.
Each problem is one line naming the file, the row's line and id, and the
field.

Each row's printed form (``stated``, e.g. ``37万余``) is then read with the
same number reader as the release, and must give the row's ``value`` and
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

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Strict, ValidationInfo, field_validator

from release_figures.errors import ContextDataError
from release_figures.reading.limits import (
    MAX_CSV_BYTES, MAX_CSV_CELL_CHARS, MAX_NUMBER_DIGITS, MAX_QUOTED_PASSAGE_CHARS, shown,
)
from release_figures.reading.numbers import QUALIFIERS, NumberFormatError, PrintedNumber, read_number
from release_figures.reading.schema import STRICT, DateText, NonEmpty, Trimmed, period_problem, refuse, validate_entry
from release_figures.reading.text_files import read_text_file

__all__ = ["ContextFigure", "ContextRow", "load_context", "load_release_context", "CONTEXT_COLUMNS", "RELIABILITY"]

# The data dictionary's number (contracts/context-figures.yaml, column value): a plain decimal number,
# an optional leading minus; no thousands separators, exponent, plus sign or spaces.
PLAIN_NUMBER_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
CONTEXT_COLUMNS = (
    "context_id", "indicator", "period", "value", "unit", "stated", "qualifier",
    "source", "url", "published", "quote", "reliability", "note",
)
# The reliability grades of the contract (column reliability, constraints.enum); a test checks they agree,
# as it does for the qualifiers (numbers.QUALIFIERS).
RELIABILITY = ("A", "B")
URL_RE = re.compile(r"https?://[^\s]+")


def _plain_number(value: str) -> str:
    if not PLAIN_NUMBER_RE.fullmatch(value):
        raise ValueError("expected a plain decimal number (digits, an optional leading minus and decimal point; "
                         "no thousands separators, exponent or spaces)")
    digits = len(value) - value.startswith("-") - ("." in value)
    if digits > MAX_NUMBER_DIGITS:
        raise ValueError(f"expected a number of at most {MAX_NUMBER_DIGITS} digits (this one has {digits:,})")
    return value


def _calendar_period(value: str) -> str:
    problem = period_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _web_address(value: str) -> str:
    # The book links to it: an http(s) address, never a javascript: or file: one.
    if not URL_RE.fullmatch(value):
        raise ValueError("expected a web address beginning with http:// or https://")
    return value


class ContextRow(BaseModel):
    """One row of a context table, every field as its contract states (contracts/context-figures.yaml).

    The unit must be one of the units the validation context names
    (``units``: the register's, built-in and declared); without that
    context the unit is checked only as text.
    """

    model_config = STRICT
    context_id: Trimmed
    indicator: NonEmpty
    period: Annotated[str, Strict(), AfterValidator(_calendar_period)]
    value: Annotated[str, Strict(), AfterValidator(_plain_number)]
    unit: Trimmed
    stated: NonEmpty
    qualifier: Literal[QUALIFIERS]
    source: NonEmpty
    url: Annotated[str, Strict(), AfterValidator(_web_address)]
    published: DateText
    quote: NonEmpty
    reliability: Literal[RELIABILITY]
    note: str

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, unit: str, info: ValidationInfo) -> str:
        units = (info.context or {}).get("units")
        if units is not None and unit not in units:
            raise ValueError(f"expected one of: {', '.join(units)} (the register's units; a release may declare "
                             "more under vocabulary: units)")
        return unit


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
    # The source record (reading.sources.Source) and the correction of the row's own citation, when the
    # release folder has a sources table; None otherwise.
    cited: tuple | None = None

    @property
    def producer(self) -> str:
        """Who published the number: the original's producer when the sources table names it, else the row's source."""
        return self.cited[0].name if self.cited else self.source

    @property
    def statement(self) -> str:
        """Whose statement this is, for prose: producer and date ('Xinhua, 2023-05-30')."""
        from release_figures.words import date_words

        published = self.cited[0].published if self.cited else self.published
        return f"{self.producer}, {date_words(published)}" if published else self.producer

    def as_printed(self) -> PrintedNumber:
        """The printed number with the rounding unit in force (the register may override the printed one)."""
        return PrintedNumber(stated=self.stated, value=self.value, precision=self.precision,
                             qualifier=self.qualifier, percent=self.unit == "percent",
                             points=self.unit == "percentage points")


def load_context(path: str | Path, precision_overrides: dict | None = None,
                 language: str = "en", units: tuple[str, ...] | None = None) -> dict[str, ContextFigure]:
    """Context figures by id, each row checked against its contract (:class:`ContextRow`) and its own printed form.

    ``precision_overrides`` maps a context_id to ``(precision, reason)``
    (from the register's ``context_precision`` section) where the printed
    form's trailing zeros are not rounding, e.g. a casualty count of 3420.
    ``language`` is the release's reader language (full-width digits are read in ``"zh"``).
    ``units`` are the units a row may take (the register's); None when the
    register could not be read (the unit is then checked only as text).
    """
    path = Path(path)
    overrides = dict(precision_overrides or {})
    figures: dict[str, ContextFigure] = {}
    first_lines: dict[str, int] = {}
    problems: list[str] = []
    for line, row in _rows(path):
        where = f"{path}, line {line} ({shown(row['context_id'])})"
        found = validate_entry(ContextRow, row, where, {"units": units})[1]
        if found:
            problems += found
            continue
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
                              release.language, register.units)
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
    return _with_sources(release, figures)


def _with_sources(release, figures: dict[str, ContextFigure]) -> dict[str, ContextFigure]:
    """The context figures with their source records attached, when the release folder has a sources table."""
    import dataclasses

    from release_figures.reading.sources import load_context_sources, load_sources

    if release.sources_path is None or release.context_sources_path is None:
        return figures
    cited = load_context_sources(release.context_sources_path, load_sources(release.sources_path), set(figures))
    return {key: dataclasses.replace(figure, cited=cited[key]) for key, figure in figures.items()}


def _rows(path: Path) -> list[tuple[int, dict]]:
    """``(line, row)`` for each row of a context file, its columns checked; the line is where the row starts.

    The file is read as text first (strict UTF-8, no control characters: see reading.text_files).
    The csv module's cell limit is process-wide state (another library may raise it); it is set to
    limits.MAX_CSV_CELL_CHARS while the file is parsed, so a cell is refused alike in every process.
    """
    reader = csv.DictReader(io.StringIO(read_text_file(path, ContextDataError, MAX_CSV_BYTES), newline=""))
    rows, line = [], 1
    previous = csv.field_size_limit(MAX_CSV_CELL_CHARS)
    try:
        if tuple(reader.fieldnames or ()) != CONTEXT_COLUMNS:
            raise ContextDataError(f"{path}, line 1: columns are {shown(reader.fieldnames, MAX_QUOTED_PASSAGE_CHARS)}, "
                                   f"expected {list(CONTEXT_COLUMNS)}")
        line = reader.line_num + 1
        for row in reader:
            if None in row or None in row.values():
                raise ContextDataError(f"{path}, line {line}: {'more' if None in row else 'fewer'} cells than "
                                       f"columns; expected {len(CONTEXT_COLUMNS)} cells, one a column")
            rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as problem:
        # The csv module's syntax and cell limit: one line, not a traceback.
        raise ContextDataError(f"{path}, line {line}: not valid CSV ({problem}); expected one row a line, "
                               f"cells of at most {MAX_CSV_CELL_CHARS:,} characters") from None
    finally:
        csv.field_size_limit(previous)
    return rows


def _figure(row: dict, where: str, overrides: dict, language: str) -> ContextFigure:
    """One row, its fields checked already (:class:`ContextRow`), against its own printed form (ContextDataError)."""
    value = Decimal(row["value"])
    try:
        printed = read_number(row["stated"], language)
    except NumberFormatError as error:
        raise ContextDataError(f"{where}: stated: {error}") from None
    if printed.value != value:
        raise ContextDataError(f"{where}: stated {shown(row['stated'])} reads as {printed.value}, "
                               f"but value is {row['value']}")
    if printed.qualifier != row["qualifier"]:
        raise ContextDataError(f"{where}: stated {shown(row['stated'])} reads as {printed.qualifier}, "
                               f"but qualifier is {row['qualifier']!r}")
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

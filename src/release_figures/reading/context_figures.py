"""Load the context figures: official figures from other statements.

Each row's printed form (``stated``, e.g. ``37万余``) is read with the same
number reader as the release, and must give the row's ``value`` and
``qualifier``; a row that contradicts its own printed form is an error,
because every later comparison would inherit it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from release_figures.errors import ContextDataError
from release_figures.reading.numbers import NumberFormatError, PrintedNumber, read_number

__all__ = ["ContextFigure", "load_context", "load_release_context", "CONTEXT_COLUMNS"]

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
    with open(path, encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        if tuple(reader.fieldnames or ()) != CONTEXT_COLUMNS:
            raise ContextDataError(f"{path}: columns are {reader.fieldnames}, expected {list(CONTEXT_COLUMNS)}")
        figures: dict[str, ContextFigure] = {}
        for line, row in enumerate(reader, start=2):
            where = f"{path}, line {line} ({row['context_id']!r})"
            if row["context_id"] in figures:
                raise ContextDataError(f"{where}: duplicate context_id")
            try:
                value = Decimal(row["value"])
            except InvalidOperation:
                raise ContextDataError(f"{where}: value {row['value']!r} is not a number") from None
            try:
                printed = read_number(row["stated"], language)
            except NumberFormatError as error:
                raise ContextDataError(f"{where}: {error}") from None
            if printed.value != value:
                raise ContextDataError(
                    f"{where}: stated {row['stated']!r} reads as {printed.value}, but value is {row['value']}"
                )
            if printed.qualifier != row["qualifier"]:
                raise ContextDataError(
                    f"{where}: stated {row['stated']!r} reads as {printed.qualifier}, but qualifier is {row['qualifier']!r}"
                )
            if row["context_id"] in overrides:
                precision, reason = overrides.pop(row["context_id"])
                rule = f"override: {reason}"
            else:
                precision, rule = printed.precision, "printed"
            figures[row["context_id"]] = ContextFigure(
                **{column: row[column] for column in CONTEXT_COLUMNS if column != "value"},
                value=value, printed=printed, precision=precision, precision_rule=rule,
            )
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


def _ids_in(path: Path) -> set[str]:
    """The context_id column of a context file (empty if it has none)."""
    with open(path, encoding="utf-8", newline="") as stream:
        return {row.get("context_id", "") for row in csv.DictReader(stream)}

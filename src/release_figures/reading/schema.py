"""Declarative schemas (pydantic) for what people edit in a release folder, and their errors in words.

Each YAML file of a release folder (release.yaml, the register,
comparisons.yaml, checks.yaml) is described by pydantic models: fields
and their types, unknown fields forbidden, vocabularies as ``Literal``,
rules between fields as validators. :func:`validate_entry` checks one
entry and turns every problem pydantic finds into one line:

    FILE: ENTRY: FIELD: what was expected, got VALUE

so a reader sees every problem of an entry at once, each naming the
file, the entry (its id, else its number) and the field.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, Strict, TypeAdapter, ValidationError

from release_figures.errors import ReleaseError
from release_figures.reading.limits import MAX_QUOTE_CHARS, shown

__all__ = ["STRICT", "FORBID", "NonEmpty", "Trimmed", "Slug", "WholeAtLeastOne", "PeriodText", "PERIOD_FORMS",
           "DateText", "DATE_FORMS", "Quote", "period_problem", "date_problem", "validate_entry", "describe", "refuse",
           "problem_lines"]

# Every schema: unknown fields are errors, validated values cannot change afterwards.
STRICT = ConfigDict(extra="forbid", frozen=True)
FORBID = ConfigDict(extra="forbid")  # for pydantic dataclasses, whose decorator says frozen
# ASCII digits only (a bare \d would take any script's digits, which int() reads too).
PERIOD_RE = re.compile(
    r"[0-9]{4}|[0-9]{4}-[0-9]{2}|[0-9]{4}-[0-9]{2}/[0-9]{4}-[0-9]{2}"
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2}/[0-9]{4}-[0-9]{2}-[0-9]{2}"
)
PERIOD_FORMS = "YYYY, YYYY-MM, YYYY-MM/YYYY-MM or YYYY-MM-DD/YYYY-MM-DD"
DATE_RE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _non_empty(value: str) -> str:
    if not value.strip():
        raise ValueError("expected non-empty text")
    return value


def _trimmed(value: str) -> str:
    if value != value.strip():
        raise ValueError("expected no leading or trailing spaces")
    return value


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError("expected a lower-case slug like 'fraud-cases-cracked' (letters, digits, hyphens)")
    return value


def _calendar_problem(part: str) -> str | None:
    """Why ``part`` (YYYY, YYYY-MM or YYYY-MM-DD) is no calendar date, or None: a real month, a real day."""
    numbers = [int(piece) for piece in part.split("-")]
    if len(numbers) > 1 and not 1 <= numbers[1] <= 12:
        return f"month {numbers[1]:02d} of {part} is not a month (01 to 12)"
    if len(numbers) > 2 and not 1 <= numbers[2] <= calendar.monthrange(numbers[0], numbers[1])[1]:
        return f"day {numbers[2]:02d} of {part} is not a day of that month"
    if numbers[0] == 0:
        return f"year {part[:4]} is not a calendar year"
    return None


def period_problem(value: object) -> str | None:
    """Why ``value`` is not a calendar period, or None.

    Periods are YYYY, YYYY-MM, YYYY-MM/YYYY-MM or YYYY-MM-DD/YYYY-MM-DD,
    with real months and days (2022-13 and 2022-02-30 are refused) and a
    start no later than its end. Any other form ("Jan-Nov 2022") is
    refused: the year-on-year comparisons and the checks align periods by
    these forms, so a period in another one would change a verdict.
    """
    if not isinstance(value, str) or not PERIOD_RE.fullmatch(value):
        return f"expected a period {PERIOD_FORMS}"
    parts = value.split("/")
    for part in parts:
        problem = _calendar_problem(part)
        if problem:
            return f"expected a calendar period: {problem}"
    if len(parts) == 2 and parts[0] > parts[1]:
        return f"expected a period whose start comes no later than its end: {parts[0]} is after {parts[1]}"
    return None


def date_problem(value: object) -> str | None:
    """Why ``value`` is not a calendar date written YYYY, YYYY-MM or YYYY-MM-DD (real month and day), or None."""
    if not isinstance(value, str) or not DATE_RE.fullmatch(value):
        return f"expected a date {DATE_FORMS}"
    problem = _calendar_problem(value)
    return f"expected a calendar date: {problem}" if problem else None


def _period(value: str) -> str:
    problem = period_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _date(value: str) -> str:
    problem = date_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _year_as_text(value: object) -> object:
    # YAML reads an unquoted 2022 as a number; a period of one year is still the text "2022".
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _short(value: str) -> str:
    if len(value) > MAX_QUOTE_CHARS:
        raise ValueError(f"expected a short quote of at most {MAX_QUOTE_CHARS:,} characters "
                         f"(this one has {len(value):,})")
    return value


NonEmpty = Annotated[str, Strict(), AfterValidator(_non_empty)]
# A register quote: a short passage of the text (see limits.MAX_QUOTE_CHARS).
Quote = Annotated[str, Strict(), AfterValidator(_non_empty), AfterValidator(_short)]
Trimmed = Annotated[str, Strict(), AfterValidator(_non_empty), AfterValidator(_trimmed)]
Slug = Annotated[str, Strict(), AfterValidator(_slug)]
WholeAtLeastOne = Annotated[int, Strict(), Field(ge=1)]
PeriodText = Annotated[str, BeforeValidator(_year_as_text), Strict(), AfterValidator(_period)]
# A date where one is expected (release.yaml's published): text, since YAML 1.2 reads 2023-01-10 as text.
DateText = Annotated[str, BeforeValidator(_year_as_text), Strict(), AfterValidator(_date)]

# What each kind of pydantic error expected, in words.
_EXPECTED = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "bool_type": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping",
    "model_type": "expected a mapping of fields",
    "dataclass_type": "expected a mapping of fields",
    "model_attributes_type": "expected a mapping of fields",
    "decimal_parsing": "expected a number",
    "decimal_type": "expected a number",
}


def _field_name(location: tuple) -> str:
    name = ""
    for part in location:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


@lru_cache(maxsize=None)
def _adapter(schema) -> TypeAdapter:
    return TypeAdapter(schema)


def _allowed(schema) -> str:
    fields = getattr(schema, "__pydantic_fields__", {})
    return ", ".join(field.alias or name for name, field in fields.items())


def describe(error: dict, schema=None) -> str:
    """One pydantic error as ``field: what was expected, got VALUE`` (no field for a rule between fields)."""
    kind, field, context = error["type"], _field_name(error["loc"]), error.get("ctx") or {}
    if kind == "missing":
        return f"{field}: missing required field"
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        allowed = _allowed(schema) if schema is not None else ""
        return f"{field}: unknown field" + (f"; allowed: {allowed}" if allowed else "")
    if kind in ("value_error", "assertion_error"):
        expected = str(context.get("error", error["msg"]))
    elif kind == "literal_error":
        expected = f"expected one of {context['expected']}"
    elif kind in ("greater_than_equal", "greater_than"):
        bound = context.get("ge", context.get("gt"))
        expected = f"expected a whole number {'>=' if kind == 'greater_than_equal' else '>'} {bound}"
    elif kind in ("too_short", "string_too_short"):
        expected = f"expected at least {context.get('min_length')} " + ("items" if kind == "too_short" else "characters")
    else:
        expected = _EXPECTED.get(kind, error["msg"][:1].lower() + error["msg"][1:])
    if not field:
        return expected  # a rule between fields: its message names the fields
    return f"{field}: {expected}, got {shown(error['input'])}"


def validate_entry(schema, data: object, where: str, context: dict | None = None):
    """``(value, problems)``: ``data`` validated against ``schema`` (None and one line a problem if invalid)."""
    try:
        return _adapter(schema).validate_python(data, context=context), []
    except ValidationError as error:
        return None, [f"{where}: {describe(item, schema)}" for item in error.errors(include_url=False)]


def problem_lines(error: ReleaseError) -> list[str]:
    """The problems an error states, one a line (a combined error lists several)."""
    return list(getattr(error, "problems", None) or [str(error)])


def refuse(error: type[ReleaseError], problems: list[str], source: object) -> None:
    """Raise ``error`` stating ``problems`` (one line each; a count of them first when several); nothing if none."""
    if not problems:
        return
    if len(problems) == 1:
        raised = error(problems[0])
    else:
        raised = error(f"{len(problems)} problems in {source}:\n  - " + "\n  - ".join(problems))
    raised.problems = list(problems)
    raise raised

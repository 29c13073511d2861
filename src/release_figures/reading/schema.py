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

import re
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, Strict, TypeAdapter, ValidationError

from release_figures.errors import ReleaseError

__all__ = ["STRICT", "FORBID", "NonEmpty", "Trimmed", "Slug", "WholeAtLeastOne", "PeriodText", "PERIOD_FORMS",
           "validate_entry", "describe", "refuse", "problem_lines"]

# Every schema: unknown fields are errors, validated values cannot change afterwards.
STRICT = ConfigDict(extra="forbid", frozen=True)
FORBID = ConfigDict(extra="forbid")  # for pydantic dataclasses, whose decorator says frozen
PERIOD_RE = re.compile(
    r"^\d{4}$|^\d{4}-\d{2}$|^\d{4}-\d{2}/\d{4}-\d{2}$|^\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}$"
)
PERIOD_FORMS = "YYYY, YYYY-MM, YYYY-MM/YYYY-MM or YYYY-MM-DD/YYYY-MM-DD"
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


def _period(value: str) -> str:
    if not PERIOD_RE.match(value):
        raise ValueError(f"expected a period {PERIOD_FORMS}")
    return value


def _year_as_text(value: object) -> object:
    # YAML reads an unquoted 2022 as a number; a period of one year is still the text "2022".
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


NonEmpty = Annotated[str, Strict(), AfterValidator(_non_empty)]
Trimmed = Annotated[str, Strict(), AfterValidator(_non_empty), AfterValidator(_trimmed)]
Slug = Annotated[str, Strict(), AfterValidator(_slug)]
WholeAtLeastOne = Annotated[int, Strict(), Field(ge=1)]
PeriodText = Annotated[str, BeforeValidator(_year_as_text), Strict(), AfterValidator(_period)]

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
    return f"{field}: {expected}, got {error['input']!r}"


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

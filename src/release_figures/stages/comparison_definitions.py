"""Read and validate a release's comparison definitions (``comparisons.yaml``).

A comparison names its inputs by id (figure ids from the release's figures
table, context ids from its context-figures table), a type saying how they
are combined, and a comparable flag with its reason. Types and their fields:

``ratio``                 ``numerator``, ``denominator``: two change percentages;
                          how the ratio numerator/denominator changed.
``implied_vs_published``  ``change`` (a change percentage), ``published`` (the
                          value published for the other period) and optionally
                          ``current``: the previous value the change implies
                          against the published one, or, when the current
                          value is not printed, the current value implied by
                          the published previous one.
``change``                ``previous``, ``current``, optional ``measure``
                          (``percent``, the default, or ``difference``).
``series``                ``members``: two or more ids in period order; one row
                          a step.
``stock_flow``            ``stock_before``, ``flow``, ``stock_after``: does the
                          earlier stock plus the net increase give the later stock?
``not_comparable``        ``inputs``: ids that must not be compared, with the reason.

Every entry has ``id``, ``type``, ``family``, ``description``, ``comparable``
(true or false), ``comparable_reason`` and optionally ``explanation``.
Validation is strict: each type's fields are a pydantic schema (one class
a type, below), and an unknown or missing field, an unknown id, a type
mismatch or a comparable flag that contradicts the periods is one line of
the ComparisonError raised, naming the file, the entry and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, get_origin

from pydantic import AfterValidator, BaseModel, Field, Strict

from release_figures.errors import ReleaseError
from release_figures.reading.schema import STRICT, NonEmpty, refuse, validate_entry
from release_figures.reading.strict_yaml import load_yaml

__all__ = ["ComparisonError", "Comparison", "TYPE_FIELDS", "load_comparisons", "parse_comparisons",
           "periods_align", "shift_period"]

MEASURES = ("percent", "difference")
ID_PATTERN = re.compile(r"[a-z0-9]+([-_][a-z0-9]+)*")
PERIOD_PATTERN = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?")


def _comparison_id(value: str) -> str:
    if not ID_PATTERN.fullmatch(value):
        raise ValueError("expected a lower-case slug (letters, digits, hyphens or underscores)")
    return value


Id = NonEmpty
Ids = Annotated[list[NonEmpty], Field(min_length=1)]


class ComparisonEntry(BaseModel):
    """The fields every comparison has; each type adds its own (subclasses below, one a type)."""

    model_config = STRICT
    id: Annotated[str, Strict(), AfterValidator(_comparison_id)]
    type: str
    family: NonEmpty
    description: NonEmpty
    comparable: Annotated[bool, Strict()]
    comparable_reason: NonEmpty
    explanation: NonEmpty | None = None


class RatioComparison(ComparisonEntry):
    type: Literal["ratio"]
    numerator: Id
    denominator: Id


class ImpliedVsPublished(ComparisonEntry):
    type: Literal["implied_vs_published"]
    change: Id
    published: Id
    current: Id | None = None


class ChangeComparison(ComparisonEntry):
    type: Literal["change"]
    previous: Id
    current: Id
    measure: Literal[MEASURES] | None = None


class SeriesComparison(ComparisonEntry):
    type: Literal["series"]
    members: Ids


class StockFlowComparison(ComparisonEntry):
    type: Literal["stock_flow"]
    stock_before: Id
    flow: Id
    stock_after: Id


class NotComparable(ComparisonEntry):
    type: Literal["not_comparable"]
    inputs: Ids


SCHEMAS: dict[str, type[ComparisonEntry]] = {
    schema.model_fields["type"].annotation.__args__[0]: schema
    for schema in (RatioComparison, ImpliedVsPublished, ChangeComparison, SeriesComparison, StockFlowComparison,
                   NotComparable)
}
# Per type, from its schema: field -> (kind, required). Kinds: "id" one input id, "ids" a list of ids, "measure".
TYPE_FIELDS: dict[str, dict[str, tuple[str, bool]]] = {
    kind: {name: ("measure" if name == "measure" else "ids" if get_origin(info.annotation) is list else "id", info.is_required())
           for name, info in schema.model_fields.items() if name not in ComparisonEntry.model_fields}
    for kind, schema in SCHEMAS.items()
}


class ComparisonError(ReleaseError):
    """A comparisons.yaml entry is malformed or contradicts its inputs."""


@dataclass(frozen=True)
class Comparison:
    """One validated comparison definition."""

    id: str
    type: str
    family: str
    description: str
    comparable: bool
    comparable_reason: str
    explanation: str
    fields: dict = field(default_factory=dict)

    def input_ids(self) -> list[str]:
        """Every input id, in the order of the type's fields."""
        ids: list[str] = []
        for name, (kind, _) in TYPE_FIELDS[self.type].items():
            value = self.fields.get(name)
            if value is None or kind == "measure":
                continue
            ids.extend(value if kind == "ids" else [value])
        return ids


def shift_period(period: str, years: int) -> str:
    """The same months ``years`` years later (earlier if negative): 2022-01/2022-11, -1 -> 2021-01/2021-11."""
    if not PERIOD_PATTERN.fullmatch(period):
        raise ComparisonError(f"period {period!r} is not YYYY, YYYY-MM, YYYY-MM-DD or a range of these")
    shifted = re.sub(r"\d{4}", lambda m: f"{int(m.group()) + years:04d}", period)
    return shifted.replace("-02-29", "-02-28")


def periods_align(earlier: str, later: str) -> bool:
    """True when two periods cover the same months in different years (like with like)."""
    years_earlier = [int(y) for y in re.findall(r"\d{4}", earlier)]
    years_later = [int(y) for y in re.findall(r"\d{4}", later)]
    if not years_earlier or len(years_earlier) != len(years_later):
        return False
    offset = years_later[0] - years_earlier[0]
    return offset != 0 and shift_period(earlier, offset) == later


def _where(path: str, index: int, entry: object) -> str:
    name = entry.get("id") if isinstance(entry, dict) else None
    return f"{path}: comparison {name!r} (entry {index})" if name else f"{path}: entry {index}"


def parse_comparisons(data: object, source: str, inputs: dict[str, dict]) -> list[Comparison]:
    """Validate parsed YAML ``data`` against the known ``inputs``.

    ``inputs`` maps each known id to a dict with at least ``unit``,
    ``period`` and ``kind`` (``change_pct`` for change percentages).
    Every entry is checked; one :class:`ComparisonError` lists every
    problem, one line each, naming ``source``, the entry and the field.
    """
    if not isinstance(data, dict) or set(data) != {"comparisons"} or not isinstance(data["comparisons"], list):
        raise ComparisonError(f"{source}: expected a mapping with one key, 'comparisons', holding a list")
    comparisons: list[Comparison] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(data["comparisons"], start=1):
        where = _where(source, index, entry)
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping, got {type(entry).__name__}")
            continue
        if isinstance(entry.get("id"), str):
            if entry["id"] in seen:
                problems.append(f"{where}: duplicate id (also entry {seen[entry['id']]})")
            seen.setdefault(entry["id"], index)
        comparison, found = _parse_entry(entry, where, inputs)
        problems += found
        if comparison is not None:
            comparisons.append(comparison)
    refuse(ComparisonError, problems, source)
    return comparisons


def _parse_entry(entry: dict, where: str, inputs: dict[str, dict]) -> tuple[Comparison | None, list[str]]:
    """The entry as a Comparison (None if it has problems) and its problems, one line each."""
    schema = SCHEMAS.get(entry.get("type"))
    if schema is None:
        got = f"got {entry['type']!r}" if "type" in entry else "the field is missing"
        return None, [f"{where}: type: expected one of {', '.join(sorted(SCHEMAS))}, {got}"]
    checked, problems = validate_entry(schema, entry, where)
    if checked is None:
        return None, problems
    fields = {name: getattr(checked, name) for name in TYPE_FIELDS[checked.type] if name in entry}
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [] if name == "measure" else [value]:
            if item not in inputs:
                problems.append(f"{where}: {name}: expected a figure_id of the figures table or a context_id "
                                f"of the context figures, got {item!r}")
    if problems:
        return None, problems
    comparison = Comparison(
        id=checked.id, type=checked.type, family=" ".join(checked.family.split()),
        description=" ".join(checked.description.split()), comparable=checked.comparable,
        comparable_reason=" ".join(checked.comparable_reason.split()),
        explanation=" ".join((checked.explanation or "").split()), fields=fields,
    )
    try:
        _check_semantics(comparison, where, inputs)
    except ComparisonError as error:
        return None, [str(error)]
    return comparison, []


def _check_semantics(c: Comparison, where: str, inputs: dict[str, dict]) -> None:
    """Type-specific checks: units, change percentages, periods of comparable rows."""
    f = c.fields
    is_change = {i: inputs[i]["kind"] == "change_pct" for i in c.input_ids()}
    if c.type == "not_comparable":
        if c.comparable:
            raise ComparisonError(f"{where}: a not_comparable entry must have comparable: false")
        return
    if c.type == "ratio":
        for name in ("numerator", "denominator"):
            if not is_change[f[name]]:
                raise ComparisonError(f"{where}: {name} {f[name]!r} is not a change percentage")
        return
    if c.type == "implied_vs_published":
        if not is_change[f["change"]]:
            raise ComparisonError(f"{where}: change {f['change']!r} is not a change percentage")
        for name in ("published", "current"):
            if name in f and is_change[f[name]]:
                raise ComparisonError(f"{where}: {name} {f[name]!r} is a change percentage, expected a level")
        if "current" in f and inputs[f["current"]]["unit"] != inputs[f["published"]]["unit"]:
            raise ComparisonError(f"{where}: current and published are in different units "
                                  f"({inputs[f['current']]['unit']} and {inputs[f['published']]['unit']})")
        # The change is of a level (its refers_to, when that is an id): the published level must be in its unit.
        subject = inputs[f["change"]].get("refers_to")
        if subject in inputs and inputs[subject]["unit"] != inputs[f["published"]]["unit"]:
            raise ComparisonError(f"{where}: the change {f['change']!r} is of {subject!r} in "
                                  f"{inputs[subject]['unit']}, but published {f['published']!r} is in "
                                  f"{inputs[f['published']]['unit']}; expected one unit")
        change_period, published_period = inputs[f["change"]]["period"], inputs[f["published"]]["period"]
        if c.comparable and shift_period(change_period, -1) != published_period:
            raise ComparisonError(
                f"{where}: comparable is true, but the published period {published_period} is not "
                f"the year before the change's period {change_period}"
            )
        return
    if c.type in ("change", "series") and not c.comparable:
        raise ComparisonError(f"{where}: a {c.type} with comparable: false would compute a misleading "
                              "change; use type not_comparable with the reason")
    ids = c.input_ids()
    units = {inputs[i]["unit"] for i in ids}
    if len(units) != 1:
        listed = ", ".join(f"{i!r} in {inputs[i]['unit']}" for i in ids)
        raise ComparisonError(f"{where}: inputs are in different units ({' and '.join(sorted(units))}: {listed}); "
                              "expected one unit")
    for i in ids:
        if is_change[i]:
            raise ComparisonError(f"{where}: input {i!r} is a change percentage; type {c.type!r} needs levels")
    if c.type == "series" and len(ids) < 2:
        raise ComparisonError(f"{where}: a series needs at least two members")
    if c.comparable and c.type in ("change", "series"):
        for earlier, later in zip(ids, ids[1:]):
            p1, p2 = inputs[earlier]["period"], inputs[later]["period"]
            if not periods_align(p1, p2) or p1 >= p2:
                raise ComparisonError(
                    f"{where}: comparable is true, but {earlier!r} ({p1}) and {later!r} ({p2}) do not "
                    "cover the same months of different years, in order"
                )
            # Where the text leaves a period open, a change is comparable only under every reading.
            for key in (earlier, later):
                for reading in inputs[key].get("periods", ())[1:]:
                    q1, q2 = (reading, p2) if key == earlier else (p1, reading)
                    if not periods_align(q1, q2) or q1 >= q2:
                        raise ComparisonError(
                            f"{where}: comparable is true, but the text also allows the period {reading} for "
                            f"{key!r}, under which {earlier!r} ({q1}) and {later!r} ({q2}) do not cover the same "
                            "months; use type not_comparable with the reason")


def load_comparisons(path: str | Path, inputs: dict[str, dict]) -> list[Comparison]:
    """Read and validate ``comparisons.yaml`` strictly (see the module docstring)."""
    path = Path(path)
    return parse_comparisons(load_yaml(path, ComparisonError), str(path), inputs)

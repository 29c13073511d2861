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
Validation is strict: an unknown or missing field, an unknown id, a type
mismatch or a comparable flag that contradicts the periods is an error
naming the file and the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from release_figures.errors import ReleaseError

__all__ = ["ComparisonError", "Comparison", "TYPE_FIELDS", "load_comparisons", "parse_comparisons",
           "periods_align", "shift_period"]

COMMON_REQUIRED = ("id", "type", "family", "description", "comparable", "comparable_reason")
COMMON_OPTIONAL = ("explanation",)
# Per type: field -> (kind, required). Kinds: "id" one input id, "ids" a list of ids, "measure".
TYPE_FIELDS: dict[str, dict[str, tuple[str, bool]]] = {
    "ratio": {"numerator": ("id", True), "denominator": ("id", True)},
    "implied_vs_published": {"change": ("id", True), "published": ("id", True), "current": ("id", False)},
    "change": {"previous": ("id", True), "current": ("id", True), "measure": ("measure", False)},
    "series": {"members": ("ids", True)},
    "stock_flow": {"stock_before": ("id", True), "flow": ("id", True), "stock_after": ("id", True)},
    "not_comparable": {"inputs": ("ids", True)},
}
MEASURES = ("percent", "difference")
ID_PATTERN = re.compile(r"[a-z0-9]+([-_][a-z0-9]+)*")
PERIOD_PATTERN = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?")


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
    Raises :class:`ComparisonError` naming ``source`` and the entry.
    """
    if not isinstance(data, dict) or set(data) != {"comparisons"} or not isinstance(data["comparisons"], list):
        raise ComparisonError(f"{source}: expected a mapping with one key, 'comparisons', holding a list")
    comparisons: list[Comparison] = []
    seen: set[str] = set()
    for index, entry in enumerate(data["comparisons"], start=1):
        where = _where(source, index, entry)
        if not isinstance(entry, dict):
            raise ComparisonError(f"{where}: expected a mapping, got {type(entry).__name__}")
        comparison = _parse_entry(entry, where, inputs)
        if comparison.id in seen:
            raise ComparisonError(f"{where}: duplicate id")
        seen.add(comparison.id)
        comparisons.append(comparison)
    return comparisons


def _parse_entry(entry: dict, where: str, inputs: dict[str, dict]) -> Comparison:
    for name in COMMON_REQUIRED:
        if name not in entry:
            raise ComparisonError(f"{where}: missing field {name!r}")
    kind = entry["type"]
    if kind not in TYPE_FIELDS:
        raise ComparisonError(f"{where}: unknown type {kind!r}; expected one of {sorted(TYPE_FIELDS)}")
    allowed = set(COMMON_REQUIRED) | set(COMMON_OPTIONAL) | set(TYPE_FIELDS[kind])
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise ComparisonError(f"{where}: unknown field(s) {unknown} for type {kind!r}; allowed: {sorted(allowed)}")
    if not isinstance(entry["id"], str) or not ID_PATTERN.fullmatch(entry["id"]):
        raise ComparisonError(f"{where}: id must be a lower-case slug, got {entry['id']!r}")
    for name in ("family", "description", "comparable_reason") + COMMON_OPTIONAL:
        if name in entry and (not isinstance(entry[name], str) or not entry[name].strip()):
            raise ComparisonError(f"{where}: {name!r} must be non-empty text")
    if not isinstance(entry["comparable"], bool):
        raise ComparisonError(f"{where}: 'comparable' must be true or false, got {entry['comparable']!r}")
    fields = {}
    for name, (field_kind, required) in TYPE_FIELDS[kind].items():
        if name not in entry:
            if required:
                raise ComparisonError(f"{where}: missing field {name!r} (type {kind!r})")
            continue
        fields[name] = _check_field(entry[name], field_kind, f"{where}, field {name!r}", inputs)
    comparison = Comparison(
        id=entry["id"], type=kind, family=" ".join(entry["family"].split()),
        description=" ".join(entry["description"].split()), comparable=entry["comparable"],
        comparable_reason=" ".join(entry["comparable_reason"].split()),
        explanation=" ".join(entry.get("explanation", "").split()), fields=fields,
    )
    _check_semantics(comparison, where, inputs)
    return comparison


def _check_field(value: object, kind: str, where: str, inputs: dict[str, dict]) -> object:
    if kind == "measure":
        if value not in MEASURES:
            raise ComparisonError(f"{where}: expected one of {list(MEASURES)}, got {value!r}")
        return value
    values = value if kind == "ids" else [value]
    if kind == "ids" and (not isinstance(value, list) or not value):
        raise ComparisonError(f"{where}: expected a non-empty list of ids, got {value!r}")
    for item in values:
        if not isinstance(item, str):
            raise ComparisonError(f"{where}: expected an id, got {item!r}")
        if item not in inputs:
            raise ComparisonError(f"{where}: unknown id {item!r}; not a figure_id of the figures table "
                                  "nor a context_id of the context figures")
    return list(values) if kind == "ids" else value


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
            raise ComparisonError(f"{where}: current and published are in different units")
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
        raise ComparisonError(f"{where}: inputs are in different units ({', '.join(sorted(units))})")
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
    """Read and validate ``comparisons.yaml`` (see the module docstring)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ComparisonError(f"{path}: not valid YAML: {error}") from None
    return parse_comparisons(data, str(path), inputs)

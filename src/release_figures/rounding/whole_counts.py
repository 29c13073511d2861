"""Which units count discrete things, and the whole-number reading of a count.

A count (cases, persons, gangs, ...) is a whole number. The true value
behind a printed count is therefore a whole number inside the printed
number's rounding interval, and a previous value implied by a count and a
change is a whole number too. The year-on-year table
(:mod:`release_figures.stages.changes`) and the consistency checks
(:mod:`release_figures.stages.checks.inputs`, :mod:`release_figures.stages.checks.engine`,
:mod:`release_figures.stages.checks.text`) both read the list and the functions
here, so one quantity gets one interval in ``changes.csv`` and
``checks.csv``. Percentages, percentage points, tons and yuan stay
continuous. A release may declare more units with their kind (count,
amount, duration, share) in its register; counts and durations are whole.

Example: 391,000 cases with a change of +5.7% (half-up). The count is cut
to the whole numbers 390500..391499 first; 390500 / 1.0575 = 369267.13 and
391499 / 1.0565 = 370562.2, so the previous count is one of 369268..370562.
"""

from __future__ import annotations

from collections.abc import Mapping

from release_figures.rounding.intervals import Interval, implied_previous

__all__ = ["UNIT_KINDS", "BUILTIN_UNIT_KINDS", "WHOLE_KINDS", "COUNT_UNITS", "CONTINUOUS_UNITS", "is_count",
           "whole_if_count", "implied_previous_value", "declare_units", "declared_units"]

# What sort of quantity a unit measures. Counts and durations (years, months,
# days) are whole numbers; amounts (tons, yuan) and shares (percent,
# percentage points) are continuous.
UNIT_KINDS = ("count", "amount", "duration", "share")
WHOLE_KINDS = ("count", "duration")
BUILTIN_UNIT_KINDS = {
    **{unit: "count" for unit in (
        "cases", "persons", "person-times", "gangs", "vehicles", "items", "centres", "places", "police stations",
        "train trips", "collectives", "units", "provinces", "measures", "indicators")},
    **{unit: "duration" for unit in ("years", "months", "days")},
    **{unit: "amount" for unit in ("tons", "yuan")},
    **{unit: "share" for unit in ("percent", "percentage points")},
}
# Units that count discrete things: every true value is a whole number.
COUNT_UNITS = frozenset(unit for unit, kind in BUILTIN_UNIT_KINDS.items() if kind in WHOLE_KINDS)
# Units whose true values may be any number (kept as continuous intervals).
CONTINUOUS_UNITS = frozenset(unit for unit, kind in BUILTIN_UNIT_KINDS.items() if kind not in WHOLE_KINDS)

# Units a release's register declares beyond the built-in ones (``vocabulary:
# units:``), with their kind. A register records them here when it is
# loaded, and every stage loads the register before it reads a figure, so
# one process knows each declared unit's kind. A unit declared twice with
# different kinds is an error (release.register.RegisterError, raised by the loader).
_DECLARED: dict[str, tuple[str, str]] = {}


def declare_units(units: Mapping[str, str], source: str) -> None:
    """Record the kinds of units a register declares; ValueError if one was declared with another kind."""
    for unit, kind in units.items():
        known = _DECLARED.get(unit)
        if known and known[0] != kind:
            raise ValueError(f"unit {unit!r} is declared as {kind!r} in {source} but as {known[0]!r} in {known[1]}")
        _DECLARED.setdefault(unit, (kind, source))


def declared_units() -> dict[str, str]:
    """The declared units known to this process, with their kinds."""
    return {unit: kind for unit, (kind, _) in _DECLARED.items()}


def is_count(unit: str) -> bool:
    """Whether a unit counts discrete things (its true values are whole numbers): a count or a duration."""
    if unit in BUILTIN_UNIT_KINDS:
        return unit in COUNT_UNITS
    return unit in _DECLARED and _DECLARED[unit][0] in WHOLE_KINDS


def whole_if_count(interval: Interval, unit: str) -> Interval:
    """The whole numbers of ``interval`` (a closed interval, maybe empty) for a count; else the interval itself."""
    return interval.integers() if is_count(unit) else interval


def implied_previous_value(current: Interval, change_pct: Interval, unit: str) -> Interval:
    """The previous values that fit a current value in ``unit`` and a change in percent.

    previous = current / (1 + change/100). For a count, the current value is
    first cut to its whole numbers and only whole previous values are kept;
    for any other unit the interval is continuous. Both the year-on-year
    table and the consistency checks call this function.
    """
    return implied_previous(whole_if_count(current, unit), change_pct, integer=is_count(unit))

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

from release_figures.rounding.intervals import Interval, implied_previous
# The list of units and their kinds sits below the readers (the register declares more): re-exported here.
from release_figures.units import (BUILTIN_UNIT_KINDS, CONTINUOUS_UNITS, COUNT_UNITS, UNIT_KINDS,  # noqa: F401
                                   WHOLE_KINDS, declare_units, declared_units, is_count)

__all__ = ["UNIT_KINDS", "BUILTIN_UNIT_KINDS", "WHOLE_KINDS", "COUNT_UNITS", "CONTINUOUS_UNITS", "is_count",
           "whole_if_count", "implied_previous_value", "declare_units", "declared_units"]

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

"""Which units count discrete things, and the whole-number reading of a count.

A count (cases, persons, gangs, ...) is a whole number. The true value
behind a printed count is therefore a whole number inside the printed
number's rounding interval, and a previous value implied by a count and a
change is a whole number too. The year-on-year table
(:mod:`release_figures.changes`) and the consistency checks
(:mod:`release_figures.checkinputs`, :mod:`release_figures.checks`,
:mod:`release_figures.textchecks`) both read the list and the functions
here, so one quantity gets one interval in ``changes.csv`` and
``checks.csv``. Percentages, tons and yuan stay continuous.

Example: 391,000 cases with a change of +5.7% (half-up). The count is cut
to the whole numbers 390500..391499 first; 390500 / 1.0575 = 369267.13 and
391499 / 1.0565 = 370562.2, so the previous count is one of 369268..370562.
"""

from __future__ import annotations

from .intervals import Interval, implied_previous

__all__ = ["COUNT_UNITS", "CONTINUOUS_UNITS", "is_count", "whole_if_count", "implied_previous_value"]

# Units that count discrete things: every true value is a whole number.
COUNT_UNITS = frozenset({
    "cases", "persons", "person-times", "gangs", "vehicles", "items", "centres", "places", "police stations",
    "train trips", "collectives", "units", "provinces", "measures", "years", "indicators",
})
# Units whose true values may be any number (kept as continuous intervals).
CONTINUOUS_UNITS = frozenset({"percent", "tons", "yuan"})


def is_count(unit: str) -> bool:
    """Whether a unit counts discrete things (its true values are whole numbers)."""
    return unit in COUNT_UNITS


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

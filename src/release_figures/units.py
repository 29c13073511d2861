"""Units and their kinds: which units count discrete things (whole numbers) and which are continuous.

Below every stage and reader: the register (which may declare more units)
and the rounding of counts (:mod:`release_figures.rounding.whole_counts`)
both read the one list here.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["UNIT_KINDS", "BUILTIN_UNIT_KINDS", "WHOLE_KINDS", "COUNT_UNITS", "CONTINUOUS_UNITS", "is_count",
           "declare_units", "declared_units"]

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

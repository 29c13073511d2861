"""Intervals of true values behind rounded printed numbers.

A printed figure stands for every true value that would have been printed
the same way. :func:`interval_of` turns a :class:`PrintedNumber` into that
set, an :class:`Interval`; intervals then add, subtract, multiply and divide
exactly (:class:`fractions.Fraction` throughout, never a float). Year-on-year helpers answer
questions such as "which previous counts fit this count and this change?".

Rules (quoted on the book's methods page). A printed number has a value v
and a rounding unit p, both in printed units ("5.7%" gives v = 5.7, p = 0.1).

* "exact" figures stand for the true values that round to v under a tie rule.
  ``half_up`` rounds halves away from zero (Decimal's ROUND_HALF_UP): v > 0
  gives [v - p/2, v + p/2), v < 0 gives (v - p/2, v + p/2], and v = 0 gives
  (-p/2, p/2), since both halves round away from 0. ``half_even`` (banker's
  rounding) sends a half to the even neighbour: [v - p/2, v + p/2] when v/p
  is even, (v - p/2, v + p/2) when v/p is odd. v must be a multiple of p.
* "about" figures are read like exact ones. That interval is a floor, not a
  ceiling, on the uncertainty: the true value may lie further away.
* "more than" figures (more than, over, 余, 多) have two readings. The default,
  ``more_than="bounded"``, takes the figure as the true value truncated to its
  rounding unit, as 余/多 say a remainder was dropped: (v, v + p). The
  reading ``more_than="one_sided"`` keeps only the lower bound: (v, +inf).
  Both are open at v: "more than 4,250" excludes 4,250 itself. Neither
  depends on the tie rule.
* An operation on intervals gives the set of results of all points taken
  from the operands. An end of the result is closed iff some pair of points
  attains it: a corner whose two endpoints are both closed (if several
  corners attain it, closed if any does), or, for a product equal to 0, a
  closed endpoint equal to 0 (0 times any point of the other operand).
  Unbounded ends follow 0 x inf = 0. Dividing by an interval that contains
  0, or has 0 as an endpoint, raises IntervalError.
* Changes are in percent (5.7 means +5.7%): growth factor 1 + change/100,
  previous = current / factor, ratio change (1 + a/100)/(1 + b/100) - 1, in
  percent. Each operand enters these formulas once, so the results are the
  exact sets, not widened ones. :func:`under_both_rules` computes a result
  under each tie rule, to say which rule (if any) it needs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, Inexact, localcontext
from fractions import Fraction
from typing import Any, Callable

from release_figures.reading.numbers import PrintedNumber
from release_figures.rounding.tie_rules import TIE_RULES

__all__ = ["TIE_RULES", "MORE_THAN_READINGS", "DEFAULT_DIGITS", "IntervalError", "Interval",
           "interval_of", "growth_factor", "implied_previous", "implied_index", "change_between",
           "ratio_change", "TieRuleResult", "under_both_rules"]

MORE_THAN_READINGS = ("bounded", "one_sided")
DEFAULT_DIGITS = 10  # significant digits for numbers without a finite decimal


class IntervalError(ValueError):
    """An interval operation or reading that has no meaningful result."""


def _frac(x: Any) -> Fraction:
    """An exact Fraction from a Fraction, int, Decimal or numeric string."""
    if isinstance(x, float):
        raise TypeError(f"floats are not exact; pass {x!r} as a Fraction, Decimal, int or string")
    if isinstance(x, (Fraction, int, Decimal, str)):
        return Fraction(x)
    raise TypeError(f"expected a Fraction, int, Decimal or numeric string, got {type(x).__name__}")


def _xmul(x: Any, y: Any) -> Any:
    """Product of extended endpoints (Fraction or +-math.inf), with 0 x inf = 0."""
    if x == 0 or y == 0:
        return Fraction(0)
    if isinstance(x, float) or isinstance(y, float):
        return math.inf if (x > 0) == (y > 0) else -math.inf
    return x * y


def _number_text(x: Fraction, digits: int, rounding: str) -> str:
    """x as an exact decimal if it has one, else rounded to ``digits`` significant digits."""
    with localcontext() as ctx:
        # Enough digits for any terminating expansion of x; Inexact means it has none.
        ctx.prec, ctx.traps[Inexact] = len(str(x.numerator)) + x.denominator.bit_length(), True
        try:
            number = Decimal(x.numerator) / Decimal(x.denominator)
        except Inexact:
            ctx.prec, ctx.rounding, ctx.traps[Inexact] = digits, rounding, False
            number = Decimal(x.numerator) / Decimal(x.denominator)
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _ext(x: Fraction | None, side: int) -> Any:
    """An end as an extended number: None becomes -inf (side -1) or +inf (side 1)."""
    return side * math.inf if x is None else x


def _binary(method: Callable[[Interval, Interval], Interval]) -> Callable[[Interval, Any], Any]:
    """Coerce the other operand to an Interval; an empty operand gives an empty result."""
    def wrapper(self: Interval, other: Any) -> Any:
        if isinstance(other, (int, Fraction, Decimal)):
            other = Interval.point(other)
        elif not isinstance(other, Interval):
            return NotImplemented
        if self.is_empty or other.is_empty:
            return Interval.empty()
        return method(self, other)
    wrapper.__name__, wrapper.__doc__ = method.__name__, method.__doc__
    return wrapper


@dataclass(frozen=True)
class Interval:
    """A set of real numbers between ``lo`` and ``hi`` (None = unbounded).

    Endpoints are stored as Fractions (ints, Decimals and numeric strings are
    converted exactly; floats are refused). An unbounded end is never closed.
    Every empty interval is stored as ``(0, 0)``, so empty intervals compare
    equal. ``Interval(a, b)`` is closed at both ends.
    """

    lo: Fraction | None
    hi: Fraction | None
    lo_closed: bool = True
    hi_closed: bool = True

    def __post_init__(self) -> None:
        lo = None if self.lo is None else _frac(self.lo)
        hi = None if self.hi is None else _frac(self.hi)
        lo_closed, hi_closed = lo is not None and bool(self.lo_closed), hi is not None and bool(self.hi_closed)
        if lo is not None and hi is not None and (lo > hi or (lo == hi and not (lo_closed and hi_closed))):
            lo, hi, lo_closed, hi_closed = Fraction(0), Fraction(0), False, False
        for name, value in (("lo", lo), ("hi", hi), ("lo_closed", lo_closed), ("hi_closed", hi_closed)):
            object.__setattr__(self, name, value)

    @classmethod
    def point(cls, x: Any) -> Interval:
        """The interval [x, x] holding one number."""
        return cls(x, x, True, True)

    @classmethod
    def empty(cls) -> Interval:
        """The empty interval."""
        return cls(0, 0, False, False)

    @property
    def is_empty(self) -> bool:
        """True when no number lies in the interval."""
        return self.lo == 0 and self.hi == 0 and not self.lo_closed and not self.hi_closed

    @property
    def width(self) -> Fraction | None:
        """hi - lo; None if unbounded, 0 if empty."""
        return None if self.lo is None or self.hi is None else self.hi - self.lo

    @property
    def midpoint(self) -> Fraction | None:
        """(lo + hi) / 2; None if unbounded or empty."""
        return None if self.width is None or self.is_empty else (self.lo + self.hi) / 2

    def contains(self, x: Any) -> bool:
        """Whether x (Fraction, int, Decimal or numeric string) lies in the interval."""
        x = _frac(x)
        above = self.lo is None or self.lo < x or (self.lo == x and self.lo_closed)
        below = self.hi is None or x < self.hi or (x == self.hi and self.hi_closed)
        return above and below

    def __contains__(self, x: Any) -> bool:
        return self.contains(x)

    def intersect(self, other: Interval) -> Interval:
        """The numbers in both intervals (possibly the empty interval)."""
        if self.is_empty or other.is_empty:
            return Interval.empty()
        lo, lo_closed = _tighter(self.lo, self.lo_closed, other.lo, other.lo_closed, larger=True)
        hi, hi_closed = _tighter(self.hi, self.hi_closed, other.hi, other.hi_closed, larger=False)
        return Interval(lo, hi, lo_closed, hi_closed)

    def integers(self) -> Interval:
        """The integers in the interval, as a closed interval with integer ends (or empty)."""
        if self.is_empty:
            return Interval.empty()
        lo = None if self.lo is None else (math.ceil(self.lo) if self.lo_closed else math.floor(self.lo) + 1)
        hi = None if self.hi is None else (math.floor(self.hi) if self.hi_closed else math.ceil(self.hi) - 1)
        return Interval(lo, hi, True, True)

    def format(self, digits: int | None = None) -> str:
        """Text for readers, such as ``[5.65, 5.75)`` or ``[640000, +inf)``.

        A number with a finite decimal expansion is written exactly. Any other
        is rounded outward to ``digits`` significant digits (default
        :data:`DEFAULT_DIGITS`): the lower end down, the upper end up, so the
        printed interval always contains the exact one. The empty interval
        is written ``empty``.
        """
        digits = DEFAULT_DIGITS if digits is None else digits
        if digits < 1:
            raise IntervalError(f"digits must be at least 1, got {digits}")
        if self.is_empty:
            return "empty"
        lo = "-inf" if self.lo is None else _number_text(self.lo, digits, ROUND_FLOOR)
        hi = "+inf" if self.hi is None else _number_text(self.hi, digits, ROUND_CEILING)
        return f"{'[' if self.lo_closed else '('}{lo}, {hi}{']' if self.hi_closed else ')'}"

    def __str__(self) -> str:
        return self.format()

    # Arithmetic: the other operand is an Interval or an exact scalar (int, Fraction, Decimal).
    def __neg__(self) -> Interval:
        return Interval(None if self.hi is None else -self.hi, None if self.lo is None else -self.lo,
                        self.hi_closed, self.lo_closed)

    @_binary
    def __add__(self, other: Interval) -> Interval:
        lo = None if self.lo is None or other.lo is None else self.lo + other.lo
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return Interval(lo, hi, self.lo_closed and other.lo_closed, self.hi_closed and other.hi_closed)

    @_binary
    def __sub__(self, other: Interval) -> Interval:
        return self + (-other)

    @_binary
    def __mul__(self, other: Interval) -> Interval:
        corners = []
        for x, x_closed in ((_ext(self.lo, -1), self.lo_closed), (_ext(self.hi, 1), self.hi_closed)):
            for y, y_closed in ((_ext(other.lo, -1), other.lo_closed), (_ext(other.hi, 1), other.hi_closed)):
                attained = (x_closed and y_closed) or (x_closed and x == 0) or (y_closed and y == 0)
                corners.append((_xmul(x, y), attained))
        lo, hi = min(v for v, _ in corners), max(v for v, _ in corners)
        return Interval(None if lo == -math.inf else lo, None if hi == math.inf else hi,
                        any(a for v, a in corners if v == lo), any(a for v, a in corners if v == hi))

    @_binary
    def __truediv__(self, other: Interval) -> Interval:
        if (other.lo is None or other.lo <= 0) and (other.hi is None or other.hi >= 0):
            raise IntervalError(f"cannot divide by {other}: the divisor contains 0 or has 0 as an endpoint")
        # 1/y is monotone on a divisor of one sign, so the ends swap and keep their closedness.
        reciprocal = Interval(Fraction(0) if other.hi is None else 1 / other.hi,
                              Fraction(0) if other.lo is None else 1 / other.lo,
                              other.hi_closed, other.lo_closed)
        return self * reciprocal

    __radd__, __rmul__ = __add__, __mul__
    __rsub__ = _binary(lambda self, other: other - self)
    __rtruediv__ = _binary(lambda self, other: other / self)


def _tighter(x: Any, x_closed: bool, y: Any, y_closed: bool, larger: bool) -> tuple[Any, bool]:
    """The tighter of two ends (the larger lower end or the smaller upper end)."""
    if x is None:
        return y, y_closed
    if y is None or x == y:
        return x, x_closed and (y_closed or y is None)
    return (x, x_closed) if (x > y) == larger else (y, y_closed)


def interval_of(printed: PrintedNumber, tie_rule: str = "half_up", more_than: str = "bounded") -> Interval:
    """The interval of true values that a printed number stands for (rules: module docstring).

    Values are in printed units ("5.7%" gives an interval around 5.7). A valid
    PrintedNumber (positive precision; for exact/about a value that is a whole
    multiple of it, as read_number gives) never raises; an unknown tie rule,
    reading or qualifier, or an invalid number, raises :class:`IntervalError`.
    """
    if tie_rule not in TIE_RULES:
        raise IntervalError(f"unknown tie rule {tie_rule!r}; expected one of {TIE_RULES}")
    if more_than not in MORE_THAN_READINGS:
        raise IntervalError(f"unknown more_than reading {more_than!r}; expected one of {MORE_THAN_READINGS}")
    value, unit = Fraction(printed.value), Fraction(printed.precision)
    if unit <= 0:
        raise IntervalError(f"{printed.stated!r}: precision must be positive, got {printed.precision}")
    if printed.qualifier == "more_than":
        return Interval(value, value + unit if more_than == "bounded" else None, False, False)
    if printed.qualifier not in ("exact", "about"):
        raise IntervalError(f"{printed.stated!r}: unknown qualifier {printed.qualifier!r}")
    steps = value / unit
    if steps.denominator != 1:
        raise IntervalError(f"{printed.stated!r}: value {printed.value} is not a multiple "
                            f"of its precision {printed.precision}, so no rounding gives it")
    lo, hi = value - unit / 2, value + unit / 2
    if tie_rule == "half_even":
        even = steps.numerator % 2 == 0
        return Interval(lo, hi, even, even)
    return Interval(lo, hi, value > 0, value < 0)


def growth_factor(change_pct: Interval) -> Interval:
    """The factor 1 + change/100 for a change in percent (5.7 -> 1.057)."""
    return 1 + change_pct / 100


def implied_previous(current: Interval, change_pct: Interval, integer: bool = False) -> Interval:
    """Previous values consistent with ``current`` and a change in percent.

    previous = current / (1 + change/100). With ``integer=True`` only the
    whole numbers in that interval are kept (an empty interval if none).
    """
    previous = current / growth_factor(change_pct)
    return previous.integers() if integer else previous


def implied_index(change_pct: Interval, base: Any = 100) -> Interval:
    """The current value when the previous value is ``base`` (default 100)."""
    return base * growth_factor(change_pct)


def change_between(previous: Interval, current: Interval) -> Interval:
    """The change from ``previous`` to ``current``, in percent: (current/previous - 1) x 100."""
    return (current / previous - 1) * 100


def ratio_change(numerator_change_pct: Interval, denominator_change_pct: Interval) -> Interval:
    """How a ratio num/den changed, in percent, given the changes of num and den.

    (1 + a/100) / (1 + b/100) - 1, times 100.
    """
    return (growth_factor(numerator_change_pct) / growth_factor(denominator_change_pct) - 1) * 100


@dataclass(frozen=True)
class TieRuleResult:
    """One computation done under each tie rule (see :func:`under_both_rules`)."""

    half_up: Interval
    half_even: Interval

    @property
    def needs(self) -> str:
        """Which tie rule the result needs in order to be non-empty (consistent).

        ``"either"``: non-empty under both rules; ``"half_up"`` or
        ``"half_even"``: non-empty only under that rule; ``"neither"``: empty
        under both, so the figures are inconsistent whichever rule was used.
        """
        up, even = not self.half_up.is_empty, not self.half_even.is_empty
        return "either" if up and even else "half_up" if up else "half_even" if even else "neither"

    @property
    def agree(self) -> bool:
        """True when both rules give the same interval (the tie rule does not matter)."""
        return self.half_up == self.half_even


def under_both_rules(fn: Callable[..., Interval], *printed_numbers: PrintedNumber | Interval,
                     more_than: str = "bounded", **kw: Any) -> TieRuleResult:
    """Evaluate ``fn`` on the intervals of ``printed_numbers`` under each tie rule.

    Each PrintedNumber is read with :func:`interval_of` under the rule (and
    the ``more_than`` reading); an Interval is passed through unchanged.
    Other keyword arguments go to ``fn``. Example:
    ``under_both_rules(implied_previous, Interval.point(1234), read_number("5.3%"), integer=True)``.
    """
    results = {}
    for rule in TIE_RULES:
        args = [p if isinstance(p, Interval) else interval_of(p, rule, more_than) for p in printed_numbers]
        results[rule] = fn(*args, **kw)
    return TieRuleResult(**results)

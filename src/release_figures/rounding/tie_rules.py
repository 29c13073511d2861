"""Rounding a number to a printed precision, under either tie rule: the one place the book rounds.

A printed figure was rounded by its publisher under a rule the book does not
know, so every interval and every verdict is computed under both:

* ``half_up``: a half goes away from zero (Decimal's ROUND_HALF_UP):
  2.5 -> 3, -2.5 -> -3.
* ``half_even``: a half goes to the even neighbour (banker's rounding):
  2.5 -> 2, 3.5 -> 4, -2.5 -> -2.

Everything else rounds to the nearest multiple of the step. Arithmetic is
exact (:class:`fractions.Fraction`).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

__all__ = ["TIE_RULES", "round_to", "round_half_up"]

TIE_RULES = ("half_up", "half_even")


def round_to(x: Any, step: Any, rule: str = "half_up") -> Fraction:
    """``x`` rounded to a multiple of ``step`` under ``rule`` (see the module docstring); exact.

    >>> round_to(Fraction(-5, 2), 1), round_to(Fraction(-5, 2), 1, "half_even")
    (Fraction(-3, 1), Fraction(-2, 1))
    """
    if rule not in TIE_RULES:
        raise ValueError(f"unknown tie rule {rule!r}; expected one of {TIE_RULES}")
    step = Fraction(step)
    if step <= 0:
        raise ValueError(f"the step must be positive, got {step}")
    quotient = Fraction(x) / step
    if rule == "half_even":
        return round(quotient) * step  # Fraction.__round__ sends a half to the even neighbour, exactly
    sign = -1 if quotient < 0 else 1
    return sign * math.floor(abs(quotient) + Fraction(1, 2)) * step


def round_half_up(x: Any, step: Any) -> Fraction:
    """``x`` rounded to a multiple of ``step``, halves away from zero."""
    return round_to(x, step, "half_up")

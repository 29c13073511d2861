"""Numbers, ranges, periods and dates as a reader reads them: the one place prose formats them.

The tables keep numbers as computed (exact intervals such as ``[390500,
391500)``, ISO periods such as ``2022-01/2022-11``) so that programs read them
back exactly. Every sentence a reader sees, in the tables' explanation
columns and on the book's pages, formats them here: thousands separators,
the digits that matter, a range as "between 369,268 and 370,562", a period
as "January to November 2022", a date as "30 May 2023".
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from typing import Any

__all__ = ["MONTHS", "number_words", "between", "period_words", "date_words", "month_words", "times"]

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def _significant(x: Fraction, digits: int) -> Decimal:
    with localcontext() as context:
        context.prec, context.rounding = digits, ROUND_HALF_EVEN
        return Decimal(x.numerator) / Decimal(x.denominator)


def number_words(x: Any, digits: int = 4, whole: bool = False) -> str:
    """A number for prose: thousands separators; a whole count as a whole number; else ``digits`` significant digits.

    >>> number_words(Fraction(391000)), number_words(Fraction(7109, 200)), number_words(Fraction(212, 105))
    ('391,000', '35.54', '2.019')
    """
    x = Fraction(x)
    if whole or x.denominator == 1:
        value = Decimal(round(x))
    else:
        value = _significant(x, digits)
        if abs(value) >= 10 ** digits:  # more whole digits than asked for: whole units are enough
            value = value.quantize(Decimal(1))
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def between(interval, digits: int = 4, whole: bool = False, unit: str = "") -> str:
    """An interval for prose: "between 72,001 and 73,999", "more than 640,000", "at most 999", "exactly 6".

    Ends are rounded to ``digits`` significant digits (whole numbers for a
    count); the exact interval stays in the data. ``unit`` follows each number
    ("between 2.9 and 3.1 tons").
    """
    suffix = f" {unit}" if unit else ""
    if interval.is_empty:
        return "no value at all"
    low = None if interval.lo is None else number_words(interval.lo, digits, whole)
    high = None if interval.hi is None else number_words(interval.hi, digits, whole)
    if low is not None and low == high:
        return f"{low}{suffix}"
    if high is None:
        return f"{'at least' if interval.lo_closed else 'more than'} {low}{suffix}"
    if low is None:
        return f"{'at most' if interval.hi_closed else 'less than'} {high}{suffix}"
    return f"between {low}{suffix} and {high}{suffix}"


def times(interval, digits: int = 3) -> str:
    """A ratio range for prose: "2.02 to 2.08 times", "about 0.13 times"."""
    low, high = (number_words(end, digits) for end in (interval.lo, interval.hi))
    return f"{low} times" if low == high else f"{low} to {high} times"


def month_words(year: int, month: int) -> str:
    """'December 2022' for (2022, 12)."""
    return f"{MONTHS[month - 1]} {year}"


def date_words(date: str) -> str:
    """An ISO date as prose: '2023-05-30' -> '30 May 2023'; '2024-01' -> 'January 2024'; '2026' -> '2026'."""
    parts = str(date).split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return month_words(int(parts[0]), int(parts[1]))
    return str(date)


def period_words(period: str) -> str:
    """A period as prose: '2022-01/2022-11' -> 'January to November 2022'; '2022' -> '2022'.

    >>> period_words("2022-06-25/2022-09-27")
    '25 June to 27 September 2022'
    """
    if "/" not in period:
        return date_words(period)
    first, last = period.split("/")
    if first[:4] == last[:4]:
        start = date_words(first).rsplit(" ", 1)[0]
        return f"{start} to {date_words(last)}"
    return f"{date_words(first)} to {date_words(last)}"

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

__all__ = ["MONTHS", "number_words", "between", "period_words", "date_words", "month_words", "times",
           "LANGUAGE_NAMES", "language_words"]

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


def change_words(interval, decimals: int = 1) -> str:
    """A change in percent for prose, to ``decimals`` places: "a fall of 17.1%", "a rise of between 32.0% and 35.8%".

    Ends are rounded outward; where both round to the same figure the change is
    given as that one figure (a change between two whole counts is exact to
    far more places than a reader needs).
    """
    from decimal import ROUND_CEILING, ROUND_FLOOR

    if interval.is_empty:
        return "no change at all"
    step = Decimal(1).scaleb(-decimals)
    low = (Decimal(interval.lo.numerator) / Decimal(interval.lo.denominator)).quantize(step, ROUND_FLOOR)
    high = (Decimal(interval.hi.numerator) / Decimal(interval.hi.denominator)).quantize(step, ROUND_CEILING)
    middle = Fraction(interval.lo + interval.hi) / 2
    if high - low <= step:
        value = (Decimal(middle.numerator) / Decimal(middle.denominator)).quantize(step)
        return "no change" if value == 0 else f"a {'rise' if value > 0 else 'fall'} of {abs(value)}%"
    if low >= 0:
        return f"a rise of between {low}% and {high}%"
    if high <= 0:
        return f"a fall of between {abs(high)}% and {abs(low)}%"
    return f"a change of between {low}% and +{high}%"


# The languages a release's text may be declared in (BCP 47 tags), as a reader names them.
LANGUAGE_NAMES = {"en": "English", "zh": "Chinese", "zh-Hans": "Chinese (zh-Hans, simplified characters)",
                  "zh-Hant": "Chinese (zh-Hant, traditional characters)"}


def language_words(declared: str) -> str:
    """A declared language in words: ``en (machine translation from Chinese)`` -> ``English (machine translation from Chinese)``.

    The first word is a language tag, named from :data:`LANGUAGE_NAMES`
    (a tag not listed is kept as written); the rest is kept as it is.
    """
    tag, _, rest = str(declared).strip().partition(" ")
    return " ".join(part for part in (LANGUAGE_NAMES.get(tag, tag), rest.strip()) if part)

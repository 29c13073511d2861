"""Numbers as a reader reads them, for every table and paragraph the book shows.

The tables in ``data/`` keep numbers as computed (``[390500, 391500)``,
``369914.85``) so that programs read them back exactly; the pages show the
same numbers with thousands separators, an interval of a count in whole
numbers, a ratio to the digits that separate its ends, and every Chinese
number in English text with its English value beside it (``35,000 (3.5万)``,
by :func:`release_figures.reading.numbers.gloss`).
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation, localcontext

from release_figures.reading.numbers import NumberFormatError, english_reading, gloss, read_number

__all__ = ["format_number", "format_interval", "interval_words", "readable", "gloss_chinese_numbers", "unglossed_chinese_numbers",
           "yes_no", "words"]

# An interval as the stages write it (rounding.intervals.Interval.format): [a, b), (-inf, b], ...
_INTERVAL_RE = re.compile(r"([\[(])(-inf|-?\d+(?:\.\d+)?), (\+inf|-?\d+(?:\.\d+)?)([\])])(%| percent\b)?")
_HAN = r"\u3400-\u9fff\uf900-\ufaff"
# A number in a Chinese printed form: digits with a scale character (3.5万, 37万余, 3.95亿, 2600余),
# with the qualifiers the number reader takes. Matched only where it stands in English text: a form
# touching another Chinese character is part of a Chinese quote, which stays as printed.
_CHINESE_NUMBER_RE = re.compile(
    rf"(?<![{_HAN}\d.,])(?:超过|超|逾|约|近)?\d[\d,]*(?:\.\d+)?(?:[百千万亿]+(?:余|多|以上|左右)?|余|多)"
    rf"(?![{_HAN}\d])")


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(str(text))
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None


def format_number(value, count: bool = False, digits: int | None = None) -> str:
    """A number with thousands separators: a count in whole numbers, else as given (or to ``digits`` decimals).

    >>> format_number("369914.85", count=True)
    '369,915'
    >>> format_number("416290000")
    '416,290,000'
    >>> format_number("1.4619883")
    '1.4619883'
    """
    number = _decimal(value)
    if count:  # a count is a whole number: the face value of a computed count is rounded to one
        number = number.quantize(Decimal(1))
    elif digits is not None:
        number = number.quantize(Decimal(1).scaleb(-digits))
    text = f"{number:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _decimals(value: Decimal) -> int:
    return max(0, -value.normalize().as_tuple().exponent)


def _separating_decimals(low: Decimal, high: Decimal) -> int:
    """One decimal past the first decimal place at which the two ends differ (place 0: the whole units)."""
    for places in range(0, 30):
        unit = Decimal(1).scaleb(-places)
        if low.quantize(unit, ROUND_FLOOR) != high.quantize(unit, ROUND_FLOOR):
            return places + 1
    return 30


def format_interval(low, high, lo_closed: bool = True, hi_closed: bool = True, count: bool = False) -> str:
    """An interval for readers, rounded outward so it still holds the exact one.

    A count's ends are whole numbers (``[369,268, 370,562]``). Any other
    interval keeps one decimal past the first place where its ends differ,
    and no more decimals than its ends have: ``[1.444, 1.487]`` and
    ``[5.65, 5.75)`` stay as they are, ``[164.35012, 164.45003]`` reads
    ``[164.35, 164.46]``. ``None`` (or ``-inf``/``+inf``) is an unbounded end.
    """
    with localcontext() as context:
        context.prec = 80  # quantizing a large end to many places needs more than the default 28 digits
        return _format_interval(low, high, lo_closed, hi_closed, count)


def _format_interval(low, high, lo_closed: bool, hi_closed: bool, count: bool) -> str:
    ends = [None if end in (None, "", "-inf", "+inf") else _decimal(end) for end in (low, high)]
    if count:
        places = 0
    elif None in ends:
        places = max((_decimals(e) for e in ends if e is not None), default=0)
    else:
        places = min(_separating_decimals(*ends), max(_decimals(e) for e in ends))
    unit = Decimal(1).scaleb(-places)
    # Both ends to the same decimals (trailing zeros kept), so a reader compares them digit by digit.
    lo_text = "-inf" if ends[0] is None else f"{ends[0].quantize(unit, ROUND_FLOOR):,f}"
    hi_text = "+inf" if ends[1] is None else f"{ends[1].quantize(unit, ROUND_CEILING):,f}"
    return f"{'[' if lo_closed else '('}{lo_text}, {hi_text}{']' if hi_closed else ')'}"


def interval_words(low, high, lo_closed: bool = True, hi_closed: bool = True, count: bool = False,
                   unit: str = "") -> str:
    """An interval as a reader says it, its ends as :func:`format_interval` rounds them (outward).

    ``between 53,500 and 54,500``, ``more than 640,000``, ``at most 999``,
    ``exactly 6``; ``unit`` follows each end (``between -36.7% and
    -33.64%``). Whether an end is included is kept in the data, not in the
    words: a reader needs the range, a program reads the exact interval.
    """
    notation = format_interval(low, high, lo_closed, hi_closed, count)
    lo_text, hi_text = notation[1:-1].split(", ")
    if lo_text == "-inf" and hi_text == "+inf":
        return "any value"
    if hi_text == "+inf":
        return f"{'at least' if lo_closed else 'more than'} {lo_text}{unit}"
    if lo_text == "-inf":
        return f"{'at most' if hi_closed else 'less than'} {hi_text}{unit}"
    if lo_text == hi_text:
        return f"exactly {lo_text}{unit}"
    return f"between {lo_text}{unit} and {hi_text}{unit}"


def _interval_match(match: re.Match) -> str:
    open_, low, high, close, unit = match.groups()
    return interval_words(low, high, open_ == "[", close == "]", unit=unit or "")


def gloss_chinese_numbers(text: str) -> str:
    """Give every Chinese number in English text its English value first: ``3.5万 cases`` -> ``35,000 (3.5万) cases``.

    A number already glossed (``35,000 (3.5万)``) is left as it is, and a
    number inside a Chinese passage (touching another Chinese character) is
    source text and stays as printed.
    """
    out, last = [], 0
    for match, english in _chinese_numbers(text):
        if english is None:
            continue
        out.append(text[last:match.start()])
        out.append(gloss(read_number(match.group(0), "zh")))
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def _chinese_numbers(text: str):
    """(match, english reading) for every Chinese number in English text; the reading None when already glossed."""
    for match in _CHINESE_NUMBER_RE.finditer(text):
        try:
            number = read_number(match.group(0), "zh")
        except NumberFormatError:
            continue
        english = english_reading(number)
        before, after = text[:match.start()], text[match.end():]
        glossed = before.endswith(f"{english} (") and after.startswith(")")
        yield match, None if glossed else english


def unglossed_chinese_numbers(text: str) -> list[str]:
    """The Chinese numbers in English ``text`` that stand without their English value beside them."""
    return [match.group(0) for match, english in _chinese_numbers(text) if english is not None]


# An ISO period or date inside generated text: 2022-01/2022-11, 2022-06-25/2022-09-27, 2023-05-30.
_MONTH = r"\d{4}-(?:0[1-9]|1[0-2])"
_PERIOD_RE = re.compile(rf"(?<![\w/-]){_MONTH}(?:-\d{{2}})?/{_MONTH}(?:-\d{{2}})?(?![\w/-])"
                        rf"|(?<![\w/-]){_MONTH}-(?:0[1-9]|[12]\d|3[01])(?![\w/-])")


def readable(text) -> str:
    """Generated text as a reader reads it: intervals and periods in words, Chinese numbers glossed.

    Used on the sentences the stages write (explanations, expected and
    observed values, descriptions); the tables keep those sentences as
    computed. ``[369268, 370562]`` reads "between 369,268 and 370,562",
    ``2022-01/2022-11`` "January to November 2022".
    """
    from release_figures.words import period_words

    text = _PERIOD_RE.sub(lambda match: period_words(match.group(0)), str(text))
    return gloss_chinese_numbers(_INTERVAL_RE.sub(_interval_match, text))


def yes_no(value) -> str:
    """``yes`` or ``no`` for a flag as the tables write it (``true``/``false``, True/False)."""
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return "yes"
    if text in ("false", "0", "no", ""):
        return "no"
    raise ValueError(f"{value!r} is not a yes/no flag (expected true or false)")


def words(name: str) -> str:
    """A code name in words: ``consistent_within_rounding`` -> ``consistent within rounding``."""
    return str(name).replace("_", " ")

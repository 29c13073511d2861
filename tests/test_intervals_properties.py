"""Property tests for release_figures.rounding.intervals (hypothesis).

* A number rounded with Decimal's ROUND_HALF_UP / ROUND_HALF_EVEN lies in
  the interval of its printed form under the same tie rule, and in the
  interval of no neighbouring printed value.
* Every interval operation contains the point results of points drawn from
  its operands; a closed end is reached by some points, an open end by none.
* interval_of never raises for valid printed numbers.
"""

import operator
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from release_figures.rounding.intervals import (
    MORE_THAN_READINGS,
    TIE_RULES,
    Interval,
    IntervalError,
    implied_previous,
    interval_of,
    ratio_change,
)
from release_figures.reading.numbers import PrintedNumber, read_number

ROUNDING = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}
OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}

fractions = st.fractions(min_value=-1000, max_value=1000, max_denominator=40)


# ------------------------------------------------------------ rounding

@st.composite
def true_and_unit(draw):
    """A true value and a rounding unit (10^-4 .. 10^3), often exactly at a tie."""
    unit = Decimal(1).scaleb(draw(st.integers(-4, 3)))
    if draw(st.booleans()):
        # Exactly half-way between two printable values.
        value = (Decimal(draw(st.integers(-10**6, 10**6))) + Decimal("0.5")) * unit
    else:
        value = Decimal(draw(st.integers(-10**9, 10**9))).scaleb(-draw(st.integers(0, 8)))
    return value, unit


@given(true_and_unit(), st.sampled_from(TIE_RULES))
def test_printed_interval_holds_the_true_value(pair, rule):
    value, unit = pair
    printed = value.quantize(unit, rounding=ROUNDING[rule])
    number = PrintedNumber(str(printed), printed, unit, "exact")
    assert interval_of(number, rule).contains(value)
    # ... and no neighbouring printed value claims it: the intervals tile the line.
    for neighbour in (printed - unit, printed + unit):
        assert not interval_of(PrintedNumber(str(neighbour), neighbour, unit, "exact"), rule).contains(value)


@given(true_and_unit(), st.sampled_from(TIE_RULES))
def test_printed_text_read_back_holds_the_true_value(pair, rule):
    value, unit = abs(pair[0]), pair[1]
    printed = value.quantize(unit, rounding=ROUNDING[rule])
    if printed == 0 and unit > 1:
        return  # "0" cannot show that it was rounded to the tens or thousands
    # read_number infers the unit from the text; it can only be coarser than `unit`.
    number = read_number(format(printed, "f"))
    assert interval_of(number, rule).contains(value)


@given(
    st.integers(0, 10**7), st.integers(0, 3),
    st.sampled_from(["", "more than ", "over ", "about ", "nearly "]),
    st.sampled_from(["", " million", "%"]),
    st.sampled_from(TIE_RULES), st.sampled_from(MORE_THAN_READINGS),
)
def test_interval_of_never_raises_for_read_numbers(digits, decimals, qualifier, suffix, rule, reading):
    text = format(Decimal(digits).scaleb(-decimals), "f")
    number = read_number(qualifier + text + suffix)
    result = interval_of(number, rule, reading)
    assert not result.is_empty
    _holds_printed_value(result, number)


def _holds_printed_value(result, number):
    """An exact or 'about' figure's interval holds its value; a 'more than' one starts just above it."""
    if number.qualifier == "more_than":
        assert result.lo == number.value and not result.lo_closed and not result.contains(number.value)
        assert result.contains(number.value + number.precision / 2)
    else:
        assert result.contains(number.value)


@given(st.integers(1, 9999), st.sampled_from(["约", ""]), st.sampled_from(["", "万", "亿"]),
       st.sampled_from(["", "余"]), st.sampled_from(TIE_RULES), st.sampled_from(MORE_THAN_READINGS))
def test_interval_of_never_raises_for_chinese_forms(digits, about, scale, more, rule, reading):
    if about and more:
        return  # 约...余 is not a form the reader accepts
    number = read_number(about + str(digits) + scale + more)
    result = interval_of(number, rule, reading)
    assert not result.is_empty
    _holds_printed_value(result, number)


# ------------------------------------------------------------ arithmetic

@st.composite
def interval_and_point(draw, bounded=False):
    """A non-empty interval (sometimes unbounded) and a point inside it."""
    a, b = sorted((draw(fractions), draw(fractions)))
    lo = None if not bounded and draw(st.integers(0, 5)) == 0 else a
    hi = None if not bounded and draw(st.integers(0, 5)) == 0 else b
    interval = Interval(lo, hi, draw(st.booleans()), draw(st.booleans()))
    if interval.is_empty:
        interval = Interval(a, a)
    if lo is not None and hi is not None:
        x = interval.lo + draw(st.fractions(0, 1, max_denominator=20)) * interval.width
    elif lo is not None:
        x = lo + draw(st.fractions(0, 100, max_denominator=20))
    elif hi is not None:
        x = hi - draw(st.fractions(0, 100, max_denominator=20))
    else:
        x = draw(fractions)
    if not interval.contains(x):  # landed on an open end: step inside
        x = interval.midpoint if interval.midpoint is not None else (lo + 1 if lo is not None else hi - 1)
    return interval, x


def reaches_zero(interval):
    return (interval.lo is None or interval.lo <= 0) and (interval.hi is None or interval.hi >= 0)


def candidates(interval, sample):
    """Members of the interval where an extreme of + - * / can be reached."""
    return {x for x in (interval.lo, interval.hi, Fraction(0), sample) if x is not None and interval.contains(x)}


@given(interval_and_point(), interval_and_point(), st.sampled_from(sorted(OPS)))
def test_operations_contain_point_results(left, right, op):
    (a, x), (b, y) = left, right
    if op == "/" and reaches_zero(b):
        with pytest.raises(IntervalError, match="contains 0"):
            a / b
        return
    result = OPS[op](a, b)
    assert result.contains(OPS[op](x, y))
    # Closed ends are reached by some pair of points, open ends by none.
    reached = {OPS[op](u, v) for u in candidates(a, x) for v in candidates(b, y)}
    if result.lo is not None:
        assert (result.lo in reached) is result.lo_closed
    if result.hi is not None:
        assert (result.hi in reached) is result.hi_closed


@given(interval_and_point(), fractions, st.sampled_from(sorted(OPS)))
def test_scalar_operations_contain_point_results(left, scalar, op):
    a, x = left
    if op == "/" and scalar == 0:
        return
    assert OPS[op](a, scalar).contains(OPS[op](x, scalar))
    if op != "/" or not reaches_zero(a):
        assert OPS[op](scalar, a).contains(OPS[op](scalar, x))


@given(interval_and_point(bounded=True), interval_and_point(bounded=True))
def test_ratio_change_contains_point_results(left, right):
    (a, x), (b, y) = left, right
    # Scale both into [-50, 50] so that the growth factors stay positive.
    a, x, b, y = a / 20, x / 20, b / 20, y / 20
    point = ((1 + x / 100) / (1 + y / 100) - 1) * 100
    assert ratio_change(a, b).contains(point)


@given(st.integers(1, 10**6), st.integers(1, 2 * 10**6), st.sampled_from(TIE_RULES))
def test_true_previous_count_is_among_the_implied_ones(previous, current, rule):
    assume(2 * current > previous)  # a fall of 50% or less: the factor stays clear of 0
    # The true change, printed to one decimal as a release would print it.
    change = (Decimal(current - previous) * 100 / Decimal(previous))
    printed = change.quantize(Decimal("0.1"), rounding=ROUNDING[rule])
    number = PrintedNumber(str(printed), printed, Decimal("0.1"), "exact", percent=True)
    implied = implied_previous(Interval.point(current), interval_of(number, rule), integer=True)
    assert implied.contains(previous)

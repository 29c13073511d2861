"""Hand-computed cases for release_figures.rounding.intervals.

Every expected value below is worked out in the comments by hand from the
rules in the module docstring, not copied from the code's output.
"""

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction as F


import pytest

from release_figures.rounding.intervals import (
    TIE_RULES,
    Interval,
    IntervalError,
    TieRuleResult,
    change_between,
    growth_factor,
    implied_index,
    implied_previous,
    interval_of,
    ratio_change,
    under_both_rules,
)
from release_figures.reading.numbers import PrintedNumber, read_number


def closed(lo, hi):
    return Interval(F(lo), F(hi), True, True)


def closed_open(lo, hi):
    return Interval(F(lo), F(hi), True, False)


def open_closed(lo, hi):
    return Interval(F(lo), F(hi), False, True)


def open_(lo, hi):
    return Interval(F(lo), F(hi), False, False)


# ---------------------------------------------------------------- interval_of

@pytest.mark.parametrize(
    "printed, tie_rule, expected",
    [
        # 5.7 with unit 0.1: 5.7 -/+ 0.05. Half up: 5.65 rounds up to 5.7 (in),
        # 5.75 rounds up to 5.8 (out).
        ("5.7%", "half_up", closed_open("5.65", "5.75")),
        # 5.7 / 0.1 = 57 is odd: 5.65 goes to the even 5.6, 5.75 to the even 5.8.
        ("5.7%", "half_even", open_("5.65", "5.75")),
        # 5.6 / 0.1 = 56 is even: 5.55 and 5.65 both go to 5.6.
        ("5.6%", "half_even", closed("5.55", "5.65")),
        # Half up does not care about parity: still [v - p/2, v + p/2).
        ("5.6%", "half_up", closed_open("5.55", "5.65")),
        # "391,000": unit 1000 from the three trailing zeros: 391000 -/+ 500.
        ("391,000", "half_up", closed_open(390500, 391500)),
        # 391000 / 1000 = 391 is odd: both ties leave.
        ("391,000", "half_even", open_(390500, 391500)),
        # A count printed to the unit: 1234 -/+ 0.5.
        ("1,234", "half_up", closed_open("1233.5", "1234.5")),
        # 0 with unit 1: half up sends both -0.5 and 0.5 away from zero.
        ("0", "half_up", open_("-0.5", "0.5")),
        # 0 / 1 = 0 is even: both -0.5 and 0.5 go to 0.
        ("0", "half_even", closed("-0.5", "0.5")),
        # Negative: -28.6 -/+ 0.05. -28.65 rounds away from zero to -28.7 (out),
        # -28.55 rounds away from zero to -28.6 (in).
        ("下降28.6%", "half_up", open_closed("-28.65", "-28.55")),
        # -28.6 / 0.1 = -286 is even: both ties come to -28.6.
        ("下降28.6%", "half_even", closed("-28.65", "-28.55")),
        # "about" reads like exact: 1.43 million has unit 10,000.
        ("about 1.43 million", "half_up", closed_open(1425000, 1435000)),
        # 1430000 / 10000 = 143 is odd.
        ("about 1.43 million", "half_even", open_(1425000, 1435000)),
        # 约 is the Chinese "about": 4.17亿 = 417,000,000, unit 0.01亿 = 1,000,000.
        ("约4.17亿", "half_up", closed_open(416500000, 417500000)),
    ],
)
def test_interval_of_rounded(printed, tie_rule, expected):
    assert interval_of(read_number(printed), tie_rule) == expected


@pytest.mark.parametrize(
    "printed, more_than, expected",
    [
        # Bounded reading: more than v, truncated to the 10,000s: (v, v + p); v itself is excluded.
        ("more than 640,000", "bounded", Interval(F(640000), F(650000), False, False)),
        # One-sided reading: only the lower bound, still open at v.
        ("more than 640,000", "one_sided", Interval(F(640000), None, False, False)),
        # 37万余: 370,000 with unit 10,000 -> (370000, 380000).
        ("37万余", "bounded", Interval(F(370000), F(380000), False, False)),
        # 60多亿: "60-odd hundred million": unit 10亿 = 1e9 -> (6e9, 7e9).
        ("60多亿", "bounded", Interval(F(6 * 10**9), F(7 * 10**9), False, False)),
    ],
)
def test_interval_of_more_than(printed, more_than, expected):
    number = read_number(printed)
    # "more than" readings do not depend on the tie rule.
    for rule in TIE_RULES:
        assert interval_of(number, rule, more_than) == expected


@pytest.mark.parametrize(
    "true_value, printed, rounding, inside",
    [
        # Cross-check the bracket choices against Decimal's own rounding.
        ("5.65", "5.7%", ROUND_HALF_UP, True),     # 5.65 -> 5.7
        ("5.75", "5.7%", ROUND_HALF_UP, False),    # 5.75 -> 5.8
        ("5.65", "5.7%", ROUND_HALF_EVEN, False),  # 5.65 -> 5.6
        ("5.75", "5.7%", ROUND_HALF_EVEN, False),  # 5.75 -> 5.8
        ("5.55", "5.6%", ROUND_HALF_EVEN, True),   # 5.55 -> 5.6
        ("5.65", "5.6%", ROUND_HALF_EVEN, True),   # 5.65 -> 5.6
    ],
)
def test_tie_points_agree_with_decimal(true_value, printed, rounding, inside):
    number = read_number(printed)
    rounds_to_printed = Decimal(true_value).quantize(number.precision, rounding=rounding) == number.value
    assert rounds_to_printed is inside
    rule = "half_up" if rounding == ROUND_HALF_UP else "half_even"
    assert interval_of(number, rule).contains(true_value) is inside


@pytest.mark.parametrize(
    "number, kwargs, message",
    [
        # An unknown tie rule is refused.
        (read_number("5.7%"), {"tie_rule": "half_down"}, "unknown tie rule"),
        # An unknown more_than reading is refused.
        (read_number("more than 8,700"), {"more_than": "open"}, "unknown more_than"),
        # 37527 is not a whole number of thousands: no rounding interval.
        (PrintedNumber("37,527", Decimal(37527), Decimal(1000), "exact"), {}, "not a multiple"),
        # A zero rounding unit makes no sense.
        (PrintedNumber("5", Decimal(5), Decimal(0), "exact"), {}, "precision must be positive"),
    ],
)
def test_interval_of_refuses_invalid_input(number, kwargs, message):
    with pytest.raises(IntervalError, match=message):
        interval_of(number, **kwargs)


# ------------------------------------------------------ arithmetic and closure

@pytest.mark.parametrize(
    "result, expected",
    [
        # [1,2) + [3,4]: lo 1+3 (both closed), hi 2+4 (2 open) -> [4, 6).
        (closed_open(1, 2) + closed(3, 4), closed_open(4, 6)),
        # [1,2] - [0,1): lo 1-1 uses the open 1 -> open; hi 2-0 closed -> (0, 2].
        (closed(1, 2) - closed_open(0, 1), open_closed(0, 2)),
        # [-1,2] * [-3,1): corners 3 (c,c), -1 (c,o), -6 (c,c), 2 (c,o)
        # -> min -6 closed, max 3 closed.
        (closed(-1, 2) * closed_open(-3, 1), closed(-6, 3)),
        # [-2,1) * [-3,2): corners 6 (c,c), -4 (c,o), -3 (o,c), 2 (o,o)
        # -> min -4 open, max 6 closed.
        (closed_open(-2, 1) * closed_open(-3, 2), open_closed(-4, 6)),
        # [-2,2) * [-3,3): -6 is reached by (-2)*3 (3 open) and 2*(-3) (2 open),
        # so open; 6 is reached by (-2)*(-3) (both closed) and 2*3 (open),
        # closed because one corner is.
        (closed_open(-2, 2) * closed_open(-3, 3), open_closed(-6, 6)),
        # [-2,2) * [-3,3]: -6 is reached by (-2)*3 (both closed) and 2*(-3)
        # (2 open); 6 by (-2)*(-3) (both closed) and 2*3 (2 open): both ends
        # closed, since one corner each is.
        (closed_open(-2, 2) * closed(-3, 3), closed(-6, 6)),
        # [0,1) * (2,3): corners 0*2, 0*3 touch open ends, but 0 is in [0,1),
        # so 0 * 2.5 = 0 is attained -> closed; hi 1*3 open -> [0, 3).
        (closed_open(0, 1) * open_(2, 3), closed_open(0, 3)),
        # (0,1] * [2,3]: 0 is not in (0,1], so 0 is not attained -> (0, 3].
        (open_closed(0, 1) * closed(2, 3), open_closed(0, 3)),
        # [1,2] / (4,8]: 1/8 from 1 (c) / 8 (c); 2/4 uses the open 4 -> [1/8, 1/2).
        (closed(1, 2) / open_closed(4, 8), closed_open(F(1, 8), F(1, 2))),
        # Scalars on either side: 1 - [0,1) = (0, 1].
        (1 - closed_open(0, 1), open_closed(0, 1)),
        # Decimal scalar: 1.5 * [2,4] = [3, 6].
        (Decimal("1.5") * closed(2, 4), closed(3, 6)),
        # 1 / [2,4] = [1/4, 1/2].
        (1 / closed(2, 4), closed(F(1, 4), F(1, 2))),
        # [640000, +inf) - [0, 10] = [639990, +inf).
        (Interval(640000, None) - closed(0, 10), Interval(639990, None, True, False)),
        # -1 * [640000, +inf) = (-inf, -640000].
        (-1 * Interval(640000, None), Interval(None, -640000, False, True)),
        # [1,2] / [2, +inf): 2/2 = 1 closed; x/y -> 0 as y grows, never 0 -> (0, 1].
        (closed(1, 2) / Interval(2, None), open_closed(0, 1)),
        # [1,2) * (-inf, 3]: sup 2*3 not reached (2 open) -> (-inf, 6).
        (closed_open(1, 2) * Interval(None, 3, False, True), Interval(None, 6, False, False)),
        # Anything times the point 0 is exactly 0, even an unbounded interval.
        (Interval(None, None) * 0, closed(0, 0)),
    ],
)
def test_arithmetic_tracks_open_and_closed_ends(result, expected):
    assert result == expected


@pytest.mark.parametrize(
    "divisor",
    [
        closed(-1, 1),                 # 0 inside
        closed(0, 1),                  # 0 is a closed end
        open_closed(0, 1),             # 0 is an open end: quotient unbounded
        Interval(None, 5, False, True),  # (-inf, 5] reaches 0
    ],
)
def test_division_by_interval_containing_zero_raises(divisor):
    with pytest.raises(IntervalError, match=r"divisor contains 0"):
        closed(1, 2) / divisor


def test_floats_are_refused():
    with pytest.raises(TypeError):
        closed(1, 2) * 0.5
    with pytest.raises(TypeError, match="floats are not exact"):
        closed(1, 2).contains(1.5)


# ------------------------------------------------------------ set operations

@pytest.mark.parametrize(
    "interval, x, inside",
    [
        (closed_open("5.65", "5.75"), "5.65", True),          # closed end
        (closed_open("5.65", "5.75"), Decimal("5.75"), False),  # open end
        (closed_open("5.65", "5.75"), F(57, 10), True),        # interior
        (Interval(640000, None), 10**12, True),                # unbounded above
        (Interval.empty(), 0, False),                          # empty holds nothing
    ],
)
def test_contains(interval, x, inside):
    assert interval.contains(x) is inside
    assert (x in interval) is inside


@pytest.mark.parametrize(
    "a, b, expected",
    [
        # [1,3) and (2,5] overlap in (2, 3).
        (closed_open(1, 3), open_closed(2, 5), open_(2, 3)),
        # Touching closed ends share one point.
        (closed(1, 2), closed(2, 3), closed(2, 2)),
        # [1,2) and [2,3] do not share 2.
        (closed_open(1, 2), closed(2, 3), Interval.empty()),
        # One-sided and bounded readings of "more than 640,000".
        (Interval(640000, None), closed_open(0, 650000), closed_open(640000, 650000)),
    ],
)
def test_intersect(a, b, expected):
    assert a.intersect(b) == expected
    assert b.intersect(a) == expected


@pytest.mark.parametrize(
    "interval, integers",
    [
        (open_(0, 2), closed(1, 1)),                  # only 1
        (closed_open("0.5", 3), closed(1, 2)),        # 1 and 2; 3 is excluded
        (open_(1, 2), Interval.empty()),              # no integer strictly between
        (closed(2, 2), closed(2, 2)),                 # the point 2
        (Interval(F(1, 2), None), Interval(1, None)),  # 1, 2, 3, ... unbounded
    ],
)
def test_integers(interval, integers):
    assert interval.integers() == integers


def test_width_and_midpoint():
    five_seven = closed_open("5.65", "5.75")
    assert five_seven.width == F(1, 10)        # 5.75 - 5.65
    assert five_seven.midpoint == F(57, 10)    # (5.65 + 5.75) / 2
    assert Interval(640000, None).width is None
    assert Interval(640000, None).midpoint is None
    assert Interval.empty().is_empty and Interval.empty().midpoint is None
    # Every empty interval is stored the same way.
    assert Interval(3, 1) == open_(5, 5) == Interval.empty()


@pytest.mark.parametrize(
    "interval, digits, text",
    [
        # Brackets follow the ends: closed "[" / "]", open "(" / ")".
        (closed_open("5.65", "5.75"), None, "[5.65, 5.75)"),
        # Whole numbers are written without decimals.
        (closed(1172, 1172), None, "[1172, 1172]"),
        # Unbounded ends are written +inf / -inf and are always open.
        (Interval(640000, None), None, "[640000, +inf)"),
        (Interval(None, -5, False, True), None, "(-inf, -5]"),
        # The empty interval has its own word.
        (Interval.empty(), None, "empty"),
        # 1/1024 has a finite decimal expansion: written exactly.
        (closed(F(1, 1024), 1), None, "[0.0009765625, 1]"),
        # 1/3 and 2/3 do not: rounded outward to 4 significant digits.
        (closed(F(1, 3), F(2, 3)), 4, "[0.3333, 0.6667]"),
        # -2/3 rounds down (outward) to -0.667 at 3 digits.
        (open_(F(-2, 3), 0), 3, "(-0.667, 0)"),
    ],
)
def test_format(interval, digits, text):
    assert interval.format(digits) == text
    if digits is None:
        assert str(interval) == text




# ------------------------------------------------------------ year on year

def test_growth_factor_and_index():
    five_seven = interval_of(read_number("5.7%"))      # [5.65, 5.75)
    # 1 + 5.65/100 = 1.0565 (closed), 1 + 5.75/100 = 1.0575 (open).
    assert growth_factor(five_seven) == closed_open("1.0565", "1.0575")
    # Index on base 100: [105.65, 105.75).
    assert implied_index(five_seven) == closed_open("105.65", "105.75")


def test_worked_example_1234_and_5_3_percent():
    current = interval_of(read_number("1,234")).integers()   # a count: exactly 1234
    assert current == closed(1234, 1234)
    change = interval_of(read_number("5.3%"))                # [5.25, 5.35)
    # previous = 1234 / [1.0525, 1.0535): the lower end 1234/1.0535 uses the
    # open 1.0535 -> open; the upper end 1234/1.0525 -> closed.
    #   1.0535 * 1171 = 1233.6485 < 1234 < 1234.702 = 1.0535 * 1172
    #   1.0525 * 1172 = 1233.53   < 1234 < 1234.5825 = 1.0525 * 1173
    # so (1171.33.., 1172.44..] and the only whole number in it is 1172.
    expected = Interval(F(12340000, 10535), F(12340000, 10525), False, True)
    assert implied_previous(current, change) == expected
    assert implied_previous(current, change, integer=True) == closed(1172, 1172)
    # Half even: 53 is odd, (5.25, 5.35), still (1171.33.., 1172.44..) -> 1172.
    both = under_both_rules(implied_previous, current, read_number("5.3%"), integer=True)
    assert both == TieRuleResult(closed(1172, 1172), closed(1172, 1172))
    assert both.needs == "either" and both.agree


def test_391000_cases_with_5_7_percent():
    current = interval_of(read_number("391,000"))   # [390500, 391500)
    change = interval_of(read_number("5.7%"))       # [5.65, 5.75) -> factor [1.0565, 1.0575)
    # lower end 390500 / 1.0575: 390500 is in, but 1.0575 is not -> open.
    #   10575 * 369267 = 3904998525, remainder 3905000000 - 3904998525 = 1475,
    #   1475 / 10575 = 0.1394.. -> 369267.1394..
    # upper end 391500 / 1.0565: 391500 is not in -> open.
    #   10565 * 370563 = 3914998095, remainder 1905, 1905 / 10565 = 0.1803..
    #   -> 370563.1803..
    # (Both ends are open: the lower end would be reached only with a change of
    # exactly 5.75%, which half-up rounding prints as 5.8%.)
    expected = Interval(F(390500 * 10000, 10575), F(391500 * 10000, 10565), False, False)
    previous = implied_previous(current, change)
    assert previous == expected
    # Printed outward to 10 significant digits.
    assert str(previous) == "(369267.1394, 370563.1804)"


def test_one_sided_reading_gives_unbounded_previous():
    current = interval_of(read_number("more than 640,000"), more_than="one_sided")
    # [640000, +inf) / [1.0565, 1.0575): 640000 / 1.0575 is not reached -> open.
    expected = Interval(F(640000 * 10000, 10575), None, False, False)
    assert implied_previous(current, interval_of(read_number("5.7%"))) == expected


def test_change_between():
    # 400 -> 421: (421/400 - 1) * 100 = 21/400 * 100 = 5.25.
    assert change_between(closed(400, 400), closed(421, 421)) == closed("5.25", "5.25")
    # 400 -> [420, 422): lo 20/400*100 = 5 (closed), hi 22/400*100 = 5.5 (open).
    assert change_between(closed(400, 400), closed_open(420, 422)) == closed_open(5, "5.5")


def test_ratio_change_cases_vs_registered():
    cases = interval_of(read_number("5.7%"))            # [5.65, 5.75)
    registered = interval_of(read_number("下降17.3%"))  # -17.3: (-17.35, -17.25]
    assert registered == open_closed("-17.35", "-17.25")
    # Factors: cases [1.0565, 1.0575), registered (0.8265, 0.8275].
    # The ratio cases/registered is smallest at 1.0565 / 0.8275 (both closed ->
    # closed) and largest at 1.0575 / 0.8265 (both open -> open).
    #   lo = (1.0565/0.8275 - 1) * 100 = (10565 - 8275)/8275 * 100 = 229000/8275 = 27.67..
    #   hi = (1.0575/0.8265 - 1) * 100 = (10575 - 8265)/8265 * 100 = 231000/8265 = 27.94..
    result = ratio_change(cases, registered)
    assert result == closed_open(F(229000, 8275), F(231000, 8265))
    # The point reading (1.057/0.827 - 1) * 100 = 230/827 * 100 = 27.81.. lies inside.
    assert result.contains(F(23000, 827))


@pytest.mark.parametrize(
    "current, printed_change, needs",
    [
        # 400 -> 421 is exactly +5.25%. Half up prints 5.3; half even prints 5.2
        # (52 is even). With "5.3%": half up [5.25, 5.35) gives previous
        # (421/1.0535, 421/1.0525] = (399.62.., 400] -> 400; half even
        # (5.25, 5.35) gives (399.62.., 400) -> no whole number.
        (421, "5.3%", "half_up"),
        # With "5.2%": half even [5.15, 5.25] gives [421/1.0525, 421/1.0515]
        # = [400, 400.38..] -> 400; half up [5.15, 5.25) gives (400, 400.38..]
        # -> no whole number.
        (421, "5.2%", "half_even"),
        # 1234 and 5.3%: 1172 under both (see the worked example).
        (1234, "5.3%", "either"),
        # 1000 and 0.2%: 1000/[1.0015, 1.0025) = (997.50.., 998.50..] -> 998;
        # half even (2 is even) closes both ends, still only 998.
        (1000, "0.2%", "either"),
        # 100 and 0.3%: 100/[1.0025, 1.0035) = (99.65.., 99.75..] -> none under either.
        (100, "0.3%", "neither"),
    ],
)
def test_under_both_rules_says_which_rule_is_needed(current, printed_change, needs):
    result = under_both_rules(implied_previous, closed(current, current), read_number(printed_change), integer=True)
    assert result.needs == needs

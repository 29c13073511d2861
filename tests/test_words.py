"""Numbers, ranges, periods, dates and languages as prose: hand-worked cases for release_figures.words."""

from __future__ import annotations

from fractions import Fraction

import pytest

from release_figures.rounding.intervals import Interval
from release_figures.words import between, change_words, date_words, language_words, number_words, period_words, times


@pytest.mark.parametrize(("value", "kwargs", "expected"), [
    (Fraction(391000), {}, "391,000"),
    (Fraction(7109, 200), {}, "35.54"),           # 35.545 to four significant digits, half to even
    (Fraction(212, 105), {}, "2.019"),            # 2.01904...
    (Fraction(123456, 7), {}, "17,640"),          # 17,636.57 to four significant digits, shown whole
    (Fraction(-1, 3), {"digits": 2}, "-0.33"),
    (Fraction(369267, 2), {"whole": True}, "184,634"),  # 184,633.5 rounded to a whole count, half to even
    (Fraction(0), {}, "0"),
])
def test_number_words(value, kwargs, expected):
    assert number_words(value, **kwargs) == expected


def test_between_names_each_kind_of_interval():
    assert between(Interval(Fraction(369268), Fraction(370562)), whole=True) == "between 369,268 and 370,562"
    assert between(Interval(Fraction(640000), None, lo_closed=False)) == "more than 640,000"
    assert between(Interval(None, Fraction(999))) == "at most 999"
    assert between(Interval.point(6)) == "6"
    assert between(Interval(Fraction(29, 10), Fraction(31, 10)), unit="tons") == "between 2.9 tons and 3.1 tons"
    assert between(Interval(Fraction(1), Fraction(1), lo_closed=False)) == "no value at all"


def test_times_and_change_words():
    assert times(Interval(Fraction(202, 100), Fraction(208, 100))) == "2.02 to 2.08 times"
    # 17.05% to 17.14%: rounded outward the ends differ by more than one step, so a range
    assert change_words(Interval(Fraction(-1714, 100), Fraction(-1705, 100))) == "a fall of between 17.0% and 17.2%"
    # both ends round within one step: one figure, from the middle (-17.12%)
    assert change_words(Interval(Fraction(-17125, 1000), Fraction(-17115, 1000))) == "a fall of 17.1%"
    assert change_words(Interval(Fraction(1, 100), Fraction(4, 100))) == "no change"  # 0.0% to 0.1%, middle 0.025%
    assert change_words(Interval(Fraction(-1, 100), Fraction(1, 100))) == "a change of between -0.1% and +0.1%"
    assert change_words(Interval(Fraction(-2), Fraction(3))) == "a change of between -2.0% and +3.0%"


@pytest.mark.parametrize(("period", "expected"), [
    ("2022", "2022"),
    ("2022-12", "December 2022"),
    ("2022-01/2022-11", "January to November 2022"),
    ("2022-06-25/2022-09-27", "25 June to 27 September 2022"),
    ("2021-12/2022-02", "December 2021 to February 2022"),
])
def test_period_words(period, expected):
    assert period_words(period) == expected


def test_date_words():
    assert date_words("2023-05-30") == "30 May 2023"
    assert date_words("2024-01") == "January 2024"
    assert date_words("2026") == "2026"


def test_language_words_names_the_tag_and_keeps_the_note():
    assert language_words("en (machine translation from Chinese)") == "English (machine translation from Chinese)"
    assert language_words("zh-Hans") == "Chinese (zh-Hans, simplified characters)"
    assert language_words("fr") == "fr"  # a tag not listed is kept as written

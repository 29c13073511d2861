"""English news copy of Chinese statistics: "percent", "per cent", and the direction of a change in words.

Each passage is one phrasing of English news reports of Chinese official
statistics (Xinhua, China Daily, CGTN, China News Service's English
service): those marked "fixture" are printed in the Xinhua report of 24
October 2023 (``tests/fixtures/xinhua-2023-summer-campaign``); the others are
short phrasings of the kind such reports print, one form or one refusal
each. Each is read as a figure of a one-passage release through the figures
stage, and its value, sign, rounding unit and qualifier are compared with
the ones worked out by hand beside it. What the reader cannot take is
refused by name.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _invented import XINHUA_FIXTURE

from release_figures.errors import FigureParseError
from release_figures.reading.directions import direction_of, direction_problem, direction_words
from release_figures.reading.number_scan import find_numbers
from release_figures.reading.numbers import read_number
from release_figures.reading.register import parse_register
from release_figures.stages.figures import figure_rows


def read(passage: str, kind: str = "change_pct", token: int | None = None, text: str | None = None) -> dict:
    """The figures-table row of the one figure a register quotes as ``passage`` (in ``text``, or alone)."""
    unit = {"change_pct": "percent", "share_pct": "percent", "change_points": "percentage points"}.get(kind, "cases")
    figure = {"figure_id": "figure", "section": "news", "indicator": "what the passage counts", "unit": unit,
              "period": "2023", "kind": kind, "quote": passage}
    if kind in ("change_pct", "share_pct", "change_points"):
        figure["refers_to_indicator"] = "the level the change is of"
    if token is not None:
        figure["token"] = token
    register = parse_register({"vocabulary": {"sections": [{"section": "news"}]}, "figures": [figure]},
                              "news/register.yaml")
    (row,) = figure_rows(passage if text is None else text, register)
    return row


def reading(row: dict) -> tuple[str, str, str, str]:
    """(value, rounding unit, qualifier, printed form) of a row."""
    return row["value"], row["precision"], row["qualifier"], row["stated"]


# ---------------------------------------------------------------- percent and per cent

@pytest.mark.parametrize("printed, value, precision", [
    ("13.8 percent", "13.8", "0.1"),
    ("24 percent", "24", "1"),       # a whole percentage printed to the unit
    ("20.5 percent", "20.5", "0.1"),
    ("5.2 per cent", "5.2", "0.1"),  # British spelling, two words
    ("40.1 Percent", "40.1", "0.1"),
    ("20 percent", "20", "10"),      # its trailing zero read as rounding, as "20%" is
])
def test_percent_words_read_as_the_percent_sign_does(printed, value, precision):
    number = read_number(printed)
    sign = read_number(printed.split()[0] + "%")
    assert (str(number.value), str(number.precision), number.percent, number.stated) == (
        value, precision, True, printed)
    assert (number.value, number.precision, number.percent) == (sign.value, sign.precision, sign.percent)


@given(value=st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
       word=st.sampled_from(["percent", "per cent", "Percent", "PER CENT"]))
def test_any_percentage_in_words_reads_as_with_the_sign(value, word):
    printed = format(value, "f")
    words, sign = read_number(f"{printed} {word}"), read_number(f"{printed}%")
    assert (words.value, words.precision, words.qualifier, words.percent) == (
        sign.value, sign.precision, sign.qualifier, True)


def test_the_scan_takes_the_percent_word_with_its_number():
    text = ("dropped by 24 percent and 20.5 per cent, respectively, up 3.2 percentage points; "
            "12 percentages are not a percent")
    assert [token.text for token in find_numbers(text)] == [
        "24 percent", "20.5 per cent", "3.2 percentage points", "12"]


# ---------------------------------------------------------------- changes as English copy prints them

@pytest.mark.parametrize("passage, token, value, precision", [
    # the direction word before the number
    ("up 13.6 percent year-on-year", None, "13.6", "0.1"),
    ("rose 6.8 percent to 791,000", 1, "6.8", "0.1"),
    ("down 5.2 per cent from a year earlier", None, "-5.2", "0.1"),
    ("fell by 3 percent", None, "-3", "1"),
    ("surged by 40.1 percent", None, "40.1", "0.1"),
    ("declined 2.4 percent year on year", None, "-2.4", "0.1"),
    ("went down 19.7 percent year-on-year to 22,000", 1, "-19.7", "0.1"),
    ("down 7.8 percent from the previous year", None, "-7.8", "0.1"),
    ("grew 9 percent y-o-y", None, "9", "1"),
    ("increased by 6.1 percent compared with the same period last year", None, "6.1", "0.1"),
    ("a year-on-year decrease of 3.5 per cent", None, "-3.5", "0.1"),
    ("lower by 2.1 per cent on a year-on-year basis", None, "-2.1", "0.1"),
    ("up 4.4 percent over the previous year", None, "4.4", "0.1"),  # "over" after the number: no qualifier
    ("a year-on-year growth of 5.1 percent", None, "5.1", "0.1"),
    # the comparison after the number
    ("were 13.8 percent lower than in the same period of 2022", 1, "-13.8", "0.1"),  # fixture
    ("were 9.7 percent higher than the same period last year", None, "9.7", "0.1"),
    ("3.5 percent fewer than a year earlier", None, "-3.5", "0.1"),
    ("12.4 percent more than the same period of 2022", 1, "12.4", "0.1"),
    ("6 per cent less than in 2021", 1, "-6", "1"),
])
def test_a_change_takes_its_sign_from_its_direction_words(passage, token, value, precision):
    row = read(passage, token=token)
    # "more than" after the number is the comparison, not the qualifier "more than 566,000"
    assert reading(row)[:3] == (value, precision, "exact"), passage
    assert row["stated"].split()[0] == value.lstrip("-")


@pytest.mark.parametrize("passage, values", [
    # one direction word for the whole list, before it, with or without "respectively" and its commas
    ("dropped by 24 percent and 20.5 percent, respectively, on a year-on-year basis",  # fixture
     [("-24", "1"), ("-20.5", "0.1")]),
    ("down 5.3 percent and 19.6 percent respectively", [("-5.3", "0.1"), ("-19.6", "0.1")]),
    ("up 24.3 percent, 23.7 percent and 21 percent from the same period last year",
     [("24.3", "0.1"), ("23.7", "0.1"), ("21", "1")]),
    # or after it
    ("were 24 percent and 20.5 percent lower, respectively, than a year earlier",
     [("-24", "1"), ("-20.5", "0.1")]),
])
def test_one_direction_word_signs_every_number_of_a_list(passage, values):
    assert [reading(read(passage, token=index + 1))[:2] for index in range(len(values))] == values


def test_the_fixture_passages_read_in_the_whole_report():
    text = (XINHUA_FIXTURE / "raw" / "xinhua-2023-10-24.en.txt").read_text(encoding="utf-8")
    row = read("reported crimes during the period were 13.8 percent lower than in the same period of 2022", token=1,
               text=text)
    assert reading(row) == ("-13.8", "0.1", "exact", "13.8 percent")
    assert text[row["number_start"]:row["number_end"]] == "13.8 percent"


@pytest.mark.parametrize("passage, kind, expected", [
    ("More than 566,000 criminal cases", "count", ("566000", "1000", "more_than", "566,000")),  # fixture
    ("over 2 million cases of minor offenses", "count", ("2000000", "1000000", "more_than", "2 million")),  # fixture
    ("with a total of 975,000 suspects captured", "count", ("975000", "1000", "exact", "975,000")),  # fixture
    ("Nearly 86 percent", "share_pct", ("86", "1", "about", "86 percent")),
])
def test_levels_and_shares_keep_their_qualifiers(passage, kind, expected):
    assert reading(read(passage, kind=kind)) == expected


# ---------------------------------------------------------------- what is not a direction

@pytest.mark.parametrize("text, words", [
    ("More than 566,000 criminal cases", []),                       # a qualifier, not a rise
    ("police campaigns to crack down on crimes", []),                # a phrasal verb
    ("stepped up efforts and set up a centre", []),
    ("on a year-on-year basis; y-o-y; compared with the same period last year", []),
    ("were 13.8 percent lower than in the same period of 2022", [("lower", -1)]),
    ("dropped by 24 percent and 20.5 percent, respectively", [("dropped", -1)]),
    ("higher by 2 percent", [("higher by", 1)]),
    ("同比下降3.2%", [("下降", -1)]),
])
def test_direction_words_found(text, words):
    assert [(word.text, word.sign) for word in direction_words(text)] == words


def test_a_crackdown_beside_a_rise_is_still_a_rise():
    # After the fixture's "campaigns to crack down on crimes".
    assert direction_of("police cracked down on fraud, and solved cases rose 5 percent") == 1
    assert read("cracked down on fraud, and solved cases rose 5 percent")["value"] == "5"


# ---------------------------------------------------------------- refused by name

LABEL = "figure 'figure' (news/register.yaml)"
EXPECTED = ("expected the words of one direction: a rise (up, rose, increased, grew, surged, an increase of; 增长, 上升) "
            "or a fall (down, fell, dropped, declined, decreased, a decrease of; 下降, 减少) before the number, or a "
            "comparison after it (13.8 percent lower than, higher than, fewer than, more than)")


def test_a_change_without_a_direction_word_is_refused_naming_what_was_expected():
    # The fixture's list quoted without its "dropped by".
    with pytest.raises(FigureParseError) as error:
        read("24 percent and 20.5 percent, respectively, on a year-on-year basis", token=1)
    assert str(error.value) == (
        f"{LABEL}: a change needs exactly one direction in its quote "
        f"'24 percent and 20.5 percent, respectively, on a year-on-year basis': {EXPECTED}; found none")


def test_a_change_with_words_of_both_directions_is_refused_naming_them():
    with pytest.raises(FigureParseError) as error:
        read("rose 5 percent after it fell 3 percent", token=1)
    assert str(error.value) == (
        f"{LABEL}: a change needs exactly one direction in its quote 'rose 5 percent after it fell 3 percent': "
        f"{EXPECTED}; found both a rise ('rose') and a fall ('fell'): shorten the quote to this figure's clause")
    assert direction_problem("down 5.2 per cent") is None


@pytest.mark.parametrize("passage", ["up 13.8 pct year on year", "a 13.8-percent drop"])
def test_a_change_not_printed_as_a_percentage_is_refused(passage):
    with pytest.raises(FigureParseError) as error:
        read(passage)
    assert str(error.value) == (f"{LABEL}: a change_pct figure must be printed with '%', 'percent' or 'per cent', "
                                "found '13.8'")


@pytest.mark.parametrize("passage, bound, token", [
    ("fell by less than 1 percent", "less than", "1 percent"),
    ("rose by up to 20 percent", "up to", "20 percent"),
    ("rose no more than 5 per cent", "no more than", "5 per cent"),  # not "more than 5": an upper bound
    ("dropped below 3 percent", "below", "3 percent"),
])
def test_a_number_after_an_upper_bound_is_refused(passage, bound, token):
    with pytest.raises(FigureParseError) as error:
        read(passage)
    assert str(error.value) == (
        f"{LABEL}: {token!r} follows {bound!r}, an upper bound the reader does not take (it would read the number "
        "as exact); expected a number printed as exact or after more than, over, about, nearly, approximately, "
        "around or almost")


def test_the_sign_and_size_are_exact_decimals():
    row = read("dropped by 24 percent and 20.5 percent, respectively", token=2)
    assert Decimal(row["value"]) == Decimal("-20.5") and Decimal(row["precision"]) == Decimal("0.1")

"""Unit tests of the number reader with hand-computed cases.

Each expected value and rounding unit below was worked out by hand from the
rules in ``release_figures.numbers``: the value in base units, the rounding
unit from the last printed decimal place or the trailing zeros, times the
scale word.
"""

from decimal import Decimal

import pytest

from release_figures.errors import ReleaseError
from release_figures.numbers import NumberFormatError, find_numbers, format_decimal, read_number

D = Decimal


@pytest.mark.parametrize(
    ("printed", "value", "precision", "qualifier", "percent"),
    [
        # three trailing zeros read as rounding to the thousand
        ("391,000", D(391000), D(1000), "exact", False),
        # no trailing zero: exact to the unit
        ("37,527", D(37527), D(1), "exact", False),
        # two decimals of a million: 0.01 x 1,000,000 = 10,000
        ("1.43 million", D(1430000), D(10000), "exact", False),
        # a bare digit times a billion: rounded to the billion
        ("6 billion", D(6000000000), D(1000000000), "exact", False),
        # one decimal place: tenths
        ("18.9", D("18.9"), D("0.1"), "exact", False),
        # a percentage keeps its printed value and says it is a percentage
        ("5.7%", D("5.7"), D("0.1"), "exact", True),
        ("99.3%", D("99.3"), D("0.1"), "exact", True),
        # a number word counts exactly
        ("six", D(6), D(1), "exact", False),
        # "more than" is a qualifier; the rounding unit still comes from the zeros
        ("more than 8,700", D(8700), D(100), "more_than", False),
        ("over 600", D(600), D(100), "more_than", False),
        ("about 5", D(5), D(1), "about", False),
        # 37万余: 37 x 10^4, rounded to the 万, with a remainder dropped
        ("37万余", D(370000), D(10000), "more_than", False),
        # 4.17亿: 4.17 x 10^8, two decimals of 亿 = 10^6
        ("4.17亿", D(417000000), D(1000000), "exact", False),
        # 1.2万: 1.2 x 10^4 = 12,000, rounding 0.1 x 10^4 = 1,000
        ("1.2万", D(12000), D(1000), "exact", False),
        # 2129万: 21,290,000 to the 万
        ("2129万", D(21290000), D(10000), "exact", False),
        # 60多亿: 60 x 10^8 = 6 x 10^9; the zero of 60 reads as rounding: 10 x 10^8
        ("60多亿", D(6000000000), D(1000000000), "more_than", False),
        # 6亿多人次: 6 x 10^8, 多 after the scale, the measure word 人次 carries no value
        ("6亿多人次", D(600000000), D(100000000), "more_than", False),
        # 下降 (a fall) makes the change negative
        ("下降28.6%", D("-28.6"), D("0.1"), "exact", True),
        # leading zeros are not rounding and do not change the value
        ("007", D(7), D(1), "exact", False),
        # zero is exact to the unit
        ("0", D(0), D(1), "exact", False),
    ],
)
def test_read_number_hand_computed(printed, value, precision, qualifier, percent):
    number = read_number(printed)
    assert number.value == value
    assert number.precision == precision
    assert number.qualifier == qualifier
    assert number.percent is percent


def test_stated_keeps_the_printed_form_without_the_qualifier():
    assert read_number("more than 8,700").stated == "8,700"
    assert read_number(" 391,000 ").stated == "391,000"
    assert read_number("37万余").stated == "37万余"


@pytest.mark.parametrize(
    ("printed", "message"),
    [
        # empty text is not a number
        ("", "empty string"),
        ("   ", "empty string"),
        # a thousands group of four digits is not a thousands separator
        ("1,2345", "cannot read '1,2345'"),
        # a space as a thousands separator is not read (391 000 could be two numbers)
        ("391 000", "cannot read '391 000'"),
        # non-breaking and thin spaces likewise
        ("391\u00a0000", "cannot read"),
        ("391\u2009000", "cannot read"),
        # full-width digits are refused, naming the digit and its code point
        ("３９１,０００", r"non-ASCII digit '３' \(U\+FF13\)"),
        # Arabic-Indic digits likewise
        ("٣٩١", r"non-ASCII digit '٣' \(U\+0663\)"),
        # a qualifier without a number
        ("more than", "cannot read 'more than'"),
        # words that are not numbers
        ("many", "cannot read 'many'"),
        # a qualifier word on a Chinese form (约 is the Chinese qualifier)
        ("about 37万余", "cannot read"),
        # two numbers are not one
        ("5.7% 6.4%", "cannot read"),
        # a scale word alone
        ("million", "cannot read 'million'"),
    ],
)
def test_read_number_rejects_with_named_error(printed, message):
    with pytest.raises(NumberFormatError, match=message):
        read_number(printed)


def test_read_number_rejects_non_text():
    with pytest.raises(NumberFormatError, match="expected a printed number as text, got int"):
        read_number(391000)


def test_number_format_error_is_a_release_error():
    # callers catching ReleaseError (the CLI does) also catch reader errors
    assert issubclass(NumberFormatError, ReleaseError)


def test_dot_is_a_decimal_point_not_a_thousands_separator():
    # "391.000" is read as 391 to three decimals: the value differs from
    # 391,000, which is why the pipeline matches quotes exactly instead of
    # re-reading numbers that merely look alike.
    number = read_number("391.000")
    assert number.value == D(391)
    assert number.precision == D("0.001")


def test_find_numbers_offsets_and_forms():
    text = "On the 10th, six teams cracked 391,000 cases, up 5.7%; the third day; ３ items."
    tokens = find_numbers(text)
    assert [(t.text, t.form) for t in tokens] == [
        ("10th", "ordinal"),
        ("six", "word"),
        ("391,000", "digits"),
        ("5.7%", "digits"),
        ("third", "ordinal"),
        ("３", "nonascii"),
    ]
    for token in tokens:
        assert text[token.start:token.end] == token.text


def test_find_numbers_keeps_scale_words_with_the_digits():
    text = "More than 1.43 million people and 6 billion yuan"
    assert [t.text for t in find_numbers(text)] == ["1.43 million", "6 billion"]


def test_find_numbers_reports_arabic_indic_digits():
    text = "cracked ٣٩١ cases"
    (token,) = find_numbers(text)
    assert (token.text, token.form, token.start, token.end) == ("٣٩١", "nonascii", 8, 11)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        # an exponent is written out
        (D("1.43E+6"), "1430000"),
        # trailing zeros after the point are dropped
        (D("-17.30"), "-17.3"),
        # zero in any form is "0"
        (D("0.000"), "0"),
        # small decimals stay in plain notation
        (D("1E-3"), "0.001"),
    ],
)
def test_format_decimal(value, text):
    assert format_decimal(value) == text

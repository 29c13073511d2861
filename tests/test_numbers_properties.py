"""Property tests for the number reader (hypothesis).

* Formatting a number the way the release prints it and reading it back
  gives the same value, the rounding unit the printed form implies, and an
  interval (``intervals.interval_of``) that contains the number.
* A true value rounded to a unit and printed reads back as an interval that
  contains the true value.
* On arbitrary text the reader returns a PrintedNumber or raises
  NumberFormatError, never anything else; the token scanner never raises
  and its offsets always point at the token text.
"""

import math
from decimal import Decimal
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from release_figures.intervals import interval_of
from release_figures.numbers import NumberFormatError, PrintedNumber, find_numbers, read_number

D = Decimal


def trailing_zero_unit(n: int) -> Decimal:
    """The rounding unit a whole number's trailing zeros imply (1 for 0)."""
    if n == 0:
        return D(1)
    zeros = len(str(n)) - len(str(n).rstrip("0"))
    return D(10) ** zeros


def decimal_text(value: Decimal, places: int, commas: bool) -> str:
    """``value`` with exactly ``places`` decimals, optionally with thousands commas."""
    return format(value, f"{',' if commas else ''}.{places}f")


@given(n=st.integers(min_value=0, max_value=10**15), commas=st.booleans())
def test_whole_numbers_round_trip(n, commas):
    printed = f"{n:,}" if commas else str(n)
    number = read_number(printed)
    assert number.value == n
    assert number.precision == trailing_zero_unit(n)
    assert number.qualifier == "exact" and not number.percent
    assert Fraction(n) in interval_of(number)


@given(units=st.integers(min_value=0, max_value=10**9), places=st.integers(min_value=1, max_value=4),
       commas=st.booleans(), percent=st.booleans())
def test_decimals_round_trip(units, places, commas, percent):
    value = D(units).scaleb(-places)
    printed = decimal_text(value, places, commas) + ("%" if percent else "")
    number = read_number(printed)
    assert number.value == value
    assert number.precision == D(1).scaleb(-places)
    assert number.percent is percent
    assert Fraction(value) in interval_of(number)


@given(units=st.integers(min_value=1, max_value=99999), places=st.integers(min_value=0, max_value=2),
       scale=st.sampled_from([("thousand", 3), ("million", 6), ("billion", 9)]))
def test_english_scale_words_round_trip(units, places, scale):
    word, power = scale
    mantissa = D(units).scaleb(-places)
    number = read_number(f"{decimal_text(mantissa, places, False)} {word}")
    assert number.value == mantissa.scaleb(power)
    if places:
        assert number.precision == D(1).scaleb(power - places)
    else:
        assert number.precision == trailing_zero_unit(units) * D(10) ** power
    assert Fraction(number.value) in interval_of(number)


@given(units=st.integers(min_value=1, max_value=99999), places=st.integers(min_value=0, max_value=2),
       scale=st.sampled_from([("万", 4), ("亿", 8)]), more=st.sampled_from(["", "余", "多"]))
def test_chinese_forms_round_trip(units, places, scale, more):
    word, power = scale
    mantissa = D(units).scaleb(-places)
    number = read_number(f"{decimal_text(mantissa, places, False)}{word}{more}")
    assert number.value == mantissa.scaleb(power)
    assert number.qualifier == ("more_than" if more else "exact")
    interval = interval_of(number)
    if more:
        # "more than" reads as (v, v + p): more than v itself, with a remainder below one unit dropped
        assert Fraction(number.value) not in interval
        assert Fraction(number.value + number.precision / 2) in interval
        assert Fraction(number.value + number.precision) not in interval
    else:
        assert Fraction(number.value) in interval


@given(n=st.integers(min_value=1, max_value=10**9),
       word=st.sampled_from(["more than", "over", "about", "nearly", "approximately", "around"]))
def test_qualified_numbers_contain_their_value(n, word):
    number = read_number(f"{word} {n:,}")
    assert number.value == n
    assert number.qualifier == ("more_than" if word in ("more than", "over") else "about")
    # "more than n" excludes n itself; "about n" holds it
    assert (Fraction(n) in interval_of(number)) == (number.qualifier == "about")


@given(true=st.fractions(min_value=0, max_value=10**9, max_denominator=1000),
       power=st.integers(min_value=-3, max_value=6))
def test_a_rounded_true_value_lies_in_the_interval_of_its_printed_form(true, power):
    # Round half up to 10^power (exactly, in fractions), print it as the
    # release would, read it back. A printed 0 is left out: it carries no
    # rounding unit (a count rounded to the ten prints 0 for 1..4), so the
    # reader's unit 1 for "0" is a reading, not a consequence of the print.
    unit = Fraction(10) ** power
    units = math.floor(true / unit + Fraction(1, 2))
    assume(units != 0)
    rounded = D(units).scaleb(power)
    printed = f"{rounded:,.{max(0, -power)}f}"
    number = read_number(printed)
    assert number.value == rounded
    assert true in interval_of(number, tie_rule="half_up")


@given(text=st.text(max_size=40))
def test_reader_returns_a_number_or_raises_its_own_error(text):
    try:
        result = read_number(text)
    except NumberFormatError:
        return
    assert isinstance(result, PrintedNumber)
    assert result.precision > 0


ALPHABET = st.sampled_from(list("0123456789,.% 万亿余多约下降增长") + ["million", "more than ", "over ", "six", "３", "٣", "\u00a0", "\u2009"])


@given(parts=st.lists(ALPHABET, max_size=12))
def test_reader_on_number_like_text_returns_or_raises_its_own_error(parts):
    # Text built from number pieces reaches deeper branches than random text.
    text = "".join(parts)
    try:
        result = read_number(text)
    except NumberFormatError:
        return
    assert isinstance(result, PrintedNumber)
    assert result.value.is_finite() and result.precision > 0


@given(text=st.text(max_size=200))
def test_scanner_never_raises_and_offsets_point_at_tokens(text):
    previous_end = 0
    for token in find_numbers(text):
        assert text[token.start:token.end] == token.text
        assert token.start >= previous_end
        previous_end = token.end
        assert token.form in ("digits", "word", "ordinal", "nonascii")


@given(parts=st.lists(ALPHABET, max_size=12))
def test_every_digits_token_reads_or_raises_its_own_error(parts):
    text = " ".join(parts)
    for token in find_numbers(text):
        if token.form == "digits":
            try:
                read_number(token.text)
            except NumberFormatError:
                pass

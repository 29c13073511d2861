"""Property tests for the number reader (hypothesis).

* Formatting a number the way the release prints it and reading it back
  gives the same value, the rounding unit the printed form implies, and an
  interval (``intervals.interval_of``) that contains the number.
* A true value rounded to a unit and printed reads back as an interval that
  contains the true value.
* On arbitrary text the reader returns a PrintedNumber or raises
  NumberFormatError, never anything else; the token scanner returns tokens
  whose offsets point at the token text and never overlap, or refuses a
  number it would misread, naming the token and its offset.
* A true value printed in any Chinese form (digits with a scale, Chinese
  numerals, 余/多/超/逾/以上 or 约/近/左右) reads back to an interval that
  holds it; in running text each such number is exactly one token.
"""

import math
import re
from decimal import Decimal
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from release_figures.rounding.intervals import interval_of
from release_figures.reading.numbers import (
    LANGUAGES,
    TOKEN_FORMS,
    NumberFormatError,
    PrintedNumber,
    read_number,
)
from release_figures.reading.number_scan import find_numbers

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


def _scan_or_refusal(text: str, language: str):
    """The scanner's tokens, or None when it refused a number (naming the token and its offset)."""
    try:
        return find_numbers(text, language)
    except NumberFormatError as error:
        assert re.search(r"numeric token '.*' at offset \d+", str(error), re.DOTALL), str(error)
        return None


@given(text=st.text(max_size=200), language=st.sampled_from(LANGUAGES))
def test_scanner_returns_tokens_or_refuses_by_name_and_offsets_point_at_tokens(text, language):
    tokens = _scan_or_refusal(text, language)
    previous_end = 0
    for token in tokens or []:
        assert text[token.start:token.end] == token.text
        assert token.start >= previous_end  # tokens never overlap
        previous_end = token.end
        assert token.form in TOKEN_FORMS


CHINESE_ALPHABET = st.sampled_from(list("0123456789,.%万亿千百十余多超约近以上左右第〇零一二两三五九起名年个百分点之不足")
                                   + ["１", "％", "破获案件", "，", "。"])


@given(parts=st.lists(st.one_of(ALPHABET, CHINESE_ALPHABET), max_size=14), language=st.sampled_from(LANGUAGES))
def test_every_number_token_reads(parts, language):
    # The scanner reads every number it returns (or refuses): a digits or numeral token always reads.
    text = "".join(parts)
    for token in _scan_or_refusal(text, language) or []:
        if token.form in ("digits", "numeral"):
            assert isinstance(read_number(token.text, language), PrintedNumber)


# ------------------------------------------------------------------ Chinese forms

ZH_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """``n`` (0 <= n < 10**12) in Chinese numerals, written here independently of the reader."""
    def group(x: int) -> str:  # 0 < x < 10000
        out, gap = "", False
        for place, mark in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = x // place % 10
            if digit == 0:
                gap = gap or bool(out)
                continue
            out += ("零" if gap else "") + ZH_DIGITS[digit] + mark
            gap = False
        return out

    out, gap = "", False
    for value, mark in ((n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")):
        if value == 0:
            gap = gap or bool(out)
            continue
        out += ("零" if out and (gap or value < 1000) else "") + group(value) + mark
        gap = False
    return out or "零"


SCALES = [("", 0), ("千", 3), ("万", 4), ("千万", 7), ("亿", 8), ("万亿", 12)]
MORE_THAN = [("", "余"), ("", "多"), ("超", ""), ("逾", ""), ("超过", ""), ("", "以上")]
ABOUT = [("约", ""), ("近", ""), ("", "左右")]


@st.composite
def chinese_printed(draw):
    """(printed form, a true value it stands for, whether it is a percentage).

    The true value is drawn first; the printed form rounds it (half up) to the
    unit its digits show, or for a "more than" qualifier truncates a value
    strictly above the printed one, as the release would print it.
    """
    style = draw(st.sampled_from(["digits", "numeral"]))
    qualifier = draw(st.sampled_from(["exact", "more_than", "about"]))
    before, after = ("", "")
    if qualifier == "more_than":
        before, after = draw(st.sampled_from(MORE_THAN))
    elif qualifier == "about":
        before, after = draw(st.sampled_from(ABOUT))
    if style == "digits":
        units = draw(st.integers(1, 99999))
        places = draw(st.integers(0, 2))
        scale, power = draw(st.sampled_from(SCALES))
        # 余 and 多 are not printed after a percent sign (80%以上 is)
        percent = scale == "" and after not in ("余", "多") and draw(st.booleans())
        mantissa = D(units).scaleb(-places)
        body = format(mantissa, f".{places}f") + scale + ("%" if percent else "")
        printed_value = Fraction(mantissa) * 10**power
        unit = Fraction(10) ** (power - places) if places else Fraction(trailing_zero_unit(units)) * 10**power
    else:
        whole = draw(st.integers(1, 10**11))
        percent = False
        body = chinese_numeral(whole)
        printed_value, unit = Fraction(whole), Fraction(trailing_zero_unit(whole))
    share = draw(st.fractions(min_value=0, max_value=1, max_denominator=97))
    if qualifier == "more_than":
        assume(0 < share < 1)
        true = printed_value + share * unit              # strictly above the printed floor
    else:
        true = printed_value + (share - Fraction(1, 2)) * unit * Fraction(99, 100)  # rounds to it
    if after in ("余", "多") and not percent:
        # 余/多 sit after the digits and before the scale: 2600余, 60多亿, 三十多万
        text = body
        for mark in ("万亿", "千万", "万", "亿", "千"):
            if style == "digits" and body.endswith(mark):
                text = body[: -len(mark)] + after + mark
                break
        else:
            text = body + after
        printed = before + text
    else:
        printed = before + body + after
    return printed, true, percent


@given(form=chinese_printed())
def test_a_chinese_printed_form_reads_back_to_an_interval_holding_its_true_value(form):
    printed, true, percent = form
    number = read_number(printed, "zh")
    assert number.percent is percent
    assert true in interval_of(number), (printed, true, number)


FILLERS = ["破获案件", "，抓获嫌疑人", "。全国公安机关", "同比", "共", "；其中", "\n"]
MEASURES = ["起", "名", "人次", "年", "元", "辆"]


@given(pieces=st.lists(st.tuples(st.sampled_from(FILLERS), chinese_printed(), st.sampled_from(MEASURES)),
                       min_size=1, max_size=5))
def test_the_scanner_never_splits_a_chinese_number(pieces):
    text, spans = "", []
    for filler, (printed, _, percent), measure in pieces:
        text += filler
        spans.append((len(text), len(text) + len(printed)))
        text += printed + ("" if percent or printed.endswith(("以上", "左右")) else measure)
    tokens = find_numbers(text, "zh")
    for before, after in zip(tokens, tokens[1:]):
        assert before.end <= after.start  # never overlapping
    starts = {(t.start, t.end) for t in tokens}
    for span in spans:
        assert span in starts, (text, span, tokens)  # each printed number is exactly one token
    assert len(tokens) == len(spans)


# ------------------------------------------------------------------ the scanner's first-character check

# Pieces that begin tokens, nearly begin them, or fold into their letters under IGNORECASE
# (ſ is a long s, K the Kelvin sign), with separators between.
SCAN_PIECES = st.sampled_from(
    list("0123456789,.% -第百分之超逾大约約将將接近〇零一二两兩三四五六七八九十千万萬亿億余多以上左右个起年st")
    + ["ſix", "ſecond", "\u212aey", "Six", "TWENTY-one", "twenty-", "first", "fifth", "tenth", "thousand", "million",
       "percentage points", "dozen", "hundred", "zero", "one", "none", "often", "stone", "３", "٣", "\u00a0", "第三",
       "百分之十二", "超过", "大约", "将近", "接近", "一站式", "10th", "2nd", "a", "é", "_", "\n"])


@given(parts=st.lists(SCAN_PIECES, max_size=16))
def test_the_scanners_first_character_check_changes_no_match(parts):
    # The scanner looks ahead for a character a token can begin with before trying its alternatives;
    # without that check it must find exactly the same matches, groups and all.
    from release_figures.reading.number_forms import _SCAN_ALTERNATIVES, _SCAN_RE

    text = "".join(parts)
    plain = re.compile(_SCAN_ALTERNATIVES, re.IGNORECASE)
    assert [(m.span(), m.groupdict()) for m in _SCAN_RE.finditer(text)] == \
           [(m.span(), m.groupdict()) for m in plain.finditer(text)]


@given(text=st.text(max_size=120))
def test_the_scanners_first_character_check_changes_no_match_on_any_text(text):
    from release_figures.reading.number_forms import _SCAN_ALTERNATIVES, _SCAN_RE

    plain = re.compile(_SCAN_ALTERNATIVES, re.IGNORECASE)
    assert [m.span() for m in _SCAN_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]

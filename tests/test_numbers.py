"""Unit tests of the number reader with hand-computed cases.

Each expected value and rounding unit below was worked out by hand from the
rules in ``release_figures.reading.numbers``: the value in base units, the rounding
unit from the last printed decimal place or the trailing zeros, times the
scale word.
"""

import re
from decimal import Decimal

import pytest

from release_figures.errors import ReleaseError
from release_figures.reading.number_scan import find_numbers
from release_figures.reading.numbers import NumberFormatError, format_decimal, read_number

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


# ------------------------------------------------------------------ Chinese printed forms

# The five misreadings of a real Chinese report of the ministry's previous press
# conference (issue "Releases in Chinese"), each a printed passage verbatim, with
# the reading worked out by hand: (token, value, rounding unit, qualifier).
MISREADINGS = [
    # 3265 x 10^8 yuan; the last printed digit is in 亿: rounded to 100,000,000
    ("紧急拦截涉案资金3265亿元", "3265亿", D(326_500_000_000), D(100_000_000), "exact"),
    # 2337 x 10^4 persons, to the 万
    ("避免了2337万名民众受骗", "2337万", D(23_370_000), D(10_000), "exact"),
    # 5.4 x 10^4 cases: one decimal of 万 = 1,000
    ("破获毒品案件5.4万起", "5.4万", D(54_000), D(1_000), "exact"),
    # 1900余: more than 1,900; two trailing zeros read as rounding to the hundred
    ("破获各类文物犯罪1900余起", "1900余", D(1_900), D(100), "more_than"),
    ("抓获违法犯罪嫌疑人2600余名", "2600余", D(2_600), D(100), "more_than"),
]


@pytest.mark.parametrize(("passage", "token", "value", "precision", "qualifier"), MISREADINGS)
def test_the_five_misreadings_are_read_as_printed(passage, token, value, precision, qualifier):
    (found,) = find_numbers(passage, "zh")
    assert (found.text, found.form) == (token, "digits")
    assert passage[found.start:found.end] == token
    number = read_number(found.text, "zh")
    assert (number.value, number.precision, number.qualifier) == (value, precision, qualifier)
    assert number.stated == token  # the qualifier character stays in the printed form


@pytest.mark.parametrize(
    ("printed", "value", "precision", "qualifier"),
    [
        # digits with a scale character and its combinations
        ("3千", D(3000), D(1000), "exact"),
        ("1.2千万", D(12_000_000), D(1_000_000), "exact"),     # 千万 = 10^7, one decimal: 10^6
        ("2万亿", D(2 * 10**12), D(10**12), "exact"),           # 万亿 = 10^12
        ("5百", D(500), D(100), "exact"),
        # qualifiers before and after
        ("超300", D(300), D(100), "more_than"),
        ("超过3000", D(3000), D(1000), "more_than"),
        ("逾1.2万", D(12000), D(1000), "more_than"),
        ("近5000", D(5000), D(1000), "about"),
        ("约4.17亿", D(417_000_000), D(1_000_000), "about"),
        ("80%以上", D(80), D(10), "more_than"),
        ("3000万元以上", D(30_000_000), D(10_000_000), "more_than"),
        ("5000人左右", D(5000), D(1000), "about"),
        # Chinese numerals: the trailing zeros of the value set the rounding unit, as for digits
        ("五", D(5), D(1), "exact"),
        ("十二", D(12), D(1), "exact"),
        ("二十", D(20), D(10), "exact"),
        ("两", D(2), D(1), "exact"),
        ("〇", D(0), D(1), "exact"),
        ("零", D(0), D(1), "exact"),
        ("一百零五", D(105), D(1), "exact"),                  # 零 holds the empty tens place
        ("三千五百万", D(35_000_000), D(1_000_000), "exact"),
        ("三亿五千万", D(350_000_000), D(10_000_000), "exact"),
        ("一万五", D(15_000), D(1_000), "exact"),              # a last digit after 万 is thousands
        ("二〇二二", D(2022), D(1), "exact"),                  # digit by digit, with a zero
        ("十余", D(10), D(10), "more_than"),
        ("三十多万", D(300_000), D(100_000), "more_than"),     # 30 x 10^4, 多 before the scale
        ("连续五年", D(5), D(1), "exact"),
        # full-width digits, read in a Chinese text
        ("１２３", D(123), D(1), "exact"),
        ("５．４万", D(54000), D(1000), "exact"),
    ],
)
def test_read_chinese_forms_hand_computed(printed, value, precision, qualifier):
    number = read_number(printed, "zh")
    assert (number.value, number.precision, number.qualifier) == (value, precision, qualifier)
    assert not number.points


def test_percentages_and_percentage_points_are_different_units():
    points = read_number("3.2个百分点", "zh")
    assert (points.value, points.precision, points.percent, points.points) == (D("3.2"), D("0.1"), False, True)
    assert read_number("3.2 percentage points").points
    share = read_number("百分之十二", "zh")
    assert (share.value, share.percent, share.points) == (D(12), True, False)
    assert read_number("５.７％", "zh").percent


def test_direction_prefix_gives_the_sign_of_a_printed_change():
    # as context tables print changes: 下降 negative, 增长 positive
    assert read_number("下降28.6%").value == D("-28.6")
    assert read_number("同比增长5.39%").value == D("5.39")
    assert read_number("减少了3起").value == D(-3)


@pytest.mark.parametrize(
    ("printed", "message"),
    [
        # two qualifiers on one number
        ("2600余多", r"carries 2 qualifiers \(余, 多\)"),
        ("超过3000万元以上", r"carries 2 qualifiers \(超过, 以上\)"),
        # adjacent numerals are a range ("three or five"), not a number
        ("三五年", "a range of numerals"),
        # a place repeated or out of order
        ("十百", "repeats or raises a place"),
        # 百分之 and a percent sign together
        ("百分之5%", "百分之 and a percent sign"),
        # full-width digits outside a Chinese text: refused by name
        ("１２３", r"non-ASCII digit '１' \(U\+FF11\).*language is zh"),
    ],
)
def test_chinese_forms_refused_by_name(printed, message):
    language = "en" if printed == "１２３" else "zh"
    with pytest.raises(NumberFormatError, match=message):
        read_number(printed, language)


def test_full_width_digits_are_read_only_in_a_chinese_text():
    text = "共破获案件１２３起"
    (token,) = find_numbers(text, "zh")
    assert (token.text, token.form, token.start, token.end) == ("１２３", "digits", 5, 8)  # 共破获案件 is five characters
    (token,) = find_numbers(text, "en")
    assert (token.text, token.form) == ("１２３", "nonascii")
    # Arabic-Indic digits are refused in both
    assert find_numbers("٣٩١", "zh")[0].form == "nonascii"


def test_find_numbers_in_chinese_text():
    text = ("2022年，全国公安机关连续五年实现暴恐案件零发生，破获案件5.4万起，"
            "抓获2600余名，同比下降3.2个百分点；第三届会议推出一站式服务，千方百计，两岸交流。")
    found = [(t.text, t.form) for t in find_numbers(text, "zh")]
    assert found == [
        ("2022", "digits"),
        ("五", "numeral"),        # 五 + 年: a number
        ("零", "doubtful"),       # 零发生 ("zero occurrence"): no measure word; a claim may explain it
        ("5.4万", "digits"),
        ("2600余", "digits"),
        ("3.2个百分点", "digits"),
        ("第三", "ordinal"),
        ("两", "doubtful"),       # 两岸 (cross-strait): no measure word, not a known word: listed
    ]                             # 一站式 and 千方百计 are words, not numbers
    for token in find_numbers(text, "zh"):
        assert text[token.start:token.end] == token.text


def test_english_number_words_include_zero_and_compounds():
    text = 'maintained "zero occurrence" for twenty-one years'
    assert [(t.text, t.form) for t in find_numbers(text)] == [("zero", "word"), ("twenty-one", "word")]
    assert read_number("zero").value == 0
    assert read_number("twenty-one").value == 21


# Every character that could belong to a number but that the reader might leave out.
NEIGHBOURS = "百千万萬亿億十余餘多超逾近约約以左〇零一二两兩三四五六七八九"


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_number_followed_by_number_characters_reads_whole_or_refuses(language):
    # Walk every one- and two-character combination after a digit run (in a Chinese
    # frame, and in an English one: "in any language"). Each either reads as one
    # number holding the whole combination, or stops the scan naming the token and its offset.
    combos = list(NEIGHBOURS) + [a + b for a in NEIGHBOURS for b in NEIGHBOURS]
    read_whole = refused = 0
    for combo in combos:
        prefix = "破获案件" if language == "zh" else "police cracked "
        text = f"{prefix}2600{combo}起"
        digits_start = len(prefix)
        try:
            tokens = find_numbers(text, language)
        except NumberFormatError as error:
            assert re.search(r"numeric token '[^']*' at offset \d+", str(error)), (combo, str(error))
            refused += 1
            continue
        (token,) = [t for t in tokens if t.start <= digits_start < t.end]
        assert token.end >= digits_start + 4 + len(combo), (combo, token)
        assert token.form == "digits"
        read_number(token.text, language)
        read_whole += 1
    # both outcomes occur: 2600万, 2600余, 2600千万, 2600以上 read whole; 2600十, 2600万十 refuse
    assert read_whole >= 10 and refused >= 500


def test_less_than_words_stop_the_scan():
    with pytest.raises(NumberFormatError, match=r"numeric token '100' at offset 2: it follows '不足'"):
        find_numbers("不足100人", "zh")


def test_gloss_gives_the_english_value_of_a_chinese_form():
    from release_figures.reading.numbers import gloss

    assert gloss(read_number("2600余", "zh")) == "more than 2,600 (2600余)"
    assert gloss(read_number("5.4万", "zh")) == "54,000 (5.4万)"
    assert gloss(read_number("3.2个百分点", "zh")) == "3.2 percentage points (3.2个百分点)"
    assert gloss(read_number("more than 8,700")) == "more than 8,700"

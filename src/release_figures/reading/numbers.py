"""Read numbers as they were printed, in English or in Chinese.

A printed number is more than a value: "123,000" says the count was
rounded to the thousand, "more than 4,250" says the true count lies at or
above 4,250, and "4250余" says the same in Chinese. This module keeps all
of that. :func:`read_number` turns one printed number into a
:class:`PrintedNumber`; :func:`release_figures.reading.number_scan.find_numbers` finds every numeric token in a
text (digits, number words, Chinese numerals, ordinals) with its character
offsets, each token holding the whole printed form.

Rules (documented on the book's methods page):

* The value is in base units: "3.62 million" -> 3620000, "4.17亿" -> 417000000,
  "3265亿" -> 326500000000, "三千五百万" -> 35000000.
* The rounding unit ("precision") comes from the printed form: the last
  printed decimal place ("4.2" -> 0.1, "3.62 million" -> 10,000,
  "1.8万" -> 1,000), or, for a whole number, its trailing zeros ("123,000"
  -> 1,000; "4,251" -> 1; "2350万" -> 100,000; "3265亿" -> 100,000,000;
  "三千" -> 1,000). A register may override it with a reason.
* Chinese scale characters after digits multiply them: 百 (100), 千 (1,000),
  万/萬 (10^4), 亿/億 (10^8), and their combinations (千万 = 10^7, 万亿 = 10^12).
  千克, 千米 and 百分 are units or words, not scales.
* Chinese numerals (〇 零 一 二 两 三 ... 十 百 千 万 亿) are read as a number when
  a measure word or unit follows ("连续五年", "十二起", "两个百分点") or a
  qualifier or scale belongs to them ("十余起", "三十多万"); digit-by-digit
  forms need a zero ("二〇二二"). A numeral inside a common word or idiom
  (一站式, 千方百计, 进一步) is not a number. Any other numeral is listed as
  ``doubtful``: the register must call it a figure, a claim or an exclusion.
* Qualifiers: "more than", "over", 余, 多, 超, 超过, 逾, 以上 -> ``more_than``;
  "about", "nearly", "approximately", "around", "almost", 约, 近, 将近, 接近,
  左右 -> ``about``; otherwise ``exact``. A number carries at most one.
  A Chinese qualifier is part of the printed form (``stated`` keeps it);
  an English qualifier word is not.
* Percentages: "5.7%", "5.7％", "百分之十二", and in English news copy
  "13.8 percent" and "5.2 per cent" (the word belongs to the number, as "%"
  does); percentage points: "3.2个百分点", "3.2 percentage points" (a unit of
  its own, never read as a percentage).
* A change's sign comes from its direction word, outside the number
  (:mod:`release_figures.reading.directions`): increase, rose, up, 增长, 上升
  (+); decrease, fell, down, "lower than", 下降, 减少 (-).
* Nothing is misread silently: a number followed directly by a digit, a
  scale character, a qualifier or a numeral that the reader does not take
  (5十, 5万3千, 30以下, 2600余多) stops the scan with an error naming the
  token and its offset, in a text of any language; so does a "less than"
  word (不足, 不到, 少于) before a number.
* ASCII digits are read in every text. Full-width digits (１２３, ％, ．),
  ordinary in Chinese typesetting, are read in a release whose ``language``
  is Chinese (``zh``) and refused by name elsewhere; other non-ASCII digits
  (Arabic-Indic, ...) are always refused, because a value read from them
  could not be checked against the printed quote by eye.
* Thousands separators group thousands: one to three digits not starting
  with 0, then groups of exactly three (123,000). A group that cannot be a
  thousands group (000,123; 1,23,000; 12,3456) is refused with its offset,
  never read as something else.
* A number has at most limits.MAX_NUMBER_DIGITS digits (a run of Chinese
  numerals as many characters); a longer run is refused before it is
  converted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext
from functools import lru_cache

from release_figures.errors import ReleaseError
from release_figures.reading.limits import MAX_NUMBER_DIGITS, shown
from release_figures.reading.number_forms import (
    CARDINAL_WORDS, CHINESE_DIGITS, CHINESE_SCALES, ENGLISH_SCALES, MEASURE_WORDS, MORE_THAN_WORDS,
    NON_NUMBER_WORDS, ZH_ABOUT_AFTER, ZH_FALL_WORDS, ZH_MORE_THAN_BEFORE, _CHINESE_RE, _CJK_RE, _ENGLISH_RE,
    _FULL_WIDTH, _NUMBER_WORD_RE, _QUALIFIER_RE,
)

__all__ = [
    "NumberFormatError",
    "PrintedNumber",
    "NumericToken",
    "read_number",
    "format_decimal",
    "english_reading",
    "gloss",
    "language_of",
    "has_chinese",
    "digits_problem",
    "prints_percent",
    "QUALIFIERS",
    "LANGUAGES",
    "TOKEN_FORMS",
    "NON_NUMBER_WORDS",
    "MEASURE_WORDS",
]

QUALIFIERS = ("exact", "more_than", "about")
_PERCENT_END_RE = re.compile(r"(?:%|\bper ?cent)$", re.IGNORECASE)
# The languages a release text may be in (``language`` in release.yaml; BCP 47 tags such as zh-Hans map here).
LANGUAGES = ("en", "zh")
# Forms of a numeric token (tokens.csv's ``form`` column).
TOKEN_FORMS = ("digits", "word", "numeral", "ordinal", "doubtful", "nonascii")


class NumberFormatError(ReleaseError):
    """A printed number that this module cannot read, or a number the scanner would misread."""


@dataclass(frozen=True)
class PrintedNumber:
    """One number as printed, and what it means.

    ``stated`` is the printed form (without English qualifier words; a
    Chinese form keeps its qualifier characters), ``value`` the number in
    base units, ``precision`` the rounding unit in base units, ``qualifier``
    one of :data:`QUALIFIERS`, ``percent`` whether the number was printed as
    a percentage and ``points`` whether it was printed in percentage points
    (个百分点).
    """

    stated: str
    value: Decimal
    precision: Decimal
    qualifier: str
    percent: bool = False
    points: bool = False


@dataclass(frozen=True)
class NumericToken:
    """A numeric token found in a text, with its offsets.

    ``form`` is one of :data:`TOKEN_FORMS`: ``"digits"`` (a number written
    in digits, with its scale, qualifier and percent sign), ``"word"`` (an
    English cardinal such as "six"), ``"numeral"`` (Chinese numerals read
    as a number: 五年, 十余起), ``"ordinal"`` ("third", "10th", 第三),
    ``"doubtful"`` (Chinese numerals whose role the scan cannot tell: the
    register must explain them) or ``"nonascii"`` (digits this language
    does not read: never read, always reported).
    """

    start: int
    end: int
    text: str
    form: str


def language_of(tag: str | None) -> str:
    """The reader's language for a BCP 47 tag: ``"zh"`` for zh, zh-Hans, zh-CN, ...; ``"en"`` for en, en-GB, ...

    ``None`` means English (the default of a release folder). Anything else
    raises NumberFormatError naming the tag.
    """
    if tag is None:
        return "en"
    if not isinstance(tag, str):
        raise NumberFormatError(f"language {tag!r} is not a language tag; expected one of {', '.join(LANGUAGES)}")
    primary = tag.strip().split("-")[0].lower()
    if primary not in LANGUAGES or not re.fullmatch(r"[A-Za-z]{2}(?:-[A-Za-z0-9]{1,8})*", tag.strip()):
        raise NumberFormatError(
            f"language {tag!r} is not read: expected a language tag beginning with one of {', '.join(LANGUAGES)} "
            "(en, zh, zh-Hans, zh-CN, ...)"
        )
    return primary


def has_chinese(text: str) -> bool:
    """Whether ``text`` holds a Chinese character or a full-width form (the reader's Chinese script)."""
    return bool(_CJK_RE.search(text))


def format_decimal(value: Decimal) -> str:
    """Write a Decimal in plain notation with no exponent and no trailing zeros.

    >>> format_decimal(Decimal("1.43E+6"))
    '1430000'
    >>> format_decimal(Decimal("-17.30"))
    '-17.3'
    """
    if value == 0:
        return "0"
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _tidy(value: Decimal) -> Decimal:
    """Drop meaningless exponent noise: 1430000.00 -> 1430000, 0.10 -> 0.1."""
    if value == value.to_integral_value():
        # int() is exact at any size; quantize() would overflow the context's 28 digits.
        return Decimal(int(value))
    return value.normalize()


def _trailing_zero_unit(value: int) -> Decimal:
    """The rounding unit a whole number's trailing zeros imply (1 for 0)."""
    if value == 0:
        return Decimal(1)
    text = str(abs(value))
    return Decimal(10) ** (len(text) - len(text.rstrip("0")))


def digits_problem(digits: str) -> str | None:
    """Why a run of ASCII digits (with thousands commas and a decimal point) is no number to read, or None.

    Too many digits (more than limits.MAX_NUMBER_DIGITS), or a first
    thousands group starting with 0 (000,391 or 0,391 could only be a
    mistake: 391 is not printed so). The number patterns take groups after
    a comma only three digits long, so that is the one group left to check.
    """
    count = sum(character.isdigit() for character in digits)
    if count > MAX_NUMBER_DIGITS:
        return f"a number of {count:,} digits; expected at most {MAX_NUMBER_DIGITS} digits in a number"
    if "," in digits and digits.startswith("0"):
        return (f"its first digit group {digits.split(',')[0]!r} cannot begin a thousands grouping; expected "
                "thousands groups: one to three digits not starting with 0, then groups of three (123,000)")
    return None


def _digits_value(digits: str) -> tuple[Decimal, Decimal]:
    """Value and rounding unit of a run of ASCII digits with separators (NumberFormatError: see digits_problem)."""
    problem = digits_problem(digits)
    if problem:
        raise NumberFormatError(f"cannot read {shown(digits)}: {problem}")
    plain = digits.replace(",", "")
    value = Decimal(plain)
    if "." in plain:
        decimals = len(plain.split(".")[1])
        precision = Decimal(1).scaleb(-decimals)
    else:
        precision = _trailing_zero_unit(int(plain))
    return value, precision


def _numeral_value(run: str) -> int:
    """The value of a run of Chinese numerals: 十二 -> 12, 三千五百万 -> 35000000, 二〇二二 -> 2022.

    Positional forms are read with 零 as a placeholder (一百零五 -> 105) and a
    last digit after a unit taking the next lower place, as printed
    (一万五 -> 15000, 三亿五 -> 350000000). Digit-by-digit forms need a zero
    (二〇二二); adjacent digits without one (三五, "three or five") are a
    range, not a number, and raise NumberFormatError.
    """
    if len(run) > MAX_NUMBER_DIGITS:
        raise NumberFormatError(f"{shown(run)} is a run of {len(run):,} numerals; expected at most "
                                f"{MAX_NUMBER_DIGITS} characters in a number")
    if all(char in CHINESE_DIGITS for char in run):
        if len(run) == 1:
            return CHINESE_DIGITS[run]
        if not any(char in "〇零" for char in run):
            raise NumberFormatError(
                f"{run!r} is a range of numerals (adjacent digits such as 三五 mean 'three or five'), not one number"
            )
        return int("".join(str(CHINESE_DIGITS[char]) for char in run))
    total = 0          # everything closed by 亿
    myriads = 0        # everything closed by 万 since the last 亿
    section = 0        # below 万
    digit: int | None = None
    last_unit: Decimal | None = None   # the place of the unit just read (for 一万五)
    section_units: list[int] = []
    zero = False
    for char in run:
        if char in CHINESE_DIGITS:
            if digit is not None:
                raise NumberFormatError(f"{run!r} has two numerals in a row ({char!r}) where a place (十 百 千) is expected")
            if CHINESE_DIGITS[char] == 0:
                zero, last_unit = True, None
                continue
            digit = CHINESE_DIGITS[char]
        elif char in "十百千":
            place = int(CHINESE_SCALES[char])
            if section_units and place >= section_units[-1]:
                raise NumberFormatError(f"{run!r} repeats or raises a place ({char!r}) inside one group")
            section += (1 if digit is None else digit) * place
            section_units.append(place)
            digit, last_unit, zero = None, Decimal(place), False
        else:  # 万 萬 亿 億
            scale = int(CHINESE_SCALES[char])
            group = section + (digit or 0)
            if scale == 10**4:
                if myriads and not group:
                    raise NumberFormatError(f"{run!r} repeats 万")
                myriads = (myriads + (group or (0 if myriads or total else 1))) * scale
            else:
                if total and not (group or myriads):
                    raise NumberFormatError(f"{run!r} repeats 亿")
                total = (total + myriads + (group or (0 if myriads or total else 1))) * scale
                myriads = 0
            section, digit, section_units, zero = 0, None, [], False
            last_unit = Decimal(scale)
    if digit is not None and last_unit is not None and not zero and last_unit >= 100:
        # 一万五 is 15,000: a last digit right after a unit stands one place lower.
        digit = digit * int(last_unit / 10)
    return total + myriads + section + (digit or 0)


def _reject_non_ascii_digits(printed: str) -> None:
    for char in printed:
        if char.isdigit() and not ("0" <= char <= "9"):
            raise NumberFormatError(
                f"{shown(printed)} contains the non-ASCII digit {char!r} "
                f"(U+{ord(char):04X}); only ASCII digits 0-9 are read"
                + (" (full-width digits are read in a release whose language is zh)" if "０" <= char <= "９" else "")
            )


def read_number(printed: str, language: str = "en") -> PrintedNumber:
    """Read one printed number (English or Chinese form) into a PrintedNumber.

    Accepted forms include ``391,000``, ``more than 8,700``,
    ``1.43 million``, ``6 billion``, ``5.7%``, ``13.8 percent``,
    ``5.2 per cent``, number words (``six``,
    ``zero``, ``twenty-one``) and the Chinese forms ``37万余``, ``4.17亿``,
    ``60多亿``, ``2600余``, ``超300``, ``连续五年``, ``十余``, ``3.2个百分点``,
    ``百分之十二``, ``下降28.6%``. ``language`` is ``"en"`` or ``"zh"``; in
    ``"zh"`` full-width digits are read too. A sign comes only from a
    Chinese direction prefix (下降 -> negative); direction words elsewhere
    are read by the register. Raises :class:`NumberFormatError` for
    anything else.
    """
    if not isinstance(printed, str):
        raise NumberFormatError(f"expected a printed number as text, got {type(printed).__name__}")
    if language not in LANGUAGES:
        raise NumberFormatError(f"unknown reader language {language!r}; expected one of {', '.join(LANGUAGES)}")
    return _read_once(printed, language)


@lru_cache(maxsize=8192)
def _read_once(printed: str, language: str) -> PrintedNumber:
    """read_number's reading, kept: a figure's number is read in the text's scan, its quote's and its row."""
    # Enough digits that scaling by 10**k is exact however long the printed number is.
    with localcontext() as context:
        context.prec = max(28, 2 * len(printed) + 30)
        return _read_number(printed, language)


def _read_number(printed: str, language: str) -> PrintedNumber:
    stated = printed.strip()
    if not stated:
        raise NumberFormatError("expected a printed number, got an empty string")
    text = stated.translate(_FULL_WIDTH) if language == "zh" else stated
    digits = sum("0" <= character <= "9" for character in text)
    if digits > MAX_NUMBER_DIGITS:
        # Refused before any pattern or conversion sees it (Python converts at most 4,300 digits to an int).
        raise NumberFormatError(f"cannot read {shown(printed)}: a number of {digits:,} digits; expected at most "
                                f"{MAX_NUMBER_DIGITS} digits in a number")
    _reject_non_ascii_digits(text)

    qualifier = "exact"
    match = _QUALIFIER_RE.match(text)
    if match:
        word = match.group("word").lower()
        qualifier = "more_than" if word in MORE_THAN_WORDS else "about"
        text = match.group("rest").strip()
        stated = stated[len(stated) - len(text):]

    english = _ENGLISH_RE.match(text)
    if english:
        value, precision = _digits_value(english.group("digits"))
        scale_word = english.group("scale")
        if scale_word:
            scale = ENGLISH_SCALES[scale_word.lower()]
            value, precision = value * scale, precision * scale
        return PrintedNumber(stated, _tidy(value), _tidy(precision), qualifier, bool(english.group("percent")),
                             bool(english.group("points")))

    word = _NUMBER_WORD_RE.fullmatch(text)
    if word:
        return PrintedNumber(stated, Decimal(_word_value(word.group("word"))), Decimal(1), qualifier)

    chinese = _CHINESE_RE.match(text)
    if chinese and qualifier == "exact":
        return _read_chinese(chinese, stated)

    raise NumberFormatError(
        f"cannot read {shown(printed)} as a number: expected digits with optional "
        "thousands commas and decimals (123,000; 4.2), an optional scale word "
        "(million, billion), an optional % (or percent, per cent), a number word (six), or a Chinese "
        "form (37万余, 4.17亿, 2600余, 连续五年, 下降28.6%)"
    )


def _word_value(word: str) -> int:
    word = word.lower()
    if "-" in word:
        tens, unit = word.split("-")
        return CARDINAL_WORDS[tens] + CARDINAL_WORDS[unit]
    return CARDINAL_WORDS[word]


def _read_chinese(match: re.Match, stated: str) -> PrintedNumber:
    """The PrintedNumber of a match of _CHINESE_RE (one qualifier at most, one percent form at most)."""
    found = []
    if match.group("pre"):
        found.append((match.group("pre"), "more_than" if match.group("pre") in ZH_MORE_THAN_BEFORE else "about"))
    for name in ("more1", "more2"):
        if match.group(name):
            found.append((match.group(name), "more_than"))
    if match.group("post"):
        found.append((match.group("post"), "about" if match.group("post") in ZH_ABOUT_AFTER else "more_than"))
    if len(found) > 1:
        raise NumberFormatError(
            f"cannot read {stated!r}: it carries {len(found)} qualifiers ({', '.join(q for q, _ in found)}); "
            "a number is read with one at most"
        )
    qualifier = found[0][1] if found else "exact"
    if match.group("pctpre") and (match.group("percent") or match.group("points")):
        raise NumberFormatError(f"cannot read {stated!r}: 百分之 and a percent sign together")
    if match.group("digits"):
        value, precision = _digits_value(match.group("digits"))
    else:
        whole = _numeral_value(match.group("numeral"))
        value, precision = Decimal(whole), _trailing_zero_unit(whole)
    if match.group("scale"):
        scale = Decimal(1)
        for char in match.group("scale"):
            scale *= CHINESE_SCALES[char]
        value, precision = value * scale, precision * scale
    direction = match.group("direction") or ""
    if direction in ZH_FALL_WORDS:
        value = -value
    percent = bool(match.group("percent") or match.group("pctpre"))
    return PrintedNumber(stated, _tidy(value), _tidy(precision), qualifier, percent, bool(match.group("points")))


def prints_percent(stated: str) -> bool:
    """Whether a printed form ends in its own percent ("5.7%", "13.8 percent", "5.2 per cent"), so none is added."""
    return bool(_PERCENT_END_RE.search(stated))


def english_reading(number: PrintedNumber) -> str:
    """The number in English form: qualifier words, the value with thousands commas, % or percentage points.

    >>> english_reading(read_number("2600余"))
    'more than 2,600'
    >>> english_reading(read_number("5.4万"))
    '54,000'
    """
    words = {"more_than": "more than ", "about": "about "}.get(number.qualifier, "")
    value = number.value
    decimals = max(0, -number.precision.normalize().as_tuple().exponent) if number.precision else 0
    text = f"{value:,.{decimals}f}" if value == value.to_integral_value() or decimals else f"{value:,}"
    suffix = "%" if number.percent else " percentage points" if number.points else ""
    return f"{words}{text}{suffix}"


def gloss(number: PrintedNumber) -> str:
    """How the book names a printed number in English prose.

    An English form keeps its printed text with its qualifier words
    ("more than 8,700"); a Chinese form gets its English value first and the
    printed form beside it ("more than 2,600 (2600余)", "54,000 (5.4万)").
    """
    if has_chinese(number.stated):
        return f"{english_reading(number)} ({number.stated})"
    words = {"more_than": "more than ", "about": "about "}.get(number.qualifier, "")
    return f"{words}{number.stated}"



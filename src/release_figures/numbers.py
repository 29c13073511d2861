"""Read numbers as they were printed.

A printed number is more than a value: "391,000" says the count was
rounded to the thousand, "more than 8,700" says the true count lies at or
above 8,700, and "37万余" says the same in Chinese. This module keeps all
of that. :func:`read_number` turns one printed number into a
:class:`PrintedNumber`; :func:`find_numbers` finds every numeric token in a
text (digits, number words, ordinals) with its character offsets.

Rules (documented on the book's methods page):

* The value is in base units: "1.43 million" -> 1430000, "4.17亿" -> 417000000.
* The rounding unit ("precision") comes from the printed form: the last
  printed decimal place ("18.9" -> 0.1, "1.43 million" -> 10,000), or, for a
  whole number, its trailing zeros ("391,000" -> 1,000; "37,527" -> 1;
  "2350万" -> 100,000). A register may override it with a reason.
* Qualifiers: "more than", "over", 余 and 多 -> ``more_than``; "about",
  "nearly", "approximately", "around", 约 -> ``about``; otherwise ``exact``.
* Only ASCII digits are read. Full-width or other non-ASCII digits are
  rejected with :class:`NumberFormatError`, because a value read from them
  could not be checked against the printed quote by eye.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext

from .errors import ReleaseError

__all__ = [
    "NumberFormatError",
    "PrintedNumber",
    "NumericToken",
    "read_number",
    "find_numbers",
    "format_decimal",
    "QUALIFIERS",
]

QUALIFIERS = ("exact", "more_than", "about")


class NumberFormatError(ReleaseError):
    """A printed number that this module cannot read."""


@dataclass(frozen=True)
class PrintedNumber:
    """One number as printed, and what it means.

    ``stated`` is the printed form (without qualifier words), ``value`` the
    number in base units, ``precision`` the rounding unit in base units,
    ``qualifier`` one of :data:`QUALIFIERS`, and ``percent`` whether the
    number was printed with a percent sign.
    """

    stated: str
    value: Decimal
    precision: Decimal
    qualifier: str
    percent: bool = False


@dataclass(frozen=True)
class NumericToken:
    """A numeric token found in a text, with its offsets.

    ``form`` is ``"digits"`` (a number written in digits, possibly with a
    scale word and percent sign), ``"word"`` (a cardinal number word such
    as "six"), ``"ordinal"`` ("third", "10th") or ``"nonascii"`` (digits
    that are not ASCII: never read, always reported).
    """

    start: int
    end: int
    text: str
    form: str


ENGLISH_SCALES = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
CHINESE_SCALES = {
    "万": Decimal(10) ** 4,
    "萬": Decimal(10) ** 4,
    "亿": Decimal(10) ** 8,
    "億": Decimal(10) ** 8,
}
CARDINAL_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "dozen": 12,
}
ORDINAL_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
    "eighth", "ninth", "tenth", "eleventh", "twelfth",
)
MORE_THAN_WORDS = ("more than", "over")
ABOUT_WORDS = ("about", "nearly", "approximately", "around", "almost")

_ASCII_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_ENGLISH_RE = re.compile(
    rf"^(?P<digits>{_ASCII_NUMBER})"
    rf"(?:\s+(?P<scale>{'|'.join(ENGLISH_SCALES)}))?"
    r"(?P<percent>\s?%)?$",
    re.IGNORECASE,
)
_QUALIFIER_RE = re.compile(
    rf"^(?P<word>{'|'.join(MORE_THAN_WORDS + ABOUT_WORDS)})\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
# Chinese forms: an optional direction or "consecutive" prefix, digits, an
# optional 多 (before the scale, as in 60多亿), an optional scale, an optional
# 余/多 after it, then an optional measure word or unit that carries no value.
_CHINESE_RE = re.compile(
    r"^(?P<prefix>约|下降了|下降|增长了|增长|增加了|增加|减少了|减少|同比下降|同比增长|连续)?"
    rf"(?P<digits>{_ASCII_NUMBER})"
    r"(?P<more1>[余多])?"
    r"(?P<scale>[万萬亿億])?"
    r"(?P<more2>[余多])?"
    r"(?P<percent>%)?"
    r"(?P<unit>年|起|名|吨|噸|辆|輛|人次|人|列|个|個|项|項|元|家|处|處)?$"
)
_NUMBER_WORD_RE = re.compile(
    r"\b(?P<word>" + "|".join(sorted(CARDINAL_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)

# Token scanner: a run of digits with separators, an optional scale word
# and an optional percent sign is one token; non-ASCII digit runs come first
# so that they are reported rather than skipped.
_DIGIT_TOKEN = (
    rf"(?P<digits>{_ASCII_NUMBER}"
    rf"(?:\s+(?:{'|'.join(ENGLISH_SCALES)})\b)?"
    r"(?:\s?%)?)"
    r"(?P<suffix>st|nd|rd|th)?(?![0-9A-Za-z])"
)
_SCAN_RE = re.compile(
    r"(?P<unicode_digits>[0-9]*(?:(?![0-9])\d)[\d,.]*)"
    rf"|{_DIGIT_TOKEN}"
    r"|\b(?P<ordinal>" + "|".join(ORDINAL_WORDS) + r")\b"
    r"|\b(?P<word>" + "|".join(sorted(CARDINAL_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


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


def _digits_value(digits: str) -> tuple[Decimal, Decimal]:
    """Value and rounding unit of a run of ASCII digits with separators."""
    plain = digits.replace(",", "")
    value = Decimal(plain)
    if "." in plain:
        decimals = len(plain.split(".")[1])
        precision = Decimal(1).scaleb(-decimals)
    else:
        stripped = plain.lstrip("0") or "0"
        zeros = len(stripped) - len(stripped.rstrip("0")) if stripped != "0" else 0
        precision = Decimal(10) ** zeros
    return value, precision


def _reject_non_ascii_digits(printed: str) -> None:
    for char in printed:
        if char.isdigit() and not ("0" <= char <= "9"):
            raise NumberFormatError(
                f"{printed!r} contains the non-ASCII digit {char!r} "
                f"(U+{ord(char):04X}); only ASCII digits 0-9 are read"
            )


def read_number(printed: str) -> PrintedNumber:
    """Read one printed number (English or Chinese form) into a PrintedNumber.

    Accepted forms include ``391,000``, ``more than 8,700``,
    ``1.43 million``, ``6 billion``, ``5.7%``, number words (``six``) and
    the Chinese forms ``37万余``, ``4.17亿``, ``60多亿``, ``下降28.6%``.
    A sign comes only from a Chinese direction prefix (下降 -> negative);
    English direction words sit outside the number and are read by the
    register. Raises :class:`NumberFormatError` for anything else.
    """
    if not isinstance(printed, str):
        raise NumberFormatError(f"expected a printed number as text, got {type(printed).__name__}")
    # Enough digits that scaling by 10**k is exact however long the printed number is.
    with localcontext() as context:
        context.prec = max(28, 2 * len(printed) + 30)
        return _read_number(printed)


def _read_number(printed: str) -> PrintedNumber:
    text = printed.strip()
    if not text:
        raise NumberFormatError("expected a printed number, got an empty string")
    _reject_non_ascii_digits(text)

    qualifier = "exact"
    match = _QUALIFIER_RE.match(text)
    if match:
        word = match.group("word").lower()
        qualifier = "more_than" if word in MORE_THAN_WORDS else "about"
        text = match.group("rest").strip()

    english = _ENGLISH_RE.match(text)
    if english:
        value, precision = _digits_value(english.group("digits"))
        scale_word = english.group("scale")
        if scale_word:
            scale = ENGLISH_SCALES[scale_word.lower()]
            value, precision = value * scale, precision * scale
        return PrintedNumber(text, _tidy(value), _tidy(precision), qualifier, bool(english.group("percent")))

    word = _NUMBER_WORD_RE.fullmatch(text)
    if word:
        return PrintedNumber(text, Decimal(CARDINAL_WORDS[word.group("word").lower()]), Decimal(1), qualifier)

    chinese = _CHINESE_RE.match(text)
    if chinese and qualifier == "exact":
        value, precision = _digits_value(chinese.group("digits"))
        if chinese.group("scale"):
            scale = CHINESE_SCALES[chinese.group("scale")]
            value, precision = value * scale, precision * scale
        prefix = chinese.group("prefix") or ""
        if prefix.startswith(("下降", "减少", "同比下降")):
            value = -value
        if chinese.group("more1") or chinese.group("more2"):
            qualifier = "more_than"
        elif prefix == "约":
            qualifier = "about"
        return PrintedNumber(printed.strip(), _tidy(value), _tidy(precision), qualifier, bool(chinese.group("percent")))

    raise NumberFormatError(
        f"cannot read {printed!r} as a number: expected digits with optional "
        "thousands commas and decimals (391,000; 18.9), an optional scale word "
        "(million, billion), an optional %, a number word (six), or a Chinese "
        "form (37万余, 4.17亿, 下降28.6%)"
    )


def find_numbers(text: str) -> list[NumericToken]:
    """Every numeric token in ``text``, in order, with character offsets.

    Finds numbers in digits (with their scale word and percent sign),
    ordinals in digits ("10th") or words ("third"), cardinal number words
    ("six", "two"), and any run holding non-ASCII digits (form
    ``"nonascii"``) so that a coverage check can report it.
    """
    tokens = []
    for match in _SCAN_RE.finditer(text):
        if match.group("unicode_digits"):
            form = "nonascii"
        elif match.group("digits"):
            form = "ordinal" if match.group("suffix") else "digits"
        elif match.group("ordinal"):
            form = "ordinal"
        else:
            form = "word"
        tokens.append(NumericToken(match.start(), match.end(), match.group(0), form))
    return tokens

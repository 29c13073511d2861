"""Find every numeric token of a running text, each with the whole printed form that belongs to it.

:func:`find_numbers` finds numbers in digits (with scale, qualifiers and
percent sign), Chinese numerals, ordinals and number words, each read with
:func:`release_figures.reading.numbers.read_number`; a number the reader
would take only part of stops the scan, named with its offset (the rules
are the number reader's module docstring). A digit run longer than
limits.MAX_NUMBER_DIGITS, and digits joined by commas that are not
thousands groups (000,391; 3,91,000; 12,3456; 1.5,3), stop the scan with
the token's offset too: read as printed, they would give a number the
text does not say.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from release_figures.reading.number_forms import (
    MEASURE_WORDS, ZH_LESS_THAN_BEFORE, _ALLOWED_AFTER, _FULL_WIDTH, _NON_NUMBER_RE, _NOT_AFTER, _SCAN_RE,
)
from release_figures.reading.limits import MAX_NUMBER_DIGITS, shown
from release_figures.reading.numbers import (
    LANGUAGES, NumberFormatError, NumericToken, _numeral_value, digits_problem, read_number,
)

__all__ = ["find_numbers"]


def _non_number_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the common words and idioms whose numerals are not quantities."""
    return [match.span() for match in _NON_NUMBER_RE.finditer(text)]


def _starts_with_measure(text: str, position: int) -> bool:
    return any(text.startswith(word, position) for word in MEASURE_WORDS)


def _refuse(message: str, token: str, start: int) -> None:
    raise NumberFormatError(f"numeric token {shown(token)} at offset {start}: {message}")


def find_numbers(text: str, language: str = "en") -> list[NumericToken]:
    """Every numeric token in ``text``, in order, with character offsets.

    Finds numbers in digits (with their scale, qualifiers and percent sign),
    Chinese numerals read as numbers, ordinals in digits ("10th", 第3) or
    words ("third", 第三), cardinal number words ("six", "zero"), Chinese
    numerals whose role is doubtful, and any run holding digits the
    language does not read (form ``"nonascii"``) so that a coverage check
    can report it. Every number token is read with :func:`read_number`;
    a token that would be misread (see the module's rules) raises
    NumberFormatError naming the token and its offset.
    """
    if language not in LANGUAGES:
        raise NumberFormatError(f"unknown reader language {language!r}; expected one of {', '.join(LANGUAGES)}")
    # Full-width forms map one character to one, so offsets stay those of the text.
    scanned = text.translate(_FULL_WIDTH) if language == "zh" else text
    skipped = _Spans(_non_number_spans(scanned))
    tokens = []
    for match in _SCAN_RE.finditer(scanned):
        start, end = match.span()
        printed = text[start:end]
        if match.group("unicode_digits"):
            tokens.append(NumericToken(start, end, printed, "nonascii"))
            continue
        if match.group("zh_ordinal"):
            tokens.append(NumericToken(start, end, printed, "ordinal"))
            continue
        if match.group("ordinal"):
            tokens.append(NumericToken(start, end, printed, "ordinal"))
            continue
        if match.group("word"):
            tokens.append(NumericToken(start, end, printed, "word"))
            continue
        form = _number_form(match, scanned, skipped)
        if form is None:
            continue
        if form == "digits":
            _check_digit_groups(match, scanned, printed)
        if form in ("digits", "numeral"):
            _check_surroundings(match, scanned, printed)
            if form == "digits" and match.group("suffix"):
                form = "ordinal"
            else:
                try:
                    read_number(printed, language)
                except NumberFormatError as error:
                    _refuse(f"the scan takes it as one number, but {error}", printed, start)
        tokens.append(NumericToken(start, end, printed, form))
    return tokens


class _Spans:
    """Sorted, non-overlapping spans (the common words' matches), asked whether they hold an offset by bisection.

    Asking every span for every numeral character took time proportional
    to their product: hours on a long text made of idioms and numerals.
    """

    def __init__(self, spans: list[tuple[int, int]]):
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def hold(self, offset: int) -> bool:
        """Whether a span holds ``offset``."""
        k = bisect_right(self.starts, offset) - 1
        return k >= 0 and offset < self.ends[k]


def _check_digit_groups(match: re.Match, text: str, printed: str) -> None:
    """Refuse a digit run that is too long or whose commas are not thousands separators (see the module)."""
    start = match.start()
    digits = match.group("digits")
    problem = digits_problem(digits)
    if problem:
        _refuse(problem, printed, start)
    digits_end = match.end("digits")
    if text.startswith(",", digits_end) and text[digits_end + 1: digits_end + 2].isdigit():
        following = text[digits_end: digits_end + 8]
        _refuse(f"it is followed by {following!r}: digits joined by a comma that are not thousands groups; expected "
                "thousands groups of one to three digits not starting with 0, then groups of exactly three "
                "(123,000), and no comma inside a decimal", printed, start)


def _number_form(match: re.Match, text: str, skipped: _Spans) -> str | None:
    """'digits', 'numeral', 'doubtful', or None for a numeral inside a common word (not a number)."""
    if match.group("digits"):
        return "digits"
    numeral_start, numeral_end = match.span("numeral")
    if numeral_end - numeral_start > MAX_NUMBER_DIGITS:
        _refuse(f"a run of {numeral_end - numeral_start:,} numerals; expected at most {MAX_NUMBER_DIGITS} "
                "characters in a number", text[numeral_start:numeral_end], numeral_start)
    inside = [skipped.hold(i) for i in range(numeral_start, numeral_end)]
    if all(inside):
        return None
    if any(inside):
        return "doubtful"
    qualified = any(match.group(name) for name in ("pre", "pctpre", "more1", "scale", "more2", "percent", "post"))
    if not (qualified or _starts_with_measure(text, match.end())):
        return "doubtful"
    try:
        _numeral_value(match.group("numeral"))
    except NumberFormatError:
        return "doubtful"
    return "numeral"


def _check_surroundings(match: re.Match, text: str, printed: str) -> None:
    """Refuse a number whose neighbours the reader would drop: see the module's rules."""
    start, end = match.span()
    if text.endswith(ZH_LESS_THAN_BEFORE, 0, start):
        word = next(word for word in ZH_LESS_THAN_BEFORE if text.endswith(word, 0, start))
        _refuse(f"it follows {word!r} ('less than'), which the reader does not take; "
                "a number printed as an upper bound cannot be read as exact", printed, start)
    if (end < len(text) and text[end] in _NOT_AFTER and not _starts_with_measure(text, end)
            and not text.startswith(_ALLOWED_AFTER, end)):
        following = text[end: end + 2]
        _refuse(f"it is followed directly by {text[end]!r} ({following!r}), which the reader does not take "
                "as part of the number; reading it without would misread the printed form", printed, start)

"""Mutation suite: altered copies of the real release text, run through every stage.

Each case alters the text of data/raw/ in one way, writes it into a
temporary copy of the release folder (with the new SHA-256 re-recorded, so
the checksum check passes and the figure-level checks must do the work),
and runs register -> figures -> changes -> checks. Every case states one
of exactly two outcomes:

* ``Rejected(ErrorClass, names, expected)``: the pipeline raises exactly
  that error class, and its message names every affected figure or claim
  and says what was expected;
* ``HARMLESS``: every output table is identical to the original's
  (figures.csv and tokens.csv byte for byte).

There is no third outcome: a case that produced a different table without
an error would fail here. (A change whose SHA-256 is not re-recorded stops
at the checksum check whatever it is: ``tests/test_provenance.py``.)
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from mutations.release_copy import copy_release, original_text_bytes, run_pipeline

from release_figures.errors import (
    QuoteCountError,
    QuoteNotFoundError,
    QuoteOrderError,
    SourceTextError,
    UnexplainedNumberError,
)
from release_figures.reading.numbers import NumberFormatError

ORIGINAL = original_text_bytes()
TEXT = ORIGINAL.decode("utf-8")
PARAGRAPHS = TEXT.split("\n\n")
LINE_21 = TEXT.split("\n")[20]


@dataclass(frozen=True)
class Rejected:
    """The pipeline must raise exactly ``error``, naming ``names`` and the ``expected`` text."""

    error: type
    names: tuple[str, ...]
    expected: tuple[str, ...] = ()


HARMLESS = "harmless"


def replace_once(old: str, new: str):
    """A mutation replacing the single occurrence of ``old`` in the text."""
    assert TEXT.count(old) == 1, f"mutation anchor {old!r} must occur once"
    return lambda text: text.replace(old, new).encode("utf-8")


def paragraph_index(snippet: str) -> int:
    (index,) = [i for i, p in enumerate(PARAGRAPHS) if snippet in p]
    return index


def delete_paragraph(snippet: str):
    index = paragraph_index(snippet)
    return lambda text: "\n\n".join(PARAGRAPHS[:index] + PARAGRAPHS[index + 1:]).encode("utf-8")


def duplicate_paragraph(snippet: str):
    index = paragraph_index(snippet)
    return lambda text: "\n\n".join(PARAGRAPHS[:index + 1] + PARAGRAPHS[index:]).encode("utf-8")


def swap_paragraphs(first: str, second: str):
    i, j = sorted((paragraph_index(first), paragraph_index(second)))

    def mutate(text):
        paragraphs = list(PARAGRAPHS)
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
        return "\n\n".join(paragraphs).encode("utf-8")
    return mutate


def translate_digits(zero: str, old: str | None = None):
    """Digits written from another script, in one passage (``old``) or everywhere."""
    table = str.maketrans("0123456789", "".join(chr(ord(zero) + d) for d in range(10)))
    if old is None:
        return lambda text: text.translate(table).encode("utf-8")
    return replace_once(old, old.translate(table))


def raw(mutate_bytes):
    """A mutation of the bytes themselves (encodings, BOM, truncation)."""
    return lambda text: mutate_bytes(ORIGINAL)


FULLWIDTH_ZERO, ARABIC_INDIC_ZERO = "\uff10", "\u0660"
SECOND_HALF = ("police-killed", "auxiliary-killed", "police-injured", "auxiliary-injured", "heroes-models")
EVERY_DIGIT_FIGURE = ("fraud-cases-cracked", "gambling-cases", "drugs-seized", "one-stop-completion", "auxiliary-injured")

CASES = [
    # one digit changed inside a figure: the quote no longer matches, and the error shows the new passage
    pytest.param(replace_once("391,000 tele", "392,000 tele"),
                 Rejected(QuoteNotFoundError, ("fraud-cases-cracked",), ("a total of 391,000", "a total of 392,000")),
                 id="digit-changed-count"),
    # a digit changed in a decimal amount
    pytest.param(replace_once("18.9 tons", "19.9 tons"),
                 Rejected(QuoteNotFoundError, ("drugs-seized",), ("seized 18.9 tons", "seized 19.9 tons")),
                 id="digit-changed-decimal"),
    # a digit changed in a percentage change
    pytest.param(replace_once("64.4%", "64.7%"),
                 Rejected(QuoteNotFoundError, ("fraud-suspects-change",), ("64.4%", "64.7%")),
                 id="digit-changed-percent"),
    # a digit changed in a number word's place: "six" -> "seven"
    pytest.param(lambda text: text.replace("For six consecutive", "For seven consecutive").encode(),
                 Rejected(QuoteNotFoundError, ("zero-terror-years",), ("For six consecutive years",)),
                 id="number-word-changed"),
    # the thousands separator turned into a decimal point: 391.000 would read as 391
    pytest.param(replace_once("391,000", "391.000"),
                 Rejected(QuoteNotFoundError, ("fraud-cases-cracked",), ("391,000", "391.000")),
                 id="separator-dot"),
    # the separator turned into a space
    pytest.param(replace_once("391,000", "391 000"),
                 Rejected(QuoteNotFoundError, ("fraud-cases-cracked",), ("391,000", "391 000")),
                 id="separator-space"),
    # the separator turned into a non-breaking space (U+00A0)
    pytest.param(replace_once("391,000", "391\u00a0000"),
                 Rejected(QuoteNotFoundError, ("fraud-cases-cracked",), ("391,000", "391\\xa0000")),
                 id="separator-nbsp"),
    # the separator turned into a thin space (U+2009)
    pytest.param(replace_once("391,000", "391\u2009000"),
                 Rejected(QuoteNotFoundError, ("fraud-cases-cracked",), ("391,000", "391\\u2009000")),
                 id="separator-thin-space"),
    # the separator removed
    pytest.param(replace_once("37,527", "37527"),
                 Rejected(QuoteNotFoundError, ("gambling-cases",), ("37,527", "37527")),
                 id="separator-removed"),
    # a percent sign dropped from a share
    pytest.param(replace_once("99.3%", "99.3"),
                 Rejected(QuoteNotFoundError, ("one-stop-completion",), ("a completion rate of 99.3%",)),
                 id="percent-dropped-share"),
    # a percent sign dropped from a change
    pytest.param(replace_once("5.7%", "5.7"),
                 Rejected(QuoteNotFoundError, ("fraud-cases-cracked-change",), ("an increase of 5.7%",)),
                 id="percent-dropped-change"),
    # "increase" swapped for "decrease" in a figure's quote: the sign would flip
    pytest.param(replace_once("an increase of 5.7%", "a decrease of 5.7%"),
                 Rejected(QuoteNotFoundError, ("fraud-cases-cracked-change",), ("an increase of 5.7%", "a decrease of 5.7%")),
                 id="increase-to-decrease-figure"),
    # "decreased" swapped for "increased" in another change
    pytest.param(replace_once("has decreased by 17.3%", "has increased by 17.3%"),
                 Rejected(QuoteNotFoundError, ("fraud-cases-registered-change",), ("has decreased by 17.3%",)),
                 id="decrease-to-increase-figure"),
    # the direction of a claim (no number) swapped: the checks stage reads it
    pytest.param(replace_once("recorded a year-on-year decrease", "recorded a year-on-year increase"),
                 Rejected(QuoteNotFoundError, ("claim-criminal-cases-registered-fall",),
                          ("The nationwide criminal cases recorded a year-on-year decrease",)),
                 id="decrease-to-increase-claim"),
    # a paragraph with four figures deleted: every one is named
    pytest.param(delete_paragraph("Yangtze River Fishing Ban"),
                 Rejected(QuoteNotFoundError, ("yangtze-provinces", "fishing-cases", "fishing-suspects", "fishing-gangs"),
                          ("4 figures",)),
                 id="paragraph-deleted"),
    # the paragraph of the two counter-terrorism copies deleted: the register expects 2
    pytest.param(lambda text: text.replace(PARAGRAPHS[1] + "\n\n", "", 1).encode(),
                 Rejected(QuoteCountError, ("zero-terror-years",), ("occurs 1 times", "the register expects 2")),
                 id="repeated-paragraph-deleted"),
    # a paragraph duplicated: its figures would be double-counted
    pytest.param(duplicate_paragraph("100-day action"),
                 Rejected(QuoteCountError, ("hundred-day-cases", "hundred-day-suspects", "hundred-day-places"),
                          ("occurs 2 times", "the register expects 1")),
                 id="paragraph-duplicated"),
    # two paragraphs with figures swapped: the figures that moved up are named
    pytest.param(swap_paragraphs("Yangtze River Fishing Ban", "100-day action"),
                 Rejected(QuoteOrderError, ("hundred-day-cases", "hundred-day-suspects", "hundred-day-places"),
                          ("now comes before that of figure 'fishing-gangs'",)),
                 id="paragraphs-reordered"),
    # a new number written into the text: neither a figure nor an exclusion
    pytest.param(replace_once("destroyed more than 720 gangs", "destroyed more than 720 gangs and 35 boats"),
                 Rejected(UnexplainedNumberError, ("'35' at offset",), ("neither a figure nor an exclusion",)),
                 id="number-inserted"),
    # Windows line ends: the decoder makes them LF, the table is unchanged
    pytest.param(lambda text: text.replace("\n", "\r\n").encode(), HARMLESS, id="crlf-line-ends"),
    # old Mac line ends (CR only): likewise
    pytest.param(lambda text: text.replace("\n", "\r").encode(), HARMLESS, id="cr-line-ends"),
    # a UTF-8 byte-order mark: dropped by the decoder
    pytest.param(raw(lambda b: b"\xef\xbb\xbf" + b), HARMLESS, id="bom"),
    # a BOM and Windows line ends together
    pytest.param(lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(), HARMLESS, id="bom-crlf"),
    # a final newline added after the last sentence: offsets of every figure stay put
    pytest.param(lambda text: (text + "\n").encode(), HARMLESS, id="trailing-newline"),
    # a non-breaking space saved as Latin-1 (byte A0) inside a figure: not UTF-8
    pytest.param(raw(lambda b: b.replace(b"391,000", b"391\xa0000")),
                 Rejected(SourceTextError, ("mps-2022-review.chinanews.en.txt",), ("not valid UTF-8", "line 21", "expected UTF-8 text")),
                 id="latin1-byte"),
    # the whole text in UTF-16: not UTF-8
    pytest.param(lambda text: text.encode("utf-16"),
                 Rejected(SourceTextError, ("mps-2022-review.chinanews.en.txt",), ("not valid UTF-8 at byte 0",)),
                 id="utf16"),
    # a NUL byte inside a figure: refused at its line and column ("391,000" is on line 21)
    pytest.param(replace_once("391,000", "391,\x00000"),
                 Rejected(SourceTextError, ("mps-2022-review.chinanews.en.txt",),
                          (f"line 21, column {LINE_21.index('391,000') + 5}: control character U+0000 (NUL)",
                           "expected text with no control characters other than line ends (LF, CR, CRLF) and tab")),
                 id="nul-byte"),
    # a terminal escape code (ESC [0m) after a figure, invisible in most viewers
    pytest.param(replace_once("391,000", "391,000\x1b[0m"),
                 Rejected(SourceTextError, ("mps-2022-review.chinanews.en.txt",),
                          (f"line 21, column {LINE_21.index('391,000') + 8}: control character U+001B (ESC)",)),
                 id="escape-code"),
    # an empty file
    pytest.param(raw(lambda b: b""),
                 Rejected(SourceTextError, ("mps-2022-review.chinanews.en.txt",), ("the file is empty",)),
                 id="empty"),
    # a file of blank lines only
    pytest.param(raw(lambda b: b"\n\n  \n"),
                 Rejected(SourceTextError, ("mps-2022-review.chinanews.en.txt",), ("the file is empty",)),
                 id="blank"),
    # truncated at half its length: every figure of the second half is named
    pytest.param(raw(lambda b: b[: len(b) // 2]),
                 Rejected(QuoteNotFoundError, SECOND_HALF, ("figures of",)),
                 id="truncated-half"),
    # truncated inside a figure ("391,0"): the comma no longer separates thousands, so the scan stops at the
    # token, named with its offset, before any quote is looked for
    pytest.param(raw(lambda b: b[: b.index(b"391,000") + 5]),
                 Rejected(NumberFormatError, (f"numeric token '391' at offset {TEXT.index('391,000')}",),
                          ("followed by ',0'", "not thousands groups")),
                 id="truncated-in-figure"),
    # full-width digits in one figure
    pytest.param(translate_digits(FULLWIDTH_ZERO, "37,527"),
                 Rejected(QuoteNotFoundError, ("gambling-cases",), ("37,527", "３７,５２７")),
                 id="fullwidth-digits-one"),
    # full-width digits throughout: every figure printed in digits is named
    pytest.param(translate_digits(FULLWIDTH_ZERO),
                 Rejected(QuoteNotFoundError, EVERY_DIGIT_FIGURE, ()),
                 id="fullwidth-digits-all"),
    # Arabic-Indic digits in one figure
    pytest.param(translate_digits(ARABIC_INDIC_ZERO, "18.9 tons"),
                 Rejected(QuoteNotFoundError, ("drugs-seized",), ("18.9 tons", "١٨.٩ tons")),
                 id="arabic-indic-digits-one"),
    # Arabic-Indic digits throughout
    pytest.param(translate_digits(ARABIC_INDIC_ZERO),
                 Rejected(QuoteNotFoundError, EVERY_DIGIT_FIGURE, ()),
                 id="arabic-indic-digits-all"),
]


@pytest.fixture(scope="module")
def original_outputs(tmp_path_factory):
    """Every output table of the unaltered release (in a copy, like the mutants)."""
    return run_pipeline(copy_release(tmp_path_factory.mktemp("original")))


@pytest.mark.parametrize(("mutate", "outcome"), CASES)
def test_mutation_has_its_stated_outcome(mutate, outcome, original_outputs, tmp_path):
    mutated = mutate(TEXT)
    assert mutated != ORIGINAL, "a mutation must change the bytes"
    release_dir = copy_release(tmp_path, text=mutated)
    if outcome == HARMLESS:
        outputs = run_pipeline(release_dir)
        assert outputs == original_outputs
        return
    with pytest.raises(outcome.error) as caught:
        run_pipeline(release_dir)
    assert type(caught.value) is outcome.error, f"expected exactly {outcome.error.__name__}, got {type(caught.value).__name__}"
    message = str(caught.value)
    for name in outcome.names + outcome.expected:
        assert name in message, f"{name!r} missing from the error message:\n{message}"


def test_counts_of_the_suite():
    # The README's reliability section quotes these counts.
    rejected = [case for case in CASES if case.values[1] != HARMLESS]
    harmless = [case for case in CASES if case.values[1] == HARMLESS]
    assert (len(CASES), len(rejected), len(harmless)) == (36, 31, 5)

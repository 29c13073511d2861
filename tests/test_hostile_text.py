"""Text that displays one thing and encodes another is refused, in every text file of a release folder.

Each case builds its hostile input here: a copy of data/ with one
invisible format character (Unicode category Cf: a zero-width space or
joiner, a word joiner, a soft hyphen, a bidirectional embedding, override,
isolate or mark, a byte-order mark inside the file) put inside a number of
the text, or into a YAML file or a context table; or a digit group that
cannot be a thousands group. ``python -m release_figures run BAD --out OUT``
must exit with status 2 and one line naming the file, the line and column
(or the token's offset) and what was expected, with earlier outputs and
everything outside OUT untouched (tests/mutations/hostile.py).
"""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from mutations.hostile import CONTEXT, TEXT, DATA_DIR, assert_refused, copy_data, line_of, replace_in, rewrite

from release_figures.reading.number_scan import find_numbers
from release_figures.reading.numbers import NumberFormatError, read_number
from release_figures.reading.text_files import FORMAT_CHARACTERS, _CONTROL_RE

ORIGINAL = (DATA_DIR / TEXT).read_text(encoding="utf-8")
NUMBER_LINE = ORIGINAL.splitlines().index(next(line for line in ORIGINAL.splitlines() if "391,000" in line)) + 1
# Column (from 1) of the character right after "391," on its line.
AFTER_COMMA = next(line for line in ORIGINAL.splitlines() if "391,000" in line).index("391,000") + 5
OFFSET = ORIGINAL.index("391,000")
TEXT_RE = re.escape("mps-2022-review.chinanews.en.txt")
EXPECTED = r"expected text without format characters"

INVISIBLE = [
    ("\u200b", "zero-width space"),
    ("\u200c", "zero-width non-joiner"),
    ("\u200d", "zero-width joiner"),
    ("\u2060", "word joiner"),
    ("\u00ad", "soft hyphen"),
    ("\ufeff", "byte-order mark inside the file"),
    ("\u202a", "left-to-right embedding"),
    ("\u202b", "right-to-left embedding"),
    ("\u202d", "left-to-right override"),
    ("\u202e", "right-to-left override"),
    ("\u2066", "left-to-right isolate"),
    ("\u2067", "right-to-left isolate"),
    ("\u2068", "first strong isolate"),
    ("\u200e", "left-to-right mark"),
    ("\u200f", "right-to-left mark"),
]


@pytest.mark.parametrize("character, name", INVISIBLE, ids=[f"U+{ord(c):04X}" for c, _ in INVISIBLE])
def test_format_character_inside_a_number_of_the_text(character, name, tmp_path, capsys):
    # "391,<invisible>000" displays as 391,000; read without the character it would pass for the figure.
    folder = copy_data(tmp_path / "release")
    replace_in(folder, TEXT, "391,000", "391," + character + "000")
    assert_refused(folder, rf"{TEXT_RE}, line {NUMBER_LINE}, column {AFTER_COMMA}: invisible format character "
                           rf"U\+{ord(character):04X} \({name}\); {EXPECTED}", capsys)


def test_override_that_displays_digits_in_another_order(tmp_path, capsys):
    # Bytes "‮000,193" display right to left as "391,000": the text says another number than it shows.
    folder = copy_data(tmp_path / "release")
    replace_in(folder, TEXT, "391,000 tele", "\u202e000,193 tele")
    column = AFTER_COMMA - 4
    assert_refused(folder, rf"{TEXT_RE}, line {NUMBER_LINE}, column {column}: invisible format character U\+202E "
                           r"\(right-to-left override\)", capsys)


def test_a_byte_order_mark_at_the_start_is_dropped_but_not_inside(tmp_path, capsys):
    # At the start it is the encoding's mark (the mutation suite shows the tables unchanged); after it, a second one
    # is text that shows nothing.
    folder = copy_data(tmp_path / "release")
    rewrite(folder, TEXT, "\ufeff\ufeff".encode("utf-8") + ORIGINAL.encode("utf-8"))
    assert_refused(folder, rf"{TEXT_RE}, line 1, column 1: invisible format character U\+FEFF "
                           r"\(byte-order mark inside the file\)", capsys)


def test_a_line_separator_is_refused(tmp_path, capsys):
    # U+2028 breaks the line in some editors and not in others: the line numbers of a message would disagree.
    folder = copy_data(tmp_path / "release")
    replace_in(folder, TEXT, "391,000 tele", "391,000\u2028tele")
    assert_refused(folder, rf"{TEXT_RE}, line {NUMBER_LINE}, column {AFTER_COMMA + 3}: U\+2028 \(line separator\); "
                           r"expected line ends LF, CR or CRLF", capsys)


def _insert_in_yaml(name: str, anchor: str, character: str):
    def mutate(folder):
        text = (folder / name).read_text(encoding="utf-8")
        assert text.count(anchor) >= 1
        line = line_of(folder, name, anchor)
        column = text.splitlines()[line - 1].index(anchor) + 2
        (folder / name).write_text(text.replace(anchor, anchor[0] + character + anchor[1:], 1), encoding="utf-8")
        return line, column
    return mutate


@pytest.mark.parametrize("name, anchor", [
    ("register.yaml", "unit: tons"),          # a unit that would not match the vocabulary as written
    ("release.yaml", "release_id:"),         # a key
    ("comparisons.yaml", "comparisons:"),
    ("checks.yaml", "type: agreement"),
])
def test_format_character_in_a_yaml_file(name, anchor, tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    line, column = _insert_in_yaml(name, anchor, "\u200b")(folder)
    assert_refused(folder, rf"/{re.escape(name)}, line {line}, column {column}: invisible format character "
                           rf"U\+200B \(zero-width space\); {EXPECTED}", capsys)


def test_format_character_in_a_context_value(tmp_path, capsys):
    # 370<WJ>000 displays as 370000.
    folder = copy_data(tmp_path / "release")
    replace_in(folder, CONTEXT, ",370000,cases,", ",370\u2060000,cases,")
    line = line_of(folder, CONTEXT, "370\u2060000")
    column = (folder / CONTEXT).read_text(encoding="utf-8").splitlines()[line - 1].index("\u2060") + 1
    assert_refused(folder, rf"context-figures\.csv, line {line}, column {column}: invisible format character "
                           r"U\+2060 \(word joiner\)", capsys)


def test_a_quote_with_a_format_character_is_refused_where_it_is_written(tmp_path, capsys):
    # An invisible character inside a register quote: refused in the register itself, so a quote never matches
    # text whose bytes differ from what both display.
    folder = copy_data(tmp_path / "release")
    line, column = _insert_in_yaml("register.yaml", "a total of 391,000", "\u00ad")(folder)
    assert_refused(folder, rf"register\.yaml, line {line}, column {column}: invisible format character U\+00AD "
                           r"\(soft hyphen\)", capsys)


def test_the_expression_holds_every_format_character_of_this_python():
    # The expression is written out (Unicode 15.1); every Cf character the running Python knows must be in it.
    missing = [f"U+{code:04X}" for code in range(sys.maxunicode + 1)
               if unicodedata.category(chr(code)) == "Cf" and not _CONTROL_RE.match(chr(code))]
    assert missing == []
    # ... and it holds nothing else but the two separators (no letter, digit or space is refused by it).
    extra = [f"U+{code:04X}" for code in range(sys.maxunicode + 1)
             if re.match(f"[{FORMAT_CHARACTERS}]", chr(code))
             and unicodedata.category(chr(code)) not in ("Cf", "Cn")]
    assert extra == []


# ------------------------------------------------------------------ digit groups that are no thousands groups

@pytest.mark.parametrize("printed, token, following", [
    ("000,391", "000,391", None),      # a leading "000,": would read as 391
    ("3,91,000", "3", "',91,000 '"),   # grouped by two: no thousands grouping
    ("39,1000", "39", "',1000 te'"),   # a group of four after the comma
    ("0,391", "0,391", None),          # a first group that is a lone 0
])
def test_a_digit_group_that_cannot_be_a_thousands_group(printed, token, following, tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    replace_in(folder, TEXT, "391,000 tele", printed + " tele")
    what = (rf"it is followed by {re.escape(following)}: digits joined by a comma that are not thousands groups"
            if following else rf"its first digit group '0+' cannot begin a thousands grouping")
    assert_refused(folder, rf"{TEXT_RE}: numeric token '{re.escape(token)}' at offset {OFFSET}: {what}; expected "
                           r"thousands groups", capsys)


@pytest.mark.parametrize("text, offset, token", [
    ("Cases: 1,23,456 in all.", 7, "1"),
    ("Cases: 12,3456 in all.", 7, "12"),
    ("Cases: 000,123 in all.", 7, "000,123"),
    ("A share of 1.5,3 here.", 11, "1.5"),
    ("案件1,23,456起", 2, "1"),
])
def test_the_scanner_names_the_token_and_its_offset(text, offset, token):
    with pytest.raises(NumberFormatError, match=rf"numeric token '{re.escape(token)}' at offset {offset}: "):
        find_numbers(text, "zh" if "案" in text else "en")


def test_thousands_groups_still_read():
    # The rule refuses only what cannot be thousands: these read as printed (hand-checked values).
    assert [token.text for token in find_numbers("Cases: 1,234,567 and 391,000, then 12, 34 and 5.")] == \
        ["1,234,567", "391,000", "12", "34", "5"]
    assert read_number("1,234,567").value == 1234567
    with pytest.raises(NumberFormatError, match=r"cannot read '000,391': its first digit group '000'"):
        read_number("000,391")

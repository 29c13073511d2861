"""Inputs built to exhaust a parser are refused in one line, before they cost anything.

Each case builds its hostile input here, in a copy of data/: nested YAML
aliases ("billion laughs"), 10,000 nested ``[`` or 21 nested block
mappings, a 100,000-digit number in the text, a context table or a YAML
file, a run of 100,000 Chinese numerals, files over their size limit
(sparse files of 10 GB: only their metadata may be read), and values
long enough that an error quoting them in full would flood the terminal.
``python -m release_figures run BAD --out OUT`` exits with status 2 and one
line naming the file, the place and what was expected; nothing is written
(tests/mutations/hostile.py). The limits are reading.limits'.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re

import pytest
from mutations.hostile import (
    CONTEXT, DATA_DIR, TEXT, assert_refused, assert_refused_in_process, copy_data, line_of, replace_in,
    rewrite,
)

from release_figures.errors import ReleaseError
from release_figures.reading.input_files import read_input_bytes, sha256_of_input
from release_figures.reading.limits import (
    MAX_CSV_BYTES, MAX_CSV_CELL_CHARS, MAX_HINT_WORD_OCCURRENCES, MAX_MESSAGE_CHARS, MAX_NUMBER_DIGITS,
    MAX_QUOTE_CHARS, MAX_TEXT_BYTES, MAX_YAML_BYTES, MAX_YAML_DEPTH,
)
from release_figures.reading.strict_yaml import parse_yaml
from release_figures.reading.text_index import TextIndex

ORIGINAL = (DATA_DIR / TEXT).read_text(encoding="utf-8")
OFFSET = ORIGINAL.index("391,000")
NESTING = rf"mappings and lists nested more than {MAX_YAML_DEPTH} deep; expected at most {MAX_YAML_DEPTH} levels"


def billion_laughs(levels: int = 9) -> str:
    """Nine lines whose aliases expand into 9**9 (387,420,489) strings if a loader builds them."""
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", ["register.yaml", "checks.yaml", "comparisons.yaml", "release.yaml"])
def test_billion_laughs_is_refused_at_its_first_anchor(name, tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    (folder / name).write_text(billion_laughs(), encoding="utf-8")
    assert_refused(folder, rf"/{re.escape(name)}, line 1, column 7: anchor &lol0: expected no anchors or aliases",
                   capsys)


def test_an_alias_is_refused_where_it_stands(tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    (folder / "checks.yaml").write_text("checks: *everything\n", encoding="utf-8")
    assert_refused(folder, r"checks\.yaml, line 1, column 9: alias \*everything: expected no anchors or aliases",
                   capsys)


@pytest.mark.parametrize("name, prefix", [
    ("checks.yaml", "checks: "),
    ("comparisons.yaml", "comparisons: "),
    ("register.yaml", "figures: "),
    ("release.yaml", "release_id: "),
])
def test_ten_thousand_nested_brackets(name, prefix, tmp_path, capsys):
    # The first '[' opens the second level (the file's mapping is the first): the 21st level is refused.
    folder = copy_data(tmp_path / "release")
    (folder / name).write_text(prefix + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    column = len(prefix) + MAX_YAML_DEPTH
    assert_refused(folder, rf"/{re.escape(name)}, line 1, column {column}: {NESTING}", capsys)


def test_deep_block_nesting(tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    (folder / "register.yaml").write_text("".join(" " * depth + f"k{depth}:\n" for depth in range(1000)),
                                          encoding="utf-8")
    assert_refused(folder, rf"register\.yaml, line {MAX_YAML_DEPTH + 1}, column {MAX_YAML_DEPTH + 1}: {NESTING}",
                   capsys)


def test_the_nesting_a_release_needs_is_read():
    # Five levels (a check's block) and the limit itself are read; one more is refused.
    deepest = "a: " + "[" * (MAX_YAML_DEPTH - 1) + "1" + "]" * (MAX_YAML_DEPTH - 1)
    value = parse_yaml(deepest, "deep.yaml")["a"]
    for _ in range(MAX_YAML_DEPTH - 1):
        value = value[0]
    assert value == 1
    with pytest.raises(ReleaseError, match=NESTING):
        parse_yaml("a: " + "[" * MAX_YAML_DEPTH + "]" * MAX_YAML_DEPTH, "deep.yaml")


# ------------------------------------------------------------------ numbers of 100,000 digits

def test_a_hundred_thousand_digits_in_the_text(tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    replace_in(folder, TEXT, "391,000 tele", "9" * 100_000 + " tele")
    line = assert_refused(folder, rf"mps-2022-review\.chinanews\.en\.txt: numeric token '9{{80}}'\.\.\. "
                                  rf"\(99,920 more characters\) at offset {OFFSET}: a number of 100,000 digits; "
                                  rf"expected at most {MAX_NUMBER_DIGITS} digits in a number", capsys)
    assert len(line) < 1000  # the number is quoted in part, not in full


def test_a_hundred_thousand_numerals_in_the_text(tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    replace_in(folder, TEXT, "391,000 tele", "一" * 100_000 + " tele")
    assert_refused(folder, rf"numeric token '一{{80}}'\.\.\. \(99,920 more characters\) at offset {OFFSET}: "
                           rf"a run of 100,000 numerals; expected at most {MAX_NUMBER_DIGITS} characters", capsys)


def test_a_hundred_thousand_digits_in_a_context_value(tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    replace_in(folder, CONTEXT, ",370000,cases,", "," + "9" * 100_000 + ",cases,")
    assert_refused(folder, r"context-figures\.csv, line 2 \('fraud_cases_cracked_2021_jan_nov'\): value: expected "
                           rf"a number of at most {MAX_NUMBER_DIGITS} digits \(this one has 100,000\), got "
                           r"'9{80}'\.\.\. \(99,920 more characters\)", capsys)


def test_a_hundred_thousand_digits_in_a_context_printed_form(tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    replace_in(folder, CONTEXT, ",370000,cases,37万余,", ",370000,cases," + "9" * 100_000 + ",")
    assert_refused(folder, r"context-figures\.csv, line 2 \('fraud_cases_cracked_2021_jan_nov'\): stated: cannot "
                           r"read '9{80}'\.\.\. \(99,920 more characters\): a number of 100,000 digits", capsys)


def test_a_hundred_thousand_digits_in_a_yaml_number(tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    text = (folder / "register.yaml").read_text(encoding="utf-8")
    line = line_of(folder, "register.yaml", "occurrences: 2")
    (folder / "register.yaml").write_text(text.replace("occurrences: 2", "occurrences: " + "9" * 100_000, 1),
                                          encoding="utf-8")
    assert_refused(folder, rf"register\.yaml, line {line}, column 18: a number of 100,000 digits \('9{{80}}'\.\.\. "
                           rf"\(99,920 more characters\)\); expected at most {MAX_NUMBER_DIGITS} digits", capsys)


# ------------------------------------------------------------------ file sizes, from metadata before reading

def _sparse(path, size: int) -> None:
    """Make ``path`` a file of ``size`` bytes that takes no room on disk (a hole): reading it would take the time."""
    path.unlink()
    with open(path, "wb") as stream:
        stream.truncate(size)


@pytest.mark.parametrize("name, limit", [
    (TEXT, "5 MB"),
    (CONTEXT, "2 MB"),
    ("register.yaml", "5 MB"),
    ("checks.yaml", "5 MB"),
])
def test_a_ten_gigabyte_file_is_refused_from_its_size(name, limit, tmp_path):
    # In a process of its own, limited to 1 GB of memory: a reader that read the file would fail, not pass.
    folder = copy_data(tmp_path / "release")
    _sparse(folder / name, 10 * 1000**3)
    assert_refused_in_process(folder, rf"{re.escape(name)}: 10,000,000,000 bytes, over the limit of {limit} for "
                                      r"this file; expected a smaller file", memory=1 << 30, timeout=60)


def test_a_release_record_over_its_limit(tmp_path):
    folder = copy_data(tmp_path / "release")
    with open(folder / "release.yaml", "ab") as stream:
        stream.truncate(MAX_YAML_BYTES + 1)
    assert_refused_in_process(folder, rf"release\.yaml: {MAX_YAML_BYTES + 1:,} bytes, over the limit of 5 MB",
                              memory=1 << 30)


def test_a_file_at_its_limit_is_read_and_one_byte_more_is_not(tmp_path):
    path = tmp_path / "file.txt"
    path.write_bytes(b"x" * 1000)
    assert read_input_bytes(path, 1000) == b"x" * 1000
    assert sha256_of_input(path, 1000) == hashlib.sha256(b"x" * 1000).hexdigest()
    with pytest.raises(ReleaseError, match=r"file\.txt: 1,000 bytes, over the limit of 999 bytes for this file"):
        read_input_bytes(path, 999)


def test_the_limits_keep_the_benchmark_release_readable():
    # The scale benchmark's 16,000-figure register is 3.9 MB and its text 1.4 MB (benchmarks/generated_release.py).
    assert MAX_YAML_BYTES >= 3_900_000 and MAX_TEXT_BYTES >= 1_400_000
    assert MAX_CSV_BYTES >= 100 * os.path.getsize(DATA_DIR / CONTEXT)


# ------------------------------------------------------------------ no message echoes a long input in full

def test_a_megabyte_key_given_twice_is_named_in_part(tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    key = "k" * 1_000_000
    # Explicit keys ("? "): a plain key is limited to 1,024 characters by YAML itself.
    (folder / "checks.yaml").write_text(f"? {key}\n: 1\n? {key}\n: 2\n", encoding="utf-8")
    line = assert_refused(folder, r"checks\.yaml, line 3: key 'k{80}'\.\.\. \(999,920 more characters\) appears "
                                  r"twice in one mapping \(lines 1 and 3\)", capsys)
    assert len(line) < MAX_MESSAGE_CHARS


def test_a_megabyte_quote_is_named_in_part(tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    text = (folder / "register.yaml").read_text(encoding="utf-8")
    quote = "a total of 391,000 telecommunications and network fraud cases have been cracked across the country"
    assert text.count(quote) == 1
    (folder / "register.yaml").write_text(text.replace(quote, quote + " and" * 250_000), encoding="utf-8")
    # Refused as too long for a quote (a missing quote's nearest passage would take minutes to find), named in part.
    line = assert_refused(folder, r"register\.yaml: figures\[1\] \('fraud-cases-cracked'\): quote: expected a short "
                                  rf"quote of at most {MAX_QUOTE_CHARS:,} characters \(this one has 1,000,098\), got "
                                  r"'a total of 391,000 tele.{57}'\.\.\. \(1,000,018 more characters\)", capsys)
    assert len(line) < MAX_MESSAGE_CHARS


def test_a_cell_over_the_csv_limit_is_one_line(tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    text = (folder / CONTEXT).read_text(encoding="utf-8")
    rewrite(folder, CONTEXT, text.replace(",Xinhua (reprinted by fubaore.com),", ",Xinhua " + "x" * (MAX_CSV_CELL_CHARS + 1)
                                          + ",", 1).encode("utf-8"))
    # Whatever another library set the csv module's process-wide limit to (frictionless raises it), the same refusal.
    before = csv.field_size_limit(10 * MAX_CSV_CELL_CHARS)
    try:
        assert_refused(folder, r"context-figures\.csv, line 2: not valid CSV \(field larger than field limit "
                               rf"\({MAX_CSV_CELL_CHARS}\)\); expected one row a line, cells of at most "
                               rf"{MAX_CSV_CELL_CHARS:,} characters", capsys)
        assert csv.field_size_limit() == 10 * MAX_CSV_CELL_CHARS  # left as it was found
    finally:
        csv.field_size_limit(before)


def test_a_missing_quote_of_common_words_only_gets_no_passage():
    # The nearest passage is sought through the quote's rarest word; when even that one is everywhere, none is.
    common = TextIndex("the cat sat. " * (MAX_HINT_WORD_OCCURRENCES + 1))
    assert common.nearest_passage("the cat sat on the zebra") is None
    rarer = TextIndex("the cat sat. " * MAX_HINT_WORD_OCCURRENCES)
    assert "the cat sat" in rarer.nearest_passage("the cat sat on the zebra")

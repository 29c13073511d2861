"""The committed figures table: complete and traceable to the text.

That it is exactly what the pipeline builds is tested once, for every table:
``tests/test_changes.py``, ``test_built_tables_are_current_and_deterministic``.
"""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from release_figures.reading.numbers import read_number
from release_figures.reading.register import load_register


@pytest.fixture(scope="module")
def committed_rows(data_dir):
    with open(data_dir / "figures.csv", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_about_fifty_figures_with_unique_ids(committed_rows):
    ids = [row["figure_id"] for row in committed_rows]
    assert len(ids) == len(set(ids))
    assert 45 <= len(ids) <= 60


def test_every_quote_sits_at_its_offsets(committed_rows, release_text):
    for row in committed_rows:
        start, end = int(row["start"]), int(row["end"])
        assert release_text[start:end] == row["quote"], row["figure_id"]
        number = release_text[int(row["number_start"]):int(row["number_end"])]
        assert start <= int(row["number_start"]) < int(row["number_end"]) <= end
        assert row["stated"] in number or number in row["stated"], row["figure_id"]


def test_every_value_re_parses_from_its_quote(committed_rows, release_text):
    for row in committed_rows:
        printed = release_text[int(row["number_start"]):int(row["number_end"])]
        magnitude = read_number(printed).value
        assert abs(Decimal(row["value"])) == magnitude, row["figure_id"]


@pytest.mark.parametrize("figure_id, value, precision, qualifier, period", [
    # "391,000 ... cracked": trailing zeros read as rounding to the thousand
    ("fraud-cases-cracked", "391000", "1000", "exact", "2022-01/2022-11"),
    # "decreased by 17.3%": a fall is negative
    ("fraud-cases-registered-change", "-17.3", "0.1", "exact", "2022-01/2022-11"),
    # "More than 1.43 million people": scale word and qualifier
    ("hundred-day-suspects", "1430000", "10000", "more_than", "2022"),
    # "more than 6 billion yuan"
    ("cost-saved", "6000000000", "1000000000", "more_than", "2022"),
    # "37,527": printed to the unit
    ("gambling-cases", "37527", "1", "exact", "2022-01/2022-11"),
    # "3,470": trailing zero overridden by the register, with a reason
    ("auxiliary-injured", "3470", "1", "exact", "2022"),
    # "six consecutive years": a number word
    ("zero-terror-years", "6", "1", "exact", "2022"),
])
def test_hand_checked_rows(committed_rows, figure_id, value, precision, qualifier, period):
    row = next(r for r in committed_rows if r["figure_id"] == figure_id)
    assert (row["value"], row["precision"], row["qualifier"], row["period"]) == (value, precision, qualifier, period)


def test_sections_and_change_references(committed_rows, data_dir):
    ids = {row["figure_id"] for row in committed_rows}
    # The release's seven sections, declared in its register in the order of the text; each holds figures.
    sections = load_register(data_dir / "register.yaml").sections
    assert sections == ("political security", "social stability", "public safety", "development", "rule of law",
                        "police reform", "the force")
    assert list(dict.fromkeys(row["section"] for row in committed_rows)) == list(sections)
    for row in committed_rows:
        if row["kind"] in ("change_pct", "share_pct"):
            assert row["refers_to"], row["figure_id"]
            assert row["unit"] == "percent"
    changes = [row for row in committed_rows if row["kind"] == "change_pct"]
    assert {row["figure_id"] for row in changes} == {
        "fraud-cases-cracked-change", "fraud-suspects-change", "fraud-cases-registered-change", "fraud-losses-change"}
    assert "fraud-cases-cracked" in ids


def test_duplicated_paragraph_counted_once_and_recorded(committed_rows, release_text):
    row = next(r for r in committed_rows if r["figure_id"] == "zero-terror-years")
    assert row["occurrences"] == "2"
    other = int(row["other_starts"])
    assert release_text[other:other + len(row["quote"])] == row["quote"]


def test_every_numeric_token_is_accounted_for(figures_stage):
    statuses = {token["status"] for token in figures_stage.tokens}
    assert "unexplained" not in statuses
    figure_tokens = [t for t in figures_stage.tokens if t["status"] == "figure"]
    # Two figures ("Two upgrades and two reductions") share a quote but not a token.
    assert len(figure_tokens) == len(figures_stage.rows)
    duplicates = [t for t in figures_stage.tokens if t["status"] == "duplicate"]
    assert [t["token"] for t in duplicates] == ["six"]


def test_a_row_reads_back_as_its_printed_number(committed_rows):
    from release_figures.stages.figures import printed_number

    row = next(r for r in committed_rows if r["figure_id"] == "hundred-day-suspects")
    printed = printed_number(row)
    # "More than 1.43 million": 1,430,000 rounded to the ten thousand, a lower bound.
    assert (printed.value, printed.precision, printed.qualifier, printed.percent) == (
        Decimal(1430000), Decimal(10000), "more_than", False)

"""A real English news report, end to end: ``python -m release_figures run`` on Xinhua's copy of a briefing.

``tests/fixtures/xinhua-2023-summer-campaign`` holds Xinhua's English report
"China sees drop in public reports of criminal cases: police" (24 October
2023, read in People's Daily Online's copy), quoted for analysis. It prints
its changes as English news copy of Chinese statistics does: "13.8 percent
lower than in the same period of 2022", "dropped by 24 percent and 20.5
percent, respectively, on a year-on-year basis". It is built once per
session (``conftest.SessionBuilds``), and its tables are checked against
values worked out by hand here, from the printed text alone.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from _invented import XINHUA_FIXTURE, run_cli

TEXT_NAME = "xinhua-2023-10-24.en.txt"


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def out(xinhua_run) -> Path:
    return xinhua_run[1]


# Worked by hand from raw/xinhua-2023-10-24.en.txt, in the order of the text:
# (printed, value in base units, unit, rounding unit, qualifier).
# The rounding unit is the printed form's: its last decimal place ("13.8" -> 0.1, "20.5" -> 0.1), its
# scale word ("2 million" -> 1,000,000), or a whole number's trailing zeros ("24" -> 1; "566,000" -> 1,000,
# as "391,000" is read; "4,600" -> 100).
EXPECTED = {
    # "reported crimes during the period were 13.8 percent lower than in the same period of 2022": a fall
    "reported-crimes-change": ("13.8 percent", "-13.8", "percent", "0.1", "exact"),
    # "More than 566,000 criminal cases"
    "criminal-cases-solved": ("566,000", "566000", "cases", "1000", "more_than"),
    # "over 2 million cases of minor offenses": 2 x 10^6, to the million
    "minor-offence-cases-solved": ("2 million", "2000000", "cases", "1000000", "more_than"),
    # "a total of 975,000 suspects": "a total of" is no qualifier
    "suspects-captured": ("975,000", "975000", "persons", "1000", "exact"),
    # "dropped by 24 percent and 20.5 percent, respectively": "dropped" signs both numbers of the list
    "fraud-cases-change": ("24 percent", "-24", "percent", "1", "exact"),
    "fraud-losses-change": ("20.5 percent", "-20.5", "percent", "0.1", "exact"),
    # "sending over 1 billion early-warning text messages": 10^9, to the billion; a unit the release declares
    "warning-messages": ("1 billion", "1000000000", "messages", "1000000000", "more_than"),
    # "dealt with 114,000 cases of economic offenses and over 4,600 smuggling crime cases"
    "economic-offence-cases": ("114,000", "114000", "cases", "1000", "exact"),
    "smuggling-cases": ("4,600", "4600", "cases", "100", "more_than"),
    # "solved 28,000 cases of IPR infringement and counterfeiting"
    "ipr-cases-solved": ("28,000", "28000", "cases", "1000", "exact"),
}
# The sign of every percentage change, from its words: all three fall.
SIGNS = {"reported-crimes-change": -1, "fraud-cases-change": -1, "fraud-losses-change": -1}


@pytest.mark.slow
def test_xinhua_figures_match_hand_reading(out):
    rows = {row["figure_id"]: row for row in read_csv(out / "data" / "figures.csv")}
    assert list(rows) == list(EXPECTED)  # all ten figures, in the order of the text
    for figure_id, expected in EXPECTED.items():
        row = rows[figure_id]
        assert (row["stated"], row["value"], row["unit"], row["precision"], row["qualifier"]) == expected, figure_id
        assert row["precision_rule"] == "printed", figure_id
    changes = {key: row for key, row in rows.items() if row["kind"] == "change_pct"}
    assert {key: (1 if float(row["value"]) > 0 else -1) for key, row in changes.items()} == SIGNS
    text = (XINHUA_FIXTURE / "raw" / TEXT_NAME).read_text(encoding="utf-8")
    for row in rows.values():
        assert text[int(row["number_start"]):int(row["number_end"])] == row["stated"]
        assert text[int(row["start"]):int(row["end"])] == row["quote"]
    # One quote, two figures: the list's first number is the cases', the second the losses'.
    assert rows["fraud-cases-change"]["quote"] == rows["fraud-losses-change"]["quote"]
    assert int(rows["fraud-cases-change"]["number_start"]) < int(rows["fraud-losses-change"]["number_start"])


@pytest.mark.slow
def test_xinhua_periods_and_sections(out):
    rows = {row["figure_id"]: row for row in read_csv(out / "data" / "figures.csv")}
    # "between June 25 and Sept. 30" (2023, the dateline's year); "since August" to the press conference;
    # "this year" to the press conference; "the first nine months this year".
    periods = {key: row["period"] for key, row in rows.items()}
    assert periods == {
        "reported-crimes-change": "2023-06-25/2023-09-30", "criminal-cases-solved": "2023-06-25/2023-09-30",
        "minor-offence-cases-solved": "2023-06-25/2023-09-30", "suspects-captured": "2023-06-25/2023-09-30",
        "fraud-cases-change": "2023-08-01/2023-10-24", "fraud-losses-change": "2023-08-01/2023-10-24",
        "warning-messages": "2023-01-01/2023-10-24", "economic-offence-cases": "2023-01/2023-09",
        "smuggling-cases": "2023-01/2023-09", "ipr-cases-solved": "2023-01/2023-09",
    }
    sections = ("summer campaigns", "telecom and online fraud", "economic crime and smuggling")
    assert tuple(dict.fromkeys(row["section"] for row in rows.values())) == sections
    package = json.loads((out / "data" / "datapackage.json").read_text(encoding="utf-8"))
    (figures,) = [resource for resource in package["resources"] if resource["name"] == "figures"]
    fields = {field["name"]: field for field in figures["schema"]["fields"]}
    assert fields["section"]["constraints"]["enum"] == list(sections)  # the release's own, and only those
    assert "messages" in fields["unit"]["constraints"]["enum"]


@pytest.mark.slow
def test_xinhua_tokens_all_accounted_for(out):
    tokens = read_csv(out / "data" / "tokens.csv")
    # 16 numeric tokens: the 10 figures, and 6 that are not: the dateline's day (Oct. 24), the campaigns'
    # first and last days (June 25, Sept. 30), the base year 2022, and "first" and "nine" of "the first nine
    # months" (an ordinal, and the period's length: a reason the release declares).
    assert len(tokens) == 16
    assert [t["status"] for t in tokens].count("figure") == 10
    excluded = [(t["token"], t["form"], t["reason"]) for t in tokens if t["status"] == "excluded"]
    assert excluded == [("24", "digits", "date"), ("25", "digits", "date"), ("30", "digits", "date"),
                        ("2022", "digits", "year"), ("first", "ordinal", "ordinal"),
                        ("nine", "word", "period length")]


@pytest.mark.slow
def test_xinhua_book_is_built_with_every_figure(out):
    html = out / "_build" / "html"
    assert (html / "index.html").is_file()
    figures_page = (html / "notebooks" / "01_figures.html").read_text(encoding="utf-8")
    for figure_id in EXPECTED:
        assert f'id="{figure_id}"' in figures_page, figure_id
    # A change in words, from the sign: "fell 13.8 percent", never "13.8 percent%".
    assert "fell 13.8 percent on the same period a year earlier" in figures_page
    assert "percent%" not in figures_page


def test_xinhua_release_names_its_source():
    from release_figures.reading.release_folder import load_release

    release = load_release(XINHUA_FIXTURE)
    release.verify_checksums()
    text = release.record["files"]["text"]
    assert text["url"] == "http://en.people.cn/n3/2023/1025/c90000-20088835.html"
    assert text["title"] == text["original"]["title"] == "China sees drop in public reports of criminal cases: police"
    assert (text["original"]["producer"], text["original"]["published"]) == (
        "Xinhua News Agency (English service)", "2023-10-24")
    assert "quoted for analysis; © Xinhua" in text["licence"]
    assert not (XINHUA_FIXTURE / "checks.yaml").exists() and not (XINHUA_FIXTURE / "comparisons.yaml").exists()


def test_a_list_quoted_without_its_direction_word_stops_the_run_in_one_line(tmp_path):
    # The register quotes the list without "dropped by": the change has no direction, and the reader's
    # command refuses it before anything runs, naming the file, the entry and what was expected.
    release = tmp_path / "release"
    shutil.copytree(XINHUA_FIXTURE, release)
    register = release / "register.yaml"
    text = register.read_text(encoding="utf-8")
    quote = "    quote: dropped by 24 percent and 20.5 percent, respectively, on a year-on-year basis\n    token: 2"
    assert text.count(quote) == 1
    register.write_text(text.replace(quote, "    quote: 24 percent and 20.5 percent, respectively\n    token: 2"),
                        encoding="utf-8")
    result = run_cli("run", str(release), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: figure 'fraud-losses-change' ({register}): a change needs exactly one direction "
                           "in its quote '24 percent and 20.5 percent, respectively': expected the words of one "
                           "direction: a rise (up, rose, increased, grew, surged, an increase of; 增长, 上升) or a fall")
    assert line.endswith("comparison after it (13.8 percent lower than, higher than, fewer than, more than); found none")
    assert not (tmp_path / "out" / "data" / "figures.csv").exists()

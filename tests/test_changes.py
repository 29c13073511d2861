"""The changes stage: implied intervals, comparisons and their definitions.

Every expected interval is worked out by hand in the comments, with the
rounding rules of release_figures.rounding.intervals, and written as Fractions here;
nothing is copied from the code's output.
"""

from __future__ import annotations

import math
import shutil
from fractions import Fraction as F

import pytest
import yaml

from release_figures.stages.changes import Quantity, build_changes, comparison_rows, implied_rows, quantities_from
from release_figures.stages.comparison_definitions import Comparison, ComparisonError, parse_comparisons, periods_align
from release_figures.rounding.intervals import interval_of
from release_figures.reading.numbers import read_number
from release_figures.tables.build import figures_as_read, load_stage_context, read_figures_csv, run_figures_stage
from release_figures.reading.register import UNITS
from release_figures.rounding.whole_counts import CONTINUOUS_UNITS, COUNT_UNITS, implied_previous_value


@pytest.fixture(scope="module")
def repo_rows(figures_stage):
    context = load_stage_context(figures_stage)
    return {row["change_id"]: row for row in build_changes(figures_stage.release, figures_as_read(figures_stage.rows),
                                                            context)}


def assert_brackets(row, lo, hi, slack=F(1, 10**5)):
    """The row's low/high (rounded outward) contain [lo, hi] and are within ``slack`` of it."""
    low, high = F(row["low"]), F(row["high"])
    assert low <= lo < low + slack, (row["low"], float(lo))
    assert high - slack < hi <= high, (row["high"], float(hi))


# ----------------------------------------------------------- implied previous values

def test_fraud_cases_implied_previous(repo_rows):
    row = repo_rows["fraud-cases-cracked-change-implied-previous"]
    # Half up: 391,000 stands for [390500, 391500); as a count, the whole numbers
    # 390500 ... 391499. +5.7% stands for [5.65, 5.75): factor [1.0565, 1.0575).
    # Previous = current / factor, so it lies in [390500/1.0575, 391499/1.0565).
    lo, hi = F(390500) / F("1.0575"), F(391499) / F("1.0565")
    # 1.0575 x 369267 = 390499.85 < 390500 and 1.0575 x 369268 = 390500.91: first whole number 369268.
    assert math.ceil(lo) == 369268
    # 1.0565 x 370562 = 391498.75 <= 391499 and 1.0565 x 370563 = 391499.81: last whole number 370562.
    assert math.floor(hi) == 370562
    # Half even admits a subset (391 and 57 are odd: both ties leave), so the union is the half-up set.
    assert row["interval"] == "[369268, 370562]"
    assert (row["low"], row["high"], row["unit"]) == ("369268", "370562", "cases")
    assert row["tie_rule_needed"] == "either"
    # Point: 391000 / 1.057 = 369914.853...
    assert F(row["point_estimate"]) == F("369914.85")
    assert abs(F(391000) / F("1.057") - F("369914.85")) < F(1, 100)


def test_every_unit_is_either_a_count_or_continuous():
    # One list of count units for both chapters; every unit of the register is on exactly one side.
    assert COUNT_UNITS.isdisjoint(CONTINUOUS_UNITS)
    assert set(UNITS) == COUNT_UNITS | CONTINUOUS_UNITS
    assert CONTINUOUS_UNITS == {"percent", "percentage points", "tons", "yuan"}
    # durations are whole numbers of their unit
    assert {"years", "months", "days"} <= COUNT_UNITS


@pytest.mark.parametrize("current, change, unit, expected", [
    # Cases: 391,000 is cut to 390500..391499 first; +5.7% = [5.65, 5.75): factor [1.0565, 1.0575).
    # 390500 / 1.0575 = 369267.13 -> first whole number 369268; 391499 / 1.0565 = 370562.2 -> last 370562.
    ("391,000", "5.7%", "cases", "[369268, 370562]"),
    # Tons stay continuous: 21.9 = [21.85, 21.95), a fall of 18.7% (下降18.7%) = (-18.75, -18.65], factor (0.8125, 0.8135]:
    # [21.85 / 0.8135, 21.95 / 0.8125) = [26.859250..., 27.015384...).
    ("21.9", "下降18.7%", "tons", "[26.85925, 27.015385)"),
    # Persons printed to the unit: exactly 2617; a fall of 3.5% = (-3.55, -3.45], factor (0.9645, 0.9655]:
    # 2617 / 0.9655 = 2710.51 -> 2711; 2617 / 0.9645 = 2713.32 (open end) -> 2713.
    ("2,617", "下降3.5%", "persons", "[2711, 2713]"),
])
def test_implied_previous_value_of_counts_and_amounts(current, change, unit, expected):
    result = implied_previous_value(interval_of(read_number(current)), interval_of(read_number(change)), unit)
    assert result.format(8) == expected


@pytest.mark.parametrize(
    "change_id, text",
    [
        # +64.4%: half up [64.35, 64.45); 644 is even so half even [64.35, 64.45]: union closed.
        ("fraud-suspects-change-index", "[164.35, 164.45]"),
        # -17.3%: half up rounds away from zero, (-17.35, -17.25]; 173 odd: half even open. Union (..].
        ("fraud-cases-registered-change-index", "(82.65, 82.75]"),
        # -1.3%: as above, 13 is odd: (-1.35, -1.25] -> 100 + that.
        ("fraud-losses-change-index", "(98.65, 98.75]"),
    ],
)
def test_index_rows(repo_rows, change_id, text):
    assert repo_rows[change_id]["interval"] == text
    assert repo_rows[change_id]["unit"] == "index"


def test_every_change_percentage_has_a_row(figures_stage, repo_rows):
    changes = [row["figure_id"] for row in figures_stage.rows if row["kind"] == "change_pct"]
    assert len(changes) == 4
    for figure_id in changes:
        assert (f"{figure_id}-implied-previous" in repo_rows) != (f"{figure_id}-index" in repo_rows)


def _invented_figures():
    """Figure rows as in figures.csv: a count of 1,234 and a change of +5.3% referring to it."""
    base = {"section": "x", "precision_rule": "printed", "period": "2030", "quote": "q"}
    return [
        {**base, "figure_id": "cases", "indicator": "cases", "value": "1234", "unit": "cases", "stated": "1,234",
         "qualifier": "exact", "precision": "1", "kind": "count", "refers_to": ""},
        {**base, "figure_id": "cases-change", "indicator": "cases, change", "value": "5.3", "unit": "percent",
         "stated": "5.3%", "qualifier": "exact", "precision": "0.1", "kind": "change_pct", "refers_to": "cases"},
    ]


def test_worked_example_admits_only_1172():
    # 1234 / 1.0535 = 1171.33 and 1234 / 1.0525 = 1172.45: the only whole number between is 1172.
    assert math.ceil(F(1234) / F("1.0535")) == math.floor(F(1234) / F("1.0525")) == 1172
    (row,) = implied_rows(quantities_from(_invented_figures(), {}))
    assert row["interval"] == "[1172, 1172]"
    assert row["previous_period"] == "2029"


def test_invented_release_runs_and_comparisons_are_optional(repo_root, tmp_path):
    release_dir = tmp_path / "invented"
    shutil.copytree(repo_root / "tests" / "fixtures" / "invented-release", release_dir)
    stage = run_figures_stage(release_dir)
    context = load_stage_context(stage)
    rows = {r["change_id"]: r for r in build_changes(stage.release, figures_as_read(stage.rows), context)}
    # 2,617 with -3.5%: factor (0.9645, 0.9655]; 2617/0.9655 = 2710.5, 2617/0.9645 = 2713.3.
    assert rows["burglary-suspects-change-implied-previous"]["interval"] == "[2711, 2713]"
    # Now give the invented release a comparison: the published 1,181 misses the implied 1,172.
    (release_dir / "comparisons.yaml").write_text(yaml.safe_dump({"comparisons": [{
        "id": "burglary-vs-2029", "type": "implied_vs_published", "family": "burglary",
        "description": "Burglary cases solved in 2029, implied against published",
        "change": "burglary-cases-solved-change", "published": "burglary_cases_solved_2029",
        "comparable": True, "comparable_reason": "Same indicator, full years.",
    }]}), encoding="utf-8")
    rows = {r["change_id"]: r for r in build_changes(stage.release, figures_as_read(stage.rows), context)}
    assert rows["burglary-vs-2029"]["tie_rule_needed"] == "neither"
    assert "The two share no value" in rows["burglary-vs-2029"]["explanation"]


# ----------------------------------------------------------- ratios and comparisons

@pytest.mark.parametrize(
    "change_id, lo, hi",
    [
        # Cracked per registered: factors [1.0565, 1.0575) and (0.8265, 0.8275].
        ("fraud-ratio-cracked-per-registered", F("1.0565") / F("0.8275") * 100 - 100, F("1.0575") / F("0.8265") * 100 - 100),
        # Suspects per cracked: [1.6435, 1.6445] over [1.0565, 1.0575).
        ("fraud-ratio-suspects-per-cracked", F("1.6435") / F("1.0575") * 100 - 100, F("1.6445") / F("1.0565") * 100 - 100),
        # Losses per registered: (0.9865, 0.9875] over (0.8265, 0.8275].
        ("fraud-ratio-losses-per-registered", F("0.9865") / F("0.8275") * 100 - 100, F("0.9875") / F("0.8265") * 100 - 100),
    ],
)
def test_fraud_ratios(repo_rows, change_id, lo, hi):
    assert_brackets(repo_rows[change_id], lo, hi)
    assert repo_rows[change_id]["comparable"] == "true"


def test_fraud_cases_against_published_jan_nov_2021(repo_rows):
    row = repo_rows["fraud-cases-vs-published-2021"]
    # 37万余 = (370000, 380000), whole numbers 370001..379999 ("more than" excludes 370000 itself);
    # the implied [369268, 370562] meets it in [370001, 370562].
    assert row["interval"] == "[369268, 370562]"
    assert "share the values between 370,001 and 370,562" in row["explanation"]
    assert (row["comparable"], row["tie_rule_needed"]) == ("true", "either")


def test_fraud_suspects_implied_2022_from_published_2021(repo_rows):
    row = repo_rows["fraud-suspects-vs-published-2021"]
    # 54.9万余 = whole numbers 549001 ... 549999 (549000 itself excluded); factor [1.6435, 1.6445].
    # 549001 x 1.6435 = 902283.1435 -> 902284; 549999 x 1.6445 = 904473.36 -> 904473.
    assert math.ceil(549001 * F("1.6435")) == 902284 and math.floor(549999 * F("1.6445")) == 904473
    assert row["interval"] == "[902284, 904473]"


@pytest.mark.parametrize(
    "change_id, comparable",
    [
        # January to November 2022 against the full year 2022: months differ.
        ("fraud-cases-full-year-2022", "false"),
        # January to November 2021 against January to November 2022: like with like.
        ("fraud-cases-vs-published-2021", "true"),
        # January to November, 2022 to 2023: like with like.
        ("fraud-cases-jan-nov-2022-2023", "true"),
        # The release's "as of the end of November" paragraph against a full-year 2021 figure.
        ("cyber-cases-release-vs-2021", "false"),
        # Clean Net to the end of December, both years.
        ("cyber-cases-2021-2022", "true"),
        # Press conference against the annual drug report.
        ("drug-cases-release-vs-report", "false"),
        # Two different summer campaigns.
        ("hundred-day-vs-summer-2023", "false"),
    ],
)
def test_comparable_flags(repo_rows, change_id, comparable):
    row = repo_rows[change_id]
    assert row["comparable"] == comparable
    assert row["comparable_reason"]
    if comparable == "false" and row["type"] == "not_comparable":
        assert row["interval"] == row["point_estimate"] == ""


def test_vehicle_stock_flow(repo_rows):
    row = repo_rows["vehicles-stock-flow-2022"]
    # 3.95亿: whole numbers 394,500,000 ... 395,499,999; 21.29 million: 21,285,000 ... 21,294,999.
    # Sum: 415,785,000 ... 416,794,998. 417 million: 416,500,000 ... 417,499,999. They meet.
    assert row["interval"] == "[415785000, 416794998]"
    assert "share the values between 416,500,000 and 416,794,998" in row["explanation"]
    assert row["tie_rule_needed"] == "either"


def _quantity(qid, stated, unit, period):
    return Quantity(qid, "context", qid, period, unit, "level", read_number(stated), "q")


def test_stock_flow_that_does_not_add_up():
    # 395 million + 21.29 million is at most 416,794,998; 418 million starts at 417,500,000.
    q = {"a": _quantity("a", "3.95亿", "vehicles", "2021"), "f": _quantity("f", "2129万", "vehicles", "2022"),
         "b": _quantity("b", "4.18亿", "vehicles", "2022")}
    c = Comparison("x", "stock_flow", "f", "d", True, "r", "", {"stock_before": "a", "flow": "f", "stock_after": "b"})
    (row,) = comparison_rows(c, q)
    assert row["tie_rule_needed"] == "neither"
    assert "They share no value" in row["explanation"]


def test_police_killed_series(repo_rows):
    # 261 in 2021, 308 in 2022, both to the person: (308 - 261) / 261 = 47/261 exactly.
    assert_brackets(repo_rows["police-killed-series-2021-2022"], F(4700, 261), F(4700, 261))
    # 315 in 2020 -> 261 in 2021: -54/315.
    assert_brackets(repo_rows["police-killed-series-2020-2021"], F(-5400, 315), F(-5400, 315))
    assert sum(1 for cid in repo_rows if cid.startswith("police-killed-series-")) == 4


def test_zero_terror_years_difference(repo_rows):
    # Five years to 2021, six to 2022: a run that grows by exactly one.
    assert repo_rows["zero-terror-years-2021-2022"]["interval"] == "[1, 1]"


def test_drug_report_series_differs(repo_rows):
    row = repo_rows["drug-cases-report-implied-2021"]
    # 3.5万 = 34500 ... 35499; -28.6% = factor (0.7135, 0.7145]: 34500/0.7145 = 48285.5 -> 48286,
    # 35499/0.7135 = 49753.3 -> 49753 (half even, 286 even, admits 0.7135 too: 49753.3 still).
    assert row["interval"] == "[48286, 49753]"
    # The year-review's 5.4万 (53500 ... 54499) is outside: the two series differ.
    assert row["tie_rule_needed"] == "neither" and row["comparable"] == "false"


def test_built_tables_are_current_and_deterministic(data_dir, tmp_path):
    # The one build of every table, twice into fresh folders: identical bytes, and the committed tables.
    from release_figures.tables.build import TABLE_NAMES, build_tables

    for folder in ("first", "second"):
        build_tables(data_dir, tmp_path / folder)
    for name in (*TABLE_NAMES, "datapackage.json"):
        first = (tmp_path / "first" / name).read_bytes()
        assert first == (tmp_path / "second" / name).read_bytes(), name
        assert first == (data_dir / name).read_bytes(), f"data/{name} is stale: run make book and commit it"


# ----------------------------------------------------------- definitions

INPUTS = {
    "cases-jan-nov": {"unit": "cases", "period": "2022-01/2022-11", "kind": "count"},
    "cases-2021": {"unit": "cases", "period": "2021", "kind": "level"},
    "cases-2021-jan-nov": {"unit": "cases", "period": "2021-01/2021-11", "kind": "level"},
    "tons-2021": {"unit": "tons", "period": "2021", "kind": "level"},
    "change": {"unit": "percent", "period": "2022-01/2022-11", "kind": "change_pct"},
    # The text leaves this one open: January to November, or the full year.
    "cases-open": {"unit": "cases", "period": "2022-01/2022-11", "kind": "count",
                   "periods": ("2022-01/2022-11", "2022")},
}
GOOD = {"id": "good", "type": "change", "family": "f", "description": "d", "previous": "cases-2021-jan-nov",
        "current": "cases-jan-nov", "comparable": True, "comparable_reason": "same months"}


@pytest.mark.parametrize(
    "entry, message",
    [
        # A required common field is missing.
        ({**GOOD, "id": "no-reason", "comparable_reason": None}, "'no-reason'.*comparable_reason"),
        # An unknown type.
        ({**GOOD, "id": "bad-type", "type": "growth"}, r"'bad-type' \(entry 1\): type: expected one of change, .*got 'growth'"),
        # An id that is neither a figure nor a context figure.
        ({**GOOD, "id": "bad-input", "previous": "cases-2020"}, r"'bad-input' \(entry 1\): previous: expected a figure_id of the figures table or a context_id .*got 'cases-2020'"),
        # A field the type does not have (typo).
        ({**GOOD, "id": "typo", "curent": "cases-jan-nov"}, r"'typo' \(entry 1\): curent: unknown field; allowed: id, type"),
        # comparable written as a string.
        ({**GOOD, "id": "string-flag", "comparable": "yes"}, "'string-flag'.*true or false"),
        # January to November against a full year, claimed comparable.
        ({**GOOD, "id": "jan-nov-vs-year", "previous": "cases-2021"}, "'jan-nov-vs-year'.*same months"),
        # Comparable under the period the sentence supports, but not under the other reading the text allows:
        # January-November 2021 against the full year 2022.
        ({**GOOD, "id": "open-period", "current": "cases-open"},
         "'open-period'.*also allows the period 2022 for 'cases-open'.*use type not_comparable"),
        # A change that is not comparable must be not_comparable instead.
        ({**GOOD, "id": "misleading", "comparable": False}, "'misleading'.*not_comparable"),
        # Different units.
        ({**GOOD, "id": "units", "previous": "tons-2021"}, "'units'.*different units"),
        # A ratio of levels.
        ({"id": "ratio-levels", "type": "ratio", "family": "f", "description": "d", "numerator": "cases-2021",
          "denominator": "change", "comparable": True, "comparable_reason": "r"}, "'ratio-levels'.*not a change"),
    ],
)
def test_malformed_entries_are_rejected(entry, message):
    entry = {k: v for k, v in entry.items() if v is not None}
    with pytest.raises(ComparisonError, match=r"comparisons\.yaml: comparison " + message):
        parse_comparisons({"comparisons": [entry]}, "comparisons.yaml", INPUTS)


def test_duplicate_ids_are_rejected():
    with pytest.raises(ComparisonError, match=r"comparison 'good' \(entry 2\): duplicate id \(also entry 1\)"):
        parse_comparisons({"comparisons": [GOOD, GOOD]}, "comparisons.yaml", INPUTS)


def test_good_entry_is_accepted():
    (c,) = parse_comparisons({"comparisons": [GOOD]}, "comparisons.yaml", INPUTS)
    assert c.input_ids() == ["cases-2021-jan-nov", "cases-jan-nov"]


@pytest.mark.parametrize(
    "earlier, later, expected",
    [
        ("2021", "2022", True),                        # full years
        ("2021-01/2021-11", "2022-01/2022-11", True),  # same months a year apart
        ("2021", "2022-01/2022-11", False),            # full year against eleven months
        ("2022-01/2022-11", "2022", False),            # different months, same year
        ("2022", "2022", False),                       # the same period is no change
        ("2020", "2023", True),                        # same months, three years apart
    ],
)
def test_periods_align(earlier, later, expected):
    assert periods_align(earlier, later) is expected


def test_committed_definitions_parse(data_dir, figures_stage):
    context = load_stage_context(figures_stage)
    quantities = quantities_from(figures_as_read(figures_stage.rows), context)
    inputs = {q.id: {"unit": q.unit, "period": q.period, "kind": q.kind} for q in quantities.values()}
    data = yaml.safe_load((data_dir / "comparisons.yaml").read_text(encoding="utf-8"))
    assert len(parse_comparisons(data, "comparisons.yaml", inputs)) == len(data["comparisons"])

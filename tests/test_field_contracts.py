"""Every field of every input against the contract that documents it, before anything is computed.

Each case builds its hostile input here, in a copy of data/: a context
row with a period in another form ("Jan-Nov 2021", which once changed a
verdict silently), a month 13, a day 30 of February, a period that ends
before it starts, a publication date that is no date, a reliability grade
or a qualifier outside the contract's values, a unit outside the
vocabulary, an address that is not a web address; a register period with
a month 13; checks and comparisons that compare a figure in one unit with
a figure in another. ``python -m release_figures run BAD --out OUT`` exits
with status 2 and one line naming the file, the row or entry, the field
and what was expected; nothing is written (tests/mutations/hostile.py).
"""

from __future__ import annotations

import csv
import io
import re
from typing import get_args

import pytest
import yaml
from mutations.hostile import CONTEXT, assert_refused, copy_data, replace_in, rewrite

from release_figures.reading.context_figures import CONTEXT_COLUMNS, ContextRow
from release_figures.reading.numbers import QUALIFIERS
from release_figures.reading.schema import date_problem, period_problem
from release_figures.contracts import CONTRACTS_DIR

ROW = r"context-figures\.csv, line 2 \('fraud_cases_cracked_2021_jan_nov'\)"


def set_field(folder, column: str, value: str) -> None:
    """Give the first context row another value in one column (the file rewritten as CSV, its checksum re-recorded)."""
    rows = list(csv.reader(io.StringIO((folder / CONTEXT).read_text(encoding="utf-8"), newline="")))
    rows[1][CONTEXT_COLUMNS.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    rewrite(folder, CONTEXT, buffer.getvalue().encode("utf-8"))


@pytest.mark.parametrize("column, value, expected", [
    ("period", "Jan-Nov 2021", r"period: expected a period YYYY, YYYY-MM, YYYY-MM/YYYY-MM or YYYY-MM-DD/YYYY-MM-DD, "
                               r"got 'Jan-Nov 2021'"),
    ("period", "2021-01/2021-13", r"period: expected a calendar period: month 13 of 2021-13 is not a month "
                                  r"\(01 to 12\), got '2021-01/2021-13'"),
    ("period", "2021-01-01/2021-02-30", r"period: expected a calendar period: day 30 of 2021-02-30 is not a day of "
                                        r"that month"),
    ("period", "2021-11/2021-01", r"period: expected a period whose start comes no later than its end: 2021-11 is "
                                  r"after 2021-01"),
    ("period", "２０２１", r"period: expected a period YYYY"),  # full-width digits: int() would read them
    ("published", "2021-12-32", r"published: expected a calendar date: day 32 of 2021-12-32 is not a day of that "
                                r"month"),
    ("published", "31 December 2021", r"published: expected a date YYYY, YYYY-MM or YYYY-MM-DD"),
    ("reliability", "C", r"reliability: expected one of 'A' or 'B', got 'C'"),
    ("qualifier", "roughly", r"qualifier: expected one of 'exact', 'more_than' or 'about', got 'roughly'"),
    ("unit", "kilograms", r"unit: expected one of: cases, persons, .* got 'kilograms'"),
    ("url", "javascript:alert(1)", r"url: expected a web address beginning with http:// or https://"),
    ("indicator", " ", r"indicator: expected non-empty text"),
])
def test_a_context_field_outside_its_contract(column, value, expected, tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    set_field(folder, column, value)
    assert_refused(folder, rf"{ROW}: {expected}", capsys)


def test_a_register_period_with_a_month_13(tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    register = folder / "register.yaml"
    text = register.read_text(encoding="utf-8")
    anchor = "  - figure_id: fraud-cases-cracked\n    section: social stability\n"
    assert text.count(anchor + "    indicator: telecom and network fraud cases cracked\n"
                             "    unit: cases\n    period: 2022-01/2022-11\n") == 1
    register.write_text(text.replace(anchor + "    indicator: telecom and network fraud cases cracked\n"
                                              "    unit: cases\n    period: 2022-01/2022-11\n",
                                     anchor + "    indicator: telecom and network fraud cases cracked\n"
                                              "    unit: cases\n    period: 2022-01/2022-13\n"), encoding="utf-8")
    assert_refused(folder, r"register\.yaml: figures\[1\] \('fraud-cases-cracked'\): period: expected a calendar "
                           r"period: month 13 of 2022-13 is not a month", capsys)


# ------------------------------------------------------------------ units compared in checks and comparisons

def test_an_agreement_of_persons_with_cases(tmp_path, capsys):
    # The context row the gambling agreement cites now counts persons: the check compares nothing like with like.
    folder = copy_data(tmp_path / "release")
    replace_in(folder, CONTEXT, ",2022,37000,cases,", ",2022,37000,persons,")
    assert_refused(folder, r"checks\.yaml, check 'gambling-cases': compares inputs in different units \(cases and "
                           r"persons: figure 'gambling-cases' in cases, context 'gambling_cases_2022' in persons\); "
                           r"expected one unit in what a check compares", capsys)


def test_a_ratio_spread_whose_numerators_differ(tmp_path, capsys):
    # A block's numerator and denominator differ by design (suspects per gang); two numerators may not.
    folder = copy_data(tmp_path / "release")
    replace_in(folder, "checks.yaml", "numerator: fishing-suspects, denominator: fishing-gangs",
               "numerator: fishing-cases, denominator: fishing-gangs")
    assert_refused(folder, r"checks\.yaml, check 'suspects-per-gang': compares inputs in different units \(cases "
                           r"and persons: numerators 'cyber-suspects' in persons, numerators 'fishing-cases' in "
                           r"cases\)", capsys)


def test_a_change_from_persons_to_cases(tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    replace_in(folder, "comparisons.yaml", "    previous: cyber_cases_2021\n", "    previous: cyber_suspects_2021\n")
    assert_refused(folder, r"comparisons\.yaml: comparison 'cyber-cases-2021-2022' \(entry \d+\): inputs are in "
                           r"different units \(cases and persons: 'cyber_suspects_2021' in persons, 'cyber_cases_2022' "
                           r"in cases\); expected one unit", capsys)


def test_a_change_of_cases_against_published_persons(tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    replace_in(folder, "comparisons.yaml", "    published: fraud_cases_cracked_2021_jan_nov\n",
               "    published: fraud_suspects_2021_jan_nov\n")
    assert_refused(folder, r"comparisons\.yaml: comparison 'fraud-cases-vs-published-2021' \(entry \d+\): the change "
                           r"'fraud-cases-cracked-change' is of 'fraud-cases-cracked' in cases, but published "
                           r"'fraud_suspects_2021_jan_nov' is in persons; expected one unit", capsys)


# ------------------------------------------------------------------ the contract and the schema agree

def test_the_context_schema_states_the_contracts_values():
    contract = yaml.safe_load((CONTRACTS_DIR / "context-figures.yaml").read_text(encoding="utf-8"))
    fields = {field["name"]: field for field in contract["fields"]}
    assert tuple(fields) == CONTEXT_COLUMNS == tuple(ContextRow.model_fields)
    assert tuple(fields["reliability"]["constraints"]["enum"]) == get_args(ContextRow.model_fields["reliability"].annotation)
    assert tuple(fields["qualifier"]["constraints"]["enum"]) == QUALIFIERS == \
        get_args(ContextRow.model_fields["qualifier"].annotation)


@pytest.mark.parametrize("period, problem", [
    ("2022", None), ("2022-11", None), ("2022-01/2022-11", None), ("2022-06-25/2022-09-27", None),
    ("2024-02-29/2024-03-01", None),                  # a leap day
    ("2023-02-29/2023-03-01", "day 29 of 2023-02-29"),  # not in 2023
    ("2022-00", "month 00 of 2022-00"), ("0000", "year 0000"), ("2022-11/2022-01", "start comes no later"),
    ("2022/2023", "expected a period"), ("2022-1", "expected a period"), ("2022-11\n", "expected a period"),
])
def test_calendar_periods(period, problem):
    found = period_problem(period)
    assert (found is None) if problem is None else (problem in found), (period, found)


def test_calendar_dates():
    assert [date_problem(value) for value in ("2023", "2023-01", "2023-01-10")] == [None, None, None]
    assert "day 31 of 2023-04-31" in date_problem("2023-04-31")
    assert re.search("expected a date", date_problem("10 January 2023"))

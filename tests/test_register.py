"""The register loader: valid entries load, malformed ones fail with a named error."""

from __future__ import annotations

import copy

import pytest

from release_figures.errors import FigureParseError, QuoteOrderError, RegisterError
from release_figures.figures import direction_of, figure_rows
from release_figures.register import load_register, parse_register

MINIMAL = {
    "figures": [{
        "figure_id": "cases", "section": "social stability", "indicator": "cases cracked",
        "unit": "cases", "period": "2022", "kind": "count", "quote": "cracked 1,234 cases",
    }, {
        "figure_id": "cases-change", "section": "social stability", "indicator": "cases cracked, change",
        "unit": "percent", "period": "2022", "kind": "change_pct", "refers_to": "cases",
        "quote": "a decrease of 5.3% year-on-year",
    }],
}
TEXT = "Police cracked 1,234 cases in 2022, a decrease of 5.3% year-on-year."


def test_the_repository_register_loads(data_dir):
    register = load_register(data_dir / "register.yaml")
    assert len(register.figures) >= 45
    assert {exclusion.reason for exclusion in register.exclusions} <= {"date", "year", "ordinal", "name", "descriptive"}


def test_minimal_register_reads_values_and_signs_from_text():
    rows = figure_rows(TEXT, parse_register(copy.deepcopy(MINIMAL)))
    # "1,234" is printed to the unit; "a decrease of 5.3%" is a fall.
    assert [(r["value"], r["precision"]) for r in rows] == [("1234", "1"), ("-5.3", "0.1")]
    assert TEXT[rows[0]["number_start"]:rows[0]["number_end"]] == "1,234"


@pytest.mark.parametrize("mutate, message", [
    # a unit outside the controlled vocabulary
    (lambda d: d["figures"][0].update(unit="widgets"), r"'cases'.*unknown unit 'widgets'"),
    # a kind outside the list
    (lambda d: d["figures"][0].update(kind="guess"), r"unknown kind 'guess'"),
    # the quote field missing
    (lambda d: d["figures"][0].pop("quote"), r"missing required field\(s\) quote"),
    # a field nobody knows
    (lambda d: d["figures"][0].update(colour="red"), r"unknown field\(s\) colour"),
    # two entries with one id
    (lambda d: d["figures"][1].update(figure_id="cases"), r"duplicate figure_id 'cases'"),
    # a change that points nowhere
    (lambda d: d["figures"][1].update(refers_to="nothing"), r"refers_to 'nothing' is not a figure_id"),
    # a rounding override with no reason
    (lambda d: d["figures"][0].update(precision=1), r"precision override needs a precision_reason"),
    # a period in no known form
    (lambda d: d["figures"][0].update(period="last year"), r"period 'last year' is not"),
    # an alternative period that is the period itself
    (lambda d: d["figures"][0].update(period_alternative="2022", period_note="n"),
     r"period_alternative '2022' must be a period \(as 'period'\) other than '2022'"),
    # an alternative period with no note saying why the text allows it
    (lambda d: d["figures"][0].update(period_alternative="2022-01/2022-11"), r"period_alternative needs a period_note"),
])
def test_malformed_entries_are_rejected_by_name(mutate, message):
    data = copy.deepcopy(MINIMAL)
    mutate(data)
    with pytest.raises(RegisterError, match=message):
        parse_register(data, "register.yaml")


def test_figures_out_of_text_order_are_rejected():
    data = copy.deepcopy(MINIMAL)
    data["figures"].reverse()
    data["figures"][0]["refers_to"] = "cases"
    with pytest.raises(QuoteOrderError, match=r"'cases'.*comes before that of figure 'cases-change'"):
        figure_rows(TEXT, parse_register(data))


def test_a_change_without_a_direction_word_is_rejected():
    text = "Police cracked 1,234 cases in 2022, 5.3% year-on-year."
    data = copy.deepcopy(MINIMAL)
    data["figures"][1]["quote"] = "5.3% year-on-year"
    with pytest.raises(FigureParseError, match=r"'cases-change'.*exactly one direction"):
        figure_rows(text, parse_register(data))


@pytest.mark.parametrize("quote, sign", [
    ("an increase of 5.7% year-on-year", 1),  # rise word
    ("has decreased by 17.3% year-on-year", -1),  # fall word
    ("rose here and fell there", None),  # both: no single direction
    ("5.7% year-on-year", None),  # none
])
def test_direction_words(quote, sign):
    assert direction_of(quote) == sign


def test_yaml_syntax_error_names_the_file(tmp_path):
    path = tmp_path / "register.yaml"
    path.write_text("figures: [\n", encoding="utf-8")
    with pytest.raises(RegisterError, match=r"register\.yaml: not valid YAML"):
        load_register(path)

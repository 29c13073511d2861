"""The register loader: valid entries load, malformed ones fail with a named error."""

from __future__ import annotations

import copy

import pytest

from release_figures.errors import FigureParseError, QuoteOrderError, RegisterError
from release_figures.reading.directions import direction_of
from release_figures.stages.figures import figure_rows
from release_figures.reading.register import load_register, parse_register

MINIMAL = {
    "vocabulary": {"sections": [{"section": "social stability"}]},
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
    (lambda d: d["figures"][0].update(unit="widgets"), r"figures\[0\] \('cases'\): unit: expected one of: cases, .*got 'widgets'"),
    # a kind outside the list
    (lambda d: d["figures"][0].update(kind="guess"), r"kind: expected one of 'count', .*got 'guess'"),
    # the quote field missing
    (lambda d: d["figures"][0].pop("quote"), r"figures\[0\] \('cases'\): quote: missing required field"),
    # a field nobody knows
    (lambda d: d["figures"][0].update(colour="red"), r"colour: unknown field; allowed: figure_id, section"),
    # two entries with one id
    (lambda d: d["figures"][1].update(figure_id="cases"), r"duplicate figure_id 'cases'"),
    # a change that points nowhere
    (lambda d: d["figures"][1].update(refers_to="nothing"), r"figures\[1\] \('cases-change'\): refers_to: expected a figure_id of the register, got 'nothing'"),
    # a rounding override with no reason
    (lambda d: d["figures"][0].update(precision=1), r"precision override needs a precision_reason"),
    # a period in no known form
    (lambda d: d["figures"][0].update(period="last year"), r"period: expected a period YYYY, YYYY-MM, .*got 'last year'"),
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
    with pytest.raises(RegisterError, match=r"register\.yaml, line 2, column 1: not valid YAML"):
        load_register(path)


# ------------------------------------------------------------------ vocabularies a release extends

ZH_TEXT = "2022年，共破获案件5.4万起，同比下降3.2个百分点；查获走私船只12艘，连续六个月零事故。"
ZH_REGISTER = {
    "vocabulary": {
        "sections": [{"section": "social stability"}, {"section": "public safety"}],
        "units": [{"unit": "ships", "kind": "count", "meaning": "vessels seized"}],
        "exclusion_reasons": [{"reason": "idiom", "meaning": "a numeral inside a set phrase"}],
    },
    "figures": [
        {"figure_id": "cases", "section": "social stability", "indicator": "cases cracked", "unit": "cases",
         "period": "2022", "kind": "count", "quote": "共破获案件5.4万起"},
        {"figure_id": "clearance-rate-change", "section": "social stability", "indicator": "clearance rate, change",
         "unit": "percentage points", "period": "2022", "kind": "change_points",
         "refers_to_indicator": "clearance rate", "quote": "同比下降3.2个百分点"},
        {"figure_id": "ships", "section": "public safety", "indicator": "smuggling ships seized", "unit": "ships",
         "period": "2022", "kind": "count", "quote": "查获走私船只12艘"},
        {"figure_id": "months-without-accident", "section": "public safety",
         "indicator": "consecutive months without an accident", "unit": "months", "period": "2022",
         "kind": "duration", "quote": "连续六个月"},
    ],
    "exclusions": [
        {"quote": "2022年", "reason": "year"},
        {"quote": "零事故", "reason": "idiom"},
    ],
}


def test_a_chinese_register_reads_declared_units_points_and_months():
    from release_figures.reading.token_coverage import assert_covered, token_coverage
    from release_figures.rounding.whole_counts import is_count

    register = parse_register(copy.deepcopy(ZH_REGISTER), "zh/register.yaml")
    rows = {row["figure_id"]: row for row in figure_rows(ZH_TEXT, register, language="zh")}
    # By hand: 5.4万 = 54,000 to the thousand; 下降 makes -3.2 points; 12 ships; 六 = 6 months.
    assert {key: (row["value"], row["precision"], row["unit"]) for key, row in rows.items()} == {
        "cases": ("54000", "1000", "cases"),
        "clearance-rate-change": ("-3.2", "0.1", "percentage points"),
        "ships": ("12", "1", "ships"),
        "months-without-accident": ("6", "1", "months"),
    }
    tokens = token_coverage(ZH_TEXT, register, list(rows.values()), language="zh")
    assert [(t["token"], t["status"], t["reason"]) for t in tokens] == [
        ("2022", "excluded", "year"), ("5.4万", "figure", ""), ("3.2个百分点", "figure", ""),
        ("12", "figure", ""), ("六", "figure", ""), ("零", "excluded", "idiom")]
    assert_covered(tokens)
    assert register.exclusion_reasons["idiom"] == "a numeral inside a set phrase"
    assert is_count("ships") and is_count("months") and not is_count("percentage points")


@pytest.mark.parametrize("mutate, message", [
    # a unit kind outside count, amount, duration, share
    (lambda d: d["vocabulary"]["units"][0].update(kind="mass"), r"vocabulary\.units\[0\] \('ships'\): kind: expected one of 'count', 'amount', 'duration' or 'share', got 'mass'"),
    # a built-in unit declared again
    (lambda d: d["vocabulary"]["units"][0].update(unit="cases"), r"vocabulary\.units\[0\] \('cases'\): unit: expected a unit that is not built in, got 'cases'"),
    # a unit that is not lower-case words
    (lambda d: d["vocabulary"]["units"][0].update(unit="Ships!"), r"unit: expected lower-case words, like 'ships' or 'cubic metres', got 'Ships!'"),
    # a reason without its meaning
    (lambda d: d["vocabulary"]["exclusion_reasons"][0].pop("meaning"), r"vocabulary\.exclusion_reasons\[0\] \('idiom'\): meaning: missing required field"),
    # a built-in reason declared again
    (lambda d: d["vocabulary"]["exclusion_reasons"][0].update(reason="date"), r"reason: expected a reason that is not built in, got 'date'"),
    # an unknown vocabulary list
    (lambda d: d["vocabulary"].update(colours=[]),
     r"vocabulary: colours: unknown field; allowed: sections, units, exclusion_reasons"),
    # a figure in a section the register does not declare
    (lambda d: d["figures"][2].update(section="economy"),
     r"^zh/register\.yaml: figures\[2\] \('ships'\): section: expected one of: social stability, public safety "
     r"\(the sections the register declares under vocabulary: sections\), got 'economy'$"),
    # a register that declares no sections at all: each figure's section is refused by name
    (lambda d: d["vocabulary"].pop("sections"),
     r"figures\[0\] \('cases'\): section: expected a section the register declares under vocabulary: sections, "
     r"and the register declares none, got 'social stability'"),
    # a section declared twice
    (lambda d: d["vocabulary"]["sections"].append({"section": "public safety"}),
     r"vocabulary\.sections\[2\] \('public safety'\): duplicate section 'public safety' at vocabulary\.sections\[1\]"),
    # a section that is not lower-case words (it names a table of the book and its anchor)
    (lambda d: d["vocabulary"]["sections"][0].update(section="Social  Stability"),
     r"vocabulary\.sections\[0\] \('Social  Stability'\): section: expected lower-case words, like 'public safety'"),
    # a section with an unknown field
    (lambda d: d["vocabulary"]["sections"][0].update(colour="red"),
     r"vocabulary\.sections\[0\] \('social stability'\): colour: unknown field; allowed: section, meaning"),
    # an exclusion whose reason nobody declared
    (lambda d: d["exclusions"][1].update(reason="boring"), r"exclusions\[1\] .*reason: expected one of: .*idiom.*got 'boring'"),
    # a figure in an undeclared unit
    (lambda d: d["figures"][2].update(unit="boats"), r"figures\[2\] \('ships'\): unit: expected one of: .*ships .*got 'boats'"),
    # percentage points with a kind that is not a change in points
    (lambda d: d["figures"][1].update(kind="count"), r"do not fit.*'change_points' and unit 'percentage points'"),
])
def test_a_broken_vocabulary_is_rejected_by_name(mutate, message):
    data = copy.deepcopy(ZH_REGISTER)
    mutate(data)
    with pytest.raises(RegisterError, match=message):
        parse_register(data, "zh/register.yaml")


def test_a_unit_declared_with_two_kinds_is_rejected():
    parse_register(copy.deepcopy(ZH_REGISTER), "a/register.yaml")
    data = copy.deepcopy(ZH_REGISTER)
    data["vocabulary"]["units"][0]["kind"] = "amount"
    with pytest.raises(RegisterError, match=r"unit 'ships' is declared as 'amount' in b/register.yaml but as 'count'"):
        parse_register(data, "b/register.yaml")


def test_points_and_percent_are_never_confused():
    # 个百分点 printed for a percent change, and % printed for a change in points: both refused by name
    data = copy.deepcopy(ZH_REGISTER)
    data["figures"][1].update(unit="percent", kind="change_pct")
    with pytest.raises(FigureParseError, match=r"a change_pct figure must be printed with '%', 'percent' or 'per cent', found '3.2个百分点'"):
        figure_rows(ZH_TEXT, parse_register(data), language="zh")
    data = copy.deepcopy(ZH_REGISTER)
    text = ZH_TEXT.replace("3.2个百分点", "3.2%")
    data["figures"][1]["quote"] = "同比下降3.2%"
    with pytest.raises(FigureParseError, match=r"'3.2%' is a percentage but the kind is 'change_points'"):
        figure_rows(text, parse_register(data), language="zh")


@pytest.mark.parametrize("quote, sign", [("同比下降3.2%", -1), ("同比增长5.7%", 1), ("上升后下降", None), ("持平", None)])
def test_chinese_direction_words(quote, sign):
    assert direction_of(quote) == sign


@pytest.mark.parametrize("tag, reader", [(None, "en"), ("en", "en"), ("zh", "zh"), ("zh-Hans", "zh"), ("zh-CN", "zh")])
def test_release_language_tags(tag, reader):
    from release_figures.reading.numbers import language_of

    assert language_of(tag) == reader


def test_an_unknown_release_language_is_refused_naming_release_yaml(tmp_path):
    import shutil

    from release_figures.errors import ReleaseError
    from release_figures.reading.release_folder import load_release

    from _invented import FIXTURE

    shutil.copytree(FIXTURE, tmp_path / "release")
    record = tmp_path / "release" / "release.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "language: fr\n", encoding="utf-8")
    with pytest.raises(ReleaseError, match=r"release.yaml: language 'fr' is not read"):
        load_release(tmp_path / "release")


def test_a_quote_that_cuts_a_chinese_number_short_is_refused():
    # The quote stops at "5.4" although the text prints 5.4万: the figure would read 5.4, but the text's
    # token 5.4万 stays unexplained, and the stage stops naming it.
    from release_figures.reading.token_coverage import assert_covered, token_coverage
    from release_figures.errors import UnexplainedNumberError

    data = copy.deepcopy(ZH_REGISTER)
    data["figures"][0]["quote"] = "共破获案件5.4"
    register = parse_register(data, "zh/register.yaml")
    rows = figure_rows(ZH_TEXT, register, language="zh")
    with pytest.raises(UnexplainedNumberError, match=r"'5.4万' at offset 11 \(digits\)"):
        assert_covered(token_coverage(ZH_TEXT, register, rows, language="zh"))


def test_a_section_the_release_does_not_declare_stops_the_run_in_one_line(tmp_path):
    # The invented release declares six sections; a figure moved to a seventh it never declares is refused
    # by the reader's command before anything runs: exit 2, one line naming the file, the entry and what
    # the register declares.
    import shutil

    from _invented import FIXTURE, run_cli

    release = tmp_path / "release"
    shutil.copytree(FIXTURE, release)
    register = release / "register.yaml"
    text = register.read_text(encoding="utf-8")
    anchor = "  - figure_id: smuggled-goods\n    section: public safety\n"
    assert text.count(anchor) == 1
    register.write_text(text.replace(anchor, "  - figure_id: smuggled-goods\n    section: customs\n"), encoding="utf-8")
    result = run_cli("run", str(release), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line == (f"error: {register}: figures[6] ('smuggled-goods'): section: expected one of: public safety, "
                    "social stability, police reform, development, the force, rule of law (the sections the "
                    "register declares under vocabulary: sections), got 'customs'")
    assert not (tmp_path / "out" / "data" / "figures.csv").exists()

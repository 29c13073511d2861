"""Tests for the consistency checks: verdict rules, each check family, the spec file, the ledger.

Hand-computed values are worked out in the comments. Synthetic figures are
used where the release has no case of a verdict.
"""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from release_figures.stages.checks.claims import clause_around
from release_figures.stages.checks.engine import CHECK_COLUMNS, build_checks, evaluate
from release_figures.stages.checks.definitions import CheckSpecError, parse_check_specs
from release_figures.views.check_views import badge, ledger_html, text_integrity_rows, verdict_counts
from release_figures.reading.context_figures import ContextFigure
from release_figures.tables.datapackage import contract_columns
from release_figures.errors import QuoteNotFoundError
from release_figures.rounding.intervals import Interval
from release_figures.reading.numbers import read_number
from release_figures.tables.build import figures_as_read, load_stage_context
from release_figures.stages.checks.verdicts import VERDICTS, sign_of, verdict_of


# --- helpers ------------------------------------------------------------------------------------
def fig(figure_id, stated, value, precision, qualifier="exact", unit="cases", period="2022", quote="", start=0):
    """A figures.csv row as read from the CSV (every value a string)."""
    return {"figure_id": figure_id, "stated": stated, "value": str(value), "precision": str(precision),
            "qualifier": qualifier, "unit": unit, "period": period, "quote": quote or stated,
            "start": str(start), "number_start": str(start), "number_end": str(start + len(stated)),
            "other_starts": "", "kind": "count"}


def ctxfig(context_id, stated, unit="cases", period="2022", precision=None):
    """A context figure read from its printed form, as load_context builds it."""
    printed = read_number(stated)
    return ContextFigure(context_id=context_id, indicator="x", period=period, value=printed.value, unit=unit,
                         stated=stated, qualifier=printed.qualifier, source="s", url="u", published="2023",
                         quote=stated, reliability="A", note="", printed=printed,
                         precision=Decimal(precision) if precision else printed.precision, precision_rule="printed")


def run(entries, figures, context=None, text="", claims=None):
    """Validate entries like a checks.yaml and evaluate them."""
    context = context or {}
    known = {row["figure_id"] for row in figures} | set(context)
    specs = parse_check_specs({"checks": entries}, "checks.yaml", known, set(claims or {}))
    return evaluate(specs, figures, context, text, claims)


@pytest.fixture(scope="module")
def ledger(figures_stage):
    """The repository's own ledger, built by the stages from the figures stage."""
    from release_figures.tables.build import run_all_stages

    return run_all_stages(figures_stage.release.root, figures_stage).checks


def by_id(rows):
    return {row["check_id"]: row for row in rows}


# --- verdict rules ------------------------------------------------------------------------------
@pytest.mark.parametrize("as_printed, holds, gross, verdict, rule", [
    (True, (True, True), False, "consistent", ""),                          # holds as printed
    (False, (True, True), False, "consistent_within_rounding", "either"),   # needs rounding, either rule
    (False, (True, False), False, "consistent_within_rounding", "half_up"),  # default rule only
    (False, (False, True), False, "consistent_other_rounding", "half_even"),  # other rule only
    (False, (False, False), False, "inconsistent", "neither"),             # fails under both
    (False, (False, False), True, "gross_inconsistency", "neither"),       # a sign or claim flips
])
def test_verdict_of(as_printed, holds, gross, verdict, rule):
    result = verdict_of(as_printed, holds, gross=gross)
    assert (result.verdict, result.tie_rule) == (verdict, rule)


@pytest.mark.parametrize("interval, sign", [
    (Interval(Decimal("5.65"), Decimal("5.75"), True, False), 1),     # 5.7%
    (Interval(Decimal("-1.35"), Decimal("-1.25"), False, True), -1),  # a fall of 1.3%
    (Interval(Decimal("-0.05"), Decimal("0.05"), False, False), None),  # 0.0%: sign unknown
    (Interval(0, 1, False, True), 1),                                # (0, 1]: every point positive
    (Interval(0, 1, True, True), None),                              # [0, 1] holds 0
])
def test_sign_of(interval, sign):
    assert sign_of(interval) == sign


# --- claims ----------------------------------------------------------------------------------
def test_fraud_upgrades_and_reductions(ledger):
    # 5.7 and 64.4 rise, -17.3 and -1.3 fall: two and two, as "Two upgrades and two reductions" says.
    row = by_id(ledger)["fraud-two-upgrades-two-reductions"]
    assert row["verdict"] == "consistent"
    assert row["expected"] == "2 rises and 2 falls"


SIGN_ENTRY = {"id": "t", "type": "claim_vs_signs", "claim": "c", "rises": "up", "falls": "down",
              "changes": ["a", "b", "c"]}


@pytest.mark.parametrize("changes, verdict", [
    ([("5.7%", "5.7"), ("1.0%", "1.0"), ("17.3%", "-17.3")], "consistent"),           # 2 rises, 1 fall
    ([("5.7%", "5.7"), ("1.0%", "-1.0"), ("17.3%", "-17.3")], "gross_inconsistency"),  # 1 rise, 2 falls
    ([("5.7%", "5.7"), ("0.0%", "0.0"), ("17.3%", "-17.3")], "not_testable"),         # 0.0% has no sign
])
def test_claim_vs_signs(changes, verdict):
    figures = [fig("up", "two", 2, 1), fig("down", "one", 1, 1)]
    figures += [fig(key, stated, value, "0.1", unit="percent") for key, (stated, value) in zip("abc", changes)]
    (row,) = run([SIGN_ENTRY], figures)
    assert row["verdict"] == verdict


def test_zero_terror_run_continues(ledger):
    # Five years stated for 2021, one year later: 5 + 1 = 6, as the release says.
    row = by_id(ledger)["zero-terror-run"]
    assert (row["verdict"], row["expected"]) == ("consistent", "5 + 1 = 6 years")


class _Claim:
    def __init__(self, claim_id, quote):
        self.claim_id, self.quote, self.occurrences = claim_id, quote, 1


@pytest.mark.parametrize("context_stated, verdict", [
    ("下降了12%", "consistent"),            # the text says a fall; the figure falls
    ("增长了3%", "gross_inconsistency"),    # the figure rises: the claim flips
])
def test_claim_direction_against_context(context_stated, verdict):
    text = "The nationwide criminal cases recorded a year-on-year decrease and more."
    claims = {"claim-x": _Claim("claim-x", "recorded a year-on-year decrease")}
    context = {"yoy": ctxfig("yoy", context_stated, unit="percent")}
    entry = {"id": "t", "type": "claim_vs_context", "claim": "c", "rule": "direction", "text_claim": "claim-x", "context": "yoy"}
    (row,) = run([entry], [], context, text, claims)
    assert row["verdict"] == verdict


def test_changed_claim_word_is_not_silent():
    # A text whose "decrease" became "increase" no longer holds the register's claim: loud error.
    text = "The nationwide criminal cases recorded a year-on-year increase and more."
    claims = {"claim-x": _Claim("claim-x", "recorded a year-on-year decrease")}
    entry = {"id": "t", "type": "claim_vs_context", "claim": "c", "rule": "direction", "text_claim": "claim-x",
             "context": "yoy"}
    with pytest.raises(QuoteNotFoundError, match="claim 'claim-x'.*year-on-year decrease"):
        run([entry], [], {"yoy": ctxfig("yoy", "下降了12%", unit="percent")}, text, claims)


def test_run_length_mismatch_is_inconsistent():
    # Five years in 2021 and five again in 2022: expected 5 + 1 = 6.
    figures = [fig("run", "five", 5, 1, unit="years")]
    context = {"run_2021": ctxfig("run_2021", "连续5年", unit="years", period="2021")}
    claims = {"claim-r": _Claim("claim-r", "zero")}
    entry = {"id": "t", "type": "claim_vs_context", "claim": "c", "rule": "run_length", "text_claim": "claim-r",
             "figure": "run", "context": "run_2021"}
    (row,) = run([entry], figures, context, "zero", claims)
    assert (row["verdict"], row["nearest_consistent"]) == ("inconsistent", "6 years")


def test_direction_words_read_the_clause(ledger):
    # One row a figure whose clause holds a rise or fall word: the four fraud changes and the vehicles.
    rows = [row for row in ledger if row["check_type"] == "direction_words"]
    assert {row["inputs"] for row in rows} == {
        "fraud-cases-cracked-change", "fraud-suspects-change", "fraud-cases-registered-change",
        "fraud-losses-change", "vehicles-net-increase"}
    assert all(row["verdict"] == "consistent" for row in rows)


def test_direction_word_against_a_flipped_sign():
    # The word says "decreased" but the table holds +17.3: a gross inconsistency.
    text = "cases has decreased by 17.3% year-on-year, and more"
    row = fig("f", "17.3%", "17.3", "0.1", unit="percent", quote="decreased by 17.3%", start=text.index("17.3%"))
    (result,) = run([{"id": "d", "type": "direction_words", "claim": "c"}], [row], text=text)
    assert (result["verdict"], result["nearest_consistent"]) == ("gross_inconsistency", "-17.3 (the sign the word gives)")


def test_clause_around_stops_at_punctuation():
    text = "As of November, a total of 391,000 cases, an increase of 5.7% year-on-year; next"
    start = text.index("5.7%")
    assert clause_around(text, start, start + 4) == "an increase of 5.7% year-on-year"


# --- rounding and granularity -------------------------------------------------------------------
def test_one_stop_targets(ledger):
    # 3,049 is a whole count; 99.3% half-up stands for [99.25, 99.35):
    #   3049 / 0.9935 = 3068.948... < T <= 3049 / 0.9925 = 3072.040...  ->  T in {3069, 3070, 3071, 3072}.
    # Half-even (993 is odd, ends open) gives the same whole numbers.
    # As printed: a whole target of 3,069 gives 3049 / 3069 = 99.348...%, printed 99.3%: consistent as printed
    # (3,070 too: 99.316%), by the rule the stock-flow checks use. 3049 / 0.993 = 3070.49 need not be whole.
    row = by_id(ledger)["one-stop-target"]
    assert (row["verdict"], row["tie_rule"]) == ("consistent", "")
    assert "{3069, 3070, 3071, 3072} (half-up)" in row["observed"]
    assert row["explanation"].startswith("As printed, a whole-number target fits: 3,049 / 3069 x 100 = ~99.3483")


def test_one_stop_september_target_differs(ledger):
    # September: 2994 at 97.4% = [97.35, 97.45):
    #   2994 / 0.9745 = 3072.345... < T <= 2994 / 0.9735 = 3075.500...  ->  T in {3073, 3074, 3075}.
    # No overlap with {3069, ..., 3072}: the two statements cannot share a target.
    # Nearest passes: 2994 / 3072 = 97.46% -> 97.5%; 3049 / 3073 = 99.22% -> 99.2%.
    # Inconsistent only if the target stayed fixed from September to December, which no statement
    # says: the verdict is not_testable and the explanation names the assumption and both target sets.
    # Taken at their word, the target moved from {3073, 3074, 3075} to {3069, ..., 3072}: by 3069 - 3075 = -6 to
    # 3072 - 3073 = -1, a fall of 1 to 6 centres, while the centres completed rose by 3049 - 2994 = 55.
    row = by_id(ledger)["one-stop-target-september"]
    assert (row["verdict"], row["tie_rule"]) == ("not_testable", "")
    assert row["nearest_consistent"] == "97.5% for 2994 (target 3072), or 99.2% for 3,049 (target 3073)"
    assert "the target fell by 1 to 6 from September 2022 to 2022, while the count rose by 55" in row["explanation"]
    assert "{3073, 3074, 3075} (half-up)" in row["observed"]
    assert row["explanation"].startswith("Inconsistent only if the completion target stayed the same from "
                                         "September to December 2022; no cited statement says so")
    assert "allow a target of 3,069 to 3,072" in row["explanation"]
    assert "allow 3,073 to 3,075" in row["explanation"]


@pytest.mark.parametrize("total, relation, verdict", [
    ("3.5万", "equal", "consistent"),                     # 12,000 + 23,000 = 35,000 exactly
    # Counts: 12,000 = 11500..12499 and 23,000 = 22500..23499, so the parts add to 34000..35998.
    ("3.6万", "equal", "consistent_within_rounding"),     # 34000..35998 meets 35500..36499
    ("3.7万", "equal", "inconsistent"),                   # 34000..35998 misses 36500..37499
    ("3.7万", "at_most", "consistent"),                   # 35,000 <= 37,000 as printed
    ("3.3万", "at_most", "inconsistent"),                 # 34000 > 33499: no pair fits
])
def test_parts_vs_total(total, relation, verdict):
    figures = [fig("a", "12,000", 12000, 1000), fig("b", "23,000", 23000, 1000)]
    entry = {"id": "t", "type": "parts_vs_total", "claim": "c", "parts": ["a", "b"], "total": "tot", "relation": relation}
    (row,) = run([entry], figures, {"tot": ctxfig("tot", total, unit="items")})
    assert row["verdict"] == verdict


def test_service_items_leave_a_remainder(ledger):
    # Items are counted, so whole numbers: total 3.7万 = 36500..37499; parts 12,000 = 11500..12499 and
    # 23,000 = 22500..23499 add to 34000..35998. Total minus parts: 36500 - 35998 = 502 to 37499 - 34000 = 3499.
    row = by_id(ledger)["service-items-total"]
    assert row["verdict"] == "consistent"
    assert "parts 12,000 + 23,000 = [34000, 35998]" in row["observed"]
    assert "total minus parts = [502, 3499]" in row["observed"]


# --- ratios ------------------------------------------------------------------------------------
def test_suspects_per_case_spread(ledger):
    # Whole numbers: cybercrime 155500..156499 suspects / 82500..83499 cases
    #   -> [155500 / 83499, 156499 / 82500] = [1.86230, 1.89696], to 4 digits outward [1.862, 1.897].
    # The 100-day action, 1430000..1439999 / 640000..649999 = [2.2, 2.2499984375], to 4 digits [2.2, 2.25],
    # is the named outlier; its upper end is no longer exactly 2.25, so the explanation says ~2.25.
    row = by_id(ledger)["suspects-per-case"]
    assert row["verdict"] == "not_testable"
    assert "cybercrime: 156,000 / 83,000 = [1.862, 1.897]" in row["observed"]
    assert "100-day action: more than 1.43 million / more than 640,000 = [2.2, 2.25]" in row["observed"]
    assert "spreads from ~1.37 to ~2.25" in row["explanation"]
    assert "Outside a factor 1.25 of the median" in row["explanation"] and "100-day action." in row["explanation"]


@pytest.mark.parametrize("suspects, verdict", [
    ("40", "consistent"),    # 40 / 10 = 4 >= 3 as printed
    ("30", "consistent"),    # 30 / 10 = 3 >= 3 as printed
    ("25", "inconsistent"),  # whole counts printed to the unit: exactly 25 / 10 = 2.5 < 3
])
def test_ratio_lower_bound(suspects, verdict):
    figures = [fig("s", suspects, suspects, 1, unit="persons"), fig("g", "10", 10, 1, unit="gangs"),
               fig("s2", "40", 40, 1, unit="persons"), fig("g2", "10", 10, 1, unit="gangs")]
    entry = {"id": "t", "type": "ratio_spread", "claim": "c", "measure": "m", "at_least": 3,
             "blocks": [{"label": "x", "numerator": "s", "denominator": "g"},
                        {"label": "y", "numerator": "s2", "denominator": "g2"}]}
    (row,) = run([entry], figures)
    assert row["verdict"] == verdict


@pytest.mark.parametrize("suspects, gangs, precision, verdict, rule", [
    # Rounded to tens: 290 = 285..294, 100 = 95..104 (half-up); 290 / 100 = 2.9 < 3 as printed, but
    # 294 / 95 = 3.09 >= 3. Half-even: 290 (29 tens, odd) = 286..294, 100 (10 tens, even) = 95..105: 294 / 95 again.
    ("290", "100", 10, "consistent_within_rounding", "either"),
    # Printed to the unit, counts are exact: 29 / 10 = 2.9 < 3 whatever the rounding (29.4 / 9.6 is no pair of counts).
    ("29", "10", 1, "inconsistent", "neither"),
])
def test_ratio_lower_bound_within_rounding(suspects, gangs, precision, verdict, rule):
    figures = [fig("s", suspects, suspects, precision, unit="persons"), fig("g", gangs, gangs, precision, unit="gangs"),
               fig("s2", "40", 40, 1, unit="persons"), fig("g2", "10", 10, 1, unit="gangs")]
    entry = {"id": "t", "type": "ratio_spread", "claim": "c", "measure": "m", "at_least": 3,
             "blocks": [{"label": "x", "numerator": "s", "denominator": "g"},
                        {"label": "y", "numerator": "s2", "denominator": "g2"}]}
    (row,) = run([entry], figures)
    assert (row["verdict"], row["tie_rule"]) == (verdict, rule)


# --- stocks and flows -------------------------------------------------------------------------
def test_vehicle_stock_within_rounding(ledger):
    # Vehicles are counted. Half-up: 3.95亿 = 394500000..395499999 plus 21.29 million = 21285000..21294999
    # gives 415785000..416794998 (the interval of changes.csv); 417 million = 416500000..417499999: they
    # overlap in 416500000..416794998, though 395 + 21.29 = 416.29 != 417: as printed, 395,000,000 + 21,290,000 =
    # 416,290,000 rounds to 416 million, not 4.17亿, so the verdict needs rounding.
    # Half-even: 395 and 2129 are odd, so both ends open: 394500001.. + 21285001.. = 415785002..416794998.
    row = by_id(ledger)["vehicle-stock"]
    assert (row["verdict"], row["tie_rule"]) == ("consistent_within_rounding", "either")
    assert "[415785000, 416794998] (half-up), [415785002, 416794998] (half-even)" in row["observed"]


def test_driver_stock_consistent_as_printed(ledger):
    # As printed: 481,000,000 + 20,640,000 = 501,640,000, which rounds to the million as 502,000,000:
    # it prints as 5.02亿, so the relation holds for the printed values themselves.
    assert by_id(ledger)["driver-stock"]["verdict"] == "consistent"


@pytest.mark.parametrize("unit, closing, verdict, rule", [
    # Tons are continuous. Opening "20" (precision 10), flow "6", closing "32"; as printed 20 + 6 = 26 != 32.
    # Half-even: 20 (2 tens, even) = [15, 25], 6 (even) = [5.5, 6.5] -> sum [20.5, 31.5]; 32 (even) = [31.5, 32.5]:
    #   they share 31.5. Half-up: sum [20.5, 31.5), closing [31.5, 32.5): nothing shared.
    ("tons", "32", "consistent_other_rounding", "half_even"),
    # Cases are whole numbers, and 31.5 is no count: half-even 15..25 + {6} = 21..31 misses {32}.
    ("cases", "32", "inconsistent", "neither"),
    # Closing "31" (odd: (30.5, 31.5) -> {31}): half-up 15..24 + {6} = 21..30 misses it; half-even 21..31 meets it.
    ("cases", "31", "consistent_other_rounding", "half_even"),
])
def test_stock_flow_other_rounding(unit, closing, verdict, rule):
    figures = [fig("open", "20", 20, 10, unit=unit), fig("flow", "6", 6, 1, unit=unit),
               fig("close", closing, closing, 1, unit=unit)]
    entry = {"id": "t", "type": "stock_flow", "claim": "c", "opening": "open", "flow": "flow", "closing": "close"}
    (row,) = run([entry], figures)
    assert (row["verdict"], row["tie_rule"]) == (verdict, rule)


def test_net_increase_within_gross_inflow(ledger):
    # 21.29 million net (21285000..21294999) against 3478万 new registrations (34775000..34784999):
    # outflow 34775000 - 21294999 = 13480001 to 34784999 - 21285000 = 13499999 vehicles, consistent.
    row = by_id(ledger)["vehicle-net-vs-new"]
    assert row["verdict"] == "consistent" and "implied outflow [13480001, 13499999]" in row["observed"]


# --- agreement ---------------------------------------------------------------------------------
@pytest.mark.parametrize("check_id, verdict", [
    # 37,527 lies inside the range 3.7万余 names, (37000, 38000), as printed; read as January to
    # November it may be at most that range, also as printed: both readings give consistent.
    ("gambling-cases", "consistent"),
    ("cyber-cases", "consistent"),                      # 83,000 and 8.3万 print the same number
    ("fishing-cases", "consistent"),                    # [7500, 7600) <= [7760, 7770): wider scope
    ("drug-cases-report", "not_testable"),              # different scope: not compared for equality
    ("drugs-seized-report", "not_testable"),            # idem, 18.9 t against 21.9 t
    ("fraud-cases-full-year", "consistent"),            # January-November 391,000 <= full-year 46.4万
    # Read as January to November, 77,000 <= the Kunlun 8万 of the same months (wider scope): consistent;
    # read as the full year, a narrower count over more months is bounded by nothing: not testable.
    ("food-drug-ip-cases", "not_testable"),
    # The September statement's period lies inside the release's year: the release is at least it,
    # and (1430000, 1440000) at least (1430000, 1440000) holds as printed.
    ("hundred-day-suspects", "consistent"),
])
def test_agreement(ledger, check_id, verdict):
    assert by_id(ledger)[check_id]["verdict"] == verdict


def test_fraud_previous_year_within_rounding(ledger):
    # 391,000 cases half-up: the whole numbers 390500..391499; 5.7% = [5.65, 5.75): factor [1.0565, 1.0575).
    # 390500 / 1.0575 = 369267.13 -> first whole number 369268; 391499 / 1.0565 = 370562.2 -> last 370562.
    # Half-even (391 and 57 odd, ends open): 390501 / 1.0575 = 369268.09 -> first whole number 369269.
    # 369268..370562 meets 37万余 = 370001..379999. As printed: 391000 / 1.057 = 369914.9 lies below the range,
    # but the whole previous level 370,001, inside the range 37万余 names, gives 391000 / 370001 - 1 = 5.6754%,
    # printed 5.7%: the change computed from the printed levels prints as printed, so consistent as printed.
    row = by_id(ledger)["fraud-cases-previous-year"]
    assert (row["verdict"], row["tie_rule"]) == ("consistent", "")
    assert "= [369268, 370562] (half-up), [369269, 370562] (half-even)" in row["observed"]
    # The levels: 390500 / 379999 - 1 = 2.7634% to 391499 / 370000 - 1 = 5.8105%.
    assert "the levels imply a change of [2.763, 5.811]%" in row["observed"]


def test_drug_report_change_inconsistent(ledger):
    # 3.5万 cases = 34500..35499 and a fall of 28.6% = (-28.65, -28.55], factor (0.7135, 0.7145]: previous in
    #   34500 / 0.7145 = 48285.5 -> 48286 to 35499 / 0.7135 = 49753.3 -> 49753, far below 5.4万 = 53500..54499.
    # The levels themselves give 35000 / 54000 - 1 = -35.2%.
    row = by_id(ledger)["drug-report-cases-change"]
    assert (row["verdict"], row["tie_rule"]) == ("inconsistent", "neither")
    assert row["nearest_consistent"].startswith("a change of -35.2%")
    assert row["nearest_consistent"].endswith("or a previous level in [48286, 49753]")


def test_implied_previous_counts_agree_with_changes_table(ledger, data_dir):
    # One quantity, one interval: the ledger's implied previous counts are the year-on-year table's.
    with open(data_dir / "changes.csv", encoding="utf-8", newline="") as stream:
        changes = {row["change_id"]: row["interval"] for row in csv.DictReader(stream)}
    rows = by_id(ledger)
    assert changes["fraud-cases-cracked-change-implied-previous"] == "[369268, 370562]"
    assert "= [369268, 370562] (half-up)" in rows["fraud-cases-previous-year"]["observed"]
    assert changes["drug-cases-report-implied-2021"] == "[48286, 49753]"
    assert "= [48286, 49753] (half-up)" in rows["drug-report-cases-change"]["observed"]
    assert changes["vehicles-stock-flow-2022"] == "[415785000, 416794998]"
    assert "= [415785000, 416794998] (half-up)" in rows["vehicle-stock"]["observed"]


# --- text integrity ----------------------------------------------------------------------------
@pytest.mark.parametrize("check_id, verdict", [
    ("duplicated-paragraph", "consistent"),          # the two copies are identical
    ("november-phrase-fraud", "consistent"),         # 391,000 < the full-year 46.4万
    # 83,000 prints the same as 8.3万 to the end of December: to November only if December added < 1,000
    ("november-phrase-cyber", "not_testable"),
    ("november-phrase-food-drug-ip", "not_testable"),  # the Kunlun figure has a wider scope
    ("traffic-stock-as-increase", "reading_ruled_out"),  # 417 million is not the 21.29 million increase
    ("traffic-drivers-as-total", "reading_ruled_out"),   # 20.64 million is not the 5.02亿 drivers
])
def test_text_integrity(ledger, check_id, verdict):
    assert by_id(ledger)[check_id]["verdict"] == verdict


def test_duplicate_offsets(ledger):
    assert "quote at offsets 463, 1744" in by_id(ledger)["duplicated-paragraph"]["observed"]


# --- the checks file ---------------------------------------------------------------------------
GOOD = {"id": "g", "type": "agreement", "claim": "c", "figure": "a", "context": "b", "scope": "same"}


@pytest.mark.parametrize("entry, message", [
    ({**GOOD, "colour": "red"}, r"check 'g': colour: unknown field; allowed: id, type, claim, .*figure, context, scope"),           # unknown field
    ({k: v for k, v in GOOD.items() if k != "scope"}, r"check 'g': scope: missing required field"),  # missing
    ({**GOOD, "type": "vibes"}, r"check 'g': type: expected one of agreement, .*got 'vibes'"),                      # unknown type
    ({**GOOD, "context": "nope"}, r"check 'g': context: expected an id of a figure \(figures.csv\) or a context figure, got 'nope'"),
    ({**GOOD, "scope": "narrow"}, r"check 'g': scope: expected one of 'same', 'wider' or 'different', got 'narrow'"),                       # bad choice
    ({**GOOD, "id": "Bad_Id"}, r"check 'Bad_Id': id: expected a lower-case slug .*got 'Bad_Id'"),          # bad id
    ({**GOOD, "claim": ""}, r"check 'g': claim: expected non-empty text, got ''"),                # empty claim
])
def test_malformed_entry_rejected(entry, message):
    with pytest.raises(CheckSpecError, match=message):
        parse_check_specs({"checks": [entry]}, "checks.yaml", {"a", "b"}, set())


def test_duplicate_check_id_rejected():
    with pytest.raises(CheckSpecError, match=r"checks.yaml, check 'g': duplicate check id"):
        parse_check_specs({"checks": [GOOD, GOOD]}, "checks.yaml", {"a", "b"}, set())


def test_unknown_claim_rejected():
    entry = {"id": "c1", "type": "claim_vs_context", "claim": "c", "rule": "direction", "text_claim": "claim-nope"}
    with pytest.raises(CheckSpecError, match="check 'c1': text_claim: expected a claim_id of the register, got 'claim-nope'"):
        parse_check_specs({"checks": [entry]}, "checks.yaml", set(), {"claim-yes"})


# --- the ledger --------------------------------------------------------------------------------
def test_ledger_has_the_contracts_columns_unique_ids_and_known_verdicts(ledger):
    assert contract_columns("checks") == CHECK_COLUMNS
    assert len({row["check_id"] for row in ledger}) == len(ledger)
    assert all(row["verdict"] in VERDICTS for row in ledger)


def test_every_input_is_a_known_id(ledger, figures_stage):
    known = {row["figure_id"] for row in figures_stage.rows} | set(load_stage_context(figures_stage))
    known |= {claim.claim_id for claim in figures_stage.register.claims}
    with open(figures_stage.release.root / "raw" / "chinese-passages.csv", encoding="utf-8", newline="") as stream:
        known |= {row["passage_id"] for row in csv.DictReader(stream)}
    for row in ledger:
        assert set(row["inputs"].split()) <= known, row["check_id"]


def test_ledger_has_a_check_of_every_family(ledger):
    from release_figures.stages.checks.verdicts import FAMILIES

    assert {row["family"] for row in ledger} == set(FAMILIES)


def test_views_show_the_word_and_escape(ledger):
    # A verdict is shown in words, never as its code.
    assert ">disagrees</span>" in badge("inconsistent") and "inconsistent<" not in badge("inconsistent")
    rows = [{**ledger[0], "claim": "a <b> & c", "family": "claims"}]
    assert "a &lt;b&gt; &amp; c" in ledger_html(rows, "claims")
    hostile = ledger_html([{**ledger[0], "claim": "**x** {glue}`k` <script>$y$", "family": "claims"}], "claims")
    # source text stays literal: no Markdown is parsed and the markup is escaped
    assert "**x** {glue}`k` &lt;script&gt;$y$" in hostile
    # The summary counts only the checks about the release; asked for every subject, it counts them all.
    about = [row for row in ledger if row["subject"] in ("release", "release_vs_other")]
    assert int(verdict_counts(ledger)["checks"].sum()) == len(about) < len(ledger)
    everything = ("release", "release_vs_other", "other_statements", "translation")
    assert int(verdict_counts(ledger, everything)["checks"].sum()) == len(ledger)


def test_release_without_checks_file_gets_empty_ledger(tmp_path):
    class _Release:
        root, record = tmp_path, {}
    assert build_checks(_Release(), [], {}, []) == []


def test_text_integrity_rows_for_the_source_notes(data_dir):
    # The source-notes page lists the ledger's text-integrity rows, in ledger order, read from checks.csv.
    with open(data_dir / "checks.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    chosen = text_integrity_rows(rows)
    assert [row["check_id"] for row in chosen] == [row["check_id"] for row in rows if row["family"] == "text_integrity"]
    assert set(chosen[0]) == {"check_id", "claim", "verdict", "explanation"}
    assert by_id(chosen)["traffic-stock-as-increase"]["verdict"] == "reading_ruled_out"  # a stock, not an increase
    assert by_id(chosen)["duplicated-paragraph"]["verdict"] == "consistent"      # the two copies are identical


def test_text_integrity_rows_reject_an_unknown_verdict():
    row = {"check_id": "x", "family": "text_integrity", "claim": "c", "verdict": "wrong", "explanation": "e"}
    with pytest.raises(ValueError, match="check 'x': unknown verdict 'wrong'"):
        text_integrity_rows([row])


# --- "consistent" means as printed, in every family with a whole-number unknown -----------------
def _prints(x, stated_value, precision, qualifier):
    """Independent of the package: x rounded half-up (Decimal) to the precision gives the printed value,
    or x lies in the open range a "more than" figure names."""
    from decimal import ROUND_HALF_UP
    from fractions import Fraction

    value, step = Fraction(stated_value), Fraction(precision)
    if qualifier == "more_than":
        return value < x < value + step
    quotient = Decimal(x.numerator) / Decimal(x.denominator) / (Decimal(step.numerator) / Decimal(step.denominator))
    return Fraction(quotient.quantize(Decimal(1), rounding=ROUND_HALF_UP)) * step == value


def _whole_solution_exists(row, figures, context):
    """Brute force over whole numbers: some whole unknown makes the check's figures print as printed."""
    from fractions import Fraction

    def point(key):
        if key in figures:
            f = figures[key]
            return Fraction(f["value"]), Fraction(f["precision"]), f["qualifier"]
        c = context[key]
        return Fraction(c.value), Fraction(c.precision), c.qualifier

    ids = row["inputs"].split()
    if row["check_type"] == "share_of_whole" and len(ids) == 2:
        (count, _, _), (share, step, qualifier) = point(ids[0]), point(ids[1])
        guess = int(count * 100 / share)
        return any(_prints(count / target * 100, share, step, qualifier) for target in range(guess - 50, guess + 50))
    if row["check_type"] == "change_vs_levels":
        (prev, prev_step, prev_q), (cur, cur_step, cur_q), (chg, chg_step, chg_q) = map(point, ids)
        if prev_q == "more_than":
            candidates = range(int(prev) + 1, int(prev + prev_step))
        else:
            candidates = [prev]
        for level in candidates:
            level = Fraction(level)
            if _prints((cur / level - 1) * 100, chg, chg_step, chg_q) or _prints(level * (1 + chg / 100), cur, cur_step, cur_q):
                return True
        return _prints(cur / (1 + chg / 100), prev, prev_step, prev_q)
    raise AssertionError(row["check_type"])


def test_consistent_means_as_printed_wherever_a_whole_number_solution_exists(ledger, figures_stage):
    # Every check whose inputs allow a whole-number solution (a target behind a share, a previous level behind a
    # change) is consistent exactly when a brute-force search over whole numbers, with Decimal's half-up
    # rounding and no code of the package, finds values that print as printed.
    figures = {row["figure_id"]: row for row in figures_as_read(figures_stage.rows)}
    context = load_stage_context(figures_stage)
    walked = []
    for row in ledger:
        if row["check_type"] not in ("share_of_whole", "change_vs_levels") or len(row["inputs"].split()) != (
                2 if row["check_type"] == "share_of_whole" else 3):
            continue
        if row["verdict"] == "not_testable":
            continue
        found = _whole_solution_exists(row, figures, context)
        assert (row["verdict"] == "consistent") == found, (row["check_id"], row["verdict"], found)
        walked.append((row["check_id"], row["verdict"]))
    assert ("one-stop-target", "consistent") in walked
    assert ("fraud-cases-previous-year", "consistent") in walked
    assert ("drug-report-cases-change", "inconsistent") in walked
    assert len(walked) >= 4


# --- remainders: what a part-period figure leaves for the rest of the period ----------------------
def test_fraud_december_is_unusual(ledger):
    # 46.4万 for the year: whole counts 463500..464499; 391,000 to November: 390500..391499.
    # December: 463500 - 391499 = 72001 to 464499 - 390500 = 73999 cases.
    # Monthly average of the 11 months: 390500 / 11 = 35500 to 391499 / 11 = 35590.8.
    # Ratio: 72001 x 11 / 391499 = 2.0230 to 73999 x 11 / 390500 = 2.0845: above 2 whatever the rounding.
    # 792011 / 391499 = 2.02302 (down to 4 digits: 2.023); 813989 / 390500 = 2.08448 (up: 2.085).
    row = by_id(ledger)["fraud-cases-december"]
    assert (row["verdict"], row["subject"]) == ("unusual", "release_vs_other")
    assert "remainder [72001, 73999]" in row["observed"]
    assert "monthly average: [2.023, 2.085] (half-up)" in row["observed"]
    assert "leave between 72,001 and 73,999 cases for December 2022" in row["explanation"]
    assert "2.02 to 2.08 times the monthly average of January to November 2022" in row["explanation"]
    assert "not an inconsistency" in row["explanation"]


def test_cyber_december_under_the_november_reading_is_unusual(ledger):
    # Read to November, 83,000 (82500..83499) against the year's 8.3万 (82500..83499) leaves 0..999 cases:
    # at most 999 x 11 / 82500 = 0.1332 of the monthly average, below one half.
    row = by_id(ledger)["cyber-cases-december"]
    assert row["verdict"] == "unusual"
    assert row["explanation"].startswith("Read as January to November 2022 (a reading the text allows)")
    assert "between 0 and 999 cases for December 2022" in row["explanation"]


@pytest.mark.parametrize("full, verdict", [
    ("360", "consistent"),       # 11 months of 30 and a December of 30: ratio 1, within 1/2..2
    ("390", "consistent"),       # a December of 60: ratio exactly 2, on the bound, still within
    ("420", "unusual"),          # a December of 90 against 30 a month: 3 times, above 2
    ("335", "unusual"),          # a December of 5 against 30 a month: 1/6, below one half
    ("300", "inconsistent"),     # the eleven months exceed the year: nothing remains
])
def test_remainder_rule_on_hand_made_figures(full, verdict):
    # Every count exact (precision 1): 330 for January to November, so 30 a month.
    figures = [fig("p", "330", 330, 1, period="2022-01/2022-11")]
    context = {"w": ctxfig("w", full, precision="1")}
    (row,) = run([{"id": "r", "type": "remainder", "claim": "c", "part": "p", "full": "w"}], figures, context)
    assert row["verdict"] == verdict


def test_remainder_straddling_a_bound_is_not_testable():
    # 3,300 rounded to the hundred (3250..3349) and 3,900 (3850..3949): December 501..699 against a monthly
    # average of 295.5..304.5: ratio 501 x 11 / 3349 = 1.645 to 699 x 11 / 3250 = 2.366, crossing 2.
    figures = [fig("p", "3,300", 3300, 100, period="2022-01/2022-11")]
    context = {"w": ctxfig("w", "3,900")}
    (row,) = run([{"id": "r", "type": "remainder", "claim": "c", "part": "p", "full": "w"}], figures, context)
    assert row["verdict"] == "not_testable"
    assert "crosses a bound of the rule" in row["explanation"]


def test_remainder_needs_a_part_that_opens_the_whole():
    figures = [fig("p", "330", 330, 1, period="2022-02/2022-11")]
    (row,) = run([{"id": "r", "type": "remainder", "claim": "c", "part": "p", "full": "w"}], figures,
                 {"w": ctxfig("w", "360", precision="1")})
    assert row["verdict"] == "not_testable" and "no remainder is defined" in row["explanation"]


@pytest.mark.parametrize("extra, message", [
    # A scope other than "same" is a reason about scope: it is stated only with its evidence.
    ({"scope": "wider"}, r"scope_evidence: missing required field: a scope 'wider' needs the id of a context figure"),
    ({"scope": "different", "scope_evidence": "nothing-here"},
     r"scope_evidence: expected the id of a context figure or of a check in this file, got 'nothing-here'"),
    ({"scope": "same", "scope_evidence": "k"}, r"scope_evidence given for a check whose scope is the same"),
])
def test_a_scope_reason_needs_its_evidence(extra, message):
    figures = [fig("x", "77,000", 77000, 1000)]
    entry = {"id": "t", "type": "agreement", "claim": "c", "figure": "x", "context": "k", **extra}
    with pytest.raises(CheckSpecError, match=message):
        run([entry], figures, {"k": ctxfig("k", "8万")})


def test_a_scope_reason_cites_its_evidence_in_the_explanation():
    # Evidence from another check is cited by that check's claim; from a context figure, by its own words.
    figures = [fig("x", "77,000", 77000, 1000)]
    context = {"k": ctxfig("k", "8万")}
    base = {"type": "agreement", "claim": "c", "figure": "x", "context": "k"}
    rows = run([{**base, "id": "a", "claim": "The other series counts more", "scope": "same"},
                {**base, "id": "b", "scope": "different", "scope_evidence": "a"},
                {**base, "id": "w", "scope": "wider", "scope_evidence": "k"}], figures, context)
    by = {row["check_id"]: row for row in rows}
    assert "differ in scope (the check \u201cThe other series counts more\u201d shows it)" in by["b"]["explanation"]
    assert "the wider scope (s, 2023 counts x (\u201c8万\u201d))" in by["w"]["explanation"]


# --- how strong each check is: could it fail, and how close did it come -------------------------
def test_a_sharp_check_flips_at_the_last_printed_digit(ledger):
    # 83,000 against 8.3万: printed as 84,000 the release's figure stands for 83,500..84,499, which misses
    # 8.3万's 82,500..83,499: one unit of the last printed digit (1,000) changes the verdict.
    row = by_id(ledger)["cyber-cases"]
    assert (row["could_fail"], row["margin_steps"]) == ("yes", "1")
    assert row["margin_note"] == ("the release's 83,000 cases printed as 84,000 (1 rounding unit of 1,000 higher) "
                                  "would change the verdict")


def test_a_weak_bound_needs_a_large_change(ledger):
    # 391,000 (January to November) at most 464,000 (the year): printed as 464,000 it still is, as printed;
    # printed as 465,000 (74 units of 1,000 higher) it stands for 464,500..465,499, above 463,500..464,499.
    row = by_id(ledger)["fraud-cases-full-year"]
    assert (row["verdict"], row["could_fail"], row["margin_steps"]) == ("consistent", "yes", "74")
    assert "printed as 465,000 (74 rounding units of 1,000 higher)" in row["margin_note"]


def test_checks_that_cannot_fail_say_why(ledger):
    # A direction word against the sign read from that same word: a self-check of the reading.
    row = by_id(ledger)["direction-fraud-cases-cracked-change"]
    assert (row["could_fail"], row["margin_steps"]) == ("no", "")
    assert row["margin_note"] == "the sign was read from the same direction word the check compares it with"
    # A spread of ratios with no bound describes; it cannot fail.
    assert by_id(ledger)["suspects-per-case"]["could_fail"] == "no"
    # A whole-number target behind a share printed to 0.1% exists for any count above about a thousand: the
    # 3,049 centres would have to be printed as 661 for no target to fit (661 / 0.9935 = 665.3 < T <=
    # 661 / 0.9925 = 665.99: no whole number), 2,388 units lower. It can fail, barely: GRIM's point.
    row = by_id(ledger)["one-stop-target"]
    assert (row["could_fail"], row["margin_steps"]) == ("yes", "2388")


def test_a_share_is_never_moved_past_100_percent():
    from release_figures.stages.checks.strength import _plausible
    from release_figures.stages.checks.inputs import CheckInputs

    share = {**fig("r", "99.3%", "99.3", "0.1", unit="percent"), "kind": "share_pct"}
    inputs = CheckInputs([share, fig("n", "3,049", 3049, 1)], {})
    assert _plausible(inputs, "r", 7) and not _plausible(inputs, "r", 8)   # 100.0% yes, 100.1% no
    assert _plausible(inputs, "n", -3049) and not _plausible(inputs, "n", -3050)  # counts stay at or above 0


def test_the_strength_rules_state_the_search_limit_the_code_uses():
    from release_figures.stages.checks import strength

    rules = strength.__doc__.split("Rules.", 1)[1]
    assert f"{strength.MAX_STEPS:,}" in rules


def test_strength_examples_are_chosen_by_rule_from_the_ledger(data_dir):
    import csv

    from release_figures.views.check_views import strength_examples

    rows = list(csv.DictReader(open(data_dir / "checks.csv", encoding="utf-8")))
    picked = dict(strength_examples(rows))
    assert picked["could not fail: it can only agree"]["could_fail"] == "no"
    assert picked["could not fail: it can only agree"]["verdict"] != "not_testable"
    assert picked["could not fail: undecided whatever the numbers"]["verdict"] == "not_testable"
    assert picked["a sharp test"]["margin_steps"] == "1"
    weakest = picked["the weakest bound"]
    agreeing = [int(r["margin_steps"]) for r in rows if r["subject"] in ("release", "release_vs_other")
                and r["could_fail"] == "yes" and r["margin_steps"]
                and r["verdict"] in ("consistent", "consistent_within_rounding", "consistent_other_rounding")]
    assert int(weakest["margin_steps"]) == max(agreeing)

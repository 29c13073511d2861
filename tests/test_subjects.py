"""What a check is about, and verdicts that answer only what their evidence decides.

Subjects derived from inputs and checked where declared; readings of the
translation; unstated assumptions; open periods and scopes; "consistent"
meaning "as printed". Expected values are worked out by hand in comments.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from pathlib import Path

import pytest

from release_figures.stages.checks.inputs import CheckInputs, period_within
from release_figures.stages.checks.engine import derive_subject, evaluate
from release_figures.stages.checks.definitions import CheckSpecError, parse_check_specs
from release_figures.views import landing

from test_checks import by_id, ctxfig, fig, run


def inputs():
    """Two release figures, two other statements, and one context row quoting the release in Chinese."""
    figures = [fig("a", "12,000", 12000, 1000), fig("b", "37,527", 37527, 1)]
    context = {"other": ctxfig("other", "3.7万余"), "again": ctxfig("again", "3.5万"), "zh": ctxfig("zh", "3.7万")}
    return CheckInputs(figures, context, original_language=("zh",))


@pytest.mark.parametrize("ids, subject", [
    (["a", "b"], "release"),                      # the release's own figures only
    (["a", "claim-x"], "release"),                # a figure and a claim of the release
    (["a", "zh"], "release"),                     # the Chinese wording of the same release counts as the release
    (["b", "other"], "release_vs_other"),         # a release figure against another statement
    (["claim-x", "other"], "release_vs_other"),   # a claim against another statement
    (["zh", "other"], "release_vs_other"),        # the release in Chinese against another statement
    (["other", "again"], "other_statements"),     # no release input at all
])
def test_subject_is_derived_from_the_inputs(ids, subject):
    assert derive_subject(ids, inputs(), {"claim-x"}) == subject


def _agreement(**extra):
    return {"id": "t", "type": "agreement", "claim": "c", "figure": "b", "context": "other", "scope": "same", **extra}


@pytest.mark.parametrize("entry, message", [
    # Only translation can be declared; the others are derived.
    (_agreement(subject="release"), r"subject: expected 'translation' \(the only subject that can be declared; every other subject is derived from the inputs\), got 'release'"),
    (_agreement(subject="other_statements"), "subject: expected 'translation' .*got 'other_statements'"),
    # A reading of the English is a translation check, and must say so.
    ({"id": "t", "type": "text_integrity", "claim": "c", "finding": "reading", "figure": "b", "context": "other",
      "reading": "r"}, "a 'reading' finding tests the translation; declare subject: translation"),
    ({**_agreement(), "assumption_source": "nowhere", "assumption": "x"},
     "assumption_source: expected a known figure, context figure or claim id, got 'nowhere'"),
    ({**_agreement(), "assumption_source": "other"}, "assumption_source given without the assumption"),
])
def test_declarations_are_checked(entry, message):
    with pytest.raises(CheckSpecError, match=message):
        parse_check_specs({"checks": [entry]}, "checks.yaml", {"b", "other"}, set())


def test_translation_needs_a_figure_of_the_english():
    # Two other statements cannot make a translation check: no English wording is among the inputs.
    context = {"other": ctxfig("other", "3.7万余"), "again": ctxfig("again", "3.7万余")}
    entry = {"id": "t", "type": "agreement", "claim": "c", "figure": "again", "context": "other", "scope": "same",
             "subject": "translation"}
    specs = parse_check_specs({"checks": [entry]}, "checks.yaml", set(context), set())
    with pytest.raises(CheckSpecError, match="subject 'translation' needs a figure of the English text"):
        evaluate(specs, [], context)


def test_a_reading_is_ruled_out_or_possible_never_inconsistent():
    # 417 million read as an increase would have to be 2129万 (21,285,000..21,294,999): ruled out.
    # 21.29 million read as the same increase: [21,285,000, 21,295,000) overlaps it: possible.
    figures = [fig("stock", "417 million", 417000000, 1000000, unit="vehicles"),
               fig("net", "21.29 million", 21290000, 10000, unit="vehicles")]
    context = {"inc": ctxfig("inc", "2129万", unit="vehicles")}
    entries = [{"id": f"as-{key}", "type": "text_integrity", "claim": "c", "finding": "reading", "figure": key,
                "context": "inc", "reading": "an increase", "subject": "translation"} for key in ("stock", "net")]
    rows = by_id(run(entries, figures, context))
    assert rows["as-stock"]["verdict"] == "reading_ruled_out" and rows["as-net"]["verdict"] == "reading_possible"
    assert {row["subject"] for row in rows.values()} == {"translation"}


def _targets(**extra):
    # Year end: 3,049 at 99.3% ([99.25, 99.35)) -> 3049/0.9935 = 3068.9 < T <= 3049/0.9925 = 3072.04: {3069..3072}.
    # September: 2,994 at 97.4% -> 2994/0.9745 = 3072.3 < T <= 2994/0.9735 = 3075.5: {3073, 3074, 3075}. No overlap.
    figures = [fig("n", "3,049", 3049, 1, unit="centres"),
               {**fig("r", "99.3%", "99.3", "0.1", unit="percent"), "kind": "share_pct"}]
    context = {"n9": ctxfig("n9", "2994", unit="centres", precision="1"), "r9": ctxfig("r9", "97.4%", unit="percent")}
    entry = {"id": "t", "type": "share_of_whole", "claim": "c", "count": "n", "share": "r", "compare_count": "n9",
             "compare_share": "r9", **extra}
    (row,) = run([entry], figures, context)
    return row


def test_an_unstated_assumption_decides_nothing():
    assert _targets()["verdict"] == "inconsistent"  # with the fixed target taken for granted
    row = _targets(assumption="the target stayed the same")
    # The nearest values that would share a target stay, to say how far apart the figures are.
    assert row["verdict"] == "not_testable" and row["nearest_consistent"].startswith("97.5% for 2994 (target 3072)")
    assert row["explanation"].startswith("Inconsistent only if the target stayed the same; no cited statement says so")
    assert "3,069 to 3,072" in row["explanation"] and "3,073 to 3,075" in row["explanation"]
    # A statement that makes the assumption lets the inconsistency stand.
    assert _targets(assumption="the target stayed the same", assumption_source="n9")["verdict"] == "inconsistent"


def test_an_open_scope_with_no_figure_is_not_testable():
    claims = {"cl": _claim("cases fell year-on-year")}
    context = {"yoy": ctxfig("yoy", "下降12%", unit="percent")}
    base = {"id": "t", "type": "claim_vs_context", "claim": "c", "rule": "direction", "text_claim": "cl", "context": "yoy"}
    (plain,) = run([base], [], context, text="cases fell year-on-year.", claims=claims)
    assert plain["verdict"] == "consistent"  # a fall, and -12% is a fall
    (open_scope,) = run([{**base, "alternative_scope": "the campaign's months only"}], [], context,
                        text="cases fell year-on-year.", claims=claims)
    assert open_scope["verdict"] == "not_testable"
    assert "the check agrees as printed, but" in open_scope["explanation"] and "the campaign's months only" in open_scope["explanation"]


def _claim(quote):
    from release_figures.reading.register import Claim

    return Claim("cl", "public safety", "s", quote)


@pytest.mark.parametrize("value, key, matches", [
    (Fraction(37527), "more", True),           # 37,527 lies in (37000, 38000), the range 3.7万余 names
    (Fraction(37000), "more", False),          # "more than 37,000" excludes 37,000 itself
    (Fraction(501640000), "yi", True),         # 481M + 20.64M = 501.64M rounds to 502M: prints as 5.02亿
    (Fraction(416290000), "yi417", False),     # 395M + 21.29M = 416.29M rounds to 416M, not 4.17亿
    (Fraction("-17.26"), "fall", True),        # -17.26 rounds (halves away from zero) to -17.3
    (Fraction("-17.35"), "fall", False),       # -17.35 rounds away from zero to -17.4
])
def test_as_printed_means_prints_as(value, key, matches):
    figures = [{**fig("fall", "17.3%", "-17.3", "0.1", unit="percent"), "kind": "change_pct"}]
    context = {"more": ctxfig("more", "3.7万余"), "yi": ctxfig("yi", "5.02亿", unit="persons"),
               "yi417": ctxfig("yi417", "4.17亿", unit="vehicles")}
    assert CheckInputs(figures, context).matches_printed(value, key) is matches


@pytest.mark.parametrize("inner, outer, within", [
    ("2022-01/2022-11", "2022", True),               # January to November inside the year
    ("2022", "2022-01/2022-11", False),
    ("2022-06-25/2022-09-27", "2022", True),         # a dated campaign inside its year
    ("2022-06-25/2022-09-27", "2022-06-25/2022-09-30", True),
    ("2022-06-25/2022-09-30", "2022-06-25/2022-09-27", False),  # three days longer
    ("2021", "2022", False),
])
def test_period_within(inner, outer, within):
    assert period_within(inner, outer) is within


def test_an_open_period_is_checked_under_both_readings():
    # 77,000 cases, January to November or the full year, against 8万 for January to November with a wider scope:
    # January to November: 77,000 <= 80,000 holds; the full year: nothing bounds it. Readings disagree.
    figures = [{**fig("x", "77,000", 77000, 1000, period="2022-01/2022-11"), "period_alternative": "2022"}]
    context = {"k": ctxfig("k", "8万", period="2022-01/2022-11")}
    entry = {"id": "t", "type": "agreement", "claim": "c", "figure": "x", "context": "k", "scope": "wider",
             "scope_evidence": "k"}
    (row,) = run([entry], figures, context)
    assert row["verdict"] == "not_testable"
    assert "read as January to November 2022, it agrees as printed; read as 2022, it cannot be decided" in row["explanation"]
    # Without the alternative reading the same figures are consistent.
    (single,) = run([entry], [{**figures[0], "period_alternative": ""}], context)
    assert single["verdict"] == "consistent"
    # Readings that agree keep their verdict: the same number for the full year, at most it for the months before.
    same = [{**fig("y", "83,000", 83000, 1000, period="2022-01/2022-11"), "period_alternative": "2022"}]
    same_scope = {key: value for key, value in entry.items() if key != "scope_evidence"}
    (agree,) = run([{**same_scope, "figure": "y", "context": "c", "scope": "same"}], same, {"c": ctxfig("c", "8.3万")})
    assert agree["verdict"] == "consistent"


def test_the_landing_page_lists_only_findings_about_the_release_that_could_fail():
    rows = [_row("own", "release", "not_testable"), _row("tr", "translation", "reading_ruled_out"),
            _row("ctx", "other_statements", "inconsistent"), _row("vs", "release_vs_other", "consistent_within_rounding"),
            _row("self", "release", "consistent", could_fail="no"), _row("fixed", "release", "not_testable", could_fail="no")]
    # Checks of the translation or between other statements never stand out as findings about the release, nor
    # a check that could not fail; agreeing checks need no paragraph.
    assert [row["check_id"] for row in landing.stand_outs(rows)] == ["own", "vs"]
    page = landing.stand_outs_html(rows, [], [])
    assert "03_consistency.html#own" in page and "#tr" not in page and "#ctx" not in page and "#fixed" not in page
    assert "#tr" in landing.translation_html(rows, None) and "#ctx" in landing.other_statements_html(rows)
    rows.append(_row("bad", "release", "inconsistent"))
    assert landing.stand_outs(rows)[0]["check_id"] == "bad"  # most serious first


def test_strength_counts_add_up_and_say_what_cannot_fail():
    rows = [_row("a", "release", "consistent", margin_steps="1"), _row("b", "release", "consistent", margin_steps="74"),
            _row("c", "release_vs_other", "consistent_within_rounding", margin_steps="5"),
            _row("d", "release", "unusual", margin_steps="1"), _row("e", "release", "not_testable"),
            _row("f", "release", "consistent", could_fail="no"), _row("g", "release", "not_testable", could_fail="no"),
            _row("t", "translation", "reading_ruled_out")]
    counts = landing.strength_counts(rows)
    # 7 about the release: 5 could fail (3 agree: 2 as printed, 1 within rounding; 1 unusual; 1 undecided), 2 could not.
    assert (counts["about"], counts["could_fail"], counts["could_not"]) == (7, 5, 2)
    assert (counts["agree"], counts["as_printed"], counts["within_rounding"]) == (3, 2, 1)
    assert (counts["unusual"], counts["undecided"], counts["disagree"]) == (1, 1, 0)
    # Margins of the 3 that agree: 1 is sharp (<= 2), 5 moderate, 74 weak (> 20).
    assert (counts["sharp"], counts["moderate"], counts["weak"]) == (1, 1, 1)
    assert (counts["self_checks"], counts["fixed_undecided"]) == (1, 1)
    html = landing.strength_html(rows)
    assert "<strong>7 checks</strong>" in html and "<strong>5 of them could have failed</strong>" in html
    assert "Figures that agree with each other are not thereby true" in html


def test_the_key_figures_follow_their_rule():
    figures = [{"figure_id": "a", "section": "one", "kind": "duration", "refers_to": ""},
               {"figure_id": "b", "section": "two", "kind": "count", "refers_to": ""},
               {"figure_id": "c", "section": "two", "kind": "count", "refers_to": ""},
               {"figure_id": "d", "section": "two", "kind": "change_pct", "refers_to": "c"},
               {"figure_id": "e", "section": "two", "kind": "change_pct", "refers_to": "not printed"},
               {"figure_id": "f", "section": "three", "kind": "count", "refers_to": ""}]
    # The first of each section (a, b, f), every change (d, e) and the level a change refers to (c).
    assert [row["figure_id"] for row in landing.key_figures(figures)] == ["a", "b", "c", "d", "e", "f"]
    assert [row["figure_id"] for row in landing.key_figures(figures[:2] + figures[5:])] == ["a", "b", "f"]


def _row(check_id, subject, verdict, could_fail="yes", margin_steps=""):
    return {"check_id": check_id, "subject": subject, "verdict": verdict, "claim": "c", "explanation": "e",
            "nearest_consistent": "", "family": "claims", "inputs": "", "expected": "", "observed": "", "tie_rule": "",
            "could_fail": could_fail, "margin_steps": margin_steps, "margin_note": ""}


def test_context_files_are_merged_and_checked(tmp_path):
    # Two context files: ids are unique across them; original_language_context must name a loaded row.
    import shutil

    import yaml

    from release_figures.reading.context_figures import load_release_context
    from release_figures.errors import ContextDataError
    from release_figures.reading.release_folder import load_release

    shutil.copytree(Path(__file__).parent / "fixtures" / "invented-release", tmp_path / "r")
    root = tmp_path / "r"
    record = yaml.safe_load((root / "release.yaml").read_text(encoding="utf-8"))
    first = root / record["files"]["context"]["path"]
    header, row = first.read_text(encoding="utf-8").splitlines()[:2]
    (root / "raw" / "more.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    record["files"]["context-more"] = {**record["files"]["context"], "path": "raw/more.csv"}
    (root / "release.yaml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContextDataError, match=r"more\.csv: context_id\(s\) .* already defined in another context file"):
        load_release_context(load_release(root))
    record["files"].pop("context-more")
    record["original_language_context"] = ["no_such_row"]
    (root / "release.yaml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContextDataError, match="original_language_context names unknown context_id.s.: no_such_row"):
        load_release_context(load_release(root))


def test_rows_that_read_another_statement_name_it():
    # Producer, date, address and reliability grade of each context input; release figures and claims add nothing.
    from release_figures.views.check_views import ledger_html
    from release_figures.views.statement_citations import cited_statements

    context = {"k": ctxfig("k", "8万")}
    # Without a sources table, the context row's own citation is all there is.
    assert cited_statements(["x", "k", "k"], context) == [
        {"id": "k", "producer": "s", "name": "s", "title": "", "published": "2023", "original_url": "", "copy_site": "",
         "copy_url": "u", "read_original": False, "reliability": "A", "checked": True, "correction": ""}]
    assert cited_statements(["x"], context) == []
    row = {**_row("r", "release_vs_other", "consistent"), "inputs": "x k k"}
    assert (' <small class="statements">Other statements: s, 2023; read in a copy (<a href="u">copy</a>); '
            'reliability A.</small>') in ledger_html([row], "claims", context)
    hostile = {"k": dataclasses.replace(ctxfig("k", "8万"), source="<b>S</b>")}
    assert "&lt;b&gt;S&lt;/b&gt;" in ledger_html([row], "claims", hostile)


def test_every_zero_of_the_release_is_counted_and_explained(figures_stage):
    # "zero occurrence" is printed twice (the counter-terrorism paragraph and its repeat, offsets 510 and 1791):
    # both are numeric tokens, and the claim that states them in words explains them.
    zeros = [token for token in figures_stage.tokens if token["token"].lower() == "zero"]
    assert [(token["start"], token["status"], token["explained_by"]) for token in zeros] == [
        (510, "claim", "claim-zero-terror-incidents"), (1791, "claim", "claim-zero-terror-incidents")]
    assert figures_stage.text[510:514] == figures_stage.text[1791:1795] == "zero"

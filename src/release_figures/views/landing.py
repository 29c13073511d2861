"""The landing page: what the release says, what the checks show and how strongly, what stands out.

Every section is computed from the tables, so a book built for any release
folder has the same sections, in the same order, about that release:

1. the release in one paragraph (its own introduction, from release.yaml);
2. the release in numbers: its key figures, chosen by a stated rule
   (:data:`KEY_FIGURES_RULE`), and one chart whose title states its message;
3. what the checks show, with their strength (:func:`strength_counts`);
4. what stands out: every finding about the release that could fail and is
   not plainly consistent, and the changes on the year before that are
   large by a stated rule;
5. what the translation gets wrong; then what other statements say
   against each other.

Counts in sentences are taken from the same rows they count, and every
sentence that counts parts of a whole is checked to add up (a test does too).
"""

from __future__ import annotations

from fractions import Fraction

from markupsafe import Markup

from release_figures.reading.numbers import gloss
from release_figures.stages.checks.verdicts import (FINDING_SUBJECTS, SUBJECT_WORDS, VERDICT_WORDS,
                                                    is_plainly_consistent)
from release_figures.stages.figures import printed_number
from release_figures.views import pages
from release_figures.views.check_views import SEVERITY, badge
from release_figures.views.render import HtmlBlock, render
from release_figures.views.tables import card_table
from release_figures.words import change_words, number_words, period_words

__all__ = ["GLANCE_RULE", "glance_figures", "glance_html", "KEY_FIGURES_RULE", "SHARP_STEPS", "WEAK_STEPS", "BIG_CHANGE", "key_figures", "key_figures_html",
           "strength_counts", "strength_html", "stand_outs", "stand_outs_html", "big_changes",
           "translation_counts", "translation_html", "other_statements_html", "release_intro_html", "accounting_html",
           "changes_chart"]

KEY_FIGURES_RULE = ("every change on a year earlier that the release prints, with the level it refers to where "
                    "the release prints one, and the first figure of each section of the release")
# A check whose verdict changes when one figure moves by at most this many units of its last printed digit is
# sharp; one that needs more than WEAK_STEPS units is a weak bound.
SHARP_STEPS = 2
WEAK_STEPS = 20
# A change on the year before of at least this many percent, in either direction, stands out.
BIG_CHANGE = Fraction(10)
START = pages.OVERVIEW  # the page the links below start from


def _label(row: dict) -> str:
    """A figure's value as printed, for a reader: '391,000 cases', 'rose 5.7% on the same period a year earlier'."""
    from release_figures.views.citations import figure_value_phrase

    return figure_value_phrase(row)


def key_figures(figures: list[dict]) -> list[dict]:
    """The release's key figures by :data:`KEY_FIGURES_RULE`, in the order of the text."""
    chosen: list[str] = []
    seen_sections: set[str] = set()
    by_id = {row["figure_id"]: row for row in figures}
    for row in figures:
        if row["section"] not in seen_sections:
            seen_sections.add(row["section"])
            chosen.append(row["figure_id"])
        if row["kind"] == "change_pct":
            if row["refers_to"] in by_id:
                chosen.append(row["refers_to"])
            chosen.append(row["figure_id"])
    order = {row["figure_id"]: index for index, row in enumerate(figures)}
    return [by_id[figure_id] for figure_id in sorted(dict.fromkeys(chosen), key=order.get)]


def key_figures_html(figures: list[dict]) -> HtmlBlock:
    """The key figures as a table (cards on a phone): what, as printed, period, and links to the quote and the row."""
    rows = [{"what": {"text": row["indicator"], "href": pages.figure_link(row["figure_id"], START)},
             "printed": _label(row), "period": period_words(row["period"]) +
             (f" (or {period_words(row['period_alternative'])})" if row.get("period_alternative") else ""),
             "quote": {"text": f"\u201c{row['quote']}\u201d", "href": pages.text_link(row["figure_id"], START)}}
            for row in key_figures(figures)]
    columns = [{"key": "what", "label": "what is counted"}, {"key": "printed", "label": "the release says"},
               {"key": "period", "label": "period"}, {"key": "quote", "label": "where it says it", "wide": True}]
    return card_table(rows, columns, table_id="key-figures", caption="The release in numbers", css="key-figures")


def changes_chart(figures: list[dict]):
    """The release's printed changes on a year earlier as bars from zero, values on the bars, titled by its message."""
    from release_figures.views.charts import diverging_changes_chart

    changes = [row for row in figures if row["kind"] == "change_pct"]
    if not changes:
        return None
    by_id = {row["figure_id"]: row for row in figures}
    rows = []
    for row in changes:
        target = by_id.get(row["refers_to"])
        what = target["indicator"] if target else row["refers_to"] or row["indicator"]
        rows.append({"what": what, "change": float(Fraction(row["value"])), "printed": f"{'+' if Fraction(row['value']) > 0 else ''}{row['value']}%",
                     "period": period_words(row["period"]), "quote": row["quote"], "figure_id": row["figure_id"]})
    return diverging_changes_chart(rows)


def _about_release(rows: list[dict]) -> list[dict]:
    return [row for row in rows if row["subject"] in FINDING_SUBJECTS]


GLANCE_RULE = "the first two key figures that are not changes, each with the change the release prints for it"


def glance_figures(figures: list[dict]) -> list[dict]:
    """The figures the page opens with (:data:`GLANCE_RULE`): value, what, period, and its change in words."""
    changes = {row["refers_to"]: row for row in figures if row["kind"] == "change_pct"}
    chosen = [row for row in key_figures(figures) if row["kind"] != "change_pct"][:2]
    return [{"says": figure_gloss(row), "what": row["indicator"], "period": period_words(row["period"]),
             "href": pages.figure_link(row["figure_id"], START),
             "change": _label(changes[row["figure_id"]]) if row["figure_id"] in changes else ""} for row in chosen]


def glance_html(figures: list[dict], checks: list[dict], chinese: list[dict] | None) -> HtmlBlock:
    """The box the page opens with: what the release says, what the checks find and how strongly, the translation."""
    return HtmlBlock(render("landing_glance.html", figures=glance_figures(figures), total=len(figures),
                            c=strength_counts(checks), t=translation_counts(checks, chinese), n=number_words,
                            figures_page=pages.href(pages.FIGURES, start=START)), label="at a glance")


def strength_counts(checks: list[dict]) -> dict:
    """How many checks about the release could fail, how they came out and how sharply (every part adds up).

    Keys: ``about`` (checks about the release), ``could_fail`` and
    ``could_not``; of those that could fail, ``agree`` (``as_printed``,
    ``within_rounding``, ``other_rounding``), ``unusual``, ``disagree`` and
    ``undecided``; of those that agree, ``sharp``, ``moderate`` and ``weak``
    by their margins; of those that could not, ``self_checks`` (they can only
    agree) and ``fixed_undecided`` (undecided whatever the numbers).
    """
    about = _about_release(checks)
    can = [row for row in about if row["could_fail"] == "yes"]
    cannot = [row for row in about if row["could_fail"] == "no"]
    agree = [row for row in can if row["verdict"] in ("consistent", "consistent_within_rounding",
                                                      "consistent_other_rounding")]
    margins = [int(row["margin_steps"]) for row in agree if row["margin_steps"]]
    counts = {
        "about": len(about), "could_fail": len(can), "could_not": len(cannot),
        "agree": len(agree),
        "as_printed": sum(row["verdict"] == "consistent" for row in agree),
        "within_rounding": sum(row["verdict"] == "consistent_within_rounding" for row in agree),
        "other_rounding": sum(row["verdict"] == "consistent_other_rounding" for row in agree),
        "unusual": sum(row["verdict"] == "unusual" for row in can),
        "disagree": sum(row["verdict"] in ("inconsistent", "gross_inconsistency") for row in can),
        "undecided": sum(row["verdict"] == "not_testable" for row in can),
        "sharp": sum(steps <= SHARP_STEPS for steps in margins),
        "moderate": sum(SHARP_STEPS < steps <= WEAK_STEPS for steps in margins),
        "weak": sum(steps > WEAK_STEPS for steps in margins),
        "no_margin": sum(not row["margin_steps"] for row in agree),
        "self_checks": sum(row["verdict"] != "not_testable" for row in cannot),
        "fixed_undecided": sum(row["verdict"] == "not_testable" for row in cannot),
    }
    parts = {
        "about": ("could_fail", "could_not"),
        "could_fail": ("agree", "unusual", "disagree", "undecided"),
        "agree": ("as_printed", "within_rounding", "other_rounding"),
        "could_not": ("self_checks", "fixed_undecided"),
    }
    for whole, pieces in parts.items():
        if counts[whole] != sum(counts[piece] for piece in pieces):
            raise ValueError(f"strength counts do not add up: {whole} {counts[whole]} against "
                             + " + ".join(f"{piece} {counts[piece]}" for piece in pieces))
    if counts["agree"] != counts["sharp"] + counts["moderate"] + counts["weak"] + counts["no_margin"]:
        raise ValueError("strength counts do not add up: the agreeing checks' margins")
    return counts


def strength_html(checks: list[dict]) -> HtmlBlock:
    """What the checks show, with their strength, in sentences whose numbers come from the ledger."""
    counts = strength_counts(checks)
    return HtmlBlock(render("landing_strength.html", c=counts, sharp=SHARP_STEPS, weak=WEAK_STEPS,
                            n=number_words, checks=pages.href(pages.CHECKS, start=START),
                            methods=pages.href(pages.METHODS, "how-strong-a-check-is", START)),
                     label="strength of the checks")


def stand_outs(checks: list[dict]) -> list[dict]:
    """Every check about the release that could fail and is not plainly consistent, most serious first."""
    chosen = [row for row in _about_release(checks)
              if row["could_fail"] == "yes" and not is_plainly_consistent(row["verdict"])]
    return sorted(chosen, key=lambda row: SEVERITY.index(row["verdict"]))


def big_changes(changes: list[dict], figures: list[dict]) -> list[dict]:
    """Comparable changes from another year to one of the release's own figures, of :data:`BIG_CHANGE` % or more."""
    release = {row["figure_id"] for row in figures}
    chosen = []
    for row in changes:
        current = row["inputs"].split()[-1]
        if (row["type"] in ("change", "series") and row["comparable"] == "true" and current in release
                and row["unit"] == "percent" and row["low"] and row["high"]):
            low, high = Fraction(row["low"]), Fraction(row["high"])
            if low >= BIG_CHANGE or high <= -BIG_CHANGE:
                chosen.append(row)
    return chosen


def _finding(row: dict) -> dict:
    return {"check_id": row["check_id"], "href": pages.check_link(row["check_id"], START),
            "badge": Markup(badge(row["verdict"])), "about": SUBJECT_WORDS[row["subject"]], "claim": row["claim"],
            "explanation": row["explanation"],
            "strength": (f"margin: {number_words(int(row['margin_steps']))} unit"
                         f"{'s' if row['margin_steps'] != '1' else ''} of the last printed digit"
                         if row["margin_steps"] else "")}


def stand_outs_html(checks: list[dict], changes: list[dict], figures: list[dict]) -> HtmlBlock:
    """The findings that stand out, every one of them, and the large changes on the year before."""
    findings = [_finding(row) for row in stand_outs(checks)]
    shown_changes = [{"href": pages.change_link(row["change_id"], START), "description": row["description"],
                      "change": change_words(_interval(row))} for row in big_changes(changes, figures)]
    return HtmlBlock(render("landing_stand_outs.html", findings=findings, changes=shown_changes,
                            big=number_words(BIG_CHANGE), total=len(_about_release(checks)),
                            checks=pages.href(pages.CHECKS, start=START)), label="what stands out")


def _interval(row: dict):
    from release_figures.rounding.intervals import Interval

    return Interval(Fraction(row["low"]), Fraction(row["high"]))


def translation_counts(checks: list[dict], chinese: list[dict] | None) -> dict:
    """How many figures' Chinese wording was found, and what the translation checks found (parts add up)."""
    rows = [row for row in checks if row["subject"] == "translation"]
    counts = {"checks": len(rows), **{verdict: sum(row["verdict"] == verdict for row in rows)
                                      for verdict in ("consistent", "reading_possible", "reading_ruled_out")}}
    counts["figures"] = len(chinese or [])
    counts["same_conference"] = sum(row["found"] == "same_conference" for row in chinese or [])
    counts["other_statement"] = sum(row["found"] == "other_statement" for row in chinese or [])
    counts["not_found"] = sum(row["found"] == "not_found" for row in chinese or [])
    if counts["checks"] != counts["consistent"] + counts["reading_possible"] + counts["reading_ruled_out"]:
        raise ValueError("translation counts do not add up: a check of the translation has another verdict")
    if counts["figures"] != counts["same_conference"] + counts["other_statement"] + counts["not_found"]:
        raise ValueError("translation counts do not add up: the figures' Chinese wording")
    return counts


def translation_html(checks: list[dict], chinese: list[dict] | None) -> HtmlBlock:
    """What the translation gets wrong: every check of the translation that rules the English out, then the rest."""
    wrong = [_finding(row) for row in checks if row["subject"] == "translation" and row["verdict"] == "reading_ruled_out"]
    allowed = [_finding(row) for row in checks if row["subject"] == "translation" and row["verdict"] == "reading_possible"]
    return HtmlBlock(render("landing_translation.html", c=translation_counts(checks, chinese), wrong=wrong,
                            allowed=allowed, n=number_words, chinese_page=pages.href(pages.CHINESE, start=START)),
                     label="what the translation gets wrong")


def other_statements_html(checks: list[dict]) -> HtmlBlock:
    """What other statements say against each other (context, never a finding about the release)."""
    rows = [_finding(row) for row in checks if row["subject"] == "other_statements"]
    return HtmlBlock(render("landing_findings.html", findings=rows, css="other-statements",
                            empty="No check compares other statements with each other."), label="other statements")


def release_intro_html(record: dict) -> HtmlBlock:
    """The release in a paragraph (its ``introduction`` in release.yaml, or its title and date) and the language read."""
    from release_figures.words import language_words

    declared = ((record.get("files") or {}).get("text") or {}).get("language") or record.get("language") or ""
    return HtmlBlock(render("landing_intro.html", record=record, language=language_words(declared) if declared else ""),
                     label="the release")


def accounting_html(figures: list[dict], tokens: list[dict]) -> HtmlBlock:
    """What the book holds of the release: its figures, and every number of its text accounted for (parts add up)."""
    counts = {status: sum(row["status"] == status for row in tokens) for status in
              ("figure", "duplicate", "excluded", "claim")}
    if sum(counts.values()) != len(tokens):
        raise ValueError("token counts do not add up: a token has another status")
    return HtmlBlock(render("landing_accounting.html", figures=len(figures),
                            sections=len(dict.fromkeys(row["section"] for row in figures)), tokens=len(tokens),
                            counts=counts, n=number_words,
                            release_text=pages.href(pages.RELEASE_TEXT, start=START),
                            figures_page=pages.href(pages.FIGURES, start=START)),
                     label="what the book holds")


def figure_gloss(row: dict) -> str:
    """A figure's printed number as prose names it (its English value first when it is Chinese)."""
    return gloss(printed_number(row))

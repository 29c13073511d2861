"""Tables and paragraphs for the consistency chapter, built from ledger rows.

The chapter displays what these functions return: verdict counts of the
checks about the release, the ledger as HTML with a badge showing each
verdict by colour and by word, a paragraph for every check that is not
plainly consistent (grouped by subject), the landing page's findings
about the release, the translation's list of defects, the examples of
each verdict and subject for the methods page, and the text-integrity
rows the source-notes page lists. Plain tables are rendered by
great-tables (:mod:`release_figures.views.tables`), everything else by the
templates in ``views/templates/``, which escape all text.

Only checks whose subject is ``release`` or ``release_vs_other`` are
findings about the release (:data:`release_figures.stages.checks.verdicts.FINDING_SUBJECTS`);
``translation`` and ``other_statements`` rows are shown in their own lists.
"""

from __future__ import annotations

import pandas as pd

from release_figures.views.charts import VERDICT_COLOURS
from release_figures.views.reader_numbers import words
from release_figures.views.render import HtmlBlock, environment, render
from release_figures.views.statement_citations import cited_statements
from release_figures.views.tables import book_table
from release_figures.stages.checks.verdicts import (FAMILIES, FINDING_SUBJECTS, READING_VERDICTS, SUBJECT_WORDS, SUBJECTS,
                                                    VERDICT_ORDER, VERDICT_WORDS, VERDICTS, is_finding_about_release,
                                                    is_plainly_consistent)

__all__ = ["verdict_counts", "subject_counts", "verdict_counts_table", "subject_counts_table", "badge", "badge_colours",
           "contrast_ratio", "ledger_html", "examples_html", "SEVERITY", "TEXT_FAMILY",
           "text_integrity_rows", "SUBJECT_LABELS", "strength_examples", "strength_examples_html"]

# Most serious first: the order findings are listed in.
SEVERITY = ("gross_inconsistency", "inconsistent", "consistent_other_rounding", "unusual", "not_testable",
            "consistent_within_rounding", "reading_ruled_out", "reading_possible", "consistent")
TEXT_FAMILY = "text_integrity"  # the family of checks on the source text itself
# Short words for each subject, as a reader sees them beside a verdict.
SUBJECT_LABELS = SUBJECT_WORDS
AA_NORMAL_TEXT = 4.5  # WCAG 2 AA: the least contrast of normal-size text with its background


def verdict_counts(rows: list[dict], subjects: tuple[str, ...] = FINDING_SUBJECTS) -> pd.DataFrame:
    """How many checks of the given subjects have each verdict (zeros included), with its definition.

    By default only the checks about the release are counted; the reading
    verdicts are listed only when a subject that uses them is asked for.
    """
    chosen = [row for row in rows if row["subject"] in subjects]
    shown = [v for v in VERDICT_ORDER if v not in READING_VERDICTS or "translation" in subjects]
    counts = {verdict: 0 for verdict in shown}
    for row in chosen:
        counts[row["verdict"]] += 1
    return pd.DataFrame({"checks": list(counts.values()), "meaning": [VERDICTS[v] for v in counts]},
                        index=pd.Index(list(counts), name="verdict"))


def subject_counts(rows: list[dict]) -> pd.DataFrame:
    """How many checks each subject has, with what the subject means."""
    counts = {subject: sum(1 for row in rows if row["subject"] == subject) for subject in SUBJECTS}
    return pd.DataFrame({"checks": list(counts.values()), "meaning": list(SUBJECTS.values())},
                        index=pd.Index(list(counts), name="subject"))


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def badge_colours() -> dict[str, tuple[str, str]]:
    """(background, text) for each verdict's badge: the verdict's colour, and black or white, whichever reads better.

    Raises ValueError naming the verdict when neither reaches WCAG AA's 4.5:1.
    """
    colours = {}
    for verdict, background in VERDICT_COLOURS.items():
        text = max(("#000000", "#ffffff"), key=lambda candidate: contrast_ratio(candidate, background))
        if contrast_ratio(text, background) < AA_NORMAL_TEXT:
            raise ValueError(f"verdict {verdict!r}: colour {background} gives text less than {AA_NORMAL_TEXT}:1 "
                             "contrast in black or white")
        colours[verdict] = (background, text)
    return colours


def badge(verdict: str) -> str:
    """An HTML badge: the verdict word on its colour (the word is always there)."""
    macros = environment().get_template("macros.html").module
    return str(macros.badge(verdict, badge_colours()))


def verdict_counts_table(rows: list[dict], subjects: tuple[str, ...] = FINDING_SUBJECTS,
                         table_id: str = "verdict-counts") -> HtmlBlock:
    """:func:`verdict_counts` as a reader's table: verdicts in words, counts with separators."""
    frame = verdict_counts(rows, subjects)
    frame.index = frame.index.map(VERDICT_WORDS.__getitem__)
    return book_table(frame, table_id=table_id, labels={"verdict": "verdict", "checks": "checks",
                                                        "meaning": "what it means"},
                      counts=("checks",), wide=("meaning",))


def subject_counts_table(rows: list[dict], table_id: str = "subject-counts") -> HtmlBlock:
    """:func:`subject_counts` as a reader's table: each subject in words, with its count and meaning."""
    frame = subject_counts(rows)
    frame.index = frame.index.map(lambda subject: SUBJECT_LABELS[subject])
    return book_table(frame, table_id=table_id, labels={"subject": "about", "checks": "checks",
                                                        "meaning": "what it means"},
                      counts=("checks",), wide=("meaning",))


def _strength(row: dict) -> str:
    """How strong a test a check is, in a few words: could it fail, and how far one number is from changing it."""
    if row.get("could_fail") == "no":
        return "could not have failed"
    steps = row.get("margin_steps")
    if not steps:
        return "could have failed"
    return f"could have failed; {steps} unit{'s' if steps != '1' else ''} of one figure's last digit from another verdict"


def _input_links(row: dict, figures: set[str] | None, start: str) -> list[dict]:
    """The check's inputs, each a link: a figure to its row, anything else plain (context ids, claims, passages)."""
    from release_figures.views import pages

    return [{"text": key, "href": pages.figure_link(key, start) if figures and key in figures else ""}
            for key in dict.fromkeys(row["inputs"].split())]


def _shown(row: dict, context: dict | None, figures: set[str] | None = None, cff: dict | None = None) -> dict:
    """A ledger row with what the templates add: subject and strength in words, statements read, links, citation."""
    from release_figures.views import pages
    from release_figures.views.citations import check_citation

    return {**row, "about": SUBJECT_LABELS[row["subject"]], "strength": _strength(row),
            "cited": cited_statements(row["inputs"].split(), context or {}),
            "input_links": _input_links(row, figures, pages.CHECKS),
            "citation": check_citation(row, cff) if cff else ""}


def ledger_html(rows: list[dict], family: str, context: dict | None = None, figures: set[str] | None = None,
                cff: dict | None = None) -> HtmlBlock:
    """The ledger rows of one family: verdict in words, permalink, strength and citation; claim; finding; computation.

    With ``context`` (context figures by id), each row that uses another
    statement names it under its claim: its original, the copy read, the
    grade. With ``figures`` (the figure ids), every figure among the inputs
    links to its row; with ``cff`` every check gets a citation to copy.
    """
    chosen = [_shown(row, context, figures, cff) for row in rows if row["family"] == family]
    return HtmlBlock(render("ledger.html", rows=chosen, caption=FAMILIES[family], family=family,
                            colours=badge_colours()), label=f"ledger {family}")


def text_integrity_rows(rows: list[dict]) -> list[dict]:
    """The ledger's text-integrity checks in ledger order: check_id, claim, verdict word, explanation.

    Rows read from ``checks.csv`` (or built by the checks engine); every
    verdict must be a word of :data:`release_figures.stages.checks.verdicts.VERDICTS`.
    """
    chosen = []
    for row in rows:
        if row["family"] != TEXT_FAMILY:
            continue
        if row["verdict"] not in VERDICTS:
            raise ValueError(f"check {row['check_id']!r}: unknown verdict {row['verdict']!r}; "
                             f"expected one of {VERDICT_ORDER}")
        chosen.append({key: row[key] for key in ("check_id", "claim", "verdict", "explanation")})
    return chosen


def examples_html(rows: list[dict], chapter: str = "notebooks/03_consistency.html") -> HtmlBlock:
    """The methods page's table: every verdict and every subject, its meaning and an example from this ledger."""
    entries = [{"column": "verdict", "word": word, "meaning": meaning} for word, meaning in VERDICTS.items()]
    entries += [{"column": "subject", "word": word, "meaning": meaning} for word, meaning in SUBJECTS.items()]
    for entry in entries:
        entry["example"] = next((row for row in rows if row[entry["column"]] == entry["word"]), None)
    return HtmlBlock(render("verdict_examples.html", entries=entries, chapter=chapter, colours=badge_colours()),
                     label="verdict examples")


def strength_examples(rows: list[dict]) -> list[tuple[str, dict]]:
    """One check about the release for each kind of strength, chosen by rule from the ledger.

    In order, where the ledger has one: a check that could not fail and can
    only agree (a self-check of the reading), one that could not fail and
    stays undecided whatever the numbers, the first agreeing check that a
    change of one unit of a last printed digit would turn (a sharp test),
    and the agreeing check with the largest margin (the weakest bound).
    """
    about = [row for row in rows if row["subject"] in FINDING_SUBJECTS]
    cannot = [row for row in about if row["could_fail"] == "no"]
    agreeing = [row for row in about if row["could_fail"] == "yes" and is_plainly_consistent(row["verdict"])
                and row["margin_steps"]]
    picks = [
        ("could not fail: it can only agree", next((r for r in cannot if r["verdict"] != "not_testable"), None)),
        ("could not fail: undecided whatever the numbers",
         next((r for r in cannot if r["verdict"] == "not_testable"), None)),
        ("a sharp test", next((r for r in agreeing if r["margin_steps"] == "1"), None)),
        ("the weakest bound", max(agreeing, key=lambda r: int(r["margin_steps"]), default=None)),
    ]
    return [(label, row) for label, row in picks if row is not None]


def strength_examples_html(rows: list[dict], start: str = "methods.html") -> HtmlBlock:
    """The methods page's worked examples of check strength, linked to their rows in the ledger."""
    from release_figures.views import pages
    from release_figures.views.reader_numbers import readable
    from release_figures.views.tables import card_table

    shown = [{"kind": label,
              "check": {"text": row["check_id"], "href": pages.check_link(row["check_id"], start)},
              "verdict": VERDICT_WORDS[row["verdict"]],
              "why": readable(row["margin_note"])} for label, row in strength_examples(rows)]
    columns = [{"key": "kind", "label": "kind of test"}, {"key": "check", "label": "check"},
               {"key": "verdict", "label": "verdict"}, {"key": "why", "label": "why", "wide": True}]
    return card_table(shown, columns, table_id="strength-examples", caption="How strong a check is: one example of each kind")

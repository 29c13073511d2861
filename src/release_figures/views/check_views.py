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
from release_figures.stages.checks.verdicts import (FAMILIES, FINDING_SUBJECTS, READING_VERDICTS, SUBJECTS, VERDICT_ORDER, VERDICTS,
                       is_finding_about_release, is_plainly_consistent)

__all__ = ["verdict_counts", "subject_counts", "verdict_counts_table", "subject_counts_table", "badge", "badge_colours",
           "contrast_ratio", "ledger_html", "finding_paragraphs", "top_findings",
           "top_findings_html", "translation_findings_html", "examples_html", "SEVERITY", "TEXT_FAMILY",
           "text_integrity_rows", "SUBJECT_LABELS", "release_is_consistent"]

# Most serious first: the order findings are listed in.
SEVERITY = ("gross_inconsistency", "inconsistent", "consistent_other_rounding", "unusual", "not_testable",
            "consistent_within_rounding", "reading_ruled_out", "reading_possible", "consistent")
SERIOUS = ("gross_inconsistency", "inconsistent", "consistent_other_rounding")
TEXT_FAMILY = "text_integrity"  # the family of checks on the source text itself
# Short words for each subject, as a reader sees them beside a verdict.
SUBJECT_LABELS = {
    "release": "the release",
    "release_vs_other": "the release against another statement",
    "other_statements": "other statements only",
    "translation": "the translation",
}
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
    frame.index = frame.index.map(words)
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


def _shown(row: dict, context: dict | None) -> dict:
    """A ledger row with what the templates add: its subject in words and the other statements it reads."""
    return {**row, "about": SUBJECT_LABELS[row["subject"]], "cited": cited_statements(row["inputs"].split(), context or {})}


def ledger_html(rows: list[dict], family: str, context: dict | None = None) -> HtmlBlock:
    """The ledger rows of one family as HTML: check id (its permalink) with its verdict, about, claim, expected, observed.

    With ``context`` (context figures by id), each row that uses another
    statement names it under its claim: producer, date, address, reliability.
    """
    chosen = [_shown(row, context) for row in rows if row["family"] == family]
    return HtmlBlock(render("ledger.html", rows=chosen, caption=FAMILIES[family], colours=badge_colours()),
                     label=f"ledger {family}")


def _by_severity(rows: list[dict]) -> list[dict]:
    """Rows that are not plainly consistent, most serious first, then in ledger order."""
    flagged = [row for row in rows if not is_plainly_consistent(row["verdict"])]
    return sorted(flagged, key=lambda row: SEVERITY.index(row["verdict"]))


def finding_paragraphs(rows: list[dict], subjects: tuple[str, ...] = tuple(SUBJECTS), context: dict | None = None) -> str:
    """HTML: one short paragraph for every check of the given subjects that is not plainly consistent.

    HTML rather than Markdown, because every field may carry source text, and
    escaping HTML is complete where escaping Markdown and MyST roles is not.
    ``context`` (context figures by id) lets each paragraph cite the other
    statements it uses, with their reliability grade.
    """
    chosen = [{**_shown(row, context),
               "rule": row["tie_rule"].replace("_", "-") if row["tie_rule"] in ("half_up", "half_even") else ""}
              for row in _by_severity([row for row in rows if row["subject"] in subjects])]
    return HtmlBlock(render("finding_paragraphs.html", rows=chosen, colours=badge_colours()) if chosen else "",
                     label="findings")


def top_findings(rows: list[dict], limit: int = 5) -> pd.DataFrame:
    """The findings about the release (subjects release and release_vs_other), most serious first.

    Rule: checks about the release that are not plainly consistent, by
    severity (gross inconsistency, inconsistency, other rounding only, not
    testable, within rounding), then in ledger order; at most ``limit``.
    Checks of the translation or between other statements never appear.
    """
    about = [row for row in rows if is_finding_about_release(row)]
    chosen = _by_severity(about)[:limit]
    frame = pd.DataFrame([{"check": r["check_id"], "about": SUBJECT_LABELS[r["subject"]], "claim": r["claim"],
                           "verdict": r["verdict"], "nearest consistent": r["nearest_consistent"]} for r in chosen],
                         columns=["check", "about", "claim", "verdict", "nearest consistent"])
    return frame.set_index("check")


def release_is_consistent(rows: list[dict]) -> bool:
    """True when no check about the release ends in an inconsistency (of any kind)."""
    return not any(row["verdict"] in SERIOUS for row in rows if is_finding_about_release(row))


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


def _linked_rows(rows: list[dict], chapter: str, css: str, lead: dict | None = None, empty: str = "") -> HtmlBlock:
    """Ledger rows listed on another page, each check id linked to its row in the chapter."""
    return HtmlBlock(render("linked_checks.html", rows=rows, chapter=chapter, css=css, lead=lead, empty=empty,
                            label=css.replace("-", " "), colours=badge_colours()), label=css)


def top_findings_html(rows: list[dict], limit: int = 5, chapter: str = "notebooks/03_consistency.html") -> HtmlBlock:
    """The landing page's findings about the release, in full, each linked to its ledger row.

    When no check about the release finds an inconsistency, a sentence saying
    so comes first. ``chapter`` is the ledger page's address relative to the
    page that shows the table (the book's landing page).
    """
    about = [row for row in rows if is_finding_about_release(row)]
    lead = {"count": len(about)} if release_is_consistent(rows) else None
    by_id = {row["check_id"]: row for row in rows}
    chosen = [by_id[check_id] for check_id in top_findings(rows, limit).index]
    return _linked_rows(chosen, chapter, "top-findings", lead=lead, empty="No check about the release is flagged.")


def translation_findings_html(rows: list[dict], chapter: str = "notebooks/03_consistency.html") -> HtmlBlock:
    """What the translation gets wrong: translation checks that fail or rule a reading out, linked to the ledger."""
    wrong = [row for row in rows if row["subject"] == "translation" and not is_plainly_consistent(row["verdict"])]
    return _linked_rows(wrong, chapter, "translation-findings", empty="No check of the translation finds a defect.")


def examples_html(rows: list[dict], chapter: str = "notebooks/03_consistency.html") -> HtmlBlock:
    """The methods page's table: every verdict and every subject, its meaning and an example from this ledger."""
    entries = [{"column": "verdict", "word": word, "meaning": meaning} for word, meaning in VERDICTS.items()]
    entries += [{"column": "subject", "word": word, "meaning": meaning} for word, meaning in SUBJECTS.items()]
    for entry in entries:
        entry["example"] = next((row for row in rows if row[entry["column"]] == entry["word"]), None)
    return HtmlBlock(render("verdict_examples.html", entries=entries, chapter=chapter, colours=badge_colours()),
                     label="verdict examples")

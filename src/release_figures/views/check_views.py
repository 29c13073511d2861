"""Tables and paragraphs for the consistency chapter, built from ledger rows.

The chapter displays what these functions return: verdict counts of the
checks about the release, the ledger as HTML with a badge showing each
verdict by colour and by word, a paragraph for every check that is not
plainly consistent (grouped by subject), the landing page's findings
about the release, the translation's list of defects, the examples of
each verdict and subject for the methods page, and the text-integrity
rows the source-notes page lists. All text is HTML-escaped.

Only checks whose subject is ``release`` or ``release_vs_other`` are
findings about the release (:data:`release_figures.stages.checks.verdicts.FINDING_SUBJECTS`);
``translation`` and ``other_statements`` rows are shown in their own lists.
"""

from __future__ import annotations

import html

import pandas as pd

from release_figures.views.charts import VERDICT_COLOURS
from release_figures.reading.context_figures import statements_html
from release_figures.stages.checks.verdicts import (FAMILIES, FINDING_SUBJECTS, READING_VERDICTS, SUBJECTS, VERDICT_ORDER, VERDICTS,
                       is_finding_about_release, is_plainly_consistent)

__all__ = ["verdict_counts", "subject_counts", "badge", "ledger_html", "finding_paragraphs", "top_findings",
           "top_findings_html", "translation_findings_html", "examples_html", "SEVERITY", "TEXT_FAMILY",
           "text_integrity_rows", "SUBJECT_LABELS", "release_is_consistent"]

# Most serious first: the order findings are listed in.
SEVERITY = ("gross_inconsistency", "inconsistent", "consistent_other_rounding", "not_testable",
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
_DARK_TEXT = {"consistent_within_rounding", "not_testable", "inconsistent", "reading_possible"}


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


def badge(verdict: str) -> str:
    """An HTML badge: the verdict word on its colour (the word is always there)."""
    colour = VERDICT_COLOURS[verdict]
    text = "#000" if verdict in _DARK_TEXT else "#fff"
    return (f'<span class="verdict verdict-{verdict}" style="background:{colour};color:{text};'
            f'padding:0.1em 0.4em;border-radius:0.3em;white-space:nowrap">{html.escape(verdict)}</span>')


def ledger_html(rows: list[dict], family: str, context: dict | None = None) -> str:
    """The ledger rows of one family as an HTML table (check, verdict, about, claim, expected, observed).

    With ``context`` (context figures by id), each row that uses another
    statement names it under its claim: producer, date, address, reliability.
    """
    cells = []
    for row in rows:
        if row["family"] != family:
            continue
        rule = f"<br><small>tie rule: {html.escape(row['tie_rule'])}</small>" if row["tie_rule"] else ""
        cells.append(
            f'<tr id="{html.escape(row["check_id"])}"><td><code>{html.escape(row["check_id"])}</code></td>'
            f"<td>{badge(row['verdict'])}{rule}</td><td>{html.escape(SUBJECT_LABELS[row['subject']])}</td>"
            f"<td>{html.escape(row['claim'])}{_statements(row, context or {})}</td><td>{html.escape(row['expected'])}</td>"
            f"<td>{html.escape(row['observed'])}</td></tr>"
        )
    head = "<tr><th>check</th><th>verdict</th><th>about</th><th>claim</th><th>expected</th><th>observed</th></tr>"
    return (f'<table class="checks-ledger"><caption>{html.escape(FAMILIES[family])}</caption>'
            f"<thead>{head}</thead><tbody>{''.join(cells)}</tbody></table>")


def _by_severity(rows: list[dict]) -> list[dict]:
    """Rows that are not plainly consistent, most serious first, then in ledger order."""
    flagged = [row for row in rows if not is_plainly_consistent(row["verdict"])]
    return sorted(flagged, key=lambda row: SEVERITY.index(row["verdict"]))


def _statements(row: dict, context: dict) -> str:
    """Escaped HTML naming every other statement a row uses (see :func:`release_figures.reading.context_figures.statements_html`)."""
    return statements_html(row["inputs"].split(), context)


def finding_paragraphs(rows: list[dict], subjects: tuple[str, ...] = tuple(SUBJECTS), context: dict | None = None) -> str:
    """HTML: one short paragraph for every check of the given subjects that is not plainly consistent.

    HTML rather than Markdown, because every field may carry source text, and
    escaping HTML is complete where escaping Markdown and MyST roles is not.
    ``context`` (context figures by id) lets each paragraph cite the other
    statements it uses, with their reliability grade.
    """
    parts = []
    for row in _by_severity([row for row in rows if row["subject"] in subjects]):
        e = {key: html.escape(str(value)) for key, value in row.items()}
        nearest = f" Nearest value that would pass: {e['nearest_consistent']}." if row["nearest_consistent"] else ""
        rule = f" ({e['tie_rule'].replace('_', '-')} rounding)" if row["tie_rule"] in ("half_up", "half_even") else ""
        parts.append(f'<p class="finding" id="finding-{e["check_id"]}"><a href="#{e["check_id"]}"><strong>'
                     f"{e['check_id']}</strong></a>, {badge(row['verdict'])}{rule}, about "
                     f"{html.escape(SUBJECT_LABELS[row['subject']])}. {e['claim']} "
                     f"Expected {e['expected']}; observed {e['observed']}. {e['explanation']}{nearest}"
                     f"{_statements(row, context or {})}</p>")
    return "\n".join(parts)


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


def _linked_rows(rows: list[dict], chapter: str, columns: list[tuple[str, str]], css: str) -> str:
    """An HTML table of ledger rows, the check id linked to its row in the chapter; values escaped."""
    head = "".join(f"<th>{html.escape(label)}</th>" for _, label in columns)
    lines = [f'<table class="book-table {css}"><thead><tr><th>check</th>{head}</tr></thead><tbody>']
    for row in rows:
        cells = "".join(f"<td>{badge(row[key]) if key == 'verdict' else html.escape(str(row[key]))}</td>"
                        for key, _ in columns)
        lines.append(f'<tr><td><a href="{html.escape(chapter)}#{html.escape(row["check_id"])}">'
                     f'<code>{html.escape(row["check_id"])}</code></a></td>{cells}</tr>')
    lines.append("</tbody></table>")
    return "\n".join(lines)


def top_findings_html(rows: list[dict], limit: int = 5, chapter: str = "notebooks/03_consistency.html") -> str:
    """The landing page's findings about the release, in full, each linked to its ledger row.

    When no check about the release finds an inconsistency, a sentence saying
    so comes first. ``chapter`` is the ledger page's address relative to the
    page that shows the table (the book's landing page).
    """
    about = [row for row in rows if is_finding_about_release(row)]
    lead = ""
    if release_is_consistent(rows):
        lead = (f"<p><strong>No check finds the release inconsistent</strong>: none of the {len(about)} checks of its "
                "figures, against each other or against other official statements, ends in an inconsistency. "
                "The checks that the figures cannot decide, or that hold only within rounding, follow.</p>\n")
    by_id = {row["check_id"]: row for row in rows}
    chosen = [by_id[check_id] for check_id in top_findings(rows, limit).index]
    return lead + _linked_rows(chosen, chapter, [("verdict", "verdict"), ("claim", "claim"),
                                                  ("explanation", "why")], "top-findings")


def translation_findings_html(rows: list[dict], chapter: str = "notebooks/03_consistency.html") -> str:
    """What the translation gets wrong: translation checks that fail or rule a reading out, linked to the ledger."""
    wrong = [row for row in rows if row["subject"] == "translation" and not is_plainly_consistent(row["verdict"])]
    if not wrong:
        return "<p>No check of the translation finds a defect.</p>"
    return _linked_rows(wrong, chapter, [("verdict", "verdict"), ("claim", "claim"), ("explanation", "why")],
                        "translation-findings")


def examples_html(rows: list[dict], chapter: str = "notebooks/03_consistency.html") -> str:
    """The methods page's table: every verdict and every subject, its meaning and an example from this ledger."""
    lines = ['<table class="book-table verdict-examples"><thead><tr><th>word</th><th>meaning</th>'
             "<th>example in this book</th></tr></thead><tbody>"]
    entries = [("verdict", word, meaning) for word, meaning in VERDICTS.items()]
    entries += [("subject", word, meaning) for word, meaning in SUBJECTS.items()]
    for column, word, meaning in entries:
        example = next((row for row in rows if row[column] == word), None)
        shown = ("no check in this book" if example is None else
                 f'<a href="{html.escape(chapter)}#{html.escape(example["check_id"])}"><code>'
                 f'{html.escape(example["check_id"])}</code></a>: {html.escape(example["claim"])}')
        label = badge(word) if column == "verdict" else f"<code>{html.escape(word)}</code>"
        lines.append(f"<tr><td>{label}<br><small>{column}</small></td><td>{html.escape(meaning)}</td><td>{shown}</td></tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)

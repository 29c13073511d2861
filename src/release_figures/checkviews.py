"""Tables and paragraphs for the consistency chapter, built from ledger rows.

The chapter displays what these functions return: verdict counts, the
ledger as HTML with a badge showing each verdict by colour and by word,
a paragraph for every check that is not plainly consistent, and the most
important findings for the landing page, and the text-integrity rows the
source-notes page lists as the source's known defects. All text is
HTML-escaped.
"""

from __future__ import annotations

import html

import pandas as pd

from .charts import VERDICT_COLOURS
from .verdicts import FAMILIES, VERDICT_ORDER, VERDICTS, is_plainly_consistent

__all__ = ["verdict_counts", "badge", "ledger_html", "finding_paragraphs", "top_findings", "top_findings_html", "SEVERITY",
           "TEXT_FAMILY", "text_integrity_rows"]

# Most serious first: the order findings are listed in.
SEVERITY = ("gross_inconsistency", "inconsistent", "consistent_other_rounding", "not_testable",
            "consistent_within_rounding", "consistent")
TEXT_FAMILY = "text_integrity"  # the family of checks on the source text itself
_DARK_TEXT = {"consistent_within_rounding", "not_testable", "inconsistent"}


def verdict_counts(rows: list[dict]) -> pd.DataFrame:
    """How many checks have each verdict (every verdict listed, zeros included), with its definition."""
    counts = {verdict: 0 for verdict in VERDICT_ORDER}
    for row in rows:
        counts[row["verdict"]] += 1
    return pd.DataFrame({"checks": list(counts.values()), "meaning": [VERDICTS[v] for v in counts]},
                        index=pd.Index(list(counts), name="verdict"))


def badge(verdict: str) -> str:
    """An HTML badge: the verdict word on its colour (the word is always there)."""
    colour = VERDICT_COLOURS[verdict]
    text = "#000" if verdict in _DARK_TEXT else "#fff"
    return (f'<span class="verdict verdict-{verdict}" style="background:{colour};color:{text};'
            f'padding:0.1em 0.4em;border-radius:0.3em;white-space:nowrap">{html.escape(verdict)}</span>')


def ledger_html(rows: list[dict], family: str) -> str:
    """The ledger rows of one family as an HTML table (check, claim, expected, observed, verdict)."""
    cells = []
    for row in rows:
        if row["family"] != family:
            continue
        rule = f"<br><small>tie rule: {html.escape(row['tie_rule'])}</small>" if row["tie_rule"] else ""
        cells.append(
            f'<tr id="{html.escape(row["check_id"])}"><td><code>{html.escape(row["check_id"])}</code></td>'
            f"<td>{html.escape(row['claim'])}</td><td>{html.escape(row['expected'])}</td>"
            f"<td>{html.escape(row['observed'])}</td><td>{badge(row['verdict'])}{rule}</td></tr>"
        )
    head = "<tr><th>check</th><th>claim</th><th>expected</th><th>observed</th><th>verdict</th></tr>"
    return (f'<table class="checks-ledger"><caption>{html.escape(FAMILIES[family])}</caption>'
            f"<thead>{head}</thead><tbody>{''.join(cells)}</tbody></table>")


def _by_severity(rows: list[dict]) -> list[dict]:
    """Rows that are not plainly consistent, most serious first, then in ledger order."""
    flagged = [row for row in rows if not is_plainly_consistent(row["verdict"])]
    return sorted(flagged, key=lambda row: SEVERITY.index(row["verdict"]))


def finding_paragraphs(rows: list[dict]) -> str:
    """HTML: one short paragraph for every check that is not plainly consistent.

    HTML rather than Markdown, because every field may carry source text, and
    escaping HTML is complete where escaping Markdown and MyST roles is not.
    """
    parts = []
    for row in _by_severity(rows):
        e = {key: html.escape(str(value)) for key, value in row.items()}
        nearest = f" Nearest value that would pass: {e['nearest_consistent']}." if row["nearest_consistent"] else ""
        rule = f" ({e['tie_rule'].replace('_', '-')} rounding)" if row["tie_rule"] in ("half_up", "half_even") else ""
        parts.append(f'<p class="finding" id="finding-{e["check_id"]}"><a href="#{e["check_id"]}"><strong>'
                     f"{e['check_id']}</strong></a>, {badge(row['verdict'])}{rule}. {e['claim']} "
                     f"Expected {e['expected']}; observed {e['observed']}. {e['explanation']}{nearest}</p>")
    return "\n".join(parts)


def top_findings(rows: list[dict], limit: int = 5) -> pd.DataFrame:
    """The most important checks that are not consistent (gross, inconsistent, other rounding), for the landing page."""
    serious = [row for row in _by_severity(rows)
               if row["verdict"] in ("gross_inconsistency", "inconsistent", "consistent_other_rounding")][:limit]
    frame = pd.DataFrame([{"check": r["check_id"], "claim": r["claim"], "verdict": r["verdict"],
                           "nearest consistent": r["nearest_consistent"]} for r in serious],
                         columns=["check", "claim", "verdict", "nearest consistent"])
    return frame.set_index("check")


def text_integrity_rows(rows: list[dict]) -> list[dict]:
    """The ledger's text-integrity checks in ledger order: check_id, claim, verdict word, explanation.

    Rows read from ``checks.csv`` (or built by the checks engine); every
    verdict must be a word of :data:`release_figures.verdicts.VERDICTS`.
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


def top_findings_html(rows: list[dict], limit: int = 5, chapter: str = "notebooks/03_consistency.html") -> str:
    """The landing page's table of the most important findings, in full, each linked to its ledger row.

    ``chapter`` is the ledger page's address relative to the page that shows
    the table (the book's landing page).
    """
    frame = top_findings(rows, limit)
    by_id = {row["check_id"]: row for row in rows}
    lines = ['<table class="book-table top-findings"><thead><tr><th>check</th><th>claim</th>'
             "<th>verdict</th><th>nearest consistent value</th></tr></thead><tbody>"]
    for check_id in frame.index:
        row = by_id[check_id]
        lines.append(
            f'<tr><td><a href="{html.escape(chapter)}#{html.escape(check_id)}"><code>{html.escape(check_id)}</code></a></td>'
            f"<td>{html.escape(row['claim'])}</td><td>{badge(row['verdict'])}</td>"
            f"<td>{html.escape(row['nearest_consistent'])}</td></tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)

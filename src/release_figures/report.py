"""Small tables for the figures chapter: provenance, figures by section, coverage.

Notebooks call these and display the result; the logic stays here, tested.
"""

from __future__ import annotations

import pandas as pd

from .register import EXCLUSION_REASONS, SECTIONS
from .release import Release

__all__ = ["provenance_table", "section_counts", "figures_table", "coverage_summary", "exclusions_table", "duplicates_table"]


def provenance_table(release: Release) -> pd.DataFrame:
    """One row a raw file: role, path, producer, published, SHA-256."""
    rows = []
    for role, entry in release.file_entries().items():
        rows.append({"file": entry["path"], "role": role, "producer": " ".join(str(entry["producer"]).split()),
                     "published": entry["published"], "sha256": entry["sha256"]})
    return pd.DataFrame(rows).set_index("file")


def section_counts(rows: list[dict]) -> pd.DataFrame:
    """How many figures each section of the release holds, in the release's order."""
    frame = pd.DataFrame(rows)
    counts = frame.groupby("section").size()
    ordered = [section for section in SECTIONS if section in counts.index]
    return pd.DataFrame({"figures": [int(counts[s]) for s in ordered]}, index=pd.Index(ordered, name="section"))


def figures_table(rows: list[dict], section: str | None = None) -> pd.DataFrame:
    """The reader's view of the figures: id, what, value, unit, printed form, rounding, period."""
    frame = pd.DataFrame(rows)
    if section is not None:
        frame = frame[frame["section"] == section]
    columns = ["figure_id", "indicator", "stated", "qualifier", "value", "unit", "precision", "kind", "period"]
    return frame[columns].set_index("figure_id")


def coverage_summary(tokens: list[dict]) -> pd.DataFrame:
    """Numeric tokens of the text by status (figure, duplicate, excluded, unexplained)."""
    frame = pd.DataFrame(tokens)
    order = ["figure", "duplicate", "excluded", "unexplained"]
    counts = frame.groupby("status").size()
    return pd.DataFrame({"tokens": [int(counts.get(status, 0)) for status in order]},
                        index=pd.Index(order, name="status"))


def exclusions_table(tokens: list[dict]) -> pd.DataFrame:
    """Excluded tokens with the passage that explains them and the reason in words."""
    frame = pd.DataFrame([t for t in tokens if t["status"] == "excluded"])
    frame["why"] = frame["reason"].map(EXCLUSION_REASONS)
    return frame[["start", "token", "reason", "why", "explained_by"]].rename(
        columns={"explained_by": "passage"}).set_index("start")


def duplicates_table(rows: list[dict]) -> pd.DataFrame:
    """Figures whose quote occurs more than once, with every offset."""
    frame = pd.DataFrame([r for r in rows if int(r["occurrences"]) > 1])
    return frame[["figure_id", "occurrences", "start", "other_starts"]].set_index("figure_id")


def figures_html(rows: list[dict]) -> str:
    """The figures as HTML tables by section, one row a figure, with ``id=figure_id``.

    Each row is an anchor (``01_figures.html#fraud-cases-cracked``) that
    stays stable across rebuilds. All text is HTML-escaped: the quotes come
    from the source and are shown as literal text, never as markup.
    """
    from html import escape

    columns = ["figure_id", "indicator", "stated", "qualifier", "value", "unit", "precision", "kind", "period", "quote"]
    parts = []
    for section in SECTIONS:
        section_rows = [row for row in rows if row["section"] == section]
        if not section_rows:
            continue
        parts.append(f'<table class="figures-table" data-section="{escape(section)}">')
        parts.append(f"<caption>{escape(section)}</caption>")
        parts.append("<thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in columns) + "</tr></thead><tbody>")
        for row in section_rows:
            cells = []
            for column in columns:
                value = escape(str(row[column]))
                if column == "figure_id":
                    value = f'<a class="figure-anchor" href="#{value}">{value}</a>'
                elif column == "quote":
                    value = f"<q>{value}</q> <small>[{row['start']}:{row['end']}]</small>"
                cells.append(f"<td>{value}</td>")
            parts.append(f'<tr id="{escape(row["figure_id"])}">' + "".join(cells) + "</tr>")
        parts.append("</tbody></table>")
    return "\n".join(parts)

"""What the year-on-year chapter shows of changes.csv: the reader's changes tables and each comparison explained.

The rows come from :func:`release_figures.stages.changes.build_changes`
(or ``changes.csv``); this module only decides how they read: intervals
with thousands separators (a count in whole numbers, a ratio to the digits
that separate its ends), tie rules and flags in words, and every Chinese
number with its English value first.
"""

from __future__ import annotations

import re

import pandas as pd

from release_figures.rounding.whole_counts import is_count
from release_figures.stages.changes import IMPLIED_TYPES
from release_figures.views.reader_numbers import format_interval, format_number, readable, yes_no
from release_figures.views.render import HtmlBlock, render
from release_figures.views.statement_citations import cited_statements
from release_figures.views.tables import book_table

__all__ = ["summary_table", "summary_frame", "explanations_html", "TIE_RULE_WORDS"]

TIE_RULE_WORDS = {
    "either": "either rule",
    "half_up": "rounding half up only",
    "half_even": "rounding half to even only",
    "neither": "neither rule",
    "": "",
}
SUMMARY_LABELS = {"change_id": "change", "description": "what is compared", "interval": "result (interval)",
                  "point_estimate": "at face value", "unit": "unit", "tie_rule_needed": "tie rule that admits it",
                  "comparable": "comparable"}


def _interval(row: dict) -> str:
    """The row's interval for readers, from its numeric ends and the brackets of its ``interval`` text."""
    text = row["interval"]
    if not text or text == "empty":
        return text
    count = is_count(row["unit"])
    return format_interval(row["low"] or None, row["high"] or None, text[0] == "[", text[-1] == "]", count=count)


def _point(row: dict) -> str:
    """The result at face value: a count in whole numbers, anything else to the decimals its interval shows."""
    if not row["point_estimate"]:
        return ""
    if is_count(row["unit"]):
        return format_number(row["point_estimate"], count=True)
    shown = re.findall(r"-?[\d,]+(?:\.(\d+))?", _interval(row))
    return format_number(row["point_estimate"], digits=max((len(d) for d in shown), default=0))


def summary_frame(rows: list[dict], types: tuple[str, ...] | None = None, exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """The changes as a reader reads them (a DataFrame indexed by change_id), optionally of some types only."""
    chosen = [row for row in rows if (types is None or row["type"] in types) and row["type"] not in exclude]
    shown = [{
        "change_id": row["change_id"], "description": readable(row["description"]), "interval": _interval(row),
        "point_estimate": _point(row),
        "unit": row["unit"], "tie_rule_needed": TIE_RULE_WORDS[row["tie_rule_needed"]],
        "comparable": yes_no(row["comparable"]),
    } for row in chosen]
    return pd.DataFrame(shown, columns=list(SUMMARY_LABELS)).set_index("change_id")


def summary_table(rows: list[dict], types: tuple[str, ...] | None = None, exclude: tuple[str, ...] = (),
                  table_id: str = "changes") -> HtmlBlock:
    """The changes table for readers (great-tables), the change id kept in view while the table scrolls."""
    return book_table(summary_frame(rows, types, exclude), table_id=table_id, labels=SUMMARY_LABELS,
                      wide=("description",), source="Every row, with its inputs as printed: data/changes.csv.")


def explanations_html(rows: list[dict], exclude: tuple[str, ...] = IMPLIED_TYPES, context: dict | None = None) -> HtmlBlock:
    """Each comparison's description, result and explanation as HTML, grouped by family (text escaped).

    With ``context``, each comparison names the other statements it reads.
    """
    families: list[dict] = []
    for row in rows:
        if row["type"] in exclude:
            continue
        if not families or families[-1]["name"] != row["family"].capitalize():
            families.append({"name": row["family"].capitalize(), "rows": []})
        families[-1]["rows"].append({
            **row, "interval": _interval(row),
            "flag": "comparable" if yes_no(row["comparable"]) == "yes" else "not comparable",
            "cited": cited_statements(row["inputs"].split(), context or {}),
        })
    return HtmlBlock(render("change_explanations.html", families=families), label="comparisons explained")

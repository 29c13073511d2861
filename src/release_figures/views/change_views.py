"""What the year-on-year chapter shows of changes.csv: each comparison explained, one card a comparison on a phone.

The rows come from :func:`release_figures.stages.changes.build_changes`
(or ``changes.csv``); this module only decides how they read: results in
words with the digits that matter, flags in words, and every Chinese
number with its English value first.
"""

from __future__ import annotations

from release_figures.rounding.whole_counts import is_count
from release_figures.stages.changes import IMPLIED_TYPES
from release_figures.views.reader_numbers import yes_no
from release_figures.views.render import HtmlBlock, render
from release_figures.views.statement_citations import cited_statements
from release_figures.views.tables import card_table

__all__ = ["changes_cards", "result_words"]


def result_words(row: dict) -> str:
    """A comparison's result as a reader reads it: a change in percent, an index, or a range of values, in words.

    The exact interval stays in the table (``interval``, ``low``, ``high``);
    the words give the digits that matter (a change between two counts to
    one decimal).
    """
    from fractions import Fraction

    from release_figures.rounding.intervals import Interval
    from release_figures.words import between, change_words

    if not row["interval"] or row["interval"] == "empty" or not row["low"] or not row["high"]:
        return "no change is computed" if not row["interval"] else "no value fits"
    interval = Interval(Fraction(row["low"]), Fraction(row["high"]))
    if row["unit"] == "percent":
        return change_words(interval)
    if row["unit"] == "index":
        return f"an index {between(interval, 5)} (the year before = 100)"
    return between(interval, 6, whole=is_count(row["unit"]), unit=row["unit"])


def changes_cards(rows: list[dict], *, table_id: str, types: tuple[str, ...] | None = None,
                  exclude: tuple[str, ...] = (), figures: set[str] | None = None, cff: dict | None = None,
                  context: dict | None = None) -> HtmlBlock:
    """The comparisons as a table (one card a comparison on a phone): what, result in words, what it means, inputs.

    Each row is its comparison's anchor (``02_year_on_year.html#<change_id>``)
    with a citation to copy; every figure among the inputs links to its row,
    and every other statement is named with its original and the copy read.
    """
    from markupsafe import Markup

    from release_figures.views import pages
    from release_figures.views.citations import change_citation

    shown = []
    for row in rows:
        if (types is not None and row["type"] not in types) or row["type"] in exclude:
            continue
        comparable = "comparable" if yes_no(row["comparable"]) == "yes" else "not comparable"
        shown.append({
            "_id": row["change_id"],
            "what": {"html": Markup(render("change_cell.html", row=row,
                                           citation=change_citation(row, cff) if cff else ""))},
            "result": result_words(row),
            "means": {"html": Markup(render("change_means.html", row=row, comparable=comparable,
                                            cited=cited_statements(row["inputs"].split(), context or {})))},
            "inputs": [{"text": key, "href": pages.figure_link(key, pages.CHANGES) if figures and key in figures else ""}
                       for key in row["inputs"].split()],
        })
    columns = [{"key": "what", "label": "what is compared"}, {"key": "result", "label": "result"},
               {"key": "means", "label": "what it means", "wide": True}, {"key": "inputs", "label": "inputs"}]
    return card_table(shown, columns, table_id=table_id, css="changes-table")

"""Plain tables for reading, rendered by great-tables as static HTML (no script).

Every table a chapter shows from a DataFrame goes through :func:`book_table`:
column labels in words (a label missing for a column is an error, so no
``snake_case`` header reaches a page), counts with thousands separators, the
first column kept in view while the table scrolls inside its own box
(``book.css``), and a fixed table id, so re-executing a notebook gives the
same bytes. Cell text is escaped by great-tables.

great-tables writes a ``<style>`` block with each table; some of its
selectors are not scoped to the table (``tbody, tfoot, tr, td, th``), so
they would restyle every other table of the page, and the block repeats
about 10 KB per table. The book drops it and styles the tables' classes
(``gt_table``, ``gt_col_heading``, ``gt_row``, ...) once in ``book.css``.
"""

from __future__ import annotations

import re

import pandas as pd
from great_tables import GT

from release_figures.views.render import HtmlBlock, render

__all__ = ["book_table", "card_table"]

_STYLE_RE = re.compile(r"<style>.*?</style>\n?", re.S)
_ID_RE = re.compile(r"[a-z][a-z0-9-]*")


def book_table(frame: pd.DataFrame, *, table_id: str, labels: dict[str, str], title: str = "",
               source: str = "", counts: tuple[str, ...] = (), wide: tuple[str, ...] = ()) -> HtmlBlock:
    """A DataFrame as a reader's table: its index (named) is the first column, kept in view.

    ``labels`` names every column and the index in words; ``counts`` are
    shown as whole numbers with thousands separators; ``wide`` columns hold
    long text and get a reading width. ``table_id`` (lowercase letters,
    digits and hyphens) is the table's fixed HTML id, unique on its page.
    """
    if not _ID_RE.fullmatch(table_id):
        raise ValueError(f"table id {table_id!r}: expected lowercase letters, digits and hyphens")
    data = frame.reset_index()
    stub = data.columns[0]
    missing = [column for column in data.columns if column not in labels]
    if missing:
        raise ValueError(f"table {table_id}: no label in words for column(s) {missing}")
    # Counts may come as text (a table read back from CSV): as whole numbers they get their separators.
    data = data.astype({column: "Int64" if column in counts else "string" for column in data.columns})
    table = (GT(data, rowname_col=stub, id=table_id)
             .tab_stubhead(label=labels[stub])
             .cols_label(**{column: labels[column] for column in data.columns if column != stub})
             .sub_missing(missing_text=""))
    if counts:
        table = table.fmt_integer(columns=list(counts), sep_mark=",")
    if title:
        table = table.tab_header(title=title)
    if source:
        table = table.tab_source_note(source)
    # The box around the table scrolls (book.css), so great-tables' own container lets the table overflow into it.
    table = table.tab_options(container_overflow_x="visible", container_overflow_y="visible",
                              container_padding_y="0px")
    html = _STYLE_RE.sub("", table.as_raw_html(), count=1)
    wide_columns = [i for i, column in enumerate(data.columns) if column in wide]
    return HtmlBlock(render("table_box.html", table=html.strip(), wide=wide_columns, name=title or table_id.replace("-", " ")),
                     label=f"table {table_id}")


def card_table(rows: list[dict], columns: list[dict], *, table_id: str, caption: str = "", css: str = "") -> HtmlBlock:
    """A table that is a table on a desktop and one card a row on a phone (``templates/card_table.html``).

    ``columns`` are dicts with ``key``, ``label`` (words; a label is
    required, so no code name heads a column), and optionally ``wide`` (a
    prose column) or ``number``. A row's ``_id`` is its anchor, its
    ``_search`` the words the filter box matches. Cells are text, links
    (``{"text", "href"}``), lists of those, or ``{"html": Markup}`` made by a
    template; everything else is escaped.
    """
    if not _ID_RE.fullmatch(table_id):
        raise ValueError(f"table id {table_id!r}: expected lowercase letters, digits and hyphens")
    for column in columns:
        if not column.get("label"):
            raise ValueError(f"table {table_id}: column {column.get('key')!r} has no label in words")
    heads = [{"label": column["label"], "wide": bool(column.get("wide")), "number": bool(column.get("number"))}
             for column in columns]
    shown = [{"id": row.get("_id", ""), "search": row.get("_search", ""),
              "cells": [row.get(column["key"]) for column in columns]} for row in rows]
    return HtmlBlock(render("card_table.html", rows=shown, columns=heads, table_id=table_id, caption=caption,
                            css=css), label=f"table {table_id}")

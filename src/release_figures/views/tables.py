"""Every table a reader sees, in one template: a table on a desktop, one card a row on a phone.

:func:`card_table` renders rows of cells (text, links, or fragments made by
another template) with ``templates/card_table.html``, which escapes all
text; :func:`book_table` shows a DataFrame the same way, its index (named)
as the first column. Column labels are words (a label missing for a column
is an error, so no ``snake_case`` header reaches a page), and the table id
is fixed, so re-executing a notebook gives the same bytes. ``book.css``
lays a card table out: on a desktop no column narrower than its longest
word, on a phone each cell led by its column's name, so nothing scrolls
sideways. One renderer, not a table library beside a template: the phone
layout needs each cell to carry its column's name, which the libraries
tried (great-tables) do not write.
"""

from __future__ import annotations

import re

import pandas as pd

from release_figures.views.render import HtmlBlock, render

__all__ = ["book_table", "card_table"]

_ID_RE = re.compile(r"[a-z][a-z0-9-]*")


def book_table(frame: pd.DataFrame, *, table_id: str, labels: dict[str, str], title: str = "",
               source: str = "", counts: tuple[str, ...] = (), wide: tuple[str, ...] = ()) -> HtmlBlock:
    """A DataFrame as a reader's table (a card table): its index (named) is the first column.

    ``labels`` names every column and the index in words; ``counts`` are
    shown as whole numbers with thousands separators; ``wide`` columns hold
    long text and get a reading width. ``title`` is the caption, ``source``
    a note under the table. ``table_id`` (lowercase letters, digits and
    hyphens) is the table's fixed HTML id, unique on its page.
    """
    data = frame.reset_index()
    missing = [column for column in data.columns if column not in labels]
    if missing:
        raise ValueError(f"table {table_id}: no label in words for column(s) {missing}")
    columns = [{"key": str(column), "label": labels[column], "wide": column in wide, "number": column in counts}
               for column in data.columns]
    rows = []
    for record in data.to_dict("records"):
        rows.append({str(column): _cell(value, column in counts) for column, value in record.items()})
    return card_table(rows, columns, table_id=table_id, caption=title, note=source)


def _cell(value, count: bool) -> str:
    """One value as text: a count with thousands separators, a missing value empty, anything else as it is."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if count and str(value).strip() != "":
        return f"{int(value):,}"
    return str(value)


def card_table(rows: list[dict], columns: list[dict], *, table_id: str, caption: str = "", css: str = "",
               note: str = "") -> HtmlBlock:
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
                            css=css, note=note), label=f"table {table_id}")

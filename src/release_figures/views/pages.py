"""Where each thing the book shows lives: one page a kind, one anchor an id, and links between them.

Every link from one page to another (a figure's row, its place in the
release text, a check, a comparison, the Chinese wording) is made here, so
the anchors the pages give and the links that point at them cannot drift
apart. Paths are relative to the site's root; :func:`href` turns one into
a link from a given page (the chapters live in ``notebooks/``).
"""

from __future__ import annotations

import posixpath

__all__ = ["OVERVIEW", "FIGURES", "CHANGES", "CHECKS", "CHINESE", "RELEASE_TEXT", "GLOSSARY", "METHODS", "href",
           "figure_link", "text_link", "check_link", "change_link", "chinese_link", "TEXT_ANCHOR"]

OVERVIEW = "notebooks/00_overview.html"
FIGURES = "notebooks/01_figures.html"
CHANGES = "notebooks/02_year_on_year.html"
CHECKS = "notebooks/03_consistency.html"
CHINESE = "notebooks/04_chinese.html"
RELEASE_TEXT = "release-text.html"
GLOSSARY = "glossary.html"
METHODS = "methods.html"
TEXT_ANCHOR = "text-"  # a figure's place in the release text: release-text.html#text-<figure_id>


def href(page: str, anchor: str = "", start: str = FIGURES) -> str:
    """A link to ``page#anchor`` from the page ``start`` (both relative to the site's root)."""
    relative = posixpath.relpath(page, posixpath.dirname(start) or ".")
    return relative + (f"#{anchor}" if anchor else "")


def figure_link(figure_id: str, start: str = FIGURES) -> str:
    """A figure's row in the figures chapter."""
    return href(FIGURES, figure_id, start)


def text_link(figure_id: str, start: str = FIGURES) -> str:
    """A figure's place in the release text."""
    return href(RELEASE_TEXT, TEXT_ANCHOR + figure_id, start)


def check_link(check_id: str, start: str = FIGURES) -> str:
    """A check's row in the consistency chapter."""
    return href(CHECKS, check_id, start)


def change_link(change_id: str, start: str = FIGURES) -> str:
    """A comparison's row in the year-on-year chapter."""
    return href(CHANGES, change_id, start)


def chinese_link(figure_id: str, start: str = FIGURES) -> str:
    """A figure's row in the chapter against the Chinese."""
    return href(CHINESE, figure_id, start)

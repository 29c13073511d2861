"""One Jinja2 environment for the HTML the book shows, escaping by default.

Every paragraph, list and rich table of the chapters (the figures by
section, the ledger, the findings, the comparisons explained, the charts'
frames) is a template in ``views/templates/``; the Python side passes data
only. Autoescaping is on for every template, so source text (quotes,
claims, a hostile ``<script>``) is shown as text, never read as markup.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2

from release_figures.reading.numbers import has_chinese
from release_figures.views.reader_numbers import format_number, readable, words, yes_no

__all__ = ["render", "environment", "HtmlBlock"]


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The book's template environment: package templates, autoescape on, undefined names refused."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("release_figures.views", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(readable=readable, words=words, yes_no=yes_no, number=format_number)
    env.tests["chinese"] = has_chinese
    return env


def render(template: str, **context) -> str:
    """Render ``template`` (a file in views/templates/) with ``context``; returns the HTML text."""
    return environment().get_template(template).render(**context).strip() + "\n"


class HtmlBlock(str):
    """HTML text that a notebook displays as HTML (and prints as a short, run-independent label)."""

    def __new__(cls, html: str, label: str = "html"):
        block = super().__new__(cls, html)
        block.label = label
        return block

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": str(self), "text/plain": f"<{self.label}>"}

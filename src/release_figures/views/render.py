"""One Jinja2 environment for the HTML the book shows, escaping by default.

Every paragraph, list and rich table of the chapters (the figures by
section, the ledger, the findings, the comparisons explained, the charts'
frames) is a template in ``views/templates/``; the Python side passes data
only. Autoescaping is on for every template, so source text (quotes,
claims, a hostile ``<script>``) is shown as text, never read as markup.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jinja2
from markupsafe import Markup, escape

from release_figures.reading.numbers import has_chinese
from release_figures.views.reader_numbers import format_number, readable, words, yes_no

__all__ = ["render", "environment", "HtmlBlock", "chinese_marked"]

# A run of Chinese inside English text: Chinese characters with the digits and marks that belong to them
# ("3.5万", "超过2337万", "27吨"), never starting or ending in a space.
_CHINESE_RUN = re.compile(r"[0-9.,%]*[\u3007\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e\u3000-\u303f]"
                          r"(?:[0-9.,%\u3007\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e\u3000-\u303f]*"
                          r"[0-9%\u3007\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e\u3000-\u303f])?")


def chinese_marked(text) -> Markup:
    """Escape ``text`` and mark each run of Chinese in it ``lang="zh"``, so it is read (and spoken) as Chinese.

    Already-safe markup is returned as it is: it was made by a template
    that marked its own Chinese.
    """
    if isinstance(text, Markup):
        return text
    escaped = str(escape(str(text)))
    return Markup(_CHINESE_RUN.sub(lambda m: f'<span lang="zh">{m.group(0)}</span>', escaped))


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
    from release_figures.stages.checks.verdicts import SUBJECT_WORDS, VERDICT_WORDS

    env.filters.update(readable=readable, words=words, yes_no=yes_no, number=format_number,
                       verdict_words=VERDICT_WORDS.__getitem__, subject_words=SUBJECT_WORDS.__getitem__, zh=chinese_marked)
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

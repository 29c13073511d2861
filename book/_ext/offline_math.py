"""A math renderer that needs no network: TeX shown as text.

Sphinx renders math with MathJax, which it loads from a CDN. The book has
no local MathJax and loads nothing from other hosts, so this renderer
(``html_math_renderer = "plain_tex"``) writes inline and display math as
their TeX source in ``<span class="math">`` and ``<div class="math">``
elements, styled by the theme's monospace font.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx


def _inline(self, node: nodes.Element) -> None:
    self.body.append(f'<span class="math notranslate">{escape(node.astext())}</span>')
    raise nodes.SkipNode


def _block(self, node: nodes.Element) -> None:
    self.body.append(f'<div class="math notranslate"><pre>{escape(node.astext())}</pre></div>\n')
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict:
    """Register the ``plain_tex`` HTML math renderer."""
    app.add_html_math_renderer("plain_tex", (_inline, None), (_block, None))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

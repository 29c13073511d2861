"""Ship Vega, Vega-Lite and vega-embed with the book, so charts render offline.

The charts in the notebooks (see ``release_figures.views.charts``) are a ``<div
class="vega-chart">`` and a short script calling ``window.vegaEmbed``, or
waiting for the window's ``load`` event when it is not there yet. This
extension links the JavaScript bundle carried by ``vl-convert-python``
(Vega, Vega-Lite and vega-embed of matching versions, no imports), at
``_static/vega/``, from the head of every page that holds a chart, and
writes it there once the build ends, unless the build's caller makes it
beside Sphinx and writes it itself (``release_figures.book.vega_bundle``,
which also says why it is a classic script in a strict-mode function).

The script is deferred: it runs after the page is parsed and before
``load``, so the charts' ``load`` listener finds ``window.vegaEmbed``.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx

from release_figures.book.vega_bundle import BUNDLE_PATH, MADE_BESIDE, wrap_bundle  # noqa: F401 (wrap_bundle: tests)

CHART_MARKER = 'class="vega-chart"'


def write_bundle(app: Sphinx, exception: Exception | None) -> None:
    """Write the bundle into the built site's ``_static`` (HTML builders only; skipped when already current)."""
    if exception is not None or app.builder.format != "html" or os.environ.get(MADE_BESIDE):
        return
    from release_figures.book import vega_bundle

    vega_bundle.write_bundle(Path(app.outdir) / "_static")


def link_bundle(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Add the bundle to the head of a page that holds a chart."""
    if CHART_MARKER in context.get("body", ""):
        app.add_js_file(BUNDLE_PATH, loading_method="defer")


def setup(app: Sphinx) -> dict:
    """Register the extension."""
    app.connect("html-page-context", link_bundle, priority=100)
    app.connect("build-finished", write_bundle)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

"""Ship Vega, Vega-Lite and vega-embed with the book, so charts render offline.

The charts in the notebooks (see ``release_figures.views.charts``) are a ``<div
class="vega-chart">`` and a short script calling ``window.vegaEmbed``, or
waiting for the window's ``load`` event when it is not there yet. This
extension writes the JavaScript bundle carried by ``vl-convert-python``
(Vega, Vega-Lite and vega-embed of matching versions, no imports) to
``_static/vega/`` once per build, and links it from the head of every page
that holds a chart.

The bundle is written as a classic script wrapped in a strict-mode
function: a module script would be blocked by the browser when the book is
opened from disk (``file://`` pages have no origin a module may load from),
and unwrapped, its top-level names (``const n``, ``function t``) would
become globals that could collide with the theme's. The wrapper keeps them
local, as a module would; the bundle publishes only ``window.vegaEmbed``,
``window.vega`` and ``window.vegaLite``. The script is deferred: it runs
after the page is parsed and before ``load``, so the charts' ``load``
listener finds ``window.vegaEmbed``.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

BUNDLE_PATH = "vega/vega-bundle.js"
CHART_MARKER = 'class="vega-chart"'


WRAPPER_VERSION = "classic-1"  # change when wrap_bundle changes, so a cached bundle is rewritten


def wrap_bundle(module_text: str) -> str:
    """The module bundle as a classic script: its top-level names stay inside one function.

    Raises ValueError when the bundle imports or exports anything (a classic
    script cannot), naming what was found.
    """
    import re

    found = re.search(r"(?:^|[;}\n])\s*(import\s*[{*\w]|export\s)", module_text)
    if found or "import.meta" in module_text:
        raise ValueError(f"vega bundle: cannot load as a classic script, it holds {found.group(1) if found else 'import.meta'!r}")
    # Modules are strict: keep the bundle's semantics the same in the wrapper.
    return '(function () {\n"use strict";\n' + module_text + "\n})();\n"


def bundle_text() -> str:
    """The bundle's JavaScript as a classic script, from the installed vl-convert-python."""
    import vl_convert

    return wrap_bundle(vl_convert.javascript_bundle())


def write_bundle(app: Sphinx, exception: Exception | None) -> None:
    """Write the bundle into the built site's ``_static`` (HTML builders only)."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / BUNDLE_PATH
    # Making the bundle takes seconds; a marker naming the vl-convert version that wrote it
    # lets an unchanged environment skip that on every rebuild.
    from importlib.metadata import version

    marker = target.with_name("vega-bundle.version")
    stamp = f"vl-convert-python {version('vl-convert-python')}, {WRAPPER_VERSION}\n"
    if target.exists() and marker.exists() and marker.read_text(encoding="utf-8") == stamp:
        return
    text = bundle_text().encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_bytes(text)
    temporary.replace(target)
    marker.write_text(stamp, encoding="utf-8")


def link_bundle(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Add the bundle to the head of a page that holds a chart."""
    if CHART_MARKER in context.get("body", ""):
        app.add_js_file(BUNDLE_PATH, loading_method="defer")


def setup(app: Sphinx) -> dict:
    """Register the extension."""
    app.connect("html-page-context", link_bundle, priority=100)
    app.connect("build-finished", write_bundle)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

"""Chart styling and rendering for the book, in one place.

:func:`use_book_style` switches Altair to the book's theme and to the
book's renderer. The renderer writes a chart as a ``<div>`` plus a short
script that calls ``vegaEmbed`` from the page's own copy of Vega (shipped
by the book, see ``book/_ext/vega_assets.py``), never from a CDN. The div
id is derived from the chart's specification, so re-executing a notebook
gives byte-identical output.
"""

from __future__ import annotations

import hashlib
import json

import altair as alt

__all__ = ["use_book_style", "render_chart_html", "VERDICT_COLOURS", "PALETTE", "FONT"]

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# A colour-blind-safe palette (Okabe-Ito); verdicts are always shown by word as well.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
VERDICT_COLOURS = {
    "consistent": "#009E73",
    "consistent_within_rounding": "#56B4E9",
    "consistent_other_rounding": "#0072B2",
    "not_testable": "#999999",
    "inconsistent": "#E69F00",
    "gross_inconsistency": "#D55E00",
}


def render_chart_html(spec: dict) -> str:
    """HTML for one chart: a div with a stable id and a script that embeds it."""
    spec_json = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    chart_id = "vega-chart-" + hashlib.sha256(spec_json.encode()).hexdigest()[:12]
    # "</" would end the script element early if a label contained "</script>".
    safe_json = spec_json.replace("</", "<\\/")
    return (
        f'<div id="{chart_id}" class="vega-chart"></div>\n'
        '<script type="text/javascript">\n'
        "(function () {\n"
        f"  var spec = {safe_json};\n"
        f'  var element = document.getElementById("{chart_id}");\n'
        "  function draw() {\n"
        '    window.vegaEmbed(element, spec, {actions: false, renderer: "svg"}).catch(function (error) {\n'
        '      element.textContent = "This chart failed to render: " + error;\n'
        "      console.error(error);\n"
        "    });\n"
        "  }\n"
        '  if (window.vegaEmbed) { draw(); } else { window.addEventListener("load", draw); }\n'
        "})();\n"
        "</script>"
    )


def _book_renderer(spec: dict, **metadata) -> dict:
    html = render_chart_html(spec)
    chart_id = html.split('"', 2)[1]
    return {"text/html": html, "text/plain": f"<chart {chart_id}>"}


def _book_theme() -> dict:
    return {
        "config": {
            "font": FONT,
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 320},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal",
                     "gridColor": "#e5e5e5", "domainColor": "#888", "tickColor": "#888"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "title": {"fontSize": 14, "anchor": "start", "fontWeight": "bold"},
            "range": {"category": PALETTE},
            "bar": {"color": PALETTE[0]},
            "point": {"color": PALETTE[0], "filled": True, "size": 60},
            "line": {"color": PALETTE[0], "strokeWidth": 2},
        }
    }


def use_book_style() -> None:
    """Enable the book's Altair theme and offline renderer (call once per notebook)."""
    if "book" not in alt.renderers.names():
        alt.renderers.register("book", _book_renderer)
    alt.renderers.enable("book")
    if "book" not in alt.theme.names():
        alt.theme.register("book", enable=False)(_book_theme)
    alt.theme.enable("book")
    # Data is embedded in the spec; no external data files or network fetches.
    alt.data_transformers.disable_max_rows()

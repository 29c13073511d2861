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

__all__ = ["use_book_style", "use_book_tables", "render_chart_html", "VERDICT_COLOURS", "PALETTE", "FONT",
           "interval_bars_chart", "index_chart", "series_chart"]

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
    "reading_ruled_out": "#CC79A7",
    "reading_possible": "#F0E442",
}


def render_chart_html(spec: dict) -> str:
    """HTML for one chart: a div with a stable id and a script that embeds it."""
    spec_json = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    chart_id = "vega-chart-" + hashlib.sha256(spec_json.encode()).hexdigest()[:12]
    # Source text (quotes in tooltips) may hold "</script>" or "<!--": written as \u003c,
    # no "<" can end or re-open the script element, and JSON.parse reads it back unchanged.
    safe_json = spec_json.replace("<", "\\u003c")
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
    use_book_tables()


def use_book_tables() -> None:
    """Show tables in full: pandas would cut long cells ("telecom and network ...") and wide frames."""
    import pandas as pd

    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_columns", None)
    pd.set_option("display.width", None)


# --- Year-on-year chapter ------------------------------------------------------

def interval_bars_chart(bars) -> alt.FacetChart:
    """Intervals as horizontal bars, one panel a quantity, each with its own scale.

    ``bars`` is a DataFrame with columns group, source, low, high, point,
    interval, rounding, quote (see ``changes.implied_bar_rows``).
    """
    tooltip = [alt.Tooltip("source:N"), alt.Tooltip("interval:N"), alt.Tooltip("rounding:N"),
               alt.Tooltip("quote:N")]
    base = alt.Chart().encode(y=alt.Y("source:N", title=None))
    bar = base.mark_bar(height=14, opacity=0.8).encode(
        x=alt.X("low:Q", title=None, scale=alt.Scale(zero=False)),
        x2="high:Q", color=alt.Color("source:N", title=None), tooltip=tooltip)
    tick = base.mark_tick(color="#000000", thickness=2, size=18).encode(x="point:Q", tooltip=tooltip)
    return (alt.layer(bar, tick, data=bars).properties(width=460, height=60)
            .facet(row=alt.Row("group:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left",
                                                                        labelAnchor="start", labelOrient="top")))
            .resolve_scale(x="independent"))


def index_chart(rows, title: str = "") -> alt.LayerChart:
    """Indicators as an index (previous period = 100): interval bar, point, and a rule at 100.

    ``rows`` is a DataFrame with columns indicator, low, high, point,
    interval, rounding, quote (see ``changes.index_chart_rows``).
    """
    tooltip = [alt.Tooltip("indicator:N"), alt.Tooltip("interval:N", title="index"),
               alt.Tooltip("rounding:N"), alt.Tooltip("quote:N")]
    base = alt.Chart(rows).encode(y=alt.Y("indicator:N", title=None, sort=None, axis=alt.Axis(labelLimit=360)))
    stem = base.transform_calculate(previous="100").mark_rule(color=PALETTE[5]).encode(
        x=alt.X("previous:Q", title="index, previous period = 100", scale=alt.Scale(zero=True)), x2="point:Q")
    bar = base.mark_bar(height=14).encode(x="low:Q", x2="high:Q", tooltip=tooltip)
    point = base.mark_point().encode(x="point:Q", tooltip=tooltip)
    rule = alt.Chart(rows).mark_rule(color="#888888", strokeDash=[4, 3]).encode(x=alt.datum(100))
    return alt.layer(rule, stem, bar, point).properties(title=title, height=alt.Step(36), width=360)


def series_chart(levels, title: str = "", y_title: str = "") -> alt.FacetChart:
    """Levels over periods, one panel a series; tooltips give the quote, rounding and source.

    ``levels`` is a DataFrame with columns series, period, value, rounding,
    quote, source (see ``changes.series_level_rows``).
    """
    tooltip = [alt.Tooltip("series:N"), alt.Tooltip("period:N"), alt.Tooltip("value:Q", format=","),
               alt.Tooltip("rounding:N"), alt.Tooltip("source:N"), alt.Tooltip("quote:N")]
    base = alt.Chart().encode(
        x=alt.X("period:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=True), axis=alt.Axis(format=",.0f")))
    points = base.mark_point(size=70).encode(shape=alt.Shape("source:N", title=None),
                                             color=alt.Color("source:N", title=None), tooltip=tooltip)
    return (alt.layer(base.mark_line(color="#888888"), points, data=levels).properties(width=240, height=150)
            .facet(facet=alt.Facet("series:N", title=None, sort=None), columns=2, title=title)
            .resolve_scale(y="independent"))


def verdict_chart(rows: list[dict]) -> alt.Chart:
    """Bars: how many checks about the release have each verdict, coloured and labelled by verdict.

    Only checks whose subject is the release (alone or against another
    statement) are counted: translation checks and comparisons between
    other statements are not findings about the release.
    """
    from release_figures.stages.checks.verdicts import READING_VERDICTS, VERDICT_ORDER, is_finding_about_release

    shown = [v for v in VERDICT_ORDER if v not in READING_VERDICTS]
    counts = {verdict: 0 for verdict in shown}
    for row in rows:
        if is_finding_about_release(row):
            counts[row["verdict"]] += 1
    data = alt.Data(values=[{"verdict": v, "checks": n} for v, n in counts.items()])
    base = alt.Chart(data).encode(
        y=alt.Y("verdict:N", sort=shown, title=None),
        x=alt.X("checks:Q", title="checks", axis=alt.Axis(tickMinStep=1, format="d")),
        tooltip=["verdict:N", "checks:Q"])
    bars = base.mark_bar().encode(color=alt.Color(
        "verdict:N", legend=None,
        scale=alt.Scale(domain=shown, range=[VERDICT_COLOURS[v] for v in shown])))
    labels = base.mark_text(align="left", dx=4).encode(text="checks:Q")
    return (bars + labels).properties(title="Checks about the release, by verdict", height=180)


__all__ += ["verdict_chart"]

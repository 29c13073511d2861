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
           "interval_bars_chart", "series_chart"]

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
    "unusual": "#7B3294",
    "reading_ruled_out": "#CC79A7",
    "reading_possible": "#F0E442",
}


# How the charts of the page being rendered are cited: (CITATION.cff as a dict, the page's path), set by
# use_book_style. Altair's renderer registry is process-wide, so the renderer's settings are too.
_CITING: dict = {}

CHART_TITLE_LIMIT = "max(120, containerSize()[0] - 8)"  # a title never runs past its column
ACTIONS_NOTE = "Take this chart away:"


def _spec_json(spec: dict) -> str:
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _chart_rows(spec: dict) -> list[dict]:
    """The rows a chart draws: its named datasets, or its inline data values, in order."""
    rows: list[dict] = []
    for values in (spec.get("datasets") or {}).values():
        rows.extend(values)
    if not rows:
        rows.extend((spec.get("data") or {}).get("values") or [])
    return rows


def chart_csv(spec: dict) -> str:
    """The chart's data as CSV text (columns in first-seen order), for the reader to take away."""
    import csv
    import io

    rows = _chart_rows(spec)
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def chart_id_of(spec: dict) -> str:
    """The chart's HTML id, derived from its specification (so re-executing a notebook gives the same bytes)."""
    return "vega-chart-" + hashlib.sha256(_spec_json(spec).encode()).hexdigest()[:12]


def render_chart_html(spec: dict) -> str:
    """HTML for one chart: a figure holding the chart's div, its source line and its downloads.

    The div's id is derived from the specification, so re-executing a
    notebook gives byte-identical output. Until the page's script draws the
    chart, the div holds a sentence saying so (a reader whose browser runs no
    script sees that, never an empty box). The caption gives the source
    (``usermeta.source``) and a CSV of the chart's data as a ``data:`` link,
    which works with scripts off; the script adds SVG and PNG links once
    the chart is drawn. The template (``views/templates/chart.html``)
    escapes all text.
    """
    from urllib.parse import quote

    from release_figures.views.render import render

    chart_id = chart_id_of(spec)
    # Source text (quotes in tooltips) may hold "</script>" or "<!--": written as \u003c,
    # no "<" can end or re-open the script element, and JSON.parse reads it back unchanged.
    safe_json = _spec_json(spec).replace("<", "\\u003c")
    meta = spec.get("usermeta") or {}
    title = spec.get("title")
    title = title.get("text", "") if isinstance(title, dict) else (title or "")
    title = " ".join(title) if isinstance(title, list) else title  # a wrapped title is a list of lines
    citation = ""
    if _CITING and title:
        from release_figures.views.citations import chart_citation

        citation = chart_citation(str(title), chart_id, _CITING["cff"], _CITING["page"])
    return render("chart.html", chart_id=chart_id, spec_json=safe_json, title=str(title),
                  name=str(meta.get("name") or chart_id.removeprefix("vega-chart-")), source=meta.get("source") or "",
                  csv_href="data:text/csv;charset=utf-8," + quote(chart_csv(spec), safe=""),
                  actions_note=ACTIONS_NOTE, citation=citation).rstrip("\n")


class ChartGroup:
    """Several charts shown together (one a panel), each its own figure sized to the column.

    Vega-Lite sizes only single and layered views to their container, so
    panels with scales of their own are separate charts laid out by CSS
    (side by side where the column is wide enough, stacked on a phone).
    """

    def __init__(self, charts: list, title: str = ""):
        self.charts = list(charts)
        self.title = title

    def to_html(self) -> str:
        """The group's HTML: an optional heading and each chart's figure (``views/templates/chart_group.html``)."""
        from markupsafe import Markup

        from release_figures.views.render import render

        charts = [Markup(render_chart_html(chart.to_dict())) for chart in self.charts]
        return render("chart_group.html", title=self.title, charts=charts).rstrip("\n")

    def _repr_mimebundle_(self, include=None, exclude=None):
        ids = [chart_id_of(chart.to_dict()) for chart in self.charts]
        return {"text/html": self.to_html(), "text/plain": f"<chart group {' '.join(ids)}>"}

    def __len__(self) -> int:
        return len(self.charts)


def _book_renderer(spec: dict, **metadata) -> dict:
    return {"text/html": render_chart_html(spec), "text/plain": f"<chart {chart_id_of(spec)}>"}


def _book_theme() -> dict:
    return {
        "config": {
            "font": FONT,
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 320},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal",
                     "gridColor": "#e5e5e5", "domainColor": "#888", "tickColor": "#888"},
            # The first and last labels stay inside the plot, so a chart as wide as its column never clips them.
            "axisX": {"labelFlush": True, "labelOverlap": True},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "title": {"fontSize": 14, "anchor": "start", "fontWeight": "bold"},
            "range": {"category": PALETTE},
            "bar": {"color": PALETTE[0]},
            "point": {"color": PALETTE[0], "filled": True, "size": 60},
            "line": {"color": PALETTE[0], "strokeWidth": 2},
        }
    }


def use_book_style(cff: dict | None = None, page: str = "") -> None:
    """Enable the book's Altair theme and offline renderer (call once per notebook).

    With ``cff`` (the book's citation metadata) and ``page`` (the chapter's
    path in the site, ``notebooks/03_consistency.html``), every titled chart
    drawn afterwards carries a one-line citation with its own anchor.
    """
    _CITING.clear()
    if cff is not None and page:
        _CITING.update(cff=cff, page=page)
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


# --- Shared pieces of the book's charts ---------------------------------------------

TITLE_WRAP = 38  # characters a title line: a 14 px bold line of this length fits a 390 px phone's column
# Axis labels take at most this share of the chart's width, so the plot keeps room on a phone.
LABEL_LIMIT = {"expr": "max(90, containerSize()[0] * 0.45)"}
LABEL_LIMIT_FULL = {"expr": "containerSize()[0] - 4"}  # a name on its own line may use the whole width


def _title(text: str, subtitle: str = "") -> dict:
    """A chart title wrapped into lines (Vega does not wrap titles itself)."""
    import textwrap

    title: dict = {"text": textwrap.wrap(text, TITLE_WRAP) or [""]}
    if subtitle:
        title["subtitle"] = textwrap.wrap(subtitle, TITLE_WRAP + 12)
    return title


def _statements(frame, column: str = "statement") -> str:
    """The distinct statements a chart's rows come from, in first-seen order, as one phrase."""
    seen: list[str] = []
    for value in (frame[column] if column in frame else []):
        if value and value not in seen:
            seen.append(str(value))
    return "; ".join(seen)


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")[:60] or "chart"


def _fit(chart, *, title: str, description: str, source: str, name: str, subtitle: str = ""):
    """Size a single or layered chart to its column and give it its title, description and source."""
    return chart.properties(width="container", title=_title(title, subtitle), description=description,
                            usermeta={"source": source, "name": _slug(name)})


def _number(value) -> str:
    """A value for a description read aloud: thousands separators, no float noise."""
    value = float(value)
    if value != value or value in (float("inf"), float("-inf")):
        return "unbounded"
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.4g}"


# --- Year-on-year chapter ------------------------------------------------------

def interval_bars_chart(bars) -> ChartGroup:
    """Intervals as horizontal bars, one chart a quantity, each with its own scale, titled by what it shows.

    ``bars`` is a DataFrame with columns group, source, low, high, point,
    interval, rounding, quote, unit and statement (see
    ``views.change_charts.implied_bar_rows``). Each title says whether the
    implied and the published values agree; the subtitle says how to read the
    bars and names the sources, so an exported image keeps both.
    """
    tooltip = [alt.Tooltip("source:N"), alt.Tooltip("interval:N"), alt.Tooltip("rounding:N"),
               alt.Tooltip("quote:N")]
    colour = alt.Color("source:N", legend=None,
                       scale=alt.Scale(domain=["implied by the changes", "published"], range=PALETTE[:2]))
    charts = []
    for group in dict.fromkeys(bars["group"]):
        rows = bars[bars["group"] == group]
        unit = str(rows["unit"].iloc[0]) if "unit" in rows else ""
        base = alt.Chart(rows).encode(y=alt.Y("source:N", title=None, sort=None,
                                              axis=alt.Axis(labelLimit=LABEL_LIMIT)))
        bar = base.mark_bar(height=14, opacity=0.85).encode(
            x=alt.X("low:Q", title=unit, scale=alt.Scale(zero=False), axis=alt.Axis(format=",~r", tickCount=4)),
            x2="high:Q", color=colour, tooltip=tooltip)
        tick = base.mark_tick(color="#000000", thickness=2, size=18).encode(x="point:Q", tooltip=tooltip)
        value = base.mark_text(align="left", baseline="bottom", dy=-9, fontSize=11).encode(
            x="low:Q", text=alt.Text("point:Q", format=",.0f"))
        lows, highs = list(rows["low"]), list(rows["high"])
        agree = len(lows) < 2 or max(lows) <= min(highs)
        verdict = "agree within rounding" if agree else "do not agree"
        parts = [f"{row.source}: {row.interval} {unit} (point {_number(row.point)})" for row in rows.itertuples()]
        source = _statements(rows)
        charts.append(_fit(
            alt.layer(bar, tick, value).properties(height=alt.Step(40)),
            title=f"{str(group).capitalize()}: implied and published {verdict}", name=f"implied-vs-published {group}",
            subtitle=("Each bar spans every value its printed figures allow; the tick is the value at face value. "
                      f"Source: {source}."),
            description=f"{group}, in {unit}. Intervals the printed figures stand for: " + "; ".join(parts) + ".",
            source=source))
    return ChartGroup(charts, title="Implied values against published ones")


def _series_title(rows) -> str:
    """A series chart's message: the release's value and its change on the value before it."""
    release = [row for row in rows.itertuples() if row.source == "this release"]
    series = str(rows["series"].iloc[0]).capitalize()
    if not release:
        return series
    points = list(rows.itertuples())
    index = points.index(release[0])
    now = release[0]
    if index == 0:
        return f"{series}: {_number(now.value)} in {now.period}"
    before = points[index - 1]
    direction = "up" if now.value > before.value else "down" if now.value < before.value else "unchanged"
    change = abs(now.value / before.value - 1) * 100 if before.value else 0
    return (f"{series}: {_number(now.value)} in {now.period}, {direction}"
            + (f" {change:.1f}%" if direction != "unchanged" else "") + f" from {_number(before.value)} in {before.period}")


def series_chart(levels, title: str = "", y_title: str = "") -> ChartGroup:
    """Levels over periods, one chart a series, each titled by the release's change; values on the points.

    ``levels`` is a DataFrame with columns series, period, value, rounding,
    quote, source, unit and statement (see ``views.change_charts.series_level_rows``).
    The legend lists only the kinds of source a chart shows.
    """
    tooltip = [alt.Tooltip("series:N"), alt.Tooltip("period:N"), alt.Tooltip("value:Q", format=","),
               alt.Tooltip("rounding:N"), alt.Tooltip("source:N"), alt.Tooltip("quote:N")]
    charts = []
    for series in dict.fromkeys(levels["series"]):
        rows = levels[levels["series"] == series]
        unit = y_title or (str(rows["unit"].iloc[0]) if "unit" in rows else "")
        present = [kind for kind in ("this release", "another statement") if kind in set(rows["source"])]
        sources = alt.Scale(domain=present, range=[{"this release": PALETTE[1], "another statement": PALETTE[0]}[k]
                                                   for k in present])
        base = alt.Chart(rows).encode(
            x=alt.X("period:O", title="period", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=True), axis=alt.Axis(format=",.0f", tickCount=4)))
        points = base.mark_point(size=70).encode(
            shape=alt.Shape("source:N", title=None, scale=alt.Scale(domain=present)),
            color=alt.Color("source:N", title=None, scale=sources), tooltip=tooltip)
        labels = base.mark_text(dy=-12, fontSize=11).encode(text=alt.Text("value:Q", format=",.0f"))
        parts = [f"{row.period} {_number(row.value)} ({row.source})" for row in rows.itertuples()]
        source = _statements(rows)
        charts.append(_fit(
            alt.layer(base.mark_line(color="#888888"), points, labels).properties(height=190),
            title=_series_title(rows), name=f"series {series}", subtitle=f"Source: {source}.",
            description=f"{series}, in {unit}, by period: " + "; ".join(parts) + ".",
            source=source))
    return ChartGroup(charts, title=title)


def verdict_chart(rows: list[dict]) -> alt.LayerChart:
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
        # Verdict words read with spaces; on a narrow chart each word takes a line rather than being cut.
        y=alt.Y("verdict:N", sort=shown, title="verdict", axis=alt.Axis(
            labelLimit=LABEL_LIMIT,
            labelExpr=("containerSize()[0] < 520 ? [split(datum.label, '_')[0], "
                       "join(slice(split(datum.label, '_'), 1), ' ')] : replace(datum.label, /_/g, ' ')"))),
        x=alt.X("checks:Q", title="number of checks", axis=alt.Axis(tickMinStep=1, format="d", tickCount=5)),
        tooltip=["verdict:N", "checks:Q"])
    bars = base.mark_bar().encode(color=alt.Color(
        "verdict:N", legend=None,
        scale=alt.Scale(domain=shown, range=[VERDICT_COLOURS[v] for v in shown])))
    labels = base.mark_text(align="left", dx=4).encode(text="checks:Q")
    described = "; ".join(f"{verdict} {n}" for verdict, n in counts.items())
    return _fit((bars + labels).properties(height=alt.Step(40)),
                title="Checks about the release, by verdict", name="checks-by-verdict",
                description=f"Number of checks about the release with each verdict: {described}.",
                source="the consistency ledger of this book (data/checks.csv), computed from the release's "
                       "figures and the other statements it is compared with; checks of the translation and "
                       "between other statements are not counted")


__all__ += ["verdict_chart", "ChartGroup", "chart_csv"]


def _message_title(rows: list[dict]) -> str:
    """A title that states what the changes show: the largest rise against the largest fall."""
    rises = sorted((row for row in rows if row["change"] > 0), key=lambda row: -row["change"])
    falls = sorted((row for row in rows if row["change"] < 0), key=lambda row: row["change"])
    if rises and falls:
        return (f"{rises[0]['what'].capitalize()} rose {rises[0]['printed'].lstrip('+')} while "
                f"{falls[0]['what']} fell {falls[0]['printed'].lstrip('-')}")
    if rises:
        return f"All {len(rises)} changes the release prints are rises, the largest in {rises[0]['what']}"
    if falls:
        return f"All {len(falls)} changes the release prints are falls, the largest in {falls[0]['what']}"
    return "The release prints no change on a year earlier"


def diverging_changes_chart(rows: list[dict]) -> alt.LayerChart:
    """The release's changes on a year earlier as bars from zero, each labelled with its printed value.

    ``rows``: what, change (percent, signed), printed, period, quote. The
    title states the message (:func:`_message_title`); the subtitle carries
    how to read the bars and the source, so an exported image keeps them.
    """
    data = alt.Data(values=rows)
    sign = alt.Color("direction:N", legend=None,
                     scale=alt.Scale(domain=["rise", "fall"], range=[PALETTE[2], PALETTE[3]]))
    # Each row's name stands on its own line above its bar, across the whole width: on a phone an axis
    # label beside the bar would be cut to its first words, which several rows share.
    base = alt.Chart(data).transform_calculate(direction="datum.change >= 0 ? 'rise' : 'fall'").encode(
        y=alt.Y("what:N", title=None, sort=None, axis=None))
    # The scale fits the data: from the largest fall (or zero) to the largest rise (or zero). Every label
    # sits right of where its bar meets the axis at zero's right (a rise's at its end, a fall's beside zero,
    # where its row has no bar), so no label runs into the names on the left; the right keeps room for it.
    least = min(0.0, min(row["change"] for row in rows))
    most = max(0.0, max(row["change"] for row in rows))
    span = most - least or 1.0
    low, high = least - 0.05 * span, most + 0.3 * span
    x = alt.X("change:Q", title="change on a year earlier (%)",
              scale=alt.Scale(domain=[low, high], nice=False), axis=alt.Axis(format="+~r", tickCount=5))
    tooltip = [alt.Tooltip("what:N", title="what"), alt.Tooltip("printed:N", title="change"),
               alt.Tooltip("period:N"), alt.Tooltip("quote:N")]
    bars = base.mark_bar(height=14).encode(x=x, x2=alt.datum(0), color=sign, tooltip=tooltip)
    names = base.mark_text(fontSize=12, align="left", baseline="bottom", dy=-9, limit=LABEL_LIMIT_FULL).encode(
        x=alt.value(0), text="what:N")
    labels = base.transform_calculate(at="max(datum.change, 0)").mark_text(
        fontSize=12, fontWeight="bold", dx=4, align="left").encode(
        x=alt.X("at:Q", scale=alt.Scale(domain=[low, high], nice=False)), text="printed:N")
    zero = alt.Chart().mark_rule(color="#666666", aria=False).encode(x=alt.datum(0))
    title = _message_title(rows)
    period = rows[0]["period"]
    described = "; ".join(f"{row['what']} {row['printed']}" for row in rows)
    note = (f"Changes on the same period a year earlier, {period}, as the release prints them; each printed value "
            "stands for any change within half its last digit of it.")
    return _fit(alt.layer(zero, bars, labels, names).properties(height=alt.Step(46)),
                title=title, subtitle=f"{note} Source: the release.", name="the-release-changes",
                description=f"{title}. {note} {described}.", source="the release (its printed changes)")

"""The data each chart of the year-on-year chapter draws, computed from the changes and the quantities.

Rows for :mod:`release_figures.views.charts`: the intervals implied beside
the values published, and the series of levels over the years; each row
keeps its quote, rounding and statement.
"""

from __future__ import annotations

from release_figures.stages.changes import DIGITS, Quantity, interval_cells, load_definitions

__all__ = ["implied_bar_rows", "series_level_rows"]


def _float(text: str) -> float | None:
    """A numeric cell as a float, for charts only (None when empty)."""
    return float(text) if text else None


def implied_bar_rows(rows: list[dict], quantities: dict[str, Quantity]) -> list[dict]:
    """Implied previous values beside the published ones, as interval bars (one group a comparison).

    Uses the implied_vs_published rows whose implied value is the previous
    period's (the release prints the current value), and the automatic
    implied_previous rows that no comparison covers.
    """
    bars, covered = [], set()
    for row in rows:
        ids = row["inputs"].split()
        if row["type"] != "implied_vs_published" or len(ids) != 3:
            continue
        current, change, published = (quantities[i] for i in ids)
        covered.add(change.id)
        group = f"{published.indicator}, {published.period}"
        bars.append(_bar(group, "implied by the changes", row, f"{current.rounding()}; {change.rounding()}",
                         f"{current.quote}; {change.quote}", row["comparable"], current))
        reading = published.reading()
        _, low, high = interval_cells(reading)
        bars.append({"group": group, "source": "published", "low": _float(low), "high": _float(high),
                     "point": float(published.value), "interval": reading.format(DIGITS),
                     "rounding": published.rounding(), "quote": published.quote, "comparable": row["comparable"],
                     "unit": published.unit, "statement": published.statement})
    for row in rows:
        if row["type"] == "implied_previous" and row["inputs"].split()[1] not in covered:
            current, change = (quantities[i] for i in row["inputs"].split())
            bars.append(_bar(f"{current.indicator}, {row['previous_period']}", "implied by the changes", row,
                             f"{current.rounding()}; {change.rounding()}", f"{current.quote}; {change.quote}", "true",
                             current))
    return bars


def _bar(group: str, source: str, row: dict, rounding: str, quote: str, comparable: str, current: Quantity) -> dict:
    return {"group": group, "source": source, "low": _float(row["low"]), "high": _float(row["high"]),
            "point": _float(row["point_estimate"]), "interval": row["interval"], "rounding": rounding,
            "quote": quote, "comparable": comparable, "unit": current.unit, "statement": current.statement}


def series_level_rows(release, quantities: dict[str, Quantity], family: str | None = None) -> list[dict]:
    """The levels of every series comparison (of one family, if given), one row a member, for a chart."""
    levels = []
    for c in load_definitions(release, quantities):
        if c.type != "series" or family not in (None, c.family):
            continue
        for qid in c.fields["members"]:
            q = quantities[qid]
            levels.append({"series": quantities[c.fields["members"][0]].indicator, "period": q.period,
                           "value": float(q.value), "rounding": q.rounding(), "quote": q.quote,
                           "source": "this release" if q.origin == "figure" else "another statement",
                           "unit": q.unit, "statement": q.statement})
    return levels



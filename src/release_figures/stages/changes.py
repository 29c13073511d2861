"""The changes stage: what every reported change implies, and comparisons with other figures.

Rows of ``changes.csv`` (columns in ``contracts/changes.yaml``) come from two
places. Automatically, one row for every change percentage of the release:
the interval of the previous-period value when the release prints the
current value, else the index of the current value with the previous = 100.
Then one row for each comparison defined in the release folder's
``comparisons.yaml`` (see :mod:`release_figures.stages.comparison_definitions`), a series
giving one row a step. Every interval is computed exactly under both tie
rules; the row shows the set admitted under either rule and says which
rule the result needs. Counts (the units of :data:`release_figures.rounding.whole_counts.COUNT_UNITS`)
are intersected with the integers before and after dividing, by the same
function the consistency checks use (:func:`release_figures.rounding.whole_counts.implied_previous_value`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Callable

from release_figures.stages.comparison_definitions import Comparison, ComparisonError, load_comparisons, shift_period
from release_figures.reading.context_figures import ContextFigure
from release_figures.rounding.intervals import TIE_RULES, Interval, TieRuleResult, change_between, growth_factor, implied_index, interval_of, ratio_change
from release_figures.stages.figures import printed_number
from release_figures.reading.numbers import PrintedNumber, gloss, has_chinese
from release_figures.words import between, change_words, period_words
from release_figures.rounding.whole_counts import implied_previous_value, is_count, whole_if_count

__all__ = ["DIGITS", "Quantity", "quantities_from", "build_changes",
           "load_definitions", "format_number", "interval_cells", "hull",
           "COMPARISONS_FILE", "IMPLIED_TYPES", "both_rules_of", "either_rule_hull", "growth_factor_of",
           "comparison_rows", "implied_rows"]

COMPARISONS_FILE = "comparisons.yaml"
AUTOMATIC_FAMILY = "changes printed in the release"
DIGITS = 8  # significant digits for inexact numbers in changes.csv (interval ends rounded outward)


@dataclass(frozen=True)
class Quantity:
    """A printed number from the release (a figure) or from another statement (a context figure)."""

    id: str
    origin: str  # "figure" or "context"
    indicator: str
    period: str
    unit: str
    kind: str  # the figure's kind; for context figures "change_pct", "share_pct" or "level"
    printed: PrintedNumber
    quote: str
    refers_to: str = ""
    period_alternative: str = ""  # where the text leaves the period open: the other reading
    statement: str = "this release"  # who printed the number (context: source and date), for sources and tooltips

    @property
    def stated(self) -> str:
        """The number as printed; a Chinese form with its English value first: '54,000 (5.4万)'."""
        return gloss(self.printed) if has_chinese(self.printed.stated) else self.printed.stated

    @property
    def integer(self) -> bool:
        """Whether the true value is a whole number (a count of cases, persons, ...)."""
        return is_count(self.unit)

    @property
    def value(self) -> Fraction:
        """The printed value, exactly."""
        return Fraction(self.printed.value)

    def interval(self, tie_rule: str) -> Interval:
        """The values the printed number stands for under a tie rule (whole numbers for counts)."""
        return whole_if_count(interval_of(self.printed, tie_rule), self.unit)

    def reading(self) -> Interval:
        """The interval the printed form stands for (rounding half up), before keeping whole numbers."""
        return interval_of(self.printed, "half_up")

    def rounding(self) -> str:
        """The printed form and what it stands for, e.g. ``391,000 stands for [390500, 391500)``."""
        return f"{self.stated_signed()} stands for {self.reading().format(DIGITS)}"

    def stands_for(self) -> str:
        """What the printed form stands for, in words: 'any value from 390,500 to 391,500'."""
        return between(self.reading(), 6, whole=self.integer)

    def stated_signed(self) -> str:
        """The printed form, with the sign of a change made explicit (a fall of 17.3% -> -17.3%)."""
        if self.kind == "change_pct":
            return f"{self.printed.value:+}%"
        return self.stated


def _figure_quantity(row: dict) -> Quantity:
    return Quantity(row["figure_id"], "figure", row["indicator"], row["period"], row["unit"], row["kind"],
                    printed_number(row), row["quote"], row.get("refers_to") or "", row.get("period_alternative") or "")


def _context_quantity(figure: ContextFigure) -> Quantity:
    printed = figure.as_printed()
    if figure.unit != "percent":
        kind = "level"
    else:
        kind = "change_pct" if "change" in figure.indicator else "share_pct"
    return Quantity(figure.context_id, "context", figure.indicator, figure.period, figure.unit, kind,
                    printed, figure.quote, statement=figure.statement)


def quantities_from(figures: list[dict], context: dict[str, ContextFigure]) -> dict[str, Quantity]:
    """Every figure and context figure by id; an id used by both is an error."""
    quantities = {row["figure_id"]: _figure_quantity(row) for row in figures}
    for context_id, figure in context.items():
        if context_id in quantities:
            raise ComparisonError(f"id {context_id!r} is both a figure_id and a context_id; ids must be unique")
        quantities[context_id] = _context_quantity(figure)
    return quantities


def load_definitions(release, quantities: dict[str, Quantity]) -> list[Comparison]:
    """The release folder's comparisons (empty if it has no comparisons.yaml)."""
    path = Path(release.root) / COMPARISONS_FILE
    if not path.exists():
        return []
    inputs = {q.id: {"unit": q.unit, "period": q.period, "kind": q.kind, "refers_to": q.refers_to,
                     "periods": (q.period, q.period_alternative) if q.period_alternative else (q.period,)}
              for q in quantities.values()}
    return load_comparisons(path, inputs)


# ------------------------------------------------------------------ formatting

def format_number(x: Fraction, digits: int = DIGITS) -> str:
    """A number as plain decimal text: exact if short, else ``digits`` significant digits (half even)."""
    with localcontext() as ctx:
        ctx.prec, ctx.rounding = digits, ROUND_HALF_EVEN
        number = Decimal(x.numerator) / Decimal(x.denominator)
    text = format(number, "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text


def interval_cells(interval: Interval) -> tuple[str, str, str]:
    """(text, low, high) for an interval; ends rounded outward, empty cells for unbounded ends."""
    text = interval.format(DIGITS)
    if interval.is_empty:
        return text, "", ""
    low, high = text[1:-1].split(", ")
    return text, "" if low == "-inf" else low, "" if high == "+inf" else high


def hull(a: Interval, b: Interval) -> Interval:
    """The smallest interval containing both (an end is closed if either interval attains it closed)."""
    if a.is_empty:
        return b
    if b.is_empty:
        return a

    def end(x, x_closed, y, y_closed, pick):
        if x is None or y is None:
            return None, False
        if x == y:
            return x, x_closed or y_closed
        return (x, x_closed) if pick(x, y) == x else (y, y_closed)

    lo, lo_closed = end(a.lo, a.lo_closed, b.lo, b.lo_closed, min)
    hi, hi_closed = end(a.hi, a.hi_closed, b.hi, b.hi_closed, max)
    return Interval(lo, hi, lo_closed, hi_closed)


def both_rules_of(fn: Callable[..., Interval], *quantities: Quantity) -> TieRuleResult:
    """``fn`` on the quantities' intervals under each tie rule."""
    return TieRuleResult(**{rule: fn(*(q.interval(rule) for q in quantities)) for rule in TIE_RULES})


def either_rule_hull(result: TieRuleResult) -> Interval:
    return hull(result.half_up, result.half_even)


def _needs_text(needs: str) -> str:
    return {
        "either": "",
        "half_up": " Only rounding half up admits a value; rounding half to even admits none.",
        "half_even": " Only rounding half to even admits a value; rounding half up admits none.",
        "neither": " No value fits under either tie rule.",
    }[needs]


# ------------------------------------------------------------------ rows

def _row(change_id: str, kind: str, family: str, inputs: list[Quantity], description: str,
         previous_period: str, current_period: str, result: Interval | None, point: Fraction | None,
         unit: str, needs: str, comparable: bool, reason: str, explanation: str) -> dict:
    text, low, high = interval_cells(result) if result is not None else ("", "", "")
    return {
        "change_id": change_id, "type": kind, "family": family,
        "inputs": " ".join(q.id for q in inputs), "description": description,
        "previous_period": previous_period, "current_period": current_period,
        "printed": "; ".join(f"{q.id}: {q.rounding()}" for q in inputs),
        "interval": text, "low": low, "high": high,
        "point_estimate": "" if point is None else format_number(point),
        "unit": unit, "tie_rule_needed": needs,
        "comparable": "true" if comparable else "false", "comparable_reason": reason,
        "explanation": " ".join(explanation.split()),
    }


def growth_factor_of(change: Quantity) -> Fraction:
    return 1 + change.value / 100


def _previous(current: Quantity) -> Callable[[Interval, Interval], Interval]:
    return lambda cur, chg: implied_previous_value(cur, chg, current.unit)


def implied_rows(quantities: dict[str, Quantity]) -> list[dict]:
    """One row for every change percentage of the release, in the order of the figures table."""
    rows = []
    for q in quantities.values():
        if q.origin != "figure" or q.kind != "change_pct":
            continue
        previous_period = shift_period(q.period, -1)
        reason = "The release's own change: the same indicator and months a year earlier."
        current = quantities.get(q.refers_to)
        if current is not None and current.origin == "figure" and current.kind != "change_pct":
            result = both_rules_of(_previous(current), current, q)
            shown = either_rule_hull(result)
            whole = " Counts are whole numbers, so only whole numbers are kept." if current.integer else ""
            rows.append(_row(
                f"{q.id}-implied-previous", "implied_previous", _family(q), [current, q],
                f"{current.indicator}, {previous_period}, implied by the release", previous_period, q.period,
                shown, current.value / growth_factor_of(q), current.unit, result.needs, True, reason,
                f"The current value is {current.stated} and the change {q.stated_signed()}, so the value a "
                f"year earlier was {between(shown, 6, whole=current.integer)}.{whole}{_needs_text(result.needs)}",
            ))
        else:
            result = both_rules_of(implied_index, q)
            shown = either_rule_hull(result)
            rows.append(_row(
                f"{q.id}-index", "implied_index", _family(q), [q],
                f"{q.refers_to or q.indicator}, {q.period}, as an index with {previous_period} = 100",
                previous_period, q.period, shown, 100 * growth_factor_of(q), "index", result.needs, True, reason,
                f"The release prints no value for {q.refers_to or q.indicator}, only the change "
                f"{q.stated_signed()}. With the value a year earlier set to 100, the current value is "
                f"{between(shown, 6)}.{_needs_text(result.needs)}",
            ))
    return rows


def _family(q: Quantity) -> str:
    return AUTOMATIC_FAMILY


def _signed(change: Quantity) -> str:
    """'+ 5.7%' or '- 17.3%', for formulas."""
    return f"{'-' if change.value < 0 else '+'} {abs(change.printed.value)}%"


def _ratio_rows(c: Comparison, q: dict[str, Quantity]) -> list[dict]:
    num, den = q[c.fields["numerator"]], q[c.fields["denominator"]]
    result = both_rules_of(ratio_change, num, den)
    shown = either_rule_hull(result)
    point = (growth_factor_of(num) / growth_factor_of(den) - 1) * 100
    auto = (f"(1 {_signed(num)}) / (1 {_signed(den)}) - 1, with each change read as "
            f"the range of values it stands for, gives {change_words(shown, 2)}.")
    return [_row(c.id, c.type, c.family, [num, den], c.description, shift_period(num.period, -1), num.period,
                 shown, point, "percent", result.needs, c.comparable, c.comparable_reason,
                 f"{auto} {c.explanation}{_needs_text(result.needs)}")]


def _implied_vs_published_rows(c: Comparison, q: dict[str, Quantity]) -> list[dict]:
    change, published = q[c.fields["change"]], q[c.fields["published"]]
    current = q.get(c.fields.get("current") or change.refers_to)
    caveat = "" if c.comparable else f" These are not like with like: {c.comparable_reason}"
    if current is not None and current.kind != "change_pct":
        implied = both_rules_of(_previous(current), current, change)
        overlap = both_rules_of(lambda cur, chg, pub: implied_previous_value(cur, chg, current.unit).intersect(pub),
                        current, change, published)
        shown, common = either_rule_hull(implied), either_rule_hull(overlap)
        whole = current.integer
        verdict = (f"The two share the values {between(common, 6, whole=whole)}: the change agrees with the published "
                   "figure within rounding." if not common.is_empty else
                   "The two share no value: the change does not agree with the published figure.")
        explanation = (f"{current.stated} with a change of {change.stated_signed()} implies a previous value "
                       f"{between(shown, 6, whole=whole)}; the published {published.stated} ({published.quote}) "
                       f"stands for {published.stands_for()}. {verdict}{caveat} {c.explanation}")
        return [_row(c.id, c.type, c.family, [current, change, published], c.description, published.period,
                     current.period, shown, current.value / growth_factor_of(change), current.unit, overlap.needs,
                     c.comparable, c.comparable_reason, explanation + _needs_text(overlap.needs))]

    def implied_current(pub: Interval, chg: Interval) -> Interval:
        return whole_if_count(pub * growth_factor(chg), published.unit)

    result = both_rules_of(implied_current, published, change)
    shown = either_rule_hull(result)
    explanation = (f"The release prints no {change.refers_to or 'current value'}, only a change of "
                   f"{change.stated_signed()}. Taking the published {published.stated} ({published.quote}) for "
                   f"{period_words(published.period)} as the previous value, the current value is "
                   f"{between(shown, 6, whole=published.integer)}.{caveat} {c.explanation}")
    return [_row(c.id, c.type, c.family, [change, published], c.description, published.period, change.period,
                 shown, published.value * growth_factor_of(change), published.unit, result.needs, c.comparable,
                 c.comparable_reason, explanation + _needs_text(result.needs))]


def _step_row(c: Comparison, change_id: str, previous: Quantity, current: Quantity, measure: str) -> dict:
    if measure == "difference":
        result = both_rules_of(lambda a, b: b - a, previous, current)
        point, unit, what = current.value - previous.value, current.unit, "difference"
    else:
        result = both_rules_of(change_between, previous, current)
        point, unit, what = (current.value / previous.value - 1) * 100, "percent", "change in percent"
    shown = either_rule_hull(result)
    if measure == "difference":
        found = f"a difference of {between(shown, 6, whole=current.integer)}"
    else:
        found = change_words(shown)
    auto = (f"From {previous.stated} ({period_words(previous.period)}) to {current.stated} "
            f"({period_words(current.period)}): {found}.")
    return _row(change_id, c.type, c.family, [previous, current], c.description, previous.period, current.period,
                shown, point, unit, result.needs, c.comparable, c.comparable_reason,
                f"{auto} {c.explanation}{_needs_text(result.needs)}")


def _stock_flow_rows(c: Comparison, q: dict[str, Quantity]) -> list[dict]:
    before, flow, after = (q[c.fields[k]] for k in ("stock_before", "flow", "stock_after"))
    total = both_rules_of(lambda b, f: b + f, before, flow)
    overlap = both_rules_of(lambda b, f, a: (b + f).intersect(a), before, flow, after)
    shown, common = either_rule_hull(total), either_rule_hull(overlap)
    verdict = (f"The two share the values {between(common, 6, whole=after.integer)}: consistent within rounding."
               if not common.is_empty else "They share no value: not consistent even allowing for rounding.")
    explanation = (f"{before.stated} ({period_words(before.period)}) plus the net increase {flow.stated} "
                   f"({period_words(flow.period)}) is {between(shown, 6, whole=after.integer)}; the later stock "
                   f"{after.stated} stands for {after.stands_for()}. {verdict} {c.explanation}")
    return [_row(c.id, c.type, c.family, [before, flow, after], c.description, before.period, after.period,
                 shown, before.value + flow.value, after.unit, overlap.needs, c.comparable, c.comparable_reason,
                 explanation + _needs_text(overlap.needs))]


def comparison_rows(c: Comparison, quantities: dict[str, Quantity]) -> list[dict]:
    """The rows of one comparison (a series gives one row a step)."""
    q = quantities
    if c.type == "ratio":
        return _ratio_rows(c, q)
    if c.type == "implied_vs_published":
        return _implied_vs_published_rows(c, q)
    if c.type == "change":
        return [_step_row(c, c.id, q[c.fields["previous"]], q[c.fields["current"]],
                          c.fields.get("measure", "percent"))]
    if c.type == "series":
        members = [q[i] for i in c.fields["members"]]
        return [_step_row(c, f"{c.id}-{a.period.replace('/', '-')}-{b.period.replace('/', '-')}", a, b, "percent")
                for a, b in zip(members, members[1:])]
    if c.type == "stock_flow":
        return _stock_flow_rows(c, q)
    inputs = [q[i] for i in c.fields["inputs"]]
    return [_row(c.id, c.type, c.family, inputs, c.description, inputs[0].period, inputs[-1].period, None, None,
                 "", "", False, c.comparable_reason,
                 f"No change is computed: {c.comparable_reason} {c.explanation}")]


def build_changes(release, figures: list[dict], context: dict[str, ContextFigure]) -> list[dict]:
    """All rows of changes.csv for a release: the implied rows, then the defined comparisons."""
    quantities = quantities_from(figures, context)
    rows = implied_rows(quantities)
    for comparison in load_definitions(release, quantities):
        rows.extend(comparison_rows(comparison, quantities))
    seen: set[str] = set()
    for row in rows:
        if row["change_id"] in seen:
            raise ComparisonError(f"{Path(release.root) / COMPARISONS_FILE}: change_id {row['change_id']!r} "
                                  "occurs twice (a comparison id clashes with an automatic row)")
        seen.add(row["change_id"])
    return rows


IMPLIED_TYPES = ("implied_previous", "implied_index")

"""Remainders: what a figure for part of a period leaves for the rest, against its own monthly average.

A figure for January to November and a full-year figure of the same series
imply a December: the full year less the eleven months. Nothing requires a
December to look like the months before it (seasons, late registration and
scope differences all move it), so no remainder is an inconsistency; but a
remainder far from the reported months' average is a question worth asking
the publisher.

Rules (stated on the methods page):

* the remainder's monthly rate is divided by the reported months' monthly
  average (the run rate);
* a ratio above ``factor`` (2 by default) or below 1 / ``factor``, for every
  value the rounding of both figures allows, is ``unusual``;
* a ratio inside those bounds for every such value is ``consistent``;
* a ratio that straddles a bound is ``not_testable``;
* a part larger than the whole (no remainder at all) is ``inconsistent``.
"""

from __future__ import annotations

from fractions import Fraction

from release_figures.rounding.intervals import Interval, TieRuleResult
from release_figures.rounding.whole_counts import is_count, whole_if_count
from release_figures.stages.checks.definitions import CheckSpec
from release_figures.stages.checks.inputs import num, period_bounds
from release_figures.stages.checks.rows import Context, both_rules, ledger_row
from release_figures.stages.checks.verdicts import Verdict
from release_figures.words import between, month_words, number_words, period_words, times

__all__ = ["check_remainder", "month_span", "DEFAULT_FACTOR"]

DEFAULT_FACTOR = Fraction(2)


def month_span(period: str) -> tuple[int, int] | None:
    """(first, last) month of a period counted from year 0 (2022-01 -> 24264), or None if it has days."""
    if "-" in period and len(period.split("/")[0]) == 10:
        return None
    start, end = period_bounds(period)
    return int(start[:4]) * 12 + int(start[5:7]) - 1, int(end[:4]) * 12 + int(end[5:7]) - 1


def _ratio(part: Interval, full: Interval, months: int, rest: int, unit: str) -> tuple[Interval, Interval]:
    """The remainder (full less part, not below zero, whole for a count) and its monthly rate over the part's."""
    remainder = whole_if_count((full - part).intersect(Interval(0, None)), unit)
    if remainder.is_empty:
        return remainder, Interval.empty()
    return remainder, (remainder / rest) / (part / months)


def _months_words(first: int, last: int) -> str:
    """The months not reported, in words: 'December 2022', or 'October to December 2022' (months from year 0)."""
    start = month_words(first // 12, first % 12 + 1)
    if first == last:
        return start
    end = month_words(last // 12, last % 12 + 1)
    return f"{start.rsplit(' ', 1)[0]} to {end}" if first // 12 == last // 12 else f"{start} to {end}"


def check_remainder(spec: CheckSpec, ctx: "Context") -> list[dict]:
    """A part-period figure against a full-period one: the implied remainder against the run rate."""
    p = spec.params
    part, full = p["part"], p["full"]
    part_period = p.get("part_period") or ctx.inputs.period(part)
    factor = Fraction(str(p.get("factor", DEFAULT_FACTOR)))
    unit = ctx.inputs.unit(part)
    spans = month_span(part_period), month_span(ctx.inputs.period(full))
    expected = (f"a remainder whose monthly rate lies within a factor {num(factor)} of the reported months' "
                "monthly average")
    reading = ("" if part_period == ctx.inputs.period(part)
               else f"Read as {period_words(part_period)} (a reading the text allows), ")
    if None in spans or spans[0][0] != spans[1][0] or not spans[0][1] < spans[1][1]:
        return [ledger_row(spec, [part, full], expected, f"periods {part_period} and {ctx.inputs.period(full)}",
                           Verdict("not_testable"), "The part's months do not open the whole's period and end "
                           "before it, so no remainder is defined.")]
    months, rest = spans[0][1] - spans[0][0] + 1, spans[1][1] - spans[0][1]
    results = both_rules(lambda rule: _ratio(ctx.inputs.interval(part, rule), ctx.inputs.interval(full, rule),
                                             months, rest, unit)[1])
    remainder = _ratio(ctx.inputs.interval(part), ctx.inputs.interval(full), months, rest, unit)[0]
    run_rate = ctx.inputs.interval(part) / months
    low, high = 1 / factor, factor
    above = [not r.is_empty and r.lo is not None and r.lo > high for r in (results.half_up, results.half_even)]
    below = [not r.is_empty and r.hi is not None and r.hi < low for r in (results.half_up, results.half_even)]
    inside = [not r.is_empty and r.lo is not None and r.hi is not None and r.lo >= low and r.hi <= high
              for r in (results.half_up, results.half_even)]
    whole = is_count(unit)
    rest_words = _months_words(spans[0][1] + 1, spans[1][1])
    reported = period_words(part_period)
    observed = (f"{ctx.inputs.describe(part)}, over {months} months; {ctx.inputs.describe(full)}; remainder "
                f"{remainder} for {rest} month(s); monthly rate over the monthly average: {results.half_up.format(4)} "
                f"(half-up), {results.half_even.format(4)} (half-even)")
    pace = f"{times(results.half_up)} the monthly average of {reported} ({between(run_rate, 4, whole)} a month)"
    if results.half_up.is_empty and results.half_even.is_empty:
        verdict = Verdict("inconsistent", "neither")
        why = (f"the part, {ctx.inputs.label(part)}, is larger than the whole, {ctx.inputs.label(full)}, for every "
               "value the rounding allows, so nothing remains")
    elif all(above) or all(below):
        verdict = Verdict("unusual")
        side = f"more than {number_words(factor)} times" if all(above) else f"less than 1/{number_words(factor)} of"
        why = (f"{rest_words} would have run at {pace}, {side} that average whatever the rounding: unusual by this "
               "check's rule. Seasons, late registration or a difference of scope could explain it; the figures "
               "cannot say which, so this is a question for the publisher, not an inconsistency")
    elif all(inside):
        verdict = Verdict("consistent")
        why = f"{rest_words} ran at {pace}, within a factor {number_words(factor)} of it"
    else:
        verdict = Verdict("not_testable")
        why = (f"{rest_words} ran at {pace}, a range that crosses a bound of the rule (1/{number_words(factor)} or "
               f"{number_words(factor)} times the average), so the rounding cannot decide")
    return [ledger_row(spec, [part, full], expected, observed, verdict,
                       f"{reading}{ctx.inputs.label(part)} {unit} for {reported} and {ctx.inputs.label(full)} for "
                       f"{period_words(ctx.inputs.period(full))} ({ctx.inputs.statement(full)}) leave "
                       f"{between(remainder, 6, whole)} {unit} for {rest_words}: {why}.",
                       nearest=f"a remainder of at most {ctx.inputs.label(full)} less {ctx.inputs.label(part)}")]

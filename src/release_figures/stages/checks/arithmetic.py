"""Rounding, ratios, stocks and flows: shares of a whole, parts of a total, ratio spreads, stock plus flow."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

from release_figures.rounding.intervals import TIE_RULES, Interval, TieRuleResult
from release_figures.rounding.tie_rules import round_half_up
from release_figures.words import between, number_words, period_words
from release_figures.stages.checks.definitions import CheckSpec
from release_figures.stages.checks.inputs import CheckInputs, num
from release_figures.stages.checks.rows import Context, at_most, both_rules, holds_where, ledger_row
from release_figures.stages.checks.verdicts import Verdict, verdict_of

__all__ = ["check_share_of_whole", "check_parts_vs_total", "ratio_blocks", "check_ratio_spread", "check_stock_flow",
           "round_half_up"]

def _targets(ctx: "Context", count: str, share: str, rule: str) -> Interval:
    """Whole numbers T with c / T x 100 inside the share's interval, c a whole count the count allows.

    A count printed to the unit (3,049) is that whole number exactly; a
    rounded count contributes every whole number of its interval (the
    result is then the interval hull of the union, a superset).
    """
    counts = ctx.inputs.interval(count, rule).integers()
    return (counts / ctx.inputs.interval(share, rule) * 100).integers()


def _whole_words(interval: Interval) -> str:
    """A set of whole numbers for prose: '3,069 to 3,072', '3,070', 'none'."""
    if interval.is_empty:
        return "none"
    return between(interval, whole=True).replace("between ", "").replace(" and ", " to ")


def _int_set(interval: Interval) -> str:
    """{a, ..., b} for a closed integer interval."""
    if interval.is_empty:
        return "{}"
    lo, hi = int(interval.lo), int(interval.hi)
    return "{" + ", ".join(str(i) for i in range(lo, hi + 1)) + "}" if hi - lo < 8 else f"{{{lo}, ..., {hi}}}"


def _printed_targets(ctx: "Context", count: str, share: str) -> Interval:
    """Whole-number targets T at which the count as printed, divided by T, prints as the share.

    The count as printed is its value (or the range a "more than" count
    names); count / T x 100 prints as the share when it lies in the share's
    half-up rounding interval, so T lies in count x 100 / that interval.
    """
    return (ctx.inputs.printed_range(count) * 100 / ctx.inputs.reading(share, "half_up")).integers()


def _moved(first: Interval, second: Interval) -> str:
    """How far the second set of whole numbers lies from the first, in words: 'fell by 1 to 6'."""
    low, high = int(second.lo - first.hi), int(second.hi - first.lo)
    if high < 0:
        return f"fell by {-high}" + (f" to {-low}" if low != high else "")
    if low > 0:
        return f"rose by {low}" + (f" to {high}" if low != high else "")
    return f"changed by between {low} and {high}"


def check_share_of_whole(spec: CheckSpec, ctx: "Context") -> list[dict]:
    """Which whole-number targets a count and its percentage allow; optionally the same for a second pair.

    As printed: some whole-number target gives, from the count as printed,
    a share that prints as the printed share (3,049 / 3,070 = 99.316%,
    printed 99.3%).
    """
    p = spec.params
    sets = both_rules(lambda rule: _targets(ctx, p["count"], p["share"], rule))
    printed_targets = _printed_targets(ctx, p["count"], p["share"])
    observed = f"{ctx.inputs.describe(p['count'])}, {ctx.inputs.describe(p['share'])}: target T in {_int_set(sets.half_up)} (half-up), {_int_set(sets.half_even)} (half-even)"
    if not p.get("compare_count"):
        verdict = verdict_of(not printed_targets.is_empty, sets)
        if printed_targets.is_empty:
            lead = "No whole-number target gives the printed share from the printed count"
        else:
            example = int(printed_targets.lo)
            share = ctx.inputs.value(p["count"]) / example * 100
            lead = (f"As printed, a whole-number target fits: {ctx.inputs.label(p['count'])} / {example} x 100 = "
                    f"{num(share)}%, which prints as {ctx.inputs.label(p['share'])}")
        return [ledger_row(spec, [p["count"], p["share"]], "at least one whole-number target T with count / T x 100 printed as the share",
                     observed, verdict, f"{lead}; the whole numbers that fit once every rounding is allowed are "
                     f"{_whole_words(sets.half_up)}.", nearest="no whole-number target fits")]
    other = both_rules(lambda rule: _targets(ctx, p["compare_count"], p["compare_share"], rule))
    common = TieRuleResult(sets.half_up.intersect(other.half_up), sets.half_even.intersect(other.half_even))
    as_printed = not printed_targets.intersect(_printed_targets(ctx, p["compare_count"], p["compare_share"])).is_empty
    verdict = verdict_of(as_printed, common)
    observed += f"; {ctx.inputs.describe(p['compare_count'])}, {ctx.inputs.describe(p['compare_share'])}: T in {_int_set(other.half_up)} (half-up), {_int_set(other.half_even)} (half-even)"
    nearest, moved = "", ""
    if common.half_up.is_empty and not sets.half_up.is_empty and not other.half_up.is_empty:
        step = Fraction(ctx.inputs.printed(p["compare_share"]).precision)
        first, second = (int(sets.half_up.hi), int(other.half_up.lo)) if sets.half_up.hi < other.half_up.lo \
            else (int(sets.half_up.lo), int(other.half_up.hi))
        alt_compare = round_half_up(ctx.inputs.value(p["compare_count"]) / first * 100, step)
        alt_share = round_half_up(ctx.inputs.value(p["count"]) / second * 100, Fraction(ctx.inputs.printed(p["share"]).precision))
        nearest = (f"{num(alt_compare)}% for {ctx.inputs.label(p['compare_count'])} (target {first}), "
                   f"or {num(alt_share)}% for {ctx.inputs.label(p['count'])} (target {second})")
        counts = ctx.inputs.value(p["count"]) - ctx.inputs.value(p["compare_count"])
        moved = (f" Taken at their word, the two statements imply that the target {_moved(other.half_up, sets.half_up)} "
                 f"from {period_words(ctx.inputs.period(p['compare_count']))} to "
                 f"{period_words(ctx.inputs.period(p['count']))}, while the count "
                 f"{'rose' if counts > 0 else 'fell'} by {num(abs(counts))} ({ctx.inputs.label(p['compare_count'])} to "
                 f"{ctx.inputs.label(p['count'])}). The nearest values that would share a target: {nearest}.")
    return [ledger_row(spec, [p["count"], p["share"], p["compare_count"], p["compare_share"]],
                 "a whole-number target shared by both statements", observed, verdict,
                 f"{ctx.inputs.label(p['count'])} at {ctx.inputs.label(p['share'])} allow a target of "
                 f"{_whole_words(sets.half_up)}; {ctx.inputs.label(p['compare_count'])} at {ctx.inputs.label(p['compare_share'])} "
                 f"allow {_whole_words(other.half_up)} (half-up rounding); the two "
                 f"{'share ' + _whole_words(common.half_up) if not common.half_up.is_empty else 'share no target'}."
                 + moved, nearest=nearest)]


def _sum_solutions(ctx: "Context", parts: list[str], total: str) -> dict[str, Interval]:
    """What total = sum(parts) gives each figure when the others take their printed values (or ranges)."""
    printed = {key: ctx.inputs.printed_range(key) for key in [*parts, total]}
    solutions = {total: sum((printed[key] for key in parts), Interval.point(0))}
    for key in parts:
        solutions[key] = printed[total] - sum((printed[other] for other in parts if other != key), Interval.point(0))
    return solutions


def _rate_solutions(ctx: "Context", flow: str, opening: str, rate: str) -> dict[str, Interval]:
    """What rate = flow / opening x 100 gives each figure when the others take their printed values."""
    printed = {key: ctx.inputs.printed_range(key) for key in (flow, opening, rate)}
    return {rate: printed[flow] / printed[opening] * 100, flow: printed[opening] * printed[rate] / 100,
            opening: printed[flow] / printed[rate] * 100}


def check_parts_vs_total(spec: CheckSpec, ctx: "Context") -> list[dict]:
    """Parts against a total: their sum equals it, or does not exceed it (``relation``)."""
    p = spec.params
    sums = both_rules(lambda rule: sum((ctx.inputs.interval(k, rule) for k in p["parts"]), Interval.point(0)))
    totals = both_rules(lambda rule: ctx.inputs.interval(p["total"], rule))
    point_sum = sum(ctx.inputs.value(k) for k in p["parts"])
    total = ctx.inputs.value(p["total"])
    if p["relation"] == "equal":
        holds = TieRuleResult(sums.half_up.intersect(totals.half_up), sums.half_even.intersect(totals.half_even))
        as_printed = ctx.inputs.any_prints_as(_sum_solutions(ctx, p["parts"], p["total"]))
        verdict, expected = verdict_of(as_printed, holds), "the parts add up to the total"
    else:
        flags = (at_most(sums.half_up, totals.half_up), at_most(sums.half_even, totals.half_even))
        as_printed = at_most(sum((ctx.inputs.printed_range(k) for k in p["parts"]), Interval.point(0)),
                              ctx.inputs.printed_range(p["total"]))
        verdict, expected = verdict_of(as_printed, holds_where(flags)), "the parts add up to no more than the total"
    rest = totals.half_up - sums.half_up
    observed = (f"parts {' + '.join(ctx.inputs.label(k) for k in p['parts'])} = {sums.half_up}; "
                f"total {ctx.inputs.describe(p['total'])}; total minus parts = {rest}")
    return [ledger_row(spec, [*p["parts"], p["total"]], expected, observed, verdict,
                 f"As printed the parts add to {number_words(point_sum)} against a total of {number_words(total)}; "
                 f"with rounding, {between(rest, 6, whole=True)} of the total is in neither part.",
                 nearest=f"a total {between(sums.half_up, 6, whole=True)}")]


# --- ratios -----------------------------------------------------------------------------------
def ratio_blocks(spec: CheckSpec, inputs: CheckInputs) -> list[dict]:
    """One dict a block of a ratio_spread check: label, role, ratio interval (half-up) and its ends."""
    blocks = []
    for block in spec.params["blocks"]:
        ratio = inputs.interval(block["numerator"], "half_up") / inputs.interval(block["denominator"], "half_up")
        blocks.append({"measure": spec.params["measure"], "block": block["label"], "role": block.get("role", "release"),
                       "numerator": block["numerator"], "denominator": block["denominator"],
                       "printed": f"{inputs.label(block['numerator'])} / {inputs.label(block['denominator'])}",
                       "interval": ratio, "low": ratio.lo, "high": ratio.hi,
                       "midpoint": ratio.midpoint, "point": inputs.value(block["numerator"]) / inputs.value(block["denominator"])})
    return blocks


def _to_digits(x: Fraction, digits: int, rounding: str) -> Fraction:
    """x rounded to ``digits`` significant digits (a Decimal rounding mode)."""
    with localcontext() as decimal_context:
        decimal_context.prec, decimal_context.rounding = digits, rounding
        return Fraction(Decimal(x.numerator) / Decimal(x.denominator))


def _outward(interval: Interval, digits: int) -> str:
    """An interval with both ends rounded outward to ``digits`` significant digits, even exact ones.

    A ratio of whole numbers has a finite but long decimal (1439999 / 640000
    = 2.2499984375); for a plausibility table a few digits are enough, and
    rounding outward keeps the printed interval around the exact one.
    """
    if interval.is_empty or interval.lo is None or interval.hi is None:
        return interval.format(digits)
    return Interval(_to_digits(interval.lo, digits, ROUND_FLOOR), _to_digits(interval.hi, digits, ROUND_CEILING),
                    interval.lo_closed, interval.hi_closed).format(digits)


def _about(x: Fraction, digits: int) -> str:
    """x to ``digits`` significant digits, marked '~' when that is not exact."""
    short = _to_digits(x, digits, ROUND_HALF_EVEN)
    return num(short) if short == x else "~" + num(short)


def check_ratio_spread(spec: CheckSpec, ctx: "Context") -> list[dict]:
    """A ratio across blocks, side by side; outliers named, never called inconsistent for being unusual."""
    p = spec.params
    blocks = ratio_blocks(spec, ctx.inputs)
    release = [b for b in blocks if b["role"] == "release"]
    mids = sorted(b["midpoint"] for b in release)
    median = (mids[(len(mids) - 1) // 2] + mids[len(mids) // 2]) / 2
    factor = Fraction(str(p.get("outlier_factor", "1.25")))
    outliers = [b["block"] for b in release if b["midpoint"] > median * factor or b["midpoint"] < median / factor]
    observed = "; ".join(f"{b['block']}{' (context)' if b['role'] == 'context' else ''}: {b['printed']} = {_outward(b['interval'], 4)}"
                         for b in blocks)
    named = (f"Outside a factor {num(factor)} of the median ({_about(median, 3)}): {', '.join(outliers)}."
             if outliers else f"No release block lies beyond a factor {num(factor)} of the median ({_about(median, 3)}).")
    inputs = [k for b in blocks for k in (b["numerator"], b["denominator"])]
    if "at_least" in p:
        bound = Fraction(str(p["at_least"]))
        flags = tuple(all(at_most(Interval.point(bound), ctx.inputs.interval(b["numerator"], rule) /
                                   ctx.inputs.interval(b["denominator"], rule)) for b in release) for rule in TIE_RULES)
        verdict = verdict_of(all(b["point"] >= bound for b in release), holds_where(flags))
        expected = f"every release block at least {num(bound)}"
    else:
        verdict, expected = Verdict("not_testable"), "no rule says the blocks should share one ratio"
    return [ledger_row(spec, inputs, expected, observed, verdict,
                 f"The ratio spreads from {_about(min(b['low'] for b in release), 3)} to {_about(max(b['high'] for b in release), 3)} "
                 f"across the release's blocks. {named} An unusual ratio is not an inconsistency: it needs a reason, "
                 "which the note gives where one is known.",
                 nearest=f"at least {p.get('at_least', '')}")]


# --- stocks and flows -------------------------------------------------------------------------
def check_stock_flow(spec: CheckSpec, ctx: "Context") -> list[dict]:
    """Opening stock + net increase = closing stock; or increase / opening = rate; or net increase <= gross inflow."""
    p, iv, val = spec.params, ctx.inputs.interval, ctx.inputs.value
    flow = p["flow"]
    if p.get("closing"):
        got = both_rules(lambda rule: iv(p["opening"], rule) + iv(flow, rule))
        want = both_rules(lambda rule: iv(p["closing"], rule))
        holds = TieRuleResult(got.half_up.intersect(want.half_up), got.half_even.intersect(want.half_even))
        verdict = verdict_of(ctx.inputs.any_prints_as(_sum_solutions(ctx, [p["opening"], flow], p["closing"])), holds)
        keys, expected = [p["opening"], flow, p["closing"]], f"closing stock {ctx.inputs.describe(p['closing'])}"
        observed = f"{ctx.inputs.label(p['opening'])} + {ctx.inputs.label(flow)} = {got.half_up} (half-up), {got.half_even} (half-even)"
        nearest = f"a closing stock printed as {num(val(p['opening']) + val(flow))}"
    elif p.get("rate"):
        got = both_rules(lambda rule: iv(flow, rule) / iv(p["opening"], rule) * 100)
        want = both_rules(lambda rule: iv(p["rate"], rule))
        holds = TieRuleResult(got.half_up.intersect(want.half_up), got.half_even.intersect(want.half_even))
        verdict = verdict_of(ctx.inputs.any_prints_as(_rate_solutions(ctx, flow, p["opening"], p["rate"])), holds)
        keys, expected = [flow, p["opening"], p["rate"]], f"rate {ctx.inputs.describe(p['rate'])}"
        observed = f"{ctx.inputs.label(flow)} / {ctx.inputs.label(p['opening'])} x 100 = {got.half_up.format(6)} (half-up)"
        nearest = f"a rate of about {num(val(flow) / val(p['opening']) * 100, 3)}%"
    else:
        flags = tuple(at_most(iv(flow, rule), iv(p["gross_inflow"], rule)) for rule in TIE_RULES)
        verdict = verdict_of(at_most(ctx.inputs.printed_range(flow), ctx.inputs.printed_range(p["gross_inflow"])),
                             holds_where(flags))
        keys, expected = [flow, p["gross_inflow"]], f"net increase no more than the gross inflow {ctx.inputs.describe(p['gross_inflow'])}"
        observed = f"{ctx.inputs.describe(flow)}; implied outflow {iv(p['gross_inflow']) - iv(flow)}"
        nearest = f"a net increase of at most {ctx.inputs.label(p['gross_inflow'])}"
    return [ledger_row(spec, keys, expected, observed, verdict, _stock_flow_words(verdict), nearest=nearest)]


def _stock_flow_words(verdict: Verdict) -> str:
    """One sentence on what a stock-flow verdict means."""
    return {"consistent": "The figures fit as printed: the result computed from the printed values prints as the figure it is compared with.",
            "consistent_within_rounding": "The printed values do not fit, but true values inside their rounding intervals do.",
            "consistent_other_rounding": "Only half-even rounding leaves room for values that fit."}.get(
        verdict.verdict, "No values inside the rounding intervals fit.")



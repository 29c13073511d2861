"""The consistency checks: check definitions + figures + context -> the ledger.

:func:`build_checks` reads the release's ``checks.yaml`` (see
:mod:`release_figures.stages.checks.definitions`), evaluates every check with exact
interval arithmetic (:mod:`release_figures.rounding.intervals`) and returns one
ledger row a check; :func:`write_checks` writes ``checks.csv``. Verdicts
are computed (:mod:`release_figures.stages.checks.verdicts`), never typed. The
evaluators of the claim, rounding, ratio, stock-flow and agreement
families live here; text-integrity findings live in
:mod:`release_figures.stages.checks.text`. Counts are whole numbers: every
interval a check computes with is cut to whole numbers for a count unit
(:mod:`release_figures.rounding.whole_counts`), as in the year-on-year table, and a
previous count implied by a change comes from the same function
(:func:`release_figures.rounding.whole_counts.implied_previous_value`).
"""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from pathlib import Path

from release_figures.tables.atomic import write_csv_atomic
from release_figures.stages.checks.inputs import CheckInputs, num
from release_figures.stages.checks.definitions import CheckSpec, load_check_specs
from release_figures.stages.figures import direction_of
from release_figures.rounding.intervals import TIE_RULES, Interval, TieRuleResult, change_between
from release_figures.reading.quotes import locate_quote
from release_figures.reading.register import load_register
from release_figures.rounding.whole_counts import implied_previous_value, is_count
from release_figures.stages.checks.verdicts import VERDICTS, Verdict, sign_of, verdict_of
from release_figures.stages.checks.inputs import period_within

__all__ = ["build_checks", "write_checks", "evaluate", "CHECK_COLUMNS", "clause_around", "derive_subject"]

CHECK_COLUMNS = ("check_id", "family", "subject", "check_type", "inputs", "claim", "expected", "observed", "verdict",
                 "tie_rule", "nearest_consistent", "explanation")
_DIRECTION_WORD = {1: "a rise", -1: "a fall", None: "no single direction"}


def _row(spec: CheckSpec, inputs: list[str], expected: str, observed: str, verdict: Verdict,
         explanation: str, nearest: str = "", claim: str | None = None, check_id: str | None = None) -> dict:
    """One ledger row; the spec's note is appended to the explanation."""
    note = f" {spec.note}" if spec.note else ""
    return {
        "check_id": check_id or spec.check_id, "family": spec.family, "check_type": spec.check_type,
        "inputs": " ".join(dict.fromkeys(inputs)), "claim": claim or spec.claim, "expected": expected,
        "observed": observed, "verdict": verdict.verdict, "tie_rule": verdict.tie_rule,
        "nearest_consistent": nearest if verdict.verdict in ("inconsistent", "gross_inconsistency") else "",
        "explanation": (explanation + note).strip(),
    }


def _both(fn, *args) -> TieRuleResult:
    """fn applied to the tie-rule index (0 = half_up, 1 = half_even)."""
    return TieRuleResult(*(fn(rule) for rule in TIE_RULES))


def _at_most(a: Interval, b: Interval) -> bool:
    """Whether some x in a and y in b have x <= y."""
    if a.is_empty or b.is_empty or a.lo is None or b.hi is None:
        return not (a.is_empty or b.is_empty)
    return a.lo < b.hi or (a.lo == b.hi and a.lo_closed and b.hi_closed)


def _holds(flags: tuple[bool, bool]) -> TieRuleResult:
    """Booleans per rule as a TieRuleResult of non-empty/empty intervals."""
    return TieRuleResult(*(Interval.point(0) if f else Interval.empty() for f in flags))


# --- claims -----------------------------------------------------------------------------------
_CLAUSE_MARKS = (",", ";", ":", ". ", "\n", "，", "、", "；", "：", "。", "！", "？")


def clause_around(text: str, start: int, end: int) -> str:
    """The clause holding text[start:end]: bounded by , ; : or a sentence end outside that span.

    Chinese punctuation (，、；：。！？) bounds a clause as well.
    """
    left = max(text.rfind(mark, 0, start) for mark in _CLAUSE_MARKS)
    rights = [i for i in (text.find(mark, end) for mark in _CLAUSE_MARKS) if i != -1]
    return text[left + 1: min(rights) if rights else len(text)].strip()


def check_direction_words(spec: CheckSpec, ctx: "_Context") -> list[dict]:
    """Every figure whose clause holds a rise or fall word, against the sign of its value."""
    rows = []
    for key, row in ctx.inputs.figures.items():
        clause = clause_around(ctx.text, int(row["number_start"]), int(row["number_end"]))
        word = direction_of(clause)
        if word is None:
            continue
        signs = _both(lambda rule: ctx.inputs.interval(key, rule))
        sign = sign_of(signs.half_up) if sign_of(signs.half_up) == sign_of(signs.half_even) else None
        if sign is None:
            verdict, why = Verdict("not_testable"), "the value's interval straddles zero, so its sign is not known"
        elif sign == word:
            verdict, why = Verdict("consistent"), "the word and the sign agree"
        else:
            verdict, why = Verdict("gross_inconsistency"), "the word and the sign point opposite ways"
        rows.append(_row(spec, [key], f"sign {word:+d} ({_DIRECTION_WORD[word]}: {clause!r})",
                         f"{ctx.inputs.describe(key)}: sign {'unknown' if sign is None else format(sign, '+d')}",
                         verdict, f"The clause around {ctx.inputs.label(key)} reads {_DIRECTION_WORD[word]}; {why}.",
                         nearest=f"{'-' if word < 0 else ''}{num(abs(ctx.inputs.value(key)))} (the sign the word gives)",
                         claim=f"The direction word beside {ctx.inputs.label(key)} matches its sign",
                         check_id=f"{spec.check_id}-{key}"))
    return rows


def check_claim_vs_signs(spec: CheckSpec, ctx: "_Context") -> list[dict]:
    """A stated count of rises and falls against the signs of the changes it summarises."""
    p = spec.params
    changes = p["changes"]
    want = (int(ctx.inputs.value(p["rises"])), int(ctx.inputs.value(p["falls"])))
    signs = {key: {sign_of(ctx.inputs.interval(key, rule)) for rule in TIE_RULES} for key in changes}
    known = {key: s.pop() for key, s in signs.items() if len(s) == 1 and None not in s}
    observed = "; ".join(f"{ctx.inputs.label(k)} ({k}): {'rise' if known.get(k) == 1 else 'fall' if known.get(k) == -1 else 'sign unknown'}"
                         for k in changes)
    got = (sum(1 for s in known.values() if s == 1), sum(1 for s in known.values() if s == -1))
    expected = f"{want[0]} rises and {want[1]} falls"
    if len(known) < len(changes):
        verdict, why = Verdict("not_testable"), "some changes round to a value whose sign is not known"
    elif got == want:
        verdict, why = Verdict("consistent"), f"the changes show {got[0]} rises and {got[1]} falls, as claimed"
    else:
        verdict, why = Verdict("gross_inconsistency"), f"the changes show {got[0]} rises and {got[1]} falls"
    return [_row(spec, [p["rises"], p["falls"], *changes], expected, observed, verdict,
                 f"The claim counts {expected}; {why}.", nearest=f"a claim of {got[0]} rises and {got[1]} falls")]


def check_claim_vs_context(spec: CheckSpec, ctx: "_Context") -> list[dict]:
    """A register claim (a direction, or a run of years) against a context figure."""
    p = spec.params
    claim = ctx.claims[p["text_claim"]]
    locate_quote(ctx.text, claim.quote, claim.occurrences, f"claim {claim.claim_id!r} (check {spec.check_id!r})", ctx.source)
    inputs = [p["text_claim"]] + [p[k] for k in ("figure", "context") if p.get(k)]
    if p["rule"] == "direction":
        word = direction_of(claim.quote)
        expected = f"{_DIRECTION_WORD[word]} ({claim.quote!r})"
        if not p.get("context"):
            return [_row(spec, inputs, expected, "no figure states this change", Verdict("not_testable"),
                         "Neither the release nor the context data gives a number for this change.")]
        signs = {sign_of(ctx.inputs.interval(p["context"], rule)) for rule in TIE_RULES}
        sign = signs.pop() if len(signs) == 1 else None
        observed = f"{ctx.inputs.describe(p['context'])}: {_DIRECTION_WORD.get(sign, 'sign unknown')}"
        if word is None or sign is None:
            verdict, why = Verdict("not_testable"), "the claim's words or the figure's sign do not give one direction"
        else:
            verdict = Verdict("consistent" if word == sign else "gross_inconsistency")
            why = "the claim and the figure agree" if word == sign else "the figure runs the other way"
        return [_row(spec, inputs, expected, observed, verdict, f"The text states {expected}; {why}.",
                     nearest=f"the opposite claim: {_DIRECTION_WORD.get(sign)}")]
    # run_length: a run of N years in period P continues a run of M years stated for period Q.
    years = int(ctx.inputs.period(p["figure"])[:4]) - int(ctx.inputs.period(p["context"])[:4])
    then, now = ctx.inputs.value(p["context"]), ctx.inputs.value(p["figure"])
    expected = f"{num(then)} + {years} = {num(then + years)} years"
    verdict = Verdict("consistent" if now == then + years else "inconsistent")
    return [_row(spec, inputs, expected, f"{ctx.inputs.label(p['figure'])} years ({p['figure']})", verdict,
                 f"The run stated for {ctx.inputs.period(p['context'])} was {num(then)} years; {years} year(s) later "
                 f"it should be {num(then + years)}, and the release says {num(now)}.", nearest=f"{num(then + years)} years")]


# --- rounding ---------------------------------------------------------------------------------
def _targets(ctx: "_Context", count: str, share: str, rule: str) -> Interval:
    """Whole numbers T with c / T x 100 inside the share's interval, c a whole count the count allows.

    A count printed to the unit (3,049) is that whole number exactly; a
    rounded count contributes every whole number of its interval (the
    result is then the interval hull of the union, a superset).
    """
    counts = ctx.inputs.interval(count, rule).integers()
    return (counts / ctx.inputs.interval(share, rule) * 100).integers()


def _int_set(interval: Interval) -> str:
    """{a, ..., b} for a closed integer interval."""
    if interval.is_empty:
        return "{}"
    lo, hi = int(interval.lo), int(interval.hi)
    return "{" + ", ".join(str(i) for i in range(lo, hi + 1)) + "}" if hi - lo < 8 else f"{{{lo}, ..., {hi}}}"


def _round_to(x: Fraction, step: Fraction) -> Fraction:
    """x rounded half-up to a multiple of step."""
    return Fraction(math.floor(x / step + Fraction(1, 2))) * step


def check_share_of_whole(spec: CheckSpec, ctx: "_Context") -> list[dict]:
    """Which whole-number targets a count and its percentage allow; optionally the same for a second pair."""
    p = spec.params
    sets = _both(lambda rule: _targets(ctx, p["count"], p["share"], rule))
    raw = ctx.inputs.value(p["count"]) / ctx.inputs.value(p["share"]) * 100
    observed = f"{ctx.inputs.describe(p['count'])}, {ctx.inputs.describe(p['share'])}: target T in {_int_set(sets.half_up)} (half-up), {_int_set(sets.half_even)} (half-even)"
    if not p.get("compare_count"):
        verdict = verdict_of(raw.denominator == 1, sets)
        return [_row(spec, [p["count"], p["share"]], "at least one whole-number target T with count / T x 100 printed as the share",
                     observed, verdict, f"As printed, count / share = {num(raw)}, "
                     f"{'a whole number' if raw.denominator == 1 else 'not a whole number'}; the whole numbers that fit once the "
                     f"percentage's rounding is allowed are {_int_set(sets.half_up)}.", nearest="no whole-number target fits")]
    other = _both(lambda rule: _targets(ctx, p["compare_count"], p["compare_share"], rule))
    common = TieRuleResult(sets.half_up.intersect(other.half_up), sets.half_even.intersect(other.half_even))
    verdict = verdict_of(False, common)
    observed += f"; {ctx.inputs.describe(p['compare_count'])}, {ctx.inputs.describe(p['compare_share'])}: T in {_int_set(other.half_up)} (half-up), {_int_set(other.half_even)} (half-even)"
    nearest = ""
    if common.half_up.is_empty and not sets.half_up.is_empty and not other.half_up.is_empty:
        step = Fraction(ctx.inputs.printed(p["compare_share"]).precision)
        first, second = (int(sets.half_up.hi), int(other.half_up.lo)) if sets.half_up.hi < other.half_up.lo \
            else (int(sets.half_up.lo), int(other.half_up.hi))
        alt_compare = _round_to(ctx.inputs.value(p["compare_count"]) / first * 100, step)
        alt_share = _round_to(ctx.inputs.value(p["count"]) / second * 100, Fraction(ctx.inputs.printed(p["share"]).precision))
        nearest = (f"{num(alt_compare)}% for {ctx.inputs.label(p['compare_count'])} (target {first}), "
                   f"or {num(alt_share)}% for {ctx.inputs.label(p['count'])} (target {second})")
    return [_row(spec, [p["count"], p["share"], p["compare_count"], p["compare_share"]],
                 "a whole-number target shared by both statements", observed, verdict,
                 f"{ctx.inputs.label(p['count'])} at {ctx.inputs.label(p['share'])} allow a target in {_int_set(sets.half_up)}; "
                 f"{ctx.inputs.label(p['compare_count'])} at {ctx.inputs.label(p['compare_share'])} allow {_int_set(other.half_up)} "
                 f"(half-up rounding); the two {'overlap in ' + _int_set(common.half_up) if not common.half_up.is_empty else 'do not overlap'}.",
                 nearest=nearest)]


def check_parts_vs_total(spec: CheckSpec, ctx: "_Context") -> list[dict]:
    """Parts against a total: their sum equals it, or does not exceed it (``relation``)."""
    p = spec.params
    sums = _both(lambda rule: sum((ctx.inputs.interval(k, rule) for k in p["parts"]), Interval.point(0)))
    totals = _both(lambda rule: ctx.inputs.interval(p["total"], rule))
    point_sum = sum(ctx.inputs.value(k) for k in p["parts"])
    total = ctx.inputs.value(p["total"])
    if p["relation"] == "equal":
        holds = TieRuleResult(sums.half_up.intersect(totals.half_up), sums.half_even.intersect(totals.half_even))
        verdict, expected = verdict_of(ctx.inputs.matches_printed(point_sum, p["total"]), holds), "the parts add up to the total"
    else:
        flags = (_at_most(sums.half_up, totals.half_up), _at_most(sums.half_even, totals.half_even))
        as_printed = _at_most(sum((ctx.inputs.printed_range(k) for k in p["parts"]), Interval.point(0)),
                              ctx.inputs.printed_range(p["total"]))
        verdict, expected = verdict_of(as_printed, _holds(flags)), "the parts add up to no more than the total"
    rest = totals.half_up - sums.half_up
    observed = (f"parts {' + '.join(ctx.inputs.label(k) for k in p['parts'])} = {sums.half_up}; "
                f"total {ctx.inputs.describe(p['total'])}; total minus parts = {rest}")
    return [_row(spec, [*p["parts"], p["total"]], expected, observed, verdict,
                 f"As printed the parts add to {num(point_sum)} against a total of {num(total)}; with rounding, "
                 f"{rest} of the total is in neither part.", nearest=f"a total in {sums.half_up}")]


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


def check_ratio_spread(spec: CheckSpec, ctx: "_Context") -> list[dict]:
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
        flags = tuple(all(_at_most(Interval.point(bound), ctx.inputs.interval(b["numerator"], rule) /
                                   ctx.inputs.interval(b["denominator"], rule)) for b in release) for rule in TIE_RULES)
        verdict = verdict_of(all(b["point"] >= bound for b in release), _holds(flags))
        expected = f"every release block at least {num(bound)}"
    else:
        verdict, expected = Verdict("not_testable"), "no rule says the blocks should share one ratio"
    return [_row(spec, inputs, expected, observed, verdict,
                 f"The ratio spreads from {_about(min(b['low'] for b in release), 3)} to {_about(max(b['high'] for b in release), 3)} "
                 f"across the release's blocks. {named} An unusual ratio is not an inconsistency: it needs a reason, "
                 "which the note gives where one is known.",
                 nearest=f"at least {p.get('at_least', '')}")]


# --- stocks and flows -------------------------------------------------------------------------
def check_stock_flow(spec: CheckSpec, ctx: "_Context") -> list[dict]:
    """Opening stock + net increase = closing stock; or increase / opening = rate; or net increase <= gross inflow."""
    p, iv, val = spec.params, ctx.inputs.interval, ctx.inputs.value
    flow = p["flow"]
    if p.get("closing"):
        got = _both(lambda rule: iv(p["opening"], rule) + iv(flow, rule))
        want = _both(lambda rule: iv(p["closing"], rule))
        holds = TieRuleResult(got.half_up.intersect(want.half_up), got.half_even.intersect(want.half_even))
        verdict = verdict_of(ctx.inputs.matches_printed(val(p["opening"]) + val(flow), p["closing"]), holds)
        keys, expected = [p["opening"], flow, p["closing"]], f"closing stock {ctx.inputs.describe(p['closing'])}"
        observed = f"{ctx.inputs.label(p['opening'])} + {ctx.inputs.label(flow)} = {got.half_up} (half-up), {got.half_even} (half-even)"
        nearest = f"a closing stock printed as {num(val(p['opening']) + val(flow))}"
    elif p.get("rate"):
        got = _both(lambda rule: iv(flow, rule) / iv(p["opening"], rule) * 100)
        want = _both(lambda rule: iv(p["rate"], rule))
        holds = TieRuleResult(got.half_up.intersect(want.half_up), got.half_even.intersect(want.half_even))
        verdict = verdict_of(ctx.inputs.matches_printed(val(flow) / val(p["opening"]) * 100, p["rate"]), holds)
        keys, expected = [flow, p["opening"], p["rate"]], f"rate {ctx.inputs.describe(p['rate'])}"
        observed = f"{ctx.inputs.label(flow)} / {ctx.inputs.label(p['opening'])} x 100 = {got.half_up.format(6)} (half-up)"
        nearest = f"a rate of about {num(val(flow) / val(p['opening']) * 100, 3)}%"
    else:
        flags = tuple(_at_most(iv(flow, rule), iv(p["gross_inflow"], rule)) for rule in TIE_RULES)
        verdict = verdict_of(_at_most(ctx.inputs.printed_range(flow), ctx.inputs.printed_range(p["gross_inflow"])),
                             _holds(flags))
        keys, expected = [flow, p["gross_inflow"]], f"net increase no more than the gross inflow {ctx.inputs.describe(p['gross_inflow'])}"
        observed = f"{ctx.inputs.describe(flow)}; implied outflow {iv(p['gross_inflow']) - iv(flow)}"
        nearest = f"a net increase of at most {ctx.inputs.label(p['gross_inflow'])}"
    return [_row(spec, keys, expected, observed, verdict, _stock_flow_words(verdict), nearest=nearest)]


def _stock_flow_words(verdict: Verdict) -> str:
    """One sentence on what a stock-flow verdict means."""
    return {"consistent": "The figures fit as printed: the result computed from the printed values prints as the figure it is compared with.",
            "consistent_within_rounding": "The printed values do not fit, but true values inside their rounding intervals do.",
            "consistent_other_rounding": "Only half-even rounding leaves room for values that fit."}.get(
        verdict.verdict, "No values inside the rounding intervals fit.")


# --- agreement --------------------------------------------------------------------------------
def _agreement_relation(fig_period: str, other_period: str, declared: str, scope: str) -> str | None:
    """The relation a release figure can be held to against another statement, given the two periods.

    Same period: the declared relation. The release's period inside the other
    statement's (January to November within the year): at most. The other
    statement's inside the release's (a September interim figure within the
    year): at least. Periods that overlap without nesting: None, nothing to
    test. A wider scope on the other side means at most, when the release's
    period lies inside the other statement's.
    """
    if scope == "wider":
        return "at_most" if period_within(fig_period, other_period) else None
    if fig_period == other_period:
        return declared
    if period_within(fig_period, other_period) and declared in ("equal", "at_most"):
        return "at_most"
    if period_within(other_period, fig_period) and declared in ("equal", "at_least"):
        return "at_least"
    return None


def _agreement_verdict(ctx: "_Context", fig: str, other: str, relation: str | None) -> tuple[Verdict, str]:
    """The verdict of one agreement under one relation, and its lead sentence."""
    iv = ctx.inputs.interval
    a, b = _both(lambda rule: iv(fig, rule)), _both(lambda rule: iv(other, rule))
    va, vb = ctx.inputs.value(fig), ctx.inputs.value(other)
    if relation is None:
        return Verdict("not_testable"), "The periods neither match nor nest, so neither figure bounds the other."
    if relation == "equal":
        holds = TieRuleResult(a.half_up.intersect(b.half_up), a.half_even.intersect(b.half_even))
        as_printed = ctx.inputs.matches_printed(va, other) or ctx.inputs.matches_printed(vb, fig)
        overlap = "do not overlap" if holds.half_up.is_empty else f"overlap in {holds.half_up}"
        return verdict_of(as_printed, holds), f"As printed, {num(va)} against {ctx.inputs.label(other)}; the intervals {overlap}."
    low, high = (fig, other) if relation == "at_most" else (other, fig)
    holds = _holds(tuple(_at_most(iv(low, rule), iv(high, rule)) for rule in TIE_RULES))
    as_printed = _at_most(ctx.inputs.printed_range(low), ctx.inputs.printed_range(high))
    words = "at most" if relation == "at_most" else "at least"
    return verdict_of(as_printed, holds), f"As printed, {ctx.inputs.label(fig)} against {words} {ctx.inputs.label(other)}."


def check_agreement(spec: CheckSpec, ctx: "_Context") -> list[dict]:
    """A release figure against the same figure in another official statement.

    Where the text leaves the figure's period open (``period_alternative``),
    the check is made under each reading; readings that disagree give
    ``not_testable`` with both results in the explanation.
    """
    p = spec.params
    fig, other, scope = p["figure"], p["context"], p["scope"]
    declared = p.get("relation", "equal")
    other_period = ctx.inputs.period(other)
    results = []
    for period in ctx.inputs.periods(fig):
        relation = _agreement_relation(period, other_period, declared, scope)
        verdict, lead = _agreement_verdict(ctx, fig, other, relation)
        if scope == "different":
            verdict = Verdict("not_testable")
        results.append((period, relation, verdict, lead))
    period, relation, verdict, lead = results[0]
    b_minus_a = ctx.inputs.interval(other) - ctx.inputs.interval(fig)
    words = lead + f" Periods: {period} (release) and {other_period} ({ctx.inputs.statement(other)})."
    if len(results) > 1:
        readings = "; ".join(f"read as {r[0]}, {r[2].verdict.replace('_', ' ')}" for r in results)
        words = (f"The text leaves the release's period open ({readings}). " + words)
        if len({r[2].verdict for r in results}) > 1:
            verdict = Verdict("not_testable")
            words += " The readings disagree, so the check cannot decide."
    if scope == "different":
        words = f"The two statements differ in scope, so they are not compared for equality; gap {b_minus_a}. " + words
    elif scope == "wider":
        words = "The other statement has the wider scope, so the release's figure can be at most its figure. " + words
    expected = {"equal": f"the same number: {ctx.inputs.describe(other)}",
                "at_most": f"no more than {ctx.inputs.describe(other)}",
                "at_least": f"no less than {ctx.inputs.describe(other)}"}.get(
        relation, f"a period that matches or nests with {other_period}")
    return [_row(spec, [fig, other], expected, ctx.inputs.describe(fig), verdict, words,
                 nearest=f"{ctx.inputs.label(other)} ({ {'equal': 'equal', 'at_least': 'or more'}.get(relation, 'or less')})")]


def check_change_vs_levels(spec: CheckSpec, ctx: "_Context") -> list[dict]:
    """A stated change against the two levels it links: current = previous x (1 + change/100)."""
    p, iv, val = spec.params, ctx.inputs.interval, ctx.inputs.value
    prev, cur, chg = p["previous"], p["current"], p["change"]
    unit = ctx.inputs.unit(cur)
    implied = _both(lambda rule: implied_previous_value(iv(cur, rule), iv(chg, rule), unit))
    holds = TieRuleResult(implied.half_up.intersect(iv(prev, "half_up")), implied.half_even.intersect(iv(prev, "half_even")))
    # As printed: the previous level computed from the printed current level and change prints as the stated one.
    verdict = verdict_of(ctx.inputs.matches_printed(val(cur) / (1 + val(chg) / 100), prev), holds)
    if p.get("scope") == "different":
        verdict = Verdict("not_testable")
    between = change_between(iv(prev), iv(cur))
    step = Fraction(ctx.inputs.printed(chg).precision)
    nearest = f"a change of {num(_round_to(between.midpoint, step))}% (the levels give {between.format(4)}), or a previous level in {implied.half_up.format(6)}"
    return [_row(spec, [prev, cur, chg], f"previous level {ctx.inputs.describe(prev)}",
                 f"{ctx.inputs.label(cur)} / (1 + {ctx.inputs.label(chg)}) = {implied.half_up.format(7)} (half-up), "
                 f"{implied.half_even.format(7)} (half-even); the levels imply a change of {between.format(4)}%",
                 verdict, f"The previous level implied by {_levels_owner(ctx, cur, chg)} "
                 f"{'overlaps' if not holds.half_up.is_empty else 'misses'} the level stated by {ctx.inputs.statement(prev)}. "
                 f"{'Counts are whole numbers, so only whole numbers are kept. ' if is_count(unit) else ''}Periods: {ctx.inputs.period(prev)} and {ctx.inputs.period(cur)}.", nearest=nearest)]


def _owner(ctx: "_Context", key: str) -> str:
    """Whose number an id is, possessive: "the release's" or "China Drug Situation Report 2022 (reprint)'s"."""
    return "the release's" if ctx.inputs.is_figure(key) else f"{ctx.inputs.context[key].source}'s"


def _levels_owner(ctx: "_Context", current: str, change: str) -> str:
    """'the release's current level and change', naming both owners when they differ."""
    if _owner(ctx, current) == _owner(ctx, change):
        return f"{_owner(ctx, current)} current level and change"
    return f"{_owner(ctx, current)} current level and {_owner(ctx, change)} change"


# --- the ledger -------------------------------------------------------------------------------
class _Context:
    """What every evaluator may read: inputs, the release text, the register's claims."""

    def __init__(self, inputs: CheckInputs, text: str, claims: dict, source: str):
        self.inputs, self.text, self.claims, self.source = inputs, text, claims, source


def _evaluators() -> dict:
    from release_figures.stages.checks.text import check_text_integrity

    return {"direction_words": check_direction_words, "claim_vs_signs": check_claim_vs_signs,
            "claim_vs_context": check_claim_vs_context, "share_of_whole": check_share_of_whole,
            "parts_vs_total": check_parts_vs_total, "ratio_spread": check_ratio_spread,
            "stock_flow": check_stock_flow, "agreement": check_agreement,
            "change_vs_levels": check_change_vs_levels, "text_integrity": check_text_integrity}


def derive_subject(input_ids: list[str], inputs: CheckInputs, claim_ids: set[str]) -> str:
    """What a check is about, from its inputs (see :data:`release_figures.stages.checks.verdicts.SUBJECTS`).

    A figure or claim of the release (or a context row quoting the release in
    its original language) on one side and another statement on the other:
    ``release_vs_other``; the release alone: ``release``; no release input at
    all: ``other_statements``.
    """
    release = any(inputs.is_release(key) or key in claim_ids for key in input_ids)
    other = any(key in inputs.context and not inputs.is_release(key) for key in input_ids)
    if release:
        return "release_vs_other" if other else "release"
    return "other_statements"


def _subject(spec: CheckSpec, row: dict, ctx: "_Context") -> str:
    """The row's subject: derived from its inputs, or the declared one once checked against them."""
    from release_figures.stages.checks.definitions import CheckSpecError

    ids = row["inputs"].split()
    derived = derive_subject(ids, ctx.inputs, set(ctx.claims))
    if not spec.subject:
        return derived
    if spec.subject == "translation" and not any(ctx.inputs.is_figure(key) for key in ids):
        raise CheckSpecError(f"check {spec.check_id!r}: subject 'translation' needs a figure of the English text "
                             f"among its inputs; it has only {ids}")
    return spec.subject


def _apply_premises(spec: CheckSpec, row: dict) -> dict:
    """Unstated assumptions and open scopes: a verdict they would decide becomes not_testable, with the reason."""
    if spec.assumption and not spec.assumption_source and row["verdict"] in ("inconsistent", "gross_inconsistency"):
        row.update(verdict="not_testable", tie_rule="", nearest_consistent="", explanation=(
            f"Inconsistent only if {spec.assumption}; no cited statement says so, so the figures cannot decide. "
            + row["explanation"]))
    if spec.alternative_scope and row["verdict"] != "not_testable":
        row.update(verdict="not_testable", tie_rule="", nearest_consistent="", explanation=(
            f"Under the reading tested here the verdict would be {row['verdict'].replace('_', ' ')}, but the text also "
            f"allows another scope ({spec.alternative_scope}), which no cited figure covers, so the check cannot decide. "
            + row["explanation"]))
    return row


def evaluate(specs: list[CheckSpec], figures: list[dict], context: dict, text: str = "",
             claims: dict | None = None, source: str = "release text", original_language: tuple = ()) -> list[dict]:
    """Ledger rows for validated check specs (no files read): the engine behind :func:`build_checks`.

    ``original_language`` names context rows that quote the release itself in
    its original language (they count as the release when subjects are derived).
    """
    ctx = _Context(CheckInputs(figures, context, original_language), text, dict(claims or {}), source)
    evaluators, rows = _evaluators(), []
    for spec in specs:
        for row in evaluators[spec.check_type](spec, ctx):
            row["subject"] = _subject(spec, row, ctx)
            rows.append(_apply_premises(spec, row))
    ids = [row["check_id"] for row in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"check ids generated twice: {duplicates}")
    for row in rows:
        assert row["verdict"] in VERDICTS, row
    return rows


def build_checks(release, figures: list[dict], context: dict, changes: list[dict]) -> list[dict]:
    """The ledger of a release folder: its ``checks.yaml`` evaluated on its figures and context.

    ``changes`` (the year-on-year table) is not needed: every check reads
    the figures and context figures directly. A release folder without a
    ``checks.yaml`` gets an empty ledger. Every register claim must be
    used by some check, so that no claim of the text goes unchecked.
    """
    path = Path(release.root) / release.record.get("checks", "checks.yaml")
    if not path.exists():
        return []
    register = load_register(release.register_path)
    claims = {claim.claim_id: claim for claim in register.claims}
    known = {row["figure_id"] for row in figures} | set(context)
    specs = load_check_specs(path, known, set(claims))
    unused = sorted(set(claims) - {s.params.get("text_claim") for s in specs})
    if unused:
        from release_figures.stages.checks.definitions import CheckSpecError

        raise CheckSpecError(f"{path}: register claim(s) {unused} are used by no check; add a claim_vs_context entry for each")
    return evaluate(specs, figures, context, release.text(), claims, str(release.text_path),
                    release.original_language_context)


def write_checks(rows: list[dict], out_dir: str | Path) -> Path:
    """Write ``checks.csv`` into ``out_dir`` atomically, with the contract's columns."""
    from release_figures.tables.datapackage import contract_columns

    if contract_columns("checks") != CHECK_COLUMNS:
        raise RuntimeError("contracts/checks.yaml and CHECK_COLUMNS list different columns; update both together")
    return write_csv_atomic(Path(out_dir) / "checks.csv", CHECK_COLUMNS, rows)

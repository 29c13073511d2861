"""Agreement with other official statements: the same figure elsewhere, and a change against the levels it links."""

from __future__ import annotations

from fractions import Fraction

from release_figures.rounding.intervals import TIE_RULES, TieRuleResult, change_between, growth_factor
from release_figures.rounding.whole_counts import implied_previous_value, is_count, whole_if_count
from release_figures.rounding.tie_rules import round_half_up
from release_figures.stages.checks.definitions import CheckSpec
from release_figures.stages.checks.inputs import num, period_within
from release_figures.stages.checks.rows import Context, at_most, both_rules, holds_where, ledger_row
from release_figures.stages.checks.verdicts import VERDICT_WORDS, Verdict, verdict_of
from release_figures.words import between, period_words

__all__ = ["check_agreement", "check_change_vs_levels"]

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


def _agreement_verdict(ctx: "Context", fig: str, other: str, relation: str | None) -> tuple[Verdict, str]:
    """The verdict of one agreement under one relation, and its lead sentence."""
    iv = ctx.inputs.interval
    a, b = both_rules(lambda rule: iv(fig, rule)), both_rules(lambda rule: iv(other, rule))
    va, vb = ctx.inputs.value(fig), ctx.inputs.value(other)
    if relation is None:
        return Verdict("not_testable"), "The periods neither match nor nest, so neither figure bounds the other."
    if relation == "equal":
        holds = TieRuleResult(a.half_up.intersect(b.half_up), a.half_even.intersect(b.half_even))
        as_printed = ctx.inputs.matches_printed(va, other) or ctx.inputs.matches_printed(vb, fig)
        overlap = ("with rounding they share no value" if holds.half_up.is_empty
                   else f"with rounding both can be any value {between(holds.half_up, 6, whole=is_count(ctx.inputs.unit(fig)))}")
        return verdict_of(as_printed, holds), f"As printed, {ctx.inputs.label(fig)} against {ctx.inputs.label(other)}; {overlap}."
    low, high = (fig, other) if relation == "at_most" else (other, fig)
    holds = holds_where(tuple(at_most(iv(low, rule), iv(high, rule)) for rule in TIE_RULES))
    as_printed = at_most(ctx.inputs.printed_range(low), ctx.inputs.printed_range(high))
    words = "no more than" if relation == "at_most" else "no less than"
    other_label = ctx.inputs.label(other)
    if ctx.inputs.printed(other).qualifier == "more_than":
        other_label = f"\u201c{other_label}\u201d"  # "no more than 'more than 37,000'": the range it names
    return verdict_of(as_printed, holds), f"As printed, {ctx.inputs.label(fig)} is {words} {other_label}."


def check_agreement(spec: CheckSpec, ctx: "Context") -> list[dict]:
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
    words = lead + (f" Periods: {period_words(period)} (the release) and {period_words(other_period)} "
                    f"({ctx.inputs.statement(other)}).")
    if len(results) > 1:
        readings = "; ".join(f"read as {period_words(r[0])}, it {VERDICT_WORDS[r[2].verdict]}" for r in results)
        words = (f"The text leaves the release's period open ({readings}). " + words)
        if len({r[2].verdict for r in results}) > 1:
            verdict = Verdict("not_testable")
            words += " The readings disagree, so the check cannot decide."
    evidence = p.get("scope_evidence")
    if scope == "different":
        words = (f"The two statements differ in scope ({ctx.scope_reason(evidence)}), so they are not compared "
                 f"for equality; the other is larger by {between(b_minus_a, 6, whole=is_count(ctx.inputs.unit(fig)))}. "
                 + words)
    elif scope == "wider":
        words = (f"The other statement has the wider scope ({ctx.scope_reason(evidence)}), so the release's figure "
                 "can be at most its figure. " + words)
    expected = {"equal": f"the same number: {ctx.inputs.describe(other)}",
                "at_most": f"no more than {ctx.inputs.describe(other)}",
                "at_least": f"no less than {ctx.inputs.describe(other)}"}.get(
        relation, f"a period that matches or nests with {other_period}")
    used = [fig, other] + ([evidence] if evidence in ctx.inputs.context else [])
    return [ledger_row(spec, used, expected, ctx.inputs.describe(fig), verdict, words,
                 nearest=f"{ctx.inputs.label(other)} ({ {'equal': 'equal', 'at_least': 'or more'}.get(relation, 'or less')})")]


def _levels_as_printed(ctx: "Context", prev: str, cur: str, chg: str) -> bool:
    """Whether some figure of current = previous x (1 + change/100), computed from the others as printed, prints as printed.

    The previous level from the current level and the change; the current
    level from the previous one and the change; and the change from the two
    levels: for a count, some whole previous level (inside the range a "more
    than" figure names) must give, from the printed current level, a change
    that prints as the printed one (391,000 against 370,001: +5.675%, printed 5.7%).
    """
    printed = ctx.inputs.printed_range
    unit = ctx.inputs.unit(prev)
    levels_for_change = whole_if_count((printed(cur) / growth_factor(ctx.inputs.reading(chg, "half_up")))
                                       .intersect(printed(prev)), unit)
    return not levels_for_change.is_empty or ctx.inputs.any_prints_as({
        prev: printed(cur) / growth_factor(printed(chg)), cur: printed(prev) * growth_factor(printed(chg))})


def check_change_vs_levels(spec: CheckSpec, ctx: "Context") -> list[dict]:
    """A stated change against the two levels it links: current = previous x (1 + change/100)."""
    p, iv, val = spec.params, ctx.inputs.interval, ctx.inputs.value
    prev, cur, chg = p["previous"], p["current"], p["change"]
    unit = ctx.inputs.unit(cur)
    implied = both_rules(lambda rule: implied_previous_value(iv(cur, rule), iv(chg, rule), unit))
    holds = TieRuleResult(implied.half_up.intersect(iv(prev, "half_up")), implied.half_even.intersect(iv(prev, "half_even")))
    verdict = verdict_of(_levels_as_printed(ctx, prev, cur, chg), holds)
    if p.get("scope") == "different":
        verdict = Verdict("not_testable")
    between = change_between(iv(prev), iv(cur))
    step = Fraction(ctx.inputs.printed(chg).precision)
    nearest = f"a change of {num(round_half_up(between.midpoint, step))}% (the levels give {between.format(4)}), or a previous level in {implied.half_up.format(6)}"
    return [ledger_row(spec, [prev, cur, chg], f"previous level {ctx.inputs.describe(prev)}",
                 f"{ctx.inputs.label(cur)} / (1 + {ctx.inputs.label(chg)}) = {implied.half_up.format(7)} (half-up), "
                 f"{implied.half_even.format(7)} (half-even); the levels imply a change of {between.format(4)}%",
                 verdict, f"The previous level implied by {_levels_owner(ctx, cur, chg)} "
                 f"{'overlaps' if not holds.half_up.is_empty else 'misses'} the level stated by {ctx.inputs.statement(prev)}. "
                 f"{'Counts are whole numbers, so only whole numbers are kept. ' if is_count(unit) else ''}Periods: "
                 f"{period_words(ctx.inputs.period(prev))} and {period_words(ctx.inputs.period(cur))}.", nearest=nearest)]


def _owner(ctx: "Context", key: str) -> str:
    """Whose number an id is, possessive: "the release's" or "China Drug Situation Report 2022 (reprint)'s"."""
    if ctx.inputs.is_figure(key):
        return "the release's"
    return f"{ctx.inputs.producer(key)}'s"


def _levels_owner(ctx: "Context", current: str, change: str) -> str:
    """'the release's current level and change', naming both owners when they differ."""
    if _owner(ctx, current) == _owner(ctx, change):
        return f"{_owner(ctx, current)} current level and change"
    return f"{_owner(ctx, current)} current level and {_owner(ctx, change)} change"



"""Claims of the text against its own figures: direction words, counts of rises and falls, claims against another statement."""

from __future__ import annotations

from release_figures.reading.directions import direction_of
from release_figures.reading.quotes import locate_quote
from release_figures.rounding.intervals import TIE_RULES
from release_figures.stages.checks.definitions import CheckSpec
from release_figures.stages.checks.inputs import num
from release_figures.stages.checks.rows import DIRECTION_WORD, Context, both_rules, ledger_row
from release_figures.stages.checks.verdicts import Verdict, sign_of

__all__ = ["clause_around", "check_direction_words", "check_claim_vs_signs", "check_claim_vs_context"]

_CLAUSE_MARKS = (",", ";", ":", ". ", "\n", "，", "、", "；", "：", "。", "！", "？")


def clause_around(text: str, start: int, end: int) -> str:
    """The clause holding text[start:end]: bounded by , ; : or a sentence end outside that span.

    Chinese punctuation (，、；：。！？) bounds a clause as well.
    """
    left = max(text.rfind(mark, 0, start) for mark in _CLAUSE_MARKS)
    rights = [i for i in (text.find(mark, end) for mark in _CLAUSE_MARKS) if i != -1]
    return text[left + 1: min(rights) if rights else len(text)].strip()


def check_direction_words(spec: CheckSpec, ctx: "Context") -> list[dict]:
    """Every figure whose clause holds a rise or fall word, against the sign of its value."""
    rows = []
    for key, row in ctx.inputs.figures.items():
        clause = clause_around(ctx.text, int(row["number_start"]), int(row["number_end"]))
        word = direction_of(clause)
        if word is None:
            continue
        signs = both_rules(lambda rule: ctx.inputs.interval(key, rule))
        sign = sign_of(signs.half_up) if sign_of(signs.half_up) == sign_of(signs.half_even) else None
        if sign is None:
            verdict, why = Verdict("not_testable"), "the value's interval straddles zero, so its sign is not known"
        elif sign == word:
            verdict, why = Verdict("consistent"), "the word and the sign agree"
        else:
            verdict, why = Verdict("gross_inconsistency"), "the word and the sign point opposite ways"
        rows.append(ledger_row(spec, [key], f"sign {word:+d} ({DIRECTION_WORD[word]}: {clause!r})",
                         f"{ctx.inputs.describe(key)}: sign {'unknown' if sign is None else format(sign, '+d')}",
                         verdict, f"The clause around {ctx.inputs.label(key)} reads {DIRECTION_WORD[word]}; {why}.",
                         nearest=f"{'-' if word < 0 else ''}{num(abs(ctx.inputs.value(key)))} (the sign the word gives)",
                         claim=f"The direction word beside {ctx.inputs.label(key)} matches its sign",
                         check_id=f"{spec.check_id}-{key}"))
    return rows


def check_claim_vs_signs(spec: CheckSpec, ctx: "Context") -> list[dict]:
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
    return [ledger_row(spec, [p["rises"], p["falls"], *changes], expected, observed, verdict,
                 f"The claim counts {expected}; {why}.", nearest=f"a claim of {got[0]} rises and {got[1]} falls")]


def check_claim_vs_context(spec: CheckSpec, ctx: "Context") -> list[dict]:
    """A register claim (a direction, or a run of years) against a context figure."""
    p = spec.params
    claim = ctx.claims[p["text_claim"]]
    locate_quote(ctx.text, claim.quote, claim.occurrences, f"claim {claim.claim_id!r} (check {spec.check_id!r})", ctx.source)
    inputs = [p["text_claim"]] + [p[k] for k in ("figure", "context") if p.get(k)]
    if p["rule"] == "direction":
        word = direction_of(claim.quote)
        expected = f"{DIRECTION_WORD[word]} ({claim.quote!r})"
        if not p.get("context"):
            return [ledger_row(spec, inputs, expected, "no figure states this change", Verdict("not_testable"),
                         "Neither the release nor the context data gives a number for this change.")]
        signs = {sign_of(ctx.inputs.interval(p["context"], rule)) for rule in TIE_RULES}
        sign = signs.pop() if len(signs) == 1 else None
        observed = f"{ctx.inputs.describe(p['context'])}: {DIRECTION_WORD.get(sign, 'sign unknown')}"
        if word is None or sign is None:
            verdict, why = Verdict("not_testable"), "the claim's words or the figure's sign do not give one direction"
        else:
            verdict = Verdict("consistent" if word == sign else "gross_inconsistency")
            why = "the claim and the figure agree" if word == sign else "the figure runs the other way"
        return [ledger_row(spec, inputs, expected, observed, verdict, f"The text states {expected}; {why}.",
                     nearest=f"the opposite claim: {DIRECTION_WORD.get(sign)}")]
    # run_length: a run of N years in period P continues a run of M years stated for period Q.
    years = int(ctx.inputs.period(p["figure"])[:4]) - int(ctx.inputs.period(p["context"])[:4])
    then, now = ctx.inputs.value(p["context"]), ctx.inputs.value(p["figure"])
    expected = f"{num(then)} + {years} = {num(then + years)} years"
    verdict = Verdict("consistent" if now == then + years else "inconsistent")
    return [ledger_row(spec, inputs, expected, f"{ctx.inputs.label(p['figure'])} years ({p['figure']})", verdict,
                 f"The run stated for {ctx.inputs.period(p['context'])} was {num(then)} years; {years} year(s) later "
                 f"it should be {num(then + years)}, and the release says {num(now)}.", nearest=f"{num(then + years)} years")]



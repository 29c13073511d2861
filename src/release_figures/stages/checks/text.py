"""Text-integrity findings: facts about the source text, kept as ledger rows with evidence.

Four findings (``finding:`` in checks.yaml):

* ``duplicate``: a figure whose quote occurs more than once; the
  paragraphs holding each occurrence are compared character for character.
* ``period_phrase``: a phrase such as "As of the end of November 2022"
  that opens a paragraph, against a context figure whose own period is
  known. A figure equal to the context figure of a different end month
  runs to that month, not to the phrase's.
* ``unit``: the unit word printed after a figure ("600 million people")
  against the unit of the same figure in another statement (person-times).
* ``reading``: a reading of the English (e.g. "417 million" as an increase)
  against the context figure that reading would have to equal.
"""

from __future__ import annotations

import re

from release_figures.stages.checks.inputs import end_month
from release_figures.words import number_words, period_words
from release_figures.rounding.intervals import TIE_RULES, TieRuleResult
from release_figures.reading.quotes import find_all
from release_figures.stages.checks.rows import ledger_row
from release_figures.stages.checks.verdicts import Verdict, reading_verdict, verdict_of

__all__ = ["check_text_integrity", "paragraph_span", "UNIT_WORDS", "phrase_month"]

# English unit words as printed, and the unit (of the figures' vocabulary) they name.
UNIT_WORDS = {"people": "persons", "persons": "persons", "person": "persons", "person-times": "person-times",
              "visits": "person-times", "cases": "cases", "vehicles": "vehicles", "drivers": "persons",
              "tons": "tons", "yuan": "yuan", "items": "items", "gangs": "gangs"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_PHRASE_RE = re.compile(rf"end of ({'|'.join(_MONTHS)}) (\d{{4}})", re.IGNORECASE)


def paragraph_span(text: str, offset: int) -> tuple[int, int]:
    """(start, end) of the paragraph holding ``offset`` (paragraphs are separated by blank lines)."""
    start = text.rfind("\n\n", 0, offset)
    end = text.find("\n\n", offset)
    return (0 if start == -1 else start + 2), (len(text) if end == -1 else end)


def phrase_month(phrase: str) -> str:
    """'As of the end of November 2022' -> '2022-11'; ValueError if no 'end of <Month> <year>'."""
    match = _PHRASE_RE.search(phrase)
    if not match:
        raise ValueError(f"phrase {phrase!r} holds no 'end of <Month> <year>'")
    month = [m.lower() for m in _MONTHS].index(match.group(1).lower()) + 1
    return f"{match.group(2)}-{month:02d}"


def _agree(ctx, a: str, b: str) -> tuple[bool, TieRuleResult]:
    """Whether two ids agree as printed (one's value prints as the other), and their interval overlap under each rule."""
    overlap = TieRuleResult(*(ctx.inputs.interval(a, r).intersect(ctx.inputs.interval(b, r)) for r in TIE_RULES))
    as_printed = ctx.inputs.matches_printed(ctx.inputs.value(a), b) or ctx.inputs.matches_printed(ctx.inputs.value(b), a)
    return as_printed, overlap


def check_text_integrity(spec, ctx) -> list[dict]:
    """One ledger row for a text-integrity finding (see the module docstring)."""
    p = spec.params
    finding, key = p["finding"], p["figure"]
    row = ctx.inputs.figures.get(key)
    if row is None:
        raise ValueError(f"check {spec.check_id!r}: text_integrity findings need a figure of the release, got {key!r}")
    if finding == "duplicate":
        starts = [int(row["start"])] + [int(s) for s in row["other_starts"].split()]
        paragraphs = [ctx.text[slice(*paragraph_span(ctx.text, s))].strip() for s in starts]
        same = len(set(paragraphs)) == 1
        verdict = Verdict("not_testable") if len(starts) == 1 else Verdict("consistent" if same else "inconsistent")
        return [ledger_row(spec, [key], "each copy of the repeated paragraph gives the same figures",
                     f"quote at offsets {', '.join(map(str, sorted(starts)))}; paragraphs of {len(paragraphs[0])} characters, "
                     f"{'identical' if same else 'different'}", verdict,
                     f"The text prints this paragraph {len(starts)} times; {'the copies are identical, so the figure is counted once' if same else 'the copies differ'}.",
                     nearest="identical copies")]
    if finding == "unit":
        quote = row["quote"]
        after = quote[int(row["number_end"]) - int(row["start"]):].split()
        word = after[0].strip(".,;") if after else ""
        printed_unit, other_unit = UNIT_WORDS.get(word.lower()), ctx.inputs.unit(p["context"])
        same_value, overlap = _agree(ctx, key, p["context"])
        if printed_unit is None:
            verdict = Verdict("not_testable")
        else:
            verdict = verdict_of(printed_unit == other_unit, (printed_unit == other_unit,) * 2)
        return [ledger_row(spec, [key, p["context"]], f"the unit of {ctx.inputs.label(p['context'])}: {other_unit}",
                     f"printed: {ctx.inputs.label(key)} {word!r} (read as {printed_unit or 'unknown'}); "
                     f"values {'agree' if not overlap.half_up.is_empty else 'differ'}: {ctx.inputs.describe(p['context'])}",
                     verdict, f"The English prints the unit as {word!r}; the other statement counts {other_unit}.",
                     nearest=f"{ctx.inputs.label(key)} {other_unit}")]
    if finding == "reading":
        # A reading is possible when the figure and the number it would have to be agree within rounding.
        same_value, overlap = _agree(ctx, key, p["context"])
        verdict = reading_verdict(not overlap.half_up.is_empty or not overlap.half_even.is_empty)
        return [ledger_row(spec, [key, p["context"]], f"read as {p['reading']}, it would equal {ctx.inputs.describe(p['context'])}",
                     ctx.inputs.describe(key), verdict,
                     f"Read as {p['reading']}, {ctx.inputs.label(key)} would have to match {ctx.inputs.label(p['context'])} "
                     f"({ctx.inputs.statement(p['context'])}); it {'does, so the reading is possible' if not overlap.half_up.is_empty else 'does not, so the figures rule this reading out'}. "
                     "This tests what the English could mean, not the release's arithmetic.",
                     nearest=f"{ctx.inputs.label(p['context'])}")]
    # period_phrase
    phrase = p["phrase"]
    starts = find_all(ctx.text, phrase)
    figure_start = int(row["number_start"])
    span = paragraph_span(ctx.text, figure_start)
    heads = [s for s in starts if span[0] <= s < figure_start]
    month = phrase_month(phrase)
    other_end = end_month(ctx.inputs.period(p["context"]))
    month_text, other_text = period_words(month), period_words(other_end)
    in_paragraph = [fid for fid, r in ctx.inputs.figures.items() if heads and heads[0] <= int(r["start"]) < span[1]]
    same_value, overlap = _agree(ctx, key, p["context"])
    agree = not overlap.half_up.is_empty or not overlap.half_even.is_empty
    if not heads or p.get("scope", "same") != "same":
        verdict, why = Verdict("not_testable"), ("the phrase does not open this figure's paragraph" if not heads
                                                 else "the other statement has a different scope")
    elif agree and other_end == month:
        verdict, why = verdict_of(same_value, overlap), f"the figure matches a statement that also runs to {month_text}"
    elif agree:
        # A total to an earlier month can print the same as a later total when the months
        # between added less than the rounding unit: unlikely, but rounding cannot rule it out.
        unit = ctx.inputs.reading(key).width
        verdict, why = Verdict("not_testable"), (
            f"the figure prints the same as a statement that runs to {other_text}; a total to {month_text} could "
            f"print the same only if the months after {month_text} added less than the rounding unit "
            f"({number_words(unit)} {row['unit']}), so the figure most likely runs to {other_text} and the phrase "
            "does not cover it, "
            "but the rounding cannot decide")
    elif other_end > month and ctx.inputs.interval(p["context"]).lo is not None \
            and ctx.inputs.interval(key).hi is not None and ctx.inputs.interval(p["context"]).lo >= ctx.inputs.interval(key).hi:
        verdict, why = Verdict("consistent"), (f"the figure is smaller than the total to {other_text}, as a total to "
                                                f"{month_text} should be")
    else:
        verdict, why = Verdict("not_testable"), "the other statement neither matches nor bounds the figure"
    return [ledger_row(spec, [key, p["context"]], f"a figure that runs to {month} ({phrase!r})",
                 f"{ctx.inputs.describe(key)}; {ctx.inputs.describe(p['context'])}, runs to {other_end}; "
                 f"figures in the paragraph the phrase opens: {' '.join(in_paragraph) or 'none'}",
                 verdict, f"{why[0].upper()}{why[1:]}.", nearest=f"a period ending {other_end} for {key}")]


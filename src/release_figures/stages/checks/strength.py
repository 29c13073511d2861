"""How strongly each check tests the figures: whether it could have failed, and how close it came.

Rules. Two columns of ``checks.csv`` say how strong a test each check is,
computed after every verdict:

* ``could_fail``: ``no`` when no printed number could have turned the
  verdict into a failure (an inconsistency, an unusual value, a reading
  ruled out): because the verdict follows from how the inputs were read (a
  direction word against the sign read from that same word), because the
  check never compares numbers (two statements of different scope), because
  nothing says what the numbers should be (a spread of ratios with no bound),
  or because no change of any single printed number, up to 8,192 rounding
  units either way, makes it fail (a whole-number target behind a share
  printed to 0.1% exists for any count above about a thousand). Such a
  check is a self-check of the reading or a description, never evidence
  about the release. A moved number must stay a value of its kind: a share
  between 0 and 100 percent, a change above -100 percent, a count or an
  amount not negative.
* ``margin_steps``: the smallest change of any single printed number of the
  check, counted in units of its last printed digit (its rounding unit),
  that changes the verdict. 1 means a change of the last printed digit
  flips it (a sharp test); 74 means the number would have to be 74 rounding
  units higher or lower (a weak bound). Found by trying each number
  (figures and other statements alike) up and down by 1, 2, 4, ... units
  up to 8,192, then halving back to the first change. Empty, with the
  reason in ``margin_note``, where it is not defined: a check that could
  not fail, a check of wording rather than numbers, or no change within
  8,192 units.

The nearest precedent is GRIM's share of reported means that could have
been caught as impossible (the ``scrutiny`` package's ``grim_ratio``): a
property of the numbers' granularity alone, before any test is run. The
margin here is a property of one test on these figures: how far one
printed number is from the value at which this check's verdict would
change.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from fractions import Fraction

from release_figures.reading.numbers import PrintedNumber, format_decimal
from release_figures.stages.checks.definitions import CheckSpec
from release_figures.stages.checks.verdicts import FAILING_VERDICTS
from release_figures.words import number_words

__all__ = ["MAX_STEPS", "FAILING", "could_fail", "strength", "STRENGTH_COLUMNS"]

MAX_STEPS = 8192  # the Rules paragraph above states this limit in words; a test ties them
STRENGTH_COLUMNS = ("could_fail", "margin_steps", "margin_note")


def could_fail(spec: CheckSpec) -> tuple[bool, str]:
    """Whether some printed numbers could have made this check fail, and if not, why not (in words)."""
    params = spec.params
    if spec.check_type == "direction_words":
        return False, "the sign was read from the same direction word the check compares it with"
    if params.get("scope") == "different":
        return False, "the two statements differ in scope, so their numbers are never compared"
    if spec.check_type == "ratio_spread" and "at_least" not in params:
        return False, "nothing says what the ratio should be; the check describes the spread"
    if spec.check_type == "claim_vs_context" and params.get("rule") == "direction" and not params.get("context"):
        return False, "no figure states this change, so nothing can contradict the claim"
    return True, ""


def _plausible(inputs, key: str, steps: int) -> bool:
    """Whether a number moved ``steps`` rounding units stays a value its kind can take.

    A share lies between 0 and 100 percent, a change in percent above -100,
    and counts and amounts are not negative: a check that could fail only at
    a share of 214% could not fail.
    """
    printed = inputs.printed(key)
    value = printed.value + steps * printed.precision
    if key in inputs.figures:
        kind = inputs.figures[key]["kind"]
    else:  # a context row has no kind: a percentage is a change when its indicator says so, else a share
        kind = ("change_pct" if "change" in inputs.context[key].indicator else "share_pct") if printed.percent else ""
    if kind == "share_pct":
        return 0 <= value <= 100
    if printed.percent or printed.points:
        return value > -100
    return value >= 0


def _shifted(number: PrintedNumber, value: Decimal) -> PrintedNumber:
    return PrintedNumber(number.stated, value, number.precision, number.qualifier, number.percent, number.points)


def _inputs_with(inputs, key: str, steps: int):
    """A copy of the check inputs in which ``key``'s printed value is ``steps`` rounding units away."""
    from release_figures.stages.checks.inputs import CheckInputs

    figures = dict(inputs.figures)
    context = dict(inputs.context)
    if key in figures:
        row = figures[key]
        value = Decimal(row["value"]) + steps * Decimal(row["precision"])
        figures[key] = {**row, "value": format_decimal(value)}
    else:
        figure = context[key]
        value = figure.value + steps * figure.precision
        context[key] = dataclasses.replace(figure, value=value, printed=_shifted(figure.printed, value))
    return CheckInputs(list(figures.values()), context, inputs.original_language)


FAILING = FAILING_VERDICTS
# Checks whose verdict rests on words or on the text, not on the printed numbers: they can fail (the words
# could have differed) but have no margin in rounding units.
WORDING_TYPES = ("chinese_wording",)
WORDING_FINDINGS = ("duplicate",)


def _first(verdict, key: str, direction: int, differs, near: list[int]) -> int | None:
    """The fewest rounding units in ``direction`` at which ``differs(verdict)`` holds, up to MAX_STEPS, or None.

    Tries 1, 2, 4, ... units, then halves back between the last unchanged
    and the first changed try. A verdict that changes only in a narrow window
    (a figure that must equal another) is found by also trying the steps at
    which the figure meets the other numbers of the check (``near``), and the
    few units around each.
    """
    found = None
    low, high = 0, 1
    while True:
        result = verdict(key, direction * high)
        if result is None:
            # Past the values the number can take: try the last one it can take before giving up.
            edge, beyond = low, high
            while beyond - edge > 1:
                middle = (edge + beyond) // 2
                if verdict(key, direction * middle) is None:
                    beyond = middle
                else:
                    edge = middle
            if edge <= low:
                break
            high = edge
            result = verdict(key, direction * high)
            if not differs(result):
                break
        if differs(result):
            while high - low > 1:
                middle = (low + high) // 2
                result = verdict(key, direction * middle)
                if result is not None and differs(result):
                    high = middle
                else:
                    low = middle
            found = high
            break
        if high >= MAX_STEPS:
            break
        low, high = high, min(high * 2, MAX_STEPS)
    for centre in sorted(step for step in near if 0 < step <= MAX_STEPS and (found is None or step - 3 < found)):
        for steps in range(max(1, centre - 3), min(MAX_STEPS, centre + 3) + 1):
            if found is not None and steps >= found:
                break
            result = verdict(key, direction * steps)
            if result is not None and differs(result):
                found = steps
                break
    return found


def _meeting_steps(inputs, key: str, others: list[str], direction: int) -> list[int]:
    """Steps (in ``key``'s rounding units, in ``direction``) at which ``key`` meets another number, or two combined.

    The values ``key`` would need to equal another input of the same unit, or
    the sum or difference of two: where an equality or a reading changes its
    verdict in a narrow window.
    """
    value, step = Fraction(inputs.printed(key).value), Fraction(inputs.printed(key).precision)
    same = [Fraction(inputs.printed(other).value) for other in others
            if other != key and inputs.unit(other) == inputs.unit(key)]
    targets = set(same) | {a + b for a in same for b in same} | {a - b for a in same for b in same if a != b}
    return sorted({int(abs(target - value) / step) for target in targets if (target - value) * direction > 0})


def strength(spec: CheckSpec, row: dict, ctx, evaluate_one) -> tuple[str, str, str]:
    """``(could_fail, margin_steps, margin_note)`` of one ledger row (see the module docstring).

    ``evaluate_one(spec, ctx)`` gives the spec's ledger rows for a context
    (the engine's own evaluation, premises included).
    """
    from release_figures.stages.checks.rows import Context

    fails, why_not = could_fail(spec)
    if not fails:
        return "no", "", why_not
    if spec.check_type in WORDING_TYPES or spec.params.get("finding") in WORDING_FINDINGS:
        return "yes", "", "the verdict rests on the wording of the text, not on a printed number"
    numbers = [key for key in row["inputs"].split() if key in ctx.inputs.figures or key in ctx.inputs.context]
    if not numbers:
        return "yes", "", "the check reads no printed number"

    def verdict(key: str, steps: int) -> str | None:
        if not _plausible(ctx.inputs, key, steps):
            return None
        try:
            changed = Context(_inputs_with(ctx.inputs, key, steps), ctx.text, ctx.claims, ctx.source,
                              ctx.check_claims, ctx.chinese)
            rows = {r["check_id"]: r for r in evaluate_one(spec, changed)}
        except (ArithmeticError, ValueError, KeyError):
            return None  # the changed number makes the check meaningless (a divisor of zero, ...)
        found = rows.get(row["check_id"])
        return None if found is None else found["verdict"]

    best, can_fail = None, row["verdict"] in FAILING
    for key in numbers:
        for direction in (1, -1):
            near = _meeting_steps(ctx.inputs, key, numbers, direction)
            steps = _first(verdict, key, direction, lambda result: result != row["verdict"], near)
            if steps is not None and (best is None or steps < best[0]):
                best = (steps, key, direction)
            if not can_fail and _first(verdict, key, direction, lambda result: result in FAILING, near) is not None:
                can_fail = True
    if not can_fail:
        return "no", "" if best is None else str(best[0]), (
            f"no change of a single printed number, up to {MAX_STEPS:,} rounding units, makes the check fail"
            + (f"; {_note(ctx, *best)}" if best else ""))
    if best is None:
        return "yes", "", f"no change of a single printed number, up to {MAX_STEPS:,} rounding units, changes the verdict"
    return "yes", str(best[0]), _note(ctx, *best)


def _note(ctx, steps: int, key: str, direction: int) -> str:
    """The margin in words: whose number, printed as what, how many rounding units which way."""
    printed = ctx.inputs.printed(key)
    precision = Fraction(printed.precision)
    value = Fraction(printed.value) + direction * steps * precision
    unit = "" if ctx.inputs.unit(key) in ("percent", "percentage points") else f" {ctx.inputs.unit(key)}"
    owner = "the release's" if ctx.inputs.is_figure(key) else f"{ctx.inputs.producer(key)}'s"
    return (f"{owner} {ctx.inputs.label(key)}{unit} printed as {number_words(value)} ({number_words(steps)} rounding "
            f"unit{'s' if steps > 1 else ''} of {number_words(precision)} {'higher' if direction > 0 else 'lower'}) "
            "would change the verdict")

"""The verdict vocabulary of the consistency checks, and how a verdict is reached.

Every check in the ledger (``checks.csv``) ends in one of :data:`VERDICTS`,
computed by :func:`verdict_of` from whether the check holds for the
figures as printed, and under each tie rule once rounding is taken into
account (see :mod:`release_figures.rounding.intervals`). The words and their
definitions live here only; the data contract, the methods page and the
chapter read them from this module.

Rules:

* The check holds for the printed values themselves: ``consistent``.
  "As printed" has one meaning in every family: some figure of the
  relation, computed from the others as printed, prints as printed
  (rounded half-up to its printed precision it gives its printed value;
  for a "more than" figure, it lies inside the range the figure names).
  The others take their printed values, or any value inside the range a
  "more than" figure names, and a quantity the release does not print but
  that must be a whole number (a target behind a completion rate, a
  previous year's count behind a change) may take any whole value.
  Examples (invented numbers): 3.62 million + 0.47 million = 4.09 million
  prints as 4.1 million; a target of 2,150 centres gives 2,131 / 2,150 =
  99.116%, printed 99.1%; a previous level of 120,001, inside 12万余, gives
  126,000 / 120,001 - 1 = 4.999%, printed 5.0%. It does not matter which
  figure of the relation is computed from the others.
* Otherwise it holds for some true values inside the figures' intervals
  under the default tie rule (half-up), whatever the other rule gives:
  ``consistent_within_rounding``.
* Otherwise it holds only under the other tie rule (half-even):
  ``consistent_other_rounding``.
* Otherwise ``inconsistent``, or ``gross_inconsistency`` when what fails
  is a sign, a direction or a stated claim.
* ``unusual`` when the figures can all be true together but imply a value
  that the check's stated rule marks as worth a question (a December far
  from the months before it): never an inconsistency.
* ``not_testable`` when the figures do not decide the check: the
  rounding is too coarse (an interval straddles the point that matters),
  the figures do not measure the same thing, the text leaves a period or
  scope open and the readings disagree, or the verdict would rest on an
  assumption no cited statement makes.

A check that tests a *reading* of a translated text (what the translation
could mean) is not a test of the release's arithmetic: it ends in
``reading_ruled_out`` or ``reading_possible``, never in ``inconsistent``.

Every check also has a subject (:data:`SUBJECTS`): what its evidence is
about. Only ``release`` and ``release_vs_other`` checks are findings about
the release (:data:`FINDING_SUBJECTS`).
"""

from __future__ import annotations

from dataclasses import dataclass

from release_figures.rounding.intervals import Interval, TieRuleResult

__all__ = ["VERDICTS", "VERDICT_WORDS", "SUBJECT_WORDS", "FAILING_VERDICTS", "VERDICT_ORDER", "READING_VERDICTS", "SUBJECTS", "FINDING_SUBJECTS", "FAMILIES",
           "TIE_RULE_WORDS", "Verdict", "verdict_of", "reading_verdict", "sign_of", "is_plainly_consistent",
           "is_finding_about_release"]

VERDICTS = {
    "consistent": "The check holds for the figures as printed: the result computed from the printed values prints "
                  "as the figure it is compared with (or lies in the range a 'more than' figure names).",
    "consistent_within_rounding": "The check holds only for true values inside the rounding intervals other than "
                                  "the printed points.",
    "consistent_other_rounding": "The check holds only under the other tie rule (half-even instead of half-up).",
    "inconsistent": "No true values inside the figures' rounding intervals satisfy the check.",
    "gross_inconsistency": "An inconsistency in which a sign, a direction or a stated claim flips.",
    "unusual": "The figures can all be true together, but they imply a value far from what the others suggest, "
               "by the check's stated rule (a remainder more than twice, or less than half, the monthly average of "
               "the months reported): a question for the publisher, not an inconsistency.",
    "not_testable": "The figures cannot decide the check: the rounding is too coarse, the scopes differ, "
                    "the text allows readings that disagree, or only an unstated assumption would decide it.",
    "reading_ruled_out": "A reading of the translation that the figures rule out: the English cannot mean this.",
    "reading_possible": "A reading of the translation that the figures allow.",
}
# Each verdict as a reader reads it: the codes stay in the data, the pages show these words.
VERDICT_WORDS = {
    "consistent": "agrees as printed",
    "consistent_within_rounding": "agrees within rounding only",
    "consistent_other_rounding": "agrees only under the other rounding rule",
    "inconsistent": "disagrees",
    "gross_inconsistency": "disagrees on a direction or a claim",
    "unusual": "unusual: a question to ask",
    "not_testable": "cannot be decided",
    "reading_ruled_out": "English reading ruled out",
    "reading_possible": "English reading possible",
}
# The verdicts that judge a reading of the translation, not a relation between figures.
READING_VERDICTS = ("reading_ruled_out", "reading_possible")

SUBJECTS = {
    "release": "The release's own figures and claims against each other (its Chinese wording counts as the release).",
    "release_vs_other": "A figure or claim of the release against another official statement.",
    "other_statements": "Statements other than the release against each other: context, never a finding about the release.",
    "translation": "The English machine translation's wording against the Chinese, or a reading of the English "
                   "against what the figures can mean.",
}
# Each subject as a reader reads it beside a verdict.
SUBJECT_WORDS = {
    "release": "the release against itself",
    "release_vs_other": "the release against another statement",
    "other_statements": "other statements only",
    "translation": "the translation",
}
# Subjects whose checks are findings about the release itself.
FINDING_SUBJECTS = ("release", "release_vs_other")
VERDICT_ORDER = tuple(VERDICTS)
# The verdicts a check fails with: an inconsistency, an unusual value, a reading the figures or the Chinese rule out.
FAILING_VERDICTS = ("inconsistent", "gross_inconsistency", "unusual", "reading_ruled_out")

FAMILIES = {
    "claims": "Claims in the text against its own figures",
    "rounding": "Rounding and granularity",
    "ratios": "Ratios and plausibility",
    "stocks_flows": "Stocks and flows",
    "agreement": "Agreement with other official statements",
    "remainders": "What the months not reported imply",
    "translation": "The English against the Chinese, figure by figure",
    "text_integrity": "Text integrity",
}

# What the tie_rule column of the ledger says.
TIE_RULE_WORDS = {
    "either": "holds under either tie rule",
    "half_up": "holds under half-up rounding only",
    "half_even": "holds under half-even rounding only",
    "neither": "fails under both tie rules",
    "": "no rounding needed, or not applicable",
}


@dataclass(frozen=True)
class Verdict:
    """A verdict word and the tie rule it needed ("" when rounding played no part)."""

    verdict: str
    tie_rule: str = ""

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}; expected one of {VERDICT_ORDER}")
        if self.tie_rule not in TIE_RULE_WORDS:
            raise ValueError(f"unknown tie rule word {self.tie_rule!r}; expected one of {tuple(TIE_RULE_WORDS)}")


def verdict_of(holds_as_printed: bool, holds: TieRuleResult | tuple[bool, bool], gross: bool = False) -> Verdict:
    """The verdict of a check from whether it holds as printed and under each tie rule.

    ``holds`` is a :class:`TieRuleResult` whose intervals are non-empty
    where the check holds (e.g. the intersection of an expected and an
    observed interval), or a pair of booleans (half-up, half-even).
    ``gross`` turns a failure into ``gross_inconsistency``.
    """
    if isinstance(holds, TieRuleResult):
        up, even = not holds.half_up.is_empty, not holds.half_even.is_empty
    else:
        up, even = bool(holds[0]), bool(holds[1])
    rule = {(True, True): "either", (True, False): "half_up", (False, True): "half_even", (False, False): "neither"}[(up, even)]
    if holds_as_printed:
        return Verdict("consistent")
    if up:
        return Verdict("consistent_within_rounding", rule)
    if even:
        return Verdict("consistent_other_rounding", rule)
    return Verdict("gross_inconsistency" if gross else "inconsistent", rule)


def reading_verdict(possible: bool) -> Verdict:
    """The verdict of a check that tests a reading of the translation."""
    return Verdict("reading_possible" if possible else "reading_ruled_out")


def is_finding_about_release(row: dict) -> bool:
    """True for a ledger row whose subject makes it a finding about the release."""
    return row.get("subject") in FINDING_SUBJECTS


def sign_of(interval: Interval) -> int | None:
    """+1 if every number of the interval is positive, -1 if every one is negative, else None."""
    if interval.is_empty:
        return None
    if interval.lo is not None and (interval.lo > 0 or (interval.lo == 0 and not interval.lo_closed)):
        return 1
    if interval.hi is not None and (interval.hi < 0 or (interval.hi == 0 and not interval.hi_closed)):
        return -1
    return None


def is_plainly_consistent(verdict: str) -> bool:
    """True for the verdicts that need no paragraph in the chapter (``consistent``, a possible reading)."""
    return verdict in ("consistent", "reading_possible")

"""The ledger row every check family builds, and the small interval helpers they share.

Kept apart from the engine so that each family's module (and the text
checks) can build rows without importing the engine that calls them.
"""

from __future__ import annotations

from release_figures.contracts import contract_columns
from release_figures.rounding.intervals import TIE_RULES, Interval, TieRuleResult
from release_figures.stages.checks.definitions import CheckSpec
from release_figures.stages.checks.verdicts import Verdict

__all__ = ["CHECK_COLUMNS", "ledger_row", "both_rules", "at_most", "holds_where", "DIRECTION_WORD", "Context"]

# The columns of checks.csv, in order: named once, in the table's contract.
CHECK_COLUMNS = contract_columns("checks")
DIRECTION_WORD = {1: "a rise", -1: "a fall", None: "no single direction"}


def ledger_row(spec: CheckSpec, inputs: list[str], expected: str, observed: str, verdict: Verdict,
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


def both_rules(fn, *args) -> TieRuleResult:
    """fn applied to the tie-rule index (0 = half_up, 1 = half_even)."""
    return TieRuleResult(*(fn(rule) for rule in TIE_RULES))


def at_most(a: Interval, b: Interval) -> bool:
    """Whether some x in a and y in b have x <= y."""
    if a.is_empty or b.is_empty or a.lo is None or b.hi is None:
        return not (a.is_empty or b.is_empty)
    return a.lo < b.hi or (a.lo == b.hi and a.lo_closed and b.hi_closed)


def holds_where(flags: tuple[bool, bool]) -> TieRuleResult:
    """Booleans per rule as a TieRuleResult of non-empty/empty intervals."""
    return TieRuleResult(*(Interval.point(0) if f else Interval.empty() for f in flags))



class Context:
    """What every evaluator may read: inputs, the release text, the register's claims, the other checks' claims."""

    def __init__(self, inputs, text: str, claims: dict, source: str, check_claims: dict | None = None,
                 chinese: list[dict] | None = None):
        self.inputs, self.text, self.claims, self.source = inputs, text, claims, source
        self.check_claims = dict(check_claims or {})
        self.chinese = list(chinese or [])  # rows of chinese.csv (stages.chinese), when the release has them

    def scope_reason(self, evidence: str) -> str:
        """Why two statements' scopes differ, as its evidence shows: a check's claim, or a context figure's words."""
        if evidence in self.check_claims:
            return f"the check \u201c{self.check_claims[evidence].rstrip('.')}\u201d shows it"
        figure = self.inputs.context[evidence]
        return f"{figure.statement} counts {figure.indicator} (\u201c{figure.quote}\u201d)"

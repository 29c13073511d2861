"""The consistency checks: check definitions + figures + context -> the ledger.

:func:`build_checks` reads the release's ``checks.yaml`` (see
:mod:`release_figures.stages.checks.definitions`), evaluates every check with exact
interval arithmetic (:mod:`release_figures.rounding.intervals`) and returns one
ledger row a check; the build writes it as ``checks.csv``
(:func:`release_figures.tables.build.build_tables`). Verdicts
are computed (:mod:`release_figures.stages.checks.verdicts`), never typed. The
evaluators live beside it, one module a family (claims, arithmetic,
agreement, text); this module derives each row's subject and applies the
premises a verdict may rest on. Counts are whole numbers: every
interval a check computes with is cut to whole numbers for a count unit
(:mod:`release_figures.rounding.whole_counts`), as in the year-on-year table, and a
previous count implied by a change comes from the same function
(:func:`release_figures.rounding.whole_counts.implied_previous_value`).
"""

from __future__ import annotations

from pathlib import Path

from release_figures.reading.register import load_register
from release_figures.stages.checks import agreement, arithmetic, claims, remainder, text, translation
from release_figures.stages.checks.definitions import CheckSpec, CheckSpecError, load_check_specs, unused_claims_problem
from release_figures.stages.checks.inputs import CheckInputs
from release_figures.stages.checks.rows import CHECK_COLUMNS, Context
from release_figures.stages.checks.strength import strength
from release_figures.stages.checks.verdicts import VERDICT_WORDS, VERDICTS

__all__ = ["build_checks", "evaluate", "CHECK_COLUMNS", "derive_subject", "EVALUATORS"]

# One evaluator a check type.
EVALUATORS = {
    "direction_words": claims.check_direction_words, "claim_vs_signs": claims.check_claim_vs_signs,
    "claim_vs_context": claims.check_claim_vs_context, "share_of_whole": arithmetic.check_share_of_whole,
    "parts_vs_total": arithmetic.check_parts_vs_total, "ratio_spread": arithmetic.check_ratio_spread,
    "stock_flow": arithmetic.check_stock_flow, "agreement": agreement.check_agreement,
    "change_vs_levels": agreement.check_change_vs_levels, "remainder": remainder.check_remainder,
    "text_integrity": text.check_text_integrity, "chinese_wording": translation.check_chinese_wording,
}


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


def _subject(spec: CheckSpec, row: dict, ctx: "Context") -> str:
    """The row's subject: derived from its inputs, or the declared one once checked against them."""
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
        # The nearest consistent values stay: they say how far the figures are from fitting under the assumption.
        row.update(verdict="not_testable", tie_rule="", explanation=(
            f"Inconsistent only if {spec.assumption}; no cited statement says so, so the figures cannot decide. "
            + row["explanation"]))
    if spec.alternative_scope and row["verdict"] != "not_testable":
        row.update(verdict="not_testable", tie_rule="", nearest_consistent="", explanation=(
            f"Under the reading tested here the check {VERDICT_WORDS[row['verdict']]}, but the text also "
            f"allows another scope ({spec.alternative_scope}), which no cited figure covers, so the check cannot decide. "
            + row["explanation"]))
    return row


def _evaluate_one(spec: CheckSpec, ctx: "Context") -> list[dict]:
    """One spec's ledger rows, with subjects and premises applied (no strength columns)."""
    rows = []
    for row in EVALUATORS[spec.check_type](spec, ctx):
        row["subject"] = _subject(spec, row, ctx)
        rows.append(_apply_premises(spec, row))
    return rows


def evaluate(specs: list[CheckSpec], figures: list[dict], context: dict, text: str = "",
             claims: dict | None = None, source: str = "release text", original_language: tuple = (),
             chinese: list[dict] | None = None) -> list[dict]:
    """Ledger rows for validated check specs (no files read): the engine behind :func:`build_checks`.

    ``original_language`` names context rows that quote the release itself in
    its original language (they count as the release when subjects are
    derived). Each row also says how strong a test it is
    (:mod:`release_figures.stages.checks.strength`).
    """
    ctx = Context(CheckInputs(figures, context, original_language), text, dict(claims or {}), source,
                  {spec.check_id: spec.claim for spec in specs}, chinese)
    rows = []
    for spec in specs:
        for row in _evaluate_one(spec, ctx):
            fails, steps, note = strength(spec, row, ctx, _evaluate_one)
            row.update(could_fail=fails, margin_steps=steps, margin_note=note)
            rows.append(row)
    ids = [row["check_id"] for row in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"check ids generated twice: {duplicates}")
    for row in rows:
        assert row["verdict"] in VERDICTS, row
    return rows


def build_checks(release, figures: list[dict], context: dict, changes: list[dict],
                 chinese: list[dict] | None = None) -> list[dict]:
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
    units = {row["figure_id"]: row["unit"] for row in figures} | {key: row.unit for key, row in context.items()}
    specs = load_check_specs(path, set(units), set(claims), units)
    unused = unused_claims_problem(specs, set(claims), path)
    if unused:
        raise CheckSpecError(unused)
    return evaluate(specs, figures, context, release.text(), claims, str(release.text_path),
                    release.original_language_context, chinese)

"""Load and validate a release's check definitions (``checks.yaml``).

The file lists typed checks (``type: share_of_whole``, ``type: agreement``,
...), each naming the figures, context figures and register claims it
uses. It never holds a value: every number comes from ``figures.csv`` and
the context data. Validation is strict: an unknown type or field, a
missing field, an unknown id or a duplicate check id is one line of the
:class:`CheckSpecError` raised, naming the file, the entry and the field.
Each type's fields are a pydantic schema (one class a type, below).

Inputs a check compares must be in one unit (:data:`SAME_UNIT`): an
agreement of a ``persons`` figure with a ``cases`` context row would give
a verdict about nothing, so it is refused at validation, naming the check,
the fields and both units. Inputs that are combined by design, not
compared (a ratio's numerator and denominator, a stock and its rate of
change in percent), may differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, Field, model_validator

from release_figures.errors import ReleaseError
from release_figures.reading.schema import STRICT, NonEmpty, PeriodText, Slug, refuse, validate_entry
from release_figures.reading.strict_yaml import load_yaml

__all__ = ["CheckSpecError", "CheckSpec", "CHECK_TYPES", "SAME_UNIT", "load_check_specs", "parse_check_specs",
           "unit_problems", "unused_claims_problem"]

# The one subject the inputs cannot decide: a check of how the English renders the release.
DECLARABLE_SUBJECTS = ("translation",)
# Fields naming figure or context ids (a text_claim names a claim; blocks name ids inside).
ID_FIELDS = ("rises", "falls", "changes", "context", "figure", "count", "share", "compare_count", "compare_share",
             "parts", "total", "flow", "opening", "closing", "rate", "gross_inflow", "previous", "current", "change",
             "part", "full")
FINDING_FIELDS = {
    "duplicate": ("figure",),
    "period_phrase": ("figure", "context", "phrase"),
    "unit": ("figure", "context"),
    "reading": ("figure", "context", "reading"),
}
Id = NonEmpty
Ids = Annotated[list[NonEmpty], Field(min_length=1)]
Scope = Literal["same", "wider", "different"]
Relation = Literal["equal", "at_most", "at_least"]
Number = Annotated[int | float, Field(gt=0)]
# For each type, the groups of fields whose inputs are compared with each other, so must share one unit.
# A ratio_spread compares numerators across blocks and denominators across blocks ("numerators",
# "denominators"); a block's numerator and denominator differ by design (persons per case). The rest
# is left free on purpose: a change in percent beside the levels it links, a stock's rate, the signs of
# changes a claim names, and a text_integrity "unit" finding, whose point is a unit that may differ.
SAME_UNIT: dict[str, tuple[tuple[str, ...], ...]] = {
    "claim_vs_context": (("figure", "context"),),
    "share_of_whole": (("count", "compare_count"), ("share", "compare_share")),
    "parts_vs_total": (("parts", "total"),),
    "ratio_spread": (("numerators",), ("denominators",)),
    "stock_flow": (("opening", "flow", "closing", "gross_inflow"),),
    "agreement": (("figure", "context"),),
    "change_vs_levels": (("previous", "current"),),
    "text_integrity": (("figure", "context"),),
}
# text_integrity findings whose figure and context are compared as the same quantity.
SAME_UNIT_FINDINGS = ("period_phrase", "reading")


def _declarable(subject: str) -> str:
    if subject not in DECLARABLE_SUBJECTS:
        raise ValueError(f"expected {' or '.join(map(repr, DECLARABLE_SUBJECTS))} (the only subject that can be "
                         "declared; every other subject is derived from the inputs)")
    return subject


class CheckSpecError(ReleaseError):
    """An entry of checks.yaml is malformed or names an unknown figure, context figure or claim."""


class CheckEntry(BaseModel):
    """The fields every check has; each type adds its own (subclasses below, one a type)."""

    model_config = STRICT
    family: ClassVar[str] = ""
    id: Slug
    type: str
    claim: NonEmpty
    note: str | None = None
    # subject: declared only where the inputs cannot decide it (translation); see engine.derive_subject.
    subject: Annotated[NonEmpty, AfterValidator(_declarable)] | None = None
    # assumption: a premise the verdict needs; without assumption_source (an id of a statement that
    #   makes it) an inconsistency resting on it becomes not_testable.
    assumption: NonEmpty | None = None
    assumption_source: NonEmpty | None = None
    # alternative_scope: another scope the text allows for the claim or figure, which no cited figure covers.
    alternative_scope: NonEmpty | None = None

    @model_validator(mode="after")
    def _premises(self):
        if self.assumption_source and not self.assumption:
            raise ValueError("assumption_source given without the assumption it supports")
        return self


class DirectionWords(CheckEntry):
    family: ClassVar[str] = "claims"
    type: Literal["direction_words"]


class ClaimVsSigns(CheckEntry):
    family: ClassVar[str] = "claims"
    type: Literal["claim_vs_signs"]
    rises: Id
    falls: Id
    changes: Ids


class ClaimVsContext(CheckEntry):
    family: ClassVar[str] = "claims"
    type: Literal["claim_vs_context"]
    rule: Literal["direction", "run_length"]
    text_claim: Id
    context: Id | None = None
    figure: Id | None = None


class ShareOfWhole(CheckEntry):
    family: ClassVar[str] = "rounding"
    type: Literal["share_of_whole"]
    count: Id
    share: Id
    compare_count: Id | None = None
    compare_share: Id | None = None


class PartsVsTotal(CheckEntry):
    family: ClassVar[str] = "rounding"
    type: Literal["parts_vs_total"]
    parts: Ids
    total: Id
    relation: Relation


class RatioBlock(BaseModel):
    """One block of a ratio_spread check: a numerator and a denominator id."""

    model_config = STRICT
    label: NonEmpty
    numerator: Id
    denominator: Id
    role: Literal["release", "context"] = "release"


class RatioSpread(CheckEntry):
    family: ClassVar[str] = "ratios"
    type: Literal["ratio_spread"]
    measure: NonEmpty
    blocks: Annotated[list[RatioBlock], Field(min_length=2)]
    at_least: Number | None = None
    outlier_factor: Number | None = None


class StockFlow(CheckEntry):
    family: ClassVar[str] = "stocks_flows"
    type: Literal["stock_flow"]
    flow: Id
    opening: Id | None = None
    closing: Id | None = None
    rate: Id | None = None
    gross_inflow: Id | None = None

    @model_validator(mode="after")
    def _one_comparison(self):
        if sum(bool(value) for value in (self.closing, self.rate, self.gross_inflow)) != 1:
            raise ValueError("a stock_flow check needs exactly one of 'closing', 'rate', 'gross_inflow'")
        if (self.closing or self.rate) and not self.opening:
            raise ValueError("opening: missing required field (a closing stock or a rate needs the opening stock)")
        return self


class ScopeEvidence:
    """A scope other than "same" needs its evidence: a context figure or a check of this file that shows it."""

    @model_validator(mode="after")
    def _scope_evidence(self):
        scope = getattr(self, "scope", None)
        if scope in ("wider", "different") and not self.scope_evidence:
            raise ValueError(f"scope_evidence: missing required field: a scope {scope!r} needs the id of a context "
                             "figure or check that shows it (a reason about scope is stated only with its evidence)")
        if scope in (None, "same") and self.scope_evidence:
            raise ValueError("scope_evidence given for a check whose scope is the same on both sides")
        return self


class Agreement(ScopeEvidence, CheckEntry):
    family: ClassVar[str] = "agreement"
    type: Literal["agreement"]
    figure: Id
    context: Id
    scope: Scope
    relation: Relation | None = None
    scope_evidence: Id | None = None


class ChangeVsLevels(ScopeEvidence, CheckEntry):
    family: ClassVar[str] = "agreement"
    type: Literal["change_vs_levels"]
    previous: Id
    current: Id
    change: Id
    scope: Scope | None = None
    scope_evidence: Id | None = None


class Remainder(CheckEntry):
    family: ClassVar[str] = "remainders"
    type: Literal["remainder"]
    part: Id
    full: Id
    # Which of the part's periods is read (its main period by default; its alternative where the text allows one).
    part_period: PeriodText | None = None
    factor: Annotated[int | float, Field(gt=1)] | None = None


class ChineseWording(CheckEntry):
    """One row a figure worded in a report of the same press conference: the English against the Chinese."""

    family: ClassVar[str] = "translation"
    type: Literal["chinese_wording"]

    @model_validator(mode="after")
    def _about_the_translation(self):
        if self.subject != "translation":
            raise ValueError("a chinese_wording check tests the translation; declare subject: translation")
        return self


class TextIntegrity(ScopeEvidence, CheckEntry):
    family: ClassVar[str] = "text_integrity"
    type: Literal["text_integrity"]
    finding: Literal[tuple(FINDING_FIELDS)]
    figure: Id | None = None
    context: Id | None = None
    phrase: NonEmpty | None = None
    reading: NonEmpty | None = None
    scope: Scope | None = None
    scope_evidence: Id | None = None

    @model_validator(mode="after")
    def _finding_fields(self):
        missing = [name for name in FINDING_FIELDS[self.finding] if not getattr(self, name)]
        if missing:
            raise ValueError(f"{', '.join(missing)}: missing required field(s) for a {self.finding!r} finding")
        if self.finding in ("unit", "reading") and self.subject != "translation":
            raise ValueError(f"a {self.finding!r} finding tests the translation; declare subject: translation")
        return self


# type -> its schema (the schema's family groups the checks on the chapter's page).
CHECK_TYPES: dict[str, type[CheckEntry]] = {
    schema.model_fields["type"].annotation.__args__[0]: schema
    for schema in (DirectionWords, ClaimVsSigns, ClaimVsContext, ShareOfWhole, PartsVsTotal, RatioSpread,
                   StockFlow, Agreement, ChangeVsLevels, Remainder, ChineseWording, TextIntegrity)
}
COMMON_FIELDS = tuple(CheckEntry.model_fields)


@dataclass(frozen=True)
class CheckSpec:
    """One validated entry of checks.yaml."""

    check_id: str
    check_type: str
    family: str
    claim: str
    params: dict = field(default_factory=dict)
    note: str = ""
    subject: str = ""
    assumption: str = ""
    assumption_source: str = ""
    alternative_scope: str = ""


def _words(text: str | None) -> str:
    return " ".join(str(text or "").split())


def _references(entry: CheckEntry, label: str, known_ids: set[str], claim_ids: set[str],
                check_ids: set[str] = frozenset()) -> list[str]:
    """A line for every id the entry names that is not a figure, context figure or claim."""
    problems = []
    for name in ID_FIELDS:
        value = getattr(entry, name, None)
        for item in ([value] if isinstance(value, str) else value or []):
            if item not in known_ids:
                problems.append(f"{label}: {name}: expected an id of a figure (figures.csv) or a context figure, "
                                f"got {item!r}")
    for number, block in enumerate(getattr(entry, "blocks", None) or [], start=1):
        for key in ("numerator", "denominator"):
            if getattr(block, key) not in known_ids:
                problems.append(f"{label}: blocks[{number - 1}] ({block.label!r}): {key}: expected an id of a figure "
                                f"or a context figure, got {getattr(block, key)!r}")
    evidence = getattr(entry, "scope_evidence", None)
    if evidence and evidence not in known_ids | check_ids:
        problems.append(f"{label}: scope_evidence: expected the id of a context figure or of a check in this file, "
                        f"got {evidence!r}")
    if entry.assumption_source and entry.assumption_source not in known_ids | claim_ids:
        problems.append(f"{label}: assumption_source: expected a known figure, context figure or claim id, "
                        f"got {entry.assumption_source!r}")
    if getattr(entry, "text_claim", None) and entry.text_claim not in claim_ids:
        problems.append(f"{label}: text_claim: expected a claim_id of the register, got {entry.text_claim!r}")
    return problems


def _inputs_of(entry: CheckEntry, name: str) -> list[str]:
    """The ids a field names (the blocks' numerators or denominators for those two names)."""
    if name in ("numerators", "denominators"):
        return [getattr(block, name[:-1]) for block in getattr(entry, "blocks", None) or []]
    value = getattr(entry, name, None)
    return [value] if isinstance(value, str) else list(value or [])


def unit_problems(entry: CheckEntry, label: str, units: dict[str, str]) -> list[str]:
    """A line for every group of fields (:data:`SAME_UNIT`) whose inputs are in different units."""
    if entry.type == "text_integrity" and entry.finding not in SAME_UNIT_FINDINGS:
        return []
    problems = []
    for group in SAME_UNIT.get(entry.type, ()):
        named = [(name, key) for name in group for key in _inputs_of(entry, name) if key in units]
        found = sorted({units[key] for _, key in named})
        if len(found) > 1:
            listed = ", ".join(f"{name} {key!r} in {units[key]}" for name, key in named)
            problems.append(f"{label}: compares inputs in different units ({' and '.join(found)}: {listed}); "
                            "expected one unit in what a check compares")
    return problems


def parse_check_specs(data, path: str | Path, known_ids: set[str], claim_ids: set[str],
                      units: dict[str, str] | None = None) -> list[CheckSpec]:
    """Validate the parsed YAML of a checks file; ``known_ids`` are figure and context ids.

    ``units`` maps each id to its unit; with it, inputs a check compares
    must share a unit (:func:`unit_problems`). Every entry is checked; one
    CheckSpecError lists every problem, one line each.
    """
    if not isinstance(data, dict) or set(data) != {"checks"} or not isinstance(data["checks"], list):
        raise CheckSpecError(f"{path}: expected one top-level key 'checks' holding a list of entries")
    specs, problems, seen = [], [], {}
    check_ids = {raw["id"] for raw in data["checks"] if isinstance(raw, dict) and isinstance(raw.get("id"), str)}
    for number, raw in enumerate(data["checks"], start=1):
        label = f"{path}, check {raw['id']!r}" if isinstance(raw, dict) and raw.get("id") else f"{path}, check {number}"
        if not isinstance(raw, dict):
            problems.append(f"{label}: expected a mapping with id, type and claim, got {type(raw).__name__}")
            continue
        if isinstance(raw.get("id"), str):
            if raw["id"] in seen:
                problems.append(f"{label}: duplicate check id {raw['id']!r} (entries {seen[raw['id']]} and {number})")
            seen.setdefault(raw["id"], number)
        schema = CHECK_TYPES.get(raw.get("type"))
        if schema is None:
            got = f"got {raw['type']!r}" if "type" in raw else "the field is missing"
            problems.append(f"{label}: type: expected one of {', '.join(sorted(CHECK_TYPES))}, {got}")
            continue
        entry, found = validate_entry(schema, raw, label)
        problems += found or _references(entry, label, known_ids, claim_ids, check_ids)
        if entry is None:
            continue
        problems += unit_problems(entry, label, units or {})
        params = entry.model_dump(exclude_unset=True, exclude=set(COMMON_FIELDS))
        specs.append(CheckSpec(entry.id, entry.type, entry.family, _words(entry.claim), params, _words(entry.note),
                               entry.subject or "", _words(entry.assumption), entry.assumption_source or "",
                               _words(entry.alternative_scope)))
    refuse(CheckSpecError, problems, path)
    return specs


def unused_claims_problem(specs: list[CheckSpec], claim_ids: set[str], path: str | Path) -> str | None:
    """The problem of register claims no check uses (every claim of the text must be checked), or None."""
    unused = sorted(set(claim_ids) - {spec.params.get("text_claim") for spec in specs})
    if unused:
        return f"{path}: register claim(s) {unused} are used by no check; add a claim_vs_context entry for each"
    return None


def load_check_specs(path: str | Path, known_ids: set[str], claim_ids: set[str],
                     units: dict[str, str] | None = None) -> list[CheckSpec]:
    """Read and validate a checks.yaml file strictly (see :func:`parse_check_specs`)."""
    path = Path(path)
    return parse_check_specs(load_yaml(path, CheckSpecError), path, known_ids, claim_ids, units)

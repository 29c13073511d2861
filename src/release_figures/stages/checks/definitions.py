"""Load and validate a release's check definitions (``checks.yaml``).

The file lists typed checks (``type: share_of_whole``, ``type: agreement``,
...), each naming the figures, context figures and register claims it
uses. It never holds a value: every number comes from ``figures.csv`` and
the context data. Validation is strict: an unknown type or field, a
missing field, an unknown id or a duplicate check id raises
:class:`CheckSpecError` naming the file and the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from release_figures.errors import ReleaseError

__all__ = ["CheckSpecError", "CheckSpec", "CHECK_TYPES", "load_check_specs", "parse_check_specs"]

COMMON_REQUIRED = ("id", "type", "claim")
# subject: declared only where the inputs cannot decide it (translation); see checks.derive_subject.
# assumption: a premise the verdict needs; without assumption_source (an id of a statement that
#   makes it) an inconsistency resting on it becomes not_testable.
# alternative_scope: another scope the text allows for the claim or figure, which no cited figure covers.
COMMON_OPTIONAL = ("note", "subject", "assumption", "assumption_source", "alternative_scope")
# type -> (family, required fields, optional fields)
CHECK_TYPES: dict[str, tuple[str, tuple, tuple]] = {
    "direction_words": ("claims", (), ()),
    "claim_vs_signs": ("claims", ("rises", "falls", "changes"), ()),
    "claim_vs_context": ("claims", ("rule", "text_claim"), ("context", "figure")),
    "share_of_whole": ("rounding", ("count", "share"), ("compare_count", "compare_share")),
    "parts_vs_total": ("rounding", ("parts", "total", "relation"), ()),
    "ratio_spread": ("ratios", ("measure", "blocks"), ("at_least", "outlier_factor")),
    "stock_flow": ("stocks_flows", ("flow",), ("opening", "closing", "rate", "gross_inflow")),
    "agreement": ("agreement", ("figure", "context", "scope"), ("relation",)),
    "change_vs_levels": ("agreement", ("previous", "current", "change"), ("scope",)),
    "text_integrity": ("text_integrity", ("finding",), ("figure", "context", "phrase", "reading", "scope")),
}
ID_FIELDS = ("rises", "falls", "changes", "context", "figure", "count", "share", "compare_count", "compare_share",
             "parts", "total", "flow", "opening", "closing", "rate", "gross_inflow", "previous", "current", "change")
CHOICES = {
    "rule": ("direction", "run_length"),
    "relation": ("equal", "at_most", "at_least"),
    "scope": ("same", "wider", "different"),
    "finding": ("duplicate", "period_phrase", "unit", "reading"),
}
FINDING_FIELDS = {
    "duplicate": ("figure",),
    "period_phrase": ("figure", "context", "phrase"),
    "unit": ("figure", "context"),
    "reading": ("figure", "context", "reading"),
}
# The one subject the inputs cannot decide: a check of how the English renders the release.
DECLARABLE_SUBJECTS = ("translation",)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class CheckSpecError(ReleaseError):
    """An entry of checks.yaml is malformed or names an unknown figure, context figure or claim."""


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


def _ids_in(value) -> list[str]:
    """The ids a field holds: a string, a list of strings, or ratio blocks."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def parse_check_specs(data, path: str | Path, known_ids: set[str], claim_ids: set[str]) -> list[CheckSpec]:
    """Validate the parsed YAML of a checks file; ``known_ids`` are figure and context ids."""
    if not isinstance(data, dict) or set(data) != {"checks"} or not isinstance(data["checks"], list):
        raise CheckSpecError(f"{path}: expected one top-level key 'checks' holding a list of entries")
    specs, seen = [], set()
    for number, entry in enumerate(data["checks"], start=1):
        label = f"{path}, check {number}"
        if not isinstance(entry, dict):
            raise CheckSpecError(f"{label}: expected a mapping with {COMMON_REQUIRED}, got {type(entry).__name__}")
        if "id" in entry:
            label = f"{path}, check {entry['id']!r}"
        for name in COMMON_REQUIRED:
            if not isinstance(entry.get(name), str) or not entry[name].strip():
                raise CheckSpecError(f"{label}: missing or empty field {name!r}")
        if not SLUG_RE.match(entry["id"]):
            raise CheckSpecError(f"{label}: id must be a lower-case slug (letters, digits, hyphens)")
        if entry["id"] in seen:
            raise CheckSpecError(f"{label}: duplicate check id")
        seen.add(entry["id"])
        if entry["type"] not in CHECK_TYPES:
            raise CheckSpecError(f"{label}: unknown type {entry['type']!r}; expected one of {sorted(CHECK_TYPES)}")
        family, required, optional = CHECK_TYPES[entry["type"]]
        allowed = set(COMMON_REQUIRED) | set(COMMON_OPTIONAL) | set(required) | set(optional)
        unknown = sorted(set(entry) - allowed)
        if unknown:
            raise CheckSpecError(f"{label}: unknown field(s) {unknown} for type {entry['type']!r}; allowed: {sorted(allowed)}")
        missing = [name for name in required if entry.get(name) in (None, "", [])]
        if entry["type"] == "text_integrity" and entry.get("finding") in FINDING_FIELDS:
            missing += [name for name in FINDING_FIELDS[entry["finding"]] if not entry.get(name)]
        if entry["type"] == "stock_flow" and sum(bool(entry.get(k)) for k in ("closing", "rate", "gross_inflow")) != 1:
            raise CheckSpecError(f"{label}: a stock_flow check needs exactly one of 'closing', 'rate', 'gross_inflow'")
        if entry["type"] == "stock_flow" and (entry.get("closing") or entry.get("rate")) and not entry.get("opening"):
            missing.append("opening")
        if missing:
            raise CheckSpecError(f"{label}: missing field(s) {missing} for type {entry['type']!r}")
        for name, choices in CHOICES.items():
            if name in entry and entry[name] not in choices:
                raise CheckSpecError(f"{label}: {name} is {entry[name]!r}; expected one of {choices}")
        if entry["type"] == "ratio_spread":
            _check_blocks(entry["blocks"], label, known_ids)
        for name in ID_FIELDS:
            if name in entry:
                ids = _ids_in(entry[name])
                if not ids or (isinstance(entry[name], list) and len(ids) != len(entry[name])):
                    raise CheckSpecError(f"{label}: field {name!r} must name figure or context ids, got {entry[name]!r}")
                unknown_ids = [i for i in ids if i not in known_ids]
                if unknown_ids:
                    raise CheckSpecError(f"{label}: field {name!r} names unknown figure or context id(s) {unknown_ids}")
        if "subject" in entry and entry["subject"] not in DECLARABLE_SUBJECTS:
            raise CheckSpecError(f"{label}: subject {entry['subject']!r} cannot be declared; only {DECLARABLE_SUBJECTS} "
                                 "can (every other subject is derived from the inputs)")
        if entry["type"] == "text_integrity" and entry.get("finding") in ("unit", "reading") \
                and entry.get("subject") != "translation":
            raise CheckSpecError(f"{label}: a {entry['finding']!r} finding tests the translation; declare subject: translation")
        if "assumption_source" in entry and entry["assumption_source"] not in known_ids | claim_ids:
            raise CheckSpecError(f"{label}: assumption_source {entry['assumption_source']!r} is not a known figure, "
                                 "context figure or claim")
        if "assumption_source" in entry and not entry.get("assumption"):
            raise CheckSpecError(f"{label}: assumption_source given without the assumption it supports")
        for name in ("assumption", "alternative_scope"):
            if name in entry and (not isinstance(entry[name], str) or not entry[name].strip()):
                raise CheckSpecError(f"{label}: {name} must be a sentence, got {entry[name]!r}")
        if "text_claim" in entry and entry["text_claim"] not in claim_ids:
            raise CheckSpecError(f"{label}: text_claim {entry['text_claim']!r} is not a claim of the register")
        params = {k: v for k, v in entry.items() if k not in COMMON_REQUIRED + COMMON_OPTIONAL}
        specs.append(CheckSpec(entry["id"], entry["type"], family, " ".join(entry["claim"].split()), params,
                               " ".join(str(entry.get("note", "")).split()), entry.get("subject", ""),
                               " ".join(str(entry.get("assumption", "")).split()), entry.get("assumption_source", ""),
                               " ".join(str(entry.get("alternative_scope", "")).split())))
    return specs


def _check_blocks(blocks, label: str, known_ids: set[str]) -> None:
    """Ratio blocks: a list of {label, numerator, denominator}, ids known."""
    if not isinstance(blocks, list) or len(blocks) < 2:
        raise CheckSpecError(f"{label}: 'blocks' must list at least two blocks")
    for block in blocks:
        if not isinstance(block, dict) or set(block) - {"label", "numerator", "denominator", "role"} \
                or not all(isinstance(block.get(k), str) for k in ("label", "numerator", "denominator")):
            raise CheckSpecError(f"{label}: each block needs string fields label, numerator, denominator "
                                 f"(and optional role: release or context), got {block!r}")
        if block.get("role", "release") not in ("release", "context"):
            raise CheckSpecError(f"{label}: block {block['label']!r} role must be 'release' or 'context'")
        for key in ("numerator", "denominator"):
            if block[key] not in known_ids:
                raise CheckSpecError(f"{label}: block {block['label']!r} {key} names unknown id {block[key]!r}")


def load_check_specs(path: str | Path, known_ids: set[str], claim_ids: set[str]) -> list[CheckSpec]:
    """Read and validate a checks.yaml file (see :func:`parse_check_specs`)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CheckSpecError(f"{path}: not valid YAML: {error}") from None
    return parse_check_specs(data, path, known_ids, claim_ids)

"""Load and validate a release's register (``register.yaml``).

The register is the hand-curated, reviewable half of the figures table. It
says, for each figure, what it counts and where it is printed (a short
quote), but never its value: the value is read from the quote. It also
lists exclusions (numeric tokens that are not figures, each with a reason)
and claims (sentences with a direction but no number, for the checks).

Validation is strict: an unknown field, a missing field, a value outside
the controlled vocabularies or a duplicate id raises RegisterError naming
the file and the entry.

The vocabularies (units, exclusion reasons) are built in, and a release
may add to them: a top-level ``vocabulary`` section declares units with
their kind (count, amount, duration, share) and exclusion reasons with
their meaning, validated like every other entry.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from release_figures.errors import RegisterError
from release_figures.rounding.whole_counts import BUILTIN_UNIT_KINDS, UNIT_KINDS, declare_units

__all__ = [
    "Figure", "Exclusion", "Claim", "Register", "load_register", "parse_register",
    "SECTIONS", "KINDS", "UNITS", "EXCLUSION_REASONS", "PERCENT_KINDS", "POINT_KINDS",
]

SECTIONS = (
    "political security", "social stability", "public safety", "development",
    "rule of law", "police reform", "the force",
)
# kind: what sort of number a figure is (documented in the data dictionary).
KINDS = {
    "count": "number of events or things in the period (a flow)",
    "stock": "number in existence at the end of the period (a level)",
    "net_increase": "change in a stock over the period, in the stock's unit",
    "amount": "a quantity in a physical or money unit (tons, yuan)",
    "duration": "a length of time (consecutive years)",
    "change_pct": "change on the same period of the previous year, in percent",
    "change_points": "change of a rate on the previous period, in percentage points (个百分点)",
    "share_pct": "a part as a percentage of a whole (a completion rate)",
    "claim_count": "a number inside a slogan or claim ('two upgrades')",
}
PERCENT_KINDS = ("change_pct", "share_pct")
POINT_KINDS = ("change_points",)
UNITS = (
    "cases", "persons", "person-times", "gangs", "tons", "yuan", "vehicles",
    "percent", "years", "provinces", "places", "police stations", "train trips",
    "measures", "items", "centres", "collectives", "units", "indicators",
    "months", "days", "percentage points",
)
EXCLUSION_REASONS = {
    "date": "a day of the month",
    "year": "a calendar year",
    "ordinal": "an ordinal (third, first-level)",
    "name": "part of the name of a campaign, slogan, rule or place",
    "descriptive": "a number word used as an adjective, not a quantity",
}
PERIOD_RE = re.compile(
    r"^\d{4}$|^\d{4}-\d{2}$|^\d{4}-\d{2}/\d{4}-\d{2}$|^\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}$"
)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

FIGURE_REQUIRED = ("figure_id", "section", "indicator", "unit", "period", "kind", "quote")
FIGURE_OPTIONAL = (
    "token", "occurrences", "occurrence", "refers_to", "refers_to_indicator",
    "precision", "precision_reason", "period_note", "period_alternative", "note",
)
EXCLUSION_REQUIRED = ("quote", "reason")
EXCLUSION_OPTIONAL = ("occurrences", "note")
CLAIM_REQUIRED = ("claim_id", "section", "subject", "quote")
CLAIM_OPTIONAL = ("occurrences", "note", "compare_with")
VOCABULARY_KEYS = ("units", "exclusion_reasons")
REASON_RE = re.compile(r"^[a-z][a-z0-9]*(?:[ _-][a-z0-9]+)*$")


@dataclass(frozen=True)
class Figure:
    """One register entry for a figure (what it counts and where it is quoted)."""

    figure_id: str
    section: str
    indicator: str
    unit: str
    period: str
    kind: str
    quote: str
    token: int | None = None
    occurrences: int = 1
    occurrence: int = 1
    refers_to: str | None = None
    refers_to_indicator: str | None = None
    precision: Decimal | None = None
    precision_reason: str | None = None
    period_note: str | None = None
    period_alternative: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Exclusion:
    """Numeric tokens inside ``quote`` (every occurrence) that are not figures."""

    quote: str
    reason: str
    occurrences: int = 1
    note: str | None = None


@dataclass(frozen=True)
class Claim:
    """A sentence that states a direction (rise, fall) without a number."""

    claim_id: str
    section: str
    subject: str
    quote: str
    occurrences: int = 1
    note: str | None = None
    compare_with: str | None = None


@dataclass(frozen=True)
class Register:
    """The validated register: figures in text order, exclusions, claims."""

    path: Path
    figures: tuple[Figure, ...]
    exclusions: tuple[Exclusion, ...] = field(default_factory=tuple)
    claims: tuple[Claim, ...] = field(default_factory=tuple)
    context_precision: dict = field(default_factory=dict)
    declared_units: dict = field(default_factory=dict)
    declared_reasons: dict = field(default_factory=dict)

    @property
    def units(self) -> tuple[str, ...]:
        """Every unit a figure of this register may take: the built-in ones, then the declared ones."""
        return UNITS + tuple(self.declared_units)

    @property
    def exclusion_reasons(self) -> dict[str, str]:
        """Every exclusion reason with its meaning: the built-in ones, then the declared ones."""
        return {**EXCLUSION_REASONS, **self.declared_reasons}

    def figure(self, figure_id: str) -> Figure:
        """The figure with this id (KeyError if none)."""
        for figure in self.figures:
            if figure.figure_id == figure_id:
                return figure
        raise KeyError(figure_id)


def _where(path: Path, section: str, index: int, entry: dict) -> str:
    label = entry.get("figure_id") or entry.get("claim_id") or entry.get("quote")
    return f"{path}: {section}[{index}] ({label!r})" if label else f"{path}: {section}[{index}]"


def _check_fields(entry, required, optional, where: str) -> None:
    if not isinstance(entry, dict):
        raise RegisterError(f"{where}: expected a mapping of fields, got {type(entry).__name__}")
    missing = [name for name in required if entry.get(name) in (None, "")]
    if missing:
        raise RegisterError(f"{where}: missing required field(s) {', '.join(missing)}")
    unknown = sorted(set(entry) - set(required) - set(optional))
    if unknown:
        raise RegisterError(
            f"{where}: unknown field(s) {', '.join(unknown)}; allowed: "
            f"{', '.join(required + optional)}"
        )
    for name, value in entry.items():
        if isinstance(value, str) and value != value.strip() and name != "quote":
            raise RegisterError(f"{where}: field {name!r} has leading or trailing spaces")


def _positive_int(value, name: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RegisterError(f"{where}: {name} must be a whole number >= 1, got {value!r}")
    return value


def _figure(entry: dict, where: str, units: tuple[str, ...] = UNITS) -> Figure:
    _check_fields(entry, FIGURE_REQUIRED, FIGURE_OPTIONAL, where)
    if not SLUG_RE.match(str(entry["figure_id"])):
        raise RegisterError(f"{where}: figure_id must be a lower-case slug like 'fraud-cases-cracked'")
    checks = (("section", SECTIONS), ("kind", tuple(KINDS)), ("unit", units))
    for name, allowed in checks:
        if entry[name] not in allowed:
            raise RegisterError(f"{where}: unknown {name} {entry[name]!r}; expected one of: {', '.join(allowed)}")
    if not PERIOD_RE.match(str(entry["period"])):
        raise RegisterError(
            f"{where}: period {entry['period']!r} is not YYYY, YYYY-MM, YYYY-MM/YYYY-MM or YYYY-MM-DD/YYYY-MM-DD"
        )
    if "period_alternative" in entry:
        alternative = str(entry["period_alternative"])
        if not PERIOD_RE.match(alternative) or alternative == str(entry["period"]):
            raise RegisterError(f"{where}: period_alternative {alternative!r} must be a period (as 'period') other than "
                                f"{entry['period']!r}")
        if not entry.get("period_note"):
            raise RegisterError(f"{where}: period_alternative needs a period_note saying why the text allows both periods")
    if (entry["kind"] in PERCENT_KINDS) != (entry["unit"] == "percent"):
        raise RegisterError(f"{where}: kind {entry['kind']!r} and unit {entry['unit']!r} do not fit; percent kinds take unit 'percent'")
    if (entry["kind"] in POINT_KINDS) != (entry["unit"] == "percentage points"):
        raise RegisterError(f"{where}: kind {entry['kind']!r} and unit {entry['unit']!r} do not fit; "
                            "a change in percentage points takes kind 'change_points' and unit 'percentage points'")
    if entry["kind"] in PERCENT_KINDS + POINT_KINDS and not (entry.get("refers_to") or entry.get("refers_to_indicator")):
        raise RegisterError(f"{where}: a {entry['kind']} figure needs refers_to (a figure_id) or refers_to_indicator")
    if entry.get("refers_to") and entry.get("refers_to_indicator"):
        raise RegisterError(f"{where}: give refers_to or refers_to_indicator, not both")
    precision = None
    if "precision" in entry:
        if not entry.get("precision_reason"):
            raise RegisterError(f"{where}: a precision override needs a precision_reason saying why the printed form misleads")
        try:
            precision = Decimal(str(entry["precision"]))
        except InvalidOperation:
            raise RegisterError(f"{where}: precision {entry['precision']!r} is not a number") from None
        if precision <= 0:
            raise RegisterError(f"{where}: precision must be positive, got {entry['precision']!r}")
    elif entry.get("precision_reason"):
        raise RegisterError(f"{where}: precision_reason given without a precision override")
    occurrences = _positive_int(entry.get("occurrences", 1), "occurrences", where)
    occurrence = _positive_int(entry.get("occurrence", 1), "occurrence", where)
    if occurrence > occurrences:
        raise RegisterError(f"{where}: occurrence {occurrence} is beyond occurrences {occurrences}")
    token = entry.get("token")
    if token is not None:
        token = _positive_int(token, "token", where)
    return Figure(
        figure_id=entry["figure_id"], section=entry["section"], indicator=entry["indicator"],
        unit=entry["unit"], period=str(entry["period"]), kind=entry["kind"], quote=entry["quote"],
        token=token, occurrences=occurrences, occurrence=occurrence,
        refers_to=entry.get("refers_to"), refers_to_indicator=entry.get("refers_to_indicator"),
        precision=precision, precision_reason=entry.get("precision_reason"),
        period_note=entry.get("period_note"),
        period_alternative=str(entry["period_alternative"]) if "period_alternative" in entry else None,
        note=entry.get("note"),
    )


def parse_register(data, path: str | Path = "register.yaml") -> Register:
    """Validate register data (already loaded from YAML) and return a Register."""
    path = Path(path)
    if not isinstance(data, dict) or not isinstance(data.get("figures"), list):
        raise RegisterError(f"{path}: expected a mapping with a 'figures' list")
    unknown = sorted(set(data) - {"figures", "exclusions", "claims", "context_precision", "vocabulary"})
    if unknown:
        raise RegisterError(
            f"{path}: unknown top-level key(s) {', '.join(unknown)}; allowed: figures, exclusions, claims, "
            "context_precision, vocabulary"
        )
    declared_units, declared_reasons = _vocabulary(data.get("vocabulary"), path)
    units = UNITS + tuple(declared_units)
    reasons = {**EXCLUSION_REASONS, **declared_reasons}
    figures = tuple(_figure(entry, _where(path, "figures", i, entry if isinstance(entry, dict) else {}), units)
                    for i, entry in enumerate(data["figures"]))
    seen: dict[str, int] = {}
    for index, figure in enumerate(figures):
        if figure.figure_id in seen:
            raise RegisterError(
                f"{path}: duplicate figure_id {figure.figure_id!r} at figures[{seen[figure.figure_id]}] and figures[{index}]"
            )
        seen[figure.figure_id] = index
    for index, figure in enumerate(figures):
        if figure.refers_to and figure.refers_to not in seen:
            raise RegisterError(
                f"{path}: figures[{index}] ({figure.figure_id!r}): refers_to {figure.refers_to!r} is not a figure_id in the register"
            )
    exclusions = []
    for index, entry in enumerate(data.get("exclusions") or []):
        where = _where(path, "exclusions", index, entry if isinstance(entry, dict) else {})
        _check_fields(entry, EXCLUSION_REQUIRED, EXCLUSION_OPTIONAL, where)
        if entry["reason"] not in reasons:
            raise RegisterError(f"{where}: unknown reason {entry['reason']!r}; expected one of: {', '.join(reasons)} "
                                "(a release may declare more under vocabulary: exclusion_reasons)")
        exclusions.append(Exclusion(entry["quote"], entry["reason"],
                                    _positive_int(entry.get("occurrences", 1), "occurrences", where), entry.get("note")))
    claims = []
    claim_ids = set()
    for index, entry in enumerate(data.get("claims") or []):
        where = _where(path, "claims", index, entry if isinstance(entry, dict) else {})
        _check_fields(entry, CLAIM_REQUIRED, CLAIM_OPTIONAL, where)
        if entry["section"] not in SECTIONS:
            raise RegisterError(f"{where}: unknown section {entry['section']!r}; expected one of: {', '.join(SECTIONS)}")
        if entry["claim_id"] in claim_ids or entry["claim_id"] in seen:
            raise RegisterError(f"{where}: duplicate id {entry['claim_id']!r}")
        claim_ids.add(entry["claim_id"])
        claims.append(Claim(entry["claim_id"], entry["section"], entry["subject"], entry["quote"],
                            _positive_int(entry.get("occurrences", 1), "occurrences", where),
                            entry.get("note"), entry.get("compare_with")))
    context_precision = {}
    for index, entry in enumerate(data.get("context_precision") or []):
        where = f"{path}: context_precision[{index}]"
        _check_fields(entry, ("context_id", "precision", "reason"), (), where)
        try:
            precision = Decimal(str(entry["precision"]))
        except InvalidOperation:
            raise RegisterError(f"{where}: precision {entry['precision']!r} is not a number") from None
        if entry["context_id"] in context_precision:
            raise RegisterError(f"{where}: duplicate context_id {entry['context_id']!r}")
        context_precision[entry["context_id"]] = (precision, entry["reason"])
    try:
        declare_units(declared_units, str(path))
    except ValueError as error:
        raise RegisterError(f"{path}: vocabulary: {error}") from None
    return Register(path, figures, tuple(exclusions), tuple(claims), context_precision,
                    declared_units, declared_reasons)


def _vocabulary(data, path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The units (name -> kind) and exclusion reasons (name -> meaning) a register declares."""
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise RegisterError(f"{path}: vocabulary must be a mapping with units and/or exclusion_reasons")
    unknown = sorted(set(data) - set(VOCABULARY_KEYS))
    if unknown:
        raise RegisterError(f"{path}: vocabulary: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(VOCABULARY_KEYS)}")
    units: dict[str, str] = {}
    for index, entry in enumerate(data.get("units") or []):
        where = _where(path, "vocabulary.units", index, {"quote": entry.get("unit")} if isinstance(entry, dict) else {})
        _check_fields(entry, ("unit", "kind"), ("meaning",), where)
        unit = entry["unit"]
        if not isinstance(unit, str) or unit != unit.strip() or not re.fullmatch(r"[a-z][a-z -]*[a-z]", unit):
            raise RegisterError(f"{where}: unit {unit!r} must be lower-case words, like 'ships' or 'cubic metres'")
        if unit in BUILTIN_UNIT_KINDS or unit in units:
            raise RegisterError(f"{where}: unit {unit!r} is {'built in' if unit in BUILTIN_UNIT_KINDS else 'declared twice'}")
        if entry["kind"] not in UNIT_KINDS:
            raise RegisterError(f"{where}: unknown kind {entry['kind']!r} for unit {unit!r}; expected one of: {', '.join(UNIT_KINDS)}")
        units[unit] = entry["kind"]
    reasons: dict[str, str] = {}
    for index, entry in enumerate(data.get("exclusion_reasons") or []):
        where = _where(path, "vocabulary.exclusion_reasons", index,
                       {"quote": entry.get("reason")} if isinstance(entry, dict) else {})
        _check_fields(entry, ("reason", "meaning"), (), where)
        reason = entry["reason"]
        if not isinstance(reason, str) or not REASON_RE.match(reason):
            raise RegisterError(f"{where}: reason {reason!r} must be a lower-case word or phrase, like 'idiom'")
        if reason in EXCLUSION_REASONS or reason in reasons:
            raise RegisterError(f"{where}: reason {reason!r} is {'built in' if reason in EXCLUSION_REASONS else 'declared twice'}")
        if not isinstance(entry["meaning"], str):
            raise RegisterError(f"{where}: meaning must be text saying what the reason covers")
        reasons[reason] = entry["meaning"]
    return units, reasons


def _parse_yaml(text: str):
    """PyYAML's safe loading, with libyaml's parser when PyYAML has it (about 5 times faster on a long register).

    On an error the pure-Python loader parses again, so the message is worded
    the same whichever parser is installed.
    """
    # The parse makes a few objects for every line and frees none: the cyclic garbage collector,
    # run every few hundred allocations, would walk all of them again and again (on a register
    # of 16,000 figures, 2 s of a 3 s parse).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (a safe loader)
    except yaml.YAMLError:
        return yaml.safe_load(text)
    finally:
        if enabled:
            gc.enable()


def load_register(path: str | Path) -> Register:
    """Read and validate a register YAML file."""
    path = Path(path)
    try:
        data = _parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise RegisterError(f"{path}: not valid YAML: {error}") from None
    return parse_register(data, path)

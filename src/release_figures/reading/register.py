"""Load and validate a release's register (``register.yaml``).

The register is the hand-curated, reviewable half of the figures table. It
says, for each figure, what it counts and where it is printed (a short
quote), but never its value: the value is read from the quote. It also
lists exclusions (numeric tokens that are not figures, each with a reason)
and claims (sentences with a direction but no number, for the checks).

Validation is strict and declarative: each entry is a pydantic dataclass
(unknown fields forbidden, vocabularies as ``Literal``, rules between
fields as validators; see :mod:`release_figures.reading.schema`). Every
problem found (an unknown or missing field, a value outside the
controlled vocabularies, a duplicate id, a ``refers_to`` naming no figure)
is one line of the RegisterError raised, naming the file, the entry and
the field.

The vocabularies are declared in the register's top-level ``vocabulary``:
its sections, which every release names for itself (a figure's or claim's
``section`` must be one of them), and the units and exclusion reasons it
adds to the built-in ones (units with their kind: count, amount, duration,
share; reasons with their meaning), each validated like every other entry.
"""

from __future__ import annotations

import re
import dataclasses
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ValidationInfo, field_validator, model_validator
from pydantic.dataclasses import dataclass

from release_figures.errors import RegisterError
from release_figures.reading.limits import shown
from release_figures.reading.schema import (
    FORBID, STRICT, NonEmpty, PeriodText, Quote, Slug, Trimmed, WholeAtLeastOne, refuse, validate_entry,
)
from release_figures.reading.strict_yaml import load_yaml
from release_figures.units import BUILTIN_UNIT_KINDS, UNIT_KINDS, declare_units

__all__ = [
    "Figure", "Exclusion", "Claim", "Register", "load_register", "parse_register",
    "KINDS", "UNITS", "EXCLUSION_REASONS", "PERCENT_KINDS", "POINT_KINDS",
]

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
REASON_RE = re.compile(r"^[a-z][a-z0-9]*(?:[ _-][a-z0-9]+)*$")
UNIT_RE = re.compile(r"[a-z][a-z -]*[a-z]")
# A section names a table of the book and its anchor: lower-case words, one space or hyphen between them.
SECTION_RE = re.compile(r"[a-z0-9]+(?:[ -][a-z0-9]+)*")

Kind = Literal[tuple(KINDS)]


def _declared_section(section: str, info: ValidationInfo) -> str:
    """A figure's or claim's section, if the register declares it (see parse_register's context)."""
    if info.context is None:
        # Built outside a register (a test's claim): there are no declarations to hold it against.
        return section
    sections = info.context.get("sections", ())
    if not sections:
        raise ValueError("expected a section the register declares under vocabulary: sections, "
                         "and the register declares none")
    if section not in sections:
        raise ValueError(f"expected one of: {', '.join(sections)} "
                         "(the sections the register declares under vocabulary: sections)")
    return section


def _decimal(value: object) -> object:
    """A precision as written (1, 0.1, "1000") as an exact Decimal; anything else is left for the type to refuse."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError("expected a number") from None


def _positive(value: Decimal) -> Decimal:
    if not value.is_finite() or value <= 0:
        raise ValueError("expected a positive number")
    return value


Precision = Annotated[Decimal, BeforeValidator(_decimal), AfterValidator(_positive)]


@dataclass(frozen=True, config=FORBID)
class Figure:
    """One register entry for a figure (what it counts and where it is quoted)."""

    figure_id: Slug
    section: Trimmed
    indicator: Trimmed
    unit: Trimmed
    period: PeriodText
    kind: Kind
    quote: Quote
    token: WholeAtLeastOne | None = None
    occurrences: WholeAtLeastOne = 1
    occurrence: WholeAtLeastOne = 1
    refers_to: Trimmed | None = None
    refers_to_indicator: Trimmed | None = None
    precision: Precision | None = None
    precision_reason: Trimmed | None = None
    period_note: Trimmed | None = None
    period_alternative: PeriodText | None = None
    note: Trimmed | None = None

    @field_validator("section")
    @classmethod
    def _known_section(cls, section: str, info: ValidationInfo) -> str:
        return _declared_section(section, info)

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, unit: str, info: ValidationInfo) -> str:
        units = (info.context or {}).get("units", UNITS)
        if unit not in units:
            raise ValueError(f"expected one of: {', '.join(units)} "
                             "(a release may declare more under vocabulary: units)")
        return unit

    @model_validator(mode="after")
    def _fields_agree(self):
        if self.period_alternative is not None:
            if self.period_alternative == self.period:
                raise ValueError(f"period_alternative {self.period_alternative!r} must be a period (as 'period') "
                                 f"other than {self.period!r}")
            if not self.period_note:
                raise ValueError("period_alternative needs a period_note saying why the text allows both periods")
        if (self.kind in PERCENT_KINDS) != (self.unit == "percent"):
            raise ValueError(f"kind {self.kind!r} and unit {self.unit!r} do not fit; percent kinds take unit 'percent'")
        if (self.kind in POINT_KINDS) != (self.unit == "percentage points"):
            raise ValueError(f"kind {self.kind!r} and unit {self.unit!r} do not fit; a change in percentage points "
                             "takes kind 'change_points' and unit 'percentage points'")
        if self.kind in PERCENT_KINDS + POINT_KINDS and not (self.refers_to or self.refers_to_indicator):
            raise ValueError(f"a {self.kind} figure needs refers_to (a figure_id) or refers_to_indicator")
        if self.refers_to and self.refers_to_indicator:
            raise ValueError("give refers_to or refers_to_indicator, not both")
        if self.precision is not None and not self.precision_reason:
            raise ValueError("a precision override needs a precision_reason saying why the printed form misleads")
        if self.precision is None and self.precision_reason:
            raise ValueError("precision_reason given without a precision override")
        if self.occurrence > self.occurrences:
            raise ValueError(f"occurrence {self.occurrence} is beyond occurrences {self.occurrences}")
        return self


@dataclass(frozen=True, config=FORBID)
class Exclusion:
    """Numeric tokens inside ``quote`` (every occurrence) that are not figures."""

    quote: Quote
    reason: Trimmed
    occurrences: WholeAtLeastOne = 1
    note: Trimmed | None = None

    @field_validator("reason")
    @classmethod
    def _known_reason(cls, reason: str, info: ValidationInfo) -> str:
        reasons = (info.context or {}).get("reasons", EXCLUSION_REASONS)
        if reason not in reasons:
            raise ValueError(f"expected one of: {', '.join(reasons)} "
                             "(a release may declare more under vocabulary: exclusion_reasons)")
        return reason


@dataclass(frozen=True, config=FORBID)
class Claim:
    """A sentence that states a direction (rise, fall) without a number."""

    claim_id: Trimmed
    section: Trimmed
    subject: Trimmed
    quote: Quote
    occurrences: WholeAtLeastOne = 1
    note: Trimmed | None = None
    compare_with: Trimmed | None = None

    @field_validator("section")
    @classmethod
    def _known_section(cls, section: str, info: ValidationInfo) -> str:
        return _declared_section(section, info)


class ContextPrecision(BaseModel):
    """A context row whose printed form's trailing zeros are not rounding (``context_precision``)."""

    model_config = STRICT
    context_id: Trimmed
    precision: Precision
    reason: Trimmed


class DeclaredSection(BaseModel):
    """A section of the release (``vocabulary: sections``), in the release's order, with what it covers."""

    model_config = STRICT
    section: Trimmed
    meaning: Trimmed | None = None

    @field_validator("section")
    @classmethod
    def _words(cls, section: str) -> str:
        if not SECTION_RE.fullmatch(section):
            raise ValueError("expected lower-case words, like 'public safety' or 'the force'")
        return section


class DeclaredUnit(BaseModel):
    """A unit a release adds (``vocabulary: units``), with the kind of quantity it measures."""

    model_config = STRICT
    unit: Trimmed
    kind: Literal[UNIT_KINDS]
    meaning: Trimmed | None = None

    @field_validator("unit")
    @classmethod
    def _new_words(cls, unit: str) -> str:
        if not UNIT_RE.fullmatch(unit):
            raise ValueError("expected lower-case words, like 'ships' or 'cubic metres'")
        if unit in BUILTIN_UNIT_KINDS:
            raise ValueError("expected a unit that is not built in")
        return unit


class DeclaredReason(BaseModel):
    """An exclusion reason a release adds (``vocabulary: exclusion_reasons``), with its meaning."""

    model_config = STRICT
    reason: Trimmed
    meaning: NonEmpty

    @field_validator("reason")
    @classmethod
    def _new_word(cls, reason: str) -> str:
        if not REASON_RE.match(reason):
            raise ValueError("expected a lower-case word or phrase, like 'idiom'")
        if reason in EXCLUSION_REASONS:
            raise ValueError("expected a reason that is not built in")
        return reason


class RegisterFile(BaseModel):
    """The top level of register.yaml: lists of entries, each validated by its own schema."""

    model_config = STRICT
    figures: list
    exclusions: list | None = None
    claims: list | None = None
    context_precision: list | None = None
    vocabulary: dict | None = None


class VocabularySection(BaseModel):
    """The ``vocabulary`` section: the release's sections, and the units and exclusion reasons it adds."""

    model_config = STRICT
    sections: list | None = None
    units: list | None = None
    exclusion_reasons: list | None = None


@dataclasses.dataclass(frozen=True)
class Register:
    """The validated register: figures in text order, exclusions, claims, and what its vocabulary declares."""

    path: Path
    figures: tuple[Figure, ...]
    exclusions: tuple[Exclusion, ...] = dataclasses.field(default_factory=tuple)
    claims: tuple[Claim, ...] = dataclasses.field(default_factory=tuple)
    context_precision: dict = dataclasses.field(default_factory=dict)
    declared_units: dict = dataclasses.field(default_factory=dict)
    declared_reasons: dict = dataclasses.field(default_factory=dict)
    sections: tuple[str, ...] = ()  # the release's own, in its order (vocabulary: sections)

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


def _where(path: Path, section: str, index: int, entry: object, *keys: str) -> str:
    """An entry named by its place and its id (or quote): ``register.yaml: figures[3] ('drug-cases')``."""
    label = next((entry.get(key) for key in keys if isinstance(entry, dict) and entry.get(key)), None)
    return f"{path}: {section}[{index}] ({shown(label)})" if label else f"{path}: {section}[{index}]"


def _entries(schema, entries, path: Path, section: str, problems: list[str], context: dict | None = None,
             keys: tuple[str, ...] = ()) -> list[tuple[int, object]]:
    """The valid entries of one section with their positions; a line in ``problems`` for each invalid one."""
    valid = []
    for index, entry in enumerate(entries or []):
        value, found = validate_entry(schema, entry, _where(path, section, index, entry, *keys), context)
        problems.extend(found)
        if value is not None:
            valid.append((index, value))
    return valid


def _duplicates(entries: list | None, key: str, path: Path, section: str, problems: list[str],
                taken: dict[str, str] | None = None) -> None:
    """A line for every id given twice (or already ``taken`` by another section), naming both positions.

    Read from the entries as written, so an id is found twice even where one of the entries is invalid.
    """
    seen = dict(taken or {})
    for index, entry in enumerate(entries or []):
        value = entry.get(key) if isinstance(entry, dict) else None
        if not isinstance(value, str):
            continue
        if value in seen:
            problems.append(f"{path}: {section}[{index}] ({shown(value)}): duplicate {key} {shown(value)} "
                            f"at {seen[value]} and {section}[{index}]")
        else:
            seen[value] = f"{section}[{index}]"


def _ids(entries: list | None, key: str, section: str = "figures") -> dict[str, str]:
    """The ids given in a section as written, each with its first position (``figures[3]``)."""
    ids: dict[str, str] = {}
    for index, entry in enumerate(entries or []):
        if isinstance(entry, dict) and isinstance(entry.get(key), str):
            ids.setdefault(entry[key], f"{section}[{index}]")
    return ids


def parse_register(data, path: str | Path = "register.yaml") -> Register:
    """Validate register data (already loaded from YAML) and return a Register.

    Every entry is checked; one RegisterError lists every problem, one line each.
    """
    path = Path(path)
    if not isinstance(data, dict):
        raise RegisterError(f"{path}: expected a mapping with a 'figures' list, got {type(data).__name__}")
    problems: list[str] = []
    top, found = validate_entry(RegisterFile, data, str(path))
    refuse(RegisterError, found, path)
    declared_sections, declared_units, declared_reasons = _vocabulary(top.vocabulary, path, problems)
    # A section, unit or reason whose declaration is invalid is reported there once, not again at every entry
    # using it.
    vocabulary = top.vocabulary if isinstance(top.vocabulary, dict) else {}
    named_sections = tuple(_ids(vocabulary.get("sections") if isinstance(vocabulary.get("sections"), list) else [],
                                "section", "vocabulary.sections"))
    named_units = tuple(_ids(vocabulary.get("units") if isinstance(vocabulary.get("units"), list) else [], "unit",
                             "vocabulary.units"))
    named_reasons = _ids(vocabulary.get("exclusion_reasons") if isinstance(vocabulary.get("exclusion_reasons"), list)
                         else [], "reason", "vocabulary.exclusion_reasons")
    context = {"units": UNITS + tuple(declared_units) + tuple(u for u in named_units if u not in declared_units),
               "reasons": {**EXCLUSION_REASONS, **named_reasons, **declared_reasons},
               "sections": tuple(declared_sections) + tuple(s for s in named_sections if s not in declared_sections)}
    figures = _entries(Figure, top.figures, path, "figures", problems, context, ("figure_id", "quote"))
    _duplicates(top.figures, "figure_id", path, "figures", problems)
    figure_ids = _ids(top.figures, "figure_id")
    for index, figure in figures:
        if figure.refers_to and figure.refers_to not in figure_ids:
            problems.append(f"{path}: figures[{index}] ({figure.figure_id!r}): refers_to: expected a figure_id "
                            f"of the register, got {figure.refers_to!r}")
    exclusions = _entries(Exclusion, top.exclusions, path, "exclusions", problems, context, ("quote",))
    claims = _entries(Claim, top.claims, path, "claims", problems, context, ("claim_id", "quote"))
    _duplicates(top.claims, "claim_id", path, "claims", problems, figure_ids)
    precisions = _entries(ContextPrecision, top.context_precision, path, "context_precision", problems,
                          keys=("context_id",))
    _duplicates(top.context_precision, "context_id", path, "context_precision", problems)
    if not problems:
        try:
            declare_units(declared_units, str(path))
        except ValueError as error:
            problems.append(f"{path}: vocabulary: {error}")
    refuse(RegisterError, problems, path)
    return Register(path, tuple(figure for _, figure in figures), tuple(entry for _, entry in exclusions),
                    tuple(claim for _, claim in claims),
                    {entry.context_id: (entry.precision, entry.reason) for _, entry in precisions},
                    declared_units, declared_reasons, tuple(declared_sections))


def _vocabulary(data, path: Path, problems: list[str]) -> tuple[dict, dict, dict]:
    """The sections a register declares (in order) and the units and exclusion reasons it adds, each by name."""
    if data is None:
        return {}, {}, {}
    declared, found = validate_entry(VocabularySection, data, f"{path}: vocabulary")
    problems.extend(found)
    if declared is None:
        return {}, {}, {}
    sections = _entries(DeclaredSection, declared.sections, path, "vocabulary.sections", problems,
                        keys=("section",))
    _duplicates(declared.sections, "section", path, "vocabulary.sections", problems)
    units = _entries(DeclaredUnit, declared.units, path, "vocabulary.units", problems, keys=("unit",))
    _duplicates(declared.units, "unit", path, "vocabulary.units", problems)
    reasons = _entries(DeclaredReason, declared.exclusion_reasons, path, "vocabulary.exclusion_reasons", problems,
                       keys=("reason",))
    _duplicates(declared.exclusion_reasons, "reason", path, "vocabulary.exclusion_reasons", problems)
    return ({entry.section: entry.meaning for _, entry in sections},
            {entry.unit: entry.kind for _, entry in units},
            {entry.reason: entry.meaning for _, entry in reasons})


def load_register(path: str | Path) -> Register:
    """Read and validate a register YAML file (strictly: a duplicated key is an error, see strict_yaml)."""
    path = Path(path)
    return parse_register(load_yaml(path, RegisterError), path)

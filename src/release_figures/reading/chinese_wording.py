"""The Chinese wording of a translated release's figures: passages as data, each figure matched by hand.

A release read in translation (``release.yaml`` names the text's original)
may bring two more inputs:

* a raw file of short Chinese passages (file role ``chinese-passages``: one
  row a passage, the clause or sentence that holds a figure, never a whole
  article), each with its source in the sources table;
* ``chinese.yaml``, hand-curated like the register: for every figure, the
  passage and the quote inside it that hold the same number, with the
  points on which the two languages differ or agree (unit, scope, period,
  framing, omission, wording); or, where no Chinese wording was found, the
  outlets looked at and the words searched for, so that the next version can
  fill the gap.

Nothing here is typed as a value: the number is read from the Chinese quote
by the same reader as every other number (万, 亿, 余, 多, ...). Every quote
must occur verbatim in its passage, every point's Chinese words in the
passage and its English words in the release text; each problem is one line
naming the file, the figure and what was expected.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from release_figures.errors import ReleaseError
from release_figures.reading.number_scan import find_numbers
from release_figures.reading.numbers import NumberFormatError, PrintedNumber, read_number
from release_figures.reading.schema import STRICT, NonEmpty, Slug, refuse, validate_entry
from release_figures.reading.strict_yaml import load_yaml
from release_figures.reading.text_files import read_text_file

__all__ = ["ChineseWordingError", "ASPECTS", "RELATIONS", "Point", "Passage", "Match", "ChineseWording",
           "load_passages", "load_chinese_wording", "PASSAGE_COLUMNS", "CHINESE_FILE"]

CHINESE_FILE = "chinese.yaml"
PASSAGES_ROLE = "chinese-passages"
PASSAGE_COLUMNS = ("passage_id", "source_id", "passage")
# What a point compares. Value, qualifier and direction are computed from the numbers, never declared.
ASPECTS = {
    "unit": "what one of the figure counts (persons or person-times, ...)",
    "scope": "what is counted (criminal suspects or suspects of any offence; a stock or an increase, ...)",
    "period": "the months the figure covers",
    "framing": "how the sentence relates the figure to others",
    "omission": "something the Chinese says that the English leaves out",
    "wording": "a word rendered loosely, with no change to what is counted",
}
RELATIONS = {
    "same": "the English says what the Chinese says",
    "allows": "the English allows the Chinese reading, among others",
    "differs": "the English says something else",
}
# Passages are short by rule: the clause or sentence that holds a figure, never a whole article.
MAX_PASSAGE = 300


class ChineseWordingError(ReleaseError):
    """The Chinese passages or chinese.yaml are malformed, or a quote is not where it is said to be."""


class Point(BaseModel):
    """One thing the two languages say about a figure, beyond its number."""

    model_config = STRICT
    aspect: Literal[tuple(ASPECTS)]
    chinese: NonEmpty
    english: NonEmpty
    relation: Literal[tuple(RELATIONS)]
    meaning: NonEmpty


class Searched(BaseModel):
    """Where a figure's Chinese wording was looked for and not found."""

    model_config = STRICT
    outlets: list[NonEmpty] = Field(min_length=1)
    words: list[NonEmpty] = Field(min_length=1)


class MatchEntry(BaseModel):
    """One entry of chinese.yaml: a figure's Chinese quote in a passage, or where it was looked for."""

    model_config = STRICT
    figure_id: Slug
    passage: NonEmpty | None = None
    quote: NonEmpty | None = None
    token: int | None = Field(default=None, ge=1)
    points: list[Point] = []
    searched: Searched | None = None

    @model_validator(mode="after")
    def _found_or_searched(self):
        if (self.passage is None) != (self.quote is None):
            raise ValueError("passage and quote go together: the passage that holds the figure and the quote in it")
        if self.passage is None and self.searched is None:
            raise ValueError("expected passage and quote (the Chinese wording found) or searched (where it was "
                             "looked for)")
        if self.passage is not None and self.searched is not None:
            raise ValueError("a figure whose wording was found needs no searched entry")
        if self.passage is None and (self.points or self.token):
            raise ValueError("points and token need a passage and quote")
        return self


class ChineseFile(BaseModel):
    model_config = STRICT
    figures: list


@dataclass(frozen=True)
class Passage:
    """A short Chinese passage and the source it was read in."""

    passage_id: str
    source_id: str
    text: str


@dataclass(frozen=True)
class Match:
    """A figure's Chinese wording: the passage, the quote, the number read from it and the points."""

    figure_id: str
    passage: Passage | None
    quote: str
    number: PrintedNumber | None
    points: tuple[Point, ...]
    searched: Searched | None


@dataclass(frozen=True)
class ChineseWording:
    """Every figure's match, in register order, and the passages they quote."""

    matches: tuple[Match, ...]
    passages: dict[str, Passage]


def load_passages(path: str | Path, sources: dict) -> dict[str, Passage]:
    """The passages by id, each checked: a known source, a short text, an id given once."""
    path = Path(path)
    reader = csv.DictReader(io.StringIO(read_text_file(path, ChineseWordingError), newline=""))
    if tuple(reader.fieldnames or ()) != PASSAGE_COLUMNS:
        raise ChineseWordingError(f"{path}, line 1: columns are {reader.fieldnames}, expected {list(PASSAGE_COLUMNS)}")
    passages, problems = {}, []
    line = reader.line_num + 1
    for row in reader:
        where = f"{path}, line {line} ({row.get('passage_id')!r})"
        if None in row or None in row.values():
            problems.append(f"{where}: expected {len(PASSAGE_COLUMNS)} cells, one a column")
        elif row["passage_id"] in passages:
            problems.append(f"{where}: duplicate passage_id; expected each id once")
        elif row["source_id"] not in sources:
            problems.append(f"{where}: source_id: expected an id of the sources table, got {row['source_id']!r}")
        elif not row["passage"].strip() or len(row["passage"]) > MAX_PASSAGE:
            problems.append(f"{where}: passage: expected the clause or sentence that holds a figure, 1 to "
                            f"{MAX_PASSAGE} characters, got {len(row['passage'])}")
        else:
            passages[row["passage_id"]] = Passage(row["passage_id"], row["source_id"], row["passage"])
        line = reader.line_num + 1
    refuse(ChineseWordingError, problems, path)
    return passages


def _number(entry: MatchEntry, where: str) -> PrintedNumber:
    """The number of an entry's quote (the token-th when it holds several), read as Chinese."""
    try:
        tokens = [token for token in find_numbers(entry.quote, "zh") if token.form != "ordinal"]
    except NumberFormatError as error:
        raise ChineseWordingError(f"{where}: quote: {error}") from None
    if entry.token is None and len(tokens) != 1:
        raise ChineseWordingError(f"{where}: quote holds {len(tokens)} numbers "
                                  f"({', '.join(t.text for t in tokens) or 'none'}); expected one, or a token field")
    if entry.token is not None and entry.token > len(tokens):
        raise ChineseWordingError(f"{where}: token {entry.token} asked for, but the quote holds {len(tokens)} numbers")
    token = tokens[(entry.token or 1) - 1]
    try:
        return read_number(token.text, "zh")
    except NumberFormatError as error:
        raise ChineseWordingError(f"{where}: quote: {error}") from None


def load_chinese_wording(path: str | Path, passages: dict[str, Passage], figure_ids: list[str],
                         english_text: str) -> ChineseWording:
    """chinese.yaml validated against the passages, the register's figures and the English text.

    Every figure needs one entry; each problem is one line of the
    ChineseWordingError raised, naming the file, the entry and the field.
    """
    path = Path(path)
    data = load_yaml(path, ChineseWordingError)
    top, problems = validate_entry(ChineseFile, data, str(path))
    refuse(ChineseWordingError, problems, path)
    found: dict[str, Match] = {}
    for index, raw in enumerate(top.figures):
        label = raw.get("figure_id") if isinstance(raw, dict) else None
        where = f"{path}: figures[{index}]" + (f" ({label!r})" if label else "")
        entry, errors = validate_entry(MatchEntry, raw, where)
        problems += errors
        if entry is None:
            continue
        if entry.figure_id not in figure_ids:
            problems.append(f"{where}: figure_id: expected a figure of the register, got {entry.figure_id!r}")
            continue
        if entry.figure_id in found:
            problems.append(f"{where}: figure_id {entry.figure_id!r} given twice; expected one entry a figure")
            continue
        passage = passages.get(entry.passage) if entry.passage else None
        if entry.passage and passage is None:
            problems.append(f"{where}: passage: expected an id of the Chinese passages, got {entry.passage!r}")
            continue
        number = None
        if passage is not None:
            if entry.quote not in passage.text:
                problems.append(f"{where}: quote {entry.quote!r} does not occur in passage {passage.passage_id!r}; "
                                "expected it verbatim")
                continue
            for point in entry.points:
                if point.chinese not in passage.text:
                    problems.append(f"{where}: points ({point.aspect}): chinese {point.chinese!r} does not occur in "
                                    f"passage {passage.passage_id!r}")
                if point.english not in english_text:
                    problems.append(f"{where}: points ({point.aspect}): english {point.english!r} does not occur in "
                                    "the release text")
            try:
                number = _number(entry, where)
            except ChineseWordingError as error:
                problems.append(str(error))
                continue
        found[entry.figure_id] = Match(entry.figure_id, passage, entry.quote or "", number, tuple(entry.points),
                                       entry.searched)
    missing = [figure_id for figure_id in figure_ids if figure_id not in found]
    if missing and not problems:
        problems.append(f"{path}: no entry for the figure(s) {', '.join(missing)}; expected each figure once, "
                        "with its Chinese wording or where it was looked for")
    refuse(ChineseWordingError, problems, path)
    return ChineseWording(tuple(found[figure_id] for figure_id in figure_ids), passages)


def load_release_chinese(release, figure_ids: list[str]) -> tuple[ChineseWording, dict] | None:
    """A release folder's Chinese wording and its sources, or None when it has no chinese.yaml.

    A chinese.yaml needs the passages (file role ``chinese-passages``) and the
    sources table (role ``sources``) beside it; either missing is an error.
    """
    from release_figures.reading.sources import load_sources

    path = release.root / CHINESE_FILE
    if not path.is_file():
        return None
    entry = release.record["files"].get(PASSAGES_ROLE)
    if not isinstance(entry, dict) or release.sources_path is None:
        raise ChineseWordingError(f"{path}: needs the Chinese passages (a '{PASSAGES_ROLE}' file in release.yaml) "
                                  "and the sources table (a 'sources' file)")
    sources = load_sources(release.sources_path)
    passages = load_passages(release.root / entry["path"], sources)
    return load_chinese_wording(path, passages, figure_ids, release.text()), sources

"""Who published each statement the book cites, and where the book read it: original and copy kept apart.

Two tables of a release folder, both optional:

* ``sources.csv``: one row a source (a statement as published). It names the
  original (producer, title, date, its own address when known) separately
  from the copy the book read (site and address), grades the copy
  (``reliability``: A, read on the original's own site or a major state-media
  site; B, read in a reprint or mirror of named copy), says whether the source
  reports the release's own press conference (``reports``) and whether the
  quote was seen in a stored copy of the page (``checked``).
* ``context-sources.csv``: the source of each context figure, with a
  ``correction`` where the context row's own citation (its source, date or
  grade) is wrong. Raw context tables are never edited; corrections are data.

Every field is validated against its contract before anything is computed.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel

from release_figures.errors import ContextDataError
from release_figures.reading.schema import STRICT, NonEmpty, refuse, validate_entry
from release_figures.reading.text_files import read_text_file

__all__ = ["Source", "SOURCE_COLUMNS", "CONTEXT_SOURCE_COLUMNS", "RELIABILITY", "REPORTS", "load_sources",
           "load_context_sources"]

SOURCE_COLUMNS = ("source_id", "producer", "title", "published", "original_url", "copy_site", "copy_url",
                  "reliability", "reports", "checked", "note")
CONTEXT_SOURCE_COLUMNS = ("context_id", "source_id", "correction")
RELIABILITY = {
    "A": "read on the original's own site, or on a major state-media site",
    "B": "read in a reprint or mirror that names the original's producer; probably faithful, but the site has no authority",
}
REPORTS = {
    "same_conference": "reports the release's own press conference",
    "other_statement": "another statement",
}
_DATE_RE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
_SLUG_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _date(value: str) -> str:
    if not _DATE_RE.fullmatch(value):
        raise ValueError("expected a date YYYY-MM-DD (or YYYY-MM, YYYY when the day is not known)")
    return value


def _slug(value: str) -> str:
    if not _SLUG_RE.fullmatch(value):
        raise ValueError("expected a lower-case slug like 'xinhua-fraud-2023-05-30'")
    return value


def _address(value: str) -> str:
    if value and not re.match(r"https?://", value):
        raise ValueError("expected an http(s) address, or nothing")
    return value


class Source(BaseModel):
    """One statement as published: the original, and the copy the book read."""

    model_config = STRICT
    source_id: Annotated[str, AfterValidator(_slug)]
    producer: NonEmpty
    title: str
    published: Annotated[str, AfterValidator(_date)]
    original_url: Annotated[str, AfterValidator(_address)]
    copy_site: NonEmpty
    copy_url: Annotated[NonEmpty, AfterValidator(_address)]
    reliability: Literal[tuple(RELIABILITY)]
    reports: Literal[tuple(REPORTS)]
    checked: Literal["yes", "no"]
    note: str

    @property
    def name(self) -> str:
        """The producer's name alone, as prose names it: 'Xinhua (新华社), by 熊丰' -> 'Xinhua'."""
        return re.split(r" \(|,|;", self.producer, maxsplit=1)[0].strip()

    @property
    def copy_is_original(self) -> bool:
        """Whether the book read the original's own page."""
        return bool(self.original_url) and self.original_url == self.copy_url


class ContextSource(BaseModel):
    """The source of one context figure, and what it corrects in the row's own citation."""

    model_config = STRICT
    context_id: NonEmpty
    source_id: NonEmpty
    correction: str


def _rows(path: Path, columns: tuple[str, ...]):
    """``(line, row)`` of a CSV file of a release folder, its header checked against ``columns``."""
    reader = csv.DictReader(io.StringIO(read_text_file(path, ContextDataError), newline=""))
    if tuple(reader.fieldnames or ()) != columns:
        raise ContextDataError(f"{path}, line 1: columns are {reader.fieldnames}, expected {list(columns)}")
    line = reader.line_num + 1
    for row in reader:
        if None in row or None in row.values():
            raise ContextDataError(f"{path}, line {line}: expected {len(columns)} cells, one a column")
        yield line, row
        line = reader.line_num + 1


def load_sources(path: str | Path) -> dict[str, Source]:
    """The sources of a release folder by id, every field validated (ContextDataError listing every problem)."""
    path = Path(path)
    sources: dict[str, Source] = {}
    problems: list[str] = []
    for line, row in _rows(path, SOURCE_COLUMNS):
        where = f"{path}, line {line} ({row['source_id']!r})"
        source, found = validate_entry(Source, row, where)
        problems += found
        if source is None:
            continue
        if source.source_id in sources:
            problems.append(f"{where}: duplicate source_id; expected each id once")
        sources[source.source_id] = source
    refuse(ContextDataError, problems, path)
    return sources


def load_context_sources(path: str | Path, sources: dict[str, Source],
                         context_ids: set[str]) -> dict[str, tuple[Source, str]]:
    """Each context figure's source and correction, by context id.

    Every context figure needs exactly one row; a row naming an unknown
    context figure or source is refused, each problem one line.
    """
    path = Path(path)
    found: dict[str, tuple[Source, str]] = {}
    problems: list[str] = []
    for line, row in _rows(path, CONTEXT_SOURCE_COLUMNS):
        where = f"{path}, line {line} ({row['context_id']!r})"
        entry, errors = validate_entry(ContextSource, row, where)
        problems += errors
        if entry is None:
            continue
        if entry.context_id not in context_ids:
            problems.append(f"{where}: context_id: expected an id of the context tables, got {entry.context_id!r}")
        elif entry.context_id in found:
            problems.append(f"{where}: duplicate context_id; expected one source a context figure")
        if entry.source_id not in sources:
            problems.append(f"{where}: source_id: expected an id of the sources table, got {entry.source_id!r}")
            continue
        found[entry.context_id] = (sources[entry.source_id], entry.correction)
    missing = sorted(context_ids - set(found))
    if missing:
        problems.append(f"{path}: no source for the context figure(s) {', '.join(missing)}; expected one row each")
    refuse(ContextDataError, problems, path)
    return found

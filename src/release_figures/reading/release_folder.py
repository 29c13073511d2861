"""A release is a folder: its text, its register, its provenance record.

Layout (documented in the README)::

    RELEASE_DIR/
      release.yaml          provenance: ids, citation, one entry a raw file with its SHA-256
      register.yaml         the hand-curated register of figures, exclusions and claims
                          (and any units or exclusion reasons the release adds)
      raw/<text file>       the release text, byte for byte as published
      raw/<context file>    optional: official figures from other statements
      comparisons.yaml      optional: year-on-year comparisons (see stages/changes.py)
      checks.yaml           optional: consistency checks (see stages/checks/)

Generated tables (figures.csv, tokens.csv, changes.csv, checks.csv,
datapackage.json) are written beside these files for the repository's own
release (``data/``) and into ``OUT/data`` for ``python -m release_figures run``.

This module finds those files, checks their checksums and decodes the text.
Nothing here knows about one particular release. Every file is read
through :mod:`release_figures.reading.input_files`: a regular file within
its size limit (:mod:`release_figures.reading.limits`), checked before a
byte is read, checksums included.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field, field_validator

from release_figures.errors import ChecksumMismatchError, ReleaseError, SourceTextError
from release_figures.reading.input_files import input_file_problem, read_input_bytes, sha256_of_input
from release_figures.reading.limits import MAX_CSV_BYTES, MAX_TEXT_BYTES, MAX_YAML_BYTES, size_limit_for
from release_figures.reading.schema import STRICT, DateText, NonEmpty, refuse, validate_entry
from release_figures.reading.strict_yaml import load_yaml
from release_figures.reading.text_files import decode_utf8, refuse_control_characters

__all__ = ["Release", "load_release", "decode_text", "sha256_of", "REPO_DATA_DIR", "ReleaseRecord", "FileEntry",
           "confined_path", "size_limit_of"]

# File roles in release.yaml of the tables naming each cited statement's original and copy (reading.sources).
SOURCES_ROLE = "sources"
CONTEXT_SOURCES_ROLE = "sources-of-context"
# The repository's own release folder; notebooks default to it.
REPO_DATA_DIR = Path(__file__).resolve().parents[3] / "data"


def _as_text(value: object) -> object:
    # A checksum not yet recorded may be written as 0; record-checksums fills it in.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class OriginalSource(BaseModel):
    """Where a translated text's original is published (``files.text.original``), for its citation."""

    model_config = STRICT
    producer: NonEmpty | None = None
    title: NonEmpty | None = None
    published: DateText | None = None
    url: str | None = None
    language: NonEmpty | None = None


class FileEntry(BaseModel):
    """One raw file of a release folder, as release.yaml records it (``files.<role>``)."""

    model_config = STRICT
    path: NonEmpty
    producer: NonEmpty
    title: NonEmpty
    published: DateText
    url: str
    licence: NonEmpty
    sha256: Annotated[str, BeforeValidator(_as_text)]
    language: NonEmpty | None = None
    original: OriginalSource | None = None


class ReleaseRecord(BaseModel):
    """release.yaml: the release's ids, citation and the raw files with their checksums."""

    model_config = STRICT
    release_id: NonEmpty
    title: NonEmpty
    # What the release is, in one paragraph: the landing page opens with it.
    introduction: NonEmpty | None = None
    # The book's title for this release (its pages and link previews); the release's title by default.
    book_title: NonEmpty | None = None
    published: DateText | None = None
    language: NonEmpty | None = None
    register_file: NonEmpty = Field("register.yaml", alias="register")
    checks: NonEmpty = "checks.yaml"
    original_language_context: list[NonEmpty] = []
    files: dict[str, dict]

    @field_validator("files")
    @classmethod
    def _has_text(cls, files: dict) -> dict:
        if "text" not in files:
            raise ValueError("expected a 'text' entry (the release text) among the files")
        return files


def confined_path(root: Path, relative: object, label: str) -> Path:
    """``root / relative``, refused (ReleaseError naming ``label``) unless it stays inside ``root``.

    A release folder is untrusted input: a path that is absolute, climbs out
    with ``..`` or leads out through a symbolic link would make the build read
    (or copy into its output) a file that is not the release's.
    """
    text = str(relative)
    if Path(text).is_absolute():
        raise ReleaseError(f"{label}: path {text!r} is absolute; expected a path inside the release folder")
    if os.pardir in Path(text).parts:
        raise ReleaseError(f"{label}: path {text!r} goes up with '..'; expected a path inside the release folder")
    path = root / text
    inside = root.resolve()
    resolved = path.resolve()
    if resolved != inside and not resolved.is_relative_to(inside):
        raise ReleaseError(f"{label}: path {text!r} leads outside the release folder through a symbolic link "
                           f"(to {resolved}); expected a file inside the release folder")
    return path


def size_limit_of(role: str) -> int:
    """The size limit of a raw file by its role in release.yaml: a context table's, else the release text's."""
    return MAX_CSV_BYTES if role == "context" or role.startswith("context-") else MAX_TEXT_BYTES


def sha256_of(path: Path, limit: int = MAX_TEXT_BYTES) -> str:
    """Hex SHA-256 of a regular file of at most ``limit`` bytes (ReleaseError otherwise), read in pieces."""
    return sha256_of_input(path, limit)


def decode_text(raw: bytes, source: str = "release text") -> str:
    """Decode release bytes to text: strict UTF-8, BOM dropped, CRLF/CR made LF.

    Line ends and a byte-order mark do not change what the text says, so
    they are normalised; anything else (bad bytes, a control character such
    as NUL, an empty file) is an error naming the file (and the line).
    """
    text = decode_utf8(raw, source, SourceTextError)
    refuse_control_characters(text, source, SourceTextError)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceTextError(f"{source}: the file is empty; expected the release text")
    return text


@dataclass(frozen=True)
class Release:
    """A release folder with its provenance record loaded."""

    root: Path
    record: dict

    @property
    def release_id(self) -> str:
        return self.record["release_id"]

    @property
    def language(self) -> str:
        """The reader's language of the release text: ``"en"`` (the default) or ``"zh"`` (see numbers.language_of)."""
        from release_figures.reading.numbers import language_of

        return language_of(self.record.get("language"))

    @property
    def text_path(self) -> Path:
        return self.root / self.record["files"]["text"]["path"]

    @property
    def register_path(self) -> Path:
        return self.root / self.record.get("register", "register.yaml")

    @property
    def context_paths(self) -> list[Path]:
        """Every context file: the file roles ``context`` and ``context-<name>``, in record order."""
        return [self.root / entry["path"] for role, entry in self.record["files"].items()
                if role == "context" or role.startswith("context-")]

    def _role_path(self, role: str) -> Path | None:
        entry = self.record["files"].get(role)
        return self.root / entry["path"] if isinstance(entry, dict) else None

    @property
    def sources_path(self) -> Path | None:
        """The sources table (file role ``sources``): original and copy of every statement cited, if any."""
        return self._role_path(SOURCES_ROLE)

    @property
    def context_sources_path(self) -> Path | None:
        """The source of each context figure (file role ``sources-of-context``), if any."""
        return self._role_path(CONTEXT_SOURCES_ROLE)

    @property
    def original_language_context(self) -> tuple[str, ...]:
        """Context ids that quote this release's own report in its original language.

        They count as the release itself when a check's subject is derived:
        arithmetic among them and the release's figures is about the release.
        """
        return tuple(self.record.get("original_language_context") or ())

    def file_entries(self) -> dict[str, dict]:
        """The provenance entries of the raw files, by role."""
        return dict(self.record["files"])

    def text(self) -> str:
        """The decoded release text (see :func:`decode_text`), a regular file within MAX_TEXT_BYTES."""
        return decode_text(read_input_bytes(self.text_path, MAX_TEXT_BYTES, SourceTextError),
                           source=str(self.text_path))

    def input_problems(self) -> list[str]:
        """Why a file this release names may not be read (not a regular file, over its limit), from metadata only.

        The register, the optional definition files, every raw file and the
        history (changelog.csv, versions/); one line a problem, none when all
        may be read. Reads no file's bytes.
        """
        definitions = ("comparisons.yaml", self.record.get("checks", "checks.yaml"))
        named = [(self.register_path, MAX_YAML_BYTES)] + [(self.root / name, MAX_YAML_BYTES) for name in definitions]
        named += [(self.root / entry["path"], size_limit_of(role)) for role, entry in self.file_entries().items()]
        # The published history, copied into the output folder with the tables (see tables.versions).
        history = [self.root / "changelog.csv"]
        if (self.root / "versions").is_dir():
            history += sorted(self.root.joinpath("versions").rglob("*"))
        named += [(path, size_limit_for(path.name)) for path in history if not path.is_dir()]
        # A file that is not there is not this check's to report (the checksums and the loaders name it).
        return [problem for path, limit in named
                if os.path.lexists(path) and (problem := input_file_problem(path, limit))]

    def verify_checksums(self) -> None:
        """Raise ChecksumMismatchError naming every raw file whose bytes changed.

        A raw file that may not be read at all (missing, not a regular file,
        over its size limit) is a ReleaseError naming it, before any byte is read.
        """
        problems = []
        for role, entry in self.file_entries().items():
            path = self.root / entry["path"]
            if not os.path.lexists(path):
                problems.append(f"{path}: missing ({role} file named in release.yaml)")
                continue
            unreadable = input_file_problem(path, size_limit_of(role))
            if unreadable:
                raise ReleaseError(unreadable)
            actual = sha256_of(path, size_limit_of(role))
            if actual != entry["sha256"]:
                problems.append(
                    f"{path}: SHA-256 is {actual}, release.yaml records {entry['sha256']}"
                )
        if problems:
            raise ChecksumMismatchError(
                "raw files differ from their provenance record:\n  "
                + "\n  ".join(problems)
                + "\nRaw files are never edited. If the change is deliberate (a new "
                "snapshot of the source), re-record with: "
                f"python -m release_figures record-checksums {self.root}"
            )


def load_release(root: str | Path) -> Release:
    """Load and validate a release folder's ``release.yaml``.

    Besides release_id, title and files, the record may give the text's
    ``language`` (``en`` by default; ``zh``, ``zh-Hans``, ... for a Chinese
    text, whose full-width digits are then read). Every path it names must
    stay inside the folder (:func:`confined_path`). Every problem of the
    record is one line of the ReleaseError raised.
    """
    root = Path(root)
    if not root.is_dir():
        raise ReleaseError(f"{root}: {'not a folder' if root.exists() else 'no such folder'}; "
                           "expected a release folder holding release.yaml (see README)")
    record_path = root / "release.yaml"
    if not os.path.lexists(record_path):
        raise ReleaseError(f"{record_path}: missing; a release folder needs release.yaml (see README)")
    confined_path(root, "release.yaml", str(record_path))
    record = load_yaml(record_path)
    if not isinstance(record, dict):
        raise ReleaseError(f"{record_path}: expected a mapping with release_id, title, files; "
                           f"got {type(record).__name__}")
    checked, problems = validate_entry(ReleaseRecord, record, str(record_path))
    for role, entry in (record.get("files") if isinstance(record.get("files"), dict) else {}).items():
        if isinstance(entry, dict):  # anything else is reported by ReleaseRecord already
            problems += validate_entry(FileEntry, entry, f"{record_path}: files.{role}")[1]
    refuse(ReleaseError, problems, record_path)
    for name, relative in [(f"files.{role}.path", entry["path"]) for role, entry in record["files"].items()] + \
            [("register", checked.register_file), ("checks", checked.checks)]:
        problems += _confinement_problems(root, relative, f"{record_path}: {name}")
    refuse(ReleaseError, problems, record_path)
    release = Release(root, record)
    from release_figures.reading.numbers import NumberFormatError

    try:
        release.language
    except NumberFormatError as error:
        raise ReleaseError(f"{record_path}: {error}") from None
    if not os.path.lexists(release.register_path):
        raise ReleaseError(f"{release.register_path}: missing; every release folder needs its register")
    return release


def _confinement_problems(root: Path, relative: object, label: str) -> list[str]:
    try:
        confined_path(root, relative, label)
    except ReleaseError as error:
        return [str(error)]
    return []

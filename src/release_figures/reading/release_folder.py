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
Nothing here knows about one particular release.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from release_figures.errors import ChecksumMismatchError, ReleaseError, SourceTextError

__all__ = ["Release", "load_release", "decode_text", "sha256_of", "REPO_DATA_DIR"]

# The repository's own release folder; notebooks default to it.
REPO_DATA_DIR = Path(__file__).resolve().parents[3] / "data"

REQUIRED_FILE_FIELDS = ("path", "producer", "title", "published", "url", "licence", "sha256")


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def decode_text(raw: bytes, source: str = "release text") -> str:
    """Decode release bytes to text: strict UTF-8, BOM dropped, CRLF/CR made LF.

    Line ends and a byte-order mark do not change what the text says, so
    they are normalised; anything else (bad bytes, an empty file) is an
    error naming the file.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        context = raw[max(0, error.start - 20): error.start + 20].decode("utf-8", "backslashreplace")
        raise SourceTextError(
            f"{source}: not valid UTF-8 at byte {error.start}, line {line} "
            f"(byte {raw[error.start:error.start + 1]!r} in {context!r}); expected UTF-8 text. "
            "Re-save the file as UTF-8, or fetch it again"
        ) from None
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
    def language_tag(self) -> str:
        """The text's language as release.yaml gives it (a BCP 47 tag such as ``zh-Hans``; ``en`` if absent)."""
        return str(self.record.get("language") or "en")

    @property
    def text_path(self) -> Path:
        return self.root / self.record["files"]["text"]["path"]

    @property
    def register_path(self) -> Path:
        return self.root / self.record.get("register", "register.yaml")

    @property
    def context_path(self) -> Path | None:
        """The first context file, if any (see :attr:`context_paths`)."""
        paths = self.context_paths
        return paths[0] if paths else None

    @property
    def context_paths(self) -> list[Path]:
        """Every context file: the file roles ``context`` and ``context-<name>``, in record order."""
        return [self.root / entry["path"] for role, entry in self.record["files"].items()
                if role == "context" or role.startswith("context-")]

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
        """The decoded release text (see :func:`decode_text`)."""
        return decode_text(self.text_path.read_bytes(), source=str(self.text_path))

    def verify_checksums(self) -> None:
        """Raise ChecksumMismatchError naming every raw file whose bytes changed."""
        problems = []
        for role, entry in self.file_entries().items():
            path = self.root / entry["path"]
            if not path.exists():
                problems.append(f"{path}: missing ({role} file named in release.yaml)")
                continue
            actual = sha256_of(path)
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
    text, whose full-width digits are then read).
    """
    root = Path(root)
    record_path = root / "release.yaml"
    if not record_path.is_file():
        raise ReleaseError(f"{record_path}: missing; a release folder needs release.yaml (see README)")
    record = yaml.safe_load(record_path.read_text(encoding="utf-8"))
    if not isinstance(record, dict):
        raise ReleaseError(f"{record_path}: expected a mapping with release_id, title, files")
    for field in ("release_id", "title", "files"):
        if field not in record:
            raise ReleaseError(f"{record_path}: missing field {field!r}")
    files = record["files"]
    if not isinstance(files, dict) or "text" not in files:
        raise ReleaseError(f"{record_path}: 'files' must have a 'text' entry")
    for role, entry in files.items():
        missing = [field for field in REQUIRED_FILE_FIELDS if field not in (entry or {})]
        if missing:
            raise ReleaseError(f"{record_path}: files.{role} is missing {', '.join(missing)}")
    release = Release(root, record)
    from release_figures.reading.numbers import NumberFormatError

    try:
        release.language
    except NumberFormatError as error:
        raise ReleaseError(f"{record_path}: {error}") from None
    if not release.register_path.is_file():
        raise ReleaseError(f"{release.register_path}: missing; every release folder needs its register")
    return release

"""Execution cache: re-execute a chapter exactly when something it reads changed.

Jupyter Book's own cache keys on a notebook's code cells only, so a changed
register or package module would leave stale numbers on a cached page. We
execute chapters ourselves (:mod:`release_figures.book.execute`) and decide
here whether each one needs to run.

A chapter declares what it reads in its own metadata, beside the code that
reads it: ``{"release_figures": {"reads": [...]}}``. Names in ``reads``:

``release``   the release folder's ``release.yaml``
``register``  its ``register.yaml``
``text``      the release text (``files.text`` in release.yaml)
``context``   the context files (``files.context*``) and the sources they are cited from, if the release has them
``sources``   the sources table (``files.sources``): each cited statement's original and copy, if any
``comparisons`` its ``comparisons.yaml`` (year-on-year definitions), if any
``checks``    its ``checks.yaml`` (consistency-check definitions), if any
``<x>.csv``   a table the build wrote before any chapter runs

A test runs each chapter's code with an audit hook and compares the files
it opens with its declaration (tests/test_incremental.py). Every chapter
also depends on its own bytes, on the package's source (every file under
``src/release_figures``), on the book's ``CITATION.cff`` (the version its citations print), on the versions of the packages that render its
outputs and on the parameters it is run with. A chapter that declares
nothing reads every release input and every table: never stale, sometimes
slower.

The manifest (``<out>/_build/executed/manifest.json``) records, per
chapter, the SHA-256 of each of those inputs and of the executed notebook.
A chapter executes when any recorded hash differs from the current one (or
its executed notebook is missing); otherwise its previous result is used.
"""

from __future__ import annotations

import hashlib
import json
import platform
from importlib import metadata
from pathlib import Path

from release_figures.tables.atomic import write_json_atomic

__all__ = [
    "RELEASE_INPUTS", "PACKAGE_DIR", "REPORTED_PACKAGES", "declared_reads", "package_digest", "environment",
    "input_paths", "input_hashes", "common_inputs", "chapter_inputs", "sha256_of_file", "sha256_of_json", "Manifest", "stale_reasons",
]

PACKAGE_DIR = Path(__file__).resolve().parents[1]
RELEASE_INPUTS = ("release", "register", "text", "context", "sources", "comparisons", "checks")
# Packages whose versions are part of every notebook's key and of the execution report.
REPORTED_PACKAGES = ("jupyter-book", "myst-nb", "pandas", "altair", "papermill", "sphinx")

def declared_reads(notebook_path: Path, tables_dir: Path | None = None) -> tuple[str, ...]:
    """What a chapter reads, from its metadata; undeclared: every release input and every table in ``tables_dir``."""
    import nbformat

    own = nbformat.read(notebook_path, as_version=4).metadata.get("release_figures", {})
    if "reads" in own:
        return tuple(own["reads"])
    tables = tuple(sorted(p.name for p in Path(tables_dir).glob("*.csv"))) if tables_dir else ()
    return RELEASE_INPUTS + tables


def sha256_of_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def sha256_of_json(value) -> str:
    """Hex SHA-256 of a JSON-serialisable value (keys sorted), for keys made of settings."""
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


_sha256 = sha256_of_file


def package_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """SHA-256 over every source file of the package (relative path and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".pyo"}:
            digest.update(path.relative_to(package_dir).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def environment() -> dict:
    """Python version and the versions of REPORTED_PACKAGES (absent ones as "not installed")."""
    packages = {}
    for name in REPORTED_PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = "not installed"
    return {"python": platform.python_version(), "packages": packages}


def input_paths(release, name: str, tables_dir: Path) -> list[Path]:
    """The files one input name stands for in this release (an optional input the release lacks: none)."""
    if name == "release":
        return [release.root / "release.yaml"]
    if name == "register":
        return [release.register_path]
    if name == "text":
        return [release.text_path]
    if name == "context":
        return [*release.context_paths, *(p for p in (release.sources_path, release.context_sources_path) if p)]
    if name == "sources":
        return [release.sources_path] if release.sources_path else []
    if name == "comparisons":
        return [release.root / "comparisons.yaml"]
    if name == "checks":
        return [release.root / release.record.get("checks", "checks.yaml")]
    if name.endswith(".csv"):
        return [Path(tables_dir) / name]
    raise ValueError(f"unknown input name {name!r}; expected one of {RELEASE_INPUTS} or a .csv table")


def input_hashes(release, reads: tuple[str, ...], tables_dir: Path) -> dict[str, str]:
    """SHA-256 of each named input; a missing file hashes as "missing", an input the release lacks as absent."""
    hashes = {}
    for name in reads:
        paths = input_paths(release, name, tables_dir)
        if not paths:
            hashes[name] = "absent from release.yaml"
        else:
            hashes[name] = " ".join(_sha256(p) if p.is_file() else "missing" for p in paths)
    return hashes


def common_inputs(parameters: dict) -> dict[str, str]:
    """What every chapter depends on: the package's source, the environment, the parameters, CITATION.cff.

    CITATION.cff gives every citation a chapter prints its version and date,
    so a new version re-executes the chapters that cite.
    """
    from release_figures.views.citations import CITATION_FILE

    return {"package": package_digest(), "environment": sha256_of_json(environment()),
            "parameters": sha256_of_json(parameters),
            "citation": sha256_of_file(CITATION_FILE) if CITATION_FILE.is_file() else "missing"}


def chapter_inputs(source: Path, release, tables_dir: Path, common: dict) -> dict[str, str]:
    """The key of one chapter: its own bytes, ``common`` and the hash of everything it declares it reads."""
    reads = declared_reads(source, tables_dir)
    return {"notebook": sha256_of_file(source), **common, **input_hashes(release, reads, tables_dir)}


class Manifest:
    """The record of the last execution of each chapter (JSON, written atomically)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.entries: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))["notebooks"]
        except (FileNotFoundError, KeyError, ValueError):
            self.entries = {}

    def get(self, name: str) -> dict | None:
        """The entry of one chapter, or None if it never ran here."""
        return self.entries.get(name)

    def record(self, name: str, inputs: dict, executed: Path, seconds: float) -> None:
        """Record a successful execution and save the manifest."""
        self.entries[name] = {"inputs": inputs, "executed": _sha256(executed), "seconds": round(seconds, 2)}
        write_json_atomic(self.path, {"notebooks": dict(sorted(self.entries.items()))})

    def forget(self, name: str) -> None:
        """Drop a chapter's entry (before re-executing it), so a failure leaves it stale."""
        if self.entries.pop(name, None) is not None:
            write_json_atomic(self.path, {"notebooks": dict(sorted(self.entries.items()))})


def stale_reasons(entry: dict | None, inputs: dict, executed: Path) -> list[str]:
    """Why a chapter must re-execute (empty list: its cached result is current)."""
    if entry is None:
        return ["never executed here"]
    reasons = [f"{name} changed" for name in sorted(set(inputs) | set(entry["inputs"]))
               if inputs.get(name) != entry["inputs"].get(name)]
    if not executed.is_file() or _sha256(executed) != entry["executed"]:
        reasons.append("executed notebook missing or modified")
    return reasons

"""Dependency-aware execution cache: re-execute a notebook exactly when an input changed.

Jupyter Book's own cache keys on a notebook's code cells only, so a changed
register or package module would leave stale numbers on a cached page. We
execute notebooks ourselves (:mod:`release_figures.book.execute`), and decide
here whether each one needs to run.

What a notebook reads is declared in :data:`DECLARED`, by notebook name
(a notebook may instead carry the same mapping in its own metadata,
``{"release_figures": {"reads": [...], "writes": [...]}}``, which wins).
Names in ``reads``:

``release``   the release folder's ``release.yaml``
``register``  its ``register.yaml``
``text``      the release text (``files.text`` in release.yaml)
``context``   the context figures (``files.context``), if the release has them
``comparisons`` its ``comparisons.yaml`` (year-on-year definitions), if any
``checks``    its ``checks.yaml`` (consistency-check definitions), if any
``<x>.csv``   a table in the output folder, usually written by an earlier notebook

Every notebook also depends on its own bytes, on the package's source
(every file under ``src/release_figures``), on the versions of the
packages that render its outputs and on the parameters it is run with. A
notebook not in :data:`DECLARED` reads every release input and every
table written by the notebooks before it: never stale, sometimes slower.

The manifest (``<out>/_build/executed/manifest.json``) records, per
notebook, the SHA-256 of each of those inputs, of the executed notebook
and of each table it wrote. A notebook executes when any recorded hash
differs from the current one (or its outputs are missing); otherwise its
previous result is used unchanged.
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from release_figures.tables.atomic import write_json_atomic

__all__ = [
    "DECLARED", "RELEASE_INPUTS", "PACKAGE_DIR", "REPORTED_PACKAGES", "Dependencies",
    "declared_dependencies", "must_follow", "package_digest", "environment", "input_hashes", "output_hashes",
    "sha256_of_file", "sha256_of_json", "Manifest", "stale_reasons",
]

PACKAGE_DIR = Path(__file__).resolve().parents[1]
RELEASE_INPUTS = ("release", "register", "text", "context", "comparisons", "checks")
# Packages whose versions are part of every notebook's key and of the execution report.
REPORTED_PACKAGES = ("jupyter-book", "myst-nb", "pandas", "altair", "papermill", "sphinx")

# What each chapter reads and writes (see the module docstring for the names).
DECLARED: dict[str, dict[str, tuple[str, ...]]] = {
    "01_figures": {
        "reads": ("release", "register", "text"),
        "writes": ("figures.csv", "tokens.csv"),
    },
    "02_year_on_year": {
        "reads": ("release", "register", "context", "comparisons", "figures.csv"),
        "writes": ("changes.csv",),
    },
    "03_consistency": {  # the text too: claims and text-integrity checks quote it
        "reads": ("release", "register", "text", "context", "checks", "figures.csv"),
        "writes": ("checks.csv",),
    },
}


@dataclass(frozen=True)
class Dependencies:
    """What one notebook reads and writes, by name.

    ``declared`` is False for a notebook found neither in its metadata nor
    in DECLARED: its reads are assumed, and what it writes is unknown.
    """

    reads: tuple[str, ...]
    writes: tuple[str, ...]
    declared: bool = True


def declared_dependencies(notebook_path: Path, earlier_writes: tuple[str, ...] = ()) -> Dependencies:
    """A notebook's declared reads and writes: its metadata, else DECLARED, else everything.

    ``earlier_writes`` lists the tables written by the notebooks before it,
    which an undeclared notebook is assumed to read.
    """
    import nbformat

    name = Path(notebook_path).stem
    own = nbformat.read(notebook_path, as_version=4).metadata.get("release_figures", {})
    if "reads" in own:
        return Dependencies(tuple(own["reads"]), tuple(own.get("writes", ())))
    if name in DECLARED:
        return Dependencies(DECLARED[name]["reads"], DECLARED[name]["writes"])
    return Dependencies(RELEASE_INPUTS + tuple(earlier_writes), (), declared=False)


def must_follow(earlier: Dependencies, later: Dependencies) -> bool:
    """Whether ``later`` must wait for ``earlier`` (which comes before it in reading order).

    It must when it reads a table ``earlier`` writes, when it writes a
    table ``earlier`` reads or writes, or when either is undeclared (its
    writes are unknown). Otherwise the two may run at the same time.
    """
    if not (earlier.declared and later.declared):
        return True
    return bool(set(earlier.writes) & (set(later.reads) | set(later.writes))
                or set(later.writes) & set(earlier.reads))


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


def input_hashes(release, reads: tuple[str, ...], tables_dir: Path) -> dict[str, str]:
    """SHA-256 of each named input; a missing table hashes as "missing"."""
    hashes = {}
    for name in reads:
        if name == "release":
            path = release.root / "release.yaml"
        elif name == "register":
            path = release.register_path
        elif name == "text":
            path = release.text_path
        elif name == "context":
            paths = release.context_paths
            if not paths:
                hashes[name] = "absent from release.yaml"
                continue
            hashes[name] = " ".join(_sha256(p) if p.is_file() else "missing" for p in paths)
            continue
        elif name == "comparisons":
            path = release.root / "comparisons.yaml"
        elif name == "checks":
            path = release.root / release.record.get("checks", "checks.yaml")
        elif name.endswith(".csv"):
            path = Path(tables_dir) / name
        else:
            raise ValueError(f"unknown input name {name!r}; expected one of {RELEASE_INPUTS} or a .csv table")
        hashes[name] = _sha256(path) if path.is_file() else "missing"
    return hashes


class Manifest:
    """The record of the last execution of each notebook (JSON, written atomically)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.entries: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))["notebooks"]
        except (FileNotFoundError, KeyError, ValueError):
            self.entries = {}

    def get(self, name: str) -> dict | None:
        """The entry of one notebook, or None if it never ran here."""
        return self.entries.get(name)

    def record(self, name: str, inputs: dict, executed: Path, outputs: dict, seconds: float) -> None:
        """Record a successful execution and save the manifest."""
        self.entries[name] = {
            "inputs": inputs, "executed": _sha256(executed), "outputs": outputs, "seconds": round(seconds, 2),
        }
        write_json_atomic(self.path, {"notebooks": dict(sorted(self.entries.items()))})

    def forget(self, name: str) -> None:
        """Drop a notebook's entry (before re-executing it), so a failure leaves it stale."""
        if self.entries.pop(name, None) is not None:
            write_json_atomic(self.path, {"notebooks": dict(sorted(self.entries.items()))})


def output_hashes(writes: tuple[str, ...], tables_dir: Path) -> dict[str, str]:
    """SHA-256 of each table a notebook writes ("missing" if absent)."""
    return {name: _sha256(Path(tables_dir) / name) if (Path(tables_dir) / name).is_file() else "missing"
            for name in writes}


def stale_reasons(entry: dict | None, inputs: dict, executed: Path, outputs: dict) -> list[str]:
    """Why a notebook must re-execute (empty list: its cached result is current)."""
    if entry is None:
        return ["never executed here"]
    reasons = [f"{name} changed" for name in sorted(set(inputs) | set(entry["inputs"]))
               if inputs.get(name) != entry["inputs"].get(name)]
    if not executed.is_file() or _sha256(executed) != entry["executed"]:
        reasons.append("executed notebook missing or modified")
    reasons += [f"output {name} missing or modified" for name in sorted(outputs)
                if outputs[name] != entry["outputs"].get(name)]
    return reasons

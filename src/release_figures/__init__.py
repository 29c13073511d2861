"""release_figures: read, check and publish the figures of an official release.

Modules, one job each: ``numbers`` (printed numbers), ``register`` (the
hand-curated register), ``figures`` and ``coverage`` (the figures table and
the numeric-token scan), ``release`` (release folders and provenance),
``intervals`` (rounding as exact intervals), ``changes`` (year-on-year),
``checks`` (consistency ledger), ``charts`` (chart styling), ``execute`` and
``bookbuild`` (running notebooks and building the book), ``versions``
(what changed since the previous version's tables).

The version is written once, in ``pyproject.toml``; ``CITATION.cff`` repeats
it and a test checks that the two agree.
"""

from pathlib import Path as _Path


def _version() -> str:
    """The installed distribution's version; from the source tree's pyproject.toml when not installed."""
    from importlib import metadata as _metadata

    try:
        return _metadata.version("release-figures")
    except _metadata.PackageNotFoundError:
        # Imported from a checkout without installing (src/ on sys.path): the
        # version is still the one pyproject.toml states, never a second copy.
        pyproject = _Path(__file__).resolve().parents[2] / "pyproject.toml"
        if pyproject.is_file():
            import tomllib

            project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
            if project.get("name") == "release-figures" and project.get("version"):
                return str(project["version"])
        return "0+unknown"


def __getattr__(name: str):
    """``__version__`` (and ``_metadata``), looked up on first use.

    Importing importlib.metadata costs about 35 ms, paid by every command
    (``python -m release_figures figures``) whether or not it asks for the version.
    """
    if name == "__version__":
        globals()[name] = version = _version()
        return version
    if name == "_metadata":
        from importlib import metadata

        return metadata
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

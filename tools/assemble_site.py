"""Assemble the published site: this build at the root and at /v<version>/, every earlier version kept.

Usage: python3 tools/assemble_site.py BUILD_HTML SITE

BUILD_HTML is a built book (``_build/html``; its ``build-info.json`` names
the version). SITE is the published site as it stands (the ``gh-pages``
branch checked out, or an empty folder for the first publication). After
the run, SITE holds every earlier ``v<version>/`` folder untouched, this
build in ``v<version>/`` (a rebuild of the same version replaces it) and,
at the root, a copy of this build: the latest. ``versions.json`` lists
every version kept, newest first, so a page or a reader can find the
others. A citation's address names its version's folder, so it keeps
showing what was cited after later versions are published.

Standard library only: the publishing job runs it without the project's
environment. Exit 2, with one line, when BUILD_HTML is not a built book.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

VERSION_DIR = re.compile(r"v(\d+)\.(\d+)\.(\d+)")
KEEP_AT_ROOT = (".git", ".nojekyll")  # the branch's own history, and the switch that serves _static/ as is


def build_version(build: Path) -> str:
    """The version a built book says it is (``build-info.json``); ValueError naming the file otherwise."""
    info = build / "build-info.json"
    if not (build / "index.html").is_file() or not info.is_file():
        raise ValueError(f"{build}: not a built book (expected index.html and build-info.json)")
    version = str(json.loads(info.read_text(encoding="utf-8")).get("version", ""))
    if not VERSION_DIR.fullmatch("v" + version):
        raise ValueError(f"{info}: version {version!r} is not MAJOR.MINOR.PATCH")
    return version


def _version_key(name: str) -> tuple[int, int, int]:
    return tuple(int(part) for part in VERSION_DIR.fullmatch(name).groups())


def assemble(build: Path, site: Path) -> list[str]:
    """Put ``build`` into ``site`` as its latest version; returns the versions kept, newest first."""
    version = build_version(build)
    site.mkdir(parents=True, exist_ok=True)
    for entry in site.iterdir():  # the root's previous latest goes; the versions' folders stay
        if entry.name in KEEP_AT_ROOT or VERSION_DIR.fullmatch(entry.name):
            continue
        shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    own = site / f"v{version}"
    if own.exists():
        shutil.rmtree(own)
    shutil.copytree(build, own)
    shutil.copytree(build, site, dirs_exist_ok=True)
    (site / ".nojekyll").write_text("", encoding="utf-8")
    versions = sorted((entry.name for entry in site.iterdir() if entry.is_dir() and VERSION_DIR.fullmatch(entry.name)),
                      key=_version_key, reverse=True)
    listing = {"latest": f"v{version}", "versions": versions}
    (site / "versions.json").write_text(json.dumps(listing, indent=2) + "\n", encoding="utf-8")
    return versions


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python3 tools/assemble_site.py BUILD_HTML SITE", file=sys.stderr)
        return 2
    try:
        versions = assemble(Path(argv[0]), Path(argv[1]))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"site assembled: {', '.join(versions)} (latest at the root)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

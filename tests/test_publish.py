"""Publishing keeps every version: tools/assemble_site.py on a site with earlier versions, and the built book."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "assemble_site.py"
spec = importlib.util.spec_from_file_location("assemble_site", TOOL)
assemble_site = importlib.util.module_from_spec(spec)
spec.loader.exec_module(assemble_site)


def _build(folder: Path, version: str, page_text: str) -> Path:
    (folder / "notebooks").mkdir(parents=True)
    (folder / "index.html").write_text("<p>redirect</p>", encoding="utf-8")
    (folder / "notebooks" / "01_figures.html").write_text(page_text, encoding="utf-8")
    (folder / "build-info.json").write_text(json.dumps({"version": version}), encoding="utf-8")
    return folder


def test_a_new_version_goes_to_its_folder_and_the_root_and_earlier_versions_stay(tmp_path):
    site = tmp_path / "site"
    assemble_site.assemble(_build(tmp_path / "b1", "0.2.0", "figures as of 0.2.0"), site)
    (site / ".git").mkdir()  # the branch's own history is never touched
    assemble_site.assemble(_build(tmp_path / "b2", "0.10.0", "figures as of 0.10.0"), site)
    assemble_site.assemble(_build(tmp_path / "b3", "0.3.0", "figures as of 0.3.0"), site)
    read = lambda path: (site / path).read_text(encoding="utf-8")  # noqa: E731
    assert read("v0.2.0/notebooks/01_figures.html") == "figures as of 0.2.0"  # a cited address still shows it
    assert read("v0.10.0/notebooks/01_figures.html") == "figures as of 0.10.0"
    assert read("notebooks/01_figures.html") == "figures as of 0.3.0"  # the root is the build just published
    assert (site / ".git").is_dir() and (site / ".nojekyll").is_file()
    listing = json.loads(read("versions.json"))
    assert listing == {"latest": "v0.3.0", "versions": ["v0.10.0", "v0.3.0", "v0.2.0"]}  # by number, not text


def test_a_rebuild_of_the_same_version_replaces_its_folder(tmp_path):
    site = tmp_path / "site"
    assemble_site.assemble(_build(tmp_path / "b1", "0.3.0", "first"), site)
    (site / "v0.3.0" / "stale.html").write_text("left over", encoding="utf-8")
    assemble_site.assemble(_build(tmp_path / "b2", "0.3.0", "second"), site)
    assert (site / "v0.3.0" / "notebooks" / "01_figures.html").read_text(encoding="utf-8") == "second"
    assert not (site / "v0.3.0" / "stale.html").exists()


def test_a_folder_that_is_not_a_built_book_is_refused_in_one_line(tmp_path):
    (tmp_path / "empty").mkdir()
    result = subprocess.run([sys.executable, str(TOOL), str(tmp_path / "empty"), str(tmp_path / "site")],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'empty'}: not a built book (expected index.html and build-info.json)"
    assert not (tmp_path / "site").exists()


@pytest.mark.slow
def test_the_built_book_says_its_version(built_book):
    from release_figures.book.build import book_version

    assert assemble_site.build_version(built_book) == book_version()

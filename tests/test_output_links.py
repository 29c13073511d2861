"""Writes never follow a symbolic link: nothing is written outside the output folder.

An output folder may already hold a symbolic link where the run writes a
file (``OUT/data/figures.csv -> elsewhere``), or a linked folder
(``OUT/data -> elsewhere``, ``OUT/_build -> elsewhere``). Each case builds
such a folder here and runs ``python -m release_figures run RELEASE --out
OUT``: exit status 2, one line naming the link and where it leads, and
nothing changed anywhere (the sentinel file the link points to keeps its
bytes and its modification time; tests/mutations/hostile.py). Then every
write site of the package is shown to refuse a link on its own (the atomic
writers, the copies of the release's inputs, the staged book, the data
package, the executed notebooks), and a complete run with a link where it
writes nothing leaves the link's target untouched.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from _invented import run_cli
from mutations.hostile import DATA_DIR, assert_refused, copy_data, make_sentinel, seed_earlier_outputs, snapshot

from release_figures.book.build import copy_release_inputs, stage_book
from release_figures.book.execute import execute_notebook, notebook_paths
from release_figures.reading.output_folder import OutputFolderError, links_under, validate_output_folder
from release_figures.reading.release_folder import load_release
from release_figures.tables.atomic import write_text_atomic, write_texts_atomic
from release_figures.tables.datapackage import publish_data_folder

LINK = r"a symbolic link \(to {target}\) where this run writes; expected no symbolic links in the output folder"


def _out_with_link(tmp_path: Path, where: str, to_folder: bool = False) -> tuple[Path, Path]:
    """A release copy, and an output folder of an earlier run whose ``where`` is a link to a sentinel outside."""
    folder = copy_data(tmp_path / "release")
    out = tmp_path / "out"
    seed_earlier_outputs(out)
    sentinel = make_sentinel(tmp_path)
    target = sentinel.parent if to_folder else sentinel
    link = out / where
    if link.exists() or link.is_symlink():
        shutil.rmtree(link) if link.is_dir() and not link.is_symlink() else link.unlink()
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, link)
    return folder, link


@pytest.mark.parametrize("where, to_folder", [
    ("data/figures.csv", False),                   # a table the run writes
    ("data/release.yaml", False),                  # an input the run copies into OUT/data
    ("data", True),                                # the whole tables folder
    ("_build", True),                              # the whole build folder
    ("_build/html/index.html", False),             # a page Sphinx writes
    ("_build/html/data.zip", False),               # the data package's archive
    ("_build/executed/01_figures.ipynb", False),   # an executed chapter
    ("_build/tables.json", False),                 # the tables' stamp
])
def test_a_link_where_the_run_writes_is_refused(where, to_folder, tmp_path, capsys):
    folder, link = _out_with_link(tmp_path, where, to_folder)
    target = os.readlink(link)
    assert_refused(folder, rf"^error: {re.escape(str(link))}: {LINK.format(target=re.escape(target))}", capsys)


def test_every_link_is_named(tmp_path):
    out = tmp_path / "out"
    seed_earlier_outputs(out)
    sentinel = make_sentinel(tmp_path)
    os.symlink(sentinel, out / "data" / "a.csv")
    os.symlink(sentinel, out / "_build" / "b.html")
    with pytest.raises(OutputFolderError, match=r"2 symbolic links where this run writes") as caught:
        validate_output_folder(out)
    assert [Path(line.split(":")[0]).name for line in caught.value.problems] == ["a.csv", "b.html"]


def test_a_link_to_nothing_as_the_output_folder(tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    os.symlink(tmp_path / "nowhere", tmp_path / "out")
    assert_refused(folder, r"out: a symbolic link to nothing \(.*nowhere\); expected an output folder", capsys,
                   seed=False)


# ------------------------------------------------------------------ each write site refuses a link on its own

@pytest.fixture
def sentinel(tmp_path) -> Path:
    return make_sentinel(tmp_path)


def _untouched(sentinel: Path, before: dict) -> None:
    assert snapshot(sentinel.parent) == before


def test_the_atomic_writer_refuses_a_link_at_the_target(tmp_path, sentinel):
    before = snapshot(sentinel.parent)
    os.symlink(sentinel, tmp_path / "figures.csv")
    with pytest.raises(OutputFolderError, match=rf"figures\.csv: a symbolic link \(to {re.escape(str(sentinel))}\)"):
        write_text_atomic(tmp_path / "figures.csv", "figure_id\n")
    _untouched(sentinel, before)
    assert (tmp_path / "figures.csv").is_symlink()  # refused, not replaced: the link is someone's to remove


def test_the_atomic_writer_refuses_a_linked_folder(tmp_path, sentinel):
    before = snapshot(sentinel.parent)
    os.symlink(sentinel.parent, tmp_path / "data")
    with pytest.raises(OutputFolderError, match=r"/data: a symbolic link"):
        write_text_atomic(tmp_path / "data" / "sentinel.csv", "figure_id\n")
    _untouched(sentinel, before)


def test_a_set_of_tables_is_refused_whole(tmp_path, sentinel):
    before = snapshot(sentinel.parent)
    os.symlink(sentinel, tmp_path / "tokens.csv")
    with pytest.raises(OutputFolderError, match=r"tokens\.csv: a symbolic link"):
        write_texts_atomic({tmp_path / "figures.csv": "figure_id\n", tmp_path / "tokens.csv": "start\n"})
    assert not (tmp_path / "figures.csv").exists()  # the first table is not written either
    _untouched(sentinel, before)


def test_copying_the_inputs_refuses_a_link(tmp_path, sentinel):
    before = snapshot(sentinel.parent)
    data = tmp_path / "out" / "data"
    data.mkdir(parents=True)
    os.symlink(sentinel, data / "register.yaml")
    with pytest.raises(OutputFolderError, match=r"data/register\.yaml: a symbolic link"):
        copy_release_inputs(load_release(DATA_DIR), data)
    _untouched(sentinel, before)


def test_staging_the_book_refuses_a_link(tmp_path, sentinel):
    before = snapshot(sentinel.parent)
    data = tmp_path / "data"
    data.mkdir()
    (data / "figures.csv").write_text("figure_id\n", encoding="utf-8")
    stage = tmp_path / "site-src"
    (stage / "data").mkdir(parents=True)
    os.symlink(sentinel, stage / "data" / "figures.csv")
    with pytest.raises(OutputFolderError, match=r"site-src/data/figures\.csv: a symbolic link"):
        stage_book([], data, stage, book_dir=tmp_path / "no-pages")
    _untouched(sentinel, before)


def test_publishing_the_data_package_refuses_a_link(tmp_path, sentinel):
    before = snapshot(sentinel.parent)
    site = tmp_path / "html"
    site.mkdir()
    os.symlink(sentinel, site / "data.zip")
    with pytest.raises(OutputFolderError, match=r"html/data\.zip: a symbolic link"):
        publish_data_folder(DATA_DIR, site)
    _untouched(sentinel, before)


def test_executing_a_chapter_refuses_a_link_before_it_starts(tmp_path, sentinel):
    before = snapshot(sentinel.parent)
    os.symlink(sentinel, tmp_path / "01_figures.ipynb")
    with pytest.raises(OutputFolderError, match=r"01_figures\.ipynb: a symbolic link"):
        execute_notebook(notebook_paths()[0], tmp_path / "01_figures.ipynb", {})
    _untouched(sentinel, before)


# ------------------------------------------------------------------ a whole run

@pytest.mark.slow
def test_a_run_writes_nothing_outside_its_output_folder(invented_run, tmp_path):
    # The session's build of the invented release, copied, with a link where the run writes nothing (a note of
    # the reader's) pointing outside: the run completes, and the file outside keeps its bytes and its time.
    release, out = tmp_path / "release", tmp_path / "out"
    shutil.copytree(invented_run[0], release)
    shutil.copytree(invented_run[1], out, symlinks=True)
    sentinel = make_sentinel(tmp_path)
    os.symlink(sentinel, out / "notes.csv")
    before = snapshot(sentinel.parent)
    result = run_cli("run", str(release), "--out", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    assert snapshot(sentinel.parent) == before
    assert links_under(out / "data") == links_under(out / "_build") == []  # the build itself made no link

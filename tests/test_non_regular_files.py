"""Files that are not files: only regular files are read, with a size limit, and nothing else is opened to read.

Each case builds its hostile folder here, from a copy of data/: a named
pipe (os.mkfifo) where the text, a context table, the register, checks.yaml
or release.yaml should be (a read would wait for a writer for ever), a
symbolic link to /dev/zero (a read never ends), a folder where a file
should be. ``python -m release_figures run BAD --out OUT`` runs in a process
of its own with a time and memory limit: it must exit with status 2 in one
line naming the file and what it is, with nothing written. The checksum
commands must not read such a file either.
"""

from __future__ import annotations

import os
import re

import pytest
from mutations.hostile import CONTEXT, TEXT, assert_refused_in_process, copy_data, run_process, snapshot

from release_figures.errors import ReleaseError
from release_figures.reading.input_files import input_file_problem, read_input_bytes, sha256_of_input
from release_figures.reading.release_folder import load_release

PIPE = r"a named pipe, not a regular file; expected a regular file \(nothing else is read\)"


def make_pipe(path) -> None:
    path.unlink()
    os.mkfifo(path)


@pytest.mark.parametrize("name", [TEXT, CONTEXT, "register.yaml", "checks.yaml", "comparisons.yaml"])
def test_a_named_pipe_in_place_of_a_file(name, tmp_path):
    folder = copy_data(tmp_path / "release")
    make_pipe(folder / name)
    assert_refused_in_process(folder, rf"/{re.escape(name)}: {PIPE}", timeout=60, memory=1 << 30)


def test_a_named_pipe_as_the_release_record(tmp_path):
    folder = copy_data(tmp_path / "release")
    make_pipe(folder / "release.yaml")
    assert_refused_in_process(folder, rf"release\.yaml: {PIPE}", timeout=60, memory=1 << 30)


def test_the_text_a_link_to_dev_zero(tmp_path):
    # A link inside the folder, named as the text: it leads outside (to a device), so it is refused before a read.
    folder = copy_data(tmp_path / "release")
    (folder / TEXT).unlink()
    os.symlink("/dev/zero", folder / TEXT)
    assert_refused_in_process(folder, r"files\.text\.path: path 'raw/mps-2022-review\.chinanews\.en\.txt' leads "
                                      r"outside the release folder through a symbolic link \(to /dev/zero\)",
                              timeout=60, memory=1 << 30)


def test_a_link_to_dev_zero_anywhere_in_the_folder(tmp_path):
    # Not named by release.yaml, but inside the folder: refused as well (nothing outside the folder is read).
    folder = copy_data(tmp_path / "release")
    os.symlink("/dev/zero", folder / "raw" / "zeros.txt")
    assert_refused_in_process(folder, r"raw/zeros\.txt: a symbolic link leading outside the release folder "
                                      r"\(to /dev/zero\)", timeout=60, memory=1 << 30)


def test_a_folder_in_place_of_the_context_table(tmp_path):
    folder = copy_data(tmp_path / "release")
    (folder / CONTEXT).unlink()
    (folder / CONTEXT).mkdir()
    assert_refused_in_process(folder, r"context-figures\.csv: a folder, not a regular file", timeout=60)


def test_record_checksums_reads_no_pipe(tmp_path):
    folder = copy_data(tmp_path / "release")
    make_pipe(folder / TEXT)
    before = snapshot(tmp_path)
    result = run_process("record-checksums", str(folder), timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"error: {folder / TEXT}: a named pipe, not a regular file; expected a regular file " \
                            "(nothing else is read)\n"
    assert snapshot(tmp_path) == before  # release.yaml not rewritten


def test_the_checksum_check_reads_no_pipe(tmp_path):
    folder = copy_data(tmp_path / "release")
    make_pipe(folder / CONTEXT)
    with pytest.raises(ReleaseError, match=rf"context-figures\.csv: {PIPE}"):
        load_release(folder).verify_checksums()  # would block for ever if it opened the pipe to read


@pytest.mark.parametrize("path, kind", [("/dev/zero", "a character device"), ("/dev/null", "a character device")])
def test_a_device_is_never_read(path, kind):
    assert input_file_problem(path, 1000).startswith(f"{path}: {kind}, not a regular file")
    with pytest.raises(ReleaseError, match=rf"^{re.escape(path)}: {kind}, not a regular file"):
        read_input_bytes(path, 1000)
    with pytest.raises(ReleaseError, match=rf"^{re.escape(path)}: {kind}, not a regular file"):
        sha256_of_input(path, 1000)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ReleaseError, match=r"nowhere\.txt: cannot be read \(No such file or directory\); "
                                           r"expected a readable file"):
        read_input_bytes(tmp_path / "nowhere.txt", 1000)

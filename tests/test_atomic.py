"""A failed run leaves no damage: the previous tables stay byte for byte, no temp file remains.

Each test puts the committed figures.csv and tokens.csv into a temporary
copy of the release folder, makes the pipeline fail in a different place
(a bad input, a failing rename, an interrupt while flushing, a failure
between the two tables), and compares the files afterwards.
"""

from __future__ import annotations

import os

import pytest
from mutations.release_copy import DATA_DIR, copy_release, original_text_bytes

from release_figures.tables import atomic
from release_figures.__main__ import main
from release_figures.reading.token_coverage import TOKEN_COLUMNS
from release_figures.stages.figures import FIGURE_COLUMNS
from release_figures.tables.atomic import csv_text, write_json_atomic, write_text_atomic, write_texts_atomic
from release_figures.tables.build import run_figures_stage, write_figures_stage

OUTPUTS = ("figures.csv", "tokens.csv")


def seed_outputs(release_dir):
    """Put stand-in previous outputs into the folder; return their bytes by name."""
    previous = {}
    for name in OUTPUTS:
        content = b"previous " + name.encode() + b"\n" + (DATA_DIR / name).read_bytes()
        (release_dir / name).write_bytes(content)
        previous[name] = content
    return previous


def assert_untouched(release_dir, previous):
    for name, content in previous.items():
        assert (release_dir / name).read_bytes() == content, f"{name} changed"
    leftovers = sorted(p.name for p in release_dir.iterdir() if p.name.endswith(".tmp"))
    assert leftovers == [], f"temp files left behind: {leftovers}"


def test_bad_input_leaves_previous_tables(tmp_path, capsys):
    text = original_text_bytes().replace(b"391,000", b"392,000")
    release_dir = copy_release(tmp_path, text=text)
    previous = seed_outputs(release_dir)
    assert main(["figures", str(release_dir)]) == 2
    assert "fraud-cases-cracked" in capsys.readouterr().err
    assert_untouched(release_dir, previous)


def test_failing_rename_leaves_previous_tables(tmp_path, monkeypatch):
    release_dir = copy_release(tmp_path)
    previous = seed_outputs(release_dir)
    stage = run_figures_stage(release_dir)

    def fail(*args):
        raise OSError("disk full (simulated)")
    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OSError, match="simulated"):
        write_figures_stage(stage, release_dir)
    assert_untouched(release_dir, previous)


def test_second_table_failing_leaves_the_first_unchanged_too(tmp_path, monkeypatch):
    # figures.csv is staged, then tokens.csv fails: neither target is replaced.
    release_dir = copy_release(tmp_path)
    previous = seed_outputs(release_dir)
    stage = run_figures_stage(release_dir)
    real_fsync, calls = os.fsync, []

    def fsync_then_fail(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError("write failed on the second table (simulated)")
        real_fsync(fd)
    monkeypatch.setattr(atomic.os, "fsync", fsync_then_fail)
    with pytest.raises(OSError, match="second table"):
        write_figures_stage(stage, release_dir)
    assert len(calls) == 2
    assert_untouched(release_dir, previous)


def test_interrupt_while_writing_leaves_previous_file(tmp_path, monkeypatch):
    # An interrupt (Ctrl-C) is a BaseException, not an Exception: it is cleaned up too.
    target = tmp_path / "figures.csv"
    target.write_bytes(b"old\n")

    def interrupt(fd):
        raise KeyboardInterrupt
    monkeypatch.setattr(atomic.os, "fsync", interrupt)
    for write in (lambda: write_text_atomic(target, "new\n"),
                  lambda: write_json_atomic(target, {"new": 1}),
                  lambda: write_texts_atomic({target: "new\n"})):
        with pytest.raises(KeyboardInterrupt):
            write()
        assert target.read_bytes() == b"old\n"
        assert [p.name for p in tmp_path.iterdir()] == ["figures.csv"]


def test_successful_write_replaces_and_leaves_no_temp(tmp_path):
    release_dir = copy_release(tmp_path)
    seed_outputs(release_dir)
    stage = run_figures_stage(release_dir)
    written = write_figures_stage(stage, release_dir)
    assert sorted(path.name for path in written.values()) == sorted(OUTPUTS)
    assert (release_dir / "figures.csv").read_text(encoding="utf-8") == csv_text(FIGURE_COLUMNS, stage.rows)
    assert (release_dir / "tokens.csv").read_text(encoding="utf-8") == csv_text(TOKEN_COLUMNS, stage.tokens)
    assert not [p for p in release_dir.iterdir() if p.name.endswith(".tmp")]


def test_written_files_have_lf_line_ends_and_utf8(tmp_path):
    target = write_text_atomic(tmp_path / "t.csv", "a,b\nü,\u4e07\n")
    assert target.read_bytes() == "a,b\nü,\u4e07\n".encode("utf-8")

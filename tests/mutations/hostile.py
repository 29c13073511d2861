"""Hostile copies of the repository's release folder, and the command line's answer to them.

A test builds its hostile input inside itself: it copies data/ into a
temporary folder (:func:`copy_data`), alters one file (:func:`rewrite`
re-records a raw file's SHA-256, so it is the new check, not the checksum,
that must refuse it) and calls :func:`assert_refused`, which runs
``python -m release_figures run BAD --out OUT`` on it, with earlier outputs
already in OUT, and asserts the project's rules for bad input: exit status
2, exactly one line on stderr that matches the expected message (file,
place, what was expected), no traceback, and nothing changed anywhere in
the test's folder: not the earlier outputs, not the release folder, not a
sentinel file outside both (every entry compared by kind, bytes and
modification time, links by where they lead, without following them).
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from release_figures.__main__ import main

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
TEXT = "raw/mps-2022-review.chinanews.en.txt"
CONTEXT = "raw/context-figures.csv"
# The earlier outputs a refused run must leave as they are (the tables of data/).
EARLIER_OUTPUTS = ("figures.csv", "tokens.csv", "changes.csv", "checks.csv", "datapackage.json")


def copy_data(target: Path) -> Path:
    """A complete copy of the repository's release folder (inputs and tables, without the kept versions)."""
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("versions", "changelog.csv"))
    return target


def rewrite(folder: Path, name: str, data: bytes) -> None:
    """Replace a file of the copy; a raw file gets its new SHA-256 recorded in release.yaml."""
    path = folder / name
    old = hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_bytes(data)
    record = folder / "release.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace(old, hashlib.sha256(data).hexdigest()),
                      encoding="utf-8")


def replace_in(folder: Path, name: str, old: str, new: str) -> None:
    """Replace the single occurrence of ``old`` in a file of the copy (a raw file's checksum re-recorded)."""
    text = (folder / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"anchor {old!r} must occur once in {name}"
    rewrite(folder, name, text.replace(old, new).encode("utf-8"))


def line_of(folder: Path, name: str, text: str) -> int:
    """The number (from 1) of the first line of a file of the copy that holds ``text``."""
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def seed_earlier_outputs(out: Path) -> None:
    """An output folder as an earlier run left it: the tables in OUT/data, a stamp in OUT/_build."""
    (out / "data").mkdir(parents=True)
    for name in EARLIER_OUTPUTS:
        shutil.copyfile(DATA_DIR / name, out / "data" / name)
    (out / "_build").mkdir()
    (out / "_build" / "site.sha256").write_text("an earlier build\n", encoding="utf-8")


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under ``root`` (links not followed): kind, and bytes and mtime of files, or a link's target."""
    entries = {}
    for folder, folders, files in os.walk(root):
        for name in folders + files:
            path = Path(folder) / name
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                entries[str(path.relative_to(root))] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode) and info.st_size > 10_000_000:
                # A (sparse) file of gigabytes is compared by its metadata: reading it would take minutes.
                entries[str(path.relative_to(root))] = ("large file", info.st_mtime_ns, info.st_size, info.st_ino)
            elif stat.S_ISREG(info.st_mode):
                entries[str(path.relative_to(root))] = ("file", info.st_mtime_ns, path.read_bytes())
            else:  # a folder, a pipe, a device: never read
                entries[str(path.relative_to(root))] = (stat.S_IFMT(info.st_mode), info.st_mtime_ns)
    return entries


def make_sentinel(root: Path) -> Path:
    """A file outside both the release folder and the output folder that no run may touch."""
    sentinel = root / "elsewhere" / "sentinel.csv"
    sentinel.parent.mkdir(parents=True, exist_ok=True)
    sentinel.write_bytes(b"not the run's to write\n")
    return sentinel


def assert_refused(folder: Path, message: str, capsys, seed: bool = True) -> str:
    """Run ``run FOLDER --out OUT`` in this process; exit 2, one line matching ``message``, nothing changed.

    ``folder`` sits in the test's temporary folder, whose whole content
    (earlier outputs in OUT, the release folder, a sentinel) is compared
    before and after. Returns the line printed.
    """
    root = folder.parent
    out = root / "out"
    if seed and not out.exists():
        seed_earlier_outputs(out)
    make_sentinel(root)
    before = snapshot(root)
    status = main(["run", str(folder), "--out", str(out)])
    stderr = capsys.readouterr().err
    assert status == 2, stderr
    assert "Traceback" not in stderr, stderr
    assert len(stderr.splitlines()) == 1, stderr  # one problem, one line
    assert re.search(message, stderr), f"{message!r} not in:\n{stderr}"
    assert snapshot(root) == before, "the refused run changed files"
    return stderr


def run_process(*args: str, timeout: float = 60, memory: int | None = None) -> subprocess.CompletedProcess:
    """``python -m release_figures ARGS`` in a process of its own, stopped after ``timeout`` seconds,
    its address space limited to ``memory`` bytes if given (a reader that read a huge input would fail)."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run([sys.executable, "-m", "release_figures", *args], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=limit if memory else None)


def assert_refused_in_process(folder: Path, message: str, timeout: float = 60, memory: int | None = None) -> str:
    """As :func:`assert_refused`, in a real process with a time (and memory) limit: for inputs that could hang
    or flood a reader."""
    root = folder.parent
    out = root / "out"
    seed_earlier_outputs(out)
    make_sentinel(root)
    before = snapshot(root)
    result = run_process("run", str(folder), "--out", str(out), timeout=timeout, memory=memory)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert re.search(message, result.stderr), f"{message!r} not in:\n{result.stderr}"
    assert snapshot(root) == before, "the refused run changed files"
    return result.stderr

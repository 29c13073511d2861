"""Release-folder mutations: a broken folder is refused before anything runs, in one line naming file and entry.

Each case alters one file of a full copy of data/ (duplicated YAML keys in
each YAML file, an id that names nothing in comparisons.yaml and
checks.yaml, a context table with a number not in the data dictionary's
form or an id twice, control characters in the text, paths in
release.yaml that leave the folder) and states the error class and the
message :func:`validate_release` must give. The same case is then run
through the command line (``run BAD --out OUT``): exit status 2, one line
on stderr naming the file and the entry, no traceback, and nothing written
in OUT (no notebook ran). A changed raw file has its checksum re-recorded,
so it is the new check, not the checksum, that must catch it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mutations.hostile import copy_data, rewrite  # the one copy-and-rewrite helper of the mutation tests
from release_figures.__main__ import main
from release_figures.errors import ContextDataError, RegisterError, ReleaseError, SourceTextError
from release_figures.pipeline.validation import OutputFolderError, validate_output_folder, validate_release
from release_figures.stages.checks.definitions import CheckSpecError
from release_figures.stages.comparison_definitions import ComparisonError

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
TEXT = "raw/mps-2022-review.chinanews.en.txt"
CONTEXT = "raw/context-figures.csv"


def _lines(name: str) -> list[str]:
    return (DATA_DIR / name).read_text(encoding="utf-8").splitlines(keepends=True)


def _line_of(name: str, line: str, after: str | None = None) -> int:
    """The number (from 1) of ``line`` in data/NAME, the first after the line ``after`` if given."""
    lines = [text.rstrip("\n") for text in _lines(name)]
    start = lines.index(after) if after else 0
    return lines.index(line, start) + 1




def insert_after(name: str, line_number: int, text: str):
    """A mutation inserting ``text`` (a whole line) after line ``line_number`` of a YAML file."""
    def mutate(folder: Path) -> None:
        lines = _lines(name)
        lines.insert(line_number, text)
        (folder / name).write_text("".join(lines), encoding="utf-8")
    return mutate


def replace_once(name: str, old: str, new: str):
    """A mutation replacing the single occurrence of ``old`` in a file (raw files re-recorded)."""
    def mutate(folder: Path) -> None:
        text = (DATA_DIR / name).read_text(encoding="utf-8")
        assert text.count(old) == 1, f"anchor {old!r} must occur once in {name}"
        rewrite(folder, name, text.replace(old, new).encode("utf-8"))
    return mutate


def duplicate_context_row(folder: Path) -> None:
    lines = _lines(CONTEXT)
    rewrite(folder, CONTEXT, "".join(lines + [lines[1]]).encode("utf-8"))


def symlink_out(folder: Path) -> None:
    # The same bytes outside the folder: the checksum still matches, the link must be refused for where it leads.
    outside = folder.parent / "elsewhere.csv"
    shutil.copyfile(folder / CONTEXT, outside)
    (folder / CONTEXT).unlink()
    os.symlink(outside, folder / CONTEXT)


def path_in_record(old: str, new_path):
    """release.yaml naming a path of its own choosing (a callable gets the copy's folder)."""
    def mutate(folder: Path) -> None:
        outside = folder.parent / "outside.csv"
        shutil.copyfile(DATA_DIR / CONTEXT, outside)
        record = folder / "release.yaml"
        text = record.read_text(encoding="utf-8")
        assert text.count(old) == 1
        record.write_text(text.replace(old, new_path(folder)), encoding="utf-8")
    return mutate


UNIT_LINE = _line_of("register.yaml", "    unit: tons", after="  - figure_id: drugs-seized")
TITLE_LINE = _line_of("release.yaml", "title: >-")
CLAIM_LINE = _line_of("checks.yaml", "    type: claim_vs_context", after="  - id: zero-terror-run")
FAMILY_LINE = _line_of("comparisons.yaml", "    family: telecom fraud", after="  - id: fraud-ratio-cracked-per-registered")
NUL_LINE = next(number for number, line in enumerate(_lines(TEXT), start=1) if "391,000" in line)

CASES = [
    # a figure with its unit twice: a YAML loader would keep the last one and publish it silently
    pytest.param(insert_after("register.yaml", UNIT_LINE, "    unit: yuan\n"), RegisterError,
                 rf"register\.yaml, line {UNIT_LINE + 1}: key 'unit' appears twice in one mapping "
                 rf"\(lines {UNIT_LINE} and {UNIT_LINE + 1}\)", id="register-duplicate-key"),
    # release.yaml with a second title
    pytest.param(insert_after("release.yaml", TITLE_LINE - 1, "title: Another title\n"), ReleaseError,
                 rf"release\.yaml, line {TITLE_LINE + 1}: key 'title' appears twice in one mapping "
                 rf"\(lines {TITLE_LINE} and {TITLE_LINE + 1}\)", id="release-duplicate-key"),
    # a check with its type twice
    pytest.param(insert_after("checks.yaml", CLAIM_LINE, "    type: agreement\n"), CheckSpecError,
                 rf"checks\.yaml, line {CLAIM_LINE + 1}: key 'type' appears twice in one mapping", id="checks-duplicate-key"),
    # a comparison with its family twice
    pytest.param(insert_after("comparisons.yaml", FAMILY_LINE, "    family: drugs\n"), ComparisonError,
                 rf"comparisons\.yaml, line {FAMILY_LINE + 1}: key 'family' appears twice in one mapping",
                 id="comparisons-duplicate-key"),
    # a comparison naming a figure the register does not have
    pytest.param(replace_once("comparisons.yaml", "    numerator: fraud-cases-cracked-change\n",
                              "    numerator: fraud-cases-solved-change\n"), ComparisonError,
                 r"comparisons\.yaml: comparison 'fraud-ratio-cracked-per-registered' \(entry 1\): numerator: "
                 r"expected a figure_id of the figures table or a context_id of the context figures, "
                 r"got 'fraud-cases-solved-change'", id="comparisons-unknown-id"),
    # a check naming a context figure that does not exist
    pytest.param(replace_once("checks.yaml", "    context: zero_terror_years_2021\n",
                              "    context: zero_terror_years_2020\n"), CheckSpecError,
                 r"checks\.yaml, check 'zero-terror-run': context: expected an id of a figure \(figures\.csv\) "
                 r"or a context figure, got 'zero_terror_years_2020'", id="checks-unknown-id"),
    # a context value with a thousands separator
    pytest.param(replace_once(CONTEXT, ",370000,cases,", ',"370,000",cases,'), ContextDataError,
                 r"context-figures\.csv, line 2 \('fraud_cases_cracked_2021_jan_nov'\): value: expected a plain "
                 r"decimal number .*got '370,000'", id="context-value-separator"),
    # a context value in exponent form
    pytest.param(replace_once(CONTEXT, ",370000,cases,", ",3.7e5,cases,"), ContextDataError,
                 r"context-figures\.csv, line 2 \('fraud_cases_cracked_2021_jan_nov'\): value: expected a plain "
                 r"decimal number .*got '3\.7e5'", id="context-value-exponent"),
    # a context row given twice
    pytest.param(duplicate_context_row, ContextDataError,
                 rf"context-figures\.csv, line {len(_lines(CONTEXT)) + 1} \('fraud_cases_cracked_2021_jan_nov'\): "
                 r"duplicate context_id \(first at line 2\)", id="context-duplicate-id"),
    # a NUL byte inside a figure of the text
    pytest.param(replace_once(TEXT, "391,000", "391,\x00000"), SourceTextError,
                 rf"mps-2022-review\.chinanews\.en\.txt, line {NUL_LINE}, column \d+: control character U\+0000 \(NUL\)",
                 id="text-nul"),
    # an escape code (ESC) in the text
    pytest.param(replace_once(TEXT, "391,000", "391,000\x1b[0m"), SourceTextError,
                 rf"mps-2022-review\.chinanews\.en\.txt, line {NUL_LINE}, column \d+: control character U\+001B \(ESC\)",
                 id="text-escape"),
    # a raw file named with '..': it would be read from (and copied out of) the folder's parent
    pytest.param(path_in_record("path: raw/context-figures.csv", lambda folder: "path: ../outside.csv"), ReleaseError,
                 r"release\.yaml: files\.context\.path: path '\.\./outside\.csv' goes up with '\.\.'; "
                 r"expected a path inside the release folder", id="path-dot-dot"),
    # a raw file named by an absolute path
    pytest.param(path_in_record("path: raw/context-figures.csv",
                                lambda folder: f"path: {folder.parent / 'outside.csv'}"), ReleaseError,
                 r"release\.yaml: files\.context\.path: path '/.*outside\.csv' is absolute; "
                 r"expected a path inside the release folder", id="path-absolute"),
    # the register named outside the folder
    pytest.param(path_in_record("register: register.yaml", lambda folder: "register: ../register.yaml"), ReleaseError,
                 r"release\.yaml: register: path '\.\./register\.yaml' goes up with '\.\.'", id="register-path-dot-dot"),
    # a raw file that is a symbolic link to a file outside the folder (same bytes, so the checksum matches)
    pytest.param(symlink_out, ReleaseError,
                 r"release\.yaml: files\.context\.path: path 'raw/context-figures\.csv' leads outside the release "
                 r"folder through a symbolic link", id="symlink-out"),
]
FILES = {"register-duplicate-key": "register.yaml", "release-duplicate-key": "release.yaml",
         "checks-duplicate-key": "checks.yaml", "comparisons-duplicate-key": "comparisons.yaml",
         "comparisons-unknown-id": "comparisons.yaml", "checks-unknown-id": "checks.yaml"}


@pytest.mark.parametrize(("mutate", "error", "message"), CASES)
def test_folder_mutation_is_refused_by_validation(mutate, error, message, tmp_path):
    folder = copy_data(tmp_path / "release")
    mutate(folder)
    with pytest.raises(error, match=message) as caught:
        validate_release(folder)
    assert type(caught.value) is error, f"expected exactly {error.__name__}, got {type(caught.value).__name__}"


@pytest.mark.parametrize(("mutate", "error", "message"), CASES)
def test_folder_mutation_exits_2_in_one_line_before_any_notebook(mutate, error, message, tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    mutate(folder)
    out = tmp_path / "out"
    status = main(["run", str(folder), "--out", str(out)])
    stderr = capsys.readouterr().err
    assert status == 2, stderr
    assert "Traceback" not in stderr
    assert len(stderr.splitlines()) == 1, stderr  # one problem, one line
    assert re.search(message, stderr), stderr
    assert not out.exists()  # nothing written: no notebook ran


def test_unmutated_copy_validates(tmp_path):
    validate_release(copy_data(tmp_path / "release"))


def test_every_problem_is_listed_one_a_line(tmp_path):
    # Two defects in two files: both named, each on its own line, not only the first.
    folder = copy_data(tmp_path / "release")
    insert_after("register.yaml", UNIT_LINE, "    unit: yuan\n")(folder)
    replace_once(CONTEXT, ",370000,cases,", ",3.7e5,cases,")(folder)
    with pytest.raises(RegisterError) as caught:
        validate_release(folder)
    lines = str(caught.value).splitlines()
    assert lines[0] == f"{folder}: 2 problems; nothing was built:"
    assert re.fullmatch(rf"  - {re.escape(str(folder))}/register\.yaml, line {UNIT_LINE + 1}: key 'unit' .*", lines[1])
    assert re.fullmatch(rf"  - {re.escape(str(folder))}/raw/context-figures\.csv, line 2 .*: value: .*'3\.7e5'", lines[2])


# ---------------------------------------------------------------- the output folder and the command line

def test_out_an_existing_file_is_refused(tmp_path, capsys):
    existing = tmp_path / "notes.txt"
    existing.write_text("mine\n", encoding="utf-8")
    with pytest.raises(OutputFolderError, match=r"notes\.txt: an existing file, not a folder; expected an output folder"):
        validate_output_folder(existing)
    assert main(["run", str(DATA_DIR), "--out", str(existing)]) == 2
    stderr = capsys.readouterr().err
    assert stderr == f"error: {existing}: an existing file, not a folder; expected an output folder (new or existing)\n"
    assert existing.read_text(encoding="utf-8") == "mine\n"  # untouched


def test_out_under_a_file_is_refused(tmp_path, capsys):
    existing = tmp_path / "notes.txt"
    existing.write_text("mine\n", encoding="utf-8")
    assert main(["run", str(DATA_DIR), "--out", str(existing / "book")]) == 2
    assert capsys.readouterr().err == (f"error: {existing / 'book'}: {existing} is a file, so no folder can be made "
                                       "under it; expected an output folder whose parent is a folder\n")


def test_out_a_new_folder_in_a_writable_folder_is_accepted(tmp_path):
    assert validate_output_folder(tmp_path / "new" / "book") == tmp_path / "new" / "book"
    assert not (tmp_path / "new").exists()  # checking creates nothing


def test_out_a_read_only_folder_is_refused():
    # Root may write into any folder, so when the tests run as root the check runs with the effective
    # user switched to an unprivileged one (and back): a read-only folder is refused by name. The folder
    # sits in a fresh world-readable folder under the system's temporary folder, which that user can reach.
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="read-only-test-"))
    base.chmod(0o755)
    folder = base / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    as_root = os.geteuid() == 0
    try:
        if as_root:
            os.seteuid(65534)
        with pytest.raises(OutputFolderError, match=r"read-only cannot be written( \(Permission denied\))?; "
                                                    r"expected a folder you may write into"):
            validate_output_folder(folder)
    finally:
        if as_root:
            os.seteuid(0)
        folder.chmod(0o755)
        shutil.rmtree(base)


@pytest.mark.parametrize("make, message", [
    # no such folder
    (lambda tmp: tmp / "nowhere", r"nowhere: no such folder; expected a release folder holding release\.yaml"),
    # a file given as the release folder
    (lambda tmp: (tmp / "file.txt", (tmp / "file.txt").write_text("x")) [0], r"file\.txt: not a folder"),
    # a folder without release.yaml
    (lambda tmp: (tmp / "empty", (tmp / "empty").mkdir())[0], r"empty/release\.yaml: missing; a release folder needs release\.yaml"),
])
def test_a_missing_release_folder_is_one_line(make, message, tmp_path):
    # A real process, as a reader runs it: exit 2, one line, no traceback, nothing written.
    release = make(tmp_path)
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "release_figures", "run", str(release), "--out", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and re.search(message, result.stderr), result.stderr
    assert not out.exists()


def test_duplicate_key_in_a_real_process(tmp_path):
    folder = copy_data(tmp_path / "release")
    insert_after("register.yaml", UNIT_LINE, "    unit: yuan\n")(folder)
    result = subprocess.run([sys.executable, "-m", "release_figures", "run", str(folder), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stderr) == (
        2, f"error: {folder}/register.yaml, line {UNIT_LINE + 1}: key 'unit' appears twice in one mapping "
           f"(lines {UNIT_LINE} and {UNIT_LINE + 1}); expected each key once\n")


def test_counts_of_the_suite():
    # The README's reliability section quotes this count.
    assert len(CASES) == 15

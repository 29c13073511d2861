"""Versions: one version number, the previous version's tables kept, every difference explained."""

from __future__ import annotations

import csv
import shutil
import tomllib
from pathlib import Path

import pytest
import yaml

import release_figures
from release_figures.errors import VersionsError
from release_figures.tables.versions import (
    TABLES, KEY_FIELDS, Diff, Entry, audit, audit_history, diff_tables, draft_csv, load_changelog, previous_version,
    snapshot_checksum_problems, snapshot_versions, stale, unexplained,
)

HEADER = "version,table,id,field,before,after,reason\n"


def _pyproject_version(repo_root: Path) -> str:
    return tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


# --- one version number ----------------------------------------------------------------------

# That pyproject.toml, the installed package and CITATION.cff name one version: tests/test_book_pages.py.

def test_version_falls_back_to_pyproject_when_the_package_is_not_installed(monkeypatch, repo_root):
    def not_installed(name):
        raise release_figures._metadata.PackageNotFoundError(name)

    monkeypatch.setattr(release_figures._metadata, "version", not_installed)
    assert release_figures._version() == _pyproject_version(repo_root)


# --- the kept tables and the changelog of this repository -------------------------------------

def test_every_kept_version_is_unedited(data_dir):
    versions = snapshot_versions(data_dir)
    assert versions, "data/versions/ keeps no earlier version"
    for version in versions:
        folder = data_dir / "versions" / version
        assert snapshot_checksum_problems(folder) == []
        assert (folder / "README.md").is_file(), f"{folder} has no README saying what it is"


def test_every_version_differs_from_the_one_before_only_as_the_changelog_says(data_dir):
    # Every kept version after the first against its predecessor, then the current tables: every cell compared.
    results = audit_history(data_dir)
    assert [result.version for result in results][-1] == release_figures.__version__
    assert results[-1].previous == previous_version(data_dir, release_figures.__version__)
    assert len(results) == len(snapshot_versions(data_dir)), "one audit a kept version after the first, and the current"
    for result in results:
        assert result.ok, "\n" + result.message("data/changelog.csv")


def test_the_key_columns_exist_in_the_current_contracts():
    from release_figures.tables.datapackage import contract_columns

    for table, columns in KEY_FIELDS.items():
        present = set(contract_columns(table.removesuffix(".csv")))
        missing = set(columns) - present
        assert not missing, f"{table}: tracked columns {sorted(missing)} are not in its contract"


# --- the audit on a copy of the repository's data, changed ------------------------------------

def _copy_data(data_dir: Path, target: Path) -> Path:
    target.mkdir()
    for name in [*TABLES, "changelog.csv"]:
        shutil.copyfile(data_dir / name, target / name)
    shutil.copytree(data_dir / "versions", target / "versions")
    return target


def _rewrite_first_row(path: Path, column: str, value: str) -> tuple[str, str]:
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        columns, rows = reader.fieldnames, list(reader)
    old = rows[0][column]
    rows[0][column] = value
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return rows[0][TABLES[path.name]], old


def test_a_changed_verdict_fails_until_the_changelog_explains_it(data_dir, tmp_path):
    copy = _copy_data(data_dir, tmp_path / "data")
    check_id, old = _rewrite_first_row(copy / "checks.csv", "verdict", "not_testable")
    assert old != "not_testable"

    result = audit(copy)
    assert not result.ok
    assert result.unexplained == [Diff("checks.csv", check_id, "verdict", old, "not_testable")]
    assert f"checks.csv: {check_id} verdict: '{old}' -> 'not_testable'" in result.message()

    with (copy / "changelog.csv").open("a", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerow(
            [release_figures.__version__, "checks.csv", check_id, "verdict", old, "not_testable", "a test's reason"])
    assert audit(copy).ok


def test_the_draft_command_prints_the_missing_entries(data_dir, tmp_path, capsys):
    from release_figures.__main__ import main

    copy = _copy_data(data_dir, tmp_path / "data")
    figure_id, old = _rewrite_first_row(copy / "figures.csv", "indicator", "something else counted")
    assert main(["changelog-draft", str(copy)]) == 0
    drafted = list(csv.reader(capsys.readouterr().out.splitlines()))
    assert drafted == [[release_figures.__version__, "figures.csv", figure_id, "indicator", old,
                        "something else counted", ""]]

    # Pasted with a reason written, the drafted lines make the audit pass.
    with (copy / "changelog.csv").open("a", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows([row[:-1] + ["the indicator says what is counted"]
                                                          for row in drafted])
    assert audit(copy).ok
    assert draft_csv(audit(copy)) == ""


def test_a_stale_entry_and_an_entry_without_reason_fail(data_dir, tmp_path):
    copy = _copy_data(data_dir, tmp_path / "data")
    version = release_figures.__version__
    kept = (copy / "changelog.csv").read_text(encoding="utf-8")  # the real entries stay; one stale entry is added
    (copy / "changelog.csv").write_text(
        kept + f"{version},checks.csv,no-such-check,verdict,consistent,inconsistent,explains nothing\n",
        encoding="utf-8")
    result = audit(copy)
    assert result.unexplained == []
    assert [entry.id for entry in result.stale] == ["no-such-check"]
    line = len(kept.splitlines()) + 1
    assert f"line {line}: checks.csv no-such-check verdict" in result.message()

    check_id, old = _rewrite_first_row(copy / "checks.csv", "verdict", "not_testable")
    (copy / "changelog.csv").write_text(
        kept + f"{version},checks.csv,{check_id},verdict,{old},not_testable,\n", encoding="utf-8")
    result = audit(copy)
    assert result.unexplained == [] and result.stale == []
    assert result.problems == [f"changelog.csv, line {line}: the entry for checks.csv {check_id} verdict has no reason"]


def test_an_entry_for_a_version_without_tables_fails(data_dir, tmp_path):
    copy = _copy_data(data_dir, tmp_path / "data")
    first = snapshot_versions(copy)[0]
    (copy / "changelog.csv").write_text(HEADER + f"{first},checks.csv,a,verdict,x,y,before the first version\n",
                                        encoding="utf-8")
    result = audit(copy)
    assert any(f"version {first} is neither the package's" in problem for problem in result.problems)


def test_an_edited_kept_table_is_found(data_dir, tmp_path):
    copy = _copy_data(data_dir, tmp_path / "data")
    folder = copy / "versions" / snapshot_versions(copy)[0]
    _rewrite_first_row(folder / "checks.csv", "verdict", "not_testable")
    assert snapshot_checksum_problems(folder) == [
        f"{folder / 'checks.csv'}: its SHA-256 is not the one in SHA256SUMS; a kept version is never edited"]


# --- the diff on small hand-written tables ----------------------------------------------------

def _tables(folder: Path, figures: str, changes: str, checks: str) -> Path:
    folder.mkdir()
    for name, text in (("figures.csv", figures), ("changes.csv", changes), ("checks.csv", checks)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


FIGURES = "figure_id,value,unit,note\nf1,391000,cases,a note\nf2,6,years,\n"
CHANGES = "change_id,interval,low,high,explanation\nc1,\"[1, 2]\",1,2,text\n"
CHECKS = "check_id,verdict,explanation\nk1,consistent,holds\nk2,inconsistent,fails\nk3,consistent,holds\n"


def test_identical_tables_give_no_difference(tmp_path):
    before = _tables(tmp_path / "a", FIGURES, CHANGES, CHECKS)
    after = _tables(tmp_path / "b", FIGURES, CHANGES, CHECKS)
    assert diff_tables(before, after) == []


def test_every_changed_cell_is_a_difference_in_column_order(tmp_path):
    before = _tables(tmp_path / "a", FIGURES, CHANGES, CHECKS)
    checks = "check_id,verdict,explanation\nk1,consistent,holds\nk2,not_testable,now explained\nk3,consistent,holds\n"
    after = _tables(tmp_path / "b", FIGURES, CHANGES, checks)
    assert diff_tables(before, after) == [Diff("checks.csv", "k2", "verdict", "inconsistent", "not_testable"),
                                          Diff("checks.csv", "k2", "explanation", "fails", "now explained")]


def _rule(table, ids, field, before, after):
    return Entry("0.2.0", table, ids, field, before, after, "a stated rule")


def test_a_rule_entry_explains_many_cells_and_only_those_it_names():
    diffs = [Diff("checks.csv", "k1", "explanation", "holds", "holds as printed"),
             Diff("checks.csv", "k2", "explanation", "fails", "fails under both rules"),
             Diff("checks.csv", "k2", "tie_rule", "either", "")]
    every_row = _rule("checks.csv", "*", "explanation", "*", "*")
    assert every_row.is_rule and unexplained(diffs, [every_row]) == diffs[2:]
    listed = _rule("checks.csv", "k2 k9", "explanation", "*", "*")
    assert unexplained(diffs, [listed]) == [diffs[0], diffs[2]] and stale(diffs, [listed]) == []
    cleared = _rule("checks.csv", "*", "tie_rule", "*", "")  # any text before, empty after
    assert unexplained(diffs, [cleared]) == diffs[:2]
    other_column = _rule("checks.csv", "*", "claim", "*", "*")
    assert stale(diffs, [other_column]) == [other_column]


def test_a_rule_may_not_say_any_text_in_a_key_column(tmp_path):
    path = tmp_path / "changelog.csv"
    path.write_text(HEADER + "0.2.0,checks.csv,*,verdict,*,*,every verdict changed\n", encoding="utf-8")
    with pytest.raises(VersionsError, match=r"line 2: a rule may not say any text \('\*'\) before or after in "
                                            r"checks\.csv's column 'verdict'; explain each of its cells"):
        load_changelog(path)
    # A list of ids with the same cell before and after is still allowed in a key column.
    path.write_text(HEADER + "0.2.0,checks.csv,k1 k2,verdict,inconsistent,not_testable,one reason for both\n",
                    encoding="utf-8")
    (entry,) = load_changelog(path)
    assert entry.explains(Diff("checks.csv", "k2", "verdict", "inconsistent", "not_testable"))
    assert not entry.explains(Diff("checks.csv", "k3", "verdict", "inconsistent", "not_testable"))


def test_a_new_column_is_one_difference_not_one_a_row(tmp_path):
    before = _tables(tmp_path / "a", FIGURES, CHANGES, CHECKS)
    checks = ("check_id,verdict,explanation,subject\nk1,consistent,holds,release\n"
              "k2,inconsistent,fails,translation\nk3,consistent,holds,release\n")
    after = _tables(tmp_path / "b", FIGURES, CHANGES, checks)
    assert diff_tables(before, after) == [Diff("checks.csv", "*", "subject", "", "present")]


def test_a_removed_column_is_one_difference(tmp_path):
    before = _tables(tmp_path / "a", FIGURES, CHANGES, CHECKS)
    after = _tables(tmp_path / "b", "figure_id,value,note\nf1,391000,a note\nf2,6,\n", CHANGES, CHECKS)
    assert diff_tables(before, after) == [Diff("figures.csv", "*", "unit", "present", "")]


def test_a_new_row_and_a_removed_row(tmp_path):
    before = _tables(tmp_path / "a", FIGURES, CHANGES, CHECKS)
    figures = "figure_id,value,unit,note\nf1,391000,cases,a note\nf3,0,occurrences,zero\n"
    after = _tables(tmp_path / "b", figures, CHANGES, CHECKS)
    assert diff_tables(before, after) == [Diff("figures.csv", "f3", "*", "", "present"),
                                          Diff("figures.csv", "f2", "*", "present", "")]


def test_an_interval_change_is_one_difference_a_column(tmp_path):
    before = _tables(tmp_path / "a", FIGURES, CHANGES, CHECKS)
    after = _tables(tmp_path / "b", FIGURES, "change_id,interval,low,high,explanation\nc1,\"(1, 2]\",1,2,text\n",
                    CHECKS)
    assert diff_tables(before, after) == [Diff("changes.csv", "c1", "interval", "[1, 2]", "(1, 2]")]


def test_a_note_changed_in_one_figure_is_found(tmp_path):
    # The 0.1.0 -> 0.2.0 audit once compared only a few columns; notes changed unexplained.
    before = _tables(tmp_path / "a", FIGURES, CHANGES, CHECKS)
    after = _tables(tmp_path / "b", FIGURES.replace("a note", "another note"), CHANGES, CHECKS)
    assert diff_tables(before, after) == [Diff("figures.csv", "f1", "note", "a note", "another note")]


def _entry(table, id_, field, before, after):
    return Entry("0.2.0", table, id_, field, before, after, "a reason")


def test_an_entry_must_match_before_and_after_exactly():
    diffs = [Diff("checks.csv", "k2", "verdict", "inconsistent", "not_testable")]
    wrong_before = _entry("checks.csv", "k2", "verdict", "consistent", "not_testable")
    assert unexplained(diffs, [wrong_before]) == diffs
    assert stale(diffs, [wrong_before]) == [wrong_before]
    wrong_after = _entry("checks.csv", "k2", "verdict", "inconsistent", "not testable")
    assert unexplained(diffs, [wrong_after]) == diffs
    wrong_table = _entry("changes.csv", "k2", "verdict", "inconsistent", "not_testable")
    assert unexplained(diffs, [wrong_table]) == diffs
    right = _entry("checks.csv", "k2", "verdict", "inconsistent", "not_testable")
    assert unexplained(diffs, [right]) == [] and stale(diffs, [right]) == []


def test_duplicate_ids_in_a_table_are_refused(tmp_path):
    before = _tables(tmp_path / "a", FIGURES, CHANGES, CHECKS)
    after = _tables(tmp_path / "b", FIGURES, CHANGES, CHECKS + "k1,inconsistent,again\n")
    with pytest.raises(VersionsError, match=r"checks\.csv, line 5: check_id 'k1' occurs twice"):
        diff_tables(before, after)


# --- the changelog file itself ----------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("version,table,id,field,before,after\n", r"columns \[.*\] are not the contract's"),
    (HEADER + "0.2.0,tokens.csv,a,token,x,y,why\n", r"line 2: table 'tokens\.csv' is not one of"),
    (HEADER + "0.2,checks.csv,a,verdict,x,y,why\n", r"line 2: '0\.2' is not a version MAJOR\.MINOR\.PATCH"),
    (HEADER + "0.2.0,checks.csv,,verdict,x,y,why\n", r"line 2: id and field must not be empty"),
    (HEADER + "0.2.0,checks.csv,a,verdict,x,y,why\n0.2.0,checks.csv,a,verdict,y,z,why\n",
     r"line 3: the same version, table, id and field as line 2"),
    (HEADER + "0.2.0,checks.csv,a,verdict,x,y\n", r"line 2: expected 7 cells"),
])
def test_a_malformed_changelog_is_refused_by_line(tmp_path, text, message):
    path = tmp_path / "changelog.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VersionsError, match=message):
        load_changelog(path)


def test_no_kept_version_below_is_an_error(tmp_path):
    (tmp_path / "versions" / "0.2.0").mkdir(parents=True)
    with pytest.raises(VersionsError, match=r"no kept version below 0\.2\.0"):
        previous_version(tmp_path, "0.2.0")
    assert previous_version(tmp_path, "0.10.0") == "0.2.0"  # numeric order, not text order


# --- the book: the history travels with the release, the page groups it -------------------------

def test_the_history_is_copied_with_the_release_inputs(data_dir, tmp_path):
    from release_figures.book.build import copy_release_inputs
    from release_figures.reading.release_folder import load_release

    copy_release_inputs(load_release(data_dir), tmp_path)
    kept = sorted(p.relative_to(data_dir).as_posix() for p in (data_dir / "versions").rglob("*") if p.is_file())
    for name in ["changelog.csv", *kept]:
        assert (tmp_path / name).read_bytes() == (data_dir / name).read_bytes(), name


def test_entries_are_grouped_newest_version_first_then_by_table():
    from release_figures.tables.versions import entries_by_version

    a = Entry("0.2.0", "checks.csv", "k1", "verdict", "x", "y", "r")
    b = Entry("0.2.0", "figures.csv", "f1", "value", "1", "2", "r")
    c = Entry("0.10.0", "figures.csv", "f1", "value", "2", "3", "r")
    assert entries_by_version([a, b, c], ["0.1.0", "0.2.0", "0.10.0"]) == [
        ("0.10.0", [("figures.csv", [c])]),
        ("0.2.0", [("figures.csv", [b]), ("checks.csv", [a])]),
        ("0.1.0", []),
    ]


def test_an_earlier_version_is_audited_against_its_own_kept_tables(tmp_path):
    versions = tmp_path / "versions"
    versions.mkdir()
    _tables(versions / "0.1.0", FIGURES, CHANGES, CHECKS)
    _tables(versions / "0.1.5", FIGURES, CHANGES, CHECKS.replace("k3,consistent", "k3,inconsistent"))
    (tmp_path / "changelog.csv").write_text(HEADER, encoding="utf-8")
    result = audit(tmp_path, "0.1.5")
    assert (result.previous, result.unexplained) == ("0.1.0", [Diff("checks.csv", "k3", "verdict", "consistent",
                                                                     "inconsistent")])
    (tmp_path / "changelog.csv").write_text(HEADER + "0.1.5,checks.csv,k3,verdict,consistent,inconsistent,why\n",
                                            encoding="utf-8")
    assert audit(tmp_path, "0.1.5").ok

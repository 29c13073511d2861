"""What changed in the published tables since the previous version, and why.

A reader who cited an earlier version of the book must be able to see what
it said and what changed since. The tables of every earlier version are kept
byte for byte in ``data/versions/VERSION/`` (never edited; ``SHA256SUMS``
there holds their checksums), and ``data/changelog.csv`` explains every
difference.

Rules.

- The version is the one ``pyproject.toml`` states
  (``release_figures.__version__``). Every version is compared with the one
  before it: each kept version after the first with its predecessor, and the
  current tables with the highest kept version below the package's.
- Rows are matched by their id (``figure_id``, ``change_id``,
  ``check_id``). For a row in both versions, every column that both
  versions have is compared as text, the CSV cell character for character;
  each difference is one cell.
- A column added or removed is one difference, whatever the number of rows:
  id ``*``, field the column's name, before empty and after ``present``
  (added) or the reverse (removed). Its cells are not listed row by row.
- A row added or removed is one difference: field ``*``, before empty and
  after ``present`` (added) or the reverse (removed).
- An entry explains a difference when its version is the version being
  compared and its table and field equal the difference's, and its id,
  before and after match. An exact entry names one id and the cell before
  and after. A *rule* entry explains many cells by one stated reason: its
  id is ``*`` (every row) or several ids separated by spaces, and its before
  and after may be ``*`` (any text). A rule may not use ``*`` for before or
  after in a column a reader relies on (:data:`KEY_FIELDS`: a figure's value,
  a change's interval, a check's verdict, ...): those cells are explained one
  by one. A difference no entry explains, an entry that explains nothing (a
  stale one), an entry without a reason, or an entry of a version that has
  no tables to compare, fails the test.
"""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from release_figures.errors import VersionsError

__all__ = [
    "TABLES", "KEY_FIELDS", "WHOLE", "ANY", "PRESENT", "CHANGELOG_NAME", "VERSIONS_DIR",
    "Diff", "Entry", "Audit", "parse_version", "read_table", "diff_tables", "load_changelog",
    "snapshot_versions", "previous_version", "unexplained", "stale", "audit", "audit_history", "draft_csv",
    "snapshot_checksum_problems", "entries_by_version",
]

# Each published table and the column that identifies its rows.
TABLES: dict[str, str] = {"figures.csv": "figure_id", "changes.csv": "change_id", "checks.csv": "check_id",
                          "chinese.csv": "figure_id"}
# The columns a reader relies on most: the value and how it was read, the interval, the period,
# what is counted, the verdict. Every column is compared; in these, each changed cell needs an
# entry of its own (a rule entry may not say "any text" before or after).
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "figures.csv": ("value", "precision", "qualifier", "period", "period_alternative", "indicator", "unit"),
    "changes.csv": ("interval", "low", "high", "point_estimate", "comparable", "previous_period", "current_period"),
    "checks.csv": ("verdict", "subject"),
    "chinese.csv": ("found", "chinese_value", "relation"),
}
# Tables a version may lack (a release read in its own language has no Chinese comparison).
OPTIONAL_TABLES = ("chinese.csv",)
WHOLE = "*"          # the id of a column entry, the field of a row entry; a rule's "every row"
ANY = "*"            # a rule entry's before or after: any text
PRESENT = "present"  # before (removed) or after (added) of a row or column entry
CHANGELOG_NAME = "changelog.csv"
VERSIONS_DIR = "versions"
CHECKSUMS_NAME = "SHA256SUMS"


@dataclass(frozen=True)
class Diff:
    """One difference between two versions' tables (see the module's rules)."""

    table: str
    id: str
    field: str
    before: str
    after: str

    def key(self) -> tuple[str, str, str, str, str]:
        """What an entry must match."""
        return (self.table, self.id, self.field, self.before, self.after)

    def describe(self) -> str:
        """The difference in one line, for error messages."""
        if self.id == WHOLE and self.field == WHOLE:
            return f"{self.table}: the whole table {'added' if self.after == PRESENT else 'removed'}"
        if self.id == WHOLE:
            return f"{self.table}: column {self.field!r} {'added' if self.after == PRESENT else 'removed'}"
        if self.field == WHOLE:
            return f"{self.table}: row {self.id!r} {'added' if self.after == PRESENT else 'removed'}"
        return f"{self.table}: {self.id} {self.field}: {self.before!r} -> {self.after!r}"


@dataclass(frozen=True)
class Entry:
    """One row of the changelog; ``line`` is its line in the file (the header is line 1)."""

    version: str
    table: str
    id: str
    field: str
    before: str
    after: str
    reason: str
    line: int = 0

    def key(self) -> tuple[str, str, str, str, str]:
        """What an exact entry explains."""
        return (self.table, self.id, self.field, self.before, self.after)

    @property
    def is_rule(self) -> bool:
        """Whether the entry explains many cells: several rows, or any text before or after.

        A column added or removed (id ``*``, before or after ``present``) and
        a row added or removed (field ``*``) are exact entries.
        """
        if self.field == WHOLE:
            return len(self.id.split()) > 1  # several rows added or removed, for one reason
        if self.id == WHOLE and PRESENT in (self.before, self.after):
            return False
        return self.id == WHOLE or len(self.id.split()) > 1 or ANY in (self.before, self.after)

    def explains(self, diff: Diff) -> bool:
        """Whether this entry explains ``diff`` (see the module's rules)."""
        if (self.table, self.field) != (diff.table, diff.field):
            return False
        if not self.is_rule:
            return self.key() == diff.key()
        ids = self.id.split()
        if (ids != [WHOLE] and diff.id not in ids) or diff.id == WHOLE:
            return False
        return all(mine == ANY or mine == theirs for mine, theirs in ((self.before, diff.before),
                                                                      (self.after, diff.after)))


@dataclass
class Audit:
    """The tables of ``version`` against those of ``previous``, and the changelog's entries for it."""

    version: str
    previous: str
    diffs: list[Diff]
    unexplained: list[Diff] = field(default_factory=list)
    stale: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every difference is explained and every entry explains one."""
        return not (self.unexplained or self.stale or self.problems)

    def message(self, changelog: Path | str = CHANGELOG_NAME) -> str:
        """What is wrong, naming each difference and entry."""
        lines = []
        if self.unexplained:
            lines.append(f"{len(self.unexplained)} difference(s) between the {self.previous} tables and the "
                         f"{self.version} tables are not explained by {changelog} (draft the entries with "
                         "`python -m release_figures changelog-draft DATA_DIR` and write their reasons):")
            lines += [f"  {diff.describe()}" for diff in self.unexplained]
        if self.stale:
            lines.append(f"{len(self.stale)} entr(y/ies) of {changelog} for {self.version} explain no difference "
                         f"from {self.previous} (the table or the entry's before/after is not what it says):")
            lines += [f"  line {entry.line}: {entry.table} {entry.id} {entry.field}: "
                      f"{entry.before!r} -> {entry.after!r}" for entry in self.stale]
        lines += self.problems
        return "\n".join(lines)


def parse_version(text: str, where: str = "") -> tuple[int, int, int]:
    """``"0.2.0"`` -> ``(0, 2, 0)``; anything but MAJOR.MINOR.PATCH is an error naming ``where``."""
    parts = str(text).split(".")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise VersionsError(f"{where or 'version'}: {text!r} is not a version MAJOR.MINOR.PATCH (e.g. 0.2.0)")
    return tuple(int(part) for part in parts)  # type: ignore[return-value]


def read_table(path: Path | str, id_column: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    """A table's columns and its rows by id, cells as the CSV text.

    Raises VersionsError, naming the file, for a missing file, a table
    without the id column or with an id twice.
    """
    path = Path(path)
    if not path.is_file():
        raise VersionsError(f"{path} is missing: expected a table with the column {id_column!r}")
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        columns = list(reader.fieldnames or [])
        if id_column not in columns:
            raise VersionsError(f"{path}: no column {id_column!r} (columns: {', '.join(columns) or 'none'})")
        rows: dict[str, dict[str, str]] = {}
        for number, row in enumerate(reader, start=2):
            key = row[id_column]
            if key in rows:
                raise VersionsError(f"{path}, line {number}: {id_column} {key!r} occurs twice; rows are matched by it")
            rows[key] = row
    return columns, rows


def diff_tables(before_dir: Path | str, after_dir: Path | str) -> list[Diff]:
    """Every difference (see the module's rules) from the tables in ``before_dir`` to those in ``after_dir``.

    Order: table by table (:data:`TABLES`); in each, columns removed and
    added, then rows in the order of ``after_dir`` (an added row, or its
    changed cells in the order of the columns), then removed rows.
    """
    diffs: list[Diff] = []
    for table, id_column in TABLES.items():
        present = [(Path(folder) / table).is_file() for folder in (before_dir, after_dir)]
        if present != [True, True] and table in OPTIONAL_TABLES:
            if present != [False, False]:  # a whole table added or removed is one difference
                diffs.append(Diff(table, WHOLE, WHOLE, *(("", PRESENT) if present[1] else (PRESENT, ""))))
            continue
        before_columns, before_rows = read_table(Path(before_dir) / table, id_column)
        after_columns, after_rows = read_table(Path(after_dir) / table, id_column)
        diffs += [Diff(table, WHOLE, column, PRESENT, "") for column in before_columns if column not in after_columns]
        diffs += [Diff(table, WHOLE, column, "", PRESENT) for column in after_columns if column not in before_columns]
        compared = [column for column in after_columns if column in before_columns and column != id_column]
        for key, row in after_rows.items():
            if key not in before_rows:
                diffs.append(Diff(table, key, WHOLE, "", PRESENT))
                continue
            diffs += [Diff(table, key, column, before_rows[key][column], row[column])
                      for column in compared if before_rows[key][column] != row[column]]
        diffs += [Diff(table, key, WHOLE, PRESENT, "") for key in before_rows if key not in after_rows]
    return diffs


def load_changelog(path: Path | str) -> list[Entry]:
    """The changelog's entries, in file order.

    Raises VersionsError, naming the file and line, for a missing file, columns other than the
    contract's, an unknown table, a malformed version, an empty id or field,
    or the same (version, table, id, field) twice.
    """
    from release_figures.tables.datapackage import contract_columns

    path = Path(path)
    expected = list(contract_columns("changelog"))
    if not path.is_file():
        raise VersionsError(f"{path} is missing: the changelog (columns {', '.join(expected)}) "
                            "explains every difference from the previous version's tables")
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        if reader.fieldnames != expected:
            raise VersionsError(f"{path}: columns {reader.fieldnames} are not the contract's {expected} "
                             "(src/release_figures/contracts/changelog.yaml)")
        entries, seen = [], {}
        for line, row in enumerate(reader, start=2):
            where = f"{path}, line {line}"
            if None in row or any(value is None for value in row.values()):
                raise VersionsError(f"{where}: expected {len(expected)} cells ({', '.join(expected)})")
            parse_version(row["version"], where)
            if row["table"] not in TABLES:
                raise VersionsError(f"{where}: table {row['table']!r} is not one of {', '.join(TABLES)}")
            if not row["id"] or not row["field"]:
                raise VersionsError(f"{where}: id and field must not be empty ({WHOLE!r} for a whole row or column)")
            entry = Entry(line=line, **row)
            if entry.is_rule and ANY in (entry.before, entry.after) and entry.field in KEY_FIELDS[entry.table]:
                raise VersionsError(f"{where}: a rule may not say any text ({ANY!r}) before or after in "
                                    f"{entry.table}'s column {entry.field!r}; explain each of its cells")
            # One cell changes once a version; a rule may share its id and field with others (other before/after).
            key = (row["version"], row["table"], row["id"], row["field"]) + \
                ((row["before"], row["after"]) if entry.is_rule else ())
            if key in seen:
                raise VersionsError(f"{where}: the same version, table, id and field as line {seen[key]}")
            seen[key] = line
            entries.append(entry)
    return entries


def snapshot_versions(data_dir: Path | str) -> list[str]:
    """The versions kept in ``data_dir/versions/``, oldest first; a folder not named as a version is an error."""
    folder = Path(data_dir) / VERSIONS_DIR
    names = [path.name for path in folder.iterdir() if path.is_dir()] if folder.is_dir() else []
    return sorted(names, key=lambda name: parse_version(name, f"{folder / name} (a kept version's folder)"))


def previous_version(data_dir: Path | str, version: str) -> str:
    """The highest kept version below ``version``; VersionsError when there is none."""
    below = [kept for kept in snapshot_versions(data_dir) if parse_version(kept) < parse_version(version)]
    if not below:
        raise VersionsError(f"{Path(data_dir) / VERSIONS_DIR}: no kept version below {version}; "
                         "the previous version's tables must be kept there to compare with")
    return below[-1]


def unexplained(diffs: list[Diff], entries: list[Entry]) -> list[Diff]:
    """The differences that no entry explains (see :meth:`Entry.explains`)."""
    exact = {entry.key() for entry in entries if not entry.is_rule}
    rules = [entry for entry in entries if entry.is_rule]
    return [diff for diff in diffs if diff.key() not in exact and not any(rule.explains(diff) for rule in rules)]


def stale(diffs: list[Diff], entries: list[Entry]) -> list[Entry]:
    """The entries that explain no difference."""
    found = {diff.key() for diff in diffs}
    return [entry for entry in entries
            if (not any(entry.explains(diff) for diff in diffs) if entry.is_rule else entry.key() not in found)]


def audit(data_dir: Path | str, version: str | None = None) -> Audit:
    """Compare a version's tables with the previous version's, against the changelog.

    ``version`` defaults to the package's; its tables are ``data_dir``'s own
    when it is the package's version, else the kept ones in
    ``data_dir/versions/VERSION``. Every entry of the changelog is checked
    for a reason and for a version that has tables to compare.
    """
    from release_figures import __version__

    data_dir = Path(data_dir)
    version = version or __version__
    previous = previous_version(data_dir, version)
    after_dir = data_dir if version == __version__ else data_dir / VERSIONS_DIR / version
    if not after_dir.is_dir():
        raise VersionsError(f"{after_dir}: no tables of version {version} (the package is {__version__})")
    diffs = diff_tables(data_dir / VERSIONS_DIR / previous, after_dir)
    entries = load_changelog(data_dir / CHANGELOG_NAME)
    mine = [entry for entry in entries if entry.version == version]
    result = Audit(version, previous, diffs, unexplained(diffs, mine), stale(diffs, mine))
    comparable = set(snapshot_versions(data_dir)[1:]) | {__version__}
    for entry in entries:
        if not entry.reason.strip():
            result.problems.append(f"{CHANGELOG_NAME}, line {entry.line}: the entry for {entry.table} {entry.id} "
                                   f"{entry.field} has no reason")
        if entry.version not in comparable:
            result.problems.append(f"{CHANGELOG_NAME}, line {entry.line}: version {entry.version} is neither the "
                                   f"package's ({__version__}) nor a kept version after the first")
    return result


def audit_history(data_dir: Path | str) -> list[Audit]:
    """Every version against the one before it: each kept version after the first, then the package's."""
    from release_figures import __version__

    kept = [version for version in snapshot_versions(data_dir) if parse_version(version) < parse_version(__version__)]
    return [audit(data_dir, version) for version in kept[1:]] + [audit(data_dir)]


def draft_csv(result: Audit) -> str:
    """The unexplained differences as changelog lines (no header), each with an empty reason to write."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for diff in result.unexplained:
        writer.writerow([result.version, *diff.key(), ""])
    return buffer.getvalue()


def snapshot_checksum_problems(folder: Path | str) -> list[str]:
    """Each kept table whose SHA-256 differs from ``SHA256SUMS`` (or that is missing or unlisted)."""
    folder = Path(folder)
    sums = folder / CHECKSUMS_NAME
    if not sums.is_file():
        return [f"{sums} is missing: a kept version records its tables' SHA-256"]
    listed = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    problems = [f"{folder / table}: not listed in {CHECKSUMS_NAME}" for table in TABLES
                if table not in listed and table not in OPTIONAL_TABLES]
    for name, digest in listed.items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{path}: listed in {CHECKSUMS_NAME} but missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"{path}: its SHA-256 is not the one in {CHECKSUMS_NAME}; a kept version is never edited")
    return problems


def entries_by_version(entries: list[Entry], versions: list[str]) -> list[tuple[str, list[tuple[str, list[Entry]]]]]:
    """``versions`` newest first, each with its entries grouped by table (:data:`TABLES` order, file order within)."""
    grouped = []
    for version in sorted(versions, key=parse_version, reverse=True):
        tables = [(table, [entry for entry in entries if entry.version == version and entry.table == table])
                  for table in TABLES]
        grouped.append((version, [(table, rows) for table, rows in tables if rows]))
    return grouped

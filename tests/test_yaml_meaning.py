"""One YAML: a value of a release file means the same whichever YAML parser reads it.

YAML 1.1 (PyYAML's resolvers) and YAML 1.2 read some plain values
differently (``010`` is 8 or 10, ``yes`` is true or text, ``1:20`` is 80 or
text, ``1_000`` is 1000 or text, ``1e5`` is text or 100000.0). The loader
reads by the YAML 1.2 core schema and refuses, by name, a value that YAML 1.1
reads otherwise; dates stay text for the schemas to check; infinity and
NaN are refused where a number is expected. Each case builds its file here:
the loader's answer first, then the command line's on a copy of data/
(exit 2, one line naming the file, line and column, nothing written).
"""

from __future__ import annotations

import re

import pytest
import yaml
from mutations.hostile import DATA_DIR, assert_refused, copy_data, line_of

from release_figures.errors import ReleaseError
from release_figures.reading.strict_yaml import parse_yaml
from release_figures.pipeline.validation import validate_release

BOTH = r"expected a value every YAML parser reads alike"


@pytest.mark.parametrize("plain, old, new, write", [
    ("010", "8", "10", "10"),
    ("0o10", "the text '0o10'", "8", "8"),
    ("08", "the text '08'", "8", "8"),
    ("1:20", "80", "the text '1:20'", "80"),
    ("yes", "true", "the text 'yes'", "true"),
    ("no", "false", "the text 'no'", "false"),
    ("on", "true", "the text 'on'", "true"),
    ("Off", "false", "the text 'Off'", "false"),
    ("1_000", "1000", "the text '1_000'", "1000"),
    ("1e5", "the text '1e5'", "100000.0", "100000.0"),
    ("0b101", "5", "the text '0b101'", "5"),
])
def test_a_value_two_yaml_versions_read_differently_is_refused_by_name(plain, old, new, write):
    with pytest.raises(ReleaseError, match=rf"^f\.yaml, line 1, column 8: `{re.escape(plain)}` reads as "
                                           rf"{re.escape(old)} under YAML 1\.1 and as {re.escape(new)} under "
                                           rf"YAML 1\.2; {BOTH}: quote it \('{re.escape(plain)}'\) for text, "
                                           rf"or write {re.escape(write)}$"):
        parse_yaml(f"value: {plain}\n", "f.yaml")


@pytest.mark.parametrize("plain", [".inf", "-.Inf", ".NaN"])
def test_infinity_and_nan_are_refused(plain):
    with pytest.raises(ReleaseError, match=rf"f\.yaml, line 1, column 8: `{re.escape(plain)}` is not a finite number"):
        parse_yaml(f"value: {plain}\n", "f.yaml")


def test_what_both_versions_read_alike_is_read():
    # Hand-written expectations: the YAML 1.2 core schema, where YAML 1.1 agrees.
    assert parse_yaml("a: 10\nb: -3\nc: 0x1F\nd: 1.5\ne: true\nf: False\ng: null\nh: ~\ni:\nj: '010'\n"
                      "k: \"yes\"\nl: 2022\nm: text with 010 inside\n", "f.yaml") == {
        "a": 10, "b": -3, "c": 31, "d": 1.5, "e": True, "f": False, "g": None, "h": None, "i": None, "j": "010",
        "k": "yes", "l": 2022, "m": "text with 010 inside"}


def test_dates_stay_text():
    # A date is a timestamp under YAML 1.1 and text under 1.2; it is kept as the text written, for the schemas.
    assert parse_yaml("published: 2023-01-10\nwhen: 2001-12-14t21:59:43.10-05:00\n", "f.yaml") == {
        "published": "2023-01-10", "when": "2001-12-14t21:59:43.10-05:00"}


def test_the_repository_files_read_as_before():
    # The switch to YAML 1.2 changed no value of the repository's own release files.
    for name in ("release.yaml", "register.yaml", "comparisons.yaml", "checks.yaml"):
        text = (DATA_DIR / name).read_text(encoding="utf-8")
        assert parse_yaml(text, name) == yaml.safe_load(text), name


def test_duplicate_keys_are_still_refused():
    with pytest.raises(ReleaseError, match=r"^f\.yaml, line 3: key 'unit' appears twice in one mapping "
                                           r"\(lines 1 and 3\); expected each key once$"):
        parse_yaml("unit: cases\nkind: count\nunit: persons\n", "f.yaml")


# ------------------------------------------------------------------ through the command line, in a release folder

def _edit(folder, name: str, old: str, new: str) -> tuple[int, int]:
    """Replace the first ``old`` in a YAML file of the copy; (line, column) of the replacement's value."""
    text = (folder / name).read_text(encoding="utf-8")
    line = line_of(folder, name, old)
    column = text.splitlines()[line - 1].index(old) + old.index(":") + 3
    (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return line, column


@pytest.mark.parametrize("name, old, new, reads", [
    # an occurrence count written with a leading zero: 8 or 10 times?
    ("register.yaml", "occurrences: 2", "occurrences: 010", r"`010` reads as 8 under YAML 1\.1 and as 10"),
    # a comparable flag written yes: a boolean only under YAML 1.1
    ("comparisons.yaml", "comparable: true", "comparable: yes", r"`yes` reads as true under YAML 1\.1 and as the "
                                                                  r"text 'yes'"),
    # a section name written off
    ("register.yaml", "section: social stability", "section: off", r"`off` reads as false"),
    # a ratio bound in sexagesimal
    ("checks.yaml", "type: ratio_spread", "type: 1:20", r"`1:20` reads as 80 under YAML 1\.1"),
    # a checksum written with underscores
    ("release.yaml", "sha256: b4c0f3", "sha256: 1_000", r"`1_000` reads as 1000 under YAML 1\.1"),
])
def test_an_ambiguous_value_in_a_release_file(name, old, new, reads, tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    if name == "release.yaml":
        text = (folder / name).read_text(encoding="utf-8")
        line = line_of(folder, name, old)
        full = text.splitlines()[line - 1]
        (folder / name).write_text(text.replace(full, full[:full.index("sha256:")] + new), encoding="utf-8")
        column = full.index("sha256:") + 9
    else:
        line, column = _edit(folder, name, old, new)
    assert_refused(folder, rf"/{re.escape(name)}, line {line}, column {column}: {reads}.*{BOTH}", capsys)


def test_infinity_where_a_number_is_expected(tmp_path, capsys):
    folder = copy_data(tmp_path / "release")
    text = (folder / "checks.yaml").read_text(encoding="utf-8")
    line = line_of(folder, "checks.yaml", "type: ratio_spread")
    lines = text.splitlines(keepends=True)
    lines.insert(line, "    at_least: .inf\n")
    (folder / "checks.yaml").write_text("".join(lines), encoding="utf-8")
    assert_refused(folder, rf"checks\.yaml, line {line + 1}, column 15: `\.inf` is not a finite number; expected a "
                           r"finite number", capsys)


def test_an_unquoted_date_is_a_date_checked_by_the_schema(tmp_path, capsys):
    # Unquoted, the publication date is read as the text 2023-01-10 and validates; a month 13 does not.
    folder = copy_data(tmp_path / "release")
    record = folder / "release.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace('published: "2023-01-10"', "published: 2023-01-10"),
                      encoding="utf-8")
    validate_release(folder)
    record.write_text(record.read_text(encoding="utf-8").replace("published: 2023-01-10", "published: 2023-13-10", 1),
                      encoding="utf-8")
    assert_refused(folder, r"release\.yaml: published: expected a calendar date: month 13 of 2023-13-10 is not a "
                           r"month \(01 to 12\), got '2023-13-10'", capsys)

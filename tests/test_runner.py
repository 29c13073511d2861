"""``python -m release_figures run``: any release folder in, its tables and book out.

The invented release in ``tests/fixtures/invented-release`` is run end to
end in a subprocess, and its tables are checked against values worked out
by hand here. Bad release folders must stop before any notebook runs, with
a message naming the file and the problem.
"""

from __future__ import annotations

from release_figures.book.files import MANIFEST_NAME, REPORT_NAME  # noqa: F401

import csv
import json
import platform
import shutil
from pathlib import Path

import nbformat
import pytest
from _invented import FIXTURE, run_cli

from release_figures.book.execute import INJECTED_CELL_ID, strip_volatile_metadata


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def fixture_run(invented_run):
    """The output folder of the session's end-to-end run, and the release copy it read."""
    release, out = invented_run
    return out, release


# ---------------------------------------------------------------- end to end

@pytest.mark.slow
def test_fixture_figures_match_hand_reading(fixture_run):
    out, _ = fixture_run
    rows = {row["figure_id"]: row for row in read_csv(out / "data" / "figures.csv")}
    # Read by hand from raw/invented-2030-review.en.txt: (value in base units, qualifier, rounding unit).
    expected = {
        "dikes-years": ("3", "exact", "1"),                    # "three consecutive years"
        "burglary-cases-solved": ("1234", "exact", "1"),
        "burglary-cases-solved-change": ("5.3", "exact", "0.1"),   # "an increase of 5.3%"
        "burglary-suspects": ("2617", "exact", "1"),
        "burglary-suspects-change": ("-3.5", "exact", "0.1"),      # "a decrease of 3.5%": negative
        "burglary-gangs": ("640", "more_than", "10"),          # "more than 640": trailing zero read as rounding
        "smuggled-goods": ("18.5", "exact", "0.1"),
        "smuggling-cases": ("37527", "exact", "1"),
        "police-stations": ("47", "exact", "1"),
        "police-stations-completion": ("94", "exact", "0.1"),  # "94.0%": the printed decimal sets the unit
        "online-service-users": ("4200000", "exact", "100000"),  # "4.2 million"
        "campaign-provinces": ("27", "exact", "1"),
        "officers-awarded": ("612", "exact", "1"),
        "notice-rules": ("25", "exact", "1"),                  # the markup paragraph: "listed 25 **new** rules"
    }
    assert list(rows) == list(expected)  # every figure, in the order of the text
    for figure_id, (value, qualifier, precision) in expected.items():
        row = rows[figure_id]
        assert (row["value"], row["qualifier"], row["precision"]) == (value, qualifier, precision), figure_id


@pytest.mark.slow
def test_fixture_implied_previous_values(fixture_run):
    out, _ = fixture_run
    rows = {row["change_id"]: row for row in read_csv(out / "data" / "changes.csv")}
    # By hand. Cases: 1,234 now (a whole count), +5.3% stands for [5.25, 5.35): the prior p satisfies
    # 1.0525 <= 1234 / p < 1.0535, so 1171.33 < p <= 1172.45: only p = 1172.
    # Suspects: 2,617 now, -3.5% stands for (-3.55, -3.45]: 0.9645 < 2617 / p <= 0.9655,
    # so 2710.51 <= p < 2713.32: p in {2711, 2712, 2713}.
    expected = {
        "burglary-cases-solved-change-implied-previous": ("1172", "1172"),
        "burglary-suspects-change-implied-previous": ("2711", "2713"),
        "burglary-cases-vs-published-2029": ("1172", "1172"),
        "burglary-suspects-vs-published-2029": ("2711", "2713"),
    }
    assert {key: (rows[key]["low"], rows[key]["high"]) for key in expected} == expected
    assert set(rows) == set(expected)


@pytest.mark.slow
def test_fixture_verdicts(fixture_run):
    out, _ = fixture_run
    rows = {row["check_id"]: row for row in read_csv(out / "data" / "checks.csv")}
    # By hand. The deliberate inconsistency: 1,234 / 1,181 - 1 = 4.49%, printed +5.3%.
    # Suspects: the previous level from the printed points, 2,617 / (1 - 0.035) = 2711.92, rounds to the
    # unit as 2,712, the published count: consistent as printed (the methods page's rule).
    # Stations: 47 / T = 94.0% +- 0.05 needs 49.97 < T <= 50.03: T = 50 exists.
    expected = {
        "direction-burglary-cases-solved-change": "consistent",
        "direction-burglary-suspects-change": "consistent",
        "police-stations-completion": "consistent",
        "burglary-cases-change": "inconsistent",
        "burglary-suspects-change": "consistent",
        "dikes-paragraph-duplicate": "consistent",
    }
    assert {key: row["verdict"] for key, row in rows.items()} == expected
    # The nearest consistent printed change: 1,234 / 1,181 - 1 = 0.04488, printed to 0.1: 4.5%.
    assert rows["burglary-cases-change"]["nearest_consistent"].startswith("a change of 4.5%")
    # One quantity, one interval: the check narrows counts to whole numbers as changes.csv does.
    # 1,234 cases is exactly 1234; +5.3% = [5.25, 5.35): 1234 / 1.0535 = 1171.33 (open end) -> first whole
    # number 1172, 1234 / 1.0525 = 1172.45 -> last whole number 1172: the set {1172}, written [1172, 1172]
    # as in changes.csv. Half-even (53 odd, ends open) gives the same single count. 1,181 is not in it.
    assert rows["burglary-cases-change"]["observed"].startswith(
        "1,234 / (1 + 5.3%) = [1172, 1172] (half-up), [1172, 1172] (half-even)")
    assert rows["burglary-cases-change"]["nearest_consistent"].endswith("or a previous level in [1172, 1172]")
    # Suspects: 2617 / 0.9655 = 2710.51 -> 2711; 2617 / 0.9645 = 2713.32 (open end) -> 2713, as in changes.csv.
    assert "= [2711, 2713] (half-up)" in rows["burglary-suspects-change"]["observed"]
    assert "{50}" in rows["police-stations-completion"]["observed"]


@pytest.mark.slow
def test_fixture_duplicate_paragraph_counted_once(fixture_run):
    out, _ = fixture_run
    text = (FIXTURE / "raw" / "invented-2030-review.en.txt").read_text(encoding="utf-8")
    quote = "For three consecutive years, the river dikes of Examplia have held"
    first = text.index(quote)
    second = text.index(quote, first + 1)
    row = next(r for r in read_csv(out / "data" / "figures.csv") if r["figure_id"] == "dikes-years")
    assert (int(row["start"]), row["other_starts"]) == (first, str(second))
    tokens = read_csv(out / "data" / "tokens.csv")
    # 14 figures, the repeated "three", 5 exclusions (two dates, three years).
    assert [t["status"] for t in tokens].count("figure") == 14
    assert [(t["token"], t["status"]) for t in tokens if t["status"] == "duplicate"] == [("three", "duplicate")]
    assert [t["status"] for t in tokens].count("excluded") == 5


@pytest.mark.slow
def test_fixture_book_and_report(fixture_run):
    out, _ = fixture_run
    html = out / "_build" / "html"
    intro = (html / "notebooks" / "00_overview.html").read_text(encoding="utf-8")  # the landing page
    assert "INVENTED test release" in intro  # the book is this release's, not the 2022 one
    page = (html / "notebooks" / "01_figures.html").read_text(encoding="utf-8")
    assert "burglary cases solved" in page
    # Every chapter executed, in order: tests/test_incremental.py, test_cold_build_executes_every_notebook.
    report = json.loads((out / "_build" / "site-src" / REPORT_NAME).read_text(encoding="utf-8"))
    assert set(report["packages"]) == {"jupyter-book", "myst-nb", "pandas", "altair", "papermill", "sphinx"}
    assert report["python"] == platform.python_version()  # the interpreter that ran the build
    datapackage = json.loads((out / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert datapackage["name"] == "invented-2030-figures"
    # A release without a changelog has no history: no changes page, no changelog resource.
    assert not (html / "changes.html").exists()
    assert "changelog" not in [resource["name"] for resource in datapackage["resources"]]


@pytest.mark.slow
def test_fixture_outputs_carry_no_absolute_path(fixture_run):
    out, release = fixture_run
    for notebook in sorted((out / "_build" / "executed").glob("*.ipynb")):
        text = notebook.read_text(encoding="utf-8")
        assert str(out) not in text and str(release) not in text, notebook.name
        cells = nbformat.read(notebook, as_version=4).cells
        injected = [cell for cell in cells if "injected-parameters" in cell.metadata.get("tags", [])]
        assert [cell.id for cell in injected] == [INJECTED_CELL_ID]
        assert "remove-cell" in injected[0].metadata["tags"]
    for page in sorted((out / "_build" / "html").rglob("*.html")):
        assert str(out) not in page.read_text(encoding="utf-8"), page.name


# ---------------------------------------------------------------- bad folders

def _break_missing_register(folder: Path) -> None:
    (folder / "register.yaml").unlink()


def _break_checksum(folder: Path) -> None:
    path = folder / "raw" / "invented-2030-review.en.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("1,234", "1,243"), encoding="utf-8")


def _break_quote(folder: Path) -> None:
    path = folder / "register.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "quote: seized 18.5 tons of smuggled goods", "quote: seized 18.5 tonnes of smuggled goods"), encoding="utf-8")


def _break_missing_field(folder: Path) -> None:
    path = folder / "release.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("release_id: invented-2030\n", ""), encoding="utf-8")


@pytest.mark.parametrize("breaker, file_name, message", [
    # the register is gone: the release folder is incomplete
    (_break_missing_register, "register.yaml", r"missing; every release folder needs its register"),
    # one figure edited in the raw text: its bytes no longer match release.yaml
    (_break_checksum, "invented-2030-review.en.txt", r"SHA-256 is [0-9a-f]{64}, release.yaml records"),
    # a register quote that the text does not contain
    (_break_quote, "register.yaml", r"smuggled-goods"),
    # release.yaml without its release_id
    (_break_missing_field, "release.yaml", r"release.yaml: release_id: missing required field"),
])
def test_bad_release_stops_before_any_notebook(tmp_path, breaker, file_name, message):
    import re

    folder = tmp_path / "release"
    shutil.copytree(FIXTURE, folder)
    breaker(folder)
    out = tmp_path / "out"
    result = run_cli("run", str(folder), "--out", str(out))
    assert result.returncode != 0
    assert file_name in result.stderr
    assert re.search(message, result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert not (out / "_build" / "executed").exists()  # no notebook ran


# ---------------------------------------------------------------- the injected cell

def test_injected_parameters_cell_is_hidden_and_stable():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("release_dir = None", id="c01", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell('release_dir = "data"', metadata={"tags": ["injected-parameters"],
                                                                     "papermill": {"duration": 0.1}}),
    ]
    notebook.metadata["papermill"] = {"start_time": "2030-01-01"}
    strip_volatile_metadata(notebook)
    assert notebook.cells[1].id == INJECTED_CELL_ID
    assert notebook.cells[1].metadata == {"tags": ["injected-parameters", "remove-cell"]}
    assert notebook.cells[0].metadata == {"tags": ["parameters"]}  # the default cell stays visible
    assert "papermill" not in notebook.metadata

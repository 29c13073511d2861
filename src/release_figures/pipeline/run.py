"""The run of the stages on one release folder, in their one declared order: figures, then changes and checks.

Above the stages (it calls each) and below the tables and the book (they
write and show what it returns). Nothing here writes a file: a stage's
rows go to :mod:`release_figures.tables.build`, which writes them all in
one step. The figures stage reads the text and the register; every later
stage reads the figures as a reader of ``figures.csv`` sees them
(:func:`figures_as_read`), so a table computed in process and a table
read back agree to the character.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from release_figures.csv_form import csv_text
from release_figures.reading.number_scan import find_numbers
from release_figures.reading.numbers import NumberFormatError
from release_figures.reading.quotes import locate_claims
from release_figures.reading.register import Register, load_register
from release_figures.reading.release_folder import Release, load_release
from release_figures.reading.token_coverage import assert_covered, token_coverage
from release_figures.stages.figures import FIGURE_COLUMNS, figure_rows

__all__ = ["STAGE_ORDER", "FiguresStage", "run_figures_stage", "load_stage_context", "figures_as_read", "AllStages",
           "run_all_stages"]

# The stages, in the order they run: each reads what the ones before it built.
STAGE_ORDER = ("figures", "chinese", "changes", "checks")


@dataclass(frozen=True)
class FiguresStage:
    """Everything the figures stage read and built."""

    release: Release
    text: str
    register: Register
    rows: list[dict]
    tokens: list[dict]


def run_figures_stage(release_dir: str | Path) -> FiguresStage:
    """Read a release folder and build the figure and token rows (no writing)."""
    release = load_release(release_dir)
    text = release.text()
    register = load_register(release.register_path)
    source = str(release.text_path)
    language = release.language
    try:
        # The whole text first: a number the reader would misread stops the stage, named by its offset in the text.
        scan = find_numbers(text, language)
    except NumberFormatError as error:
        raise NumberFormatError(f"{source}: {error}") from None
    rows = figure_rows(text, register, source, language)
    locate_claims(text, register, source)
    tokens = token_coverage(text, register, rows, source, language, scan)
    assert_covered(tokens, source)
    return FiguresStage(release, text, register, rows, tokens)


def load_stage_context(stage: FiguresStage) -> dict:
    """The release's context figures (empty if the release has none), with the register's precision overrides."""
    from release_figures.reading.context_figures import load_release_context

    return load_release_context(stage.release, stage.register)


def figures_as_read(rows: list[dict]) -> list[dict]:
    """The figure rows exactly as a reader of figures.csv sees them (every value a string)."""
    import csv
    import io

    return list(csv.DictReader(io.StringIO(csv_text(FIGURE_COLUMNS, rows))))


@dataclass(frozen=True)
class AllStages:
    """The outputs of every stage for one release folder (``chinese``: None for a release with no chinese.yaml)."""

    figures: FiguresStage
    context: dict
    changes: list[dict]
    checks: list[dict]
    chinese: list[dict] | None = None


def run_all_stages(release_dir: str | Path, stage: FiguresStage | None = None) -> AllStages:
    """Run figures -> changes -> checks on a release folder (no writing); ``stage``: figures already computed."""
    from release_figures.reading.chinese_wording import load_release_chinese
    from release_figures.stages.changes import build_changes
    from release_figures.stages.checks.engine import build_checks
    from release_figures.stages.chinese import chinese_rows

    stage = stage or run_figures_stage(release_dir)
    context = load_stage_context(stage)
    figures = figures_as_read(stage.rows)
    found = load_release_chinese(stage.release, [row["figure_id"] for row in figures])
    chinese = chinese_rows(*found[:1], figures, found[1]) if found else None
    changes = build_changes(stage.release, figures, context)
    checks = build_checks(stage.release, figures, context, changes, chinese)
    return AllStages(stage, context, changes, checks, chinese)

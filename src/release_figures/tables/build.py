"""The figures stage of the pipeline: load inputs, build the tables, save them.

Later stages (year-on-year changes, consistency checks) read the figures
table this stage writes. Every file is written atomically, and nothing is
written unless every figure and every numeric token is accounted for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from release_figures.tables.atomic import csv_text, write_texts_atomic
from release_figures.reading.token_coverage import assert_covered, token_coverage
from release_figures.tables.datapackage import contract_columns
from release_figures.stages.figures import FIGURE_COLUMNS, figure_rows
from release_figures.reading.quotes import locate_claims
from release_figures.reading.numbers import NumberFormatError, find_numbers
from release_figures.reading.register import Register, load_register
from release_figures.reading.release_folder import Release, load_release

__all__ = ["FiguresStage", "run_figures_stage", "write_figures_stage", "load_stage_context", "read_figures_csv",
           "figures_as_read", "AllStages", "run_all_stages"]


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


def write_figures_stage(stage: FiguresStage, out_dir: str | Path) -> dict[str, Path]:
    """Write figures.csv and tokens.csv into ``out_dir`` atomically."""
    out_dir = Path(out_dir)
    if tuple(FIGURE_COLUMNS) != contract_columns("figures"):
        raise RuntimeError("contracts/figures.yaml and FIGURE_COLUMNS list different columns; update both together")
    figures, tokens = write_texts_atomic({
        out_dir / "figures.csv": csv_text(FIGURE_COLUMNS, stage.rows),
        out_dir / "tokens.csv": csv_text(contract_columns("tokens"), stage.tokens),
    })
    return {"figures": figures, "tokens": tokens}


def load_stage_context(stage: FiguresStage) -> dict:
    """The release's context figures (empty if the release has none), with the register's precision overrides."""
    from release_figures.reading.context_figures import load_release_context

    return load_release_context(stage.release, stage.register)


def read_figures_csv(path: str | Path) -> list[dict]:
    """The rows of a figures.csv file, every value a string (as :func:`figures_as_read` gives)."""
    import csv

    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def figures_as_read(rows: list[dict]) -> list[dict]:
    """The figure rows exactly as a reader of figures.csv sees them (every value a string)."""
    import csv
    import io

    from release_figures.tables.atomic import csv_text

    return list(csv.DictReader(io.StringIO(csv_text(FIGURE_COLUMNS, rows))))


@dataclass(frozen=True)
class AllStages:
    """The outputs of every stage for one release folder."""

    figures: FiguresStage
    context: dict
    changes: list[dict]
    checks: list[dict]


def run_all_stages(release_dir: str | Path) -> AllStages:
    """Run figures -> changes -> checks on a release folder (no writing)."""
    from release_figures.stages.changes import build_changes
    from release_figures.stages.checks.engine import build_checks

    stage = run_figures_stage(release_dir)
    context = load_stage_context(stage)
    figures = figures_as_read(stage.rows)
    changes = build_changes(stage.release, figures, context)
    checks = build_checks(stage.release, figures, context, changes)
    return AllStages(stage, context, changes, checks)

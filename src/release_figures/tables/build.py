"""The one build of every table: load a release folder, compute every stage in process, write once.

:func:`build_tables` is what ``make book``, ``python -m release_figures run``
and the tests call before any chapter runs: it computes the figures and
token rows, the year-on-year changes and the consistency ledger in this
process (each stage reads the figures as a reader of ``figures.csv`` sees
them), and writes the four tables and ``datapackage.json`` in one atomic
step, so a failure anywhere leaves the previous tables as they were.
Chapters only read what it wrote (:func:`read_table`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from release_figures.tables.atomic import csv_text, write_texts_atomic
from release_figures.reading.token_coverage import assert_covered, token_coverage
from release_figures.tables.datapackage import contract_columns
from release_figures.stages.figures import FIGURE_COLUMNS, figure_rows
from release_figures.reading.quotes import locate_claims
from release_figures.reading.number_scan import find_numbers
from release_figures.reading.numbers import NumberFormatError
from release_figures.reading.register import Register, load_register
from release_figures.reading.release_folder import Release, load_release

__all__ = ["FiguresStage", "run_figures_stage", "write_figures_stage", "load_stage_context", "read_figures_csv",
           "read_table", "read_optional_table", "figures_as_read", "AllStages", "run_all_stages", "build_tables", "TABLE_NAMES"]

# The tables the build writes, in the order of the stages.
TABLE_NAMES = ("figures.csv", "tokens.csv", "changes.csv", "checks.csv", "chinese.csv")


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


def read_table(path: str | Path) -> list[dict]:
    """The rows of a table the build wrote, every value a string, as any reader of the CSV sees them."""
    import csv

    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


read_figures_csv = read_table  # the figures table is read like every other


def read_optional_table(path: str | Path) -> list[dict] | None:
    """A table the build writes only for some releases (chinese.csv): its rows, or None when it was not written."""
    return read_table(path) if Path(path).is_file() else None


def figures_as_read(rows: list[dict]) -> list[dict]:
    """The figure rows exactly as a reader of figures.csv sees them (every value a string)."""
    import csv
    import io

    from release_figures.tables.atomic import csv_text

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


def build_tables(release_dir: str | Path, out_dir: str | Path, stage: FiguresStage | None = None) -> AllStages:
    """Compute every table of a release folder and write them into ``out_dir`` in one atomic step.

    Writes figures.csv, tokens.csv, changes.csv, checks.csv and
    datapackage.json. Raises a ReleaseError (nothing written) when any
    input is bad. ``stage`` is the figures stage when the caller computed it
    already (validation does), so it is computed once. Returns what the
    stages computed.
    """
    from release_figures.stages.checks.rows import CHECK_COLUMNS
    from release_figures.tables.datapackage import descriptor

    out_dir = Path(out_dir)
    stages = run_all_stages(release_dir, stage)
    for name, columns in (("figures", FIGURE_COLUMNS), ("checks", CHECK_COLUMNS)):
        if tuple(columns) != contract_columns(name):
            raise RuntimeError(f"contracts/{name}.yaml and the columns the stage writes differ; update both together")
    texts = {
        out_dir / "figures.csv": csv_text(FIGURE_COLUMNS, stages.figures.rows),
        out_dir / "tokens.csv": csv_text(contract_columns("tokens"), stages.figures.tokens),
        out_dir / "changes.csv": csv_text(contract_columns("changes"), stages.changes),
        out_dir / "checks.csv": csv_text(CHECK_COLUMNS, stages.checks),
    }
    if stages.chinese is not None:
        texts[out_dir / "chinese.csv"] = csv_text(contract_columns("chinese"), stages.chinese)
    else:
        (out_dir / "chinese.csv").unlink(missing_ok=True)  # a table of an earlier input would be stale
    register = stages.figures.register
    # The descriptor lists an optional table (the changelog) only when the release folder has it.
    package = descriptor(stages.figures.release.record, release_dir, tuple(register.declared_units), register.sections)
    texts[out_dir / "datapackage.json"] = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    write_texts_atomic(texts)
    return stages

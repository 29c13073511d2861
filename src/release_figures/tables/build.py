"""The one build of every table: run every stage in process (:mod:`release_figures.pipeline.run`), write once.

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
from pathlib import Path

# The stages' run (pipeline) is below this module: its names are re-exported here for the chapters and tests
# that read a release's tables and the stages that built them from one place.
from release_figures.pipeline.run import (AllStages, FiguresStage, figures_as_read, load_stage_context,  # noqa: F401
                                          run_all_stages, run_figures_stage)
from release_figures.stages.figures import FIGURE_COLUMNS
from release_figures.tables.atomic import csv_text, write_texts_atomic
from release_figures.tables.datapackage import contract_columns

__all__ = ["FiguresStage", "run_figures_stage", "write_figures_stage", "load_stage_context", "read_figures_csv",
           "read_table", "read_optional_table", "figures_as_read", "AllStages", "run_all_stages", "build_tables", "TABLE_NAMES"]

# The tables the build writes, in the order of the stages.
TABLE_NAMES = ("figures.csv", "tokens.csv", "changes.csv", "checks.csv", "chinese.csv")


def write_figures_stage(stage: FiguresStage, out_dir: str | Path) -> dict[str, Path]:
    """Write figures.csv and tokens.csv into ``out_dir`` atomically."""
    out_dir = Path(out_dir)
    figures, tokens = write_texts_atomic({
        out_dir / "figures.csv": csv_text(FIGURE_COLUMNS, stage.rows),
        out_dir / "tokens.csv": csv_text(contract_columns("tokens"), stage.tokens),
    })
    return {"figures": figures, "tokens": tokens}


def read_table(path: str | Path) -> list[dict]:
    """The rows of a table the build wrote, every value a string, as any reader of the CSV sees them."""
    import csv

    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


read_figures_csv = read_table  # the figures table is read like every other


def read_optional_table(path: str | Path) -> list[dict] | None:
    """A table the build writes only for some releases (chinese.csv): its rows, or None when it was not written."""
    return read_table(path) if Path(path).is_file() else None


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

"""Validate a whole release folder, and the output folder, before anything is computed or run.

:func:`validate_release` reads every input of a release folder the way
the stages will (release record and checksums, paths kept inside the
folder, the text, the register, quotes and token coverage, the context
tables, comparisons.yaml and checks.yaml with the ids they name) and
raises one ReleaseError listing every problem it found, one line each, so
a reader fixes them all in one pass. No table is computed and nothing is
written. :func:`validate_output_folder` (from
:mod:`release_figures.reading.output_folder`, re-exported here) refuses an output path that
is not a folder that can be written, or holds a symbolic link where the
run writes.
"""

from __future__ import annotations

import os
from pathlib import Path

from release_figures.errors import ReleaseError
from release_figures.reading.output_folder import OutputFolderError, validate_output_folder
from release_figures.reading.schema import problem_lines, refuse

__all__ = ["validate_release", "validate_output_folder", "OutputFolderError"]


class _Findings:
    """The errors found so far; each validation step runs through :meth:`run`."""

    def __init__(self):
        self.errors: list[ReleaseError] = []
        self.stage = None  # the figures stage, once computed

    def run(self, step, *args):
        """``step(*args)``, or None when it raises a ReleaseError (kept in :attr:`errors`)."""
        try:
            return step(*args)
        except ReleaseError as error:
            self.errors.append(error)
            return None

    def lines(self) -> list[str]:
        """Every problem, one a line."""
        return [line for error in self.errors for line in problem_lines(error)]


def _escaping_links(root: Path) -> None:
    """Refuse every symbolic link inside the folder that leads outside it (nothing there may be read)."""
    inside = root.resolve()
    problems = []
    for folder, folders, files in os.walk(root):
        for name in sorted(folders + files):
            path = Path(folder) / name
            if path.is_symlink():
                target = path.resolve()
                if target != inside and not target.is_relative_to(inside):
                    problems.append(f"{path}: a symbolic link leading outside the release folder (to {target}); "
                                    "expected files inside the folder")
    refuse(ReleaseError, problems, root)


def _readable(release) -> bool:
    """Refuse every file the release names that may not be read (not a regular file, over its limit), from metadata."""
    refuse(ReleaseError, release.input_problems(), release.root)
    return True


def _findings(release_dir: str | Path) -> _Findings:
    from release_figures.reading.context_figures import load_context, load_release_context
    from release_figures.reading.register import load_register
    from release_figures.reading.release_folder import load_release
    from release_figures.pipeline.run import run_figures_stage

    found = _Findings()
    release = found.run(load_release, release_dir)
    if release is None:
        return found  # without a sound release.yaml nothing else can be found
    found.run(_escaping_links, release.root)
    if found.run(_readable, release) is None:
        return found  # a pipe, a device or an oversized file: nothing more is read, so nothing hangs or floods
    found.run(release.verify_checksums)
    text = found.run(release.text)
    register = found.run(load_register, release.register_path)
    if register is not None:
        context = found.run(load_release_context, release, register)
    else:
        # The context tables are still read (without the register's precision overrides) for their own problems.
        for path in release.context_paths:
            if path.exists():  # a missing one is the checksum check's to report
                found.run(load_context, path, None, release.language)
        context = None
    # The figures stage itself: every quote located, every number read, every token explained.
    stage = found.run(run_figures_stage, release.root) if text is not None and register is not None else None
    found.stage = stage
    if stage is not None and context is not None:
        _definitions(found, release, stage, context)
    return found


def _definitions(found: _Findings, release, stage, context) -> None:
    """comparisons.yaml and checks.yaml against the ids they may name (figures, context figures, claims)."""
    from release_figures.stages.changes import load_definitions, quantities_from
    from release_figures.stages.checks.definitions import CheckSpecError, load_check_specs, unused_claims_problem
    from release_figures.pipeline.run import figures_as_read

    from release_figures.reading.chinese_wording import load_release_chinese

    found.run(load_release_chinese, release, [row["figure_id"] for row in stage.rows])
    quantities = found.run(quantities_from, figures_as_read(stage.rows), context)
    if quantities is not None:
        found.run(load_definitions, release, quantities)
    path = release.root / release.record.get("checks", "checks.yaml")
    if path.exists():
        claims = {claim.claim_id for claim in stage.register.claims}
        units = {row["figure_id"]: row["unit"] for row in stage.rows} | {key: row.unit for key, row in context.items()}
        specs = found.run(load_check_specs, path, set(units), claims, units)
        unused = unused_claims_problem(specs, claims, path) if specs is not None else None
        if unused:
            found.errors.append(CheckSpecError(unused))


def validate_release(release_dir: str | Path):
    """Load and validate every input of a release folder, writing nothing; ReleaseError listing every problem.

    One error found is raised as it is; several are raised as one, of the
    first one's class, whose message counts the problems and lists each on
    its own line. Returns the figures stage it computed to locate every
    quote and explain every token (the build reuses it).
    """
    found = _findings(release_dir)
    if len(found.errors) == 1:
        raise found.errors[0]
    if found.errors:
        problems = found.lines()
        error = type(found.errors[0])(f"{release_dir}: {len(problems)} problems; nothing was built:\n  - "
                                      + "\n  - ".join(problems))
        error.problems = problems
        raise error
    return found.stage

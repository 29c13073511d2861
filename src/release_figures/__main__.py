"""Command line: ``python -m release_figures COMMAND``.

Exit status: 0 when done; 2 for a defect in the release folder or the command line (one line a
problem, naming the file, the entry and what was expected; never a traceback, never a line longer
than limits.MAX_MESSAGE_CHARS); 1 when a notebook or the book build fails.

Commands:
  book                      execute the notebooks on data/ and build the HTML book in _build/html
  run RELEASE_DIR --out DIR validate a release folder, execute the notebooks on it, write its
                            tables to DIR/data and build its book in DIR/_build/html
  notebooks                 re-execute the committed notebooks in place (after a deliberate change)
  figures RELEASE_DIR [--out DIR]   build figures.csv and tokens.csv for a release folder
  record-checksums RELEASE_DIR      re-record raw files' SHA-256 in release.yaml (deliberate changes only)
  changelog-draft DATA_DIR          print the differences from the previous version's tables that
                                    DATA_DIR/changelog.csv does not explain, as changelog lines
                                    with an empty reason to write
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from release_figures.errors import ReleaseError


def _book(args) -> int:
    from release_figures.book.build import REPO_ROOT, build_release_book
    from release_figures.reading.release_folder import REPO_DATA_DIR
    from release_figures.pipeline.validation import validate_output_folder

    validate_output_folder(REPO_ROOT)  # no link where the build writes (data/, _build/)
    html = build_release_book(REPO_DATA_DIR, REPO_ROOT, data_dir=REPO_DATA_DIR)
    print(f"book built: {html.relative_to(REPO_ROOT) / 'index.html'}")
    return 0


def _run(args) -> int:
    from release_figures.book.build import build_release_book
    from release_figures.pipeline.validation import validate_output_folder

    # The output folder is checked before anything runs; the build validates the release folder first thing.
    validate_output_folder(args.out)

    html = build_release_book(Path(args.release_dir), Path(args.out))
    print(f"tables written: {Path(args.out) / 'data'}")
    print(f"book built: {html / 'index.html'}")
    return 0


def _notebooks(args) -> int:
    from release_figures.book.execute import NOTEBOOKS_DIR, execute_in_place, notebook_paths
    from release_figures.reading.release_folder import REPO_DATA_DIR
    from release_figures.tables.build import build_tables

    build_tables(REPO_DATA_DIR, REPO_DATA_DIR)  # the chapters read the tables; build them first
    execute_in_place(notebook_paths(), cwd=NOTEBOOKS_DIR)
    return 0


def _figures(args) -> int:
    from release_figures.pipeline.validation import validate_output_folder
    from release_figures.tables.build import run_figures_stage, write_figures_stage

    if args.out:
        validate_output_folder(args.out)
    stage = run_figures_stage(args.release_dir)
    # Resolved once: a link the user names is the folder it leads to; links below it are refused on writing.
    written = write_figures_stage(stage, Path(args.out or args.release_dir).resolve())
    for path in written.values():
        print(f"wrote {path}")
    return 0


def _record_checksums(args) -> int:
    from release_figures.reading.release_folder import load_release, sha256_of, size_limit_of
    from release_figures.tables.atomic import write_text_atomic

    release = load_release(args.release_dir)
    record_path = Path(args.release_dir).resolve() / "release.yaml"
    lines = record_path.read_text(encoding="utf-8").splitlines(keepends=True)
    # One sha256 line a file entry, in the order of the entries: only those lines are rewritten,
    # so a placeholder checksum ("0") never replaces the same characters elsewhere in the file.
    sha_lines = [index for index, line in enumerate(lines) if re.match(r"\s*sha256:", line)]
    entries = release.file_entries()
    if len(sha_lines) != len(entries):
        raise ReleaseError(f"{record_path}: {len(sha_lines)} sha256 lines for {len(entries)} files; "
                           "expected one sha256 line in each files entry")
    for index, (role, entry) in zip(sha_lines, entries.items()):
        actual = sha256_of(release.root / entry["path"], size_limit_of(role))
        if actual != str(entry["sha256"]):
            indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
            lines[index] = f"{indent}sha256: {actual}\n"
            print(f"{role}: {entry['path']} re-recorded as {actual}")
    write_text_atomic(record_path, "".join(lines))
    return 0


def _changelog_draft(args) -> int:
    from release_figures.tables.versions import CHANGELOG_NAME, audit, draft_csv

    result = audit(args.data_dir)
    sys.stdout.write(draft_csv(result))
    # The draft goes to stdout (to paste); what else is wrong goes to stderr.
    for entry in result.stale:
        print(f"{CHANGELOG_NAME}, line {entry.line}: explains no difference from {result.previous} "
              f"({entry.table} {entry.id} {entry.field}); correct or remove it", file=sys.stderr)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.ok:
        print(f"every difference from {result.previous} to {result.version} is explained", file=sys.stderr)
    return 0


def _report(error: BaseException | str) -> None:
    """Print an error on stderr, each line cut to limits.MAX_MESSAGE_CHARS: no message can echo a whole file."""
    from release_figures.reading.limits import MAX_MESSAGE_CHARS, clipped

    lines = f"error: {error}".split("\n")
    print("\n".join(clipped(line, MAX_MESSAGE_CHARS) for line in lines), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m release_figures", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("book", help="execute notebooks and build the HTML book").set_defaults(func=_book)
    run = commands.add_parser("run", help="analyse a release folder: tables and book in --out")
    run.add_argument("release_dir")
    run.add_argument("--out", required=True, help="output folder (tables in OUT/data, book in OUT/_build/html)")
    run.set_defaults(func=_run)
    commands.add_parser("notebooks", help="re-execute the committed notebooks in place").set_defaults(func=_notebooks)
    figures = commands.add_parser("figures", help="build figures.csv for a release folder")
    figures.add_argument("release_dir")
    figures.add_argument("--out")
    figures.set_defaults(func=_figures)
    record = commands.add_parser("record-checksums", help="re-record raw checksums after a deliberate change")
    record.add_argument("release_dir")
    record.set_defaults(func=_record_checksums)
    draft = commands.add_parser("changelog-draft",
                                help="print the unexplained differences from the previous version as changelog lines")
    draft.add_argument("data_dir")
    draft.set_defaults(func=_changelog_draft)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ReleaseError as error:
        # A defect of the release folder or of the command line: the message names the file and the entry.
        _report(error)
        return 2
    except OSError as error:
        # A path of the user's that cannot be read or written: named, without a traceback.
        where = f"{error.filename}: " if error.filename else ""
        _report(f"{where}{error.strerror or error}")
        return 2
    except RuntimeError as error:  # includes papermill's PapermillExecutionError
        _report(error)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""Build a release's HTML book: validate, execute, stage, build with Jupyter Book 1.x.

One code path serves ``make book`` (the repository's release, ``data/``,
built into ``_build/``) and ``python -m release_figures run RELEASE_DIR
--out OUT_DIR`` (any release folder). :func:`build_release_book`

1. validates the release folder (provenance, checksums, register, quotes,
   token coverage) before any notebook runs;
2. for another release, copies its inputs into ``OUT_DIR/data`` so the
   output folder is a complete release folder with its tables beside it;
3. executes the notebooks that need it (:func:`execute.execute_chapters`)
   into ``OUT_DIR/_build/executed``, their kernels forked from a server that
   made the chapters' imports while steps 1 and 2 ran
   (:mod:`release_figures.book.warm_kernels`);
4. writes ``datapackage.json`` and stages pages, executed notebooks, data and
   ``execution-report.json`` into ``OUT_DIR/_build/site-src`` (copying
   only changed files, so Sphinx rebuilds only changed pages);
5. runs ``jupyter-book build`` (``-W -n --keep-going``) into ``OUT_DIR/_build/html``
   and publishes the data package there (``data/`` and ``data.zip``),
   unless nothing it reads changed since its last successful run: the staged
   site, the package (the book's extensions import it) and the versions of
   the build's packages are hashed into ``OUT_DIR/_build/site.sha256``,
   written after each successful build and removed before each new one.

Every file the build writes goes through the atomic writers of
:mod:`release_figures.tables.atomic`, which refuse a symbolic link on the
target's path (:func:`release_figures.reading.output_folder.refuse_links`),
and every input it copies is read as a regular file within its size limit
(:mod:`release_figures.reading.input_files`).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from release_figures.book.files import BUILD_INFO_NAME, REPORT_NAME, SITE_STAMP, TABLES_STAMP
from release_figures.tables.versions import CHANGELOG_NAME, VERSIONS_DIR

__all__ = [
    "REPO_ROOT", "BOOK_DIR", "REPORT_NAME", "validate_release", "copy_release_inputs",
    "execution_report", "stage_book", "site_digest", "build_html", "build_release_book",
    "BUILD_INFO_NAME", "book_version", "build_info",
]

REPO_ROOT = Path(__file__).resolve().parents[3]
BOOK_DIR = REPO_ROOT / "book"
STAGED_DATA_SUFFIXES = {".csv", ".json", ".yaml", ".txt"}


def validate_release(release_dir: Path):
    """Check every input of a release folder before anything runs; ReleaseError listing every problem.

    See :func:`release_figures.pipeline.validation.validate_release`. Returns
    the figures stage the validation computed, so the build does not
    compute it again.
    """
    from release_figures.pipeline.validation import validate_release as validate_every_input

    return validate_every_input(release_dir)


# The record of the last validated build of the tables: what it read and what it wrote.


def _tables_state(release_dir: Path, data_dir: Path) -> dict:
    """SHA-256 of every input the tables are built from (release files, the package) and of the tables written."""
    import hashlib

    from release_figures.book.execution_cache import RELEASE_INPUTS, input_hashes, package_digest
    from release_figures.errors import ReleaseError
    from release_figures.reading.input_files import read_input_bytes
    from release_figures.reading.limits import size_limit_for
    from release_figures.reading.release_folder import load_release
    from release_figures.tables.build import TABLE_NAMES

    release = load_release(release_dir)
    unreadable = release.input_problems()
    if unreadable:
        raise ReleaseError(unreadable[0])  # nothing is hashed: validation names every such file
    history = [release.root / CHANGELOG_NAME, *sorted((release.root / VERSIONS_DIR).rglob("*"))]
    inputs = input_hashes(release, RELEASE_INPUTS, release.root)
    inputs["history"] = hashlib.sha256(b"".join(
        path.as_posix().encode() + read_input_bytes(path, size_limit_for(path.name))
        for path in history if path.is_file())).hexdigest()
    inputs["package"] = package_digest()
    outputs = {name: hashlib.sha256((data_dir / name).read_bytes()).hexdigest() if (data_dir / name).is_file()
               else "missing" for name in (*TABLE_NAMES, "datapackage.json")}
    return {"inputs": inputs, "outputs": outputs}


def _tables_current(release_dir: Path, data_dir: Path, build_dir: Path) -> bool:
    """Whether the tables in ``data_dir`` were validated and built here from exactly today's inputs.

    Any difference (an input, the package, a table edited or missing since)
    means validating and building again. A folder whose release record
    cannot be read is never current: validation then says why.
    """
    import json

    from release_figures.errors import ReleaseError

    stamp = build_dir / TABLES_STAMP
    if not stamp.is_file():
        return False
    try:
        return json.loads(stamp.read_text(encoding="utf-8")) == _tables_state(release_dir, data_dir)
    except (ReleaseError, OSError, ValueError):
        return False


def _record_tables(release_dir: Path, data_dir: Path, build_dir: Path) -> None:
    """Remember what the tables were built from, so an unchanged rebuild neither validates nor builds again."""
    import json

    from release_figures.tables.atomic import write_text_atomic

    write_text_atomic(build_dir / TABLES_STAMP, json.dumps(_tables_state(release_dir, data_dir), indent=2) + "\n")


# Optional definition files of a release folder, beside release.yaml and the register.
OPTIONAL_INPUTS = ("comparisons.yaml", "checks.yaml")
# The page listing a release folder's published history (release_figures.tables.versions:
# the changelog and the kept tables of earlier versions); without a changelog it is left out.
CHANGES_PAGE = "changes"


def copy_release_inputs(release, data_dir: Path) -> None:
    """Copy the release's inputs into ``data_dir`` (changed files only).

    Inputs: release.yaml, the register, every raw file, the optional
    comparisons.yaml and checks.yaml, and the history (changelog.csv and the
    kept versions' files) when there is one. An optional file absent from
    the release is removed from ``data_dir`` too, so no stale copy is read.
    Each is read as a regular file within its size limit and written
    atomically, never through a symbolic link.
    """
    from release_figures.reading.limits import size_limit_for
    from release_figures.reading.output_folder import refuse_links
    from release_figures.reading.release_folder import size_limit_of

    names = [("release.yaml", size_limit_for("release.yaml")),
             (release.record.get("register", "register.yaml"), size_limit_for("register.yaml"))]
    names += [(entry["path"], size_limit_of(role)) for role, entry in release.file_entries().items()]
    for name in OPTIONAL_INPUTS:
        if name == "checks.yaml":
            name = release.record.get("checks", name)
        if (release.root / name).is_file():
            names.append((name, size_limit_for(name)))
        else:
            refuse_links(Path(data_dir) / name).unlink(missing_ok=True)
    if (release.root / CHANGELOG_NAME).is_file():
        names.append((CHANGELOG_NAME, size_limit_for(CHANGELOG_NAME)))
        names += sorted((path.relative_to(release.root).as_posix(), size_limit_for(path.name))
                        for path in (release.root / VERSIONS_DIR).rglob("*") if path.is_file())
    else:
        refuse_links(Path(data_dir) / CHANGELOG_NAME).unlink(missing_ok=True)
    for name, limit in names:
        _copy_if_changed(release.root / name, Path(data_dir) / name, limit)


def _copy_if_changed(source: Path, target: Path, limit: int) -> bool:
    from release_figures.reading.input_files import read_input_bytes
    from release_figures.tables.atomic import write_bytes_atomic

    data = read_input_bytes(source, limit)
    if _unchanged(target, data):
        return False
    write_bytes_atomic(target, data)
    return True


def _unchanged(target: Path, data: bytes) -> bool:
    """Whether ``target`` already holds exactly ``data`` (a link there is refused, never read through)."""
    from release_figures.reading.output_folder import refuse_links

    refuse_links(target)
    return target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data


def execution_report(runs) -> dict:
    """The execution report: each notebook's time and status, Python and package versions."""
    from release_figures.book.execution_cache import environment

    env = environment()
    return {
        "notebooks": [{"notebook": run.notebook, "seconds": run.seconds, "status": run.status} for run in runs],
        "python": env["python"],
        "packages": env["packages"],
    }


def book_version() -> str:
    """The book's version: the package's, whose one source is ``version`` in pyproject.toml.

    CITATION.cff repeats it (a test checks they agree). Raises RuntimeError
    when the package is not installed (``make env`` installs it).
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("release-figures")
    except PackageNotFoundError:
        raise RuntimeError("release-figures is not installed, so the book has no version; run `make env`") from None


def build_info(repo_root: Path = REPO_ROOT) -> dict:
    """What a built page names as its origin: version, commit, that commit's date, uncommitted changes.

    The commit's date, not the build's time, so an unchanged tree builds
    the same bytes. Outside a git checkout (or without git) the commit and
    its date are ``""``.
    """
    import os

    info = {"version": book_version(), "commit": "", "commit_date": "", "uncommitted_changes": False}
    environment = {**os.environ, "TZ": "UTC", "LC_ALL": "C"}
    try:
        log = subprocess.run(["git", "log", "-1", "--format=%H%n%cd", "--date=format-local:%Y-%m-%d"],
                             cwd=repo_root, capture_output=True, text=True, env=environment, check=True)
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                                cwd=repo_root, capture_output=True, text=True, env=environment, check=True)
    except (OSError, subprocess.CalledProcessError):
        return info
    commit, _, date = log.stdout.strip().partition("\n")
    info.update(commit=commit, commit_date=date.strip(), uncommitted_changes=bool(status.stdout.strip()))
    return info


def book_config(config_text: str, record: dict) -> str:
    """The book's ``_config.yml`` for a release: its title (the release's ``book_title``, else its title), as YAML.

    The configuration is read and written as YAML, never edited with patterns.
    """
    import yaml

    config = yaml.safe_load(config_text)
    title = " ".join(str(record.get("book_title") or record["title"]).split())
    config["title"] = title
    config.setdefault("sphinx", {}).setdefault("config", {})["ogp_site_name"] = title
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def _toc_without(toc_text: str, pages: tuple[str, ...]) -> str:
    """The _toc.yml text with the entries for ``pages`` removed (from chapters and parts)."""
    import yaml

    toc = yaml.safe_load(toc_text)

    def keep(entries):
        return [entry for entry in entries if entry.get("file") not in pages]

    if "chapters" in toc:
        toc["chapters"] = keep(toc["chapters"])
    for part in toc.get("parts", []):
        part["chapters"] = keep(part.get("chapters", []))
    toc["parts"] = [part for part in toc.get("parts", []) if part.get("chapters")] if "parts" in toc else None
    if toc["parts"] is None:
        del toc["parts"]
    return yaml.safe_dump(toc, sort_keys=False, allow_unicode=True)


def stage_book(executed_notebooks: list[Path], data_dir: Path, stage_dir: Path, book_dir: Path = BOOK_DIR,
               generated: dict[str, str | None] | None = None) -> Path:
    """Copy pages, executed notebooks and data into ``stage_dir``; return it.

    ``generated`` maps a staged path (relative) to text written there,
    replacing any page of ``book_dir`` with that name (None: leave it out). Files are written only
    when their bytes differ, so Sphinx's incremental build sees unchanged
    sources as unchanged; staged files no longer wanted are removed.
    """
    stage_dir.mkdir(parents=True, exist_ok=True)
    wanted: dict[Path, Path | str] = {}
    left_out = {name for name, text in (generated or {}).items() if text is None}
    for path in sorted(book_dir.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.relative_to(book_dir).as_posix() not in left_out:
            wanted[stage_dir / path.relative_to(book_dir)] = path
    for notebook in executed_notebooks:
        wanted[stage_dir / "notebooks" / notebook.name] = notebook
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and path.suffix in STAGED_DATA_SUFFIXES and not path.name.startswith("."):
            wanted[stage_dir / "data" / path.relative_to(data_dir)] = path
    for relative, text in (generated or {}).items():
        if text is not None:
            wanted[stage_dir / relative] = text
    from release_figures.tables.atomic import write_bytes_atomic

    for target, source in wanted.items():
        data = source.encode("utf-8") if isinstance(source, str) else source.read_bytes()
        if not _unchanged(target, data):
            write_bytes_atomic(target, data)
    from release_figures.reading.output_folder import refuse_links

    for path in sorted(stage_dir.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted and "_build" not in path.parts:
            refuse_links(path).unlink()  # never a file a linked folder leads to
    return stage_dir


def site_digest(stage_dir: Path) -> str:
    """SHA-256 of everything the HTML build reads: staged files, package source, package versions.

    The book's own version and CITATION.cff (read by the changes and citation
    pages, not staged) count too, so a new version is never skipped as unchanged.
    """
    import hashlib

    from release_figures import __version__
    from release_figures.book.execution_cache import environment, package_digest, sha256_of_json
    # The same file as views.citations.CITATION_FILE, named here so an unchanged rebuild need not import
    # the views (pandas, great-tables: half a second).
    CITATION_FILE = REPO_ROOT / "CITATION.cff"

    digest = hashlib.sha256()
    for path in sorted(Path(stage_dir).rglob("*")):
        if path.is_file() and "_build" not in path.relative_to(stage_dir).parts:
            digest.update(path.relative_to(stage_dir).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(package_digest().encode())
    digest.update(__version__.encode() + b"\0")
    digest.update(CITATION_FILE.read_bytes() if CITATION_FILE.is_file() else b"")
    digest.update(sha256_of_json(environment()).encode())
    return digest.hexdigest()


def _forget_other_pages(stage_dir: Path, build_dir: Path) -> None:
    """Start the HTML afresh when the table of contents changed since the last build.

    Sphinx builds only what changed, and never removes a page it no longer
    builds, nor rewrites the site's index.html (a redirect to the root page):
    a page dropped from the book, or a new root, would otherwise outlive the
    change. The last build's table of contents is kept beside the site.
    """
    toc = (stage_dir / "_toc.yml").read_bytes()
    last = build_dir / "toc.last.yml"
    if last.is_file() and last.read_bytes() == toc:
        return
    import shutil

    from release_figures.tables.atomic import write_bytes_atomic

    for folder in (build_dir / "html", build_dir / ".doctrees", build_dir / "jupyter_execute"):
        shutil.rmtree(folder, ignore_errors=True)
    last.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(last, toc)


def build_html(stage_dir: Path, output_root: Path) -> Path:
    """Run ``jupyter-book build`` on the staged book; HTML lands in output_root/_build/html.

    The site's Vega bundle is made meanwhile in a process of its own and
    written in once Sphinx is done (:class:`release_figures.book.vega_bundle.BundleMaker`).
    """
    import os

    from release_figures.book.vega_bundle import BundleMaker

    html = output_root / "_build" / "html"
    command = [
        str(Path(sys.executable).with_name("jupyter-book")), "build", str(stage_dir),
        "--path-output", str(output_root), "-W", "-n", "--keep-going",
    ]
    bundle = BundleMaker(html / "_static").start()
    try:
        result = subprocess.run(command, cwd=stage_dir, env={**os.environ, **bundle.environment})
        if result.returncode != 0:
            raise RuntimeError(f"jupyter-book build of {stage_dir} failed (exit {result.returncode}); see the log above")
        bundle.finish()
    finally:
        bundle.stop()
    return html


def build_release_book(release_dir: Path, output_root: Path, data_dir: Path | None = None,
                       book_dir: Path = BOOK_DIR) -> Path:
    """Validate a release folder, build its tables, execute the chapters on them and build its HTML book.

    In order: every input is validated; every table is computed in this
    process and written in one step (:func:`release_figures.tables.build.build_tables`);
    only then do the chapters run, all at once, each reading the tables.
    Meanwhile a kernel server makes the chapters' imports, and their kernels
    are forked from it (:mod:`release_figures.book.warm_kernels`).
    ``data_dir`` is where the tables are written (default
    ``output_root/data``); when it is not the release folder itself, the
    release's inputs are copied there first. Returns ``output_root/_build/html``.
    Raises ReleaseError (bad folder, before any chapter runs), papermill's
    PapermillExecutionError (a failing cell) or RuntimeError (the build).
    """
    from release_figures.book.execute import warm_kernels

    release_dir = Path(release_dir).resolve()
    output_root = Path(output_root).resolve()
    data_dir = Path(data_dir).resolve() if data_dir else output_root / "data"
    # The chapters' kernels are forked from one server that has made their imports; when the tables
    # are to be built, the chapters will most likely run, and the server makes its imports meanwhile.
    kernels = warm_kernels(cwd=output_root)
    try:
        release, runs = _tables_and_chapters(release_dir, data_dir, output_root, kernels)
    finally:
        kernels.stop()  # before the HTML build: its CPU is Sphinx's
    return _build_site(release, runs, data_dir, output_root, Path(book_dir))


def _tables_and_chapters(release_dir: Path, data_dir: Path, output_root: Path, kernels) -> tuple:
    """Validate and build the tables unless current, copy the release's inputs, execute the chapters.

    Returns the release as copied to ``data_dir`` and the chapters' runs.
    """
    from release_figures.book.execute import execute_chapters
    from release_figures.reading.release_folder import REPO_DATA_DIR, load_release
    from release_figures.tables.build import build_tables

    build_dir = output_root / "_build"
    if not _tables_current(release_dir, data_dir, build_dir):
        kernels.start()
        (build_dir / TABLES_STAMP).unlink(missing_ok=True)
        stage = validate_release(release_dir)  # every input, before anything is computed or written
        build_tables(release_dir, data_dir, stage)  # every table, in one step, before any chapter
        _record_tables(release_dir, data_dir, build_dir)
    if data_dir != release_dir:
        copy_release_inputs(load_release(release_dir), data_dir)
    release = load_release(data_dir)
    if data_dir == REPO_DATA_DIR:
        parameters = {}  # the notebooks' defaults: no injected cell at all
    else:
        # Relative to the kernel's folder (output_root), so no absolute path enters a notebook.
        relative = Path(data_dir).relative_to(output_root).as_posix() if data_dir.is_relative_to(output_root) else str(data_dir)
        parameters = {"release_dir": relative, "output_dir": relative}
    return release, execute_chapters(release, build_dir / "executed", data_dir, parameters, cwd=output_root,
                                     kernels=kernels)


def _build_site(release, runs: list, data_dir: Path, output_root: Path, book_dir: Path) -> Path:
    """Stage the executed chapters, pages and data, and build the HTML unless nothing it reads changed."""
    from release_figures.tables.datapackage import publish_data_folder

    build_dir = output_root / "_build"
    generated = {REPORT_NAME: json.dumps(execution_report(runs), indent=2) + "\n",
                 BUILD_INFO_NAME: json.dumps(build_info(), indent=2, sort_keys=True) + "\n"}
    # Every release's book is built the same way: its own title in the configuration, the same pages.
    generated["_config.yml"] = book_config((Path(book_dir) / "_config.yml").read_text(encoding="utf-8"),
                                           release.record)
    left_out: list[str] = []
    if not (data_dir / CHANGELOG_NAME).is_file():
        left_out.append(CHANGES_PAGE)  # no earlier version: nothing changed
    if left_out:
        generated["_toc.yml"] = _toc_without((Path(book_dir) / "_toc.yml").read_text(encoding="utf-8"),
                                             tuple(left_out))
        for page in left_out:
            generated[f"{page}.md"] = None
    stage = stage_book([run.executed for run in runs], data_dir, build_dir / "site-src",
                       book_dir=Path(book_dir), generated=generated)
    stamp, digest = build_dir / SITE_STAMP, site_digest(stage)
    html = build_dir / "html"
    if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == digest and (html / "index.html").is_file():
        print("book: staged site, package and environment unchanged since the last build; HTML is current",
              file=sys.stderr, flush=True)
        return html
    stamp.unlink(missing_ok=True)
    _forget_other_pages(stage, build_dir)
    html = build_html(stage, output_root)
    # The data a reader takes away: data/ at the site's root (unhashed paths) and data.zip beside it.
    publish_data_folder(stage / "data", html)
    from release_figures.tables.atomic import write_text_atomic

    # The site says which version it is (tools/assemble_site.py files it under /v<version>/ by this).
    write_text_atomic(html / BUILD_INFO_NAME, generated[BUILD_INFO_NAME])
    write_text_atomic(stamp, digest + "\n")
    return html

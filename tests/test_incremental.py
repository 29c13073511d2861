"""Incremental rebuilds are both fast and correct.

A notebook re-executes exactly when something it reads changed (its own
bytes, the release inputs it declares, an upstream table, the package's
source), and not otherwise. Proved on a copy of the invented release in a
temporary folder: a register edit reaches the built page; a rebuild with
no change executes nothing. Statuses come from the execution report and the
manifest, never from timing.
"""

from __future__ import annotations

from release_figures.book.files import MANIFEST_NAME, REPORT_NAME  # noqa: F401

import json
import shutil
from pathlib import Path

import pytest
from _invented import FIXTURE

from release_figures.book import execution_cache
from release_figures.book.build import build_release_book
from release_figures.book.execute import notebook_paths
from release_figures.reading.release_folder import load_release



def statuses(out: Path) -> dict[str, str]:
    """Notebook -> status ("ok" executed, "cached" reused) from the build's execution report."""
    report = json.loads((out / "_build" / "site-src" / REPORT_NAME).read_text(encoding="utf-8"))
    return {entry["notebook"]: entry["status"] for entry in report["notebooks"]}


def readers_of(name: str) -> set[str]:
    """The notebooks that declare ``name`` among their inputs."""
    return {nb.stem for nb in notebook_paths() if name in execution_cache.declared_reads(nb)}


@pytest.fixture(scope="module")
def builds(tmp_path_factory, invented_run):
    """The session's cold build of the invented release, copied, then rebuilt unchanged and after a register edit."""
    root = tmp_path_factory.mktemp("incremental")
    release, out = root / "release", root / "out"
    shutil.copytree(invented_run[0], release)
    shutil.copytree(invented_run[1], out, symlinks=True)
    html = out / "_build" / "html" / "notebooks" / "01_figures.html"
    results = {"cold": statuses(out)}
    manifest_before = (out / "_build" / "executed" / MANIFEST_NAME).read_bytes()
    build_release_book(release, out)
    results["unchanged"] = statuses(out)
    results["manifest_unchanged"] = (out / "_build" / "executed" / MANIFEST_NAME).read_bytes() == manifest_before
    register = release / "register.yaml"
    register.write_text(register.read_text(encoding="utf-8").replace(
        "indicator: smuggled goods seized", "indicator: contraband seized at the border"), encoding="utf-8")
    assert "contraband seized at the border" not in html.read_text(encoding="utf-8")
    build_release_book(release, out)
    results["register"] = statuses(out)
    results["page_after_register"] = html.read_text(encoding="utf-8")
    results["figures_after_register"] = (out / "data" / "figures.csv").read_text(encoding="utf-8")
    return results


@pytest.mark.slow
def test_cold_build_executes_every_notebook(builds):
    assert set(builds["cold"].values()) == {"ok"}
    assert list(builds["cold"]) == [nb.stem for nb in notebook_paths()]


@pytest.mark.slow
def test_unchanged_rebuild_executes_nothing(builds):
    assert set(builds["unchanged"].values()) == {"cached"}
    assert builds["manifest_unchanged"]


@pytest.mark.slow
def test_register_change_reaches_the_built_page(builds):
    assert "contraband seized at the border" in builds["figures_after_register"]
    assert "contraband seized at the border" in builds["page_after_register"]
    executed = {name for name, status in builds["register"].items() if status == "ok"}
    # The register's readers re-execute, and so does every reader of a table they rewrote
    # (figures.csv changed: its indicator column holds the new text).
    assert executed == readers_of("register") | readers_of("figures.csv")


# ---------------------------------------------------------------- the cache's rules, without building

def test_undeclared_notebook_reads_everything(tmp_path):
    import nbformat

    notebook = tmp_path / "09_new_chapter.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), notebook)
    for table in ("figures.csv", "changes.csv"):
        (tmp_path / table).write_text("x\n", encoding="utf-8")
    assert execution_cache.declared_reads(notebook, tmp_path) == execution_cache.RELEASE_INPUTS + (
        "changes.csv", "figures.csv")


def test_a_chapter_declares_its_reads_in_its_own_metadata(tmp_path):
    import nbformat

    notebook = tmp_path / "01_figures.ipynb"
    book = nbformat.v4.new_notebook()
    book.metadata["release_figures"] = {"reads": ["text", "figures.csv"]}
    nbformat.write(book, notebook)
    assert execution_cache.declared_reads(notebook, tmp_path) == ("text", "figures.csv")


def _entry(inputs, executed: Path):
    return {"inputs": dict(inputs), "executed": execution_cache.sha256_of_file(executed)}


@pytest.mark.parametrize("change, reasons", [
    # nothing changed: the previous execution stands
    (lambda inputs, executed: None, []),
    # the register's bytes changed
    (lambda inputs, executed: inputs.update(register="b" * 64), ["register changed"]),
    # a table the chapter reads changed (its hash differs from the one recorded)
    (lambda inputs, executed: inputs.update({"figures.csv": "c" * 64}), ["figures.csv changed"]),
    # the package's source changed
    (lambda inputs, executed: inputs.update(package="d" * 64), ["package changed"]),
    # someone edited the executed notebook
    (lambda inputs, executed: executed.write_text("{}", encoding="utf-8"), ["executed notebook missing or modified"]),
])
def test_stale_reasons(tmp_path, change, reasons):
    executed = tmp_path / "02_year_on_year.ipynb"
    executed.write_text('{"cells": []}', encoding="utf-8")
    inputs = {"notebook": "0" * 64, "register": "a" * 64, "figures.csv": "1" * 64, "package": "2" * 64}
    entry = _entry(inputs, executed)
    change(inputs, executed)
    assert execution_cache.stale_reasons(entry, inputs, executed) == reasons


def test_never_executed_notebook_is_stale(tmp_path):
    assert execution_cache.stale_reasons(None, {}, tmp_path / "x.ipynb") == ["never executed here"]


def test_input_hashes_follow_the_release_folder(tmp_path):
    release_dir = tmp_path / "release"
    shutil.copytree(FIXTURE, release_dir)
    release = load_release(release_dir)
    reads = ("release", "register", "text", "context", "figures.csv")
    before = execution_cache.input_hashes(release, reads, tmp_path)
    assert before["figures.csv"] == "missing"
    assert before["text"] == release.file_entries()["text"]["sha256"]  # the same SHA-256 as release.yaml records
    (tmp_path / "figures.csv").write_text("figure_id\n", encoding="utf-8")
    register = release_dir / "register.yaml"
    register.write_text(register.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after = execution_cache.input_hashes(release, reads, tmp_path)
    assert {name for name in reads if before[name] != after[name]} == {"register", "figures.csv"}


def test_package_digest_sees_any_source_change(tmp_path):
    package = tmp_path / "pkg"
    shutil.copytree(execution_cache.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = execution_cache.package_digest(package)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"compiled")
    assert execution_cache.package_digest(package) == before  # compiled files are not source
    contract = package / "contracts" / "figures.yaml"
    contract.write_text(contract.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert execution_cache.package_digest(package) != before


# ---------------------------------------------------------------- what each chapter really reads

def _opened_by_chapter(notebook: Path, release_dir: Path, tables_dir: Path) -> set[Path]:
    """Run a chapter's code in a fresh interpreter with an audit hook; the files it opens under the two folders."""
    import json
    import subprocess
    import sys

    import nbformat

    book = nbformat.read(notebook, as_version=4)
    code = [cell.source for cell in book.cells if cell.cell_type == "code"
            and "parameters" not in cell.metadata.get("tags", [])]
    program = "\n".join([
        "import json, sys",
        "opened = set()",
        "def hook(event, args):",
        "    if event == 'open' and isinstance(args[0], str): opened.add(args[0])",
        f"release_dir, output_dir = {str(release_dir)!r}, {str(tables_dir)!r}",
        "display = print",
        "sys.addaudithook(hook)",
        *code,
        "print('OPENED' + json.dumps(sorted(opened)))",
    ])
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    opened = json.loads(result.stdout.rsplit("OPENED", 1)[1])
    return {Path(p).resolve() for p in opened
            if Path(p).resolve().is_relative_to(release_dir.resolve()) or Path(p).resolve().is_relative_to(tables_dir.resolve())}


@pytest.mark.slow
@pytest.mark.parametrize("notebook", notebook_paths(), ids=lambda path: path.stem)
def test_a_chapter_reads_what_it_declares(notebook, invented_run):
    """The declaration in a chapter's metadata names exactly the release inputs and tables its code opens."""
    release = load_release(invented_run[0])
    tables = invented_run[1] / "data"
    declared = execution_cache.declared_reads(notebook)
    # An optional input this release lacks (no Chinese table, no sources file) is declared but not opened.
    expected = {path.resolve() for name in declared
                for path in execution_cache.input_paths(release, name, tables) if path.is_file()}
    assert _opened_by_chapter(notebook, release.root, tables) == expected


# ---------------------------------------------------------------- chapters run at once, each in its own process

def rendezvous_chapter(source: str, target: str, parameters: dict, cwd: str) -> tuple[str, float]:
    """A stand-in for papermill: tells the test's rendezvous it started, then waits for its word to go on.

    The rendezvous answers only once every chapter has connected, so if the
    chapters ran one after another the first would wait in vain and fail:
    passing proves they ran together.
    """
    import os
    import socket

    name = Path(source).stem
    with socket.create_connection(("127.0.0.1", parameters["port"]), timeout=60) as connection:
        connection.sendall(f"{name} {os.getpid()} {os.getcwd()}\n".encode())
        if connection.recv(2) != b"go":
            raise RuntimeError(f"{name}: the other chapters never started beside it")
    if name in parameters.get("failing", ()):
        raise RuntimeError(f"{name} failed")
    import nbformat

    Path(target).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.read(source, as_version=4), target)
    return target, 0.0


class Rendezvous:
    """A listening socket on 127.0.0.1 that answers "go" once ``count`` chapters have connected."""

    def __init__(self, count: int):
        import socket
        import threading

        self.count, self.seen = count, []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(60)
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        connections = []
        try:
            while len(connections) < self.count:
                connection, _ = self.server.accept()
                self.seen.append(connection.makefile().readline().split())
                connections.append(connection)
            for connection in connections:
                connection.sendall(b"go")
        finally:
            for connection in connections:
                connection.close()
            self.server.close()


def _chapters(folder: Path, names: list[str]) -> list[Path]:
    import nbformat

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        book = nbformat.v4.new_notebook()
        book.metadata["release_figures"] = {"reads": ["text"]}
        nbformat.write(book, folder / f"{name}.ipynb")
        paths.append(folder / f"{name}.ipynb")
    return paths


def test_chapters_run_at_once_in_separate_processes(tmp_path):
    import os

    from release_figures.book import execute

    release = load_release(FIXTURE)
    chapters = _chapters(tmp_path / "notebooks", ["01_a", "02_b", "03_c"])
    before = (Path.cwd(), dict(os.environ))
    meeting = Rendezvous(3)
    parameters = {"port": meeting.port}
    runs = execute.execute_chapters(release, tmp_path / "executed", tmp_path, parameters, cwd=tmp_path,
                                    notebooks=chapters, log=lambda message: None, jobs=3, task=rendezvous_chapter)
    meeting.thread.join()
    assert [(r.notebook, r.status) for r in runs] == [("01_a", "ok"), ("02_b", "ok"), ("03_c", "ok")]
    assert sorted(name for name, _, _ in meeting.seen) == ["01_a", "02_b", "03_c"]
    pids = {pid for _, pid, _ in meeting.seen}
    assert len(pids) == 3 and str(os.getpid()) not in pids  # three processes, none of them this one
    assert (Path.cwd(), dict(os.environ)) == before  # this process's folder and environment are untouched
    # Unchanged inputs: nothing runs (a chapter that ran would wait for a rendezvous that is gone, and fail).
    again = execute.execute_chapters(release, tmp_path / "executed", tmp_path, parameters, cwd=tmp_path,
                                     notebooks=chapters, log=lambda message: None, jobs=3, task=rendezvous_chapter)
    assert {r.status for r in again} == {"cached"}


def test_a_failing_chapter_is_raised_after_the_others_are_recorded(tmp_path):
    from release_figures.book import execute

    release = load_release(FIXTURE)
    chapters = _chapters(tmp_path / "notebooks", ["01_a", "02_b"])
    meeting = Rendezvous(2)
    parameters = {"port": meeting.port, "failing": ["01_a"]}
    with pytest.raises(RuntimeError, match="01_a failed"):
        execute.execute_chapters(release, tmp_path / "executed", tmp_path, parameters, cwd=tmp_path,
                                 notebooks=chapters, log=lambda message: None, jobs=2, task=rendezvous_chapter)
    manifest = execution_cache.Manifest(tmp_path / "executed" / MANIFEST_NAME)
    assert manifest.get("01_a") is None and manifest.get("02_b") is not None


def test_tables_are_rebuilt_exactly_when_an_input_or_a_table_changed(tmp_path):
    # A build records what its tables were validated and built from; the next build skips both only
    # when every input, the package and every table are as recorded.
    from release_figures.book.build import _record_tables, _tables_current
    from release_figures.tables.build import build_tables

    release, data, build = tmp_path / "release", tmp_path / "data", tmp_path / "_build"
    shutil.copytree(FIXTURE, release)
    build_tables(release, data)
    assert not _tables_current(release, data, build)  # never recorded here
    _record_tables(release, data, build)
    assert _tables_current(release, data, build)
    register = release / "register.yaml"
    register.write_text(register.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not _tables_current(release, data, build)  # an input changed
    _record_tables(release, data, build)
    (data / "checks.csv").write_text("edited\n", encoding="utf-8")
    assert not _tables_current(release, data, build)  # a table was edited since

"""Incremental rebuilds are both fast and correct.

A notebook re-executes exactly when something it reads changed (its own
bytes, the release inputs it declares, an upstream table, the package's
source), and not otherwise. Proved on a copy of the invented release in a
temporary folder: a register edit reaches the built page; a rebuild with
no change executes nothing. Statuses come from the execution report and the
manifest, never from timing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from _invented import FIXTURE, invented_run  # noqa: F401 (invented_run is a fixture)

from release_figures.book import execution_cache
from release_figures.book.build import build_release_book
from release_figures.book.execute import notebook_paths
from release_figures.reading.release_folder import load_release



def statuses(out: Path) -> dict[str, str]:
    """Notebook -> status ("ok" executed, "cached" reused) from the build's execution report."""
    report = json.loads((out / "_build" / "site-src" / "execution-report.json").read_text(encoding="utf-8"))
    return {entry["notebook"]: entry["status"] for entry in report["notebooks"]}


def readers_of(name: str) -> set[str]:
    """The notebooks that declare ``name`` among their inputs."""
    return {nb.stem for nb in notebook_paths() if name in execution_cache.declared_dependencies(nb).reads}


@pytest.fixture(scope="module")
def builds(tmp_path_factory, invented_run):
    """The session's cold build of the invented release, copied, then rebuilt unchanged and after a register edit."""
    root = tmp_path_factory.mktemp("incremental")
    release, out = root / "release", root / "out"
    shutil.copytree(invented_run[0], release)
    shutil.copytree(invented_run[1], out, symlinks=True)
    html = out / "_build" / "html" / "notebooks" / "01_figures.html"
    results = {"cold": statuses(out)}
    manifest_before = (out / "_build" / "executed" / "manifest.json").read_bytes()
    build_release_book(release, out)
    results["unchanged"] = statuses(out)
    results["manifest_unchanged"] = (out / "_build" / "executed" / "manifest.json").read_bytes() == manifest_before
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

def test_every_chapter_declares_its_inputs():
    for notebook in notebook_paths():
        own = __import__("nbformat").read(notebook, as_version=4).metadata.get("release_figures", {})
        assert notebook.stem in execution_cache.DECLARED or "reads" in own, (
            f"{notebook.name}: declare what it reads in execution_cache.DECLARED or in its metadata")


def test_undeclared_notebook_reads_everything_before_it(tmp_path):
    import nbformat

    notebook = tmp_path / "09_new_chapter.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), notebook)
    deps = execution_cache.declared_dependencies(notebook, earlier_writes=("figures.csv", "changes.csv"))
    assert deps.reads == execution_cache.RELEASE_INPUTS + ("figures.csv", "changes.csv")


def test_notebook_metadata_overrides_the_table(tmp_path):
    import nbformat

    notebook = tmp_path / "01_figures.ipynb"
    book = nbformat.v4.new_notebook()
    book.metadata["release_figures"] = {"reads": ["text"], "writes": ["x.csv"]}
    nbformat.write(book, notebook)
    assert execution_cache.declared_dependencies(notebook) == execution_cache.Dependencies(("text",), ("x.csv",))


def _entry(inputs, executed: Path, outputs):
    return {"inputs": dict(inputs), "executed": execution_cache.sha256_of_file(executed), "outputs": dict(outputs)}


@pytest.mark.parametrize("change, reasons", [
    # nothing changed: the previous execution stands
    (lambda inputs, outputs, executed: None, []),
    # the register's bytes changed
    (lambda inputs, outputs, executed: inputs.update(register="b" * 64), ["register changed"]),
    # an upstream table changed (its hash differs from the one recorded)
    (lambda inputs, outputs, executed: inputs.update({"figures.csv": "c" * 64}), ["figures.csv changed"]),
    # the package's source changed
    (lambda inputs, outputs, executed: inputs.update(package="d" * 64), ["package changed"]),
    # the table this notebook writes was deleted since
    (lambda inputs, outputs, executed: outputs.update({"changes.csv": "missing"}),
     ["output changes.csv missing or modified"]),
    # someone edited the executed notebook
    (lambda inputs, outputs, executed: executed.write_text("{}", encoding="utf-8"),
     ["executed notebook missing or modified"]),
])
def test_stale_reasons(tmp_path, change, reasons):
    executed = tmp_path / "02_year_on_year.ipynb"
    executed.write_text('{"cells": []}', encoding="utf-8")
    inputs = {"notebook": "0" * 64, "register": "a" * 64, "figures.csv": "1" * 64, "package": "2" * 64}
    outputs = {"changes.csv": "3" * 64}
    entry = _entry(inputs, executed, outputs)
    change(inputs, outputs, executed)
    assert execution_cache.stale_reasons(entry, inputs, executed, outputs) == reasons


def test_never_executed_notebook_is_stale(tmp_path):
    assert execution_cache.stale_reasons(None, {}, tmp_path / "x.ipynb", {}) == ["never executed here"]


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
    contract = package / "tables" / "contracts" / "figures.yaml"
    contract.write_text(contract.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert execution_cache.package_digest(package) != before


# ---------------------------------------------------------------- notebooks that may run at the same time

@pytest.mark.parametrize("earlier, later, follows", [
    # the later notebook reads a table the earlier one writes
    (execution_cache.Dependencies(("text",), ("figures.csv",)), execution_cache.Dependencies(("figures.csv",), ("changes.csv",)), True),
    # release inputs only, different tables written: independent
    (execution_cache.Dependencies(("text",), ("figures.csv",)), execution_cache.Dependencies(("register",), ("checks.csv",)), False),
    # both write the same table
    (execution_cache.Dependencies(("text",), ("x.csv",)), execution_cache.Dependencies(("register",), ("x.csv",)), True),
    # the later notebook rewrites a table the earlier one reads
    (execution_cache.Dependencies(("x.csv",), ()), execution_cache.Dependencies(("text",), ("x.csv",)), True),
    # an undeclared later notebook: what it writes is unknown
    (execution_cache.Dependencies(("text",), ("figures.csv",)),
     execution_cache.Dependencies(execution_cache.RELEASE_INPUTS, (), declared=False), True),
    # an undeclared earlier notebook, even with nothing shared on paper
    (execution_cache.Dependencies(execution_cache.RELEASE_INPUTS, (), declared=False),
     execution_cache.Dependencies(("text",), ("checks.csv",)), True),
])
def test_must_follow(earlier, later, follows):
    assert execution_cache.must_follow(earlier, later) is follows


def _chapter(folder: Path, name: str, reads: list[str], writes: list[str]) -> Path:
    import nbformat

    book = nbformat.v4.new_notebook()
    book.metadata["release_figures"] = {"reads": reads, "writes": writes}
    nbformat.write(book, folder / f"{name}.ipynb")
    return folder / f"{name}.ipynb"


@pytest.fixture
def fake_chapters(tmp_path, monkeypatch):
    """Three declared chapters (b reads a's table, c is independent) and a recording stand-in for papermill."""
    import threading
    import time

    import nbformat

    from release_figures.book import execute

    release_dir, tables, executed = tmp_path / "release", tmp_path / "tables", tmp_path / "executed"
    shutil.copytree(FIXTURE, release_dir)
    tables.mkdir()
    folder = tmp_path / "notebooks"
    folder.mkdir()
    chapters = [_chapter(folder, "01_a", ["text"], ["a.csv"]), _chapter(folder, "02_b", ["a.csv"], ["b.csv"]),
                _chapter(folder, "03_c", ["register"], ["c.csv"])]
    events, lock, failing = [], threading.Lock(), set()

    def fake_execute(source, target, parameters, progress_bar=True, cwd=None, change_directory=True):
        name = Path(source).stem
        with lock:
            events.append(("start", name, time.perf_counter()))
            # papermill must not change directory per notebook in threads; the process stays in cwd.
            events.append(("cwd", name, (Path.cwd(), change_directory)))
        time.sleep(0.4)
        if name in failing:
            raise RuntimeError(f"{name} failed")
        for table in execution_cache.declared_dependencies(source).writes:
            (tables / table).write_text(f"{name}\n", encoding="utf-8")
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nbformat.read(source, as_version=4), str(target))
        with lock:
            events.append(("end", name, time.perf_counter()))
        return Path(target)

    monkeypatch.setattr(execute, "execute_notebook", fake_execute)

    def run(jobs):
        return execute.execute_chapters(load_release(release_dir), executed, tables, {}, cwd=tmp_path,
                                        notebooks=chapters, log=lambda message: None, jobs=jobs)

    return run, events, failing


def _time(events, kind, name):
    return next(moment for what, who, moment in events if (what, who) == (kind, name))


def test_independent_chapters_run_together_and_readers_wait(fake_chapters, tmp_path):
    run, events, _ = fake_chapters
    fake_chapters_cwd = tmp_path
    runs = run(jobs=2)
    assert [(r.notebook, r.status) for r in runs] == [("01_a", "ok"), ("02_b", "ok"), ("03_c", "ok")]
    # 03_c reads only the release: it starts before 01_a ends; 02_b reads a.csv: it starts after.
    assert _time(events, "start", "03_c") < _time(events, "end", "01_a")
    assert _time(events, "start", "02_b") >= _time(events, "end", "01_a")
    # Every kernel starts in the one folder asked for, set once, never by papermill in a thread.
    assert {who: seen for what, who, seen in events if what == "cwd"} == {
        name: (fake_chapters_cwd, False) for name in ("01_a", "02_b", "03_c")}
    events.clear()
    assert {r.status for r in run(jobs=2)} == {"cached"}
    assert events == []


def test_one_job_runs_chapters_in_reading_order(fake_chapters):
    run, events, _ = fake_chapters
    run(jobs=1)
    assert [who for what, who, _ in events if what == "start"] == ["01_a", "02_b", "03_c"]
    starts_and_ends = [(what, who) for what, who, _ in events if what != "cwd"]
    assert starts_and_ends == [("start", "01_a"), ("end", "01_a"), ("start", "02_b"), ("end", "02_b"),
                               ("start", "03_c"), ("end", "03_c")]


def test_a_failing_chapter_stops_its_readers_and_is_raised(fake_chapters):
    run, events, failing = fake_chapters
    failing.add("01_a")
    with pytest.raises(RuntimeError, match="01_a failed"):
        run(jobs=2)
    started = {who for what, who, _ in events if what == "start"}
    assert "02_b" not in started  # it reads a.csv, which 01_a never wrote
    failing.clear()
    events.clear()
    statuses = {r.notebook: r.status for r in run(jobs=2)}
    # 01_a and 02_b were never recorded; 03_c finished beside the failure, or runs now.
    assert statuses["01_a"] == statuses["02_b"] == "ok"

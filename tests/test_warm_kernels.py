"""Warm kernels: a chapter's kernel forked from the server is the kernel a fresh start gives.

Each test starts its own server (release_figures.book.warm_kernels) on
small notebooks written here, executes them through the build's one way of
running a notebook (execute.execute_notebook), and compares bytes: a
notebook executed in a forked kernel equals the same notebook executed in a
fresh one. Where the server cannot promise that (another environment, a
folder that could shadow a module it imported), the kernel starts afresh
and says why on its standard error.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import nbformat
import pytest

from release_figures.book.execute import QUIET_DEBUGGER, execute_notebook, notebook_paths
from release_figures.book.warm_kernels import KernelServer, chapter_imports

# What a chapter's kernel shows of itself that a fork could get wrong: its folder and path, its environment,
# its streams, its modules (imported here in the cell, already imported in the server), rich outputs and
# the number of cells run.
IDENTITY_CELLS = [
    "import os, sys\nimport pandas as pd\nimport altair as alt",
    "print(os.getcwd())\nprint([entry for entry in sys.path if entry in ('', os.getcwd())])",
    "print(sorted(k for k in os.environ if k.startswith(('RELEASE_FIGURES_TEST', 'PYDEVD'))))",
    "print('to stderr', file=sys.stderr)",
    "alt.Chart(pd.DataFrame({'a': [1, 2]})).mark_bar().encode(x='a').to_dict()['mark']",
    "pd.DataFrame({'a': [1, 2], 'b': ['x', '<y>']})",
    "get_ipython().execution_count",
]


def write_notebook(path: Path, cells: list[str]) -> Path:
    """A notebook of code cells, with fixed cell ids (nbformat draws them at random)."""
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    for number, cell in enumerate(book.cells):
        cell["id"] = f"cell-{number}"
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(book, path)
    return path


@pytest.fixture
def kernel_env(monkeypatch):
    """This process's environment as the chapters' processes have it (debugger quieted), with a marker.

    A function: pytest names the test's phase in the environment (setup,
    call), and the server must have the environment of the call, in which
    the kernels start.
    """
    monkeypatch.setenv("RELEASE_FIGURES_TEST_MARKER", "1")
    for name, value in QUIET_DEBUGGER.items():
        monkeypatch.setenv(name, value)
    return lambda: dict(os.environ)


def outputs(path: Path) -> list:
    return [cell.get("outputs") for cell in nbformat.read(path, as_version=4).cells]


def test_a_forked_kernel_gives_the_notebook_a_fresh_kernel_gives(tmp_path, kernel_env, capfd):
    source = write_notebook(tmp_path / "notebooks" / "01_identity.ipynb", IDENTITY_CELLS)
    fresh, warm = tmp_path / "fresh.ipynb", tmp_path / "warm.ipynb"
    execute_notebook(source, fresh, {}, progress_bar=False, cwd=tmp_path)
    with KernelServer([source], tmp_path, kernel_env()) as server:
        assert server.address is not None
        execute_notebook(source, warm, {}, progress_bar=False, cwd=tmp_path, kernel_server=server.address)
    err = capfd.readouterr().err
    assert "starts afresh" not in err, err
    assert warm.read_bytes() == fresh.read_bytes()
    shown = outputs(warm)
    assert shown[1][0]["text"] == f"{tmp_path}\n['']\n"  # the folder on the path as IPython puts it, once
    assert "'PYDEVD_DISABLE_FILE_VALIDATION'" in shown[2][0]["text"]
    assert "'RELEASE_FIGURES_TEST_MARKER'" in shown[2][0]["text"]
    assert shown[3][0]["name"] == "stderr"


def test_forked_kernels_draw_different_random_numbers(tmp_path, kernel_env):
    source = write_notebook(tmp_path / "notebooks" / "01_random.ipynb", ["import random\nprint(random.random())"])
    with KernelServer([source], tmp_path, kernel_env()) as server:
        for name in ("first.ipynb", "second.ipynb"):
            execute_notebook(source, tmp_path / name, {}, progress_bar=False, cwd=tmp_path,
                             kernel_server=server.address)
    assert outputs(tmp_path / "first.ipynb") != outputs(tmp_path / "second.ipynb")


def test_the_kernel_is_forked_from_the_server_and_the_server_stops_with_the_build(tmp_path, kernel_env):
    source = write_notebook(tmp_path / "notebooks" / "01_parent.ipynb", ["import os\nprint(os.getppid())"])
    server = KernelServer([source], tmp_path, kernel_env()).start()
    try:
        execute_notebook(source, tmp_path / "out.ipynb", {}, progress_bar=False, cwd=tmp_path,
                         kernel_server=server.address)
        assert outputs(tmp_path / "out.ipynb")[0][0]["text"] == f"{server._process.pid}\n"
        folder, process = Path(server.address).parent, server._process
    finally:
        server.stop()
    assert process.poll() is not None and not folder.exists() and server.address is None


def test_the_server_refuses_another_environment_and_the_kernel_starts_afresh(tmp_path, kernel_env, capfd):
    source = write_notebook(tmp_path / "notebooks" / "01_env.ipynb", ["import os\nprint(os.getppid() != 1)"])
    other = {name: value for name, value in kernel_env().items() if name != "RELEASE_FIGURES_TEST_MARKER"}
    with KernelServer([source], tmp_path, other) as server:
        execute_notebook(source, tmp_path / "out.ipynb", {}, progress_bar=False, cwd=tmp_path,
                         kernel_server=server.address)
        parent = outputs(tmp_path / "out.ipynb")
    err = capfd.readouterr().err
    assert "warm kernels: the kernel's environment differs from the server's in RELEASE_FIGURES_TEST_MARKER; " \
           "this kernel starts afresh" in err
    assert parent[0][0]["text"] == "True\n"


def test_a_folder_that_could_shadow_an_imported_module_gets_fresh_kernels(tmp_path, kernel_env, capfd):
    source = write_notebook(tmp_path / "notebooks" / "01_shadow.ipynb", ["import json\nprint(json.__file__)"])
    (tmp_path / "json.py").write_text("dumps = None\n", encoding="utf-8")
    with KernelServer([source], tmp_path, kernel_env()) as server:
        execute_notebook(source, tmp_path / "out.ipynb", {}, progress_bar=False, cwd=tmp_path,
                         kernel_server=server.address)
    assert "the kernels' folder holds json.py, named like modules the server imported" in capfd.readouterr().err


def test_a_chapter_whose_import_fails_fails_in_its_own_kernel(tmp_path, kernel_env, capfd):
    import papermill

    source = write_notebook(tmp_path / "notebooks" / "01_broken.ipynb", ["import no_such_module_here"])
    with KernelServer([source], tmp_path, kernel_env()) as server:
        with pytest.raises(papermill.PapermillExecutionError, match="no_such_module_here"):
            execute_notebook(source, tmp_path / "out.ipynb", {}, progress_bar=False, cwd=tmp_path,
                             kernel_server=server.address)
    assert "importing the chapters' modules failed in the server (ModuleNotFoundError" in capfd.readouterr().err


def test_stopping_the_server_ends_a_kernel_still_running(tmp_path, kernel_env):
    import subprocess
    import sys

    source = write_notebook(tmp_path / "notebooks" / "01_idle.ipynb", ["1"])
    server = KernelServer([source], tmp_path, kernel_env()).start()
    launcher = subprocess.Popen(
        [sys.executable, "-P", "-m", "release_figures.book.warm_kernels", "launch", server.address, "--",
         sys.executable, "-m", "ipykernel_launcher", "-f", str(tmp_path / "kernel.json")],
        cwd=tmp_path, env=kernel_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "kernel.json").exists() and time.monotonic() < deadline:
            time.sleep(0.1)  # the forked kernel writes its connection file once it runs
        assert (tmp_path / "kernel.json").exists()
        assert launcher.poll() is None
    finally:
        server.stop()
    assert launcher.wait(timeout=30) != 0  # the launcher stands for a kernel that was killed
    assert b"starts afresh" not in launcher.stderr.read()


def test_a_signal_to_the_launcher_reaches_the_kernel(tmp_path, kernel_env):
    import subprocess
    import sys

    source = write_notebook(tmp_path / "notebooks" / "01_idle.ipynb", ["1"])
    with KernelServer([source], tmp_path, kernel_env()) as server:
        launcher = subprocess.Popen(
            [sys.executable, "-P", "-m", "release_figures.book.warm_kernels", "launch", server.address, "--",
             sys.executable, "-m", "ipykernel_launcher", "-f", str(tmp_path / "kernel.json")],
            cwd=tmp_path, env=kernel_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not (tmp_path / "kernel.json").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        launcher.send_signal(signal.SIGTERM)
        assert launcher.wait(timeout=30) == 128 + signal.SIGTERM  # the kernel's own end, passed on


def test_the_server_imports_what_the_chapters_import():
    imports = chapter_imports(notebook_paths())
    views = {name for module, names in imports if module == "release_figures.views" for name in names}
    assert views >= {"charts", "landing", "pages", "figure_views", "check_views", "chinese_views"}
    assert {"pandas", "myst_nb", "IPython.display"} <= {module for module, _ in imports}


def test_chapter_imports_skips_cells_that_are_not_python(tmp_path):
    source = write_notebook(tmp_path / "01_magic.ipynb", ["%matplotlib inline\nimport nothing_read", "import a.b as c",
                                                          "from x import (y, z)", "from . import relative"])
    assert chapter_imports([source]) == [("a.b", ()), ("x", ("y", "z"))]

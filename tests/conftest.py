"""Shared fixtures: the repository's own release folder, its parsed stage, and the session's book builds.

Every book a test reads is built once per session, by the command line a
reader runs (``python -m release_figures run``): the repository's release,
and copies of the invented English and Chinese releases and of the real
English report in ``fixtures/xinhua-2023-summer-campaign``. The four builds
start together the first time any of them is asked for, so they share the
machine's cores instead of queueing; each fixture then waits for its own.
Tests that change files copy a build first (see test_incremental).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from _invented import CHINESE_FIXTURE, FIXTURE, XINHUA_FIXTURE

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA_DIR


@pytest.fixture(scope="session")
def figures_stage():
    from release_figures.tables.build import run_figures_stage

    return run_figures_stage(DATA_DIR)


@pytest.fixture(scope="session")
def release_text(figures_stage) -> str:
    return figures_stage.text


class SessionBuilds:
    """The session's book builds: started together on first use, each awaited by its own fixture."""

    def __init__(self, root: Path):
        self.root, self.processes = root, {}

    def _start_all(self) -> None:
        runs = {"repository": (DATA_DIR, None), "invented": (FIXTURE, "release"),
                "invented-chinese": (CHINESE_FIXTURE, "release"), "xinhua": (XINHUA_FIXTURE, "release")}
        for key, (source, copy_name) in runs.items():
            folder = self.root / key
            release = source
            if copy_name:
                release = folder / copy_name
                shutil.copytree(source, release)
            out = folder / "out"
            command = [sys.executable, "-m", "release_figures", "run", str(release), "--out", str(out)]
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            self.processes[key] = (process, release, out)

    def result(self, key: str) -> tuple[Path, Path]:
        """(release folder, output folder) of one build, once it has finished."""
        if not self.processes:
            self._start_all()
        process, release, out = self.processes[key]
        output, _ = process.communicate(timeout=900)
        assert process.returncode == 0, f"run of {key} failed:\n{(output or '')[-4000:]}"
        return release, out


@pytest.fixture(scope="session")
def session_builds(tmp_path_factory) -> SessionBuilds:
    return SessionBuilds(tmp_path_factory.mktemp("builds"))


@pytest.fixture(scope="session")
def built_book(session_builds) -> Path:
    """The repository's book, executed and built into a temporary folder; returns its html folder."""
    return session_builds.result("repository")[1] / "_build" / "html"


@pytest.fixture(scope="session")
def invented_run(session_builds) -> tuple[Path, Path]:
    """(release copy, output folder) of one end-to-end run on the invented release."""
    return session_builds.result("invented")


@pytest.fixture(scope="session")
def chinese_run(session_builds) -> tuple[Path, Path]:
    """(release copy, output folder) of one end-to-end run on the invented Chinese release."""
    return session_builds.result("invented-chinese")


@pytest.fixture(scope="session")
def xinhua_run(session_builds) -> tuple[Path, Path]:
    """(release copy, output folder) of one end-to-end run on the real English report (Xinhua, 24 October 2023)."""
    return session_builds.result("xinhua")

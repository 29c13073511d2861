"""The invented releases run once per test session, shared by the tests that read their books.

``python -m release_figures run`` (a subprocess, as a reader runs it) on a
copy of ``tests/fixtures/invented-release`` in a temporary folder. Tests
that change files copy the result first (see test_incremental).

A test module that imports :func:`invented_run` gets its own fixture
definition (pytest scopes a fixture by where it is defined), so the run
itself is kept here, once per process: every module shares one build.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "invented-release"
CHINESE_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "invented-chinese-release"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m release_figures ARGS`` and capture its output."""
    return subprocess.run([sys.executable, "-m", "release_figures", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=600)


_RUNS: dict[str, tuple[Path, Path]] = {}


def _run_once(key: str, fixture: Path, tmp_path_factory) -> tuple[Path, Path]:
    """(release copy, output folder) of ``run`` on a copy of ``fixture``, made on the first call only."""
    if key not in _RUNS:
        root = tmp_path_factory.mktemp(key)
        release, out = root / "release", root / "out"
        shutil.copytree(fixture, release)
        result = run_cli("run", str(release), "--out", str(out))
        assert result.returncode == 0, result.stderr[-4000:]
        _RUNS[key] = (release, out)
    return _RUNS[key]


def run_invented_once(tmp_path_factory) -> tuple[Path, Path]:
    """(release copy, output folder) of the end-to-end run, made on the first call only."""
    return _run_once("invented", FIXTURE, tmp_path_factory)


def run_chinese_once(tmp_path_factory) -> tuple[Path, Path]:
    """(release copy, output folder) of the end-to-end run of the invented Chinese release, made once."""
    return _run_once("invented-chinese", CHINESE_FIXTURE, tmp_path_factory)


@pytest.fixture(scope="session")
def invented_run(tmp_path_factory) -> tuple[Path, Path]:
    """(release copy, output folder) of one end-to-end run on the invented release."""
    return run_invented_once(tmp_path_factory)


@pytest.fixture(scope="session")
def chinese_run(tmp_path_factory) -> tuple[Path, Path]:
    """(release copy, output folder) of one end-to-end run on the invented Chinese release."""
    return run_chinese_once(tmp_path_factory)

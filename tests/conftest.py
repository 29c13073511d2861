"""Shared fixtures: the repository's own release folder and its parsed stage."""

from __future__ import annotations

from pathlib import Path

import pytest

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

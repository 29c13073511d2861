"""Binder's environment: the lock's runtime pins only, so it starts quickly, and the package installed from the clone."""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST_TOOLS = ("pytest", "nbval", "hypothesis", "playwright", "cffconvert", "zizmor", "axe-playwright-python")


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^ ;]+)", line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


def test_binder_pins_are_the_locks_runtime_pins_without_test_tools():
    binder, lock = _pins(ROOT / "binder" / "requirements.txt"), _pins(ROOT / "requirements.lock")
    differing = {name: (version, lock.get(name)) for name, version in binder.items() if lock.get(name) != version}
    assert differing == {}, "binder/requirements.txt pins a version the lock does not"
    assert [tool for tool in TEST_TOOLS if tool in binder] == []
    assert {"jupyter-book", "pydantic", "altair", "papermill"} <= set(binder)
    assert len(binder) < len(lock)


def test_binder_installs_the_package_and_no_colab_button_is_offered():
    post_build = ROOT / "binder" / "postBuild"
    assert os.access(post_build, os.X_OK)
    assert "pip install --no-deps -e ." in post_build.read_text(encoding="utf-8")
    config = (ROOT / "book" / "_config.yml").read_text(encoding="utf-8")
    assert "binderhub_url: https://mybinder.org" in config and "colab_url" not in config

"""The conda environment file installs exactly the pins of the lock."""

from __future__ import annotations

import importlib.util

import yaml


def _tool(repo_root):
    spec = importlib.util.spec_from_file_location("write_environment_yml", repo_root / "tools" / "write_environment_yml.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_environment_yml_lists_the_locked_pins(repo_root):
    tool = _tool(repo_root)
    environment = yaml.safe_load((repo_root / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    pinned = [entry for entry in pip_section if "==" in entry]
    assert pinned == tool.locked_pins(), (
        "environment.yml and requirements.lock disagree; run .venv/bin/python tools/write_environment_yml.py"
    )
    assert "python=3.11" in environment["dependencies"]


def test_lock_pins_the_brief_stack(repo_root):
    pins = dict(pin.split("==") for pin in _tool(repo_root).locked_pins())
    assert pins["jupyter-book"].startswith("1."), "Jupyter Book 2 needs the network at build time"
    for name in ("pandas", "altair", "papermill", "nbval", "pytest", "myst-nb", "frictionless", "hypothesis", "playwright"):
        assert name in pins, f"{name} missing from requirements.lock"

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
    assert pinned == tool.locked_requirements(), (
        "environment.yml and requirements.lock disagree; run .venv/bin/python tools/write_environment_yml.py"
    )
    # Markers survive: the pins only Python 3.12 needs (papermill's aiohttp) stay conditional.
    assert "aiohttp==" not in " ".join(pin for pin in pinned if ";" not in pin)


def test_python_range_agrees_everywhere(repo_root):
    """pyproject.toml's requires-python, the Makefile's list, environment.yml and the lock name one range."""
    import re
    import tomllib

    spec = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    low, beyond = re.fullmatch(r">=3\.(\d+),<3\.(\d+)", spec).groups()
    supported = [f"3.{minor}" for minor in range(int(low), int(beyond))]
    assert supported[0] == "3.11" and len(supported) >= 2, spec
    makefile = (repo_root / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"(?m)^PY_SUPPORTED := (.*)$", makefile).group(1).split() == supported
    environment = yaml.safe_load((repo_root / "environment.yml").read_text(encoding="utf-8"))
    assert f"python>={supported[0]},<3.{beyond}" in environment["dependencies"]
    # One universal lock resolved from the lowest version serves every version in the range.
    header = (repo_root / "requirements.lock").read_text(encoding="utf-8").splitlines()[:3]
    assert any("--universal" in line and f"-p {supported[0]}" in line for line in header), header


def test_lock_pins_the_brief_stack(repo_root):
    pins = dict(pin.split("==") for pin in _tool(repo_root).locked_pins())
    assert pins["jupyter-book"].startswith("1."), "Jupyter Book 2 needs the network at build time"
    for name in ("pandas", "altair", "papermill", "nbval", "pytest", "myst-nb", "frictionless", "hypothesis", "playwright"):
        assert name in pins, f"{name} missing from requirements.lock"


def test_every_library_the_package_imports_is_declared(repo_root):
    """Each third-party module imported anywhere in src/ belongs to a distribution pyproject.toml names."""
    import ast
    import re
    import sys
    import tomllib
    from importlib.metadata import packages_distributions

    declared = {re.split(r"[<>=!~ ;\[]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in
                tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]}
    imported = set()
    for path in (repo_root / "src" / "release_figures").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
    third_party = {name for name in imported if name not in sys.stdlib_module_names and name != "release_figures"}
    distributions = packages_distributions()
    undeclared = {name: distributions.get(name) for name in third_party
                  if not {d.lower().replace("_", "-") for d in distributions.get(name, [])} & declared}
    assert undeclared == {}
    assert {"pydantic", "markupsafe", "nbformat"} <= third_party  # the reader sees the imports it checks

"""Write environment.yml from requirements.lock, so conda users get the same pins.

Run after re-locking:  .venv/bin/python tools/write_environment_yml.py
tests/test_environment.py fails when the two disagree.

The lock is universal (one file for Python 3.11 to 3.13): a pin that only one
Python version or platform needs carries its environment marker
(``aiohttp==3.14.5 ; python_full_version == '3.12.*'``). The conda file keeps
the markers, so pip inside conda installs exactly what ``uv pip sync`` would.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _requires_python(pyproject: Path = ROOT / "pyproject.toml") -> tuple[str, str]:
    """The supported range from pyproject.toml, as (lowest, first unsupported) "3.N" strings."""
    import tomllib

    spec = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["requires-python"]
    match = re.fullmatch(r">=\s*(3\.\d+)\s*,\s*<\s*(3\.\d+)", spec.replace(" ", ""))
    if not match:
        raise SystemExit(f"{pyproject}: requires-python {spec!r} is not of the form '>=3.A,<3.B'")
    return match.group(1), match.group(2)


def locked_requirements(lock_path: Path = ROOT / "requirements.lock") -> list[str]:
    """The requirement lines of the lock, markers kept (``name==version ; marker``), in order."""
    requirements = []
    for line in lock_path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "==" in line:
            pin, _, marker = line.partition(";")
            requirements.append(f"{pin.strip()} ; {marker.strip()}" if marker.strip() else pin.strip())
    return requirements


def locked_pins(lock_path: Path = ROOT / "requirements.lock") -> list[str]:
    """The `name==version` part of each line of the lock, in order (markers dropped)."""
    return [requirement.split(";")[0].strip() for requirement in locked_requirements(lock_path)]


def environment_yml() -> str:
    """The text of environment.yml for the current lock."""
    lowest, beyond = _requires_python()
    lines = [
        "# Generated from requirements.lock by tools/write_environment_yml.py; do not edit by hand.",
        "name: release-figures",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python>={lowest},<{beyond}",
        "  - pip",
        "  - pip:",
    ]
    # A line with a marker is quoted, so YAML reads its quotes and operators as plain text.
    lines += [f'      - "{requirement}"' if ";" in requirement else f"      - {requirement}"
              for requirement in locked_requirements()]
    lines.append("      - -e .")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    (ROOT / "environment.yml").write_text(environment_yml(), encoding="utf-8")
    print("wrote environment.yml")

"""Write environment.yml from requirements.lock, so conda users get the same pins.

Run after re-locking:  .venv/bin/python tools/write_environment_yml.py
tests/test_environment.py fails when the two disagree.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def locked_pins(lock_path: Path = ROOT / "requirements.lock") -> list[str]:
    """The `name==version` lines of the lock, in order."""
    pins = []
    for line in lock_path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "==" in line:
            pins.append(line.split(";")[0].strip())
    return pins


def environment_yml() -> str:
    """The text of environment.yml for the current lock."""
    lines = [
        "# Generated from requirements.lock by tools/write_environment_yml.py; do not edit by hand.",
        "name: release-figures",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {pin}" for pin in locked_pins()]
    lines.append("      - -e .")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    (ROOT / "environment.yml").write_text(environment_yml(), encoding="utf-8")
    print("wrote environment.yml")

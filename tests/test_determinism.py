"""Determinism: the same inputs give byte-identical tables, whatever the run, folder, locale or time zone.

* Two in-process builds of every table write identical bytes, the committed
  ones (``tests/test_changes.py``, ``test_built_tables_are_current_and_deterministic``).
* The command line, run in subprocesses from different working folders and
  with different locales and time zones, writes the committed
  data/figures.csv and data/tokens.csv byte for byte.
* Executed anew on fresh kernels, in another folder, every chapter gives the
  committed notebook's outputs cell for cell (``tests/test_notebook_outputs.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data"
OUTPUTS = ("figures.csv", "tokens.csv")


def _installed_locales() -> set[str]:
    result = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False)
    return {line.strip().lower().replace("-", "") for line in result.stdout.splitlines()}


def _turkish_or_c_utf8() -> str:
    # Turkish folds i/I differently, a classic trap for case-insensitive code.
    return "tr_TR.UTF-8" if "tr_tr.utf8" in _installed_locales() else "C.UTF-8"


ENVIRONMENTS = [
    # plain C locale (ASCII), UTC
    pytest.param({"LC_ALL": "C", "LANG": "C", "TZ": "UTC"}, "repo", id="C-locale"),
    # a UTF-8 locale with Turkish case rules when installed, in the furthest-ahead time zone
    pytest.param({"LC_ALL": _turkish_or_c_utf8(), "TZ": "Pacific/Kiritimati"}, "repo", id="tr-or-C.UTF-8-kiritimati"),
    # a time zone behind UTC, run from an unrelated working folder
    pytest.param({"LC_ALL": "C.UTF-8", "TZ": "America/Los_Angeles"}, "tmp", id="other-cwd-los-angeles"),
    # a hash seed different from any default, from the output folder itself
    pytest.param({"LC_ALL": "C", "TZ": "Asia/Shanghai", "PYTHONHASHSEED": "12345"}, "out", id="hash-seed-shanghai"),
]


@pytest.mark.parametrize(("env", "cwd"), ENVIRONMENTS)
def test_cli_output_does_not_depend_on_cwd_locale_or_time_zone(env, cwd, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    work = {"repo": REPO_ROOT, "tmp": tmp_path, "out": out}[cwd]
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "LANG"))}
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-m", "release_figures", "figures", str(DATA_DIR), "--out", str(out)],
        cwd=work, env=environment, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (DATA_DIR / name).read_bytes(), f"{name} differs under {env}"

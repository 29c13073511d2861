"""Where the test releases are, and how a test runs the command line as a reader does.

The test releases: two invented ones (English and Chinese) and one real
English news report (Xinhua, 24 October 2023). The session's book builds
(the repository's release and these three) are fixtures in
``tests/conftest.py``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


FIXTURE = Path(__file__).resolve().parent / "fixtures" / "invented-release"
CHINESE_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "invented-chinese-release"
XINHUA_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "xinhua-2023-summer-campaign"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m release_figures ARGS`` and capture its output."""
    return subprocess.run([sys.executable, "-m", "release_figures", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=600)

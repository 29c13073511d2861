"""Copy the repository's release folder into a temporary one, alter it, run every stage.

The copy holds release.yaml, register.yaml and raw/*. When the text is
replaced, its SHA-256 is re-recorded in the copy's release.yaml, so the
checksum check passes and it is the figure-level checks that must reject
a bad text (the real pipeline checks checksums first as well).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml

from release_figures.tables.atomic import csv_text
from release_figures.reading.token_coverage import TOKEN_COLUMNS
from release_figures.stages.figures import FIGURE_COLUMNS
from release_figures.tables.build import run_all_stages
from release_figures.reading.release_folder import load_release

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
TEXT_NAME = "raw/mps-2022-review.chinanews.en.txt"


def original_text_bytes() -> bytes:
    """The release text as stored in the repository."""
    return (DATA_DIR / TEXT_NAME).read_bytes()


def copy_release(target: Path, text: bytes | None = None, register: str | None = None,
                 rerecord: bool = True) -> Path:
    """Copy data/'s release folder to ``target``, optionally replacing the text or register.

    With ``rerecord`` the copy's release.yaml records the new text's SHA-256.
    """
    target = Path(target)
    (target / "raw").mkdir(parents=True, exist_ok=True)
    for name in ("release.yaml", "register.yaml"):
        shutil.copyfile(DATA_DIR / name, target / name)
    for path in sorted((DATA_DIR / "raw").iterdir()):
        shutil.copyfile(path, target / "raw" / path.name)
    if register is not None:
        (target / "register.yaml").write_text(register, encoding="utf-8")
    if text is not None:
        (target / TEXT_NAME).write_bytes(text)
        if rerecord:
            record_path = target / "release.yaml"
            old = yaml.safe_load(record_path.read_text(encoding="utf-8"))["files"]["text"]["sha256"]
            new = hashlib.sha256(text).hexdigest()
            record_path.write_text(record_path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return target


def run_pipeline(release_dir: Path) -> dict[str, object]:
    """Run register -> figures -> changes -> checks on a folder; return every output table.

    Checksums are verified first, as the book build does. The figures and
    tokens tables are returned as the exact CSV text the writer produces;
    the changes and checks tables as the rows the later stages return.
    """
    load_release(release_dir).verify_checksums()
    stages = run_all_stages(release_dir)
    return {
        "figures.csv": csv_text(FIGURE_COLUMNS, stages.figures.rows),
        "tokens.csv": csv_text(TOKEN_COLUMNS, stages.figures.tokens),
        "changes": stages.changes,
        "checks": stages.checks,
    }

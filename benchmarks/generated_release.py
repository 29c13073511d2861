"""Write a generated release folder of N figures, for the scale scenarios of ``bench.py``.

The text is one paragraph a figure, every paragraph phrased alike, as a long
release's are ("In the course of the year, police in the Qbcd district solved
12,347 cases of theft."); the register quotes each figure's clause. Districts
are named by letters only (never a number word), so every numeric token of the
text is a figure and the token coverage holds.

With ``missing=True`` every quote of the register names a number one higher
than the text prints: no quote is found, and the figures stage must report all
of them. Because the quotes share their opening words, finding the nearest
passage of each is the expensive case, not an easy one.

Usage: ``python benchmarks/generated_release.py OUT_DIR N [--missing]``.
"""

from __future__ import annotations

import hashlib
import string
import sys
from pathlib import Path

import yaml

OPENING = "In the course of the year, police in the"


def _district(index: int) -> str:
    """A name of letters only, unique per index: Qb, Qc, ..., Qbb, ... (no number word can arise)."""
    letters = string.ascii_lowercase[1:]  # 25 letters; "a" left out so no name reads as a word ending
    name = ""
    index += 1
    while index:
        index, digit = divmod(index - 1, len(letters))
        name = letters[digit] + name
    return "Q" + name


def _clause(index: int, cases: int) -> str:
    return f"{OPENING} {_district(index)} district solved {cases:,} cases of theft"


def _cases(index: int) -> int:
    """A printed count per figure: distinct, deterministic, with and without thousands separators."""
    return 500 + (index * 7919) % 97_000


def write_release(root: Path, figures: int, missing: bool = False) -> Path:
    """Write release.yaml, register.yaml and raw/text.en.txt under ``root``; return ``root``."""
    root = Path(root)
    (root / "raw").mkdir(parents=True, exist_ok=True)
    paragraphs = ["GENERATED RELEASE FOR BENCHMARKING. Every name and number in this text is made up."]
    entries = []
    for index in range(figures):
        cases = _cases(index)
        paragraphs.append(_clause(index, cases) + ".")
        entries.append({
            "figure_id": f"theft-{_district(index).lower()}",
            "section": "social stability",
            "indicator": f"theft cases solved in the {_district(index)} district",
            "unit": "cases",
            "period": "2030",
            "kind": "count",
            "quote": _clause(index, cases + 1 if missing else cases),
        })
    text = "\n\n".join(paragraphs) + "\n"
    text_path = root / "raw" / "text.en.txt"
    text_path.write_text(text, encoding="utf-8")
    record = {
        "release_id": f"generated-{figures}{'-missing' if missing else ''}",
        "title": f"GENERATED release of {figures} figures for benchmarking",
        "published": "2031-01-12",
        "register": "register.yaml",
        "files": {"text": {
            "path": "raw/text.en.txt", "producer": "Generated for benchmarking (no real producer)",
            "title": "GENERATED benchmark text", "published": "2031-01-12", "url": "https://example.invalid/",
            "language": "en", "licence": "Generated test data (MIT).",
            "sha256": hashlib.sha256(text_path.read_bytes()).hexdigest(),
        }},
    }
    (root / "release.yaml").write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    register = {"vocabulary": {"sections": [{"section": "social stability"}]}, "figures": entries}
    (root / "register.yaml").write_text(yaml.safe_dump(register, sort_keys=False, width=200), encoding="utf-8")
    return root


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4) or (len(sys.argv) == 4 and sys.argv[3] != "--missing"):
        raise SystemExit(__doc__.strip().splitlines()[-1])
    print(write_release(Path(sys.argv[1]), int(sys.argv[2]), missing=len(sys.argv) == 4))

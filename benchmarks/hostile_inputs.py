"""Time and peak memory of ``python -m release_figures run`` on the worst hostile input of each class.

Each scenario builds a copy of data/ (or a generated release) with one
hostile input at the largest size the limits allow (reading/limits.py: a
file just under its limit), runs the command line in a process of its own
and reports its exit status, wall time and peak resident memory (the
child's own, from ``os.wait4``, measured from a small process of its own:
a child's peak counts its parent's memory at the fork), with the first
line it printed. The
targets (README, Reliability) are under 30 s and 1 GB for each; nothing
here is asserted, the figures are read.

Usage: ``python benchmarks/hostile_inputs.py [NAME ...]`` (default: every scenario).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Imported by the scenarios only, so the measuring process (--measure) stays small.
MAX_TEXT_BYTES = MAX_YAML_BYTES = MAX_CSV_BYTES = 0


def _imports() -> None:
    global MAX_TEXT_BYTES, MAX_YAML_BYTES, MAX_CSV_BYTES, write_release
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generated_release import write_release

    from release_figures.reading.limits import MAX_CSV_BYTES, MAX_TEXT_BYTES, MAX_YAML_BYTES

DATA = Path(__file__).resolve().parents[1] / "data"
TEXT = "raw/mps-2022-review.chinanews.en.txt"
CONTEXT = "raw/context-figures.csv"
TIMEOUT = 120


def copy(root: Path) -> Path:
    folder = root / "release"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("versions", "changelog.csv"))
    return folder


def rewrite(folder: Path, name: str, data: bytes) -> None:
    """Replace a raw file and record its new SHA-256, so the content, not the checksum, is what is refused."""
    old = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    (folder / name).write_bytes(data)
    record = folder / "release.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace(old, hashlib.sha256(data).hexdigest()),
                      encoding="utf-8")


def fill(unit: str, size: int) -> str:
    """``unit`` repeated to just under ``size`` bytes of UTF-8."""
    return unit * ((size - 1000) // len(unit.encode("utf-8")))


# ------------------------------------------------------------------ scenarios: (class, what, build(root) -> folder)

def format_characters(root):
    folder = copy(root)
    rewrite(folder, TEXT, ("1\u200b" + fill("1\u200b", MAX_TEXT_BYTES)).encode())
    return folder


def bad_groups(root):
    folder = copy(root)
    rewrite(folder, TEXT, fill("in 1,23,456 cases; ", MAX_TEXT_BYTES).encode())
    return folder


def chinese_idioms_and_numerals(root):
    # A text made of idioms and numerals: each numeral is checked against the idioms' spans.
    folder = copy(root)
    record = folder / "release.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("release_id:", "language: zh\nrelease_id:", 1),
                      encoding="utf-8")
    rewrite(folder, TEXT, fill("一些十二起，", MAX_TEXT_BYTES).encode())
    return folder


def digit_run_text(root):
    folder = copy(root)
    rewrite(folder, TEXT, ("9" * (MAX_TEXT_BYTES - 1000)).encode())
    return folder


def digit_run_context(root):
    folder = copy(root)
    lines = (folder / CONTEXT).read_text(encoding="utf-8").splitlines(keepends=True)
    row = lines[1].replace(",370000,", "," + "9" * 100_000 + ",", 1)
    rewrite(folder, CONTEXT, "".join([lines[0]] + [row] * ((MAX_CSV_BYTES - 2000) // len(row.encode()))).encode())
    return folder


def deep_nesting(root):
    folder = copy(root)
    (folder / "register.yaml").write_text("figures: " + "[" * (MAX_YAML_BYTES - 1000), encoding="utf-8")
    return folder


def billion_laughs(root):
    folder = copy(root)
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 9) + "]" for i in range(1, 9)]
    (folder / "register.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _register_at_the_limit(root: Path, missing: bool = False, room: int = 0) -> Path:
    """A generated release whose register is cut (at a figure) to just under MAX_YAML_BYTES - ``room``."""
    folder = write_release(root / "release", 20_000, missing=missing)
    register = folder / "register.yaml"
    text = register.read_text(encoding="utf-8")
    while len(text.encode()) > MAX_YAML_BYTES - room:
        text = text[: text.rindex("- figure_id:")]
    register.write_text(text, encoding="utf-8")
    return folder


def yaml_error_at_the_end(root):
    # A syntax error on the last line of a register at the limit: libyaml, then the pure-Python parser for the wording.
    folder = _register_at_the_limit(root, room=100)
    with open(folder / "register.yaml", "a", encoding="utf-8") as stream:
        stream.write("- [unclosed\n")
    return folder


def ambiguous_value_at_the_end(root):
    folder = _register_at_the_limit(root, room=100)
    with open(folder / "register.yaml", "a", encoding="utf-8") as stream:
        stream.write("- {figure_id: last, occurrences: 010}\n")
    return folder


def many_missing_quotes(root):
    # The register at its size limit, every quote one digit off: each is looked for, with its nearest passage.
    return _register_at_the_limit(root, missing=True)


def degenerate_text_missing_quotes(root):
    # A text of one word, a register at its limit of missing quotes made of that word: no quote has a rare word.
    folder = copy(root)
    rewrite(folder, TEXT, fill("the ", MAX_TEXT_BYTES).encode())
    entry = ("- figure_id: f{index}\n  section: social stability\n  indicator: cases\n  unit: cases\n"
             "  period: '2022'\n  kind: count\n  quote: " + "the " * 240 + "zebra{index}\n")
    count = (MAX_YAML_BYTES - 100) // len(entry.format(index=99999).encode())
    sections = "vocabulary:\n  sections:\n    - section: social stability\n"
    (folder / "register.yaml").write_text(sections + "figures:\n" + "".join(entry.format(index=i) for i in range(count)),
                                          encoding="utf-8")
    return folder


def context_rows_last_bad(root):
    folder = copy(root)
    lines = (folder / CONTEXT).read_text(encoding="utf-8").splitlines(keepends=True)
    rows = [lines[1].replace("fraud_cases_cracked_2021_jan_nov", f"row_{i}", 1) for i in range(
        (MAX_CSV_BYTES - 2000) // len(lines[1].encode()))]
    rows[-1] = rows[-1].replace("2021-01/2021-11", "2021-01/2021-13", 1)
    rewrite(folder, CONTEXT, "".join([lines[0]] + rows).encode())
    return folder


def named_pipe(root):
    folder = copy(root)
    (folder / TEXT).unlink()
    os.mkfifo(folder / TEXT)
    return folder


def sparse_ten_gigabytes(root):
    folder = copy(root)
    with open(folder / TEXT, "r+b") as stream:
        stream.truncate(10 * 1000 ** 3)
    return folder


def link_in_output(root):
    folder = copy(root)
    (root / "out" / "data").mkdir(parents=True)
    (root / "elsewhere.csv").write_text("not the run's\n", encoding="utf-8")
    os.symlink(root / "elsewhere.csv", root / "out" / "data" / "figures.csv")
    return folder


SCENARIOS = {
    "format-characters": ("1 text", "5 MB text: a zero-width space after every digit", format_characters),
    "bad-groups": ("1 text", "5 MB text of '1,23,456'", bad_groups),
    "zh-idioms-numerals": ("1 text", "5 MB Chinese text of idioms and numerals", chinese_idioms_and_numerals),
    "digit-run-text": ("2 parsers", "a 5,000,000-digit number as the text", digit_run_text),
    "digit-run-context": ("2 parsers", "2 MB context table, 100,000-digit values", digit_run_context),
    "deep-nesting": ("2 parsers", "5 MB register of '['", deep_nesting),
    "billion-laughs": ("2 parsers", "nine lines of nested aliases", billion_laughs),
    "yaml-error-at-end": ("2 parsers", "5 MB register, syntax error on its last line", yaml_error_at_the_end),
    "ambiguous-at-end": ("3 one YAML", "5 MB register (20,000 figures), `010` on its last line",
                         ambiguous_value_at_the_end),
    "missing-quotes": ("4 contracts", "5 MB register (20,000 figures), every quote missing", many_missing_quotes),
    "degenerate-missing-quotes": ("4 contracts", "5 MB text of one word; 5 MB register of quotes of it, all "
                                  "missing", degenerate_text_missing_quotes),
    "context-rows": ("4 contracts", "2 MB context table (about 4,000 rows), month 13 in the last",
                     context_rows_last_bad),
    "named-pipe": ("5 files", "the text a named pipe", named_pipe),
    "sparse-10-GB": ("5 files", "the text a (sparse) 10 GB file", sparse_ten_gigabytes),
    "link-in-output": ("6 writes", "OUT/data/figures.csv a link outside", link_in_output),
}


def measure(folder: Path, out: Path) -> tuple[object, float, float, str]:
    """Exit status, seconds, peak resident megabytes and the first line on stderr of one run."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen([sys.executable, "-m", "release_figures", "run", str(folder), "--out", str(out)],
                                   stdout=subprocess.DEVNULL, stderr=errors)
        deadline = started + TIMEOUT
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                return "timeout", time.perf_counter() - started, usage.ru_maxrss / 1024, ""
            time.sleep(0.02)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        errors.seek(0)
        first = (errors.readline().strip() or "")[:140]
    return process.returncode, seconds, usage.ru_maxrss / 1024, first


def main(names: list[str]) -> None:
    """Run the named scenarios (all by default) and print one table row each."""
    _imports()
    print("| class | hostile input | exit | seconds | peak MB | first line |")
    print("|---|---|---|---|---|---|")
    for name in names or list(SCENARIOS):
        kind, what, build = SCENARIOS[name]
        root = Path(tempfile.mkdtemp(prefix=f"hostile-{name}-"))
        try:
            folder = build(root)
            measured = subprocess.run([sys.executable, __file__, "--measure", str(folder), str(root / "out")],
                                      capture_output=True, text=True, check=True)
            status, seconds, peak, first = json.loads(measured.stdout)
            print(f"| {kind} | {what} | {status} | {seconds:.2f} | {peak:.0f} | {first.replace('|', '/')} |",
                  flush=True)
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(Path(sys.argv[2]), Path(sys.argv[3]))))
    else:
        main(sys.argv[1:])

"""Measure how long the book takes to build, rebuild, test and set up (``make bench``).

Everything runs in temporary folders: a clone of the repository's last
commit (``git clone`` of HEAD), never the working tree. Timed builds use the
environment that runs this script (``.venv``), with ``PYTHONPATH`` pointing
at the clone's ``src`` so the clone's package is the one imported. Each
build scenario is repeated and the median reported; ``make test`` and the
fresh set-up run once (they are slow).

Scenarios:
  floor            a one-page Jupyter Book with no notebooks, built from scratch
  cold build       ``python -m release_figures book`` with no _build folder (empty execution cache)
  no-change        the same command again, nothing changed
  notebook edit    after changing one code cell of the first notebook
  register edit    after changing one figure's indicator in data/register.yaml
  make test        ``make test`` in the clone, environment present
  fresh set-up     ``git clone`` + ``make env`` (a new .venv from the lock)
  page weight      bytes of every built HTML page; shared assets (_static) counted once

Targets (reported, not asserted): no-change within 1.3x the floor; cold
build within the floor plus 3 s per notebook; make test under 180 s; fresh
set-up under 180 s; no HTML page over 200 KB.

Usage: ``python benchmarks/bench.py [--repeat N] [--skip-test] [--skip-setup] [--out FILE]``.
Writes benchmarks/results.json (or --out) and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results.json"
PAGE_LIMIT = 200_000

FLOOR_CONFIG = """title: Floor
author: Floor
only_build_toc_files: true
execute:
  execute_notebooks: "off"
"""
FLOOR_TOC = "format: jb-book\nroot: intro\n"
FLOOR_PAGE = "# Floor\n\nOne page, no notebooks: the least a Jupyter Book build costs here.\n"


def log(message: str) -> None:
    """Progress on stderr, so the table on stdout stays clean."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def timed(command: list[str], cwd: Path, env: dict | None = None, check: bool = True) -> tuple[float, int]:
    """Run a command quietly; return (wall seconds, exit status). Output goes to a log on failure."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.perf_counter() - start
    if check and result.returncode != 0:
        sys.stderr.write(result.stdout[-6000:])
        raise SystemExit(f"bench: {' '.join(command)} failed in {cwd} (exit {result.returncode})")
    return seconds, result.returncode


def machine() -> dict:
    """What the figures were measured on."""
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"nproc": os.cpu_count(), "memory": memory, "cpu": cpu, "python": platform.python_version(),
            "platform": platform.platform()}


def book_env(clone: Path) -> dict:
    """Environment for commands in the clone: the clone's package first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(clone / "src")
    env.pop("MAKEFLAGS", None)
    env.pop("MAKELEVEL", None)
    return env


def build_floor(root: Path) -> float:
    """Build the one-page book from scratch; return seconds."""
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    (root / "_config.yml").write_text(FLOOR_CONFIG)
    (root / "_toc.yml").write_text(FLOOR_TOC)
    (root / "intro.md").write_text(FLOOR_PAGE)
    jupyter_book = str(Path(sys.executable).with_name("jupyter-book"))
    seconds, _ = timed([jupyter_book, "build", str(root), "-W", "-n", "--keep-going"], cwd=root)
    return seconds


def build_book(clone: Path) -> tuple[float, dict]:
    """``python -m release_figures book`` in the clone; return (seconds, notebook statuses)."""
    seconds, _ = timed([sys.executable, "-m", "release_figures", "book"], cwd=clone, env=book_env(clone))
    report = json.loads((clone / "_build" / "site-src" / "execution-report.json").read_text(encoding="utf-8"))
    return seconds, {entry["notebook"]: entry["status"] for entry in report["notebooks"]}


def edit_notebook(clone: Path, counter: int) -> str:
    """Change one code cell of the first notebook (a comment line); return its name."""
    import nbformat

    path = sorted((clone / "notebooks").glob("[0-9][0-9]_*.ipynb"))[0]
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", []))
    cell.source = re.sub(r"\n# bench edit \d+$", "", cell.source) + f"\n# bench edit {counter}"
    nbformat.write(notebook, path)
    return path.stem


def edit_register(clone: Path, counter: int) -> None:
    """Change the indicator text of the register's first figure."""
    path = clone / "data" / "register.yaml"
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r"(?m)^(    indicator: [^\n]*?)( \(bench \d+\))?$", rf"\1 (bench {counter})", text, count=1)
    if count != 1:
        raise SystemExit("bench: no indicator line found in data/register.yaml")
    path.write_text(new, encoding="utf-8")


def page_weight(html: Path) -> dict:
    """Bytes of every HTML page, and of the shared assets counted once."""
    pages = {p.relative_to(html).as_posix(): p.stat().st_size for p in sorted(html.rglob("*.html"))}
    static = [p for p in (html / "_static").rglob("*") if p.is_file()]
    shared_js = sum(p.stat().st_size for p in static if p.suffix == ".js")
    shared = sum(p.stat().st_size for p in static)
    largest = max(pages, key=pages.get)
    return {"pages": pages, "largest_page": largest, "largest_bytes": pages[largest],
            "shared_assets_bytes": shared, "shared_js_bytes": shared_js,
            "pages_over_limit": sorted(name for name, size in pages.items() if size > PAGE_LIMIT)}


def scenario(name: str, runs: list[float], **extra) -> dict:
    return {"name": name, "runs": [round(s, 2) for s in runs], "median": round(statistics.median(runs), 2), **extra}


def main(argv: list[str] | None = None) -> int:
    """Run every scenario, write the JSON, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each build scenario (median reported)")
    parser.add_argument("--skip-test", action="store_true", help="do not time make test")
    parser.add_argument("--skip-setup", action="store_true", help="do not time a fresh set-up")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    results: dict = {"commit": commit, "machine": machine(), "repeat": args.repeat, "scenarios": {}}
    with tempfile.TemporaryDirectory(prefix="release-figures-bench-") as tmp:
        tmp = Path(tmp)
        log("cloning HEAD into a temporary folder")
        clone = tmp / "repo"
        timed(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(clone)], cwd=tmp)
        notebooks = len(list((clone / "notebooks").glob("[0-9][0-9]_*.ipynb")))

        log("floor: one-page book")
        floor = [build_floor(tmp / "floor") for _ in range(args.repeat)]
        results["scenarios"]["floor"] = scenario("floor (one page, no notebooks)", floor)

        cold, statuses = [], {}
        for i in range(args.repeat):
            log(f"cold build {i + 1}/{args.repeat}")
            shutil.rmtree(clone / "_build", ignore_errors=True)
            seconds, statuses = build_book(clone)
            cold.append(seconds)
        results["scenarios"]["cold"] = scenario("cold build (empty execution cache)", cold, executed=statuses,
                                                notebooks=notebooks)

        log("no-change rebuilds (after one unmeasured rebuild that records the cached statuses)")
        build_book(clone)
        runs = [build_book(clone) for _ in range(args.repeat)]
        results["scenarios"]["no_change"] = scenario("no-change rebuild", [s for s, _ in runs], executed=runs[-1][1])

        runs = []
        for i in range(args.repeat):
            log(f"notebook edit {i + 1}/{args.repeat}")
            name = edit_notebook(clone, i)
            runs.append(build_book(clone))
        results["scenarios"]["notebook_edit"] = scenario(f"rebuild after a code-cell edit ({name})",
                                                         [s for s, _ in runs], executed=runs[-1][1])
        runs = []
        for i in range(args.repeat):
            log(f"register edit {i + 1}/{args.repeat}")
            edit_register(clone, i)
            runs.append(build_book(clone))
        results["scenarios"]["register_edit"] = scenario("rebuild after a register edit", [s for s, _ in runs],
                                                         executed=runs[-1][1])
        results["page_weight"] = page_weight(clone / "_build" / "html")

        # Set-up first, in a clone with its own new .venv; `make test` then runs in that same clone,
        # its environment present. (Never point a clone at the working tree's .venv: make's install
        # step would re-point the editable package at the clone.)
        setup_repo = None
        if not args.skip_setup or not args.skip_test:
            setup = tmp / "setup"
            setup.mkdir()
            setup_repo = setup / "repo"
            start = time.perf_counter()
            timed(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(setup_repo)], cwd=setup)
            env = book_env(setup_repo)
            env.pop("PYTHONPATH")
            env.pop("VIRTUAL_ENV", None)
            env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if ".venv" not in p)
            log("fresh set-up: git clone + make env (once)")
            _, status = timed(["make", "env"], cwd=setup_repo, env=env, check=False)
            if not args.skip_setup:
                results["scenarios"]["fresh_setup"] = scenario(
                    "fresh set-up (git clone + make env)", [time.perf_counter() - start], exit_status=status,
                    note="uv installs from its local cache when it holds the wheels; a first install downloads them")
        if not args.skip_test:
            log("make test (once; environment present)")
            seconds, status = timed(["make", "test"], cwd=setup_repo, env=env, check=False)
            results["scenarios"]["make_test"] = scenario("make test (environment present)", [seconds],
                                                         exit_status=status)
    results["targets"] = targets(results)
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    log(f"wrote {args.out}")
    return 0


def targets(results: dict) -> list[dict]:
    """Each target with the measured value and whether it is met."""
    s = results["scenarios"]
    floor = s["floor"]["median"]
    rows = [
        ("no-change rebuild <= 1.3 x floor", s["no_change"]["median"], round(1.3 * floor, 2)),
        (f"cold build <= floor + 3 s x {s['cold']['notebooks']} notebooks", s["cold"]["median"],
         round(floor + 3 * s["cold"]["notebooks"], 2)),
    ]
    if "make_test" in s:
        rows.append(("make test < 180 s", s["make_test"]["median"], 180))
    if "fresh_setup" in s:
        rows.append(("fresh set-up < 180 s", s["fresh_setup"]["median"], 180))
    weight = results["page_weight"]
    rows.append((f"largest HTML page <= {PAGE_LIMIT // 1000} KB", weight["largest_bytes"], PAGE_LIMIT))
    return [{"target": name, "measured": value, "limit": limit, "met": value <= limit} for name, value, limit in rows]


def table(results: dict) -> str:
    """The results as a plain-text table, with each scenario's ratio to the floor."""
    floor = results["scenarios"]["floor"]["median"]
    m = results["machine"]
    lines = [f"machine: {m['nproc']} CPU ({m['cpu']}), {m['memory']}, Python {m['python']}; commit {results['commit'][:10]}",
             "", f"{'scenario':<48} {'median s':>9} {'x floor':>8}  runs / executed"]
    for entry in results["scenarios"].values():
        executed = entry.get("executed")
        detail = ", ".join(f"{k}:{v}" for k, v in executed.items()) if executed else ""
        runs = " ".join(f"{r:.1f}" for r in entry["runs"])
        lines.append(f"{entry['name']:<48} {entry['median']:>9.2f} {entry['median'] / floor:>8.2f}  [{runs}] {detail}")
    weight = results["page_weight"]
    lines += ["", f"page weight: largest page {weight['largest_page']} {weight['largest_bytes'] / 1000:.1f} KB; "
              f"{len(weight['pages'])} pages; shared assets {weight['shared_assets_bytes'] / 1000:.0f} KB "
              f"(JS {weight['shared_js_bytes'] / 1000:.0f} KB, counted once)", "", "targets:"]
    for row in results["targets"]:
        lines.append(f"  {'met   ' if row['met'] else 'MISSED'} {row['target']:<44} measured {row['measured']}, limit {row['limit']}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

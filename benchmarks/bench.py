"""Measure how long the book takes to build, rebuild, test and set up (``make bench``).

Everything runs in temporary folders: a clone of the repository's last
commit (``git clone`` of HEAD), never the working tree. Timed builds use the
environment that runs this script (``.venv``), with ``PYTHONPATH`` pointing
at the clone's ``src`` so the clone's package is the one imported. Each
build scenario is repeated and the median reported; ``make test`` and the
fresh set-ups run once (they are slow).

Scenarios:
  floor            a one-page Jupyter Book with no notebooks, built from scratch
  cold build       ``python -m release_figures book`` with no _build folder (empty execution cache)
  stock, force     the yardstick: stock Jupyter Book building the same staged pages and the
                   same notebooks with ``execute_notebooks: force``; paired with the cold build
                   (the two alternate, ours first in odd repetitions, stock first in even ones)
  no-change        the same command again, nothing changed
  stock, cache     stock Jupyter Book with ``execute_notebooks: cache`` rebuilt with nothing
                   changed (its cache filled by one unmeasured build); paired with no-change
  notebook edit    after changing one code cell of the first notebook
  register edit    after changing one figure's indicator in data/register.yaml
  make test        ``make test`` in the clone, environment present
  fresh set-up     ``git clone`` + ``make env`` (a new .venv from the lock), uv's cache as it is
  fresh, no cache  the same with an empty package cache (uv's cache in an empty temporary
                   folder, pip's off): every wheel is downloaded from PyPI
  4,000 figures    ``python -m release_figures figures`` on a generated release of 4,000
                   figures (benchmarks/generated_release.py), and of 16,000 for the trend
  missing quotes   the same on generated registers of 1,000 and 16,000 figures whose quotes
                   are all missing (every one must be reported by name), repeated like the
                   4,000; a run stopped after MISSING_TIMEOUT seconds is reported as "> 60 s"
  page weight      bytes of every built HTML page; shared assets (_static) counted once

Targets (reported, never asserted by a test): cold build <= 0.5 x stock
Jupyter Book's executing build; no-change rebuild <= 0.3 x the floor; make
test <= 45 s; fresh set-up < 180 s; the figures stage on 4,000 figures <= 1 s;
16,000 missing quotes reported within 5 s; no HTML page over 200 KB.

Usage: ``python benchmarks/bench.py [--repeat N] [--skip-test] [--skip-setup] [--skip-stock]
[--skip-scale] [--only-scale] [--out FILE]``. Writes benchmarks/results.json (or --out) and prints the
table; ``--only-scale`` times only the figures-stage scenarios (a minute or two) and writes
benchmarks/results-scale.json.
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
SCALE_RESULTS = REPO / "benchmarks" / "results-scale.json"  # --only-scale: never overwrites the full run's
PAGE_LIMIT = 200_000
SCALE_FIGURES = (4_000, 16_000)
MISSING_QUOTES = 16_000
MISSING_TREND = 1_000  # a smaller register of missing quotes, timed to the end, for the rate
MISSING_TIMEOUT = 60
# Book builds, compared with the floor in the table (the other scenarios are not book builds).
BUILD_SCENARIOS = ("floor", "cold", "stock_force", "no_change", "stock_cache_first", "stock_cache",
                   "notebook_edit", "register_edit")

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
    seconds, status, _ = timed_output(command, cwd, env, check)
    return seconds, status


def timed_output(command: list[str], cwd: Path, env: dict | None = None, check: bool = True,
                 timeout: float | None = None) -> tuple[float | None, int | None, str]:
    """Run a command quietly; return (wall seconds, exit status, output), or (None, None, output) on timeout."""
    start = time.perf_counter()
    try:
        result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, timeout=timeout)
    except subprocess.TimeoutExpired as expired:
        output = expired.output.decode(errors="replace") if isinstance(expired.output, bytes) else expired.output
        return None, None, output or ""
    seconds = time.perf_counter() - start
    if check and result.returncode != 0:
        sys.stderr.write(result.stdout[-6000:])
        raise SystemExit(f"bench: {' '.join(command)} failed in {cwd} (exit {result.returncode})")
    return seconds, result.returncode, result.stdout


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
            "platform": platform.platform(), "load_average_at_start": [round(load, 2) for load in os.getloadavg()]}


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


def stage_stock(clone: Path, root: Path, mode: str) -> Path:
    """A stock Jupyter Book of the same pages and notebooks, executing them itself; return its folder.

    The pages, data and configuration are those our build staged
    (``_build/site-src``); the notebooks are the clone's own (the committed
    sources, which stock Jupyter Book executes itself), and the configuration's
    ``execute_notebooks`` is ``mode`` (``force`` or ``cache``) instead of ``off``.
    The notebooks' defaults read and write the clone's ``data/``, as ours do.
    """
    staged = clone / "_build" / "site-src"
    if not (staged / "_config.yml").is_file():
        raise SystemExit(f"bench: {staged} holds no staged book; build ours first")
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(staged, root, ignore=shutil.ignore_patterns("_build"))
    for notebook in sorted((root / "notebooks").glob("*.ipynb")):
        shutil.copyfile(clone / "notebooks" / notebook.name, notebook)
    config = root / "_config.yml"
    # The staged configuration is written by a YAML dumper, which quotes "off" with single quotes.
    text, count = re.subn(r'(?m)^(\s*execute_notebooks:)\s*(["\']?)off\2\s*$', rf"\1 {mode}",
                          config.read_text(encoding="utf-8"))
    if count != 1:
        raise SystemExit(f"bench: no `execute_notebooks: off` line in {config} to turn into {mode}")
    config.write_text(text, encoding="utf-8")
    return root


def build_stock(root: Path, clone: Path, fresh: bool) -> float:
    """``jupyter-book build`` of a stock book (from scratch when ``fresh``); return seconds."""
    if fresh:
        shutil.rmtree(root / "_build", ignore_errors=True)
    jupyter_book = str(Path(sys.executable).with_name("jupyter-book"))
    seconds, _ = timed([jupyter_book, "build", str(root), "-W", "-n", "--keep-going"], cwd=root, env=book_env(clone))
    return seconds


def setup_env(clone: Path, empty_cache: Path | None = None) -> dict:
    """Environment for ``make`` in a set-up clone: no trace of this .venv; optionally empty package caches."""
    env = book_env(clone)
    env.pop("PYTHONPATH")
    env.pop("VIRTUAL_ENV", None)
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if ".venv" not in p)
    if empty_cache is not None:
        empty_cache.mkdir(parents=True, exist_ok=True)
        env["UV_CACHE_DIR"] = str(empty_cache)
        env["PIP_NO_CACHE_DIR"] = "1"
    return env


def figures_command(clone: Path, release: Path, out: Path, timeout: float | None = None) -> tuple[float | None, int | None, str]:
    """Time ``python -m release_figures figures RELEASE --out OUT`` (what a user runs to check a register)."""
    return timed_output([sys.executable, "-m", "release_figures", "figures", str(release), "--out", str(out)],
                        cwd=clone, env=book_env(clone), check=False, timeout=timeout)


def scale_scenarios(clone: Path, tmp: Path, repeat: int) -> dict:
    """The figures stage on generated releases: 4,000 and 16,000 figures, and 16,000 missing quotes."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generated_release import write_release

    results = {}
    for count in SCALE_FIGURES:
        release = write_release(tmp / f"generated-{count}", count)
        runs = []
        for i in range(repeat if count == SCALE_FIGURES[0] else 1):
            log(f"figures stage, {count} generated figures {i + 1}")
            seconds, status, output = figures_command(clone, release, tmp / f"generated-{count}-out")
            if status != 0:
                sys.stderr.write(output[-3000:])
                raise SystemExit(f"bench: the figures stage failed on the generated release of {count} figures")
            runs.append(seconds)
        results[f"figures_{count}"] = scenario(f"figures stage, {count:,} generated figures", runs, figures=count)
    for key, count in (("missing_quotes_trend", MISSING_TREND), ("missing_quotes", MISSING_QUOTES)):
        release = write_release(tmp / f"generated-missing-{count}", count, missing=True)
        name = f"{count:,} missing quotes reported"
        runs = []
        for i in range(repeat):
            log(f"figures stage, {count} missing quotes {i + 1} (stopped after {MISSING_TIMEOUT} s)")
            seconds, status, output = figures_command(clone, release, tmp / f"generated-missing-{count}-out",
                                                      timeout=MISSING_TIMEOUT)
            if seconds is None:
                break  # timed out: no point repeating
            reported = output.count("quote not found")
            # Every missing quote must be reported, each by name: a fast run that reports fewer is no result.
            if status == 0 or reported != count:
                sys.stderr.write(output[-3000:])
                raise SystemExit(f"bench: {count} missing quotes gave exit {status} and {reported} reported")
            runs.append(seconds)
        if len(runs) < repeat:
            results[key] = {"name": name, "runs": [round(s, 2) for s in runs], "median": None,
                            "timed_out_after": MISSING_TIMEOUT, "figures": count}
        else:
            results[key] = scenario(name, runs, figures=count, reported=count)
    return results


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
    """One scenario's entry: its runs in seconds and their median."""
    return {"name": name, "runs": [round(s, 2) for s in runs], "median": round(statistics.median(runs), 2), **extra}


def paired_ratio(ours: list[float], stock: list[float]) -> dict:
    """Ours over stock Jupyter Book's time, pair by pair, and the median of those ratios."""
    ratios = [a / b for a, b in zip(ours, stock, strict=True)]
    return {"ratios": [round(r, 3) for r in ratios], "median": round(statistics.median(ratios), 3)}


def main(argv: list[str] | None = None) -> int:
    """Run every scenario, write the JSON, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each build scenario (median reported)")
    parser.add_argument("--skip-test", action="store_true", help="do not time make test")
    parser.add_argument("--skip-setup", action="store_true", help="do not time the fresh set-ups")
    parser.add_argument("--skip-stock", action="store_true", help="do not build stock Jupyter Book beside ours")
    parser.add_argument("--skip-scale", action="store_true", help="do not time the figures stage on generated releases")
    parser.add_argument("--only-scale", action="store_true",
                        help="time only the figures stage on generated releases (no book builds, tests or set-ups)")
    parser.add_argument("--out", type=Path, help=f"where to write the JSON (default {RESULTS.name}, "
                        f"or {SCALE_RESULTS.name} with --only-scale)")
    args = parser.parse_args(argv)
    args.out = args.out or (SCALE_RESULTS if args.only_scale else RESULTS)
    started = time.perf_counter()
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    results: dict = {"commit": commit, "machine": machine(), "repeat": args.repeat, "scenarios": {}}
    s = results["scenarios"]
    with tempfile.TemporaryDirectory(prefix="release-figures-bench-") as tmp:
        tmp = Path(tmp)
        log("cloning HEAD into a temporary folder")
        clone = tmp / "repo"
        timed(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(clone)], cwd=tmp)
        if args.only_scale:
            s.update(scale_scenarios(clone, tmp / "scale", args.repeat))
            return finish(results, args.out, started)
        notebooks = len(list((clone / "notebooks").glob("[0-9][0-9]_*.ipynb")))

        log("floor: one-page book")
        floor = [build_floor(tmp / "floor") for _ in range(args.repeat)]
        s["floor"] = scenario("floor (one page, no notebooks)", floor)

        # Cold builds, ours and stock Jupyter Book's, in pairs whose order alternates, so a
        # slow spell of the shared machine falls on both sides of a ratio.
        cold, stock_cold, statuses = [], [], {}
        stock_force = tmp / "stock-force"
        for i in range(args.repeat):
            for side in ("ours", "stock") if i % 2 == 0 else ("stock", "ours"):
                if side == "ours":
                    log(f"cold build {i + 1}/{args.repeat}")
                    shutil.rmtree(clone / "_build", ignore_errors=True)
                    seconds, statuses = build_book(clone)
                    cold.append(seconds)
                    if not stock_force.exists() and not args.skip_stock:
                        stage_stock(clone, stock_force, "force")
                elif not args.skip_stock:
                    log(f"stock Jupyter Book, execute_notebooks: force {i + 1}/{args.repeat}")
                    stock_cold.append(build_stock(stock_force, clone, fresh=True))
        s["cold"] = scenario("cold build (empty execution cache)", cold, executed=statuses, notebooks=notebooks)
        if stock_cold:
            s["stock_force"] = scenario("stock Jupyter Book, execute_notebooks: force", stock_cold)
            s["cold"]["vs_stock"] = paired_ratio(cold, stock_cold)

        log("no-change rebuilds (after one unmeasured rebuild that records the cached statuses)")
        build_book(clone)
        stock_cache = tmp / "stock-cache"
        if not args.skip_stock:
            log("stock Jupyter Book, execute_notebooks: cache: first build (fills its cache; measured, not paired)")
            first = build_stock(stage_stock(clone, stock_cache, "cache"), clone, fresh=True)
        runs, stock_warm = [], []
        for i in range(args.repeat):
            for side in ("ours", "stock") if i % 2 == 0 else ("stock", "ours"):
                if side == "ours":
                    log(f"no-change rebuild {i + 1}/{args.repeat}")
                    runs.append(build_book(clone))
                elif not args.skip_stock:
                    log(f"stock Jupyter Book, cache, no-change rebuild {i + 1}/{args.repeat}")
                    stock_warm.append(build_stock(stock_cache, clone, fresh=False))
        s["no_change"] = scenario("no-change rebuild", [sec for sec, _ in runs], executed=runs[-1][1])
        if stock_warm:
            s["stock_cache_first"] = scenario("stock Jupyter Book, cache, first build", [first])
            s["stock_cache"] = scenario("stock Jupyter Book, cache, no-change rebuild", stock_warm)
            s["no_change"]["vs_stock"] = paired_ratio([sec for sec, _ in runs], stock_warm)

        runs = []
        for i in range(args.repeat):
            log(f"notebook edit {i + 1}/{args.repeat}")
            name = edit_notebook(clone, i)
            runs.append(build_book(clone))
        s["notebook_edit"] = scenario(f"rebuild after a code-cell edit ({name})", [sec for sec, _ in runs],
                                      executed=runs[-1][1])
        runs = []
        for i in range(args.repeat):
            log(f"register edit {i + 1}/{args.repeat}")
            edit_register(clone, i)
            runs.append(build_book(clone))
        s["register_edit"] = scenario("rebuild after a register edit", [sec for sec, _ in runs], executed=runs[-1][1])
        results["page_weight"] = page_weight(clone / "_build" / "html")

        if not args.skip_scale:
            s.update(scale_scenarios(clone, tmp / "scale", args.repeat))

        # Set-up first, in a clone with its own new .venv; `make test` then runs in that same clone,
        # its environment present. (Never point a clone at the working tree's .venv: make's install
        # step would re-point the editable package at the clone.)
        if not args.skip_setup or not args.skip_test:
            setup_repo = tmp / "setup" / "repo"
            start = time.perf_counter()
            timed(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(setup_repo)], cwd=tmp)
            env = setup_env(setup_repo)
            log("fresh set-up: git clone + make env (once)")
            _, status = timed(["make", "env"], cwd=setup_repo, env=env, check=False)
            if not args.skip_setup:
                s["fresh_setup"] = scenario(
                    "fresh set-up (git clone + make env)", [time.perf_counter() - start], exit_status=status,
                    note="uv installs from its local cache when it holds the wheels")
        if not args.skip_test:
            log("make test (once; environment present)")
            seconds, status = timed(["make", "test"], cwd=setup_repo, env=env, check=False)
            s["make_test"] = scenario("make test (environment present)", [seconds], exit_status=status)
        if not args.skip_setup:
            cold_repo = tmp / "setup-empty-cache" / "repo"
            start = time.perf_counter()
            timed(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(cold_repo)], cwd=tmp)
            log("fresh set-up with an empty package cache: every wheel from PyPI (once)")
            _, status = timed(["make", "env"], cwd=cold_repo,
                              env=setup_env(cold_repo, empty_cache=tmp / "setup-empty-cache" / "uv-cache"), check=False)
            cache = tmp / "setup-empty-cache" / "uv-cache"
            s["fresh_setup_empty_cache"] = scenario(
                "fresh set-up, empty package cache", [time.perf_counter() - start], exit_status=status,
                downloaded_cache_bytes=sum(f.stat().st_size for f in cache.rglob("*") if f.is_file()),
                note="uv's cache in an empty folder and pip's cache off: every wheel downloaded from PyPI")
    return finish(results, args.out, started)


def finish(results: dict, out: Path, started: float) -> int:
    """Add the targets, write the JSON to ``out``, print the table."""
    results["targets"] = targets(results)
    # The machine may be shared: how busy it was says how far the times can be trusted.
    results["load_average_at_end"] = [round(load, 2) for load in os.getloadavg()]
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    log(f"wrote {out}")
    return 0


def targets(results: dict) -> list[dict]:
    """Each target with the measured value and whether it is met."""
    s = results["scenarios"]
    rows = []
    if "vs_stock" in s.get("cold", {}):
        rows.append(("cold build <= 0.5 x stock Jupyter Book (force)", s["cold"]["vs_stock"]["median"], 0.5, "x"))
    if "floor" in s:
        rows.append(("no-change rebuild <= 0.3 x floor", s["no_change"]["median"], round(0.3 * s["floor"]["median"], 2), "s"))
    if "make_test" in s:
        rows.append(("make test <= 45 s", s["make_test"]["median"], 45, "s"))
    if "fresh_setup" in s:
        rows.append(("fresh set-up < 180 s", s["fresh_setup"]["median"], 180, "s"))
    if "figures_4000" in s:
        rows.append(("figures stage, 4,000 figures <= 1 s", s["figures_4000"]["median"], 1, "s"))
    if "missing_quotes" in s:
        rows.append((f"{MISSING_QUOTES:,} missing quotes reported <= 5 s", s["missing_quotes"]["median"], 5, "s"))
    if "page_weight" in results:
        weight = results["page_weight"]
        rows.append((f"largest HTML page <= {PAGE_LIMIT // 1000} KB", weight["largest_bytes"], PAGE_LIMIT, "bytes"))
    return [{"target": name, "measured": value, "limit": limit, "unit": unit,
             "met": value is not None and value <= limit} for name, value, limit, unit in rows]


def _seconds(entry: dict) -> str:
    if entry["median"] is None:
        return f"> {entry['timed_out_after']} s"
    return f"{entry['median']:.2f}"


def table(results: dict) -> str:
    """The results as a plain-text table: medians, ratio to the floor, and ours over stock Jupyter Book."""
    floor = results["scenarios"].get("floor", {}).get("median")
    m = results["machine"]
    load = f"; load average {m['load_average_at_start'][0]} at start" if "load_average_at_start" in m else ""
    lines = [f"machine: {m['nproc']} CPU ({m['cpu']}), {m['memory']}, Python {m['python']}; commit {results['commit'][:10]}"
             + load,
             "", f"{'scenario':<48} {'median s':>9} {'x floor':>8} {'/ stock':>8}  runs / executed"]
    for key, entry in results["scenarios"].items():
        executed = entry.get("executed")
        detail = ", ".join(f"{k}:{v}" for k, v in executed.items()) if executed else ""
        runs = " ".join(f"{r:.1f}" for r in entry["runs"])
        x_floor = f"{entry['median'] / floor:.2f}" if key in BUILD_SCENARIOS else ""
        vs_stock = f"{entry['vs_stock']['median']:.2f}" if "vs_stock" in entry else ""
        lines.append(f"{entry['name']:<48} {_seconds(entry):>9} {x_floor:>8} {vs_stock:>8}  [{runs}] {detail}")
    if "page_weight" in results:
        weight = results["page_weight"]
        lines += ["", f"page weight: largest page {weight['largest_page']} {weight['largest_bytes'] / 1000:.1f} KB; "
                  f"{len(weight['pages'])} pages; shared assets {weight['shared_assets_bytes'] / 1000:.0f} KB "
                  f"(JS {weight['shared_js_bytes'] / 1000:.0f} KB, counted once)"]
    lines += ["", "'/ stock': median of the paired ratios ours / stock Jupyter Book on the same pages and notebooks", "",
              "targets:"]
    for row in results["targets"]:
        measured = "timed out" if row["measured"] is None else row["measured"]
        lines.append(f"  {'met   ' if row['met'] else 'MISSED'} {row['target']:<48} measured {measured}, "
                     f"limit {row['limit']} ({row['unit']})")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

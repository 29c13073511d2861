"""Where a cold build's time goes: one phase a line, wall and CPU seconds (``python benchmarks/profile_build.py``).

Runs ``python -m release_figures run RELEASE_DIR --out OUT`` in this
process, OUT a new temporary folder (nothing cached: no tables stamp, no
executed chapters, no HTML), with a timer around each step of
:func:`release_figures.book.build.build_release_book`. The HTML build runs
as the build runs it; its own phases are read from the time each of
Sphinx's status lines (``reading sources``, ``writing output``, ``dumping
search index``, ...) reaches the build's log, which the build passes on
unchanged. CPU seconds are this process's and its children's (kernels,
the chapters' processes, Sphinx), from ``resource.getrusage``.

The package imported is the one on ``PYTHONPATH`` (run from a worktree
with ``PYTHONPATH=src``). Usage: ``python benchmarks/profile_build.py
[RELEASE_DIR] [--repeat N] [--json FILE]``; RELEASE_DIR defaults to the
repository's ``data/``. Prints one table a run and, with ``--repeat``, the
medians. The machine's load average is printed with each run: on a shared
machine a run under load is not a measurement of the build.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Sphinx's status lines that open a phase, in the order they appear (the first words of the line).
SPHINX_PHASES = (
    ("Running Sphinx", "Sphinx: start-up (extensions, theme, configuration)"),
    ("building [html]", "Sphinx: environment set up"),
    ("reading sources", "Sphinx: reading (myst-nb parses pages and notebooks)"),
    ("looking for now-outdated", "Sphinx: consistency, pickling the environment"),
    ("copying assets", "Sphinx: copying static and downloadable files"),
    ("writing output", "Sphinx: writing pages (and the search index's words)"),
    ("generating indices", "Sphinx: index and search pages"),
    ("dumping search index", "Sphinx: search index"),
    ("dumping object inventory", "Sphinx: inventory, build-finished (Vega bundle)"),
    ("build succeeded", "Sphinx: exit"),
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def cpu_seconds() -> float:
    """User and system CPU seconds of this process and of its children that have ended."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Timeline:
    """Named intervals of wall time since the run began."""

    def __init__(self):
        self.start = time.perf_counter()
        self.spans: list[tuple[str, float, float]] = []
        self.lines: list[tuple[float, str]] = []

    def now(self) -> float:
        return time.perf_counter() - self.start

    def span(self, name: str, begin: float, end: float | None = None) -> None:
        self.spans.append((name, begin, self.now() if end is None else end))


def timed_function(timeline: Timeline, module, name: str, label: str) -> None:
    """Replace ``module.name`` by the same function, timed as ``label``."""
    function = getattr(module, name)

    def timed(*args, **kwargs):
        begin = timeline.now()
        try:
            return function(*args, **kwargs)
        finally:
            timeline.span(label, begin)

    setattr(module, name, timed)


def line_stamping_run(timeline: Timeline, original=subprocess.run):
    """A stand-in for ``subprocess.run``: the HTML build's output is passed on, each line's time noted.

    Any other command (git, for the build's information) runs as it would.
    """

    def run(command, *args, **kwargs):
        if set(kwargs) - {"cwd", "env"} or not Path(str(command[0])).name.startswith("jupyter-book"):
            return original(command, *args, **kwargs)
        process = subprocess.Popen(command, *args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kwargs)
        for raw in process.stdout:
            timeline.lines.append((timeline.now(), raw.decode("utf-8", "replace").rstrip("\n")))
            sys.stderr.buffer.write(raw)
        return subprocess.CompletedProcess(command, process.wait())

    return run


def sphinx_spans(timeline: Timeline, begin: float, end: float) -> list[tuple[str, float, float]]:
    """The Sphinx phases from the stamped status lines, between ``begin`` and ``end``."""
    marks = [(begin, "Sphinx: process start, jupyter-book's command line")]
    lines = [(t, ANSI.sub("", line).strip()) for t, line in timeline.lines]
    position = 0
    for prefix, name in SPHINX_PHASES:  # in order: a phase's line is looked for after the previous one's
        found = next((i for i in range(position, len(lines)) if lines[i][1].startswith(prefix)), None)
        if found is not None:
            marks.append((lines[found][0], name))
            position = found
    marks.append((end, ""))
    return [(name, start, stop) for (start, name), (stop, _) in zip(marks, marks[1:])]


def profile_once(release_dir: Path) -> dict:
    """One cold build into a new temporary folder; its phases, total wall and CPU seconds, and the load."""
    load = os.getloadavg()
    timeline = Timeline()
    cpu_before = cpu_seconds()
    import release_figures.book.build as build
    import release_figures.book.execute as execute
    import release_figures.tables.build as tables
    import release_figures.tables.datapackage as datapackage
    from release_figures.__main__ import main

    timeline.span("imports of the build", 0.0)
    for name, label in (("validate_release", "validation of every input"),
                        ("copy_release_inputs", "copying the release's inputs"),
                        ("stage_book", "staging the site"),
                        ("build_html", "HTML build (Sphinx, whole)")):
        timed_function(timeline, build, name, label)
    timed_function(timeline, tables, "build_tables", "tables (figures, changes, checks, package)")
    timed_function(timeline, execute, "execute_chapters", "chapters' execution (all)")
    timed_function(timeline, datapackage, "publish_data_folder", "data folder and data.zip")
    build.subprocess.run = line_stamping_run(timeline)
    with tempfile.TemporaryDirectory(prefix="release-figures-profile-") as out:
        status = main(["run", str(release_dir), "--out", out])
        report = json.loads((Path(out) / "_build" / "site-src" / "execution-report.json").read_text(encoding="utf-8"))
    build.subprocess.run = subprocess.run
    total = timeline.now()
    html = next((span for span in timeline.spans if span[0] == "HTML build (Sphinx, whole)"), None)
    phases = [span for span in timeline.spans if span[0] != "HTML build (Sphinx, whole)"]
    if html is not None:
        phases += sphinx_spans(timeline, html[1], html[2])
    phases.sort(key=lambda span: span[1])
    return {"status": status, "load_average": [round(x, 2) for x in load], "total": round(total, 2),
            "cpu": round(cpu_seconds() - cpu_before, 2),
            "phases": [{"phase": name, "start": round(start, 2), "seconds": round(stop - start, 2)}
                       for name, start, stop in phases],
            "chapters": {run["notebook"]: run["seconds"] for run in report["notebooks"]}}


def table(result: dict) -> str:
    """One run as text: phase, start, seconds."""
    lines = [f"load average {result['load_average']}; total {result['total']:.2f} s wall, "
             f"{result['cpu']:.2f} s CPU (user + system, children included)"]
    lines += [f"  {p['start']:6.2f}  {p['seconds']:6.2f}  {p['phase']}" for p in result["phases"]]
    lines.append("  chapters (each in its own kernel, seconds): "
                 + ", ".join(f"{name} {seconds}" for name, seconds in result["chapters"].items()))
    return "\n".join(lines)


def one_run_in_a_fresh_process(release_dir: Path) -> dict:
    """Profile in a new interpreter, so every run pays the same imports."""
    output = subprocess.run([sys.executable, __file__, str(release_dir), "--single"], capture_output=True, text=True)
    if output.returncode != 0:
        sys.stderr.write(output.stderr[-6000:])
        raise SystemExit(f"profile: the build failed (exit {output.returncode})")
    return json.loads(output.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Profile ``--repeat`` cold builds, print each and the medians, optionally write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("release_dir", nargs="?", default=str(REPO / "data"))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the runs and medians to this file")
    parser.add_argument("--single", action="store_true", help=argparse.SUPPRESS)  # one run, JSON on stdout
    args = parser.parse_args(argv)
    if args.single:
        result = profile_once(Path(args.release_dir))
        sys.stdout.flush()
        print(json.dumps(result))
        return 0
    runs = []
    for i in range(args.repeat):
        runs.append(one_run_in_a_fresh_process(Path(args.release_dir)))
        print(f"run {i + 1}: " + table(runs[-1]), flush=True)
    medians = {}
    for run in runs:
        for phase in run["phases"]:
            medians.setdefault(phase["phase"], []).append(phase["seconds"])
    summary = {"runs": len(runs), "total": statistics.median(r["total"] for r in runs),
               "cpu": statistics.median(r["cpu"] for r in runs),
               "load_averages": [r["load_average"][0] for r in runs],
               "phases": {name: round(statistics.median(values), 2) for name, values in medians.items()}}
    print(f"\nmedians of {len(runs)} runs (load averages at each start: {summary['load_averages']}): "
          f"total {summary['total']:.2f} s wall, {summary['cpu']:.2f} s CPU")
    for name, seconds in summary["phases"].items():
        print(f"  {seconds:6.2f}  {name}")
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "medians": summary}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The package's folders are floors: a module imports only from its own floor or the floors below.

Every import is read from the source (module level and inside functions
alike), so a lazy import cannot hide a dependency on a later stage.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "release_figures"
# Bottom to top. A new check family goes in stages/checks/ (its module and one line in its registry).
FLOORS = (
    ("errors", "words", "units", "csv_form", "contracts", "__init__"),  # ground: errors, words, units, contracts
    ("reading",),    # a release folder read: record, register, text, numbers, quotes, context
    ("rounding",),   # the intervals printed numbers stand for
    ("stages",),     # figures, changes, checks: rows computed, nothing written
    ("pipeline",),   # a whole release validated, its stages run in order
    ("tables",),     # the tables written, with their contracts and versions
    ("views",),      # what the pages show
    ("book",),       # executing the chapters, building the book
    ("__main__",),   # the command line
)


def _floor(module: str) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    for number, names in enumerate(FLOORS):
        if top in names:
            return number
    raise AssertionError(f"{module}: its folder is on no floor; add it to FLOORS")


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("release_figures"):
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("release_figures")]
    return found


def test_no_module_imports_from_a_later_floor():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(("release_figures", *path.relative_to(PACKAGE).with_suffix("").parts))
        here = _floor(module.removesuffix(".__init__") if module.count(".") > 1 else module)
        for line, imported in _imports(path):
            if _floor(imported) > here:
                upward.append(f"{path.relative_to(PACKAGE)}:{line} imports {imported}")
    assert upward == []


def test_the_floor_test_sees_an_upward_import(tmp_path):
    """The reader is live: a lazy import inside a function is found."""
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from release_figures.tables.build import build_tables\n", encoding="utf-8")
    assert _imports(source) == [(2, "release_figures.tables.build")]
    assert _floor("release_figures.tables.build") > _floor("release_figures.reading.register")

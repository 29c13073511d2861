"""The README's data dictionary says what the contracts say: the same columns for every table, the same verdicts."""

from __future__ import annotations

import re

from release_figures.stages.checks.verdicts import VERDICTS
from release_figures.tables.datapackage import contract_columns


def _section(readme: str, heading_start: str) -> str:
    """From a heading to the next heading of its level or higher."""
    start = readme.index(heading_start)
    level = len(heading_start) - len(heading_start.lstrip("#"))
    following = re.search(rf"^#{{2,{level}}} ", readme[start + level:], re.M)
    return readme[start:start + level + following.start()] if following else readme[start:]


def _table_columns(section: str) -> list[str]:
    """The first cells of a ``| column | meaning |`` table; "start, end" names two columns."""
    rows = re.findall(r"^\| ([^|]+?) \|", section, re.M)
    names = [name.strip() for row in rows if row.strip() not in ("column", "---") for name in row.split(",")]
    return [name for name in names if not set(name) <= {"-"}]


def test_every_table_the_readme_describes_has_the_contracts_columns(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    dictionary = _section(readme, "## Data dictionary")
    assert _table_columns(_section(dictionary, "### `data/figures.csv`")) == list(contract_columns("figures"))
    assert _table_columns(_section(dictionary, "### `data/changelog.csv`")) == list(contract_columns("changelog"))
    tokens = _section(dictionary, "### `data/tokens.csv`").split("\n\n", 1)[1]
    listed = [re.sub(r"\s*\(.*", "", name).strip() for name in re.sub(r"\([^)]*\)", "", tokens).split(",")]
    assert [name.rstrip(".").strip() for name in listed if name.strip()] == list(contract_columns("tokens"))
    for table in ("changes", "checks", "chinese"):
        line = re.search(rf"^Columns of `{table}\.csv`: (.*)\.$", dictionary, re.M)
        assert line, f"the README lists the columns of {table}.csv"
        assert line.group(1).split(", ") == list(contract_columns(table))


def test_the_readme_names_every_verdict_and_no_other(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    paragraph = _section(readme, "## Data dictionary").split("Verdicts: ", 1)[1].split("\n\n", 1)[0]
    assert re.findall(r"`([a-z_]+)`", paragraph) == list(VERDICTS)

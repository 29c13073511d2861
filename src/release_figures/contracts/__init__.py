"""The contracts of every table: its columns, their types, meanings and vocabularies, one YAML file a table.

The ground floor of the package: the stages take their column order from
here, the data package (:mod:`release_figures.tables.datapackage`) its
schemas, the book's data page and the README's dictionary (tested) their
words. A column is named once, in its table's contract.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["CONTRACTS_DIR", "contract", "contract_columns"]

CONTRACTS_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def contract(name: str) -> dict:
    """One table's contract (``contracts/<name>.yaml``), read once a process; KeyError naming it if absent."""
    import yaml

    path = CONTRACTS_DIR / f"{name}.yaml"
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    if not isinstance(loaded, dict) or loaded.get("name") != name:
        raise KeyError(f"no contract named {name!r} in {CONTRACTS_DIR} (expected {path.name}, whose name is {name!r})")
    return loaded


def contract_columns(name: str) -> tuple[str, ...]:
    """Column names of one table, in order, from its contract."""
    return tuple(field["name"] for field in contract(name)["fields"])

"""The Frictionless data package: one descriptor built from the column contracts.

Each output table's columns are written down once, in
``contracts/<name>.yaml`` (a Frictionless table schema with a description
per field). The descriptor ``datapackage.json`` and the book's data
dictionary are both generated from those files, so they cannot disagree.
A contract marked ``optional: true`` (the changelog, a repository's own
history) describes a file that a release's output folder may not have: the
descriptor written for a folder leaves it out when the file is absent.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from release_figures.tables.atomic import write_json_atomic

__all__ = ["RESOURCE_ORDER", "load_contracts", "contract_columns", "descriptor", "write_datapackage", "dictionary_rows"]

CONTRACTS_DIR = Path(__file__).with_name("contracts")
RESOURCE_ORDER = ("figures", "tokens", "changes", "checks", "context-figures", "changelog")


def load_contracts() -> list[dict]:
    """The contracts that exist, in RESOURCE_ORDER."""
    contracts = []
    for name in RESOURCE_ORDER:
        path = CONTRACTS_DIR / f"{name}.yaml"
        if path.exists():
            contracts.append(yaml.safe_load(path.read_text(encoding="utf-8")))
    return contracts


def contract_columns(name: str) -> tuple[str, ...]:
    """Column names of one table, in order, from its contract."""
    for contract in load_contracts():
        if contract["name"] == name:
            return tuple(field["name"] for field in contract["fields"])
    raise KeyError(f"no contract named {name!r} in {CONTRACTS_DIR}")


def descriptor(release_record: dict, data_dir: str | Path | None = None, declared_units: tuple[str, ...] = ()) -> dict:
    """The datapackage.json descriptor for a release folder's outputs.

    With ``data_dir``, an optional contract's resource is listed only when
    its file exists there; without it, every contract is listed.
    ``declared_units`` are the units the release's register adds to the
    built-in ones; they join the enum of figures.csv's ``unit`` column.
    """
    text_entry = release_record["files"]["text"]
    resources = []
    for contract in load_contracts():
        if data_dir is not None and contract.get("optional") and not (Path(data_dir) / contract["path"]).is_file():
            continue
        fields = contract["fields"]
        if contract["name"] == "figures" and declared_units:
            fields = [_with_enum(f, declared_units) if f["name"] == "unit" else f for f in fields]
        schema = {"fields": fields}
        if "primaryKey" in contract:
            schema["primaryKey"] = contract["primaryKey"]
        # The context contract describes every context file the release record names, each at its own path.
        places = [(contract["name"], contract["path"], contract["title"])]
        if contract["name"] == "context-figures":
            places = [("context-figures" if role == "context" else role, entry["path"],
                       " ".join(str(entry.get("title") or contract["title"]).split()))
                      for role, entry in release_record["files"].items()
                      if role == "context" or role.startswith("context-")]
        for name, path, title in places:
            resources.append({
                "name": name,
                "path": path,
                "title": title,
                "description": " ".join(contract["description"].split()),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            })
    return {
        "name": f"{release_record['release_id']}-figures",
        "title": f"Figures of the release: {' '.join(release_record['title'].split())}",
        "description": (
            "Every figure of the release with its quote and offsets, the year-on-year "
            "comparisons with rounding carried as intervals, and the consistency checks."
        ),
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "sources": [{"title": " ".join(text_entry["title"].split()), "path": text_entry["url"]}],
        "resources": resources,
    }


def _with_enum(field: dict, extra: tuple[str, ...]) -> dict:
    """A copy of a field whose enum constraint also allows ``extra``."""
    constraints = dict(field.get("constraints", {}))
    constraints["enum"] = list(constraints.get("enum", [])) + [value for value in extra
                                                                if value not in constraints.get("enum", [])]
    return {**field, "constraints": constraints}


def write_datapackage(release_record: dict, out_dir: str | Path, declared_units: tuple[str, ...] = ()) -> Path:
    """Write ``datapackage.json`` into ``out_dir`` atomically (``declared_units``: see :func:`descriptor`)."""
    return write_json_atomic(Path(out_dir) / "datapackage.json",
                             descriptor(release_record, out_dir, tuple(declared_units)))


def dictionary_rows(name: str) -> list[dict]:
    """Rows (column, type, meaning) of one table's data dictionary."""
    for contract in load_contracts():
        if contract["name"] == name:
            return [{"column": f["name"], "type": f["type"], "meaning": f.get("description", "")}
                    for f in contract["fields"]]
    raise KeyError(name)

"""The Frictionless data package: one descriptor built from the column contracts.

Each output table's columns are written down once, in
``contracts/<name>.yaml`` (a Frictionless table schema with a description
per field). The descriptor ``datapackage.json`` and the book's data
dictionary are both generated from those files, so they cannot disagree.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .atomic import write_json_atomic

__all__ = ["RESOURCE_ORDER", "TABLE_LICENCE", "load_contracts", "contract_columns", "descriptor", "write_datapackage",
           "dictionary_rows", "package_files", "publish_data_folder", "DATA_ZIP"]

CONTRACTS_DIR = Path(__file__).with_name("contracts")
RESOURCE_ORDER = ("figures", "tokens", "changes", "checks", "context-figures")


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


TABLE_LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                 "path": "https://creativecommons.org/licenses/by/4.0/"}


def _raw_text_resource(text_entry: dict) -> dict:
    """The release text as a resource: byte for byte, its checksum, and the terms it is quoted under."""
    path = text_entry["path"]
    licence = " ".join(str(text_entry.get("licence", "")).split())
    return {
        "name": "release-text",
        "path": path,
        "type": "text",
        "title": " ".join(text_entry["title"].split()),
        "description": ("The release text, byte for byte as received; every figure's quote and offsets refer to it. "
                        "It is not covered by the package's licence, which is for the tables: " + licence),
        "format": Path(path).suffix.lstrip(".") or "txt",
        "mediatype": "text/plain",
        "encoding": "utf-8",
        "hash": "sha256:" + text_entry["sha256"],
    }


def descriptor(release_record: dict) -> dict:
    """The datapackage.json descriptor for a release folder's outputs."""
    text_entry = release_record["files"]["text"]
    resources = []
    for contract in load_contracts():
        schema = {"fields": contract["fields"]}
        if "primaryKey" in contract:
            schema["primaryKey"] = contract["primaryKey"]
        resources.append({
            "name": contract["name"],
            "path": contract["path"],
            "title": contract["title"],
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
        "licenses": [TABLE_LICENCE],
        "sources": [{"title": " ".join(text_entry["title"].split()), "path": text_entry["url"]}],
        "resources": [*resources, _raw_text_resource(text_entry)],
    }


def write_datapackage(release_record: dict, out_dir: str | Path) -> Path:
    """Write ``datapackage.json`` into ``out_dir`` atomically."""
    return write_json_atomic(Path(out_dir) / "datapackage.json", descriptor(release_record))


def dictionary_rows(name: str) -> list[dict]:
    """Rows (column, type, meaning) of one table's data dictionary."""
    for contract in load_contracts():
        if contract["name"] == name:
            return [{"column": f["name"], "type": f["type"], "meaning": f.get("description", "")}
                    for f in contract["fields"]]
    raise KeyError(name)


DATA_ZIP = "data.zip"  # beside the site's data/ folder: the folder in one download


def package_files(data_dir: str | Path) -> list[str]:
    """``datapackage.json`` and every file its resources name, as paths relative to ``data_dir``.

    Raises FileNotFoundError naming the descriptor or the first resource
    missing from ``data_dir``, and ValueError for a path that leaves it.
    """
    import json

    data_dir = Path(data_dir)
    path = data_dir / "datapackage.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no data package descriptor to publish")
    names = ["datapackage.json"]
    for resource in json.loads(path.read_text(encoding="utf-8"))["resources"]:
        relative = resource["path"]
        if Path(relative).is_absolute() or ".." in Path(relative).parts:
            raise ValueError(f"{path}: resource {resource['name']!r} has path {relative!r} outside the package folder")
        if not (data_dir / relative).is_file():
            raise FileNotFoundError(f"{path}: resource {resource['name']!r} names {relative}, which is not in {data_dir}")
        names.append(relative)
    return names


def publish_data_folder(data_dir: str | Path, site_dir: str | Path) -> Path:
    """Copy the data package into ``site_dir/data/`` and zip that folder as ``site_dir/data.zip``.

    The folder holds ``datapackage.json`` and every file it names at the
    same relative paths, so ``frictionless validate datapackage.json`` works
    on a downloaded copy; nothing else is in it. The zip is deterministic
    (sorted entries, fixed times and permissions). Files are rewritten only
    when their bytes differ. Returns the folder.
    """
    import zipfile

    data_dir, site_dir = Path(data_dir), Path(site_dir)
    folder = site_dir / "data"
    names = package_files(data_dir)
    for stale in sorted(folder.rglob("*"), reverse=True) if folder.exists() else []:
        relative = stale.relative_to(folder).as_posix()
        if stale.is_file() and relative not in names:
            stale.unlink()
        elif stale.is_dir() and not any(stale.iterdir()):
            stale.rmdir()
    for name in names:
        data = (data_dir / name).read_bytes()
        target = folder / name
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    temporary = site_dir / (DATA_ZIP + ".tmp")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(names):
            info = zipfile.ZipInfo("data/" + name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (data_dir / name).read_bytes())
    temporary.replace(site_dir / DATA_ZIP)
    return folder

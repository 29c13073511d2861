"""The Frictionless data package: one descriptor built from the column contracts.

Each output table's columns are written down once, in
``contracts/<name>.yaml`` (a Frictionless table schema with a description
per field). The descriptor ``datapackage.json`` and the book's data
dictionary are both generated from those files, so they cannot disagree.
A contract marked ``optional: true`` (the changelog, a repository's own
history; the Chinese comparison of a translated release) describes a file that
a release's output folder may not have: the descriptor written for a folder
leaves it out when the file is absent. A contract with a ``role`` describes a
raw input at the path the release record gives that file role.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from release_figures.contracts import CONTRACTS_DIR, contract, contract_columns  # noqa: F401 (re-exported)
from release_figures.tables.atomic import write_bytes_atomic

__all__ = ["RESOURCE_ORDER", "TABLE_LICENCE", "load_contracts", "contract_columns", "descriptor",
           "dictionary_rows", "package_files", "publish_data_folder", "DATA_ZIP"]

RESOURCE_ORDER = ("figures", "tokens", "changes", "checks", "chinese", "context-figures", "sources",
                  "sources-of-context", "chinese-passages", "changelog")


def load_contracts() -> list[dict]:
    """The contracts that exist, in RESOURCE_ORDER (a copy the caller may change)."""
    import copy

    return copy.deepcopy(_parsed_contracts())


def _parsed_contracts() -> tuple[dict, ...]:
    """The contracts that exist, each parsed once a process (:func:`release_figures.contracts.contract`)."""
    return tuple(contract(name) for name in RESOURCE_ORDER if (CONTRACTS_DIR / f"{name}.yaml").exists())


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


def descriptor(release_record: dict, data_dir: str | Path | None = None, declared_units: tuple[str, ...] = (),
               sections: tuple[str, ...] = ()) -> dict:
    """The datapackage.json descriptor for a release folder's outputs.

    With ``data_dir``, an optional contract's resource is listed only when
    its file exists there; without it, every contract is listed.
    ``declared_units`` are the units the release's register adds to the
    built-in ones; they join the enum of figures.csv's ``unit`` column.
    ``sections`` are the sections the register declares: the enum of
    figures.csv's ``section`` column (each release has its own).
    """
    text_entry = release_record["files"]["text"]
    resources = []
    for contract in load_contracts():
        if data_dir is not None and contract.get("optional") and not contract.get("role") \
                and not (Path(data_dir) / contract["path"]).is_file():
            continue
        fields = contract["fields"]
        if contract["name"] == "figures" and declared_units:
            fields = [_with_enum(f, declared_units) if f["name"] == "unit" else f for f in fields]
        if contract["name"] == "figures" and sections:
            fields = [_with_enum(f, sections) if f["name"] == "section" else f for f in fields]
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
        if contract.get("role"):
            # A raw input named by a file role of the release record: listed where the record names it.
            entry = release_record["files"].get(contract["role"])
            if not isinstance(entry, dict):
                continue
            places = [(contract["name"], entry["path"], " ".join(str(entry.get("title") or contract["title"]).split()))]
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
        "licenses": [TABLE_LICENCE],
        "sources": [{"title": " ".join(text_entry["title"].split()), "path": text_entry["url"]}],
        "resources": [*resources, _raw_text_resource(text_entry)],
    }


def _with_enum(field: dict, extra: tuple[str, ...]) -> dict:
    """A copy of a field whose enum constraint also allows ``extra``."""
    constraints = dict(field.get("constraints", {}))
    constraints["enum"] = list(constraints.get("enum", [])) + [value for value in extra
                                                                if value not in constraints.get("enum", [])]
    return {**field, "constraints": constraints}


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
    when their bytes differ, atomically and never through a symbolic link
    (tables.atomic). Returns the folder.
    """
    import io
    import zipfile

    from release_figures.reading.output_folder import refuse_links

    data_dir, site_dir = Path(data_dir), Path(site_dir)
    folder = site_dir / "data"
    names = package_files(data_dir)
    for stale in sorted(folder.rglob("*"), reverse=True) if folder.exists() else []:
        relative = stale.relative_to(folder).as_posix()
        if stale.is_file() and relative not in names:
            refuse_links(stale).unlink()  # never a file a linked folder leads to
        elif stale.is_dir() and not any(stale.iterdir()):
            refuse_links(stale).rmdir()
    for name in names:
        data = (data_dir / name).read_bytes()
        target = refuse_links(folder / name)
        if not target.is_file() or target.read_bytes() != data:
            write_bytes_atomic(target, data)
    # Built in memory (the package is a few hundred kilobytes), then written like every other file.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(names):
            info = zipfile.ZipInfo("data/" + name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (data_dir / name).read_bytes())
    write_bytes_atomic(site_dir / DATA_ZIP, buffer.getvalue())
    return folder

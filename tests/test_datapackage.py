"""The Frictionless data package: up to date with the contracts, and valid."""

from __future__ import annotations

import json

from release_figures.tables.datapackage import descriptor, load_contracts
from release_figures.reading.release_folder import load_release


def test_committed_descriptor_matches_the_contracts(data_dir):
    committed = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert committed == descriptor(load_release(data_dir).record, data_dir), (
        "data/datapackage.json is stale: regenerate it with `make book` (or write_datapackage) and commit it"
    )


def test_every_contract_describes_every_column_of_its_table(data_dir):
    import csv

    for contract in load_contracts():  # the repository's data/ has every table, the optional ones too
        path = data_dir / contract["path"]
        assert path.exists(), f"{path} described in contracts/{contract['name']}.yaml but missing"
        with open(path, encoding="utf-8", newline="") as stream:
            header = next(csv.reader(stream))
        assert header == [field["name"] for field in contract["fields"]], contract["name"]
        assert all(field.get("description") for field in contract["fields"]), contract["name"]


def test_frictionless_validates_the_package(data_dir):
    from frictionless import Package

    report = Package(str(data_dir / "datapackage.json")).validate()
    errors = [] if report.valid else report.flatten(["rowNumber", "fieldName", "type", "message"])
    assert report.valid, errors[:10]


def test_an_optional_table_absent_from_a_folder_is_left_out_of_its_descriptor(data_dir, tmp_path):
    record = load_release(data_dir).record
    optional = [contract["name"] for contract in load_contracts() if contract.get("optional")]
    assert optional == ["changelog"]
    names = [resource["name"] for resource in descriptor(record, tmp_path)["resources"]]
    assert "changelog" not in names and "checks" in names  # required tables are listed even when absent
    (tmp_path / "changelog.csv").write_text("version,table,id,field,before,after,reason\n", encoding="utf-8")
    assert "changelog" in [resource["name"] for resource in descriptor(record, tmp_path)["resources"]]

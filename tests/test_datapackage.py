"""The Frictionless data package: every column described, valid, published as it names.

That the committed datapackage.json is what the build writes is tested with
every table: ``tests/test_changes.py``, ``test_built_tables_are_current_and_deterministic``.
"""

from __future__ import annotations

import json

from release_figures.tables.datapackage import descriptor, load_contracts
from release_figures.reading.register import load_register
from release_figures.reading.release_folder import load_release


def test_the_section_column_takes_the_sections_the_register_declares(data_dir):
    # Each release declares its own sections: they, and only they, are the enum of figures.csv's section.
    record = load_release(data_dir).record

    def section_field(**given):
        figures = next(r for r in descriptor(record, **given)["resources"] if r["name"] == "figures")
        return next(f for f in figures["schema"]["fields"] if f["name"] == "section")

    assert section_field(sections=("fraud", "economic crime"))["constraints"] == {
        "required": True, "enum": ["fraud", "economic crime"]}
    assert "enum" not in section_field()["constraints"]


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
    assert optional == ["chinese", "sources", "sources-of-context", "chinese-passages", "changelog"]
    names = [resource["name"] for resource in descriptor(record, tmp_path)["resources"]]
    assert "changelog" not in names and "chinese" not in names and "checks" in names  # required tables always
    # A raw input named by a file role is listed where the release record puts it.
    assert "sources" in names and "chinese-passages" in names
    (tmp_path / "changelog.csv").write_text("version,table,id,field,before,after,reason\n", encoding="utf-8")
    assert "changelog" in [resource["name"] for resource in descriptor(record, tmp_path)["resources"]]


def _small_package(folder):
    (folder / "raw").mkdir(parents=True)
    (folder / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (folder / "raw" / "t.txt").write_text("text\n", encoding="utf-8")
    (folder / "unlisted.yaml").write_text("k: v\n", encoding="utf-8")
    (folder / "datapackage.json").write_text(json.dumps({"name": "p", "resources": [
        {"name": "a", "path": "a.csv"}, {"name": "t", "path": "raw/t.txt", "type": "text"}]}), encoding="utf-8")


def test_published_folder_holds_the_descriptor_and_exactly_what_it_names(tmp_path):
    import zipfile

    from release_figures.tables.datapackage import DATA_ZIP, publish_data_folder

    _small_package(tmp_path / "src")
    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    (site / "data" / "stale.csv").write_text("old\n", encoding="utf-8")
    folder = publish_data_folder(tmp_path / "src", site)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "a.csv", "datapackage.json", "raw/t.txt"]
    with zipfile.ZipFile(site / DATA_ZIP) as archive:
        assert archive.namelist() == ["data/a.csv", "data/datapackage.json", "data/raw/t.txt"]
        assert archive.read("data/raw/t.txt") == b"text\n"
    first = (site / DATA_ZIP).read_bytes()
    publish_data_folder(tmp_path / "src", site)
    assert (site / DATA_ZIP).read_bytes() == first, "the zip is byte-identical across builds"


def test_publishing_a_package_with_a_missing_resource_names_it(tmp_path):
    import pytest

    from release_figures.tables.datapackage import publish_data_folder

    _small_package(tmp_path / "src")
    (tmp_path / "src" / "raw" / "t.txt").unlink()
    with pytest.raises(FileNotFoundError, match=r"resource 't' names raw/t\.txt, which is not in"):
        publish_data_folder(tmp_path / "src", tmp_path / "site")


def test_descriptor_names_the_raw_text_with_its_checksum_and_terms(data_dir):
    record = load_release(data_dir).record
    text = [r for r in descriptor(record)["resources"] if r["name"] == "release-text"]
    assert len(text) == 1
    assert text[0]["path"] == record["files"]["text"]["path"]
    assert text[0]["hash"] == "sha256:" + record["files"]["text"]["sha256"]
    assert "not covered by the package's licence" in text[0]["description"]

"""The data a reader takes away from the built site: the data folder and its zip, validated as downloaded."""

from __future__ import annotations

import shutil
import zipfile

import pytest

pytestmark = [pytest.mark.slow]


def _validate(folder):
    from frictionless import Package

    report = Package(str(folder / "datapackage.json")).validate()
    return [] if report.valid else report.flatten(["resourceName", "rowNumber", "fieldName", "type", "message"])


def test_site_data_folder_validates_as_downloaded(built_book, tmp_path):
    """Copied alone to another folder, the site's data/ is a valid Frictionless package."""
    copy = tmp_path / "downloaded"
    shutil.copytree(built_book / "data", copy)
    assert _validate(copy) == []
    names = {p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file()}
    assert {"datapackage.json", "figures.csv", "checks.csv"} <= names
    assert any(name.startswith("raw/") and name.endswith(".txt") for name in names), "the raw text is in the folder"


def test_site_data_zip_holds_the_same_folder_and_validates(built_book, tmp_path):
    with zipfile.ZipFile(built_book / "data.zip") as archive:
        archive.extractall(tmp_path)
    unzipped = {p.relative_to(tmp_path / "data").as_posix() for p in (tmp_path / "data").rglob("*") if p.is_file()}
    published = {p.relative_to(built_book / "data").as_posix() for p in (built_book / "data").rglob("*") if p.is_file()}
    assert unzipped == published
    assert _validate(tmp_path / "data") == []


def test_data_page_links_folder_and_zip_and_states_both_licences(built_book):
    html = (built_book / "data.html").read_text(encoding="utf-8")
    assert 'href="data/datapackage.json"' in html and 'href="data.zip"' in html
    assert "Creative Commons Attribution 4.0" in html
    assert "No licence is granted by the producer" in html, "the raw text's terms are on the page"
    for table in ("figures.csv", "tokens.csv", "changes.csv", "checks.csv"):
        assert f'href="data/{table}"' in html, f"{table} links to the data folder, not a hashed copy"

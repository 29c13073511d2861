"""Raw files are untouched: their SHA-256 matches the provenance record."""

from __future__ import annotations

import shutil

import pytest

from release_figures.errors import ChecksumMismatchError, ReleaseError
from release_figures.reading.release_folder import load_release, sha256_of

FIELDS = ("path", "producer", "title", "published", "url", "licence", "sha256")


def test_every_raw_file_matches_its_recorded_checksum(data_dir):
    release = load_release(data_dir)
    for role, entry in release.file_entries().items():
        path = data_dir / entry["path"]
        assert sha256_of(path) == entry["sha256"], (
            f"{path} ({role}) changed: raw files are never edited. If the new bytes are a deliberate "
            f"new snapshot, re-record with: python -m release_figures record-checksums data"
        )
        assert all(entry.get(field) is not None for field in FIELDS)


def test_release_text_checksum_is_the_one_published_with_the_sources(data_dir):
    # The value printed in shared/sources/README.md for the release text.
    expected = "b4c0f3b26be43d562405b36932a05b8b5716bf3fe04b8866bfa4c693855416d0"
    assert load_release(data_dir).file_entries()["text"]["sha256"] == expected


def test_a_changed_raw_file_is_reported_with_how_to_re_record(tmp_path, data_dir):
    copy = tmp_path / "release"
    shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns("*.csv", "*.json"))
    shutil.copytree(data_dir / "raw", copy / "raw", dirs_exist_ok=True)
    text = copy / "raw" / "mps-2022-review.chinanews.en.txt"
    text.write_bytes(text.read_bytes().replace(b"391,000", b"391,001"))
    with pytest.raises(ChecksumMismatchError, match=r"(?s)mps-2022-review\.chinanews\.en\.txt: SHA-256 is .*record-checksums"):
        load_release(copy).verify_checksums()


def test_a_release_folder_without_register_is_rejected(tmp_path, data_dir):
    shutil.copy(data_dir / "release.yaml", tmp_path / "release.yaml")
    with pytest.raises(ReleaseError, match=r"register\.yaml: missing"):
        load_release(tmp_path)


def test_record_checksums_rewrites_only_the_checksum_lines(tmp_path):
    # A new release folder starts with placeholder checksums ("0"); filling them in must not
    # replace the same characters anywhere else in release.yaml (its dates, ids and titles hold 0s).
    import re
    import shutil

    from _invented import CHINESE_FIXTURE, run_cli

    from release_figures.reading.release_folder import load_release

    folder = tmp_path / "release"
    shutil.copytree(CHINESE_FIXTURE, folder)
    record = folder / "release.yaml"
    original = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"sha256: \S+", 'sha256: "0"', original), encoding="utf-8")
    result = run_cli("record-checksums", str(folder))
    assert result.returncode == 0, result.stderr
    assert record.read_text(encoding="utf-8") == original
    load_release(folder).verify_checksums()

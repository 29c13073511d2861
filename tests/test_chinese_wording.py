"""The Chinese original beside the translation: passages as data, each figure matched, differences as checks."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from release_figures.reading.chinese_wording import ChineseWordingError, load_release_chinese
from release_figures.reading.release_folder import load_release
from release_figures.pipeline.validation import validate_release


@pytest.fixture(scope="module")
def chinese(data_dir):
    with open(data_dir / "chinese.csv", encoding="utf-8", newline="") as stream:
        return {row["figure_id"]: row for row in csv.DictReader(stream)}


@pytest.fixture(scope="module")
def passages(data_dir):
    with open(data_dir / "raw" / "chinese-passages.csv", encoding="utf-8", newline="") as stream:
        return {row["passage_id"]: row for row in csv.DictReader(stream)}


def test_every_figure_has_a_row_and_the_coverage_is_as_found(chinese, data_dir):
    with open(data_dir / "figures.csv", encoding="utf-8", newline="") as stream:
        figures = [row["figure_id"] for row in csv.DictReader(stream)]
    assert list(chinese) == figures
    found = [row for row in chinese.values() if row["found"] == "same_conference"]
    assert len(found) >= 28, "the Chinese wording of at least 28 figures is found in reports of this press conference"
    for row in chinese.values():
        if row["found"] == "not_found":
            assert row["searched_outlets"] and row["searched_words"], row["figure_id"]
        else:
            assert not row["searched_outlets"] and not row["searched_words"]


def test_every_quote_occurs_verbatim_in_a_checksummed_passage(chinese, passages, data_dir):
    release = load_release(data_dir)
    release.verify_checksums()  # raw/chinese-passages.csv and raw/sources.csv are checksummed like every raw file
    roles = release.file_entries()
    assert roles["chinese-passages"]["path"] == "raw/chinese-passages.csv" and roles["sources"]["path"] == "raw/sources.csv"
    for row in chinese.values():
        if row["found"] != "not_found":
            assert row["chinese_quote"] in passages[row["passage_id"]]["passage"], row["figure_id"]
            assert row["chinese_stated"] in row["chinese_quote"], row["figure_id"]


# The eight differences first found by searching Chinese reports of the conference, each verified against
# its passage and held here with the printed Chinese verbatim.
@pytest.mark.parametrize("figure_id, quote, stated, relation, point", [
    ("drivers-net-increase", "驾驶人增加2064万人,总量突破5亿人", "2064万", "differs", "omission: differs"),
    ("vehicles-stock", "保有量达4.17亿辆", "4.17亿", "differs", "scope: differs"),
    ("service-items-online", "“全程网办”1.2万项", "1.2万", "differs", "omission: differs"),
    ("people-benefiting", "惠及6亿多人次", "6亿多", "differs", "unit: differs"),
    ("cost-saved", "减少民众、企业办事费用60多亿元人民币", "60多亿", "differs", "scope: differs"),
    ("hundred-day-suspects", "抓获违法犯罪嫌疑人143万余名", "143万余", "differs", "scope: differs"),
    ("fraud-cases-cracked", "截至2022年11月底,全国共破获电信网络诈骗案件39.1万起", "39.1万", "same", "period: same"),
    ("street-police-stations", "累计建成街面警务站2.1万个", "2.1万", "allows", "period: allows"),
])
def test_the_eight_differences(chinese, figure_id, quote, stated, relation, point):
    row = chinese[figure_id]
    assert (row["found"], row["chinese_quote"], row["chinese_stated"], row["relation"]) == (
        "same_conference", quote, stated, relation)
    assert point in row["points"].split("; ")
    # The numbers themselves agree as printed in every one of them: the differences are in the words.
    assert row["value_agrees"] == "yes" and row["qualifier_agrees"] == "yes"


@pytest.mark.parametrize("figure_id, value", [
    ("people-benefiting", "600000000"),       # 6亿多: 6 x 10^8, more than
    ("cost-saved", "6000000000"),             # 60多亿: 60 x 10^8
    ("hundred-day-suspects", "1430000"),      # 143万余: 143 x 10^4
    ("fraud-cases-registered-change", "-17.3"),  # 下降17.3%: the direction word gives the sign
    ("fraud-goal-upgrades", "2"),             # 两 in 两升两降, the first
])
def test_numbers_read_from_the_chinese(chinese, figure_id, value):
    assert chinese[figure_id]["chinese_value"] == value


def test_differences_are_translation_checks_with_reading_verdicts(data_dir, chinese):
    with open(data_dir / "checks.csv", encoding="utf-8", newline="") as stream:
        checks = {row["check_id"]: row for row in csv.DictReader(stream)}
    verdict = {"same": "consistent", "allows": "reading_possible", "differs": "reading_ruled_out"}
    for figure_id, row in chinese.items():
        check = checks.get(f"chinese-{figure_id}")
        if row["found"] != "same_conference":
            assert check is None, f"{figure_id}: wording from another statement is shown, never judged"
            continue
        assert (check["subject"], check["family"], check["verdict"]) == ("translation", "translation",
                                                                        verdict[row["relation"]])
        assert check["inputs"].split() == [figure_id, row["passage_id"]]


def _copy(data_dir: Path, target: Path) -> Path:
    shutil.copytree(data_dir, target, ignore=shutil.ignore_patterns("versions", "changelog.csv"))
    return target


@pytest.mark.parametrize("old, new, message", [
    ("quote: 惠及6亿多人次", "quote: 惠及6亿余人次",
     r"figures\[31\] \('people-benefiting'\): quote '惠及6亿余人次' does not occur in passage 'cns-wire-services'; "
     r"expected it verbatim"),
    ("english: 600 million people", "english: 600 million persons",
     r"points \(unit\): english '600 million persons' does not occur in the release text"),
    ("passage: cns-wire-legal", "passage: cns-wire-nowhere",
     r"passage: expected an id of the Chinese passages, got 'cns-wire-nowhere'"),
    ("relation: differs\n    meaning: '人次", "relation: opposite\n    meaning: '人次", r"relation: expected one of"),
])
def test_a_bad_entry_is_refused_by_figure_and_field(data_dir, tmp_path, old, new, message):
    copy = _copy(data_dir, tmp_path / "data")
    path = copy / "chinese.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ChineseWordingError, match=message):
        validate_release(copy)


def test_a_missing_figure_entry_is_refused(data_dir, tmp_path):
    copy = _copy(data_dir, tmp_path / "data")
    path = copy / "chinese.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- figure_id: police-children-education")
    end = text.index("- figure_id: police-killed")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ChineseWordingError, match=r"no entry for the figure\(s\) police-children-education"):
        load_release_chinese(load_release(copy), _figure_ids(copy))


def _figure_ids(folder: Path) -> list[str]:
    with open(folder / "figures.csv", encoding="utf-8", newline="") as stream:
        return [row["figure_id"] for row in csv.DictReader(stream)]

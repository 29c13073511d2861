"""Display helpers of the book's pages: figure citations, notes on the text, BibTeX."""

from __future__ import annotations

import pytest

from release_figures.views import citations, figure_views

CFF = {"title": "A checked book", "url": "https://example.org/book/", "version": "1.0", "date-released": "2027-03-04",
       "repository-code": "https://example.org/code", "authors": [{"name": "The project"}]}
# What every citation of this book opens with: authors, year, title, version and the version's date.
LEAD = "The project (2027). \u201cA checked book\u201d, version 1.0 (4 March 2027)"

ROW = {"figure_id": "fraud-cases-cracked", "indicator": "fraud cases cracked", "stated": "391,000",
       "qualifier": "exact", "unit": "cases", "period": "2022-01/2022-11", "section": "social stability",
       "value": "391000", "precision": "1000", "kind": "count", "quote": "a total of 391,000 <cases>",
       "start": "10", "end": "36", "note": ""}


@pytest.mark.parametrize("qualifier, shown", [
    ("exact", "391,000 cases"),  # exact: the printed number alone
    ("more_than", "more than 391,000 cases"),  # the qualifier in words, underscore removed
])
def test_figure_citation_names_book_figure_value_and_anchor(qualifier, shown):
    line = citations.figure_citation({**ROW, "qualifier": qualifier}, CFF)
    # The address names the version: each version is published at its own path and kept there.
    assert line == (f"{LEAD}, figure fraud-cases-cracked: fraud cases cracked, {shown}, January to November 2022. "
                    "https://example.org/book/v1.0/notebooks/01_figures.html#fraud-cases-cracked")


def test_a_figure_whose_period_is_open_is_cited_with_both():
    line = citations.figure_citation({**ROW, "period_alternative": "2022"}, CFF)
    assert ", January to November 2022 (or 2022, which the text also allows). https://" in line


CHANGE = {**ROW, "figure_id": "fraud-cases-registered-change", "kind": "change_pct", "unit": "percent",
          "indicator": "fraud cases registered, change on a year earlier", "period": "2022"}


@pytest.mark.parametrize("value, stated, qualifier, period, phrase", [
    ("-17.3", "17.3%", "exact", "2022", "fell 17.3% on a year earlier"),  # the sign is the direction, shown once
    ("5.7", "5.7%", "exact", "2022", "rose 5.7% on a year earlier"),
    ("64.4", "64.4 %", "more_than", "2022", "rose more than 64.4 % on a year earlier"),
    ("-1.3", "-1.3", "exact", "2022-01/2022-11", "fell 1.3% on the same period a year earlier"),  # percent sign added once
    ("0", "0%", "exact", "2022", "was unchanged on a year earlier"),
])
def test_a_change_keeps_its_direction_and_its_unit_once(value, stated, qualifier, period, phrase):
    row = {**CHANGE, "value": value, "stated": stated, "qualifier": qualifier, "period": period}
    assert citations.figure_value_phrase(row) == phrase
    line = citations.figure_citation(row, CFF)
    assert f": fraud cases registered {phrase}, {'2022' if period == '2022' else 'January to November 2022'}. " in line
    assert "percent" not in line and line.count("%") == phrase.count("%") <= 1


def test_a_share_is_its_percentage_once():
    row = {**ROW, "kind": "share_pct", "unit": "percent", "stated": "99.3%", "value": "99.3", "indicator": "completion rate"}
    assert citations.figure_value_phrase(row) == "99.3%"


def test_a_change_whose_value_is_not_a_number_is_refused_by_name():
    with pytest.raises(ValueError, match=r"figure fraud-cases-registered-change: value 'down' of a change is not a number"):
        citations.figure_value_phrase({**CHANGE, "value": "down"})


def test_the_figures_tables_give_each_row_its_anchor_and_citation_and_escape_the_quote():
    row = {**ROW, "precision_rule": "printed", "period_alternative": ""}
    html = str(figure_views.figures_cards([row], [], [], cff=CFF))
    assert '<tr id="fraud-cases-cracked" ' in html and '<a class="permalink" href="#fraud-cases-cracked"' in html
    assert f'<details class="cite"><summary>cite</summary><p class="cite-text">{LEAD}, figure fraud-cases-cracked' in html
    # The quote is text, never markup, and links to its place in the release text.
    assert '<a href="../release-text.html#text-fraud-cases-cracked">“a total of 391,000 &lt;cases&gt;”</a>' in html
    assert "<cases>" not in html


def test_text_notes_keeps_noted_figures_in_text_order():
    rows = [{**ROW, "figure_id": "b", "start": "50", "note": "  second\n  note "},
            {**ROW, "figure_id": "c", "start": "70", "note": ""},
            {**ROW, "figure_id": "a", "start": "5", "note": "first"}]
    assert [(n["figure_id"], n["note"]) for n in figure_views.text_notes(rows)] == [("a", "first"), ("b", "second note")]


def test_bibtex_book_escapes_text_but_not_urls():
    entry = citations.bibtex_book({**CFF, "title": "Costs & 50% of_it", "url": "https://example.org/a_b%20c/"})
    assert entry.splitlines()[0] == "@misc{release_figures_book,"
    assert "  author = {{The project}}," in entry
    assert "  title = {Costs \\& 50\\% of\\_it}," in entry
    assert "  url = {https://example.org/a_b%20c/v1.0/}," in entry
    assert entry.endswith("}") and not entry.splitlines()[-2].endswith(",")


def test_bibtex_book_gives_year_date_version_and_address():
    entry = citations.bibtex_book({**CFF, "version": "0.2.0", "date-released": "2027-03-04"})
    assert "  year = {2027}," in entry and "  date = {2027-03-04}," in entry
    assert "  version = {0.2.0}," in entry
    assert "  url = {https://example.org/book/v0.2.0/}," in entry


def test_check_citation_names_check_claim_verdict_and_anchor():
    row = {"check_id": "sum-a", "claim": "The parts  add up\n to the whole.", "verdict": "consistent_within_rounding"}
    assert citations.check_citation(row, CFF) == (
        f"{LEAD}, check sum-a: The parts add up to the whole (agrees within rounding only). "
        "https://example.org/book/v1.0/notebooks/03_consistency.html#sum-a")


def test_a_change_and_a_chart_are_cited_like_a_figure():
    row = {"change_id": "fraud-ratio", "description": "Cases cracked per case registered,\n 2022 against 2021."}
    assert citations.change_citation(row, CFF) == (
        f"{LEAD}, comparison fraud-ratio: Cases cracked per case registered, 2022 against 2021. "
        "https://example.org/book/v1.0/notebooks/02_year_on_year.html#fraud-ratio")
    assert citations.chart_citation("Fraud cases solved rose", "chart-x", CFF, "index.html") == (
        f"{LEAD}, chart: Fraud cases solved rose. https://example.org/book/v1.0/index.html#chart-x")


def test_bibtex_release_dates_from_the_record():
    record = {"title": "The  press\n conference", "files": {"text": {
        "title": "Report", "producer": "A news agency", "published": "2023-01-10", "url": "https://example.org/r"}}}
    entry = citations.bibtex_release(record)
    assert "  year = {2023}," in entry and "  date = {2023-01-10}," in entry
    assert "  author = {{A news agency}}," in entry
    assert "  note = {The press conference}" in entry


def test_load_citation_names_the_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"CITATION\.cff.*missing"):
        citations.load_citation(tmp_path / "CITATION.cff")


def test_load_citation_refuses_metadata_without_a_site_address(tmp_path):
    path = tmp_path / "CITATION.cff"
    path.write_text("title: T\nauthors: [{name: P}]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"CITATION\.cff has no 'url'"):
        citations.load_citation(path)


def test_provenance_table_has_a_column_per_raw_file(data_dir):
    from release_figures.reading.release_folder import load_release
    from release_figures.views.figure_views import provenance_table

    table = provenance_table(load_release(data_dir))
    assert list(table.columns) == ["raw/mps-2022-review.chinanews.en.txt", "raw/context-figures.csv",
                                   "raw/context-additions.csv", "raw/context-additions-0.3.0.csv", "raw/sources.csv",
                                   "raw/context-sources.csv", "raw/chinese-passages.csv"]
    assert table.loc["sha256", "raw/mps-2022-review.chinanews.en.txt"] == (
        "b4c0f3b26be43d562405b36932a05b8b5716bf3fe04b8866bfa4c693855416d0")
    assert table.loc["role"].tolist() == ["text", "context", "context-additions", "context-additions-0.3.0", "sources",
                                              "sources-of-context", "chinese-passages"]

"""How the pages read: numbers for readers, one table renderer, templates that escape, badges that contrast."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from release_figures.views.check_views import badge, badge_colours, contrast_ratio
from release_figures.views.reader_numbers import (format_interval, format_number, gloss_chinese_numbers, readable,
                                                  unglossed_chinese_numbers, yes_no)
from release_figures.views.tables import book_table


def test_numbers_get_thousands_separators_and_counts_whole_numbers():
    assert format_number("416290000") == "416,290,000"
    assert format_number("369914.85", count=True) == "369,915"  # a count's face value, to the whole number
    assert format_number("-17.30") == "-17.3"


def test_an_interval_of_a_count_is_in_whole_numbers_rounded_outward():
    assert format_interval("369267.6", "370562.2", count=True) == "[369,267, 370,563]"


def test_a_ratio_keeps_the_digits_that_separate_its_ends():
    # The ends first differ in the second decimal: one more is kept, rounded outward.
    assert format_interval("1.44412", "1.48768") == "[1.444, 1.488]"
    # Differing only in the seventh decimal, the seventh and eighth are needed.
    assert format_interval("1.461988301", "1.461988402") == "[1.46198830, 1.46198841]"
    # A short exact end is kept as printed; brackets keep their meaning.
    assert format_interval("5.65", "5.75", True, False) == "[5.65, 5.75)"
    assert format_interval("640000", None, False, False) == "(640,000, +inf)"


def test_generated_text_reads_with_separators_and_glossed_chinese_numbers():
    text = "parts 12,000 + 23,000 = [34000, 35998]; the ministry's 64万余 and 35,000 (3.5万)"
    assert readable(text) == ("parts 12,000 + 23,000 = between 34,000 and 35,998; the ministry's "
                              "more than 640,000 (64万余) and 35,000 (3.5万)")
    assert readable("a change of [-36.7, -33.64]%") == "a change of between -36.7% and -33.6%"  # rounded outward
    assert readable("a level in (640000, +inf)") == "a level in more than 640,000"
    assert readable("[5, 5]") == "exactly 5"


def test_a_chinese_number_is_glossed_once_and_a_chinese_quote_stays_as_printed():
    assert gloss_chinese_numbers("3.5万 cases") == "35,000 (3.5万) cases"
    assert gloss_chinese_numbers("35,000 (3.5万) cases") == "35,000 (3.5万) cases"
    assert gloss_chinese_numbers("'抓获违法犯罪嫌疑人54.9万余名'") == "'抓获违法犯罪嫌疑人54.9万余名'"
    assert unglossed_chinese_numbers("nearest value 3478万; 2,600 (2600余)") == ["3478万", "2600余"]


def test_flags_read_yes_or_no_and_anything_else_is_refused():
    assert [yes_no("true"), yes_no("false"), yes_no(True)] == ["yes", "no", "yes"]
    with pytest.raises(ValueError, match=r"'maybe' is not a yes/no flag"):
        yes_no("maybe")


def _frame():
    return pd.DataFrame({"checks": [1200, 3], "meaning": ["a <b>", "**x** $y$"]},
                        index=pd.Index(["consistent", "other"], name="verdict"))


def test_book_table_labels_counts_escapes_and_is_deterministic():
    labels = {"verdict": "verdict", "checks": "checks", "meaning": "what it means"}
    html = book_table(_frame(), table_id="t-1", labels=labels, counts=("checks",))
    assert html == book_table(_frame(), table_id="t-1", labels=labels, counts=("checks",))
    assert 'class="number">1,200</td>' in html and "a &lt;b&gt;" in html and "**x** $y$" in html
    headers = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', html)
    assert headers == ["verdict", "checks", "what it means"]
    # each cell carries its column's name, which leads it on a phone's card
    assert '<th scope="row" data-label="verdict">consistent</th>' in html
    assert '<td data-label="what it means" class="wide">' not in html  # no column was declared wide
    assert 'id="t-1"' in html and 'tabindex="0" role="region" aria-label="t-1"' in html


def test_book_table_refuses_a_column_without_words():
    with pytest.raises(ValueError, match=r"table t-2: no label in words for column\(s\) \['meaning'\]"):
        book_table(_frame(), table_id="t-2", labels={"verdict": "verdict", "checks": "checks"})


def test_every_verdict_badge_passes_wcag_aa_contrast():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    for verdict, (background, text) in badge_colours().items():
        assert contrast_ratio(text, background) >= 4.5, verdict
        assert f"background:{background};color:{text}" in badge(verdict)
    assert ">agrees within rounding only</span>" in badge("consistent_within_rounding")  # the verdict in words


def test_generated_text_gives_periods_and_dates_in_words_and_leaves_ids_alone():
    assert readable("cases cracked, 2021-01/2021-11, implied") == "cases cracked, January to November 2021, implied"
    assert readable("Xinhua, 2023-05-30") == "Xinhua, 30 May 2023"
    assert readable("2022-06-25/2022-09-27") == "25 June to 27 September 2022"
    assert readable("see police-killed-series-2021-2022") == "see police-killed-series-2021-2022"  # an id stays

"""Source text is text: markup in a release's text reaches the tables literally and the HTML escaped.

The fixture release ``tests/fixtures/hostile-release`` is a tiny release
whose text holds ``<script>alert(1)</script>``, ``<b>``, a MyST role
``{glue}`figure```, Markdown ``**bold**`` and TeX ``$x$``. Its figures
table must carry those characters unchanged in the quotes, and the HTML
the book shows must escape them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from release_figures.tables.atomic import csv_text
from release_figures.stages.figures import FIGURE_COLUMNS
from release_figures.tables.build import run_figures_stage
from release_figures.reading.release_folder import load_release
from release_figures.views.figure_views import figures_cards

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile-release"


@pytest.fixture(scope="module")
def stage():
    load_release(HOSTILE).verify_checksums()
    return run_figures_stage(HOSTILE)


def test_quotes_carry_markup_literally(stage):
    rows = {row["figure_id"]: row for row in csv.DictReader(io.StringIO(csv_text(FIGURE_COLUMNS, stage.rows)))}
    assert rows["hostile-cases"]["quote"] == "<script>alert(1)</script> a total of 1,234 cases were cracked <b>nationwide</b>"
    assert rows["hostile-seized"]["quote"] == "seized **bold** 5.6 tons of $x$ powder"
    # the values are still read from the quotes: the script's "1" is not the figure
    assert (rows["hostile-cases"]["value"], rows["hostile-cases"]["precision"]) == ("1234", "1")
    assert (rows["hostile-seized"]["value"], rows["hostile-seized"]["precision"]) == ("5.6", "0.1")
    assert rows["hostile-cases-change"]["value"] == "12.5"
    for row in rows.values():
        assert stage.text[int(row["start"]):int(row["end"])] == row["quote"]


def test_every_token_is_explained(stage):
    # alert(1) is excluded by name; 3rd and 2022 as date and year
    statuses = {(row["token"], row["status"]) for row in stage.tokens}
    assert statuses == {("3rd", "excluded"), ("2022", "excluded"), ("1", "excluded"),
                        ("1,234", "figure"), ("5.6", "figure"), ("12.5%", "figure")}


def test_the_figures_tables_escape_the_quotes(stage):
    """The figures chapter's tables (figures_cards, as the notebook calls it) show the source's markup as text."""
    html = str(figures_cards(stage.rows, [], []))
    assert "<script" not in html
    assert "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;nationwide&lt;/b&gt;" in html
    assert "cases cracked &lt;i&gt;in italics&lt;/i&gt;" in html
    # Markdown and TeX pass through as characters: HTML gives them no meaning
    assert "seized **bold** 5.6 tons of $x$ powder" in html


def test_the_figures_tables_have_only_their_own_tags(stage):
    import re

    tags = set(re.findall(r"<\s*/?\s*([a-zA-Z0-9]+)", str(figures_cards(stage.rows, [], []))))
    assert tags <= {"div", "table", "caption", "thead", "tbody", "tr", "th", "td", "a", "br", "strong", "code", "small",
                    "details", "summary", "p", "button", "span"}


def test_chinese_runs_in_english_text_are_marked_and_everything_else_escaped():
    from markupsafe import Markup

    from release_figures.views.render import chinese_marked

    assert chinese_marked("more than 12,000 (1.2万余) persons") == \
        'more than 12,000 (<span lang="zh">1.2万余</span>) persons'
    assert chinese_marked("“超过2337万名群众使用”") == '“<span lang="zh">超过2337万名群众使用</span>”'
    assert chinese_marked("<script>3.5万</script>") == '&lt;script&gt;<span lang="zh">3.5万</span>&lt;/script&gt;'
    assert chinese_marked("fell 17.3% on 2021") == "fell 17.3% on 2021"  # no Chinese, no span
    assert chinese_marked(Markup('<span lang="zh">万</span>')) == '<span lang="zh">万</span>'  # safe stays as made

"""The chart pipeline on its own: a one-page book holding a chart, rendered with no network.

This checks that the book's extension (``book/_ext/vega_assets.py``) and the
chart renderer (``release_figures.views.charts``) fit together, whether or not the
chapters hold charts yet: the bundle is linked as a module script, the
chart's script finds ``window.vegaEmbed`` and draws marks, and nothing is
requested from another host.
"""

from __future__ import annotations

import shutil

import altair as alt
import pandas as pd
import pytest

from browser_helpers import REPO_ROOT, LocalSite, visit_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _chart_html() -> str:
    from release_figures.views.charts import render_chart_html, use_book_style

    use_book_style()
    frame = pd.DataFrame({"verdict": ["consistent", "inconsistent", "not_testable"], "checks": [4, 2, 1]})
    chart = alt.Chart(frame).mark_bar().encode(x="checks:Q", y="verdict:N")
    return render_chart_html(chart.to_dict())


@pytest.fixture(scope="module")
def chart_site(tmp_path_factory):
    from release_figures.book.build import build_html

    root = tmp_path_factory.mktemp("chartbook")
    stage = root / "src"
    stage.mkdir()
    for name in ("_config.yml", "_ext", "_static"):
        source = REPO_ROOT / "book" / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, stage / name)
    (stage / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    (stage / "intro.md").write_text("# A chart\n\nThe bars below are drawn offline.\n\n" + _chart_html() + "\n",
                                    encoding="utf-8")
    html = build_html(stage, root)
    with LocalSite(html) as site:
        yield site


def test_bundle_is_shipped_and_linked_as_a_module(chart_site):
    bundle = chart_site.root / "_static" / "vega" / "vega-bundle.js"
    assert "window.vegaEmbed=" in bundle.read_text(encoding="utf-8")
    page = (chart_site.root / "intro.html").read_text(encoding="utf-8")
    assert '<script type="module" src="_static/vega/vega-bundle.js"></script>' in page


def test_chart_renders_marks_with_other_hosts_blocked(chromium, chart_site):
    visit = visit_page(chromium, chart_site, "intro.html")
    assert len(visit.charts) == 1
    # Three bars: at least three rendered mark elements.
    assert visit.charts[0]["marks"] >= 3, visit.charts
    assert visit.problems() == [], visit.where()

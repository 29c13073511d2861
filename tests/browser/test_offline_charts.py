"""The chart pipeline on its own: a one-page book holding a chart, rendered with no network.

This checks that the book's extension (``book/_ext/vega_assets.py``) and the
chart renderer (``release_figures.views.charts``) fit together, whether or not the
chapters hold charts yet: the bundle is linked as a classic (deferred)
script, so it also runs on a page opened from disk, the chart's script finds
``window.vegaEmbed`` and draws marks, and nothing is requested from another
host.
"""

from __future__ import annotations

import json
import re
import shutil

import altair as alt
import pandas as pd
import pytest

from browser_helpers import CHART_STATE_JS, CHART_TIMEOUT_MS, CHARTS_SETTLED_JS, REPO_ROOT, LocalSite, visit_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _chart_html() -> str:
    from release_figures.views.charts import render_chart_html, use_book_style

    use_book_style()
    frame = pd.DataFrame({"verdict": ["consistent", "inconsistent", "not_testable"], "checks": [4, 2, 1]})
    chart = alt.Chart(frame).mark_bar().encode(x="checks:Q", y="verdict:N")
    return render_chart_html(chart.to_dict())


@pytest.fixture(scope="module")
def chart_site(tmp_path_factory):
    from release_figures.book.build import build_html, build_info

    root = tmp_path_factory.mktemp("chartbook")
    stage = root / "src"
    stage.mkdir()
    for name in ("_config.yml", "_ext", "_static"):
        source = REPO_ROOT / "book" / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, stage / name)
    (stage / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    (stage / "build-info.json").write_text(json.dumps(build_info()), encoding="utf-8")
    (stage / "intro.md").write_text("# A chart\n\nThe bars below are drawn offline.\n\n" + _chart_html() + "\n",
                                    encoding="utf-8")
    html = build_html(stage, root)
    with LocalSite(html) as site:
        yield site


def test_bundle_is_shipped_and_linked_as_a_classic_script(chart_site):
    bundle = (chart_site.root / "_static" / "vega" / "vega-bundle.js").read_text(encoding="utf-8")
    assert "window.vegaEmbed=" in bundle
    assert bundle.startswith("(function () {") and bundle.rstrip().endswith("})();")
    page = (chart_site.root / "intro.html").read_text(encoding="utf-8")
    assert re.search(r'<script defer="defer" src="_static/vega/vega-bundle\.js(\?v=[0-9a-f]+)?"></script>', page)
    assert 'type="module"' not in page


def test_chart_renders_from_disk(chromium, chart_site):
    """Opened as a file (origin null), where a module script would be blocked, the chart draws its marks."""
    context = chromium.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    try:
        page.goto((chart_site.root / "intro.html").as_uri(), wait_until="load")
        page.wait_for_function(CHARTS_SETTLED_JS, timeout=CHART_TIMEOUT_MS)
        charts = page.evaluate(CHART_STATE_JS)
    finally:
        context.close()
    assert errors == []
    assert len(charts) == 1 and charts[0]["marks"] >= 3, charts


def test_chart_renders_marks_with_other_hosts_blocked(chromium, chart_site):
    visit = visit_page(chromium, chart_site, "intro.html")
    assert len(visit.charts) == 1
    # Three bars: at least three rendered mark elements.
    assert visit.charts[0]["marks"] >= 3, visit.charts
    assert visit.problems() == [], visit.where()

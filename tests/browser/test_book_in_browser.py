"""Every page of the built book, opened in headless Chromium with other hosts blocked.

Each page is opened from disk (file://) and over HTTP, at 390 px (a phone)
and at 1280 px, once each (see ``conftest.visits``); the tests read those
visits. Screenshots of every page at both widths go to
``_build/test-artifacts/<width>px/``.
"""

from __future__ import annotations

import pytest

from browser_helpers import MODES, WIDTHS, book_pages, ids_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = book_pages()
EVERY_VISIT = [pytest.param(page, mode, width, id=f"{mode}-{width}-{page}")
               for mode in MODES for width in WIDTHS for page in PAGES]
# The pages whose notebooks draw charts (the figures table and the Chinese comparison are tables only).
CHART_PAGES = {"notebooks/00_overview.html", "notebooks/02_year_on_year.html", "notebooks/03_consistency.html"}
HTTP_VISITS = [pytest.param(page, "http", width, id=f"{width}-{page}") for width in WIDTHS for page in PAGES]


def test_the_book_has_exactly_the_pages_tested(built_book):
    built = sorted(p.relative_to(built_book).as_posix() for p in built_book.rglob("*.html")
                   if not p.relative_to(built_book).parts[0].startswith("_"))
    assert built == sorted(PAGES), "a page is built but not tested (or listed but not built)"


@pytest.mark.parametrize(("page", "mode", "width"), EVERY_VISIT)
def test_page_requests_nothing_from_another_host(visits, page, mode, width):
    visit = visits(page, mode, width)
    assert visit.external_requests == [], visit.where()
    assert visit.failed_local == [], visit.where()


@pytest.mark.parametrize(("page", "mode", "width"), EVERY_VISIT)
def test_page_logs_no_javascript_error(visits, page, mode, width):
    visit = visits(page, mode, width)
    assert visit.console_errors + visit.page_errors == [], visit.where()


@pytest.mark.parametrize(("page", "mode", "width"), EVERY_VISIT)
def test_every_chart_renders_and_fits_its_column(visits, page, mode, width):
    visit = visits(page, mode, width)
    empty = [chart for chart in visit.charts if chart["marks"] == 0]
    assert empty == [], visit.where()
    too_wide = [chart for chart in visit.charts if chart["width"] > chart["column"] + 1]
    assert too_wide == [], visit.where()
    if page in CHART_PAGES:
        assert visit.charts, f"{page} draws its charts"


@pytest.mark.parametrize(("page", "mode", "width"), EVERY_VISIT)
def test_no_page_scrolls_sideways(visits, page, mode, width):
    """A wide table scrolls inside its own box; the page itself never does."""
    visit = visits(page, mode, width)
    assert visit.scroll_width <= visit.inner_width, visit.where()


@pytest.mark.parametrize(("page", "mode", "width"), HTTP_VISITS)
def test_page_passes_the_accessibility_audit(visits, page, mode, width):
    """axe-core's wcag2a and wcag2aa rules, none disabled, charts included; a screenshot of the page is kept."""
    visit = visits(page, mode, width)
    assert visit.axe_violations == [], visit.where()
    assert visit.screenshot and visit.screenshot.stat().st_size > 0


@pytest.mark.parametrize("page", PAGES)
def test_no_chinese_number_in_english_text_stands_without_its_english_value(visits, page):
    """Outside a passage marked lang="zh", a Chinese number reads ``35,000 (3.5万)``: its English value first."""
    from release_figures.views.reader_numbers import unglossed_chinese_numbers

    visit = visits(page)
    bare = [(number, text.strip()[:120]) for text in visit.english_texts for number in unglossed_chinese_numbers(text)]
    assert bare == [], visit.where()


def test_every_check_row_has_its_permalink_and_a_reached_row_is_highlighted(chromium, book_site, built_book):
    """Each ledger row's id is its anchor and its check id links to it; :target colours the row reached."""
    import csv

    from browser_helpers import new_context

    checks = list(csv.DictReader(open(built_book / "data" / "checks.csv", encoding="utf-8")))
    page = built_book / "notebooks" / "03_consistency.html"
    html = page.read_text(encoding="utf-8")
    missing = [row["check_id"] for row in checks if row["check_id"] not in ids_in(page)
               or f'href="#{row["check_id"]}"' not in html]
    assert missing == []
    context = new_context(chromium, 390)
    browser_page = context.new_page()
    check_id = checks[-1]["check_id"]
    browser_page.goto(book_site.url(f"notebooks/03_consistency.html#{check_id}"), wait_until="load")
    reached, other = (browser_page.evaluate(f"() => getComputedStyle(document.getElementById('{i}')).backgroundColor")
                      for i in (check_id, checks[0]["check_id"]))
    verdict_visible = browser_page.evaluate(
        f"() => {{ const b = document.getElementById('{check_id}').querySelector('.verdict').getBoundingClientRect();"
        " return b.right <= window.innerWidth && b.width > 0; }")
    context.close()
    assert reached != other, "the row reached by its anchor is highlighted"
    assert verdict_visible, "on a phone the verdict is seen without scrolling sideways"


@pytest.mark.parametrize("page", PAGES)
def test_every_internal_link_and_anchor_resolves(visits, page):
    """Checked on the HTTP visit at 1280 px (the same links from disk resolve to the same files)."""
    visit = visits(page)
    assert visit.broken_links == [], visit.where()


def test_every_figure_has_an_anchor_and_a_citation(built_book, figures_stage):
    """Each figure's row carries its id (its anchor) and a citation under it, and no row is another's."""
    import re

    html = (built_book / "notebooks" / "01_figures.html").read_text(encoding="utf-8")
    cited = re.findall(r'<tr id="([^"]+)"[^>]*>(?:(?!</tr>).)*?<details class="cite"><summary>cite</summary>'
                       r'<p class="cite-text">', html, re.S)
    assert sorted(cited) == sorted(row["figure_id"] for row in figures_stage.rows)


def test_notebook_download_is_an_ipynb_file(built_book):
    html = (built_book / "notebooks" / "01_figures.html").read_text(encoding="utf-8")
    assert 'href="../_sources/notebooks/01_figures.ipynb"' in html
    assert (built_book / "_sources" / "notebooks" / "01_figures.ipynb").is_file()
    assert ".ipynb.txt" not in html


def test_every_change_figure_is_cited_with_its_direction(built_book, figures_stage):
    """The rendered one-line citation of each change says which way it went, and its unit once."""
    import html
    import re
    from decimal import Decimal

    page = (built_book / "notebooks" / "01_figures.html").read_text(encoding="utf-8")
    changes = [row for row in figures_stage.rows if row["kind"] == "change_pct"]
    assert changes, "the release has change figures"
    for row in changes:
        found = re.search(rf'<tr id="{re.escape(row["figure_id"])}"[^>]*>.*?<details class="cite">'
                          r'<summary>cite</summary><p class="cite-text">(.*?)</p>', page, re.S)
        assert found, f"no citation for {row['figure_id']}"
        line = html.unescape(found.group(1))
        size = str(abs(Decimal(str(row["value"]))))
        word = "fell" if Decimal(str(row["value"])) < 0 else "rose"
        assert f" {word} {size}% on " in line, line
        assert "percent" not in line and line.count("%") == 1, line


@pytest.mark.parametrize("page", PAGES)
def test_every_page_names_version_commit_and_commit_date(built_book, page):
    """The footer says which version and commit the page was built from, and that commit's date."""
    import re

    from release_figures.book.build import book_version, build_info

    info = build_info()
    html = (built_book / page).read_text(encoding="utf-8")
    if 'http-equiv="Refresh"' in html:
        # Sphinx's index.html only redirects to the landing page (the toc's root), which is tested itself.
        assert f'content="0; url={PAGES[0]}"' in html
        return
    footer = re.search(r'<p class="build-info">(.*?)</p>', html, re.S)
    assert footer, f"{page}: no build line in the footer"
    text = re.sub(r"<[^>]+>", "", footer.group(1))
    assert f"Version {book_version()}," in text
    assert re.fullmatch(r"[0-9a-f]{40}", info["commit"]), "the tests run in a git checkout"
    assert f"built from commit {info['commit'][:12]} of {info['commit_date']}" in text


FIRST_VISIT_LIMIT = 1_000_000  # bytes, uncompressed, for a page without charts


@pytest.mark.parametrize("page", PAGES)
def test_first_visit_of_a_page_without_charts_is_under_a_megabyte(visits, page):
    """The theme's 1.5 MB icon script is left out; chart pages add the Vega bundle once."""
    visit = visits(page)
    if visit.charts:
        assert visit.bytes_loaded < FIRST_VISIT_LIMIT + 1_000_000, visit.bytes_loaded
    else:
        assert visit.bytes_loaded < FIRST_VISIT_LIMIT, visit.bytes_loaded
    assert visit.bytes_loaded > 100_000, "the page's own files were counted"


def test_favicon_ico_is_served(built_book):
    data = (built_book / "favicon.ico").read_bytes()
    assert data[:4] == b"\x00\x00\x01\x00", "an ICO header"
    assert b"\x89PNG" in data

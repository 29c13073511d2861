"""Every page of the built book, opened in headless Chromium with other hosts blocked."""

from __future__ import annotations

import pytest

from browser_helpers import book_pages, ids_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = book_pages()


def test_the_book_has_exactly_the_pages_tested(built_book):
    built = sorted(p.relative_to(built_book).as_posix() for p in built_book.rglob("*.html")
                   if not p.relative_to(built_book).parts[0].startswith("_"))
    assert built == sorted(PAGES), "a page is built but not tested (or listed but not built)"


@pytest.mark.parametrize("page", PAGES)
def test_page_requests_nothing_from_another_host(visits, page):
    visit = visits(page)
    assert visit.external_requests == [], visit.where()
    assert visit.failed_local == [], visit.where()


@pytest.mark.parametrize("page", PAGES)
def test_page_logs_no_javascript_error(visits, page):
    visit = visits(page)
    assert visit.console_errors + visit.page_errors == [], visit.where()


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_on_the_page_has_rendered_marks(visits, page):
    visit = visits(page)
    empty = [chart for chart in visit.charts if chart["marks"] == 0]
    assert empty == [], visit.where()


@pytest.mark.parametrize("page", PAGES)
def test_every_internal_link_and_anchor_resolves(visits, page):
    visit = visits(page)
    assert visit.broken_links == [], visit.where()


def test_every_figure_has_an_anchor_and_a_citation(visits, built_book, figures_stage):
    page = built_book / "notebooks" / "01_figures.html"
    missing = [row["figure_id"] for row in figures_stage.rows if row["figure_id"] not in ids_in(page)]
    assert missing == []
    html = page.read_text(encoding="utf-8")
    assert html.count('<details class="figure-cite">') == len(figures_stage.rows)


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
        found = re.search(rf'<tr id="{re.escape(row["figure_id"])}">.*?<details class="figure-cite">'
                          r"<summary>cite</summary><small>(.*?)</small>", page, re.S)
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
        # Sphinx's index.html only redirects to the landing page, which is tested itself.
        assert 'content="0; url=intro.html"' in html
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

"""What a reader sees: the first screen, words instead of codes, tables that fit, provenance, finding and citing.

Read from the shared visits (tests/browser/conftest.py) where a property is
of a page as loaded; the filter and the copy buttons are driven in their
own page, from disk, as a reader with the book on a laptop would.
"""

from __future__ import annotations

import csv
import re

import pytest

from browser_helpers import FileSite, book_pages, ids_in, new_context

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = book_pages()
LANDING = PAGES[0]
CHAPTERS = [page for page in PAGES if page.startswith("notebooks/")]
# A code inside a sentence (release_vs_other, consistent_within_rounding) or an interval in notation ([3, 4)).
IDENTIFIER = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
BRACKETED_INTERVAL = re.compile(r"[\[(]\s*-?\d[\d.,]*\s*,\s*-?\d[\d.,]*\s*[\])]")


def _rows(built_book, name: str) -> list[dict]:
    with open(built_book / "data" / name, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_the_first_screen_shows_the_release_in_numbers_and_how_strong_the_checks_are(chromium, built_book):
    """At 1280 px, without scrolling: a number of the release linked to its figure, and the strength summary."""
    context = new_context(chromium, 1280)
    page = context.new_page()
    page.goto(FileSite(built_book).url(LANDING), wait_until="load")
    seen = page.evaluate("""() => {
        const box = document.querySelector('.glance');
        const fold = window.innerHeight;
        const links = Array.from(box.querySelectorAll('a[href*="01_figures.html#"]'))
            .filter(a => a.getBoundingClientRect().bottom <= fold && /[0-9]/.test(a.textContent));
        const strength = Array.from(box.querySelectorAll('p'))
            .filter(p => p.getBoundingClientRect().bottom <= fold && p.textContent.includes('could have failed'));
        return {numbers: links.map(a => a.textContent), strength: strength.map(p => p.textContent)};
    }""")
    context.close()
    figures = {row["figure_id"]: row for row in _rows(built_book, "figures.csv")}
    assert seen["numbers"], "a number of the release above the fold"
    assert all(any(number in row["stated"] for row in figures.values()) for number in seen["numbers"])
    assert seen["strength"] and "are not evidence" in seen["strength"][0] and "not thereby true" in seen["strength"][0]


@pytest.mark.parametrize("page", [LANDING, *CHAPTERS])
def test_prose_names_things_in_words_not_codes_or_interval_notation(visits, page):
    visit = visits(page, "file", 1280)
    codes = [(match, text[:100]) for text in visit.prose for match in IDENTIFIER.findall(text)]
    intervals = [(match.group(0), text[:100]) for text in visit.prose for match in BRACKETED_INTERVAL.finditer(text)]
    assert codes == [], visit.where()
    assert intervals == [], visit.where()


@pytest.mark.parametrize("page", PAGES)
def test_no_table_column_is_narrower_than_its_longest_word_on_a_desktop(visits, page):
    visit = visits(page, "http", 1280)
    assert visit.squeezed_cells == [], visit.where()


@pytest.mark.parametrize("page", PAGES)
def test_no_table_is_wider_than_a_phone(visits, page):
    visit = visits(page, "http", 390)
    assert visit.wide_tables == [], visit.where()
    assert visit.squeezed_cells == [], visit.where()


def test_every_figure_is_anchored_in_the_release_text_and_linked_both_ways(built_book):
    figures = _rows(built_book, "figures.csv")
    text_page = (built_book / "release-text.html").read_text(encoding="utf-8")
    figures_page = (built_book / "notebooks" / "01_figures.html").read_text(encoding="utf-8")
    anchors = ids_in(built_book / "release-text.html")
    assert len(figures) == 52
    for row in figures:
        figure_id = row["figure_id"]
        assert f"text-{figure_id}" in anchors, figure_id
        mark = re.search(rf'<a class="mark figure" id="text-{re.escape(figure_id)}" href="([^"]+)"', text_page)
        assert mark, f"{figure_id}: its number is marked in the text"
        assert mark.group(1) == f"notebooks/01_figures.html#{figure_id}", f"{figure_id}: the mark links to its row"
        assert f'href="../release-text.html#text-{figure_id}"' in figures_page, f"{figure_id}: its row links to the text"


@pytest.mark.parametrize(("typed", "figure_id"), [
    ("391,000", "fraud-cases-cracked"), ("391000", "fraud-cases-cracked"), ("391", "fraud-cases-cracked"),
    ("1.43 million", "hundred-day-suspects"), ("308", "police-killed")])
def test_the_filter_finds_a_printed_number_in_any_form(chromium, built_book, typed, figure_id):
    """From disk, on a phone: typing the number as printed, without separators or in part shows its figure."""
    context = new_context(chromium, 390)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(FileSite(built_book).url("notebooks/01_figures.html"), wait_until="load")
    page.fill("#figure-filter-input", typed)
    shown = page.evaluate("() => Array.from(document.querySelectorAll('tr[data-search]'))"
                          ".filter(row => !row.hidden && row.offsetParent !== null).map(row => row.id)")
    status = page.inner_text(".figure-filter-status")
    context.close()
    assert figure_id in shown
    assert status == ("1 figure matches." if len(shown) == 1 else f"{len(shown)} figures match.")
    assert len(shown) < 52, "the filter narrows the table"
    assert errors == []


def test_the_search_page_sends_a_number_to_the_filter_without_an_error_from_disk(chromium, built_book):
    context = new_context(chromium, 1280)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(FileSite(built_book).url("search.html") + "?q=391%2C000", wait_until="load")
    page.wait_for_timeout(500)
    link = page.get_attribute(".number-search a", "href")
    page.goto(FileSite(built_book).url("search.html") + "?q=fraud", wait_until="load")
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0", timeout=10_000)
    context.close()
    assert link.endswith("notebooks/01_figures.html?find=391%2C000")
    assert errors == []


def _copied(chromium, book_site, page_path: str, selector: str) -> tuple[str, str]:
    """(the citation shown under ``selector``'s cite toggle, what its button put on the clipboard)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900},
                                   permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(book_site.url(page_path), wait_until="load")
    cite = page.locator(f"{selector} details.cite").first
    cite.locator("summary").click()
    shown = cite.locator(".cite-text").inner_text()
    cite.locator("button.copy-cite").click()
    page.wait_for_function("() => document.querySelector('button.copy-cite[data-copied], button.copy-cite') !== null")
    page.wait_for_timeout(200)
    copied = page.evaluate("() => navigator.clipboard.readText()")
    context.close()
    return shown, copied


@pytest.mark.parametrize(("page_path", "kind"), [
    ("notebooks/01_figures.html", "figure"), ("notebooks/02_year_on_year.html", "comparison"),
    ("notebooks/03_consistency.html", "check"), ("notebooks/00_overview.html", "chart")])
def test_anything_can_be_cited_with_year_version_and_anchor_and_copied(chromium, book_site, built_book, page_path, kind):
    from release_figures.book.build import book_version
    from release_figures.views.citations import load_citation

    selector = "figure.book-chart" if kind == "chart" else "tr[id]"
    shown, copied = _copied(chromium, book_site, page_path, selector)
    cff = load_citation()
    year = str(cff["date-released"])[:4]
    assert copied == shown
    assert f"({year})" in shown and f"version {book_version()}" in shown
    address = re.search(r"(https?://\S+)$", shown).group(1)
    assert f"/v{book_version()}/{page_path}#" in address
    anchor = address.rsplit("#", 1)[1]
    assert anchor in ids_in(built_book / page_path), f"the {kind}'s anchor {anchor} is on its page"


def test_the_reproduce_page_shows_the_execution_report(built_book):
    page = (built_book / "reproduce.html").read_text(encoding="utf-8")
    assert "has no execution report" not in page
    for chapter in ("00_overview", "01_figures", "02_year_on_year", "03_consistency", "04_chinese"):
        assert chapter in page, f"the report lists {chapter}"

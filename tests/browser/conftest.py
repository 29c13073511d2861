"""Fixtures for the browser tests: a built book, a local server, headless Chromium.

The book is built once per session (``built_book`` in tests/conftest.py); one
Chromium runs for the session, with one browser context per (mode, width), and
each page is visited once per (mode, width): every test reads that one visit.
Helpers live in ``browser_helpers.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_helpers import CHROMIUM, CHROMIUM_ARGS, FileSite, LocalSite, Visit, new_context, visit_page


@pytest.fixture(scope="session")
def chromium():
    """Headless Debian Chromium through Playwright; fails (never skips) when it is missing."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
                    "Install it with: apt-get install -y chromium (never `playwright install`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def book_site(built_book):
    """The built book served on 127.0.0.1."""
    with LocalSite(built_book) as site:
        yield site


@pytest.fixture(scope="session")
def visits(chromium, built_book, book_site):
    """``visits(page, mode, width)``: the page's visit from disk ("file") or over HTTP, at 390 or 1280 px.

    Made once per session and shared by the tests. The accessibility audit
    and the screenshot are taken over HTTP only: from disk the page's DOM is
    the same, and the visit from disk checks what differs there (scripts,
    charts, requests).
    """
    sites = {"file": FileSite(built_book), "http": book_site}
    contexts: dict[tuple[str, int], object] = {}
    cache: dict[tuple[str, str, int], Visit] = {}

    def get(page: str, mode: str = "http", width: int = 1280) -> Visit:
        key = (page, mode, width)
        if key not in cache:
            if (mode, width) not in contexts:
                contexts[(mode, width)] = new_context(chromium, width)
            cache[key] = visit_page(contexts[(mode, width)], sites[mode], page, mode, width, audit=mode == "http")
        return cache[key]

    yield get
    for context in contexts.values():
        context.close()

"""Fixtures for the browser tests: a built book, a local server, headless Chromium.

The book is built once per session (``built_book`` in tests/conftest.py);
helpers live in ``browser_helpers.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_helpers import CHROMIUM, CHROMIUM_ARGS, LocalSite, Visit, visit_page


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
def visits(chromium, book_site):
    """Each page's visit, made once per session and shared by the tests."""
    cache: dict[str, Visit] = {}

    def get(page: str) -> Visit:
        if page not in cache:
            cache[page] = visit_page(chromium, book_site, page)
        return cache[page]

    return get

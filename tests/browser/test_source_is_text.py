"""Markup in a release's text reaches the book as literal text, and no script from it runs.

The invented fixture release ends with a paragraph holding ``<script>``,
``**bold**``, a MyST role and ``$x$``; its figure ``notice-rules`` quotes all
of it. In the built book the figures chapter must show those characters as
text, and the script must never execute (it would set a global).
"""

from __future__ import annotations

import pytest

from browser_helpers import LocalSite

MARKUP = ('"<script>window.injectedByRelease = true;</script>" listed 25 **new** rules on '
          "{glue}`budget` and $x$ fees")


@pytest.fixture(scope="module")
def invented_site(invented_run):
    _, out = invented_run
    with LocalSite(out / "_build" / "html") as site:
        yield site


@pytest.mark.browser
@pytest.mark.parametrize("page", ["notebooks/01_figures.html", "notebooks/02_year_on_year.html",
                                  "notebooks/03_consistency.html", "data.html", "notebooks/00_overview.html",
                                  "release-text.html"])
def test_no_script_from_the_source_runs(chromium, invented_site, page):
    context = chromium.new_context()
    dialogs = []
    browser_page = context.new_page()
    browser_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    browser_page.goto(invented_site.url(page), wait_until="load")
    injected = browser_page.evaluate("() => window.injectedByRelease")
    context.close()
    assert injected is None, f"{page}: a script from the release text ran"
    assert dialogs == []


@pytest.mark.browser
def test_markup_is_shown_literally_in_the_figures_chapter(chromium, invented_site):
    """The figure's row shows the quote and the indicator (its first cell's heading) as plain text."""
    context = chromium.new_context()
    browser_page = context.new_page()
    browser_page.goto(invented_site.url("notebooks/01_figures.html"), wait_until="load")
    row_text = browser_page.inner_text("tr#notice-rules")
    indicator = browser_page.inner_text("tr#notice-rules th strong")
    context.close()
    assert MARKUP in row_text  # the quote, character for character: no bold, no role, no math
    assert indicator == "rules listed in a notice whose text holds <script>, ** and MyST markup"

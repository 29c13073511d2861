"""Helpers for the browser tests: the page list, a local server, one page's visit.

The book is built once per session into a temporary folder (nothing is
written into the repository except screenshots, in ``_build/test-artifacts/``,
which git ignores). Pages are opened from disk (``file://``) and served from
127.0.0.1, at a phone's width and a desktop's, in Debian's Chromium through
Playwright; every request to another host is blocked and recorded. One
visit gathers everything the tests assert: requests, errors, charts and
their widths, sideways scrolling, links, Chinese numbers in English text,
an axe-core audit (wcag2a and wcag2aa rules, none disabled) and a
screenshot.
"""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "_build" / "test-artifacts"
CHART_TIMEOUT_MS = 20_000
MODES = ("file", "http")
WIDTHS = (390, 1280)  # a phone (iPhone 12 to 15) and a desktop
HEIGHTS = {390: 844, 1280: 900}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}, "resultTypes": ["violations"]}
# Sphinx's own pages, beside the pages listed in book/_toc.yml.
SPHINX_PAGES = ("index", "genindex", "search")


def book_pages(book_dir: Path = REPO_ROOT / "book") -> list[str]:
    """The HTML pages the book should have: the toc's files plus Sphinx's own pages."""
    toc = yaml.safe_load((book_dir / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", [{"chapters": toc.get("chapters", [])}]):
        pages += [chapter["file"] for chapter in part["chapters"]]
    return [f"{page}.html" for page in [*pages, *SPHINX_PAGES]]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class LocalSite:
    """A folder served on 127.0.0.1 from a background thread."""

    def __init__(self, root: Path):
        self.root = root
        handler = functools.partial(_Quiet, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def url(self, relative: str) -> str:
        return f"{self.origin}/{relative}"

    def is_local(self, url: str) -> bool:
        return url.startswith(self.origin + "/") or url.startswith(("data:", "blob:", "about:"))

    def file_for(self, url: str) -> Path | None:
        """The served file a local URL names (directories give index.html), or None."""
        path = self.root / unquote(urlsplit(url).path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None


class FileSite:
    """A folder opened from disk: the same interface as :class:`LocalSite`, with file:// addresses."""

    def __init__(self, root: Path):
        self.root = root
        self.origin = root.resolve().as_uri()

    def url(self, relative: str) -> str:
        return f"{self.origin}/{relative}"

    def is_local(self, url: str) -> bool:
        return url.startswith(self.origin + "/") or url.startswith(("data:", "blob:", "about:"))

    def file_for(self, url: str) -> Path | None:
        """The file a local file:// URL names (directories give index.html), or None."""
        path = Path(unquote(urlsplit(url).path))
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value or "")


@functools.lru_cache(maxsize=None)
def ids_in(path: Path) -> frozenset[str]:
    """Every id (and ``<a name>``) in an HTML file."""
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return frozenset(parser.ids)


@dataclass
class Visit:
    """What happened when one page was opened."""

    page: str
    external_requests: list[str] = field(default_factory=list)
    failed_local: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)
    broken_links: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    bytes_loaded: int = 0  # bodies of every response of a first visit (empty cache), as served
    mode: str = "http"
    width: int = 1280
    scroll_width: int = 0  # document.scrollingElement.scrollWidth
    inner_width: int = 0  # window.innerWidth
    english_texts: list[str] = field(default_factory=list)  # text nodes outside any lang="zh" element
    axe_violations: list[dict] = field(default_factory=list)
    squeezed_cells: list[str] = field(default_factory=list)  # table cells whose content is wider than the cell
    wide_tables: list[str] = field(default_factory=list)  # tables wider than the window
    prose: list[str] = field(default_factory=list)  # the text of the article's paragraphs, lists and prose cells

    def problems(self) -> list[str]:
        bad_charts = [c["id"] for c in self.charts if c["marks"] == 0 or c["width"] > c["column"] + 1]
        return [*self.external_requests, *self.failed_local, *self.console_errors, *self.page_errors,
                *bad_charts, *self.broken_links]

    def where(self) -> str:
        return f"({self.mode}, {self.width} px; screenshot: {self.screenshot or 'taken over HTTP'})"


def check_links(site: LocalSite, page_url: str, hrefs: list[str]) -> list[str]:
    """Internal links whose file or #anchor does not exist, as 'href -> reason'."""
    broken = []
    for href in sorted(set(hrefs)):
        if href.startswith(("mailto:", "javascript:", "tel:")):
            continue
        target = urljoin(page_url, href)
        if not site.is_local(target) or target.startswith(("data:", "blob:", "about:")):
            continue
        file = site.file_for(target)
        if file is None:
            broken.append(f"{href} -> no file {urlsplit(target).path}")
            continue
        fragment = unquote(urlsplit(target).fragment)
        if fragment and file.suffix == ".html" and fragment not in ids_in(file):
            broken.append(f"{href} -> no id {fragment!r} in {file.relative_to(site.root)}")
    return broken


CHART_STATE_JS = """() => Array.from(document.querySelectorAll('.vega-chart')).map(el => ({
    id: el.id,
    width: Math.ceil((el.querySelector('svg') || el).getBoundingClientRect().width),
    column: Math.floor(el.closest('figure').parentElement.getBoundingClientRect().width),
    marks: el.querySelectorAll('svg [class*="mark-"] path, svg [class*="mark-"] rect, svg [class*="mark-"] line, svg [class*="mark-"] text, svg [class*="mark-"] circle').length,
    text: el.textContent.slice(0, 200)}))"""
CHARTS_SETTLED_JS = """() => Array.from(document.querySelectorAll('.vega-chart')).every(el =>
    el.querySelector('svg [class*="mark-"]') || el.textContent.includes('failed to render'))"""


ENGLISH_TEXT_JS = """() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const texts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('script, style, [lang^="zh"]')) continue;
        if (node.textContent.trim()) texts.push(node.textContent);
    }
    return texts;
}"""
OVERFLOW_JS = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
# A cell whose content is wider than the cell: a word longer than its column is cut or spills over.
SQUEEZED_CELLS_JS = """() => Array.from(document.querySelectorAll('.bd-article table th, .bd-article table td'))
    .filter(cell => cell.offsetParent !== null && cell.scrollWidth > cell.clientWidth + 1)
    // a card table's header row is kept for screen readers, drawn nowhere (one pixel high)
    .filter(cell => !(cell.closest('thead') && cell.closest('thead').getBoundingClientRect().height <= 1))
    .map(cell => (cell.closest('table').id || 'table') + ': ' + cell.textContent.trim().slice(0, 60)
         + ' (' + cell.scrollWidth + ' px in ' + cell.clientWidth + ')')"""
WIDE_TABLES_JS = """() => Array.from(document.querySelectorAll('.bd-article table'))
    .filter(table => table.offsetParent !== null && table.getBoundingClientRect().width > window.innerWidth + 1)
    .map(table => (table.id || table.className) + ': ' + Math.round(table.getBoundingClientRect().width) + ' px')"""
# What a reader reads as sentences: paragraphs, list items, definitions, captions and prose cells of the
# article, less what is code on purpose (code, the copyable citations, the unfolded computations).
PROSE_JS = """() => Array.from(document.querySelectorAll(
        '.bd-article p, .bd-article li, .bd-article dd, .bd-article figcaption, .bd-article td.wide'))
    .filter(el => !el.closest('pre, .cell_input, details.computation, details.cite'))
    .map(el => { const copy = el.cloneNode(true);
                 copy.querySelectorAll('code, pre, .cite-text, details').forEach(n => n.remove());
                 return copy.textContent.replace(/\\s+/g, ' ').trim(); })
    .filter(text => text)"""


def new_context(browser, width: int):
    """A browser context at one width (a phone's or a desktop's)."""
    return browser.new_context(viewport={"width": width, "height": HEIGHTS[width]}, device_scale_factor=1)


def screenshot_path(mode: str, width: int, page: str) -> Path:
    """Where a page's screenshot goes: ``_build/test-artifacts/<width>px/<page>.png``."""
    return ARTIFACTS / f"{width}px" / (page.replace("/", "__").removesuffix(".html") + ".png")


def visit_page(context, site, page: str, mode: str = "http", width: int = 1280, audit: bool = True) -> Visit:
    """Open one page with other hosts blocked; record everything the tests assert.

    With ``audit``, also run axe-core (wcag2a and wcag2aa, no rule disabled)
    and write a full-page screenshot to :func:`screenshot_path`.
    """
    from axe_playwright_python.sync_playwright import Axe

    visit = Visit(page, mode=mode, width=width)

    recording = [True]  # axe's own fetches of the stylesheets (its CSS rules) are not the page's requests

    def route(route_, request):
        if site.is_local(request.url):
            route_.continue_()
        else:
            visit.external_requests.append(f"request to another host: {request.url}")
            route_.abort()

    browser_page = context.new_page()
    browser_page.route("**/*", route)
    browser_page.on("console", lambda m: recording[0] and m.type == "error" and visit.console_errors.append(f"console error: {m.text}"))
    browser_page.on("pageerror", lambda e: visit.page_errors.append(f"page error: {e}"))
    # A missing file opened from disk has no HTTP status: its request fails (a redirect's abort is no failure).
    browser_page.on("requestfailed", lambda r: recording[0] and site.is_local(r.url) and r.failure != "net::ERR_ABORTED"
                    and visit.failed_local.append(f"failed: {r.url} {r.failure}"))
    browser_page.on("response", lambda r: recording[0] and r.status >= 400 and site.is_local(r.url)
                    and visit.failed_local.append(f"HTTP {r.status}: {r.url}"))

    def weigh(response):
        # The served file's size: what a first visit downloads, uncompressed (the test server does not compress).
        file = site.file_for(response.url) if site.is_local(response.url) and response.ok else None
        visit.bytes_loaded += file.stat().st_size if file else 0

    browser_page.on("response", weigh)
    try:
        browser_page.goto(site.url(page), wait_until="load")
        if 'http-equiv="Refresh"' in (site.root / page).read_text(encoding="utf-8"):
            # Sphinx's index.html redirects to the root page: follow it, then check that page.
            browser_page.wait_for_url(lambda url: url != site.url(page))
            browser_page.wait_for_load_state("load")
        if browser_page.locator(".vega-chart").count():
            try:
                browser_page.wait_for_function(CHARTS_SETTLED_JS, timeout=CHART_TIMEOUT_MS)
            except Exception:  # noqa: BLE001 - a timeout is reported as empty charts below
                pass
        visit.charts = browser_page.evaluate(CHART_STATE_JS)
        visit.scroll_width, visit.inner_width = browser_page.evaluate(OVERFLOW_JS)
        hrefs = browser_page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        visit.broken_links = check_links(site, browser_page.url, hrefs)
        visit.english_texts = browser_page.evaluate(ENGLISH_TEXT_JS)
        visit.squeezed_cells = browser_page.evaluate(SQUEEZED_CELLS_JS)
        visit.wide_tables = browser_page.evaluate(WIDE_TABLES_JS)
        visit.prose = browser_page.evaluate(PROSE_JS)
        if audit:
            recording[0] = False
            results = Axe().run(browser_page, options=AXE_OPTIONS).response
            visit.axe_violations = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                                     "targets": [" ".join(map(str, n["target"])) for n in v["nodes"]][:5],
                                     "nodes": len(v["nodes"])} for v in results["violations"]]
            visit.screenshot = screenshot_path(mode, width, page)
            visit.screenshot.parent.mkdir(parents=True, exist_ok=True)
            browser_page.screenshot(path=str(visit.screenshot), full_page=True)
    finally:
        browser_page.close()
    return visit

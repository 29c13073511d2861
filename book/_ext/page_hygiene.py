"""Keep every page free of JavaScript errors caused by the theme stack.

Two script blocks can end up in a page twice (sphinx-thebe registers its
inline configuration once per read of the environment), and a second
``const THEBE_JS_URL`` is a SyntaxError in the browser. This extension
drops exact duplicate script entries from each page's list of scripts,
keeping the first (an inline script is registered once with filename None
and once with "": both mean "no file"). It also makes every page depend on
the book's static files and templates, so a stylesheet change is published.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx


def _key(script) -> tuple:
    attributes = getattr(script, "attributes", {}) or {}
    return (str(getattr(script, "filename", script) or ""), tuple(sorted((k, str(v)) for k, v in attributes.items())))


def drop_duplicate_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Remove repeated identical script entries from the page's ``script_files``."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


DESIGN_ASSETS = ("sphinx-design.min.css", "design-tabs.js")


def drop_unused_design_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Leave out sphinx-design's stylesheet and script (62 KB) on a page that uses none of its components.

    Jupyter Book always loads the extension; the book's pages use no cards,
    tabs or grids, and a first visit should stay light.
    """
    import re

    if re.search(r'class="(?:[^"]*\s)?sd-', context.get("body", "")):
        return

    def used(asset) -> bool:
        return not str(getattr(asset, "filename", asset) or "").endswith(DESIGN_ASSETS)

    for key in ("css_files", "script_files"):
        if context.get(key):
            context[key] = [asset for asset in context[key] if used(asset)]


def note_static_dependencies(app: Sphinx, docname: str, source: list[str]) -> None:
    """Make every page depend on the book's static files, templates and local extensions.

    Sphinx copies static files only when some page is rewritten; a change to
    the stylesheet, the layout template or an extension alone would
    otherwise never reach the built site ("no targets are out of date").
    """
    root = Path(app.srcdir)
    for folder in [*app.config.html_static_path, *app.config.templates_path, "_ext"]:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                app.env.note_dependency(str(path))


def ico_from_png(png: bytes, size: int) -> bytes:
    """An ICO file holding one PNG image of ``size`` pixels square (the format every browser reads)."""
    import struct

    if not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError("favicon: the image to wrap is not a PNG")
    header = struct.pack("<HHH", 0, 1, 1)  # reserved, type 1 = icon, one image
    entry = struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), 6 + 16)
    return header + entry + png


def write_favicon_ico(app: Sphinx, exception: Exception | None) -> None:
    """Write ``favicon.ico`` at the site's root from the book's SVG favicon.

    Browsers ask for ``/favicon.ico`` whatever the page declares (a feed
    reader, a bookmark, the browser's own history page), and a 404 is noise in
    every server log and test.
    """
    if exception is not None or app.builder.format != "html" or not app.config.html_favicon:
        return
    import vl_convert

    svg = (Path(app.srcdir) / app.config.html_favicon).read_text(encoding="utf-8")
    data = ico_from_png(vl_convert.svg_to_png(svg, scale=1.0), 32)
    target = Path(app.outdir) / "favicon.ico"
    if not target.is_file() or target.read_bytes() != data:
        target.write_bytes(data)


def setup(app: Sphinx) -> dict:
    """Register the extension (runs early: a later handler may end the event by returning a template)."""
    app.connect("html-page-context", drop_duplicate_scripts, priority=100)
    app.connect("html-page-context", drop_unused_design_assets, priority=100)
    app.connect("source-read", note_static_dependencies)
    app.connect("build-finished", write_favicon_ico)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

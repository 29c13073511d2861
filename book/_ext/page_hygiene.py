"""Keep every page free of JavaScript errors caused by the theme stack.

Two script blocks can end up in a page twice (sphinx-thebe registers its
inline configuration once per read of the environment), and a second
``const THEBE_JS_URL`` is a SyntaxError in the browser. This extension
drops exact duplicate script entries from each page's list of scripts,
keeping the first (an inline script is registered once with filename None
and once with "": both mean "no file").
"""

from __future__ import annotations

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


def setup(app: Sphinx) -> dict:
    """Register the extension (runs early: a later handler may end the event by returning a template)."""
    app.connect("html-page-context", drop_duplicate_scripts, priority=100)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

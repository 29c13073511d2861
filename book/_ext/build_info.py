"""Name on every page the book's version, the commit it was built from and that commit's date.

``build-info.json`` at the root of the staged site (written by
``release_figures.book.build.build_info``) holds them; this extension adds a
line to the theme's footer. The commit's date stands in for "when": a build
time would change every page on every build, and an unchanged tree should
rebuild nothing.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from release_figures.book.files import BUILD_INFO_NAME as INFO_FILE  # noqa: E402


def footer_html(info: dict, repository: str = "") -> str:
    """The footer line: ``Version 0.1.0, built from commit 83ff3d0 of 2026-12-02``, the commit linked."""
    version = escape(info.get("version") or "unknown")
    commit = info.get("commit") or ""
    if not commit:
        origin = "built outside a git checkout (no commit recorded)"
    else:
        short = escape(commit[:12])
        shown = f'<code class="build-commit">{short}</code>'
        if repository:
            shown = f'<a href="{escape(repository.rstrip("/"))}/commit/{escape(commit)}">{shown}</a>'
        origin = f'built from commit {shown} of <time datetime="{escape(info["commit_date"])}">{escape(info["commit_date"])}</time>'
        if info.get("uncommitted_changes"):
            origin += " with uncommitted changes"
    return f'<p class="build-info">Version <span class="build-version">{version}</span>, {origin}.</p>'


def add_footer(app: Sphinx, config: Config) -> None:
    """Append the build's version and commit to the theme's extra footer."""
    path = Path(app.srcdir) / INFO_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the book's build information is missing; build with "
                                "`python -m release_figures book` (it writes this file)")
    info = json.loads(path.read_text(encoding="utf-8"))
    repository = (config.html_theme_options or {}).get("repository_url", "")
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = (options.get("extra_footer") or "") + footer_html(info, repository)
    config.html_theme_options = options


def setup(app: Sphinx) -> dict:
    """Register the extension."""
    app.connect("config-inited", add_footer)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

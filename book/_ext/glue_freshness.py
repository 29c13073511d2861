"""Re-read pages that paste glue from notebooks when a notebook changes.

A page such as the landing page shows numbers glued in the notebooks
(a ``glue:text`` role naming ``notebooks/01_figures.ipynb::figure_count``). Sphinx does not know
that the page depends on the notebook, so an incremental build would keep
the old numbers. This extension marks every page whose source pastes from
another document as outdated whenever any notebook is added or changed.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

CROSS_GLUE = ".ipynb::"


def pages_pasting_glue(app: Sphinx) -> list[str]:
    """Docnames of the text pages whose source refers to a notebook's glue."""
    pages = []
    for docname in sorted(app.env.found_docs):
        source = Path(app.env.doc2path(docname))
        if source.suffix == ".md" and CROSS_GLUE in source.read_text(encoding="utf-8"):
            pages.append(docname)
    return pages


def outdated_with_notebooks(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    """Pages to re-read because a notebook they paste from may have changed."""
    touched = [doc for doc in (added | changed) if Path(env.doc2path(doc)).suffix == ".ipynb"]
    if not touched:
        return []
    return [page for page in pages_pasting_glue(app) if page not in added | changed]


def setup(app: Sphinx) -> dict:
    """Register the extension."""
    app.connect("env-get-outdated", outdated_with_notebooks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

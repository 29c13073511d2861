"""The site's Vega bundle: Vega, Vega-Lite and vega-embed as one classic script, made beside Sphinx.

The charts in the chapters (``release_figures.views.charts``) call
``window.vegaEmbed``; the site ships the JavaScript bundle carried by
``vl-convert-python`` at ``_static/vega/vega-bundle.js``, with a marker
naming the vl-convert version and wrapper that made it, so an unchanged
environment never makes it again. The book's extension
(``book/_ext/vega_assets.py``) links it from every page holding a chart
and, in a plain Jupyter Book build, writes it when the build ends.

Making the bundle takes about a second of CPU, in one thread, and Sphinx
is single-threaded too: :func:`release_figures.book.build.build_html`
therefore makes it in a process of its own (:class:`BundleMaker`) while
Sphinx runs, tells the extension so through the environment
(:data:`MADE_BESIDE`), and writes it into the site once Sphinx is done. The
bytes are the same either way.

The bundle is written as a classic script wrapped in a strict-mode
function: a module script would be blocked by the browser when the book is
opened from disk (``file://`` pages have no origin a module may load from),
and unwrapped, its top-level names (``const n``, ``function t``) would
become globals that could collide with the theme's. The wrapper keeps them
local, as a module would; the bundle publishes only ``window.vegaEmbed``,
``window.vega`` and ``window.vegaLite``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["BUNDLE_PATH", "MARKER_NAME", "WRAPPER_VERSION", "MADE_BESIDE", "wrap_bundle", "bundle_text", "stamp",
           "is_current", "write_bundle", "BundleMaker"]

BUNDLE_PATH = "vega/vega-bundle.js"  # under the site's _static
MARKER_NAME = "vega-bundle.version"  # beside the bundle: what made it
WRAPPER_VERSION = "classic-1"  # change when wrap_bundle changes, so a bundle already written is rewritten
# Set in the environment of a Sphinx build whose caller writes the bundle itself (BundleMaker).
MADE_BESIDE = "RELEASE_FIGURES_VEGA_BUNDLE_BESIDE"


def wrap_bundle(module_text: str) -> str:
    """The module bundle as a classic script: its top-level names stay inside one function.

    Raises ValueError when the bundle imports or exports anything (a classic
    script cannot), naming what was found.
    """
    import re

    found = re.search(r"(?:^|[;}\n])\s*(import\s*[{*\w]|export\s)", module_text)
    if found or "import.meta" in module_text:
        raise ValueError(f"vega bundle: cannot load as a classic script, it holds {found.group(1) if found else 'import.meta'!r}")
    # Modules are strict: keep the bundle's semantics the same in the wrapper.
    return '(function () {\n"use strict";\n' + module_text + "\n})();\n"


def bundle_text() -> str:
    """The bundle's JavaScript as a classic script, from the installed vl-convert-python."""
    import vl_convert

    return wrap_bundle(vl_convert.javascript_bundle())


def stamp() -> str:
    """The marker's text: the vl-convert version and the wrapper that make the bundle."""
    from importlib.metadata import version

    return f"vl-convert-python {version('vl-convert-python')}, {WRAPPER_VERSION}\n"


def is_current(static_dir: Path) -> bool:
    """Whether ``static_dir`` (a site's ``_static``) holds the bundle this environment makes."""
    target = Path(static_dir) / BUNDLE_PATH
    marker = target.with_name(MARKER_NAME)
    return target.is_file() and marker.is_file() and marker.read_text(encoding="utf-8") == stamp()


def write_bundle(static_dir: Path, text: str | None = None) -> None:
    """Write the bundle (``text``, or made now) and its marker into ``static_dir``, unless already current."""
    from release_figures.tables.atomic import write_bytes_atomic, write_text_atomic

    if is_current(static_dir):
        return
    target = Path(static_dir) / BUNDLE_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(target, (text if text is not None else bundle_text()).encode("utf-8"))
    write_text_atomic(target.with_name(MARKER_NAME), stamp())


class BundleMaker:
    """The bundle made in a process of its own while the caller goes on (Sphinx runs).

    :meth:`start` starts the process unless ``static_dir`` already holds
    the current bundle; :meth:`finish` waits for it and writes its result
    into ``static_dir`` (made in this process if the other failed: a
    failure here raises, with the other process's message). :meth:`stop`
    ends the process without writing (the build failed). The result goes
    through a file in a temporary folder of its own.
    """

    def __init__(self, static_dir: Path):
        self.static_dir = Path(static_dir)
        self._process = None
        self._folder = None

    def start(self) -> "BundleMaker":
        """Start making the bundle, unless the site holds it already; return self."""
        import subprocess
        import tempfile

        if is_current(self.static_dir):
            return self
        self._folder = tempfile.mkdtemp(prefix="release-figures-vega-")
        self._process = subprocess.Popen([sys.executable, "-m", "release_figures.book.vega_bundle",
                                          os.path.join(self._folder, "vega-bundle.js")],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        return self

    @property
    def environment(self) -> dict[str, str]:
        """What to add to the Sphinx build's environment so the extension leaves the bundle to this maker."""
        return {MADE_BESIDE: "1"} if self._process is not None else {}

    def finish(self) -> None:
        """Wait for the bundle and write it into the site (if the site's copy is not current already)."""
        process, self._process = self._process, None
        if process is None:
            return
        try:
            _, error = process.communicate()
            made = Path(self._folder) / "vega-bundle.js"
            if process.returncode == 0 and made.is_file():
                write_bundle(self.static_dir, made.read_text(encoding="utf-8"))
            else:
                # Made here instead: a failure of vl-convert then raises where the build sees it.
                print(f"vega bundle: the process making it failed (exit {process.returncode}): "
                      f"{error.decode('utf-8', 'replace').strip()[-500:]}; making it again", file=sys.stderr)
                write_bundle(self.static_dir)
        finally:
            self._clean()

    def stop(self) -> None:
        """End the process, if any, without writing."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.communicate()
        self._clean()

    def _clean(self) -> None:
        import shutil

        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


if __name__ == "__main__":
    # python -m release_figures.book.vega_bundle FILE: write the bundle's text into FILE.
    Path(sys.argv[1]).write_text(bundle_text(), encoding="utf-8")

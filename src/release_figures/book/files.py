"""The names of the files a build writes beside the pages, written once and imported wherever they are read."""

from __future__ import annotations

__all__ = ["REPORT_NAME", "BUILD_INFO_NAME", "TABLES_STAMP", "SITE_STAMP", "MANIFEST_NAME"]

# The execution report (each chapter's time and status, Python and packages), read by the reproduce page.
REPORT_NAME = "execution-report.json"
# The version, commit and commit date of the build, read by every page's footer.
BUILD_INFO_NAME = "build-info.json"
# What the tables were last built from, so an unchanged rebuild neither validates nor builds again.
TABLES_STAMP = "tables.json"
# What the HTML was last built from, so an unchanged site skips Sphinx.
SITE_STAMP = "site.sha256"
# What each chapter's last execution read, so an unchanged chapter is not executed again.
MANIFEST_NAME = "manifest.json"

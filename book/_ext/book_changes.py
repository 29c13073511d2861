"""Directives of the changes page, drawn from the package and the staged data.

``{version-history}`` the book's version (the package's, as in CITATION.cff) and the earlier
                    versions whose tables are kept in data/versions/VERSION/, with downloads
``{changelog}``     the columns followed, then data/changelog.csv's entries grouped by
                    version (newest first) and table

Cells are docutils text nodes, so the tables' text (quotes, indicators) is
escaped by the HTML writer like any other text.
"""

from __future__ import annotations

from pathlib import Path

from book_tables import _BookDirective, make_table
from docutils import nodes
from sphinx.application import Sphinx

CHANGELOG = "data/changelog.csv"
VERSIONS = "data/versions"


def _kept_versions(directive: _BookDirective) -> list[str]:
    from release_figures.tables.versions import snapshot_versions

    data = Path(directive.env.srcdir) / "data"
    directive.env.note_dependency(str(data / "versions"))
    try:
        return snapshot_versions(data)
    except ValueError as error:
        raise directive.error(f"{directive.name}: {error}") from None


class VersionHistory(_BookDirective):
    """This book's version, and the kept tables of each earlier version."""

    def run(self):
        from release_figures import __version__
        from release_figures.views.citations import CITATION_FILE
        from release_figures.tables.versions import TABLES

        self.env.note_dependency(str(CITATION_FILE))  # the version moves with CITATION.cff (a test ties them)
        result = []
        version = nodes.paragraph()
        version += nodes.Text("This is version ")
        version += nodes.strong(text=__version__)
        version += nodes.Text(" of the book and its tables; cite it with this number (")
        version += self.doc_link("citation", "how to cite")
        version += nodes.Text(").")
        result.append(version)
        kept = [v for v in _kept_versions(self) if v != __version__]
        if not kept:
            result.append(nodes.paragraph(text="No earlier version of the tables is kept."))
            return result
        items = nodes.bullet_list()
        for old in reversed(kept):
            item = nodes.list_item()
            paragraph = nodes.paragraph()
            paragraph += nodes.Text(f"Version {old}: kept unchanged, byte for byte, in ")
            paragraph += nodes.literal(text=f"{VERSIONS}/{old}/")
            paragraph += nodes.Text(" (")
            kept_tables = [table for table in TABLES if (Path(self.env.srcdir) / VERSIONS / old / table).is_file()]
            for number, table in enumerate(kept_tables):
                if number:
                    paragraph += nodes.Text(", ")
                paragraph += self.download(f"{VERSIONS}/{old}/{table}", table)
            paragraph += nodes.Text(").")
            item += paragraph
            items += item
        intro = nodes.paragraph(text="The tables of earlier versions are kept as they were published, never edited:")
        result += [intro, items]
        return result


def _shown(entry, side: str) -> nodes.Node | str:
    """A before/after cell: the text as printed, or what a whole-row or whole-column entry means."""
    from release_figures.tables.versions import ANY, PRESENT, WHOLE

    value = getattr(entry, side)
    if entry.is_rule and value == ANY:
        return nodes.emphasis(text="any text")
    if not entry.is_rule and (entry.id == WHOLE or entry.field == WHOLE):
        what = "column" if entry.id == WHOLE else "row"
        return nodes.emphasis(text=f"{what} present" if value == PRESENT else f"no such {what}")
    return nodes.emphasis(text="empty") if value == "" else value


class Changelog(_BookDirective):
    """The followed columns, then each version's entries by table."""

    def run(self):
        from release_figures import __version__
        from release_figures.tables.versions import KEY_FIELDS, WHOLE, entries_by_version, load_changelog

        try:
            entries = load_changelog(self.site_file(CHANGELOG))
        except ValueError as error:
            raise self.error(f"{self.name}: {error}") from None
        result = [nodes.paragraph(text=(
            "Every cell of every row is compared from one version to the next (rows are matched by their id), "
            "and every changed cell, every row and every column added or removed is explained. One entry may "
            "explain many cells by a stated rule (\"every row\", or \"any text\" before or after), except in "
            "these columns, where each changed cell has an entry of its own:"))]
        result.append(make_table(["table", "columns explained cell by cell"],
                                 [[nodes.literal(text=table), ", ".join(columns)]
                                  for table, columns in KEY_FIELDS.items()], ("changelog-followed",)))
        versions = sorted(set(_kept_versions(self)) | {__version__} | {entry.version for entry in entries})
        grouped = entries_by_version(entries, versions)
        for position, (version, tables) in enumerate(grouped):
            section = nodes.section(ids=[nodes.make_id(f"version-{version}")])
            section += nodes.title(text=f"Version {version}")
            earlier = grouped[position + 1][0] if position + 1 < len(grouped) else None
            if earlier is None:
                section += nodes.paragraph(text="The first published version.")
            elif not tables:
                section += nodes.paragraph(text=(
                    f"No followed column of any row differs from version {earlier}, "
                    "and no row or column was added or removed."))
            else:
                section += nodes.paragraph(text=f"Compared with version {earlier}.")
            for table, rows in tables:
                subsection = nodes.section(ids=[nodes.make_id(f"version-{version}-{table}")])
                subsection += nodes.title(text=table)
                cells = [[_rows_named(entry.id, WHOLE),
                          nodes.literal(text=entry.field) if entry.field != WHOLE else nodes.emphasis(text="the row"),
                          _shown(entry, "before"), _shown(entry, "after"), entry.reason] for entry in rows]
                subsection += make_table(["row", "column", "before", "after", "reason"], cells, ("changelog",))
                section += subsection
            result.append(section)
        return result


def _rows_named(ids: str, whole: str):
    """The rows an entry names: one id, several ids, or every row."""
    if ids == whole:
        return nodes.emphasis(text="every row")
    cell = nodes.inline()
    for position, name in enumerate(ids.split()):
        if position:
            cell += nodes.Text(", ")
        cell += nodes.literal(text=name)
    return cell


def setup(app: Sphinx) -> dict:
    """Register the directives."""
    app.add_directive("version-history", VersionHistory)
    app.add_directive("changelog", Changelog)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

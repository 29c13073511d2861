"""Directives that draw the book's reference pages from the data and the package.

The methods, source-notes, data, reproduce and citation pages hold no typed
facts: each table comes from a file of the staged site or from the package.

``{data-dictionary}``      one section a CSV: description, download link, columns (from the contracts)
``{notebook-downloads}``   a download link for each executed notebook
``{execution-report}``     each notebook's execution time and status, Python and package versions
                           (``execution-report.json`` at the root of the staged site)
``{text-notes}``           the register's notes on the text, one row a figure
``{text-integrity-checks}`` the ledger's text-integrity checks (checks.csv): check, claim, verdict word, explanation
``{module-rules} MODULE``  the "Rules" part of a package module's docstring
``{verdict-definitions}``  each verdict word and its definition (release_figures.stages.checks.verdicts)
``{bibtex} book|release``  a BibTeX entry for the book (CITATION.cff) or the original release
``{data-folder}``          links to the site's data folder and zip, and the licences of tables and raw files
``{citation-examples}``    the one-line citation of the first figure, change and check of this build
``{book-version}``         the book's version and commit (build-info.json) as a sentence
"""

from __future__ import annotations

import csv
import importlib
import json
import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from release_figures.reading.strict_yaml import load_yaml

from release_figures.reading.strict_yaml import load_yaml

from release_figures.book.files import BUILD_INFO_NAME, REPORT_NAME as REPORT_FILE  # noqa: E402


def make_table(header: list[str], rows: list[list[nodes.Node | str]], classes: tuple[str, ...] = ()) -> nodes.table:
    """A docutils table, one card a row on a phone; a cell is a string (shown as text) or a node.

    Each body cell starts with its column's name, drawn only on a phone
    (book.css: ``.cell-label``), where the header row is hidden and each
    row is a card, as in the chapters' card tables.
    """
    table = nodes.table(classes=["book-table", "cards", *classes])
    group = nodes.tgroup(cols=len(header))
    table += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    head += _row(header)
    body = nodes.tbody()
    group += body
    for row in rows:
        body += _row(row, header)
    return table


def _glossed(text: str) -> str:
    """English text with every Chinese number's English value first (``54,000 (5.4万)``), as in every view."""
    from release_figures.views.reader_numbers import gloss_chinese_numbers

    return gloss_chinese_numbers(text)


def _row(cells: list, labels: list[str] | None = None) -> nodes.row:
    row = nodes.row()
    for position, cell in enumerate(cells):
        entry = nodes.entry()
        paragraph = nodes.paragraph()
        if labels:
            paragraph += nodes.inline(text=f"{labels[position]}: ", classes=["cell-label"])
        paragraph += nodes.Text(_glossed(cell)) if isinstance(cell, str) else cell
        entry += paragraph
        row += entry
    return row


class _BookDirective(SphinxDirective):
    """Shared helpers: the staged site's files, download links."""

    def site_file(self, relative: str) -> Path:
        """A file of the staged site source; a missing file is an error naming it."""
        path = Path(self.env.srcdir) / relative
        if not path.is_file():
            raise self.error(f"{self.name}: {relative} is not in the staged site ({path.parent}); "
                             "the build stages data/ and notebooks/ beside the pages")
        self.env.note_dependency(str(path))
        return path

    def download(self, relative: str, text: str | None = None) -> addnodes.download_reference:
        """A download link to a file of the staged site (copied into _downloads)."""
        self.site_file(relative)
        label = text or Path(relative).name
        return addnodes.download_reference(
            "", "", nodes.literal(label, label, classes=["xref", "download"]),
            reftarget="/" + relative, refdoc=self.env.docname, refdomain="", reftype="download",
            refexplicit=True, refwarn=True)

    def site_link(self, relative: str, text: str | None = None) -> nodes.reference:
        """A plain link to a file the build publishes at the site's root (``data/...``, ``data.zip``).

        The published data folder keeps the files' own names, so a link is
        stable across builds (Sphinx's ``_downloads/<hash>/`` paths are not).
        """
        label = text or Path(relative).name
        up = "../" * self.env.docname.count("/")
        return nodes.reference("", "", nodes.literal(label, label), refuri=up + relative, internal=False,
                               classes=["site-file"])

    def doc_link(self, docname: str, text: str) -> addnodes.pending_xref:
        """A link to another page of the book (a missing page fails the build under -n)."""
        ref = addnodes.pending_xref("", nodes.inline(text, text), refdomain="std", reftype="doc",
                                    reftarget="/" + docname, refexplicit=True, refwarn=True,
                                    refdoc=self.env.docname)
        return ref


class DataDictionary(_BookDirective):
    """One section a table of the data package: description, download link, columns."""

    def run(self):
        from release_figures.tables.datapackage import dictionary_rows, load_contracts

        sections = []
        for contract in load_contracts():
            relative = "data/" + contract["path"]
            if contract.get("optional") and not (Path(self.env.srcdir) / relative).is_file():
                self.env.note_dependency(str(Path(self.env.srcdir) / relative))
                continue  # e.g. the changelog: a release analysed for the first time has no history
            section = nodes.section(ids=[nodes.make_id("table-" + contract["name"])])
            section += nodes.title(text=contract["path"])
            intro = nodes.paragraph()
            intro += nodes.strong(text=contract["title"] + ". ")
            intro += nodes.Text(" ".join(contract["description"].split()) + " ")
            if (Path(self.env.srcdir) / relative).is_file():
                intro += nodes.Text("Download: ")
                intro += self.site_link(relative)
                intro += nodes.Text(".")
            else:
                # The data package's validation, not this page, enforces that every table exists.
                self.env.note_dependency(str(Path(self.env.srcdir) / relative))
                intro += nodes.emphasis(text=f"This build did not produce {contract['path']}.")
            section += intro
            rows = [[nodes.literal(text=r["column"]), r["type"], r["meaning"]] for r in dictionary_rows(contract["name"])]
            section += make_table(["column", "type", "meaning"], rows, ("data-dictionary",))
            sections.append(section)
        return sections


class NotebookDownloads(_BookDirective):
    """A bullet list: each executed notebook, its page and its .ipynb file."""

    def run(self):
        folder = Path(self.env.srcdir) / "notebooks"
        items = nodes.bullet_list()
        for notebook in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
            item = nodes.list_item()
            paragraph = nodes.paragraph()
            paragraph += self.download("notebooks/" + notebook.name)
            paragraph += nodes.Text(" (the chapter: ")
            paragraph += self.doc_link("notebooks/" + notebook.stem, notebook.stem)
            paragraph += nodes.Text(")")
            item += paragraph
            items += item
        if not len(items):
            raise self.error(f"{self.name}: no executed notebook in {folder}")
        return [items]


class ExecutionReport(_BookDirective):
    """The build's execution report: notebooks with time and status, then the environment."""

    def run(self):
        path = Path(self.env.srcdir) / REPORT_FILE
        self.env.note_dependency(str(path))
        if not path.is_file():
            return [nodes.paragraph(text=(
                f"This build has no execution report ({REPORT_FILE} was not written), "
                "so the notebooks' execution times and the package versions are not shown."))]
        report = json.loads(path.read_text(encoding="utf-8"))
        rows = []
        for entry in report.get("notebooks", []):
            seconds = entry.get("seconds")
            shown = "not measured" if seconds is None else f"{float(seconds):.1f} s"
            rows.append([self.doc_link("notebooks/" + entry["notebook"], entry["notebook"]), shown, str(entry["status"])])
        result = [make_table(["notebook", "execution time", "status"], rows, ("execution-report",))]
        environment = nodes.paragraph()
        environment += nodes.Text("Python ")
        environment += nodes.literal(text=str(report.get("python", "unknown")))
        environment += nodes.Text("; the packages that read, compute and render the book:")
        result.append(environment)
        packages = sorted(report.get("packages", {}).items())
        result.append(make_table(["package", "version"], [[nodes.literal(text=name), str(version)]
                                                           for name, version in packages], ("package-versions",)))
        return result


class TextNotes(_BookDirective):
    """The register's notes on the text (one row a figure), from the staged figures.csv."""

    def run(self):
        from release_figures.views.figure_views import text_notes

        with self.site_file("data/figures.csv").open(encoding="utf-8", newline="") as stream:
            notes = text_notes(list(csv.DictReader(stream)))
        rows = []
        for note in notes:
            link = nodes.reference("", "", nodes.literal(text=note["figure_id"]),
                                   refuri=f"notebooks/01_figures.html#{note['figure_id']}", internal=True)
            rows.append([link, nodes.inline(text="\u201c" + note["quote"] + "\u201d"), note["note"]])
        return [make_table(["figure", "quote", "note"], rows, ("text-notes",))]


class TextIntegrityChecks(_BookDirective):
    """The consistency ledger's text-integrity checks, from the staged checks.csv: the source's defects as data."""

    def run(self):
        from release_figures.views.check_views import text_integrity_rows

        relative = "data/checks.csv"
        path = Path(self.env.srcdir) / relative
        self.env.note_dependency(str(path))
        if not path.is_file():
            return [nodes.paragraph(text=f"This build has no consistency ledger ({relative}), "
                                         "so no checks of the text are listed.")]
        with path.open(encoding="utf-8", newline="") as stream:
            checks = text_integrity_rows(list(csv.DictReader(stream)))
        if not checks:
            return [nodes.paragraph(text="The consistency ledger of this release holds no checks of the text itself.")]
        rows = []
        for check in checks:
            link = nodes.reference("", "", nodes.literal(text=check["check_id"]),
                                   refuri=f"notebooks/03_consistency.html#{check['check_id']}", internal=True)
            verdict = nodes.literal(text=check["verdict"], classes=["verdict-word", f"verdict-{check['verdict']}"])
            rows.append([link, check["claim"], verdict, check["explanation"]])
        return [make_table(["check", "claim", "verdict", "explanation"], rows, ("text-integrity-checks",))]


class ModuleRules(_BookDirective):
    """The "Rules" part of a module docstring, parsed as reStructuredText."""

    required_arguments = 1

    def run(self):
        from docutils.core import publish_doctree

        module = importlib.import_module(self.arguments[0])
        doc = module.__doc__ or ""
        match = re.search(r"^Rules\b.*", doc, re.M | re.S)
        if not match:
            raise self.error(f"{self.name}: the docstring of {module.__name__} has no paragraph starting 'Rules'")
        text = re.sub(r"^Rules(?: \([^)]*\))?[.:]?\s*", "", match.group(0))
        text = re.sub(r":[a-z:]+:`~?([^`]+)`", r"``\1``", text)  # Sphinx roles -> literals
        text = _glossed(text)
        tree = publish_doctree(text, settings_overrides={"report_level": 2, "halt_level": 5,
                                                         "warning_stream": False})
        problems = [m.astext() for m in tree.findall(nodes.system_message)]
        if problems:
            raise self.error(f"{self.name}: the rules of {module.__name__} do not parse: {problems[0]}")
        container = nodes.container(classes=["module-rules"])
        container.extend(child.deepcopy() for child in tree.children)
        return [container]


class VerdictDefinitions(_BookDirective):
    """Each verdict word with its definition, from ``release_figures.stages.checks.verdicts.VERDICTS``."""

    def run(self):
        from release_figures.stages.checks.verdicts import VERDICTS

        definitions = nodes.definition_list(classes=["verdict-definitions"])
        for word, meaning in VERDICTS.items():
            item = nodes.definition_list_item()
            term = nodes.term()
            term += nodes.literal(text=word)
            item += term
            definition = nodes.definition()
            definition += nodes.paragraph(text=meaning)
            item += definition
            definitions += item
        return [definitions]


class BibTeX(_BookDirective):
    """A BibTeX entry: ``book`` (from CITATION.cff) or ``release`` (from data/release.yaml)."""

    required_arguments = 1

    def run(self):
        from release_figures.views import citations

        which = self.arguments[0]
        if which == "book":
            self.env.note_dependency(str(citations.CITATION_FILE))
            record = load_yaml(self.site_file("data/release.yaml"))
            text = citations.bibtex_book(citations.load_citation(book_title=record.get("book_title")))
        elif which == "release":
            record = load_yaml(self.site_file("data/release.yaml"))
            text = citations.bibtex_release(record)
            source = record["files"]["text"]
            original = source.get("original")
            if original:
                text += "\n\n" + citations.bibtex_release({**record, "files": {"text": {**source, **original}}},
                                                       key="release_source_original")
            else:
                language = " ".join(str(source.get("language") or "not recorded").split())
                note = nodes.paragraph(text=(
                    f"Language of the text: {language}. The release record names no original beside this text "
                    "(release.yaml has no original entry for it), so the text above is the one to cite."))
                return [nodes.literal_block(text, text, language="bibtex"), note]
        else:
            raise self.error(f"{self.name}: expected 'book' or 'release', got {which!r}")
        block = nodes.literal_block(text, text, language="bibtex")
        return [block]


class DataFolder(_BookDirective):
    """Where the data package is published on the site, and the licences of its tables and of the raw text."""

    def run(self):
        from release_figures.tables.datapackage import DATA_ZIP, TABLE_LICENCE

        record = load_yaml(self.site_file("data/release.yaml"))
        self.site_file("data/datapackage.json")
        links = nodes.paragraph()
        links += nodes.Text("Take the data away: the folder ")
        links += self.site_link("data/datapackage.json", "data/datapackage.json")
        links += nodes.Text(" (the descriptor, with every table and raw file it names beside it, at the same "
                            "paths; ")
        links += nodes.literal(text="frictionless validate datapackage.json")
        links += nodes.Text(" accepts the folder as downloaded), or all of it in one file, ")
        links += self.site_link(DATA_ZIP, DATA_ZIP)
        links += nodes.Text(".")
        licence = nodes.paragraph()
        licence += nodes.strong(text="Licences. ")
        licence += nodes.Text("The tables (the CSV files of this book, and the descriptor) are published under ")
        licence += nodes.reference("", TABLE_LICENCE["title"], refuri=TABLE_LICENCE["path"])
        licence += nodes.Text(f" ({TABLE_LICENCE['name']}). The raw files are not: ")
        for role, entry in record["files"].items():
            licence += nodes.literal(text=entry["path"])
            licence += nodes.Text(" (" + role + "): " + " ".join(str(entry.get("licence", "no licence recorded")).split()) + " ")
        return [links, licence]


def _first_chart_citation(notebooks: Path) -> str:
    """The citation of the first chart the executed chapters draw, as the page shows it (empty if none)."""
    import html as html_module

    for notebook in sorted(notebooks.glob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8")).get("cells", []):
            for output in cell.get("outputs", []):
                text = output.get("data", {}).get("text/html", "")
                text = "".join(text) if isinstance(text, list) else text
                found = re.search(r'<figure class="book-chart".*?<p class="cite-text">(.*?)</p>', text, re.S)
                if found:
                    return html_module.unescape(re.sub(r"<[^>]+>", "", found.group(1)))
    return ""


class CitationExamples(_BookDirective):
    """A definition list: the first figure, change, comparison, check and chart of this build, each cited in one line.

    Each is the citation the book itself shows beside that thing (the
    chart's is read from the executed chapter), so the examples are real.
    """

    def run(self):
        from release_figures.views import citations

        self.env.note_dependency(str(citations.CITATION_FILE))
        record = load_yaml(self.site_file("data/release.yaml"))
        cff = citations.load_citation(book_title=record.get("book_title"))
        figures = self._table("data/figures.csv")
        examples = []
        level = next((row for row in figures if row["kind"] != "change_pct"), None)
        change = next((row for row in figures if row["kind"] == "change_pct"), None)
        if level:
            examples.append(("A figure", citations.figure_citation(level, cff)))
        if change:
            examples.append(("A change the release prints", citations.figure_citation(change, cff)))
        comparisons = self._table("data/changes.csv")
        if comparisons:
            examples.append(("A comparison with another year", citations.change_citation(comparisons[0], cff)))
        checks = self._table("data/checks.csv")
        if checks:
            examples.append(("A check", citations.check_citation(checks[0], cff)))
        chart = _first_chart_citation(Path(self.env.srcdir) / "notebooks")
        if chart:
            examples.append(("A chart", chart))
        items = nodes.definition_list(classes=["citation-examples"])
        for term_text, line in examples:
            item = nodes.definition_list_item()
            item += nodes.term(text=term_text)
            definition = nodes.definition()
            definition += nodes.paragraph(text=line)
            item += definition
            items += item
        return [items]

    def _table(self, name: str) -> list[dict]:
        """A table of the site's data folder as rows (none when this release has not that table)."""
        path = Path(self.env.srcdir) / name
        self.env.note_dependency(str(path))
        if not path.is_file():
            return []
        with path.open(encoding="utf-8", newline="") as stream:
            return list(csv.DictReader(stream))


class BookVersion(_BookDirective):
    """A sentence naming the book's version, its commit and that commit's date (build-info.json)."""

    def run(self):
        info = json.loads(self.site_file(BUILD_INFO_NAME).read_text(encoding="utf-8"))
        paragraph = nodes.paragraph()
        paragraph += nodes.Text("This build is version ")
        paragraph += nodes.literal(text=info["version"])
        if info.get("commit"):
            paragraph += nodes.Text(" of the book, built from commit ")
            paragraph += nodes.literal(text=info["commit"])
            paragraph += nodes.Text(f" of {info['commit_date']}")
            if info.get("uncommitted_changes"):
                paragraph += nodes.Text(" with uncommitted changes")
            paragraph += nodes.Text(".")
        else:
            paragraph += nodes.Text(" of the book, built outside a git checkout (no commit recorded).")
        return [paragraph]


class ReproduceCommands(_BookDirective):
    """The shell commands that rebuild this very build: clone, check out its commit, build (build-info.json)."""

    def run(self):
        info = json.loads(self.site_file(BUILD_INFO_NAME).read_text(encoding="utf-8"))
        repository = (self.config.html_theme_options or {}).get("repository_url", "").rstrip("/")
        if not repository:
            raise self.error(f"{self.name}: book/_config.yml names no repository url")
        folder = repository.rsplit("/", 1)[-1]
        lines = [f"git clone {repository}.git", f"cd {folder}"]
        if info.get("commit"):
            lines.append(f"git checkout {info['commit']}   # the commit this build was made from")
        lines += ["make book   # creates .venv from the pinned lock, executes the notebooks, builds _build/html",
                  "make test   # every test, browser tests included"]
        block = nodes.literal_block("\n".join(lines), "\n".join(lines))
        block["language"] = "bash"
        return [block]


def setup(app: Sphinx) -> dict:
    """Register the directives."""
    app.add_directive("data-dictionary", DataDictionary)
    app.add_directive("notebook-downloads", NotebookDownloads)
    app.add_directive("execution-report", ExecutionReport)
    app.add_directive("text-notes", TextNotes)
    app.add_directive("text-integrity-checks", TextIntegrityChecks)
    app.add_directive("module-rules", ModuleRules)
    app.add_directive("verdict-definitions", VerdictDefinitions)
    app.add_directive("bibtex", BibTeX)
    app.add_directive("citation-examples", CitationExamples)
    app.add_directive("data-folder", DataFolder)
    app.add_directive("book-version", BookVersion)
    app.add_directive("reproduce-commands", ReproduceCommands)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

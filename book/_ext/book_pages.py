"""Directives of the pages every release's book has: the release text, the glossary, how to report an error.

``{release-text}``       the release text with every number marked and every figure anchored
                         (``release-text.html#text-<figure_id>``), linked to its row and back
``{glossary-words}``     every code of the tables (verdicts, subjects, families, ...) with its words and meaning
``{report-an-error}``    how to report an error: the repository's issue tracker (book/_config.yml)
``{release-provenance}`` the release as recorded in release.yaml: original, copy read, text file and checksum

All HTML is made by the package's templates (escaped), from the staged data.
"""

from __future__ import annotations

import csv
from pathlib import Path

from book_tables import _BookDirective, make_table
from docutils import nodes
from sphinx.application import Sphinx

from release_figures.reading.strict_yaml import load_yaml


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


class ReleaseText(_BookDirective):
    """The release text, every numeric token marked."""

    def run(self):
        from release_figures.reading.release_folder import decode_text
        from release_figures.reading.register import EXCLUSION_REASONS
        from release_figures.views.text_view import release_text_html

        record = load_yaml(self.site_file("data/release.yaml"))
        text = decode_text(self.site_file("data/" + record["files"]["text"]["path"]).read_bytes())
        figures = _rows(self.site_file("data/figures.csv"))
        tokens = _rows(self.site_file("data/tokens.csv"))
        register = load_yaml(self.site_file("data/" + record.get("register", "register.yaml")))
        declared = {entry["reason"]: entry["meaning"] for entry in
                    ((register.get("vocabulary") or {}).get("exclusion_reasons") or [])}
        html = release_text_html(text, tokens, figures, {**EXCLUSION_REASONS, **declared},
                                 language=str(record.get("language") or "en"))
        return [nodes.raw("", html, format="html")]


class GlossaryWords(_BookDirective):
    """Every code the tables use, with the words the pages show and what it means."""

    def run(self):
        from release_figures.views.glossary import glossary_entries

        result = []
        for group in glossary_entries():
            section = nodes.section(ids=[nodes.make_id("codes-" + group["column"])])
            section += nodes.title(text=group["title"])
            rows = [[nodes.literal(text=entry["code"]), entry["words"], entry["meaning"]] for entry in group["entries"]]
            section += make_table(["code in the data", "words on the pages", "what it means"], rows, ("glossary",))
            result.append(section)
        return result


class ReportAnError(_BookDirective):
    """How to report an error: a link to the repository's issue tracker, from the book's configuration."""

    def run(self):
        options = self.env.config.html_theme_options or {}
        repository = str(options.get("repository_url") or "").rstrip("/")
        if not repository:
            raise self.error(f"{self.name}: book/_config.yml names no repository url")
        paragraph = nodes.paragraph()
        paragraph += nodes.Text("Found an error, a figure read wrongly, a source misnamed, a word that misleads? "
                                "Report it on the repository's issue tracker, ")
        paragraph += nodes.reference("", f"{repository}/issues", refuri=f"{repository}/issues")
        paragraph += nodes.Text(", naming the page and the figure or check (its permalink is enough). "
                                "Questions and comments about the book go there too: it is the way to reach "
                                "the people behind it.")
        policy = nodes.paragraph()
        policy += nodes.Text("Every correction lands as a new version of the book, with the reason for each changed "
                             "cell of its tables")
        if "changes" in self.env.found_docs:
            policy += nodes.Text(" listed on ")
            policy += self.doc_link("changes", "the changes page")
        policy += nodes.Text("; earlier versions stay published at their own addresses, so a citation keeps "
                             "pointing at what it cited.")
        return [paragraph, policy]


class ReleaseProvenance(_BookDirective):
    """The release as its record names it: the original, the copy read, the text file and its checksum."""

    def run(self):
        record = load_yaml(self.site_file("data/release.yaml"))
        text = record["files"]["text"]
        original = text.get("original") or {}
        paragraph = nodes.paragraph()
        if original:
            paragraph += nodes.Text(f"The original: {' '.join(str(original.get('producer', '')).split())}, "
                                    f"\u201c{original.get('title', '')}\u201d, {original.get('published', '')}"
                                    + (f", {original['url']}" if original.get("url") else
                                       " (no complete copy of it was found, so it has no address here)") + ". ")
        paragraph += nodes.Text(f"The text the book reads: {' '.join(str(text['producer']).split())}, "
                                f"\u201c{' '.join(str(text['title']).split())}\u201d, {text['published']}, ")
        paragraph += nodes.reference("", text["url"], refuri=text["url"]) if text.get("url") else nodes.Text("no address")
        paragraph += nodes.Text(". Stored byte for byte as ")
        paragraph += self.download("data/" + text["path"], text["path"])
        paragraph += nodes.Text(", SHA-256 ")
        paragraph += nodes.literal(text=str(text["sha256"]))
        paragraph += nodes.Text("; the full record: ")
        paragraph += self.download("data/release.yaml", "release.yaml")
        paragraph += nodes.Text(".")
        return [paragraph]


def setup(app: Sphinx) -> dict:
    """Register the directives."""
    app.add_directive("release-text", ReleaseText)
    app.add_directive("glossary-words", GlossaryWords)
    app.add_directive("report-an-error", ReportAnError)
    app.add_directive("release-provenance", ReleaseProvenance)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

"""Small tables for the figures chapter: provenance, figures by section, coverage.

Notebooks call these and display the result; the logic stays here, tested.
The ``*_table`` functions return the data (DataFrames); the ``*_view``
functions return what a page shows: plain tables by great-tables
(:func:`release_figures.views.tables.book_table`), the figures by section
by a template.
"""

from __future__ import annotations

import pandas as pd

from release_figures.reading.numbers import has_chinese
from release_figures.reading.register import EXCLUSION_REASONS, SECTIONS
from release_figures.reading.release_folder import Release
from release_figures.views.reader_numbers import format_number, readable, words
from release_figures.views.render import HtmlBlock, render
from release_figures.views.tables import book_table

__all__ = ["provenance_table", "section_counts", "figures_table", "coverage_summary", "exclusions_table", "duplicates_table",
           "provenance_view", "section_counts_view", "coverage_view", "exclusions_view", "duplicates_view",
           "figures_html", "load_citation", "figure_citation", "figure_value_phrase", "check_citation", "text_notes", "bibtex_book", "bibtex_release"]


def provenance_table(release: Release) -> pd.DataFrame:
    """The provenance record, one column a raw file and one row a field (reads well when values are long)."""
    fields = ["role", "title", "producer", "published", "url", "sha256"]
    columns = {}
    for role, entry in release.file_entries().items():
        record = {**entry, "role": role}
        columns[entry["path"]] = [" ".join(str(record.get(field, "")).split()) for field in fields]
    return pd.DataFrame(columns, index=pd.Index(fields, name="field"))


def section_counts(rows: list[dict]) -> pd.DataFrame:
    """How many figures each section of the release holds, in the release's order."""
    frame = pd.DataFrame(rows)
    counts = frame.groupby("section").size()
    ordered = [section for section in SECTIONS if section in counts.index]
    return pd.DataFrame({"figures": [int(counts[s]) for s in ordered]}, index=pd.Index(ordered, name="section"))


def figures_table(rows: list[dict], section: str | None = None) -> pd.DataFrame:
    """The reader's view of the figures: id, what, value, unit, printed form, rounding, period."""
    frame = pd.DataFrame(rows)
    if section is not None:
        frame = frame[frame["section"] == section]
    columns = ["figure_id", "indicator", "stated", "qualifier", "value", "unit", "precision", "kind", "period"]
    return frame[columns].set_index("figure_id")


def coverage_summary(tokens: list[dict]) -> pd.DataFrame:
    """Numeric tokens of the text by status (figure, duplicate, excluded, claim, unexplained)."""
    frame = pd.DataFrame(tokens)
    order = ["figure", "duplicate", "excluded", "claim", "unexplained"]
    counts = frame.groupby("status").size()
    return pd.DataFrame({"tokens": [int(counts.get(status, 0)) for status in order]},
                        index=pd.Index(order, name="status"))


def exclusions_table(tokens: list[dict], reasons: dict[str, str] | None = None) -> pd.DataFrame:
    """Excluded tokens with the passage that explains them and the reason in words.

    ``reasons`` maps each reason to its meaning (a register's
    ``exclusion_reasons``, which adds the release's own to the built-in ones).
    """
    frame = pd.DataFrame([t for t in tokens if t["status"] == "excluded"],
                         columns=["start", "end", "token", "form", "status", "explained_by", "reason"])
    frame["why"] = frame["reason"].map(reasons or EXCLUSION_REASONS)
    return frame[["start", "token", "reason", "why", "explained_by"]].rename(
        columns={"explained_by": "passage"}).set_index("start")


def duplicates_table(rows: list[dict]) -> pd.DataFrame:
    """Figures whose quote occurs more than once, with every offset."""
    columns = ["figure_id", "occurrences", "start", "other_starts"]
    frame = pd.DataFrame([r for r in rows if int(r["occurrences"]) > 1], columns=columns)
    return frame[columns].set_index("figure_id")


PROVENANCE_LABELS = {"role": "role", "title": "title", "producer": "producer", "published": "published",
                     "url": "address", "sha256": "SHA-256 checksum"}
STATUS_LABELS = {"figure": "a figure of the table", "duplicate": "a repeat of a figure (paragraph printed twice)",
                 "excluded": "excluded, with a reason", "claim": "the number a claim states in words",
                 "unexplained": "unexplained"}


def provenance_view(release: Release) -> HtmlBlock:
    """The provenance record as a reader's table: one row a field in words, one column a raw file."""
    frame = provenance_table(release)
    frame.index = frame.index.map(PROVENANCE_LABELS)
    labels = {"field": "field", **{column: column for column in frame.columns}}
    return book_table(frame, table_id="provenance", labels=labels, wide=tuple(frame.columns))


def section_counts_view(rows: list[dict]) -> HtmlBlock:
    """How many figures each section holds, counts with separators."""
    return book_table(section_counts(rows), table_id="section-counts",
                      labels={"section": "section", "figures": "figures"}, counts=("figures",))


def coverage_view(tokens: list[dict]) -> HtmlBlock:
    """Numeric tokens of the text by status, each status in words."""
    frame = coverage_summary(tokens)
    frame.index = frame.index.map(STATUS_LABELS)
    return book_table(frame, table_id="token-coverage", labels={"status": "each numeric token is", "tokens": "tokens"},
                      counts=("tokens",))


def exclusions_view(tokens: list[dict], reasons: dict[str, str] | None = None) -> HtmlBlock:
    """Excluded tokens: where, the token, the reason and what it means, and the passage."""
    frame = exclusions_table(tokens, reasons)
    frame["reason"] = frame["reason"].map(words)
    return book_table(frame, table_id="exclusions", labels={"start": "offset", "token": "token", "reason": "reason",
                                                           "why": "what the reason means", "passage": "passage"},
                      wide=("why", "passage"))


def duplicates_view(rows: list[dict]) -> HtmlBlock:
    """Figures whose quote the text prints more than once, with every offset."""
    frame = duplicates_table(rows)
    frame["other_starts"] = frame["other_starts"].map(lambda starts: ", ".join(str(starts).split()))
    return book_table(frame, table_id="duplicates", labels={"figure_id": "figure", "occurrences": "times printed",
                                                           "start": "offset counted", "other_starts": "other offsets"},
                      counts=("occurrences",))


FIGURE_LABELS = ["figure", "what is counted", "as printed", "qualifier", "value", "unit", "rounded to", "kind",
                 "period", "quote and its offsets"]


def _figure_shown(row: dict, cff: dict) -> dict:
    """A figures.csv row as the figures table shows it: numbers with separators, names in words, its citation."""
    from release_figures.reading.numbers import english_reading
    from release_figures.stages.figures import printed_number

    count = row["kind"] not in ("change_pct", "share_pct") and row["unit"] != "percent"
    return {**row, "citation": figure_citation(row, cff), "qualifier": words(row["qualifier"]),
            "kind": words(row["kind"]), "value": format_number(row["value"]),
            "precision": format_number(row["precision"]) if row["precision"] else "",
            "english": english_reading(printed_number(row)) if has_chinese(row["stated"]) else "",
            "indicator": readable(row["indicator"]), "count": count}


def figures_html(rows: list[dict], cff: dict | None = None) -> HtmlBlock:
    """The figures as HTML tables by section, one row a figure, with ``id=figure_id``.

    Each row is an anchor (``01_figures.html#fraud-cases-cracked``) that
    stays stable across rebuilds, and carries a one-line citation of the
    figure (:func:`figure_citation`, from ``cff``, default ``CITATION.cff``)
    under a "cite" toggle. All text is HTML-escaped by the template: the
    quotes come from the source and are shown as literal text, never as
    markup. A quote or printed form in Chinese declares its language
    (``lang="zh"``) inside the English page, with its English value first.
    """
    cff = load_citation() if cff is None else cff
    sections = [{"name": section, "rows": [_figure_shown(row, cff) for row in rows if row["section"] == section]}
                for section in SECTIONS]
    return HtmlBlock(render("figures_by_section.html", sections=[s for s in sections if s["rows"]],
                            labels=FIGURE_LABELS), label="figures by section")


# --- Display helpers for the book's pages (citation, notes on the text) -------------

from pathlib import Path as _Path  # noqa: E402  (kept beside the helpers that use it)

CITATION_FILE = _Path(__file__).resolve().parents[3] / "CITATION.cff"


def load_citation(path=CITATION_FILE) -> dict:
    """The book's citation metadata (``CITATION.cff``) as a dict.

    Raises FileNotFoundError naming the file when it is missing, and
    ValueError when it lacks the title or the site's address.
    """
    import yaml

    path = _Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the book's citation metadata (CITATION.cff) is missing")
    cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("title", "url", "authors"):
        if not cff.get(key):
            raise ValueError(f"{path}: CITATION.cff has no {key!r}; the figure citations need it")
    return cff


def _magnitude(stated: str) -> str:
    """The printed number without a sign, with its percent sign once (``-17.3`` and ``17.3%`` give ``17.3%``)."""
    text = str(stated).strip().lstrip("+-\u2212").strip()
    return text if text.endswith("%") else text + "%"


def figure_value_phrase(row: dict) -> str:
    """A figure's value as a reader says it: direction, size and unit once, and the qualifier in words.

    A change gives its direction from the sign of ``value`` (the register
    reads it from the text's direction word): -17.3 printed as ``17.3%`` is
    ``fell 17.3% on a year earlier``; a rise ``rose``, zero ``was unchanged``.
    A period other than a whole year is compared with the same period a
    year earlier. A share is its percentage (``99.3%``); any other figure is
    the printed number and its unit (``more than 1.43 million persons``).
    Raises ValueError naming the figure when a change's value is not a number.
    """
    from decimal import Decimal, InvalidOperation

    from release_figures.reading.numbers import gloss
    from release_figures.stages.figures import printed_number

    qualifier = "" if row["qualifier"] == "exact" else row["qualifier"].replace("_", " ") + " "
    if row["kind"] == "change_pct":
        try:
            value = Decimal(str(row["value"]))
        except InvalidOperation:
            raise ValueError(f"figure {row['figure_id']}: value {row['value']!r} of a change is not a number") from None
        since = "on a year earlier" if len(str(row["period"])) == 4 else "on the same period a year earlier"
        if value == 0:
            return f"was unchanged {since}"
        return f"{'rose' if value > 0 else 'fell'} {qualifier}{_magnitude(row['stated'])} {since}"
    if row["unit"] == "percent":
        return f"{qualifier}{_magnitude(row['stated'])}"
    # gloss: qualifier words, and a Chinese form's English value beside it ("54,000 (5.4万)")
    return f"{gloss(printed_number(row))} {row['unit']}"


def figure_citation(row: dict, cff: dict, page: str = "notebooks/01_figures.html") -> str:
    """One line citing one figure: book, figure id, what, value as a reader says it, period, address.

    ``row`` is a row of figures.csv; ``cff`` the book's citation metadata.
    The value keeps a change's direction and its unit once
    (:func:`figure_value_phrase`). The address is the figure's anchor on the
    published site.
    """
    import re

    authors = ", ".join(a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}".strip()
                        for a in cff["authors"])
    address = cff["url"].rstrip("/") + "/" + page + "#" + row["figure_id"]
    version = f", version {cff['version']}" if cff.get("version") else ""
    if row["kind"] == "change_pct":
        # The indicator of a change names it as one ("..., change on a year earlier"); the phrase says it.
        subject = re.sub(r",\s*change\b.*$", "", row["indicator"])
        what = f"{subject} {figure_value_phrase(row)}"
    else:
        what = f"{row['indicator']}, {figure_value_phrase(row)}"
    return (f"{authors}, \u201c{cff['title']}\u201d{version}, figure {row['figure_id']}: {what}, "
            f"{row['period']}. {address}")


def check_citation(row: dict, cff: dict, page: str = "notebooks/03_consistency.html") -> str:
    """One line citing one consistency check: book, version, check id, its claim and verdict, address.

    ``row`` is a row of checks.csv; the address is the check's anchor in
    the consistency chapter of the published site.
    """
    authors = ", ".join(a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}".strip()
                        for a in cff["authors"])
    version = f", version {cff['version']}" if cff.get("version") else ""
    address = cff["url"].rstrip("/") + "/" + page + "#" + row["check_id"]
    claim = " ".join(str(row["claim"]).split()).rstrip(".")
    verdict = row["verdict"].replace("_", " ")
    return f"{authors}, \u201c{cff['title']}\u201d{version}, check {row['check_id']}: {claim} ({verdict}). {address}"


def text_notes(rows: list[dict]) -> list[dict]:
    """Figures whose register entry carries a note on the text, in the order of the text."""
    noted = [row for row in rows if str(row.get("note") or "").strip()]
    return [{"figure_id": row["figure_id"], "quote": row["quote"], "note": " ".join(str(row["note"]).split())}
            for row in sorted(noted, key=lambda row: int(row["start"]))]


def _bibtex_escape(text: str) -> str:
    """Protect BibTeX's special characters in a (non-URL) field value."""
    out = " ".join(str(text).split())
    for char in ("\\", "{", "}", "&", "%", "$", "#", "_"):
        out = out.replace(char, "\\" + char)
    return out


def _bibtex_entry(key: str, fields: list[tuple[str, str]]) -> str:
    """A ``@misc`` entry; ``author`` and ``url`` values are written as given, others escaped."""
    lines = [f"@misc{{{key},"]
    for name, value in fields:
        if value:
            shown = value if name in ("author", "url", "howpublished") else _bibtex_escape(value)
            lines.append(f"  {name} = {{{shown}}},")
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines + ["}"])


def bibtex_book(cff: dict, key: str = "release_figures_book") -> str:
    """BibTeX for the book itself, from its CITATION.cff metadata."""
    authors = " and ".join("{" + _bibtex_escape(a["name"]) + "}" if "name" in a
                           else f"{a['family-names']}, {a['given-names']}" for a in cff["authors"])
    released = str(cff.get("date-released", ""))
    return _bibtex_entry(key, [
        ("author", authors), ("title", cff["title"]), ("year", released[:4]), ("date", released),
        ("version", str(cff.get("version", ""))), ("howpublished", "\\url{" + cff["url"] + "}"),
        ("url", cff["url"]),
        ("note", "Code and data: " + cff["repository-code"] if cff.get("repository-code") else ""),
    ])


def bibtex_release(release_record: dict, key: str = "release_source") -> str:
    """BibTeX for the original release (the source text), from the release record."""
    text = release_record["files"]["text"]
    published = str(text["published"])
    return _bibtex_entry(key, [
        ("author", "{" + _bibtex_escape(text["producer"]) + "}"), ("title", text["title"]),
        ("year", published[:4]), ("date", published), ("url", text["url"]),
        ("note", release_record["title"]),
    ])

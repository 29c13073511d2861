"""Small tables for the figures chapter: provenance, figures by section, coverage.

Notebooks call these and display the result; the logic stays here, tested.
The ``*_table`` functions return the data (DataFrames); the ``*_view``
functions return what a page shows: plain tables by great-tables
(:func:`release_figures.views.tables.book_table`); :func:`figures_cards`
the figures by section, one card table a section
(:func:`release_figures.views.tables.card_table`).
"""

from __future__ import annotations

import pandas as pd

from release_figures.reading.numbers import has_chinese
from release_figures.reading.register import EXCLUSION_REASONS
from release_figures.reading.release_folder import Release
from release_figures.views.reader_numbers import format_number, words
from release_figures.views.render import HtmlBlock, render
from release_figures.views.tables import book_table, card_table

__all__ = ["provenance_table", "section_counts", "coverage_summary", "exclusions_table", "duplicates_table",
           "provenance_view", "section_counts_view", "coverage_view", "exclusions_view", "duplicates_view",
           "figures_cards", "filter_box", "filter_examples", "section_table_ids", "number_variants", "used_by", "coverage_sentence",
           "text_notes"]


def provenance_table(release: Release) -> pd.DataFrame:
    """The provenance record, one column a raw file and one row a field (reads well when values are long)."""
    fields = ["role", "title", "producer", "published", "url", "sha256"]
    columns = {}
    for role, entry in release.file_entries().items():
        record = {**entry, "role": role}
        columns[entry["path"]] = [" ".join(str(record.get(field, "")).split()) for field in fields]
    return pd.DataFrame(columns, index=pd.Index(fields, name="field"))


def section_counts(rows: list[dict]) -> pd.DataFrame:
    """How many figures each section of the release holds, in the release's order (that of the text)."""
    frame = pd.DataFrame(rows)
    counts = frame.groupby("section").size()
    ordered = list(dict.fromkeys(row["section"] for row in rows))
    return pd.DataFrame({"figures": [int(counts[s]) for s in ordered]}, index=pd.Index(ordered, name="section"))


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


def number_variants(row: dict) -> str:
    """What the filter box matches a figure by: its number in every printed form, and its words.

    "391,000" is found by 391,000, 391000 and 391; "1.43 million" by 1.43
    million, 1430000 and 1,430,000; a Chinese form by itself and by its
    English value. Forms are separated by " | "; the box drops commas and
    spaces from both sides before it compares.
    """
    from release_figures.reading.numbers import english_reading
    from release_figures.stages.figures import printed_number

    number = printed_number(row)
    value = format_number(row["value"])
    forms = [row["stated"], english_reading(number), value, value.replace(",", ""), row["indicator"], row["figure_id"]]
    return " | ".join(dict.fromkeys(form for form in forms if form))


def used_by(figures: list[dict], checks: list[dict], changes: list[dict]) -> dict[str, dict[str, list[str]]]:
    """For each figure, the checks and the comparisons whose inputs name it (in table order)."""
    found = {row["figure_id"]: {"checks": [], "changes": []} for row in figures}
    for table, key, id_column in ((checks, "checks", "check_id"), (changes, "changes", "change_id")):
        for row in table:
            for name in dict.fromkeys(row["inputs"].split()):
                if name in found:
                    found[name][key].append(row[id_column])
    return found


def figures_cards(rows: list[dict], checks: list[dict], changes: list[dict], chinese: list[dict] | None = None,
                  cff: dict | None = None) -> HtmlBlock:
    """The figures by section, one table a section (one card a figure on a phone), with everything about each.

    A row is its figure's anchor (``01_figures.html#<figure_id>``). It shows
    what is counted, what the release says (its printed form, the value in
    base units, the rounding and the qualifier), the period (and the other
    period the text allows), the quote with a link to its place in the
    release text, the original wording where it was found, the checks and
    comparisons that use it, and a citation to copy. Everything is escaped.
    """
    from markupsafe import Markup

    from release_figures.views import pages
    from release_figures.views.citations import figure_citation, figure_value_phrase, load_citation
    from release_figures.words import period_words

    cff = load_citation() if cff is None else cff
    uses = used_by(rows, checks, changes)
    original = {row["figure_id"]: row for row in chinese or []}
    blocks = []
    for section in dict.fromkeys(row["section"] for row in rows):
        shown = []
        for row in (r for r in rows if r["section"] == section):
            figure_id = row["figure_id"]
            chinese_row = original.get(figure_id)
            count = row["kind"] not in ("change_pct", "share_pct") and row["unit"] != "percent"
            details = [f"value {format_number(row['value'])} {row['unit']}",
                       f"rounded to {format_number(row['precision'])}"
                       + (f" ({row['precision_rule'].removeprefix('override: ')})"
                          if row["precision_rule"].startswith("override") else "")]
            if row["qualifier"] != "exact":
                details.append(words(row["qualifier"]))
            shown.append({
                "_id": figure_id, "_search": number_variants(row),
                "figure": {"html": Markup(render("figure_cell.html", row=row,
                                                 citation=figure_citation(row, cff)).strip())},
                "says": {"text": figure_value_phrase(row), "small": "; ".join(details)},
                "period": period_words(row["period"]) + (f" (or {period_words(row['period_alternative'])}, "
                                                         "which the text allows)" if row["period_alternative"] else ""),
                "quote": {"text": f"“{row['quote']}”", "href": pages.text_link(figure_id),
                          "lang": "zh" if has_chinese(row["quote"]) else ""},
                "original": ({"text": chinese_row["chinese_quote"], "lang": "zh", "href": pages.chinese_link(figure_id)}
                             if chinese_row and chinese_row["found"] != "not_found" else "not found"
                             if chinese_row else ""),
                "used": [{"text": check_id, "href": pages.check_link(check_id)} for check_id in uses[figure_id]["checks"]]
                        + [{"text": change_id, "href": pages.change_link(change_id)}
                           for change_id in uses[figure_id]["changes"]] or "no check or comparison",
                "_count": count,
            })
        columns = [{"key": "figure", "label": "figure"}, {"key": "says", "label": "the release says"},
                   {"key": "period", "label": "period"}, {"key": "quote", "label": "printed in", "wide": True}]
        if chinese is not None:
            columns.append({"key": "original", "label": "original wording"})
        columns.append({"key": "used", "label": "used by"})
        blocks.append(card_table(shown, columns, table_id=section_table_ids([{"section": section}])[0], caption=section,
                                 css="figures-table"))
    return HtmlBlock("".join(blocks), label="figures by section")


def filter_examples(rows: list[dict]) -> list[str]:
    """Ways to type a figure of this release in the filter box: the first number printed with a thousands
    separator, the same without it, and the first printed with a scale word (million, billion, 万, 亿)."""
    import re

    grouped = next((row["stated"] for row in rows if re.search(r"\d,\d{3}", row["stated"])), "")
    scaled = next((row["stated"] for row in rows if re.search(r"(million|billion|万|亿)", row["stated"])), "")
    return list(dict.fromkeys(form for form in (grouped, grouped.replace(",", ""), scaled) if form))


def filter_box(table_ids: list[str], examples: list[str] = ()) -> HtmlBlock:
    """The filter box over the figures' tables (works offline: book.js, no search index), with typing examples."""
    return HtmlBlock(render("filter_box.html", tables=" ".join(table_ids), examples=list(examples)), label="filter box")


def section_table_ids(rows: list[dict]) -> list[str]:
    """The ids of the figures' tables, one a section, in the order of the text (the filter box reads them)."""
    return ["figures-" + _slug(section) for section in dict.fromkeys(row["section"] for row in rows)]


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- Display helpers for the book's pages (notes on the text) -------------


def text_notes(rows: list[dict]) -> list[dict]:
    """Figures whose register entry carries a note on the text, in the order of the text."""
    noted = [row for row in rows if str(row.get("note") or "").strip()]
    return [{"figure_id": row["figure_id"], "quote": row["quote"], "note": " ".join(str(row["note"]).split())}
            for row in sorted(noted, key=lambda row: int(row["start"]))]


def coverage_sentence(tokens: list[dict]) -> HtmlBlock:
    """How every number of the text is accounted for, in one sentence whose parts add up to the whole.

    Counted from the token table itself; raises ValueError when a token has
    a status the sentence does not name (an unexplained token never reaches
    a built table, so this is a guard, not a reading).
    """
    counts = coverage_summary(tokens)["tokens"].to_dict()
    if counts.get("unexplained"):
        raise ValueError(f"{counts['unexplained']} numeric token(s) are unexplained; the build should have stopped")
    total = len(tokens)
    if total != sum(counts.values()):
        raise ValueError("the token counts do not add up")
    return HtmlBlock(render("coverage_sentence.html", total=total, c=counts), label="coverage sentence")

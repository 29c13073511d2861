"""The chapter that sets the English beside the original wording, figure by figure (chinese.csv).

Coverage first (how many figures' original wording was found, how many
agree on every point), then one row a figure whose wording was found, with
the source it was read in, then where the others were looked for.
"""

from __future__ import annotations

from markupsafe import Markup

from release_figures.reading.numbers import gloss, read_number
from release_figures.stages.chinese import FOUND
from release_figures.reading.chinese_wording import RELATIONS
from release_figures.views import pages
from release_figures.views.render import HtmlBlock, render
from release_figures.views.tables import card_table
from release_figures.words import date_words

__all__ = ["coverage", "coverage_html", "chinese_table", "not_found_table"]

START = pages.CHINESE


def coverage(rows: list[dict]) -> dict:
    """How many figures in all, found in the same conference's reports, only elsewhere, not found; and how many agree."""
    counts = {"figures": len(rows), **{found: sum(row["found"] == found for row in rows) for found in FOUND}}
    counts.update({relation: sum(row["relation"] == relation for row in rows) for relation in RELATIONS})
    if counts["figures"] != sum(counts[found] for found in FOUND):
        raise ValueError("coverage does not add up: a figure has another 'found'")
    if counts["same_conference"] != sum(counts[relation] for relation in RELATIONS):
        raise ValueError("coverage does not add up: a figure worded at the same conference has no relation")
    return counts


def coverage_html(rows: list[dict]) -> HtmlBlock:
    """The coverage sentence at the top of the chapter."""
    return HtmlBlock(render("chinese_coverage.html", c=coverage(rows)), label="coverage")


def _source(source) -> dict:
    return {"text": f"{source.name}, {date_words(source.published)}",
            "small": ("a report of this press conference" if source.reports == "same_conference"
                      else "another statement (shown, not judged)") + f"; read in {source.copy_site}",
            "href": source.copy_url}


def chinese_table(rows: list[dict], figures: list[dict], sources: dict) -> HtmlBlock:
    """One row a figure whose original wording was found: the English, the original, how they compare, the source."""
    by_id = {row["figure_id"]: row for row in figures}
    shown = []
    for row in rows:
        if row["found"] == "not_found":
            continue
        figure = by_id[row["figure_id"]]
        number = read_number(row["chinese_stated"], "zh")
        relation = RELATIONS.get(row["relation"], "another statement's wording: shown, not judged")
        shown.append({
            "_id": row["figure_id"],
            "figure": {"text": figure["indicator"], "href": pages.figure_link(row["figure_id"], START)},
            "english": {"text": f"\u201c{figure['quote']}\u201d", "href": pages.text_link(row["figure_id"], START)},
            "original": {"text": row["chinese_quote"], "lang": "zh", "small": f"the number: {gloss(number)}"},
            "compare": {"html": Markup(render("chinese_compare.html", relation=relation, row=row).strip())},
            "source": _source(sources[row["source_id"]]),
        })
    columns = [{"key": "figure", "label": "figure"}, {"key": "english", "label": "the English says", "wide": True},
               {"key": "original", "label": "the original says"},
               {"key": "compare", "label": "how they compare", "wide": True}, {"key": "source", "label": "read in"}]
    return card_table(shown, columns, table_id="against-the-original", caption="Each figure against its original wording")


def not_found_table(rows: list[dict], figures: list[dict]) -> HtmlBlock:
    """The figures whose original wording was not found, with the outlets looked at and the words searched for."""
    by_id = {row["figure_id"]: row for row in figures}
    shown = [{"_id": row["figure_id"],
              "figure": {"text": by_id[row["figure_id"]]["indicator"],
                         "href": pages.figure_link(row["figure_id"], START)},
              "outlets": row["searched_outlets"].replace("; ", "; "),
              "words": [{"text": word, "lang": "zh"} for word in row["searched_words"].split("; ")]}
             for row in rows if row["found"] == "not_found"]
    columns = [{"key": "figure", "label": "figure"}, {"key": "outlets", "label": "outlets looked at", "wide": True},
               {"key": "words", "label": "words searched for", "wide": True}]
    return card_table(shown, columns, table_id="not-found", caption="Not found")

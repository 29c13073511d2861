"""The release text as a page: every number marked, every figure anchored and linked to its row, and back.

A reader can go from a figure's row to the words it is printed in (``release-text.html#text-<figure_id>``)
and from any number of the text to what the book made of it: a figure (its row), the repeat of a figure
in a paragraph printed twice, a number excluded with its reason, or the number a claim states. Each mark
says what it is on hover and on keyboard focus. The text is escaped by the template, never read as markup.
"""

from __future__ import annotations

from release_figures.views import pages
from release_figures.views.render import HtmlBlock, render

__all__ = ["release_text_html", "text_pieces"]


def _mark(token: dict, figures: dict, reasons: dict) -> dict:
    """What one numeric token of the text is, for its mark: kind, anchor, link and the note shown on focus."""
    status, by = token["status"], token["explained_by"]
    if status == "figure":
        row = figures[by]
        return {"kind": "figure", "id": pages.TEXT_ANCHOR + by, "href": pages.figure_link(by, pages.RELEASE_TEXT),
                "note": f"figure {by}: {row['indicator']}"}
    if status == "duplicate":
        return {"kind": "duplicate", "id": "", "href": pages.figure_link(by, pages.RELEASE_TEXT),
                "note": f"repeats figure {by} (a paragraph printed twice)"}
    if status == "claim":
        return {"kind": "claim", "id": "", "href": "", "note": f"the number claim {by} states"}
    return {"kind": "excluded", "id": "", "href": "",
            "note": f"not a figure: {reasons.get(token['reason'], token['reason'])}"}


def text_pieces(text: str, tokens: list[dict], figures: list[dict], reasons: dict) -> list[list[dict]]:
    """The text as paragraphs of pieces: plain text, or a marked numeric token (see :func:`_mark`)."""
    by_id = {row["figure_id"]: row for row in figures}
    marks = sorted(tokens, key=lambda token: int(token["start"]))
    paragraphs: list[list[dict]] = []
    offset = 0
    for block in text.split("\n\n"):
        start, end = offset, offset + len(block)
        pieces, cursor = [], start
        for token in marks:
            begin, finish = int(token["start"]), int(token["end"])
            if begin < start or finish > end:
                continue
            if begin > cursor:
                pieces.append({"text": text[cursor:begin]})
            pieces.append({"text": text[begin:finish], **_mark(token, by_id, reasons)})
            cursor = finish
        if cursor < end:
            pieces.append({"text": text[cursor:end]})
        if block.strip():
            paragraphs.append(pieces)
        offset = end + 2
    return paragraphs


def release_text_html(text: str, tokens: list[dict], figures: list[dict], reasons: dict,
                      language: str = "en") -> HtmlBlock:
    """The release text with every numeric token marked (``templates/release_text.html``).

    ``language`` is the text's language tag (release.yaml); a text not in
    English is marked so in the English page.
    """
    counts = {kind: sum(token["status"] == kind for token in tokens)
              for kind in ("figure", "duplicate", "excluded", "claim")}
    return HtmlBlock(render("release_text.html", paragraphs=text_pieces(text, tokens, figures, reasons),
                            counts=counts, total=len(tokens),
                            lang="" if language.lower().startswith("en") else language), label="release text")

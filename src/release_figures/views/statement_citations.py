"""Which other statements a ledger row or a comparison reads, as data for the templates."""

from __future__ import annotations

__all__ = ["cited_statements", "statement_citation"]


def statement_citation(figure) -> dict:
    """One context figure's statement for readers: its original (producer, title, date, address) and the copy read.

    With a sources table (``figure.cited``) the original and the copy are
    named apart ("Xinhua, 2023-05-30; read in a reprint at ..."); without one,
    the context row's own source, date and address are all there is.
    """
    if figure.cited:
        source, correction = figure.cited
        return {"producer": source.producer, "name": source.name, "title": source.title,
                "published": source.published, "original_url": source.original_url,
                "copy_site": source.copy_site, "copy_url": source.copy_url,
                "read_original": source.copy_is_original, "reliability": source.reliability,
                "checked": source.checked == "yes", "correction": correction}
    return {"producer": figure.source, "name": figure.source, "title": "", "published": figure.published,
            "original_url": "", "copy_site": "", "copy_url": figure.url, "read_original": False,
            "reliability": figure.reliability, "checked": True, "correction": ""}


def cited_statements(ids, context: dict) -> list[dict]:
    """The other statements among ``ids`` (context figures by id), each once, as :func:`statement_citation` gives them.

    Empty when none of the ids is a context figure. The templates print these
    under every ledger row and comparison that reads another statement, so a
    reader sees whose number it is, and where it was read, without leaving the page.
    """
    return [{"id": key, **statement_citation(context[key])} for key in dict.fromkeys(ids) if key in context]

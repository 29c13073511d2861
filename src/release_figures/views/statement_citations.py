"""Which other statements a ledger row or a comparison reads, as data for the templates."""

from __future__ import annotations

__all__ = ["cited_statements"]


def cited_statements(ids, context: dict) -> list[dict]:
    """The other statements among ``ids`` (context figures by id), each once: id, producer, date, address, reliability.

    Empty when none of the ids is a context figure. The templates print these
    under every ledger row and comparison that reads another statement, so a
    reader sees whose number it is without leaving the page.
    """
    cited = []
    for key in dict.fromkeys(ids):
        figure = context.get(key)
        if figure is not None:
            cited.append({"id": key, "source": figure.source, "published": figure.published, "url": figure.url,
                          "reliability": figure.reliability})
    return cited

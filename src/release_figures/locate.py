"""Find register quotes in the release text, exactly and the stated number of times."""

from __future__ import annotations

from .errors import QuoteCountError, QuoteNotFoundError

__all__ = ["find_all", "locate_quote"]


def find_all(text: str, quote: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``quote``."""
    starts, position = [], text.find(quote)
    while position != -1:
        starts.append(position)
        position = text.find(quote, position + 1)
    return starts


def locate_quote(text: str, quote: str, expected: int, label: str, source: str) -> list[int]:
    """Start offsets of ``quote``, checked against the expected occurrence count.

    Raises QuoteNotFoundError when the quote is absent and QuoteCountError
    when it occurs a different number of times than the register states;
    both name the entry (``label``) and the text file (``source``).
    """
    starts = find_all(text, quote)
    if not starts:
        raise QuoteNotFoundError(
            f"{label}: quote not found in {source}: {quote!r}. Expected it exactly as "
            "printed; the text may have changed, or the quote needs correcting in the register"
        )
    if len(starts) != expected:
        raise QuoteCountError(
            f"{label}: quote occurs {len(starts)} times in {source} (at offsets "
            f"{', '.join(map(str, starts))}), the register expects {expected}: {quote!r}. "
            "Lengthen the quote to make it unique, or set 'occurrences' if the text repeats it"
        )
    return starts

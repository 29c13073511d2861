"""Find register quotes in the release text, exactly and the stated number of times."""

from __future__ import annotations

from release_figures.errors import QuoteCountError, QuoteNotFoundError, raise_collected
from release_figures.reading.limits import MAX_QUOTED_PASSAGE_CHARS, shown
from release_figures.reading.text_index import text_index

__all__ = ["find_all", "locate_quote", "locate_claims", "nearest_passage"]


def find_all(text: str, quote: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``quote``.

    Looked up in the index of the text's words (built once a text), so a
    register of N quotes costs N look-ups, not N scans of the whole text.
    """
    return text_index(text).find_all(quote)


def locate_quote(text: str, quote: str, expected: int, label: str, source: str) -> list[int]:
    """Start offsets of ``quote``, checked against the expected occurrence count.

    Raises QuoteNotFoundError when the quote is absent and QuoteCountError
    when it occurs a different number of times than the register states;
    both name the entry (``label``) and the text file (``source``).
    """
    starts = find_all(text, quote)
    if not starts:
        near = nearest_passage(text, quote)
        hint = f" The nearest passage in the text reads {shown(near, MAX_QUOTED_PASSAGE_CHARS)}." if near else ""
        raise QuoteNotFoundError(
            f"{label}: quote not found in {source}: expected {shown(quote, MAX_QUOTED_PASSAGE_CHARS)} exactly as "
            f"printed.{hint} The text may have changed, or the quote needs correcting in the register"
        )
    if len(starts) != expected:
        raise QuoteCountError(
            f"{label}: quote occurs {len(starts)} times in {source} (at offsets "
            f"{', '.join(map(str, starts[:10]))}{', ...' if len(starts) > 10 else ''}), the register expects "
            f"{expected}: {shown(quote, MAX_QUOTED_PASSAGE_CHARS)}. "
            "Lengthen the quote to make it unique, or set 'occurrences' if the text repeats it"
        )
    return starts


def locate_claims(text: str, register, source: str) -> dict[str, list[int]]:
    """Start offsets of every claim of the register, each checked like a figure's quote.

    A claim states a direction without a number ("recorded a year-on-year
    decrease"); the checks stage relies on it, so a claim whose sentence
    changed is an error naming the claim, never a silently changed check.
    """
    found, problems = {}, []
    for claim in register.claims:
        label = f"claim {shown(claim.claim_id)} ({register.path})"
        try:
            found[claim.claim_id] = locate_quote(text, claim.quote, claim.occurrences, label, source)
        except (QuoteNotFoundError, QuoteCountError) as error:
            problems.append(error)
    raise_collected(problems, f"{len(problems)} claims of {register.path} cannot be found in {source}")
    return found


def nearest_passage(text: str, quote: str) -> str | None:
    """The passage of ``text`` that most resembles ``quote``, or None.

    Used only to make a "quote not found" error specific: when one digit
    or separator of a figure changed, the error shows what the text now
    says next to what the register expected. Every place where the quote's
    words stand is considered, rarest words first, and the passage sharing
    most characters of words with the quote (at least half) wins; see
    :meth:`release_figures.reading.text_index.TextIndex.nearest_passage`.
    """
    return text_index(text).nearest_passage(quote)

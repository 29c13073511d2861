"""Find register quotes in the release text, exactly and the stated number of times."""

from __future__ import annotations

from difflib import SequenceMatcher

from release_figures.errors import QuoteCountError, QuoteNotFoundError, raise_collected

__all__ = ["find_all", "locate_quote", "locate_claims", "nearest_passage"]


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
        near = nearest_passage(text, quote)
        hint = f" The nearest passage in the text reads {near!r}." if near else ""
        raise QuoteNotFoundError(
            f"{label}: quote not found in {source}: expected {quote!r} exactly as "
            f"printed.{hint} The text may have changed, or the quote needs correcting in the register"
        )
    if len(starts) != expected:
        raise QuoteCountError(
            f"{label}: quote occurs {len(starts)} times in {source} (at offsets "
            f"{', '.join(map(str, starts))}), the register expects {expected}: {quote!r}. "
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
        label = f"claim {claim.claim_id!r} ({register.path})"
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
    says next to what the register expected. Candidates are anchored on
    occurrences of the quote's first or last third; the one sharing most
    characters with the quote (at least half of them) wins.
    """
    size = max(8, len(quote) // 3)
    best: tuple[int, str] | None = None
    for anchor in (quote[:size], quote[-size:]):
        for start in find_all(text, anchor)[:50]:
            begin = max(0, start - len(quote))
            window = text[begin: start + 2 * len(quote)]
            matcher = SequenceMatcher(None, window, quote, autojunk=False)
            blocks = [b for b in matcher.get_matching_blocks() if b.size]
            score = sum(b.size for b in blocks)
            if blocks and (best is None or score > best[0]):
                best = (score, window[blocks[0].a: blocks[-1].a + blocks[-1].size])
    if best is None or best[0] * 2 < len(quote):
        return None
    return best[1]

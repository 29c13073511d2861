"""The English words just before a figure's number that qualify it, and the bounds the reader refuses.

"More than 566,000", "over 2 million" and "about 1,000" are read with their
qualifier (``more_than``, ``about``; see :mod:`release_figures.reading.numbers`).
An upper bound ("less than 1 percent", "up to 20 percent", "no more than
5%", "under 3,000") says the true value lies at or below the number: the
reader has no qualifier for that, and reading the number as exact, or "no
more than" as "more than", would misstate it. So a figure printed after an
upper bound is refused by name, as 不足 and 不到 are in a Chinese text.
"""

from __future__ import annotations

import re

from release_figures.reading.limits import shown
from release_figures.reading.number_forms import ABOUT_WORDS, MORE_THAN_WORDS
from release_figures.reading.numbers import NumberFormatError

__all__ = ["UPPER_BOUND_WORDS", "qualifier_before"]

# Longest first: "no more than" must be found before the "more than" it ends with.
UPPER_BOUND_WORDS = ("no more than", "not more than", "no higher than", "not exceeding", "less than", "fewer than",
                     "up to", "at most", "under", "below")
_BOUND_BEFORE_RE = re.compile(rf"\b(?P<bound>{'|'.join(UPPER_BOUND_WORDS)})\s+$", re.IGNORECASE)
_QUALIFIER_BEFORE_RE = re.compile(rf"(?:{'|'.join(MORE_THAN_WORDS + ABOUT_WORDS)})\s+$", re.IGNORECASE)


def qualifier_before(before: str, token: str) -> str:
    """The qualifier words that end ``before`` (the text before the number ``token``), as printed, or "".

    Raises :class:`NumberFormatError` naming the token and the words when
    they are an upper bound (:data:`UPPER_BOUND_WORDS`).
    """
    bound = _BOUND_BEFORE_RE.search(before)
    if bound:
        raise NumberFormatError(
            f"{shown(token)} follows {bound.group('bound')!r}, an upper bound the reader does not take (it would "
            "read the number as exact); expected a number printed as exact or after more than, over, about, "
            "nearly, approximately, around or almost"
        )
    match = _QUALIFIER_BEFORE_RE.search(before)
    return match.group(0) if match else ""

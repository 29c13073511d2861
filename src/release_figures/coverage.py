"""Account for every number in the text: a figure, or an exclusion with a reason.

A numeric token nobody looked at is how a figure goes missing from a
table. :func:`token_coverage` lists every token with what explains it;
:func:`assert_covered` fails loudly on any token left unexplained.
"""

from __future__ import annotations

from .errors import UnexplainedNumberError
from .locate import locate_quote
from .numbers import find_numbers
from .register import Register

__all__ = ["TOKEN_COLUMNS", "token_coverage", "assert_covered"]

TOKEN_COLUMNS = ("start", "end", "token", "form", "status", "explained_by", "reason")


def token_coverage(text: str, register: Register, figure_rows: list[dict], source: str = "release text") -> list[dict]:
    """Every numeric token of the text with its status: figure, duplicate, excluded or unexplained."""
    explained: dict[tuple[int, int], tuple[str, str, str]] = {}
    for row in figure_rows:
        length = row["number_end"] - row["number_start"]
        offset = row["number_start"] - row["start"]
        explained[(row["number_start"], row["number_end"])] = ("figure", row["figure_id"], "")
        for other in filter(None, row["other_starts"].split(" ")):
            begin = int(other) + offset
            explained[(begin, begin + length)] = ("duplicate", row["figure_id"], "repeated paragraph")
    figure_tokens = set(explained)
    spans: list[tuple[int, int, str, str]] = []
    for exclusion in register.exclusions:
        label = f"exclusion {exclusion.quote!r} ({register.path})"
        for start in locate_quote(text, exclusion.quote, exclusion.occurrences, label, source):
            spans.append((start, start + len(exclusion.quote), exclusion.quote, exclusion.reason))
    rows = []
    for token in find_numbers(text):
        key = (token.start, token.end)
        if key in figure_tokens:
            status, by, reason = explained[key]
        else:
            hit = next((s for s in spans if s[0] <= token.start and token.end <= s[1]), None)
            status, by, reason = ("excluded", hit[2], hit[3]) if hit else ("unexplained", "", "")
        rows.append({"start": token.start, "end": token.end, "token": token.text, "form": token.form,
                     "status": status, "explained_by": by, "reason": reason})
    return rows


def assert_covered(coverage_rows: list[dict], source: str = "release text") -> None:
    """Raise UnexplainedNumberError listing every token that is neither figure nor exclusion."""
    missing = [row for row in coverage_rows if row["status"] == "unexplained"]
    if missing:
        listed = "; ".join(f"{row['token']!r} at offset {row['start']}" for row in missing)
        raise UnexplainedNumberError(
            f"{source}: {len(missing)} numeric token(s) are neither a figure nor an exclusion in the register: "
            f"{listed}. Add each to the register as a figure, or as an exclusion with a reason"
        )

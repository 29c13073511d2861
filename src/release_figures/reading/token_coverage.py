"""Account for every number in the text: a figure, a claim, or an exclusion with a reason.

A numeric token nobody looked at is how a figure goes missing from a
table. :func:`token_coverage` lists every token with what explains it;
:func:`assert_covered` fails loudly on any token left unexplained.

A token is explained, in this order, by a figure (its printed number), by
the repeat of a figure's quote elsewhere in the text (``duplicate``), by an
exclusion whose quote holds it (with the exclusion's reason), or by a claim
whose quote holds it. A claim explains only numbers written in words or
Chinese numerals (the "zero" of "zero occurrence", the 零 of 零发生): that
number is what the claim states. A number printed in digits inside a claim
is still a figure or an exclusion.
"""

from __future__ import annotations

from bisect import bisect_left

from release_figures.errors import UnexplainedNumberError
from release_figures.reading.limits import shown
from release_figures.reading.quotes import locate_quote
from release_figures.reading.number_scan import find_numbers
from release_figures.reading.numbers import NumericToken
from release_figures.reading.register import Register

__all__ = ["TOKEN_COLUMNS", "TOKEN_STATUSES", "CLAIM_FORMS", "token_coverage", "assert_covered"]

TOKEN_COLUMNS = ("start", "end", "token", "form", "status", "explained_by", "reason")
TOKEN_STATUSES = ("figure", "duplicate", "excluded", "claim", "unexplained")
# Token forms a claim's quote may explain: numbers in words, never in digits.
CLAIM_FORMS = ("word", "numeral", "doubtful")


def token_coverage(text: str, register: Register, figure_rows: list[dict], source: str = "release text",
                   language: str = "en", tokens: list[NumericToken] | None = None) -> list[dict]:
    """Every numeric token of the text with its status: figure, duplicate, excluded, claim or unexplained.

    ``tokens`` is the text's scan (:func:`release_figures.reading.number_scan.find_numbers`
    in ``language``), made here when not given.
    """
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
        label = f"exclusion {shown(exclusion.quote)} ({register.path})"
        for start in locate_quote(text, exclusion.quote, exclusion.occurrences, label, source):
            spans.append((start, start + len(exclusion.quote), exclusion.quote, exclusion.reason))
    claim_spans: list[tuple[int, int, str]] = []
    for claim in register.claims:
        label = f"claim {shown(claim.claim_id)} ({register.path})"
        for start in locate_quote(text, claim.quote, claim.occurrences, label, source):
            claim_spans.append((start, start + len(claim.quote), claim.claim_id))
    tokens = find_numbers(text, language) if tokens is None else tokens
    excluded, claimed = _first_holding(spans, tokens), _first_holding(claim_spans, tokens)
    rows = []
    for index, token in enumerate(tokens):
        key = (token.start, token.end)
        if key in figure_tokens:
            status, by, reason = explained[key]
        else:
            hit, claim = excluded.get(index), claimed.get(index)
            if hit:
                status, by, reason = "excluded", hit[2], hit[3]
            elif claim and token.form in CLAIM_FORMS:
                status, by, reason = "claim", claim[2], "the number the claim states"
            else:
                status, by, reason = "unexplained", "", ""
        rows.append({"start": token.start, "end": token.end, "token": token.text, "form": token.form,
                     "status": status, "explained_by": by, "reason": reason})
    return rows


def _first_holding(spans: list[tuple], tokens: list[NumericToken]) -> dict[int, tuple]:
    """For each token (by its index) held whole by a span, the first such span in the list's order.

    Each span looks only at the tokens that start inside it (found by
    bisection), so the cost grows with the spans and tokens, not with their
    product: a register of thousands of exclusions stays quick.
    """
    order = sorted((token.start, index) for index, token in enumerate(tokens))
    starts = [start for start, _ in order]
    holding: dict[int, tuple] = {}
    for span in spans:
        begin, end = span[0], span[1]
        for _, index in order[bisect_left(starts, begin): bisect_left(starts, end)]:
            if tokens[index].end <= end:
                holding.setdefault(index, span)
    return holding


def assert_covered(coverage_rows: list[dict], source: str = "release text") -> None:
    """Raise UnexplainedNumberError listing every token that is neither figure, claim nor exclusion."""
    missing = [row for row in coverage_rows if row["status"] == "unexplained"]
    if missing:
        listed = "; ".join(f"{shown(row['token'])} at offset {row['start']} ({row['form']})" for row in missing)
        raise UnexplainedNumberError(
            f"{source}: {len(missing)} numeric token(s) are neither a figure nor an exclusion in the register "
            f"(nor a number in words inside a claim): {listed}. Add each to the register as a figure, "
            "or as an exclusion with a reason"
        )

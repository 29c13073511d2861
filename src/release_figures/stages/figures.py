"""Build the figures table: register + release text -> one row a figure.

The value of every figure is read from its quote in the text, never from
the register. Each row keeps the quote, its offsets (``text[start:end] ==
quote``) and the offsets of the number itself, so any row can be checked
against the source by eye or by code.
"""

from __future__ import annotations

from decimal import Decimal

from release_figures.contracts import contract_columns
from release_figures.errors import FigureParseError, QuoteOrderError, RegisterError, raise_collected
from release_figures.reading.limits import MAX_QUOTED_PASSAGE_CHARS, shown
from release_figures.reading.directions import direction_of, direction_problem
from release_figures.reading.quotes import locate_quote
from release_figures.reading.number_scan import find_numbers
from release_figures.reading.numbers import NumberFormatError, PrintedNumber, format_decimal, read_number
from release_figures.reading.qualifier_words import qualifier_before
from release_figures.reading.register import PERCENT_KINDS, POINT_KINDS, Figure, Register

__all__ = ["FIGURE_COLUMNS", "figure_rows", "printed_number"]

# The columns of figures.csv, in order: named once, in the table's contract.
FIGURE_COLUMNS = contract_columns("figures")


def _pick_token(figure: Figure, label: str, language: str = "en"):
    try:
        found = find_numbers(figure.quote, language)
    except NumberFormatError as error:
        raise FigureParseError(f"{label}: in its quote, {error}") from None
    tokens = [token for token in found if token.form != "ordinal"]
    if figure.token is None:
        if len(tokens) != 1:
            raise FigureParseError(
                f"{label}: the quote holds {len(tokens)} numbers "
                f"({', '.join(t.text for t in tokens) or 'none'}); expected exactly one, "
                "or a 'token' field saying which one is the figure"
            )
        return tokens[0]
    if figure.token > len(tokens):
        raise FigureParseError(
            f"{label}: token {figure.token} asked for, but the quote holds {len(tokens)} numbers"
        )
    return tokens[figure.token - 1]


def figure_rows(text: str, register: Register, source: str = "release text", language: str = "en") -> list[dict]:
    """One dict a figure, in register order, values read from the text.

    ``language`` is the text's reader language (``"en"`` or ``"zh"``, from
    release.yaml): in ``"zh"`` full-width digits are read.

    Raises a RegisterError subclass naming the figure when a quote is
    missing, repeated, out of order, or holds no readable number. Every
    figure is tried before raising, so one error names all the affected
    figures (its class is that of the first problem found).
    """
    rows = []
    problems: list[RegisterError] = []
    previous: tuple[int, str] | None = None
    for figure in register.figures:
        label = f"figure {shown(figure.figure_id)} ({register.path})"
        try:
            starts = locate_quote(text, figure.quote, figure.occurrences, label, source)
            start = starts[figure.occurrence - 1]
            if previous and start < previous[0]:
                raise QuoteOrderError(
                    f"{label}: its quote now comes before that of figure {previous[1]!r} in {source}; "
                    "the register lists figures in the order of the text, so paragraphs have moved or the register is out of order"
                )
            previous = (start, figure.figure_id)
            rows.append(_figure_row(figure, label, start, starts, language))
        except RegisterError as error:
            problems.append(error)
    raise_collected(problems, f"{len(problems)} figures of {register.path} cannot be read from {source}")
    return rows


def _figure_row(figure: Figure, label: str, start: int, starts: list[int], language: str = "en") -> dict:
    """The table row of one located figure (its value read from its quote)."""
    token = _pick_token(figure, label, language)
    # An English qualifier is a word before the number; a Chinese one is part of the token (超300, 2600余).
    try:
        number = read_number(qualifier_before(figure.quote[: token.start], token.text) + token.text, language)
    except NumberFormatError as error:
        raise FigureParseError(f"{label}: {error}") from None
    value = number.value
    if figure.kind in PERCENT_KINDS and not number.percent:
        raise FigureParseError(f"{label}: a {figure.kind} figure must be printed with '%', 'percent' or 'per cent', "
                               f"found {token.text!r}")
    if figure.kind not in PERCENT_KINDS and number.percent:
        raise FigureParseError(f"{label}: {token.text!r} is a percentage but the kind is {figure.kind!r}")
    if figure.kind in POINT_KINDS and not number.points:
        raise FigureParseError(f"{label}: a {figure.kind} figure must be printed in percentage points (个百分点), found {token.text!r}")
    if figure.kind not in POINT_KINDS and number.points:
        raise FigureParseError(f"{label}: {token.text!r} is in percentage points but the kind is {figure.kind!r}")
    if figure.kind in ("change_pct",) + POINT_KINDS:
        # The sign is read from the whole quote: one direction word may serve a list ("respectively").
        sign = direction_of(figure.quote)
        if sign is None:
            raise FigureParseError(
                f"{label}: a change needs exactly one direction in its quote "
                f"{shown(figure.quote, MAX_QUOTED_PASSAGE_CHARS)}: {direction_problem(figure.quote)}"
            )
        value = value * sign
    if figure.precision is not None:
        precision, rule = figure.precision, f"override: {figure.precision_reason}"
    else:
        precision, rule = number.precision, "printed"
    return {
        "figure_id": figure.figure_id,
        "section": figure.section,
        "indicator": figure.indicator,
        "value": format_decimal(value),
        "unit": figure.unit,
        "stated": number.stated,
        "qualifier": number.qualifier,
        "precision": format_decimal(precision),
        "precision_rule": rule,
        "kind": figure.kind,
        "period": figure.period,
        "period_alternative": figure.period_alternative or "",
        "refers_to": figure.refers_to or figure.refers_to_indicator or "",
        "quote": figure.quote,
        "start": start,
        "end": start + len(figure.quote),
        "number_start": start + token.start,
        "number_end": start + token.end,
        "occurrences": figure.occurrences,
        "other_starts": " ".join(str(s) for s in starts if s != start),
        "note": " ".join(part for part in (figure.period_note, figure.note) if part),
    }


def printed_number(row: dict) -> PrintedNumber:
    """The printed number behind a row of figures.csv, with the rounding unit the table records."""
    return PrintedNumber(stated=row["stated"], value=Decimal(row["value"]), precision=Decimal(row["precision"]),
                         qualifier=row["qualifier"], percent=row["unit"] == "percent",
                         points=row["unit"] == "percentage points")

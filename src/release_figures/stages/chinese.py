"""The English figures against their Chinese wording: one row a figure (``chinese.csv``).

For every figure of the register the row says whether its Chinese wording
was found (in a report of the same press conference, or only in another
statement), the quote and the number read from it, whether the two numbers
agree as printed, whether their qualifiers (余/多 and "more than") and the
directions of a change agree, and what the hand-curated points say about
unit, scope, period, framing, omission and wording. Where nothing was found,
the row says where it was looked for.

The row's ``relation`` sums it up for a figure worded in a report of the
same press conference: ``same`` (the English says what the Chinese says on
every point), ``allows`` (the English allows the Chinese reading among
others) or ``differs`` (the English says something else on at least one
point). Wording from another statement is shown, never judged: it is not
the release's own.
"""

from __future__ import annotations

from release_figures.reading.chinese_wording import ChineseWording, Match
from release_figures.reading.directions import direction_of
from release_figures.reading.numbers import PrintedNumber, format_decimal, gloss
from release_figures.rounding.intervals import Interval, interval_of
from release_figures.stages.figures import printed_number
from release_figures.words import date_words

__all__ = ["CHINESE_COLUMNS", "FOUND", "chinese_rows"]

CHINESE_COLUMNS = ("figure_id", "found", "passage_id", "source_id", "chinese_quote", "chinese_stated",
                   "chinese_value", "value_agrees", "qualifier_agrees", "direction_agrees", "relation", "points",
                   "explanation", "searched_outlets", "searched_words")
FOUND = {
    "same_conference": "in a report of the release's own press conference",
    "other_statement": "only in another statement of the same body",
    "not_found": "not found",
}
CHANGE_KINDS = ("change_pct", "change_points")


def _printed(number: PrintedNumber) -> Interval:
    """What a printed form says by itself: its value, or for "more than" the range it names."""
    return interval_of(number) if number.qualifier == "more_than" else Interval.point(number.value)


def _prints_as(values: Interval, number: PrintedNumber) -> bool:
    """Whether some value of ``values`` prints as ``number`` (lies in its half-up rounding interval, or its range)."""
    return not values.intersect(interval_of(number)).is_empty


def _signed(match: Match, kind: str) -> PrintedNumber:
    """The Chinese number with the sign its quote's direction word gives a change (上升 +, 下降 -)."""
    number = match.number
    sign = direction_of(match.quote) if kind in CHANGE_KINDS else None
    if sign == -1:
        return PrintedNumber(number.stated, -number.value, number.precision, number.qualifier, number.percent,
                             number.points)
    return number


def _flag(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _compare(english: PrintedNumber, chinese: PrintedNumber, kind: str, quote: str) -> tuple[bool, bool, bool | None]:
    """Whether the values agree as printed (either prints as the other), the qualifiers agree, the directions agree."""
    value = _prints_as(_printed(english), chinese) or _prints_as(_printed(chinese), english)
    qualifier = english.qualifier == chinese.qualifier
    direction = None
    if kind in CHANGE_KINDS:
        word = direction_of(quote)
        direction = None if word is None else (word == (1 if english.value > 0 else -1))
    return value, qualifier, direction


def _explanation(figure: dict, match: Match, english: PrintedNumber, chinese: PrintedNumber,
                 agreed: tuple[bool, bool, bool | None]) -> str:
    value, qualifier, direction = agreed
    parts = [f"The number {'agrees' if value else 'differs'}: {gloss(english)} in the English, {gloss(chinese)} in "
             "the Chinese."]
    if not qualifier:
        parts.append(f"The qualifier differs: the English reads {english.qualifier.replace('_', ' ')}, the Chinese "
                     f"{chinese.qualifier.replace('_', ' ')}.")
    if direction is not None:
        parts.append("The direction of the change agrees." if direction else "The direction of the change differs.")
    for point in match.points:
        parts.append(f"{point.aspect.capitalize()}: {point.meaning}")
    return " ".join(parts)


def chinese_rows(wording: ChineseWording, figures: list[dict], sources: dict) -> list[dict]:
    """One row a figure (register order): its Chinese wording, or where it was looked for (columns: CHINESE_COLUMNS)."""
    by_id = {row["figure_id"]: row for row in figures}
    rows = []
    for match in wording.matches:
        figure = by_id[match.figure_id]
        row = dict.fromkeys(CHINESE_COLUMNS, "")
        row["figure_id"] = match.figure_id
        if match.passage is None:
            row["found"] = "not_found"
            row["explanation"] = "No Chinese wording of this figure was found."
            row["searched_outlets"] = "; ".join(match.searched.outlets)
            row["searched_words"] = "; ".join(match.searched.words)
            rows.append(row)
            continue
        source = sources[match.passage.source_id]
        english = printed_number(figure)
        chinese = _signed(match, figure["kind"])
        agreed = _compare(english, chinese, figure["kind"], match.quote)
        row.update(found=source.reports, passage_id=match.passage.passage_id, source_id=source.source_id,
                   chinese_quote=match.quote, chinese_stated=chinese.stated,
                   chinese_value=format_decimal(chinese.value), value_agrees=_flag(agreed[0]),
                   qualifier_agrees=_flag(agreed[1]), direction_agrees=_flag(agreed[2]),
                   points="; ".join(f"{point.aspect}: {point.relation}" for point in match.points),
                   explanation=_explanation(figure, match, english, chinese, agreed)
                   + f" Source: {source.name}, {date_words(source.published)}"
                   + (", a report of this press conference" if source.reports == "same_conference" else
                      ", another statement: its wording is shown, not judged, as it is not the release's own")
                   + f"; read in {source.copy_site}.")
        if source.reports == "same_conference":
            relations = [point.relation for point in match.points]
            if not all(flag is not False for flag in agreed) or "differs" in relations:
                row["relation"] = "differs"
            elif "allows" in relations:
                row["relation"] = "allows"
            else:
                row["relation"] = "same"
        rows.append(row)
    return rows

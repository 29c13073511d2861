"""The numbers a check reads: figures and context figures by id, as intervals.

A check names its inputs by id: a figure id of ``figures.csv`` or a
context id of the context data. :class:`CheckInputs` turns either into a
:class:`PrintedNumber`, its exact value and its rounding interval under a
tie rule, so the checks never care which table a number came from.

A count (a unit of :data:`release_figures.rounding.whole_counts.COUNT_UNITS`) is a whole
number, so :meth:`CheckInputs.interval` gives its whole numbers (391,000
cases: 390500..391499), exactly as the year-on-year table does;
:meth:`CheckInputs.reading` gives what the printed form stands for
([390500, 391500)), the text readers see beside the printed number.
"""

from __future__ import annotations

from fractions import Fraction

from release_figures.reading.context_figures import ContextFigure
from release_figures.stages.figures import printed_number
from release_figures.rounding.intervals import TIE_RULES, Interval, TieRuleResult, interval_of
from release_figures.reading.numbers import PrintedNumber, gloss, has_chinese, prints_percent
from release_figures.rounding.whole_counts import whole_if_count

__all__ = ["CheckInputs", "num", "end_month", "period_within"]


def num(x: Fraction | int, digits: int = 6) -> str:
    """A number for readers: exact if it has a short decimal form, else ``digits`` significant digits."""
    x = Fraction(x)
    text = Interval.point(x).format(digits)[1:-1].split(", ")[0]
    exact = Fraction(text) == x
    return text if exact else "~" + text


def end_month(period: str) -> str:
    """The last month a period covers, as YYYY-MM ("2022" -> "2022-12", "2022-01/2022-11" -> "2022-11")."""
    last = period.split("/")[-1]
    return f"{last}-12" if len(last) == 4 else last[:7]


def period_bounds(period: str) -> tuple[str, str]:
    """First and last day of a period as sortable YYYY-MM-DD text (a month's last day is written 31)."""
    first, last = (period.split("/") + [period])[:2] if "/" in period else (period, period)
    start = first if len(first) == 10 else f"{first}-01-01" if len(first) == 4 else f"{first}-01"
    end = last if len(last) == 10 else f"{last}-12-31" if len(last) == 4 else f"{last}-31"
    return start, end


def period_within(inner: str, outer: str) -> bool:
    """Whether ``inner`` lies inside ``outer`` (January-November within the year; equal periods count)."""
    (inner_start, inner_end), (outer_start, outer_end) = period_bounds(inner), period_bounds(outer)
    return outer_start <= inner_start and inner_end <= outer_end


class CheckInputs:
    """Figures (rows of figures.csv) and context figures, looked up by id."""

    def __init__(self, figures: list[dict], context: dict[str, ContextFigure], original_language: tuple = ()):
        self.figures = {row["figure_id"]: row for row in figures}
        self.context = dict(context)
        self.original_language = tuple(original_language)
        clash = sorted(set(self.figures) & set(self.context))
        if clash:
            raise ValueError(f"ids used both as figure and as context id: {clash}")

    def ids(self) -> set[str]:
        """Every id a check may name."""
        return set(self.figures) | set(self.context)

    def is_figure(self, key: str) -> bool:
        """True for a figure of the release, False for a context figure."""
        return key in self.figures

    def printed(self, key: str) -> PrintedNumber:
        """The printed number behind an id, with the precision the tables record."""
        if key in self.figures:
            return printed_number(self.figures[key])
        if key in self.context:
            return self.context[key].as_printed()
        raise KeyError(f"no figure or context figure with id {key!r}")

    def value(self, key: str) -> Fraction:
        """The printed value, exactly."""
        return Fraction(self.printed(key).value)

    def interval(self, key: str, rule: str = "half_up") -> Interval:
        """The true values of an id under a tie rule: its rounding interval, cut to whole numbers for a count."""
        return whole_if_count(self.reading(key, rule), self.unit(key))

    def reading(self, key: str, rule: str = "half_up") -> Interval:
        """The rounding interval the printed form stands for ("more than" read as bounded), never cut."""
        return interval_of(self.printed(key), rule)

    def both(self, key: str) -> TieRuleResult:
        """The interval under each tie rule."""
        return TieRuleResult(*(self.interval(key, rule) for rule in TIE_RULES))

    def period(self, key: str) -> str:
        """The period an id covers (for a figure, the reading its sentence supports)."""
        return self.figures[key]["period"] if key in self.figures else self.context[key].period

    def periods(self, key: str) -> tuple[str, ...]:
        """Every period the text allows for an id: the period, then the alternative where there is one."""
        alternative = self.figures[key].get("period_alternative", "") if key in self.figures else ""
        return (self.period(key), alternative) if alternative else (self.period(key),)

    def printed_range(self, key: str) -> Interval:
        """What a printed form says by itself: its value, or for "more than" the range it names."""
        printed = self.printed(key)
        return self.reading(key) if printed.qualifier == "more_than" else Interval.point(Fraction(printed.value))

    def prints_as(self, key: str, values: Interval) -> bool:
        """Whether some value of ``values`` (computed from other figures as printed) prints as ``key`` does.

        A value prints as a figure when, rounded half-up to the figure's
        printed precision, it gives the printed value (it lies in the
        figure's half-up rounding interval); for a "more than" figure, when
        it lies inside the range the figure names ((v, v + p): 37,527 is in
        3.7万余).
        """
        return not values.intersect(self.reading(key, "half_up")).is_empty

    def any_prints_as(self, solutions: dict[str, Interval]) -> bool:
        """Whether some figure of a relation, computed from the others as printed, prints as printed.

        ``solutions`` maps each figure's id to the values the relation gives
        it when every other figure takes its printed value (or a value in the
        range a "more than" figure names). "As printed" is symmetric: it does
        not matter which figure of the relation is computed from the others.
        """
        return any(self.prints_as(key, values) for key, values in solutions.items())

    def matches_printed(self, x: Fraction, key: str) -> bool:
        """Whether one value computed from printed points prints as ``key`` does (see :meth:`prints_as`)."""
        return self.prints_as(key, Interval.point(Fraction(x)))

    def is_release(self, key: str) -> bool:
        """True for a figure of the release, or a context row quoting the release in its original language."""
        return key in self.figures or key in self.original_language

    def statement(self, key: str) -> str:
        """Whose number an id is, for readers: 'the release', or the other statement's source and date."""
        return "the release" if key in self.figures else self.context[key].statement

    def producer(self, key: str) -> str:
        """Who published an id's number: 'the release', or the other statement's producer (its original)."""
        return "the release" if key in self.figures else self.context[key].producer

    def unit(self, key: str) -> str:
        """The unit of an id."""
        return self.figures[key]["unit"] if key in self.figures else self.context[key].unit

    def label(self, key: str) -> str:
        """How the number was printed, with its qualifier: 'more than 8,700'; a Chinese form gets
        its English value first: 'more than 2,600 (2600余)', 'more than 370,000 (37万余)'."""
        printed = self.printed(key)
        if key in self.figures and has_chinese(printed.stated):
            # The Chinese form carries its own qualifier (余, 超): no English words are put before it.
            return gloss(printed)
        if key in self.figures:
            words = {"more_than": "more than ", "about": "about "}.get(printed.qualifier, "")
            suffix = "%" if printed.percent and not prints_percent(printed.stated) else ""
            sign = "-" if printed.value < 0 else ""
            return f"{words}{sign}{printed.stated}{suffix}"
        stated = self.context[key].stated
        return gloss(printed) if has_chinese(stated) else stated

    def describe(self, key: str, rule: str = "half_up") -> str:
        """'391,000 (fraud-cases-cracked) = [390500, 391500)': printed form, id and what the form stands for."""
        return f"{self.label(key)} ({key}) = {self.reading(key, rule)}"

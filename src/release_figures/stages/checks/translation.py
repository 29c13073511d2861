"""The translation against the Chinese: one ledger row a figure worded in a report of the same press conference.

Built from the rows of ``chinese.csv`` (:mod:`release_figures.stages.chinese`).
The verdict words are those of readings: ``consistent`` where the English
says what the Chinese says on every point, ``reading_possible`` where the
English allows the Chinese reading among others, and ``reading_ruled_out``
where the Chinese rules the English out on at least one point (the number,
its qualifier, a change's direction, or a hand-curated point on unit, scope,
period, framing, omission or wording). Agreement is a finding too. Wording
found only in another statement is not the release's own and gets no row.
"""

from __future__ import annotations

from release_figures.stages.checks.rows import Context, ledger_row
from release_figures.stages.checks.verdicts import Verdict

__all__ = ["check_chinese_wording", "VERDICT_OF_RELATION"]

VERDICT_OF_RELATION = {"same": "consistent", "allows": "reading_possible", "differs": "reading_ruled_out"}


def check_chinese_wording(spec, ctx: "Context") -> list[dict]:
    """One row a figure whose Chinese wording is found in a report of the same press conference."""
    rows = []
    for chinese in ctx.chinese:
        if chinese["found"] != "same_conference":
            continue
        key = chinese["figure_id"]
        figure = ctx.inputs.figures[key]
        rows.append(ledger_row(
            spec, [key, chinese["passage_id"]], f"the Chinese: {chinese['chinese_quote']}",
            f"the English: {figure['quote']}", Verdict(VERDICT_OF_RELATION[chinese["relation"]]),
            chinese["explanation"], claim=f"The English of \u201c{figure['indicator']}\u201d says what the Chinese says",
            check_id=f"{spec.check_id}-{key}"))
    return rows

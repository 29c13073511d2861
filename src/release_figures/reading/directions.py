"""The direction of a printed change, a rise (+1) or a fall (-1), from the words that print it.

A change is printed as a size and a direction: "decreased by 17.3%",
"下降17.3%", and in English news copy of Chinese statistics "down 5.2 per
cent", "surged by 40.1 percent", "dropped by 24 percent and 20.5 percent,
respectively" or "13.8 percent lower than in the same period of 2022". The
number carries the size; the sign comes from these words, read from the
whole passage that quotes the change:

* rise words: increase, rise, rose, grew, growth, up, surged, jumped,
  climbed, soared (every form of each); 增长, 上升, 增加, 提高, 提升, 上涨, 增幅;
* fall words: decrease, drop, fell, declined, down, reduction, reduced,
  slumped, plunged, dipped, shrank, tumbled (every form of each); 下降, 减少,
  降低, 下跌, 降幅;
* a comparison after a percentage, before or after its "than": "13.8
  percent lower", "fewer", "less", "smaller" (a fall); "higher", "more",
  "greater", "larger" (a rise); and "lower by", "higher by" before one.
  A comparative counts only after a percentage, so "more than 566,000",
  a qualifier, is never read as a rise.

Words that hold "up" or "down" without saying which way a number went are
no direction words: phrasal verbs ("crack down on crimes", "set up",
"stepped up efforts") and the bound "up to".

One direction word serves a whole list: in "dropped by 24 percent and 20.5
percent, respectively", "dropped" signs both numbers. The year-on-year
wording ("year on year", "year-on-year", "on a year-on-year basis", "y-o-y",
"compared with the same period last year", "from a year earlier") names
the base period and says nothing of the direction.

A passage holding no direction word, or words of both directions, has no
direction: :func:`direction_of` gives None and :func:`direction_problem`
says which words it found and what was expected, for the error that names
the figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DirectionWord", "direction_words", "direction_of", "direction_problem", "EXPECTED_DIRECTION"]


def _forms(*stems: str) -> str:
    return "|".join(stems)


_RISE = _forms(
    "increase", "increased", "increases", "increasing", "rise", "rises", "rising", "rose", "risen",
    "grow", "grows", "growing", "grew", "grown", "growth", "up", "surge", "surged", "surges", "surging",
    "jump", "jumped", "jumps", "jumping", "climb", "climbed", "climbs", "climbing", "soar", "soared", "soars",
    "soaring",
)
_FALL = _forms(
    "decrease", "decreased", "decreases", "decreasing", "drop", "dropped", "drops", "dropping", "fall", "falls",
    "falling", "fell", "fallen", "decline", "declined", "declines", "declining", "down", "reduction", "reduced",
    "slump", "slumped", "slumps", "plunge", "plunged", "plunges", "dip", "dipped", "dips", "shrank", "shrink",
    "shrinks", "shrunk", "tumble", "tumbled", "tumbles",
)
# Comparatives, read only after a percentage ("13.8 percent lower") or before "by" ("lower by 3 percent").
_MORE = _forms("higher", "more", "greater", "larger")
_LESS = _forms("lower", "fewer", "less", "smaller")
# Chinese direction words: no spaces between words, so no word boundaries either.
_RISE_ZH = "增长|增長|上升|增加|提高|提升|上涨|上漲|增幅"
_FALL_ZH = "下降|减少|減少|降低|下跌|降幅"
# "Up" and "down" in phrases that say nothing of a number's direction, and the bound "up to".
_DOWN_PHRASES = _forms(
    "crack", "cracks", "cracked", "cracking", "clamp", "clamps", "clamped", "clamping", "shut", "shuts",
    "shutting", "break", "breaks", "broke", "broken", "breaking", "track", "tracks", "tracked", "tracking",
    "hunt", "hunts", "hunted", "hunting", "hand", "hands", "handed", "handing", "lay", "lays", "laid", "laying",
    "tear", "tears", "tore", "torn", "tearing", "write", "writes", "wrote", "written", "writing",
)
_UP_PHRASES = _forms(
    "set", "sets", "setting", "step", "steps", "stepped", "stepping", "speed", "speeds", "sped", "speeding",
    "make", "makes", "made", "making", "sum", "sums", "summed", "summing", "follow", "follows", "followed",
    "following", "keep", "keeps", "kept", "keeping", "take", "takes", "took", "taken", "taking", "open",
    "opens", "opened", "opening", "sign", "signs", "signed", "signing", "line", "lines", "lined", "lining",
    "back", "backs", "backed", "backing", "look", "looks", "looked", "looking", "team", "teams", "teamed",
    "teaming", "pick", "picks", "picked", "picking", "show", "shows", "showed", "shown", "showing", "end",
    "ends", "ended", "ending", "put", "puts", "putting", "wrap", "wraps", "wrapped", "wrapping", "clean",
    "cleans", "cleaned", "cleaning", "shore", "shores", "shored", "shoring", "build", "builds", "built",
    "building", "scale", "scales", "scaled", "scaling", "ramp", "ramps", "ramped", "ramping",
)
_PERCENTAGE = r"(?:%|％|\bper ?cent|\bpercentage points?)"

_DIRECTION_RE = re.compile(
    # Alternatives at one position are tried in order: a phrase without direction first, so that its
    # "up" or "down" is consumed and never read alone.
    rf"(?P<none>\b(?:{_DOWN_PHRASES})[\s-]+down\b|\b(?:{_UP_PHRASES})[\s-]+up\b|\bup[\s-]+to\b)"
    rf"|{_PERCENTAGE}\s+(?:(?P<more>{_MORE})|(?P<less>{_LESS}))\b"
    rf"|\b(?:(?P<more_by>higher|greater)|(?P<less_by>lower|smaller))\s+by\b"
    rf"|\b(?:(?P<rise>{_RISE})|(?P<fall>{_FALL}))\b"
    rf"|(?P<rise_zh>{_RISE_ZH})|(?P<fall_zh>{_FALL_ZH})",
    re.IGNORECASE,
)
_RISING = ("more", "more_by", "rise", "rise_zh")

EXPECTED_DIRECTION = (
    "expected the words of one direction: a rise (up, rose, increased, grew, surged, an increase of; 增长, 上升) "
    "or a fall (down, fell, dropped, declined, decreased, a decrease of; 下降, 减少) before the number, or a "
    "comparison after it (13.8 percent lower than, higher than, fewer than, more than)"
)


@dataclass(frozen=True)
class DirectionWord:
    """A direction word or comparison found in a passage: its text, offsets and sign (+1 rise, -1 fall)."""

    text: str
    start: int
    end: int
    sign: int


def direction_words(text: str) -> list[DirectionWord]:
    """Every direction word and comparison of ``text`` (module docstring), in order, with its sign."""
    found = []
    for match in _DIRECTION_RE.finditer(text):
        if match.group("none"):
            continue
        kind = match.lastgroup
        start, end = match.span(kind)
        if kind in ("more_by", "less_by"):
            end = match.end()  # "lower by": the comparison with its "by"
        found.append(DirectionWord(text[start:end], start, end, 1 if kind in _RISING else -1))
    return found


def direction_of(text: str) -> int | None:
    """+1 or -1 if ``text`` holds rise or fall words (English or Chinese) of one direction only, else None."""
    signs = {word.sign for word in direction_words(text)}
    return signs.pop() if len(signs) == 1 else None


def direction_problem(text: str) -> str | None:
    """Why ``text`` gives a change no direction (no direction word, or words of both), or None if it gives one."""
    words = direction_words(text)
    rises = [word.text for word in words if word.sign > 0]
    falls = [word.text for word in words if word.sign < 0]
    if not words:
        return f"{EXPECTED_DIRECTION}; found none"
    if rises and falls:
        return (f"{EXPECTED_DIRECTION}; found both a rise ({', '.join(map(repr, dict.fromkeys(rises)))}) and a fall "
                f"({', '.join(map(repr, dict.fromkeys(falls)))}): shorten the quote to this figure's clause")
    return None

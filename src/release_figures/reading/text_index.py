"""An index of the words of a release text: exact quote search and the nearest passage, at any length.

A register of N figures looks up N quotes in a text that grows with N, so
scanning the whole text for each quote is quadratic, and so is comparing a
missing quote with every place its opening words occur. The index records
where each word of the text starts; a quote is then looked for only where
its rarest word stands, and a missing quote's nearest passage is found by
letting its words vote for the places where it would start.

A *word* is a run of letters and digits (``police``, ``391`` and ``000`` in
``391,000``, ``３７`` in full-width digits), or one Chinese character, since
Chinese prints no spaces between words.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

from release_figures.reading.limits import MAX_HINT_WORD_OCCURRENCES

__all__ = ["TextIndex", "text_index", "words_of"]

_CJK = "\u3400-\u9fff\uf900-\ufaff"
# One Chinese character, or a run of letters and digits (\w without the underscore and without Chinese).
_WORD_RE = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
# A quote whose rarest whole word occurs more often than this is looked for by scanning the text instead.
_SCAN_ABOVE = 1000
# How many places (word occurrences) a missing quote's words may visit to vote, rarest words first.
_VOTE_BUDGET = 64
# How many of the best-voted places, at most, are compared word for word with a missing quote, and
# how many times weaker than the best a place may be and still be compared (votes only shortlist).
_CANDIDATES = 8
_WEAKER = 8
# A vote's weight is its word's length shared among the word's occurrences, in integer units (exact sums).
_UNIT = 1 << 20


def words_of(text: str) -> list[tuple[str, int]]:
    """The words of ``text`` with their start offsets, in order."""
    return [(match.group(), match.start()) for match in _WORD_RE.finditer(text)]


def _is_chinese(char: str) -> bool:
    """Whether ``char`` is a Chinese character, a word by itself (checked in Python: a second regex of these
    ranges would cost every process milliseconds to compile)."""
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _in_run(char: str) -> bool:
    """Whether ``char`` belongs to a run of letters and digits (``[^\\W_]`` is ``str.isalnum``), Chinese aside."""
    return char.isalnum() and not _is_chinese(char)


def _scan(text: str, quote: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``quote``, by scanning the whole text."""
    starts, position = [], text.find(quote)
    while position != -1:
        starts.append(position)
        position = text.find(quote, position + 1)
    return starts


def _difflib_match(passage: str, quote: str) -> tuple[float, int, str]:
    """difflib's similarity of ``passage`` to ``quote``: (ratio, characters shared, the passage cut to them)."""
    blocks = [block for block in SequenceMatcher(None, passage, quote, autojunk=False).get_matching_blocks()
              if block.size]
    shared = sum(block.size for block in blocks)
    cut = passage[blocks[0].a: blocks[-1].a + blocks[-1].size] if blocks else passage
    return 2 * shared / (len(passage) + len(quote)), shared, cut


def _in_order(pairs: set[tuple[int, int]], words: list[tuple[str, int]], middle: int) -> dict[int, int]:
    """The heaviest matching of quote words to places that keeps both in order: {word index: place}.

    ``pairs`` are (place in the text, index of the quote's word found there);
    a place stands for one word of the quote at most, and the words keep
    the quote's order (so the two "year"s of "year-on-year" are matched to
    the text's two, not both to its first). Of matchings as heavy (in
    characters), the one whose words stand nearest to where ``middle`` (the
    place's median vote) puts them wins: an earlier "the" does not pull the
    passage's start away. Quadratic, on the few votes of one place.
    """
    ordered = sorted(pairs)
    best: list[tuple[int, int]] = []  # (characters matched, minus how far out of line) of the best chain ending here
    before = [-1] * len(ordered)
    for i, (place, index) in enumerate(ordered):
        own = (len(words[index][0]), -abs(place - words[index][1] - middle))
        best.append(own)
        for j in range(i):
            if ordered[j][0] < place and ordered[j][1] < index:
                chained = (best[j][0] + own[0], best[j][1] + own[1])
                if chained > best[i]:
                    best[i], before[i] = chained, j
    i = max(range(len(ordered)), key=lambda k: (best[k], -k))
    matched = {}
    while i != -1:
        place, index = ordered[i]
        matched[index] = place
        i = before[i]
    return matched


class TextIndex:
    """Where each word of a text starts, for finding quotes and the passages nearest to missing ones."""

    def __init__(self, text: str):
        self.text = text
        self.positions: dict[str, list[int]] = {}
        for word, start in words_of(text):
            self.positions.setdefault(word, []).append(start)

    def count(self, word: str) -> int:
        """How many times ``word`` occurs in the text as a whole word."""
        return len(self.positions.get(word, ()))

    def find_all(self, quote: str) -> list[int]:
        """Start offsets of every (possibly overlapping) occurrence of ``quote``, as ``str.find`` would give them.

        A word of the quote that has a character of the quote on each side
        (or is one Chinese character) is a whole word of the text wherever
        the quote occurs, at the same distance from the quote's start. So
        the quote can only start at the places of its rarest such word, and
        each of those is checked in full. A quote without such a word (a
        single word, say) is looked for by scanning the text, as is one whose
        rarest word is so common that scanning is quicker.
        """
        anchor = self._anchor(quote)
        if anchor is None:
            return _scan(self.text, quote)
        word, offset = anchor
        places = self.positions.get(word, [])
        if len(places) > _SCAN_ABOVE:
            return _scan(self.text, quote)
        text = self.text
        return [place - offset for place in places if place >= offset and text.startswith(quote, place - offset)]

    def _anchor(self, quote: str) -> tuple[str, int] | None:
        """The quote's rarest word that is whole wherever the quote occurs, with its offset in the quote."""
        best: tuple[int, str, int] | None = None
        positions, length = self.positions, len(quote)
        for match in _WORD_RE.finditer(quote):
            start, end = match.span()
            # A run of letters or digits at an edge of the quote may go on in the text; a Chinese
            # character is a word by itself wherever it stands.
            if (start and end < length) or (end - start == 1 and _is_chinese(quote[start])):
                count = len(positions.get(match.group(), ()))
                if best is None or count < best[0]:
                    best = (count, match.group(), start)
                    if count <= 1:
                        break  # none rarer to find
        return None if best is None else (best[1], best[2])

    def nearest_passage(self, quote: str) -> str | None:
        """The passage of the text that most resembles ``quote``, or None when none shares half of it.

        Every occurrence of each word of the quote votes for the place where
        the quote would start if that word were in its place (its position
        minus its offset in the quote). The rarest words vote first, within
        a budget, so a word found everywhere ("the") costs nothing, and a
        vote weighs its word's length divided by the word's occurrences, so
        a name found once outweighs a number found in twenty places. A vote
        may be a few characters out of line (a word inserted or dropped).
        The best-voted places are compared with the quote word for word
        (the words both share, in characters, over the words of both: a
        passage with extra words resembles less), then, on a tie, character
        for character (difflib), then the earliest wins. The passage runs
        from where its first matched word puts the quote's start to where
        its last matched word puts the quote's end, never cutting a word.
        When less than half of the quote's words are shared (a long word
        misspelt: "individu#ls"), the passage sharing most characters is
        given, cut to them, if it shares half of the quote's characters.
        A quote whose rarest word occurs more than
        limits.MAX_HINT_WORD_OCCURRENCES times gets None: no passage found
        through so common a word would be a hint.
        """
        words = words_of(quote)
        positions = self.positions
        counts = [len(positions.get(word, ())) for word, _ in words]
        known = sorted((count, index) for index, count in enumerate(counts) if count)
        if known and known[0][0] > MAX_HINT_WORD_OCCURRENCES:
            return None
        votes: list[tuple[int, int, int]] = []  # (aligned quote start, word index, word's place in the text)
        budget = _VOTE_BUDGET
        for rank, (count, index) in enumerate(known):
            if rank and count > budget:
                break
            budget -= count
            word, offset = words[index]
            votes.extend((place - offset, index, place) for place in positions[word])
        if not votes:
            return None
        votes.sort()
        wanted = Counter(word for word, _ in words)
        quote_chars = sum(len(word) for word, _ in words)
        candidates = []  # (word similarity, characters of words shared, start, passage)
        for start, matched in self._best_places(votes, words, counts, max(16, len(quote) // 2)):
            passage = self._passage(quote, words, matched)
            found = Counter(_WORD_RE.findall(passage))
            shared = sum(len(word) * min(n, found[word]) for word, n in wanted.items() if word in found)
            # A ratio of small whole numbers: as a float, equal ratios are equal and unequal ones differ.
            similarity = 2 * shared / (quote_chars + sum(len(word) * n for word, n in found.items()))
            candidates.append((similarity, shared, start, passage))
        eligible = [candidate for candidate in candidates if candidate[1] * 2 >= quote_chars]
        if eligible:
            top = max(similarity for similarity, _, _, _ in eligible)
            tied = [(start, passage) for similarity, _, start, passage in eligible if similarity == top]
            if len(tied) == 1:
                return tied[0][1]
            # As alike word for word (117,000 against 107,000 and 156,000): characters decide.
            return max(tied, key=lambda entry: (_difflib_match(entry[1], quote)[0], -entry[0]))[1]
        compared = [(_difflib_match(passage, quote), -start) for _, _, start, passage in candidates]
        (_, shared, cut), _ = max(compared, key=lambda entry: (entry[0][0], entry[1]))
        return cut if shared * 2 >= len(quote) else None

    def _best_places(self, votes: list[tuple[int, int, int]], words: list[tuple[str, int]], counts: list[int],
                     shift: int):
        """The best-voted places, each as (aligned start, {word index: place}).

        A place is a window of aligned starts ``shift`` wide; its score is
        the weight of the distinct quote words voting in it. At most
        ``_CANDIDATES`` places are given, apart from each other, and only
        those scoring at least 1/``_WEAKER`` of the best.
        """
        weight = [len(word) * _UNIT // max(1, count) for (word, _), count in zip(words, counts)]
        scored = []  # (score, start, first vote, end of votes) of each window [start, start + shift]
        seen: Counter = Counter()
        score, right = 0, 0
        for left, (start, _, _) in enumerate(votes):
            while right < len(votes) and votes[right][0] <= start + shift:
                index = votes[right][1]
                if not seen[index]:
                    score += weight[index]
                seen[index] += 1
                right += 1
            scored.append((score, start, left, right))
            index = votes[left][1]
            seen[index] -= 1
            if not seen[index]:
                score -= weight[index]
        scored.sort(key=lambda entry: (-entry[0], entry[1]))
        chosen: list[int] = []
        for score, start, left, right in scored:
            if score * _WEAKER < scored[0][0] or len(chosen) == _CANDIDATES:
                return
            if any(abs(start - other) <= shift for other in chosen):
                continue  # the same place, seen from a window a little further along
            chosen.append(start)
            middle = votes[(left + right - 1) // 2][0]
            yield start, _in_order({(place, index) for _, index, place in votes[left:right]}, words, middle)

    def _passage(self, quote: str, words: list[tuple[str, int]], matched: dict[int, int]) -> str:
        """The text the matched words put in the quote's place, widened to whole words."""
        first, last = min(matched), max(matched)
        text = self.text
        begin = max(0, matched[first] - words[first][1])
        end = min(len(text), matched[last] + len(quote) - words[last][1])
        # Never cut a word of letters or digits in two: "6,000" is no hint where the text says "16,000".
        while 0 < begin < len(text) and _in_run(text[begin - 1]) and _in_run(text[begin]):
            begin -= 1
        while 0 < end < len(text) and _in_run(text[end - 1]) and _in_run(text[end]):
            end += 1
        return text[begin:end]


@lru_cache(maxsize=4)
def text_index(text: str) -> TextIndex:
    """The index of ``text``, built once for all the quotes looked up in it."""
    return TextIndex(text)

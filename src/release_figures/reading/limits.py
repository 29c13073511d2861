"""Every limit on what a release folder may hold, in one place (the README lists them).

A release folder is untrusted input. Each limit below bounds the work one
file can cause, so a hostile file is refused with one line (file, place,
what was expected) instead of exhausting memory, time or the interpreter's
stack. Every value is far above what a real release needs; the comment
beside it says how far. The checks that apply them:

* file sizes: :func:`release_figures.reading.input_files.read_input_bytes`,
  from the file's metadata before a byte is read;
* YAML depth and aliases: :mod:`release_figures.reading.strict_yaml`, on the
  parser's events, before anything is built;
* digits in a number: :mod:`release_figures.reading.numbers` and
  :mod:`release_figures.reading.number_scan`, before a digit run is converted;
* the length of a register quote: :data:`release_figures.reading.schema.Quote`;
* the search for a missing quote's nearest passage:
  :meth:`release_figures.reading.text_index.TextIndex.nearest_passage`;
* a context table's cell: the csv module (:mod:`release_figures.reading.context_figures`);
* quoted input in messages: :func:`shown`, wherever an error quotes a value.
"""

from __future__ import annotations

__all__ = ["MAX_TEXT_BYTES", "MAX_YAML_BYTES", "MAX_CSV_BYTES", "MAX_YAML_DEPTH", "MAX_YAML_ALIASES",
           "MAX_NUMBER_DIGITS", "MAX_QUOTE_CHARS", "MAX_HINT_WORD_OCCURRENCES", "MAX_CSV_CELL_CHARS",
           "MAX_QUOTED_CHARS", "MAX_QUOTED_PASSAGE_CHARS", "MAX_MESSAGE_CHARS", "MEGABYTE", "size_limit_for", "size_words", "shown",
           "clipped"]

MEGABYTE = 1_000_000

# The release text (files.text). This release's text is 16 KB, the 16,000-figure text that
# benchmarks/generated_release.py writes is 1.4 MB; 5 MB is 300 times the first and well above the second.
# The figures stage on a text of this size takes seconds, and the text is held a few times over in memory.
MAX_TEXT_BYTES = 5 * MEGABYTE

# A YAML file (release.yaml, the register, comparisons.yaml, checks.yaml). This release's register is
# 22 KB; the 16,000-figure generated register of the scale benchmarks is 3.9 MB and must stay readable.
# At 5 MB the parse takes about a second and some hundred megabytes, whatever the file holds
# (aliases and deep nesting are refused before they cost anything).
MAX_YAML_BYTES = 5 * MEGABYTE

# A context table (files.context*, CSV). This release's are 16 KB and 2 KB (about 50 rows together);
# 2 MB is room for about 10,000 rows, far more figures from other statements than a release cites.
MAX_CSV_BYTES = 2 * MEGABYTE

# Nesting of mappings and lists in a YAML file. The deepest a release file needs is 5 (checks.yaml:
# the file, its list of checks, a check, its blocks, a block). Deeper nesting only serves to exhaust
# the parser's stack (10,000 nested '[' crashed it); 20 leaves room for any honest layout.
MAX_YAML_DEPTH = 20

# Anchors (&name) and aliases (*name) in a YAML file. No release file needs them, and a few lines of
# nested aliases expand into billions of values ("billion laughs"), so the first one is refused.
MAX_YAML_ALIASES = 0

# Digits (before and after a decimal point) in one printed number: in the text, a quote, a context
# table's value or stated form. The largest figure a release prints has 12 (3265亿 = 326,500,000,000);
# 30 digits is a number beyond any count or amount. Longer runs are refused before they are converted
# (Python refuses to convert more than 4,300 digits to an integer, with a traceback).
MAX_NUMBER_DIGITS = 30

# Characters of a register quote (a figure's, an exclusion's or a claim's). The longest this release's
# register has is 107; a quote is a short passage, not a paragraph. Finding a missing quote's nearest
# passage compares it character for character with candidates (time growing with the square of its
# length: a quote of a megabyte took over ten minutes), so a longer quote is refused by name.
MAX_QUOTE_CHARS = 1_000

# A missing quote is named with the passage of the text nearest to it, found through the places of its
# rarest word. When even that word occurs more often than this, no passage is sought: one found through
# so common a word is no hint, and the search costs time in proportion to the text (a second a quote on a
# text made of one word, hours for a register of such quotes).
MAX_HINT_WORD_OCCURRENCES = 1_000

# Characters of one cell of a context table (a quote or a note is a few hundred). The csv module's default
# limit, set explicitly while a context table is parsed: the module's setting is process-wide, and another
# library may raise it, so the refusal would otherwise depend on what else the process imported.
MAX_CSV_CELL_CHARS = 131_072

# Characters of an input value an error message quotes; the rest is counted, not shown, so a message
# stays one readable line however long the value (a 100,000-digit number, a megabyte of key).
MAX_QUOTED_CHARS = 80
# The same for a quote and the passage of the text nearest to it, which a reader compares word for word
# (a register quote has at most MAX_QUOTE_CHARS), and for what the YAML parser says of a syntax error.
MAX_QUOTED_PASSAGE_CHARS = 300

# Characters of one line of an error on the command line: a last guard, so no message can echo a file.
MAX_MESSAGE_CHARS = 2_000


def size_limit_for(name: str) -> int:
    """The size limit of a release folder's file by its name: YAML, CSV, or (anything else) the text's."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {"yaml": MAX_YAML_BYTES, "yml": MAX_YAML_BYTES, "csv": MAX_CSV_BYTES}.get(suffix, MAX_TEXT_BYTES)


def size_words(size: int) -> str:
    """A byte count for a message: ``5 MB`` for a round megabyte count, else the bytes with thousands commas."""
    if size >= MEGABYTE and size % MEGABYTE == 0:
        return f"{size // MEGABYTE} MB"
    return f"{size:,} bytes"


def shown(value: object, limit: int = MAX_QUOTED_CHARS) -> str:
    """``repr(value)`` for an error message, cut to ``limit`` characters of the value with the rest counted.

    >>> shown("391,000")
    "'391,000'"
    >>> shown("9" * 100_000, 10)
    "'9999999999'... (99,990 more characters)"
    """
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}... ({len(value) - limit:,} more characters)"
    text = repr(value)
    if len(text) > limit + 2:
        return f"{text[:limit]}... ({len(text) - limit:,} more characters)"
    return text


def clipped(text: str, limit: int = MAX_QUOTED_CHARS) -> str:
    """``text`` itself (no quotes added) cut to ``limit`` characters, the rest counted: for names and messages."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text) - limit:,} more characters)"

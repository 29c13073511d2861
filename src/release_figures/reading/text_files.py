"""Text files of a release folder: strict UTF-8, no control or format characters but line ends and tab.

Every file a release folder holds is read as text through here (the
release text, the context tables, the YAML files): bytes that are not
UTF-8, control characters other than LF, CR (alone or as CRLF) and tab,
and format characters are refused with the file, the line and the
column. A NUL byte or a stray escape code is never a figure's business,
and some of them are invisible in an editor.

Format characters (Unicode category Cf) make text display one thing and
encode another: a zero-width space or a soft hyphen inside ``391,000``
is invisible, and a right-to-left override prints ``391,000`` with its
digits in another order. They are refused, never removed: a rule that
removed them would have to be applied identically to the text, every
quote and every context value, and a quote would then match bytes that
differ from the ones printed. A byte-order mark is allowed only as a
file's first character (it is dropped there); anywhere else it is a
format character like the others. The line and paragraph separators
U+2028 and U+2029 are refused too: some editors break the line there and
others do not, so the line numbers of a message would disagree.
"""

from __future__ import annotations

import re
from pathlib import Path

from release_figures.errors import ReleaseError, SourceTextError
from release_figures.reading.input_files import read_input_bytes
from release_figures.reading.limits import MAX_TEXT_BYTES

__all__ = ["decode_utf8", "control_character_problems", "refuse_control_characters", "read_text_file",
           "FORMAT_CHARACTERS"]

ALLOWED_CONTROLS = frozenset("\n\r\t")
# At most this many control characters are listed one a line; the rest are counted.
LISTED = 5


def decode_utf8(raw: bytes, source: str | Path, error: type[ReleaseError] = SourceTextError) -> str:
    """Strict UTF-8 (a leading byte-order mark dropped); bad bytes raise ``error`` naming the byte and its line."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as problem:
        line = raw.count(b"\n", 0, problem.start) + 1
        context = raw[max(0, problem.start - 20): problem.start + 20].decode("utf-8", "backslashreplace")
        raise error(
            f"{source}: not valid UTF-8 at byte {problem.start}, line {line} "
            f"(byte {raw[problem.start:problem.start + 1]!r} in {context!r}); expected UTF-8 text. "
            "Re-save the file as UTF-8, or fetch it again"
        ) from None


# Unicode's control characters (category Cc) are exactly U+0000-001F and U+007F-009F; tab, LF and CR are
# allowed. One regular expression over the text, instead of a category lookup a character (seconds on long texts).
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Unicode's format characters (category Cf), as of Unicode 15.1 (Python 3.13; 3.11 and 3.12 know a subset):
# written out because Python's re has no category classes, and a scan of the Unicode database at import
# would cost every command a tenth of a second. tests/test_hostile_text.py checks that every Cf character
# of the running Python's database is here. Then the line and paragraph separators (Zl, Zp).
FORMAT_CHARACTERS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_SEPARATORS = "\u2028\u2029"
_CONTROL_RE = re.compile(f"[{_CONTROLS}{FORMAT_CHARACTERS}{_SEPARATORS}]")
_FORMAT_RE = re.compile(f"[{FORMAT_CHARACTERS}]")
_NAMES = {
    "\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL", "\x0b": "vertical tab", "\x0c": "form feed", "\x08": "backspace",
    "\u00ad": "soft hyphen", "\u200b": "zero-width space", "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner", "\u200e": "left-to-right mark", "\u200f": "right-to-left mark",
    "\u202a": "left-to-right embedding", "\u202b": "right-to-left embedding", "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override", "\u202e": "right-to-left override", "\u2060": "word joiner",
    "\u2066": "left-to-right isolate", "\u2067": "right-to-left isolate", "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate", "\ufeff": "byte-order mark inside the file",
    "\u2028": "line separator", "\u2029": "paragraph separator",
}


def _name(character: str) -> str:
    return f"U+{ord(character):04X}" + (f" ({_NAMES[character]})" if character in _NAMES else "")


def _what(character: str) -> str:
    """The class of a refused character, and what was expected instead."""
    if _FORMAT_RE.match(character):
        return (f"invisible format character {_name(character)}; expected text without format characters "
                "(zero-width, bidirectional or byte-order marks make the text display otherwise than it reads)")
    if character in _SEPARATORS:
        return f"{_name(character)}; expected line ends LF, CR or CRLF"
    return (f"control character {_name(character)}; "
            "expected text with no control characters other than line ends (LF, CR, CRLF) and tab")


def control_character_problems(text: str, source: str | Path) -> list[str]:
    """One line a control or format character (see the module) in ``text``: file, line, column (both from 1)."""
    problems = []
    found = []
    for match in _CONTROL_RE.finditer(text):
        if len(found) == LISTED:
            break
        found.append(match.start())
    for index in found:
        before = text[:index].replace("\r\n", "\n").replace("\r", "\n")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        problems.append(f"{source}, line {line}, column {column}: {_what(text[index])}")
    if len(found) == LISTED:
        # Counted by removing them all (one pass in C), not by a match object each: a file may hold millions.
        more = len(text) - len(_CONTROL_RE.sub("", text)) - LISTED
        if more:
            problems.append(f"{source}: {more:,} more control or format characters after these")
    return problems


def refuse_control_characters(text: str, source: str | Path, error: type[ReleaseError] = SourceTextError) -> None:
    """Raise ``error`` listing the control characters of ``text`` (see :func:`control_character_problems`)."""
    problems = control_character_problems(text, source)
    if len(problems) == 1:
        raise error(problems[0])
    if problems:
        raise error(f"{source}: {len(problems)} control or format characters:\n  - " + "\n  - ".join(problems))


def read_text_file(path: str | Path, error: type[ReleaseError] = ReleaseError, limit: int = MAX_TEXT_BYTES) -> str:
    """A text file of a release folder: a regular file of at most ``limit`` bytes (checked before reading),
    strict UTF-8, no control or format characters (line ends kept as they are)."""
    path = Path(path)
    raw = read_input_bytes(path, limit, error)
    text = decode_utf8(raw, path, error)
    refuse_control_characters(text, path, error)
    return text

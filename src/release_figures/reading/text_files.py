"""Text files of a release folder: strict UTF-8, no control characters but line ends and tab.

Every file a release folder holds is read as text through here (the
release text, the context tables, the YAML files): bytes that are not
UTF-8, and control characters other than LF, CR (alone or as CRLF) and
tab, are refused with the file, the line and the column. A NUL byte or a
stray escape code is never a figure's business, and some of them are
invisible in an editor.
"""

from __future__ import annotations

import re
from pathlib import Path

from release_figures.errors import ReleaseError, SourceTextError
from release_figures.reading.input_files import read_input_bytes
from release_figures.reading.limits import MAX_TEXT_BYTES

__all__ = ["decode_utf8", "control_character_problems", "refuse_control_characters", "read_text_file"]

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
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _name(character: str) -> str:
    names = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL", "\x0b": "vertical tab", "\x0c": "form feed", "\x08": "backspace"}
    return f"U+{ord(character):04X}" + (f" ({names[character]})" if character in names else "")


def control_character_problems(text: str, source: str | Path) -> list[str]:
    """One line a control character (other than LF, CR, tab) in ``text``: file, line, column (both from 1)."""
    problems = []
    found = [match.start() for match in _CONTROL_RE.finditer(text)]
    for index in found[:LISTED]:
        before = text[:index].replace("\r\n", "\n").replace("\r", "\n")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        problems.append(f"{source}, line {line}, column {column}: control character {_name(text[index])}; "
                        "expected text with no control characters other than line ends (LF, CR, CRLF) and tab")
    if len(found) > LISTED:
        problems.append(f"{source}: {len(found) - LISTED} more control characters after these")
    return problems


def refuse_control_characters(text: str, source: str | Path, error: type[ReleaseError] = SourceTextError) -> None:
    """Raise ``error`` listing the control characters of ``text`` (see :func:`control_character_problems`)."""
    problems = control_character_problems(text, source)
    if len(problems) == 1:
        raise error(problems[0])
    if problems:
        raise error(f"{source}: {len(problems)} control characters:\n  - " + "\n  - ".join(problems))


def read_text_file(path: str | Path, error: type[ReleaseError] = ReleaseError, limit: int = MAX_TEXT_BYTES) -> str:
    """A text file of a release folder: a regular file of at most ``limit`` bytes (checked before reading),
    strict UTF-8, no control or format characters (line ends kept as they are)."""
    path = Path(path)
    raw = read_input_bytes(path, limit, error)
    text = decode_utf8(raw, path, error)
    refuse_control_characters(text, path, error)
    return text

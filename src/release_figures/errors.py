"""The errors this package raises, so callers (and tests) can tell them apart.

Every message names the file, the figure (or line) and what was expected.
"""

from __future__ import annotations


class ReleaseError(ValueError):
    """Base class: something in a release folder is not as expected."""


class SourceTextError(ReleaseError):
    """The release text cannot be read as text (encoding, empty file)."""


class ChecksumMismatchError(ReleaseError):
    """A raw file's SHA-256 differs from its provenance record."""


class RegisterError(ReleaseError):
    """A register entry is malformed: missing or unknown field, bad value, duplicate id."""


class QuoteNotFoundError(RegisterError):
    """A register quote does not occur in the release text."""


class QuoteCountError(RegisterError):
    """A register quote occurs a different number of times than the register says."""


class QuoteOrderError(RegisterError):
    """Register quotes no longer appear in the order of the text (paragraphs moved)."""


class FigureParseError(RegisterError):
    """The number inside a figure's quote cannot be read as the register says."""


class UnexplainedNumberError(ReleaseError):
    """A numeric token in the text is neither a figure nor an explained exclusion."""


class ContextDataError(ReleaseError):
    """A row of the context-figures table is malformed or contradicts its own quote."""


class VersionsError(ReleaseError):
    """A kept version's tables or the changelog are missing or malformed."""


def raise_collected(problems: list[ReleaseError], summary: str) -> None:
    """Raise the collected errors as one: the error itself if there is one, else all of them listed.

    The combined error has the first error's class, so callers and tests
    can still tell what kind of problem it is; ``summary`` begins the
    message (e.g. "3 figures of register.yaml cannot be read from text.txt").
    """
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise type(problems[0])(summary + ":\n  - " + "\n  - ".join(str(problem) for problem in problems))

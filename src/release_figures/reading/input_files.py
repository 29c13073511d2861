"""Which files of a release folder are read at all: regular files within their size limit.

Every byte the package reads from a release folder (the text, the YAML
files, the context tables, a raw file whose checksum is computed) comes
through :func:`read_input_bytes` or :func:`sha256_of_input`. Before a byte
is read, the file's metadata must show a regular file no larger than its
limit (:mod:`release_figures.reading.limits`): a named pipe would block the
read for ever, a device such as ``/dev/zero`` never ends, and a huge file
exhausts memory. The refusal names the file, what it is and what was
expected.

The file is opened without blocking (``O_NONBLOCK``: a pipe swapped in
after the check cannot hang the open), checked again through the open
descriptor (the same file as the one checked, still regular), and read
no further than its limit, so a file that grows meanwhile is refused too.
The standard library has the pieces (``os.stat``, ``os.open``); no library
wraps them this way, so the few lines are written here.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from release_figures.errors import ReleaseError
from release_figures.reading.limits import size_words

__all__ = ["read_input_bytes", "sha256_of_input", "input_file_problem", "file_kind"]

# Read in pieces of this size, so hashing a file holds at most one piece in memory.
_CHUNK = 1 << 20


def file_kind(mode: int) -> str:
    """What a file is, in words, from its ``st_mode``: 'a named pipe', 'a character device', ..."""
    for test, words in ((stat.S_ISREG, "a regular file"), (stat.S_ISDIR, "a folder"),
                        (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                        (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return words
    return "not a regular file"


def input_file_problem(path: str | Path, limit: int) -> str | None:
    """Why ``path`` may not be read (one line: file, what it is, what was expected), or None; reads no byte.

    A symbolic link is followed (a link inside the folder to a file inside
    it is allowed; where a link leads is checked by the release record).
    """
    try:
        info = os.stat(path)
    except OSError as problem:
        return f"{path}: cannot be read ({problem.strerror or problem}); expected a readable file"
    return _metadata_problem(path, info, limit)


def _metadata_problem(path: str | Path, info: os.stat_result, limit: int) -> str | None:
    if not stat.S_ISREG(info.st_mode):
        return f"{path}: {file_kind(info.st_mode)}, not a regular file; expected a regular file (nothing else is read)"
    if info.st_size > limit:
        return (f"{path}: {info.st_size:,} bytes, over the limit of {size_words(limit)} for this file; "
                "expected a smaller file (see the README's limits)")
    return None


def _open_checked(path: str | Path, limit: int, error: type[ReleaseError]) -> int:
    """A read-only descriptor of ``path``, refused (``error``) unless it is a regular file within ``limit``."""
    problem = input_file_problem(path, limit)
    if problem:
        raise error(problem)
    before = os.stat(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as failure:
        raise error(f"{path}: cannot be read ({failure.strerror or failure}); expected a readable file") from None
    info = os.fstat(descriptor)
    problem = _metadata_problem(path, info, limit)
    if problem is None and (info.st_dev, info.st_ino) != (before.st_dev, before.st_ino):
        problem = f"{path}: replaced while it was being opened; expected a file that stays as it is"
    if problem:
        os.close(descriptor)
        raise error(problem)
    return descriptor


def _pieces(descriptor: int, path: str | Path, limit: int, error: type[ReleaseError]):
    """The file's bytes in pieces, refused (``error``) as soon as more than ``limit`` bytes were read."""
    read = 0
    while True:
        piece = os.read(descriptor, _CHUNK)
        if not piece:
            return
        read += len(piece)
        if read > limit:
            raise error(f"{path}: grew beyond the limit of {size_words(limit)} while it was read; "
                        "expected a file that stays as it is")
        yield piece


def read_input_bytes(path: str | Path, limit: int, error: type[ReleaseError] = ReleaseError) -> bytes:
    """The bytes of a release folder's file: a regular file of at most ``limit`` bytes, else ``error``."""
    descriptor = _open_checked(path, limit, error)
    try:
        return b"".join(_pieces(descriptor, path, limit, error))
    finally:
        os.close(descriptor)


def sha256_of_input(path: str | Path, limit: int, error: type[ReleaseError] = ReleaseError) -> str:
    """Hex SHA-256 of a release folder's file, under the same rules as :func:`read_input_bytes`, a piece at a time."""
    descriptor = _open_checked(path, limit, error)
    digest = hashlib.sha256()
    try:
        for piece in _pieces(descriptor, path, limit, error):
            digest.update(piece)
    finally:
        os.close(descriptor)
    return digest.hexdigest()

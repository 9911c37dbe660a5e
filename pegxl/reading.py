"""How pegxl opens a file it reads: only a regular file, never more of it than it will use.

A path named on the command line may be anything the file system holds: a folder, a named pipe
(opening one for reading waits, forever, for a writer), a device (``/dev/zero`` never ends), a
socket, a sparse file of gigabytes. :func:`open_input` opens without waiting and refuses all but
a regular file at once (:class:`NotRegularFile`, :class:`IsADirectoryError`);
:func:`read_at_most` reads a bounded prefix, so a limit is applied while reading, never after
reading everything.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from io import BufferedReader
from pathlib import Path

__all__ = [
    "DanglingLink",
    "NotRegularFile",
    "file_size",
    "open_input",
    "read_at_most",
    "regular_file_problem",
]


class NotRegularFile(OSError):
    """The path is a named pipe, a device or a socket: nothing pegxl reads."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(errno.EINVAL, "not a regular file", str(path))


class DanglingLink(FileNotFoundError):
    """The path is a symbolic link to nothing; ``target`` is what it names."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(errno.ENOENT, "a link to nothing", str(path))
        try:
            self.target = os.readlink(path)
        except OSError:
            self.target = "?"


#: open without waiting for a writer (a named pipe), where the system has the flag
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def open_input(path: str | os.PathLike[str]) -> BufferedReader:
    """``path`` opened for reading in binary; raises :class:`IsADirectoryError` for a folder,
    :class:`NotRegularFile` for anything else that is not a regular file, at once, and
    :class:`DanglingLink` for a link to nothing."""
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        if os.path.islink(path):  # the link is there, what it names is not
            raise DanglingLink(path) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path)
        if _NONBLOCK:
            with contextlib.suppress(OSError, AttributeError):
                os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def file_size(path: str | os.PathLike[str]) -> int:
    """The size of the file at ``path`` (following links; :class:`DanglingLink` for a link to
    nothing)."""
    try:
        return os.stat(path).st_size
    except FileNotFoundError:
        if os.path.islink(path):
            raise DanglingLink(path) from None
        raise


def read_at_most(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path`` (one more than the limit, so a
    caller knows the file is larger than it allows without reading the rest)."""
    with open_input(path) as fh:
        return fh.read(limit + 1)


def regular_file_problem(path: str | os.PathLike[str]) -> OSError | None:
    """Why ``path`` cannot be read as a file (not there, a folder, a pipe or a device), without
    opening it; ``None`` for a regular file (or a link to one)."""
    try:
        mode = os.stat(Path(path)).st_mode
    except OSError as e:
        return e
    if stat.S_ISDIR(mode):
        return IsADirectoryError(errno.EISDIR, "is a folder", str(path))
    if not stat.S_ISREG(mode):
        return NotRegularFile(path)
    return None

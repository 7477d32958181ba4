"""Read a post file's bytes: the one way reader opens a post, safe with FIFOs and devices.

Loading a library, reading a post again for search and anything else that needs a post's
bytes go through ``read_post_file``: only regular files are opened, never to write, never
waiting (a FIFO named ``post.md`` would block), and never more than ``MAX_FILE_BYTES``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from stat import S_ISREG

MAX_FILE_BYTES = 10 * 1024 * 1024
_READ_SIZE = 64 * 1024
_NO_WAIT = getattr(os, "O_NONBLOCK", 0)  # not on Windows, which has no FIFOs to fear


@dataclass(frozen=True)
class PostFile:
    """The bytes of a post file, with its size and modification time as stat() saw them."""

    data: bytes
    size: int
    modified: datetime


class UnreadablePostError(Exception):
    """A post file that was not read, and why (a line a person can read)."""

    def __init__(self, problem: str, size: int = 0, modified: datetime | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.size = size
        self.modified = modified


def read_post_file(path: Path) -> PostFile:
    """The bytes of the post file at ``path``; raises ``UnreadablePostError`` saying why not.

    A FIFO would block and ``/dev/zero`` never ends (a symlink named ``post.md`` can be
    either), and a device may act when opened: only regular files are opened, and
    without waiting, should one have become a FIFO since it was looked at.
    """
    try:
        stat = os.stat(path)
    except OSError as error:
        raise UnreadablePostError(f"cannot read: {error.strerror}") from error
    modified = datetime.fromtimestamp(stat.st_mtime, UTC)
    if not S_ISREG(stat.st_mode):
        raise UnreadablePostError("not a regular file; not read", modified=modified)
    if stat.st_size > MAX_FILE_BYTES:
        size_mb = stat.st_size / 1024 / 1024
        problem = f"file is {size_mb:.1f} MB, over the 10 MB limit; not read"
        raise UnreadablePostError(problem, stat.st_size, modified)
    try:
        descriptor = os.open(path, os.O_RDONLY | _NO_WAIT)
        try:
            data = _read_at_most(descriptor, stat.st_size, MAX_FILE_BYTES + 1)
        finally:
            os.close(descriptor)
    except OSError as error:
        problem = f"cannot read: {error.strerror}"
        raise UnreadablePostError(problem, stat.st_size, modified) from error
    if len(data) > MAX_FILE_BYTES:
        problem = "file grew over the 10 MB limit while being read; not read"
        raise UnreadablePostError(problem, len(data), modified)
    return PostFile(data, stat.st_size, modified)


def _read_at_most(descriptor: int, expected: int, limit: int) -> bytes:
    """Up to ``limit`` bytes of the open regular file, which stat() saw ``expected`` bytes long.

    It may have grown since. Read in as many system calls as needed, without a Python
    file object, which takes twice as long for a small post.
    """
    parts = [os.read(descriptor, min(expected + 1, limit))]
    total = len(parts[0])
    # A regular file gives less than asked for only at its end.
    while len(parts[-1]) > expected and total < limit:
        parts.append(os.read(descriptor, min(limit - total, _READ_SIZE)))
        total += len(parts[-1])
        expected = 0  # each read allocates its size: ask for a chunk at a time
    return b"".join(parts)

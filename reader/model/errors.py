"""The one kind of error reader reports in a line, whichever part of it raised it."""

from __future__ import annotations


class ReaderError(Exception):
    """A problem to tell the reader in one line (a missing folder, a broken config file)."""


class StateError(ReaderError):
    """Reading state that cannot be read or written, or an export that is not one."""

"""What reader's SQLite files (the index cache and the reading state) share."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

LOCKED_RETRY_SECONDS = 5.0

T = TypeVar("T")


def retry_while_locked(open_database: Callable[[], T]) -> T:
    """Call ``open_database`` again while another process holds the file for a moment.

    Setting up a database (its journal mode, its tables) while another process does the
    same can fail at once with "database is locked": SQLite does not always wait then.
    """
    deadline = time.monotonic() + LOCKED_RETRY_SECONDS
    while True:
        try:
            return open_database()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
